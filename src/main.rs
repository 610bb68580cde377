fn main() {
    std::process::exit(chartroom::cli::run());
}
