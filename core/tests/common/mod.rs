//! Shared by the vector test crates (each `tests/*.rs` is its own crate, so
//! they include this module with `mod common;`).

/// Runs `run_file` on every `.json` vector file of `tests/vectors/<folder>`
/// — a glob, so a new file cannot be left out; the manifest test checks the
/// folder against MANIFEST.json — and returns how many cases ran.
pub fn run_every_file(folder: &str, run_file: impl Fn(&str) -> usize) -> usize {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors").join(folder);
    let mut ran = 0;
    for entry in std::fs::read_dir(dir).expect("dir") {
        let name = entry.expect("entry").file_name().to_string_lossy().into_owned();
        if name.ends_with(".json") && !name.starts_with('_') {
            ran += run_file(&name);
        }
    }
    ran
}
