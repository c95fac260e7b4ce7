//! RFC 8941 structured fields and RFC 9421 signature bases: a request (or a
//! response to one) carrying fuzzed `Signature-Input` / `Signature` headers.
//! Parsing never panics; a listed signature's base has one line per covered
//! component plus the `@signature-params` line; re-serialized parameters
//! parse back to the same base; no fuzzed signature ever verifies under
//! a key that is in no corpus; and a component list (`parse_component_list`,
//! the Signature-Input line read as one) that reads is non-empty, has no
//! duplicates, and reads back to itself.
//!
//! Input: one mode byte, then UTF-8 text split on '\n' into Signature-Input,
//! Signature, an extra header value, and the body.
#![no_main]

use govshare_core::http_message::HttpMessage;
use govshare_core::sign::{
    list_signatures, parse_component_list, signature_base, verify_message, Key, VerificationPolicy,
};
use libfuzzer_sys::fuzz_target;

fn request(body: &str) -> HttpMessage {
    let mut m = HttpMessage::request("POST", "https://example.com/foo?param=Value&Pet=dog");
    m.push_header("Host", "example.com");
    m.push_header("Date", "Tue, 20 Apr 2021 02:07:55 GMT");
    m.push_header("Content-Type", "application/json");
    m.push_header("Content-Length", body.len().to_string());
    m.body = body.as_bytes().to_vec();
    m
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let mut parts = text.splitn(4, '\n');
    let sig_input = parts.next().unwrap_or("");
    let signature = parts.next().unwrap_or("");
    let extra = parts.next().unwrap_or("");
    let body = parts.next().unwrap_or("");

    if let Ok(list) = parse_component_list(sig_input) {
        assert!(!list.is_empty(), "an empty list reads");
        for (i, c) in list.iter().enumerate() {
            assert!(!list[i + 1..].contains(c), "a duplicate component reads");
        }
        assert_eq!(parse_component_list(&list.join(" ")).as_ref(), Ok(&list), "the list reads back");
    }

    let req = request(body);
    let (mut msg, related) = if mode & 1 == 1 {
        let mut r = HttpMessage::response(200);
        r.push_header("Content-Type", "application/json");
        r.body = body.as_bytes().to_vec();
        (r, Some(&req))
    } else {
        (req.clone(), None)
    };
    msg.push_header("X-Fuzz", extra);
    msg.push_header("Signature-Input", sig_input);
    if mode & 2 == 0 {
        msg.push_header("Signature", signature);
    }

    if let Ok(infos) = list_signatures(&msg) {
        for (i, info) in infos.iter().enumerate() {
            assert!(infos[i + 1..].iter().all(|o| o.label != info.label), "labels are unique");
            let base = match signature_base(&msg, sig_input, &info.label, related) {
                Ok(b) => b,
                Err(e) => {
                    // The field parsed as a whole, so it cannot fail to parse
                    // or lose the label now; only components may be missing.
                    assert!(
                        !matches!(e.code(), "label_not_found" | "malformed_structured_field"),
                        "listed signature {:?} has no base: {}",
                        info.label,
                        e.code()
                    );
                    continue;
                }
            };
            let lines: Vec<&str> = base.split('\n').collect();
            assert_eq!(lines.len(), info.components.len() + 1, "one line per component + params");
            for (line, comp) in lines.iter().zip(&info.components) {
                assert!(line.starts_with(&format!("{comp}: ")), "line {line:?} is for {comp}");
            }
            let params = lines[lines.len() - 1]
                .strip_prefix("\"@signature-params\": ")
                .expect("last line is @signature-params");
            // The serialized parameters parse back to the same base.
            let again = signature_base(&msg, &format!("{}={params}", info.label), &info.label, related)
                .expect("re-serialized Signature-Input parses");
            assert_eq!(again, base, "serialize/parse round trip");
        }
    }

    let key = Key::from_hmac_secret(b"govshare-fuzz-secret-in-no-corpus").expect("hmac key");
    let policy =
        VerificationPolicy { require_created: false, allow_uncovered_body: true, ..Default::default() };
    assert!(
        verify_message(&msg, &key, &policy, 1_618_884_473, None, related).is_err(),
        "a fuzzed signature verified"
    );
});
