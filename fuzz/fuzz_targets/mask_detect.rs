//! `mask::detect_identifiers`: arbitrary text never panics; every detection
//! is an in-order, non-overlapping, in-bounds span on character boundaries
//! whose character offsets agree with its byte offsets, and whose excerpt
//! never repeats a long identifier in full.
#![no_main]

use govshare_core::mask::detect_identifiers;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let found = detect_identifiers(&text);
    let mut prev_end = 0u64;
    for d in &found {
        assert!(d.start < d.end && d.end as usize <= text.len(), "span in bounds");
        assert!(d.start >= prev_end, "in order, not overlapping");
        prev_end = d.end;
        let (s, e) = (d.start as usize, d.end as usize);
        assert!(text.is_char_boundary(s) && text.is_char_boundary(e), "char boundaries");
        assert_eq!(d.char_start, text[..s].chars().count() as u64);
        assert_eq!(d.char_end, text[..e].chars().count() as u64);
        let matched = &text[s..e];
        let significant = matched.chars().filter(|c| c.is_alphanumeric()).count();
        if significant >= 6 {
            assert_ne!(d.excerpt, matched, "excerpt repeats the identifier");
        }
        assert!(!d.kind.is_empty() && !d.reason.is_empty());
    }
    // Detection does not depend on what follows a blank line after the text.
    let mut extended = text.to_string();
    extended.push_str("\n\n");
    assert_eq!(detect_identifiers(&extended), found, "trailing blank lines change nothing");
});
