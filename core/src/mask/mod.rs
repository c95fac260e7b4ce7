//! Masking rules: apply them, and verify on the client that received data is
//! masked as its grade and declared rule demand, with no identifier leaking.
