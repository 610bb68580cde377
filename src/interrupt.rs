//! Temporary trees removed when the process is interrupted.
//!
//! `render --output-dir` and `baseline` build their result in a staging directory beside the
//! target and swap it into place. A Ctrl-C or a CI job's SIGTERM in the middle must not leave
//! the staging tree behind, so writers [`register`] it for the time it exists, and
//! [`install`] (called first thing by the binary) sets up a thread that waits for SIGINT,
//! SIGTERM or SIGHUP, removes whatever is registered, and ends the process as the signal
//! would have. The signals are blocked in every thread and taken with `sigwait`, so no work
//! runs in a signal handler; child processes start with an empty mask (Rust's `Command`
//! resets it). Trees of runs killed outright (SIGKILL) are removed by the next run on the
//! same target.

use std::path::PathBuf;
use std::sync::Mutex;

static REGISTERED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Keeps `path` registered for removal on interruption until dropped.
#[must_use = "the path is unregistered when the guard is dropped"]
pub struct Registration {
    path: PathBuf,
}

/// Registers a staging path (file or directory) to be removed if the process is interrupted.
pub fn register(path: impl Into<PathBuf>) -> Registration {
    let path = path.into();
    if let Ok(mut registered) = REGISTERED.lock() {
        registered.push(path.clone());
    }
    Registration { path }
}

impl Drop for Registration {
    fn drop(&mut self) {
        if let Ok(mut registered) = REGISTERED.lock() {
            if let Some(index) = registered.iter().rposition(|path| *path == self.path) {
                registered.remove(index);
            }
        }
    }
}

/// Blocks the termination signals in this thread (and so in every thread it starts) and starts
/// the thread that takes them. Call before any other thread exists.
#[cfg(unix)]
pub fn install() {
    // SAFETY: plain libc calls on a signal set owned by this frame.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
            libc::sigaddset(&mut set, signal);
        }
        if libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut()) != 0 {
            return;
        }
        let watcher = std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                let mut signal = 0;
                if libc::sigwait(&set, &mut signal) == 0 {
                    remove_registered();
                    // End as the signal would have: default disposition, unblocked, raised.
                    libc::signal(signal, libc::SIG_DFL);
                    libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
                    libc::raise(signal);
                    std::process::exit(128 + signal);
                }
            });
        if watcher.is_err() {
            libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
        }
    }
}

#[cfg(not(unix))]
pub fn install() {}

fn remove_registered() {
    let paths = match REGISTERED.lock() {
        Ok(registered) => registered.clone(),
        Err(poisoned) => poisoned.into_inner().clone(),
    };
    for path in paths {
        if path.is_dir() {
            let _ = std::fs::remove_dir_all(&path);
        } else {
            let _ = std::fs::remove_file(&path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registrations_end_with_their_guard() {
        let path = std::env::temp_dir().join("chartroom-interrupt-guard-test");
        {
            let _guard = register(&path);
            assert!(REGISTERED.lock().unwrap().contains(&path));
        }
        assert!(!REGISTERED.lock().unwrap().contains(&path));
    }
}
