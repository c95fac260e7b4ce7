//! Identifier detection that survives evasion (issue #11): for every kind, a
//! valid identifier with separators, format characters and other digit
//! scripts put into it is found, with its exact span; the same disguise on
//! an identifier whose check fails is not found as that identifier.

use govshare_core::mask::detect::{detect, resident_id_check_char, uscc_check_char, DetectorKind};
use proptest::prelude::*;

/// Format characters (Unicode Cf) an evader can hide inside a value.
const FORMAT: [char; 10] = [
    '\u{200B}',
    '\u{200C}',
    '\u{200D}',
    '\u{2060}',
    '\u{00AD}',
    '\u{FEFF}',
    '\u{202A}',
    '\u{202C}',
    '\u{2066}',
    '\u{E0041}',
];

/// Separators: spaces, dashes, punctuation, ASCII and not.
const SEPARATORS: [&str; 22] = [
    " ", "-", ".", "/", "_", ":", ",", "(", ")", "\u{00A0}", "\u{2009}", "\u{3000}", "\u{2013}", "\u{2014}",
    "\u{2212}", "\u{FF0D}", "\u{00B7}", "、", "。", "，", "\t", "|",
];

/// The zero of a decimal digit script: ASCII, full-width, Arabic-Indic,
/// extended Arabic-Indic, Devanagari, Bengali, Thai, Myanmar, mathematical
/// bold and monospace.
const DIGIT_ZEROS: [u32; 10] = [0x30, 0xFF10, 0x660, 0x6F0, 0x966, 0x9E6, 0xE50, 0x1040, 0x1D7CE, 0x1D7F6];

/// How one character boundary is disguised.
#[derive(Debug, Clone)]
enum Gap {
    None,
    Format(usize),
    Separators(Vec<usize>),
    Both(usize, Vec<usize>),
}

fn gap() -> impl Strategy<Value = Gap> {
    let seps = prop::collection::vec(0..SEPARATORS.len(), 1..=3);
    prop_oneof![
        3 => Just(Gap::None),
        1 => (0..FORMAT.len()).prop_map(Gap::Format),
        1 => seps.clone().prop_map(Gap::Separators),
        1 => (0..FORMAT.len(), seps).prop_map(|(f, s)| Gap::Both(f, s)),
    ]
}

/// A disguise: a gap for each boundary and a script for each digit.
fn disguise() -> impl Strategy<Value = (Vec<Gap>, Vec<usize>, bool)> {
    (prop::collection::vec(gap(), 24), prop::collection::vec(0..DIGIT_ZEROS.len(), 24), any::<bool>())
}

/// `id` with the disguise applied (ASCII letters may become full-width).
fn apply((gaps, scripts, wide_letters): &(Vec<Gap>, Vec<usize>, bool), id: &str) -> String {
    let mut out = String::new();
    let n = id.chars().count();
    for (k, c) in id.chars().enumerate() {
        let d = if let Some(v) = c.to_digit(10) {
            char::from_u32(DIGIT_ZEROS[scripts[k % scripts.len()]] + v).unwrap()
        } else if c.is_ascii_alphabetic() && *wide_letters {
            char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap()
        } else {
            c
        };
        out.push(d);
        if k + 1 < n {
            match &gaps[k % gaps.len()] {
                Gap::None => {}
                Gap::Format(f) => out.push(FORMAT[*f]),
                Gap::Separators(s) => s.iter().for_each(|&i| out.push_str(SEPARATORS[i])),
                Gap::Both(f, s) => {
                    out.push(FORMAT[*f]);
                    s.iter().for_each(|&i| out.push_str(SEPARATORS[i]));
                }
            }
        }
    }
    out
}

const AREAS: [&str; 4] = ["110105", "310101", "440524", "650102"];

fn resident_id() -> impl Strategy<Value = String> {
    (0..AREAS.len(), 1930u32..2020, 1u32..13, 1u32..29, 0u32..1000).prop_map(|(a, y, m, d, s)| {
        let first17 = format!("{}{y:04}{m:02}{d:02}{s:03}", AREAS[a]);
        let c = resident_id_check_char(first17.as_bytes()).unwrap() as char;
        format!("{first17}{c}")
    })
}

fn luhn_check_digit(body: &str) -> char {
    let sum: u32 = body
        .chars()
        .rev()
        .enumerate()
        .map(|(k, c)| {
            let v = c.to_digit(10).unwrap();
            if k % 2 == 0 {
                let d = v * 2;
                if d > 9 {
                    d - 9
                } else {
                    d
                }
            } else {
                v
            }
        })
        .sum();
    char::from_digit((10 - sum % 10) % 10, 10).unwrap()
}

