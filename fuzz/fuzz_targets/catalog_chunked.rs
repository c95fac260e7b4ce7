//! `CatalogLoader::push` with fuzzer-chosen chunk boundaries: loading in
//! chunks gives exactly what loading the whole document gives (the same
//! catalog, or the same error code at the same location).
//!
//! Input: one byte `n`, then `n % 16` chunk-size bytes (each size is
//! `byte + 1`, cycled), then the document.
#![no_main]

use govshare_core::catalog::{Catalog, CatalogLoader, LoadOptions};
use govshare_fuzz::assert_same_catalog;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&n, rest)) = data.split_first() else { return };
    let n = usize::from(n % 16).min(rest.len());
    let (sizes, doc) = rest.split_at(n);
    let sizes: Vec<usize> = if sizes.is_empty() {
        vec![doc.len().max(1)]
    } else {
        sizes.iter().map(|&s| usize::from(s) + 1).collect()
    };

    let whole = Catalog::from_json(doc);
    let mut loader = CatalogLoader::new(LoadOptions::default(), doc.len() as u64);
    let mut at = 0;
    let mut chunked = Ok(());
    let mut last_read = 0;
    for size in sizes.iter().cycle() {
        if at >= doc.len() {
            break;
        }
        let end = (at + size).min(doc.len());
        match loader.push(&doc[at..end]) {
            Ok(p) => {
                assert!(p.bytes_read >= last_read, "progress never goes back");
                assert!(p.bytes_read <= end as u64, "progress counts only pushed bytes");
                last_read = p.bytes_read;
            }
            Err(e) => {
                chunked = Err(e);
                break;
            }
        }
        at = end;
    }
    let chunked = chunked.and_then(|_| loader.finish());
    match (whole, chunked) {
        (Ok(a), Ok(b)) => assert_same_catalog(&a, &b, "chunked vs whole"),
        // A whole document is checked for UTF-8 first; a chunked one reports
        // whichever error comes first in the document.
        (Err(a), Err(_)) if a.code() == "not_utf8" => {}
        (Err(a), Err(b)) => {
            assert_eq!(a.code(), b.code(), "same error");
            assert_eq!(a.location(), b.location(), "same error location");
        }
        (a, b) => panic!("whole {:?} vs chunked {:?}", a.map(|c| c.len()), b.map(|c| c.len())),
    }
});
