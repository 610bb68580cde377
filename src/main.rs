fn main() {
    eprintln!("chartroom: no commands yet");
    std::process::exit(2);
}
