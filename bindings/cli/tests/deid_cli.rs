//! `govshare mask deid` end to end through the built binary: exit 0 when
//! every requested property holds, 1 when one fails, 2 on bad input.

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

fn code(o: &std::process::Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

fn json(o: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&o.stdout)))
}

#[test]
fn json_report_with_verdict_from_a_file() {
    let d = scratch("deid-cli", "json");
    let file = d.join("patients.csv");
    std::fs::write(&file, CSV).unwrap();
    let file = file.to_string_lossy().into_owned();
    let o = run(
        &[
            "mask",
            "deid",
            &file,
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
    assert_eq!(code(&o), 1, "{}", text(&o.stderr));
    let v = json(&o);
    assert_eq!(v["verdict"], "fail");
    assert_eq!(v["k_achieved"], 1);
    assert_eq!(v["records_below_k"], 1);
    assert_eq!(v["l_achieved"]["disease"], 1);
    assert_eq!(v["direct_unmasked"]["phone"], 1);
    assert_eq!(v["deidentified"], false);
    assert_eq!(v["k_anonymous"], false);
    assert_eq!(v["l_diverse"], false);
    assert_eq!(v["suggestion"], "age");
    // Age alone already isolates the one 40-year-old: the minimal combination.
    assert_eq!(
        v["risky_combinations"],
        serde_json::json!([{"columns": ["age"], "classes_below_k": 1, "records_below_k": 1}])
    );
    assert_eq!(v["combinations_complete"], true);
    assert!(!text(&o.stdout).contains("13812345678"));

    // Sex alone, k = 2, ℓ = 2, no direct identifier: every property holds.
    let o =
        run(&["mask", "deid", &file, "--quasi", "sex", "--sensitive", "disease", "--k", "2", "--json"], "");
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    let v = json(&o);
    assert_eq!(v["verdict"], "pass");
    assert_eq!(v["k_achieved"], 2);
    assert_eq!(v["passed"], true);
    assert_eq!(v["risky_combinations"], serde_json::json!([]));
}

#[test]
fn text_names_the_properties_and_standards_from_stdin() {
    let ndjson: String = CSV
        .lines()
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            format!(
                "{{\"age\": {}, \"sex\": \"{}\", \"disease\": \"{}\", \"phone\": \"{}\"}}\n",
                c[0], c[1], c[2], c[3]
            )
        })
        .collect();
    let o = run(&["mask", "deid", "-", "--quasi", "age,sex", "--direct", "phone", "--k", "2"], &ndjson);
    assert_eq!(code(&o), 1, "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.starts_with("FAILED"), "{out}");
    assert!(
        out.contains("GB/T 37964-2019") && out.contains("GB/T 42460-2023") && out.contains("PIPL Art. 73"),
        "{out}"
    );
    assert!(out.contains("k-anonymity (GB/T 42460-2023), k = 2: DOES NOT HOLD"), "{out}");
    assert!(out.contains("phone: 1 values"), "{out}");
    assert!(out.contains("suggestion: generalize age"), "{out}");
    assert!(out.contains("combinations that alone make classes below k (minimal):\n    age: 1 records in 1 classes below k\n"), "{out}");
    assert!(out.contains("l-diversity: holds (no sensitive attribute declared)"), "{out}");
    assert!(!out.to_lowercase().contains("anonymous") && !out.contains("匿名化"), "{out}");
    assert!(!out.contains("13812345678"), "{out}");
    // The same with the format named and the flags before the file.
    let o2 = run(
        &["mask", "deid", "--format", "ndjson", "--quasi", "age,sex", "--direct", "phone", "--k", "2", "-"],
        &ndjson,
    );
    assert_eq!(text(&o2.stdout), out);
}

#[test]
fn bad_input_exits_2_with_a_code_and_no_value() {
    let cases: [(&[&str], &str, &str); 5] = [
        (&["--quasi", "postcode"], CSV, "deid_column_missing"),
        (&["--quasi", "age"], "age,sex\n", "deid_empty_dataset"),
        (&["--quasi", "age"], "age,sex\n13812345678,M\n1,2,3\n", "csv_malformed"),
        (&["--quasi", "age", "--k", "0"], CSV, "invalid_argument"),
        (&["--quasi", "age", "--format", "parquet"], CSV, "unsupported_format"),
    ];
    for (args, stdin, want) in cases {
        let mut all = vec!["mask", "deid", "-", "--json"];
        all.extend_from_slice(args);
        let o = run(&all, stdin);
        assert_eq!(code(&o), 2, "{args:?}: {}", text(&o.stderr));
        let err = text(&o.stderr);
        assert!(err.contains(want), "{args:?}: {err}");
        assert!(!err.contains("13812345678"), "{err}");
    }
    // --quasi is required.
    let o = run(&["mask", "deid", "-"], CSV);
    assert_eq!(code(&o), 2);
}
