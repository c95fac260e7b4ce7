//! `govshare mask deid --policy`: the columns come from the policy's
//! identifier classes, and the flags replace the policy's list of their class.

mod common;

use common::{run, scratch, text};

/// Classes over (age, sex): (30,M) ×3, (30,F) ×2, (40,M) ×1; one phone in full.
const CSV: &str = "age,sex,disease,phone\n\
30,M,flu,138****5678\n\
30,M,cold,139****0000\n\
30,M,flu,13812345678\n\
30,F,flu,137****1111\n\
30,F,cold,136****2222\n\
40,M,cancer,135****3333\n";

const POLICY: &str = r#"{"fields": {
  "age": {"rule": "plain", "identifier_class": "quasi"},
  "sex": {"rule": "plain", "identifier_class": "quasi"},
  "disease": {"rule": "plain", "identifier_class": "sensitive"},
  "phone": {"rule": "keep", "first": 3, "last": 4, "identifier_class": "direct"},
  "note": {"rule": "plain", "identifier_class": "other"}
}}"#;

fn json(o: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&o.stdout)))
}

fn files(tag: &str, policy: &str) -> (String, String) {
    let d = scratch("deid-policy-cli", tag);
    let (data, pol) = (d.join("patients.csv"), d.join("policy.json"));
    std::fs::write(&data, CSV).unwrap();
    std::fs::write(&pol, policy).unwrap();
    (data.to_string_lossy().into_owned(), pol.to_string_lossy().into_owned())
}

#[test]
fn the_policy_names_the_columns_as_the_flags_would() {
    let (data, pol) = files("same", POLICY);
    let by_policy = run(&["mask", "deid", &data, "--policy", &pol, "--k", "2", "--json"], "");
    let by_flags = run(
        &[
            "mask",
            "deid",
            &data,
            "--quasi",
            "age,sex",
            "--sensitive",
            "disease",
            "--direct",
            "phone",
            "--k",
            "2",
            "--json",
        ],
        "",
    );
    assert_eq!(by_policy.status.code(), Some(1), "{}", text(&by_policy.stderr));
    assert_eq!(json(&by_policy), json(&by_flags));
    let v = json(&by_policy);
    assert_eq!(v["k_achieved"], 1);
    assert_eq!(v["direct_unmasked"]["phone"], 1);
    assert_eq!(v["l_achieved"]["disease"], 1);
}

#[test]
fn a_flag_replaces_the_policys_list_of_its_class_only() {
    let (data, pol) = files("override", POLICY);
    // Only `sex` as quasi-identifier: classes M ×4, F ×2, so k = 2 holds;
    // disease (sensitive) and phone (direct) still come from the policy.
    let o = run(&["mask", "deid", &data, "--policy", &pol, "--quasi", "sex", "--k", "2", "--json"], "");
    let v = json(&o);
    assert_eq!(v["k_achieved"], 2);
    assert_eq!(v["k_anonymous"], true);
    assert_eq!(v["direct_unmasked"]["phone"], 1);
    assert!(v["l_achieved"].get("disease").is_some());
    assert_eq!(o.status.code(), Some(1), "the unmasked phone still fails it");
}

#[test]
fn a_policy_without_quasi_identifiers_and_no_flag_is_a_usage_error() {
    let (data, pol) =
        files("noquasi", r#"{"fields": {"phone": {"rule": "redact", "identifier_class": "direct"}}}"#);
    let o = run(&["mask", "deid", &data, "--policy", &pol, "--json"], "");
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("invalid_argument"), "{}", text(&o.stderr));
    // Neither a policy nor --quasi: clap refuses.
    let o = run(&["mask", "deid", &data], "");
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn an_unknown_identifier_class_in_the_policy_is_refused() {
    let (data, pol) =
        files("badclass", r#"{"fields": {"age": {"rule": "plain", "identifier_class": "anonymous"}}}"#);
    let o = run(&["mask", "deid", &data, "--policy", &pol], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("mask_policy_invalid"), "{}", text(&o.stderr));
}