fn bank_card() -> impl Strategy<Value = String> {
    "62[0-9]{13,16}".prop_map(|body| format!("{body}{}", luhn_check_digit(&body)))
}

fn uscc() -> impl Strategy<Value = String> {
    "91[0-9]{6}MA[0-9A-HJ-NP-RTUW-Y]{7}".prop_map(|first17| {
        let c = uscc_check_char(first17.as_bytes()).unwrap() as char;
        format!("{first17}{c}")
    })
}

/// Each kind with a generator of valid identifiers.
fn any_identifier() -> impl Strategy<Value = (DetectorKind, String)> {
    prop_oneof![
        resident_id().prop_map(|s| (DetectorKind::CnResidentId, s)),
        "1[3-9][0-9]{9}".prop_map(|s| (DetectorKind::CnMobile, s)),
        "0(10|2[0-9])[2-9][0-9]{7}".prop_map(|s| (DetectorKind::CnLandline, s)),
        "0[3-9][0-9]{2}[2-9][0-9]{6,7}".prop_map(|s| (DetectorKind::CnLandline, s)),
        bank_card().prop_map(|s| (DetectorKind::BankCard, s)),
        uscc().prop_map(|s| (DetectorKind::CnUscc, s)),
        "(E[0-9]{8}|G[0-9]{8}|E[A-HJ-NP-Z][0-9]{7})".prop_map(|s| (DetectorKind::CnPassport, s)),
        "C[0-9]{8}".prop_map(|s| (DetectorKind::CnHkMacauPermit, s)),
        "[A-HJ-NP-Z][0-9]{3}[A-HJ-NP-Z0-9]{2}".prop_map(|s| (DetectorKind::CnPlate, format!("京{s}"))),
    ]
}

/// Text around the identifier that glues to nothing.
fn context() -> impl Strategy<Value = (String, String)> {
    let words =
        prop_oneof![Just("申请人张三"), Just("电话"), Just("备注："), Just("，"), Just("号码是"), Just("")];
    (words.clone(), words).prop_map(|(a, b)| (format!("{a}："), format!("。{b}")))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, .. ProptestConfig::default() })]

    #[test]
    fn a_disguised_identifier_is_found_with_its_span((kind, id) in any_identifier(), d in disguise(), (pre, post) in context()) {
        let shown = apply(&d, &id);
        let text = format!("{pre}{shown}{post}");
        let found = detect(&text);
        let (at, end) = (pre.len(), pre.len() + shown.len());
        let exact = found.iter().any(|x| x.kind == kind && x.start == at && x.end == end);
        // A card's digits split into groups may hold a checksum-valid ID
        // (GB 11643 is the stronger check): that one is reported instead, and
        // the leak is still found.
        let card_as_stronger = kind == DetectorKind::BankCard
            && found.iter().any(|x| x.start >= at && x.end <= end && x.kind == DetectorKind::CnResidentId);
        prop_assert!(exact || card_as_stronger, "{kind:?} {id} in {text:?}: {found:?}");
    }

    #[test]
    fn a_disguised_id_with_a_wrong_check_character_is_not_an_id(id in resident_id(), d in disguise(), (pre, post) in context()) {
        let check = id.chars().last().unwrap();
        let wrong = if check == '0' { '1' } else { '0' };
        let bad = format!("{}{wrong}", &id[..17]);
        let shown = apply(&d, &bad);
        let text = format!("{pre}{shown}{post}");
        // Parts of it may be something else (any grouping: a 15-digit run
        // can be a legacy ID), but not the whole as an ID.
        let whole = (pre.len(), pre.len() + shown.len());
        prop_assert!(!detect(&text).iter().any(|x| x.kind == DetectorKind::CnResidentId && (x.start, x.end) == whole), "{text:?}");
    }

    #[test]
    fn a_disguised_card_failing_luhn_is_not_a_card(card in bank_card(), d in disguise(), (pre, post) in context()) {
        let last = card.chars().last().unwrap().to_digit(10).unwrap();
        let bad = format!("{}{}", &card[..card.len() - 1], (last + 1) % 10);
        let shown = apply(&d, &bad);
        let text = format!("{pre}{shown}{post}");
        // A run of 16–18 of its digits may pass Luhn by chance; the whole may not.
        let whole = (pre.len(), pre.len() + shown.len());
        prop_assert!(!detect(&text).iter().any(|x| x.kind == DetectorKind::BankCard && (x.start, x.end) == whole), "{text:?}");
    }
}
