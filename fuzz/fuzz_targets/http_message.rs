//! `HttpMessage::from_json`: arbitrary text never panics; an accepted
//! message's JSON form reads back as exactly the same message (header order,
//! duplicates and body bytes kept).
#![no_main]

use govshare_core::http_message::{HttpMessage, StartLine};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(msg) = HttpMessage::from_json(text) else { return };
    if let StartLine::Response { status } = msg.start {
        assert!((100..=999).contains(&status));
    }
    let json = msg.to_json();
    let again = HttpMessage::from_json(&json).expect("a message's own JSON reads back");
    assert_eq!(again, msg, "round trip");
    assert_eq!(again.to_json(), json, "to_json is a fixed point");
});
