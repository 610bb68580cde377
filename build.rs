//! Link settings of the `chartroom` executable.
//!
//! On Linux the executable is linked position-dependent: a position-independent one makes
//! the dynamic loader patch some 30,000 pointers (vtables, function tables, string tables)
//! at every start, each patched page a private copy, which cost more than a small chart's
//! whole render. Only the binaries are affected; the library and tests link as usual.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
