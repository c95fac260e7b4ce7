//! `Application::from_json`: arbitrary text never panics; an accepted
//! application's canonical JSON is RFC 8785 canonical and reads back as the
//! same application.
#![no_main]

use govshare_core::jcs::canonicalize;
use govshare_core::request::Application;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(app) = Application::from_json(text) else { return };
    let canon = app.canonical_json();
    assert_eq!(
        canonicalize(canon.as_bytes()).expect("canonical JSON canonicalizes"),
        canon.as_bytes(),
        "canonical form is canonical"
    );
    let again = Application::from_json(&canon).expect("an application's canonical JSON reads back");
    assert_eq!(again.canonical_json(), canon, "round trip");
    assert_eq!(again.draft(), app.draft(), "same data");
});
