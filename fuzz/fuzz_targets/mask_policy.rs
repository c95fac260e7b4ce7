//! `mask::MaskPolicy::from_json`: arbitrary text never panics; an accepted
//! policy's JSON form reads back as the same policy, and that form is a
//! fixed point.
#![no_main]

use govshare_core::mask::MaskPolicy;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(policy) = MaskPolicy::from_json(text) else { return };
    let json = policy.to_json();
    let again = MaskPolicy::from_json(&json).expect("a policy's own JSON reads back");
    assert_eq!(again, policy, "round trip");
    assert_eq!(again.to_json(), json, "to_json is a fixed point");
});
