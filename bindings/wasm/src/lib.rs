//! WebAssembly bindings: converts types and errors, nothing else.
#![forbid(unsafe_code)]
