//! The normalizing detector (issue #11). Two properties on arbitrary input:
//! 1. Format characters change nothing: the text with one of them put after
//!    every character has the same detections (kinds, reasons, in order).
//! 2. A valid identifier built from the input and disguised by it — format
//!    characters, 1–3 separators, digits of other scripts between and in
//!    its characters — is found with its exact span.
#![no_main]

use govshare_core::mask::detect::{detect, resident_id_check_char, uscc_check_char, DetectorKind};
use libfuzzer_sys::fuzz_target;

const FORMAT: [char; 8] =
    ['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{00AD}', '\u{FEFF}', '\u{202E}', '\u{E0020}'];
const SEPARATORS: [&str; 12] =
    [" ", "-", ".", "/", ",", "\u{00A0}", "\u{2013}", "\u{2212}", "\u{3000}", "、", "。", "\t"];
const DIGIT_ZEROS: [u32; 6] = [0x30, 0xFF10, 0x660, 0x966, 0xE50, 0x1D7CE];

fn kinds(text: &str) -> Vec<(DetectorKind, &'static str)> {
    detect(text).iter().map(|d| (d.kind, d.reason.as_str())).collect()
}

fn luhn_complete(body: &str) -> String {
    let sum: u32 = body
        .chars()
        .rev()
        .enumerate()
        .map(|(k, c)| {
            let v = c.to_digit(10).unwrap_or(0);
            if k % 2 == 0 {
                (v * 2) % 10 + (v * 2) / 10
            } else {
                v
            }
        })
        .sum();
    format!("{body}{}", (10 - sum % 10) % 10)
}

/// A valid identifier of one kind from the input's bytes.
fn identifier(data: &[u8]) -> Option<(DetectorKind, String)> {
    let digit = |k: usize| char::from(b'0' + data.get(k).copied().unwrap_or(0) % 10);
    let digits = |from: usize, n: usize| (from..from + n).map(digit).collect::<String>();
    let pick = *data.first()?;
    Some(match pick % 5 {
        0 => {
            let first17 = format!(
                "110105{}{:02}{:02}{}",
                1950 + u32::from(pick % 60),
                1 + pick % 12,
                1 + pick % 28,
                digits(1, 3)
            );
            let c = resident_id_check_char(first17.as_bytes())? as char;
            (DetectorKind::CnResidentId, format!("{first17}{c}"))
        }
        1 => (DetectorKind::CnMobile, format!("1{}{}", char::from(b'3' + pick % 7), digits(1, 9))),
        2 => (DetectorKind::BankCard, luhn_complete(&format!("62{}", digits(1, 14)))),
        3 => {
            let first17 = format!("91{}MA{}", digits(1, 6), digits(7, 7));
            let c = uscc_check_char(first17.as_bytes())? as char;
            (DetectorKind::CnUscc, format!("{first17}{c}"))
        }
        _ => (DetectorKind::CnHkMacauPermit, format!("C{}", digits(1, 8))),
    })
}

fn disguise(id: &str, data: &[u8]) -> String {
    let mut out = String::new();
    let n = id.chars().count();
    for (k, c) in id.chars().enumerate() {
        let b = data.get(k + 16).copied().unwrap_or(0);
        match c.to_digit(10) {
            Some(v) => {
                out.push(char::from_u32(DIGIT_ZEROS[usize::from(b) % DIGIT_ZEROS.len()] + v).unwrap_or(c))
            }
            None => out.push(c),
        }
        if k + 1 == n {
            break;
        }
        if b & 0x10 != 0 {
            out.push(FORMAT[usize::from(b >> 5) % FORMAT.len()]);
        }
        if b & 0x08 != 0 {
            for s in 0..=usize::from(b >> 6) % 3 {
                out.push_str(SEPARATORS[(usize::from(b) + s) % SEPARATORS.len()]);
            }
        }
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let f = FORMAT[data.first().map_or(0, |b| usize::from(*b)) % FORMAT.len()];
    let spread: String = text.chars().flat_map(|c| [c, f]).collect();
    assert_eq!(kinds(&spread), kinds(&text), "format characters change what is found");

    if let Some((kind, id)) = identifier(data) {
        let shown = disguise(&id, data);
        let whole = format!("号码：{shown}。");
        let at = "号码：".len();
        let found = detect(&whole);
        let exact = found.iter().any(|d| d.kind == kind && d.start == at && d.end == at + shown.len());
        let card_as_id = kind == DetectorKind::BankCard
            && found
                .iter()
                .any(|d| d.kind == DetectorKind::CnResidentId && d.start >= at && d.end <= at + shown.len());
        assert!(exact || card_as_id, "{kind:?} {id} disguised as {shown:?}: {found:?}");
    }
});
