//! `uniffi-bindgen`, built from the workspace so it always matches the library.
fn main() {
    uniffi::uniffi_bindgen_main()
}
