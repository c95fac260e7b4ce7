//! A build without the `sandbox` feature (`cargo test -p govshare-cli
//! --no-default-features`): `demo` and `sandbox` stay listed and answer a
//! usage error, exit 2, that names the missing feature — whatever their
//! arguments — and `request send --key demo` says the same of the demo key.
#![cfg(not(feature = "sandbox"))]

mod common;

use std::process::Output;

use common::{run_bytes, text};

const MESSAGE: &str = "this govshare was built without the sandbox feature";

fn code(o: &Output) -> i32 {
    o.status.code().expect("exit code")
}

#[test]
fn demo_and_sandbox_exit_2_naming_the_feature() {
    for args in [
        &["demo"][..],
        &["sandbox"],
        &["sandbox", "--port", "0", "--data", "unused"],
        &["sandbox", "review", "SB-1", "--approve"],
        &["sandbox", "--no-such-flag"],
    ] {
        let o = run_bytes(args, None);
        assert_eq!(code(&o), 2, "{args:?}");
        assert!(o.stdout.is_empty(), "{args:?}: {}", text(&o.stdout));
        let err = text(&o.stderr);
        assert!(err.starts_with("error[usage]: "), "{args:?}: {err}");
        assert!(err.contains(MESSAGE) && err.contains("--features sandbox"), "{args:?}: {err}");
    }
}

#[test]
fn the_json_form_with_json() {
    let o = run_bytes(&["sandbox", "review", "SB-1", "--approve", "--json"], None);
    assert_eq!(code(&o), 2);
    let v: serde_json::Value = serde_json::from_str(text(&o.stderr).trim()).expect("JSON error");
    assert_eq!(v["error"]["code"], "usage");
    assert!(v["error"]["message"].as_str().unwrap_or_default().contains(MESSAGE), "{v}");
}

#[test]
fn help_lists_both_commands_as_not_in_this_build() {
    let o = run_bytes(&["--help"], None);
    assert_eq!(code(&o), 0);
    let help = text(&o.stdout);
    for name in ["demo", "sandbox"] {
        let line = help.lines().find(|l| l.trim_start().starts_with(name)).unwrap_or_default();
        assert!(line.contains("Not in this build (needs the cargo feature `sandbox`)"), "{name}: {help}");
    }
}

#[test]
fn request_send_key_demo_names_the_feature() {
    let doc: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/vectors/request/applications.json"
        ))
        .expect("vectors"),
    )
    .expect("JSON");
    let app = doc["cases"][0]["application_json"].as_str().expect("an application");
    let o = run_bytes(
        &["request", "send", "-", "--url", "http://127.0.0.1:9", "--key", "demo"],
        Some(app.as_bytes()),
    );
    assert_eq!(code(&o), 2);
    let err = text(&o.stderr);
    assert!(err.contains("--key demo: ") && err.contains(MESSAGE), "{err}");
}
