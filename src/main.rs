//! The `chartroom` binary: the command line on a thread with a large stack.
//!
//! Go grows goroutine stacks up to 1 GiB, so Helm accepts inputs nested far deeper than a
//! default 8 MiB Rust stack allows (`--set a[0][0]...`, deeply nested values). The command
//! runs on a thread whose stack is reserved (not committed) at the same size; the modules
//! still bound recursion on user data explicitly.

/// Rendering makes and frees many small strings, maps and template nodes; mimalloc's
/// thread-local free lists serve them far faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The stack reserved for the command line thread.
const STACK_SIZE: usize = 1 << 30;

fn main() {
    // Rust ignores SIGPIPE, so a closed pipe (`chartroom list | head`) would surface as a
    // write error or panic in every print; Unix tools end quietly instead.
    // SAFETY: called before any other thread exists; SIG_DFL is a valid disposition.
    #[cfg(unix)]
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    // Staging trees of --output-dir and baselines are removed on Ctrl-C or SIGTERM.
    chartroom::interrupt::install();
    let worker = std::thread::Builder::new()
        .name("chartroom".into())
        .stack_size(STACK_SIZE)
        .spawn(chartroom::cli::run);
    let status = match worker {
        Ok(handle) => handle.join().unwrap_or(101),
        Err(_) => chartroom::cli::run(),
    };
    std::process::exit(status);
}
