//! The `govshare` command line: argument handling only; all logic is in core.
#![forbid(unsafe_code)]
fn main() {
    println!("govshare {}", govshare_core::VERSION);
}
