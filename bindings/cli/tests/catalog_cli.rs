//! The `govshare catalog …` commands end to end: the real binary, real
//! files, exit codes, JSON shapes and atomic writes.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::atomic::{AtomicU32, Ordering};

use serde_json::Value;

fn repo(rel: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(rel).display().to_string()
}

fn sample_catalog() -> String {
    repo("examples/data/sample-catalog.json")
}

fn sample_province() -> String {
    repo("examples/data/sample-province.json")
}

/// A fresh, empty directory of this test run; removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        static N: AtomicU32 = AtomicU32::new(0);
        let n = N.fetch_add(1, Ordering::SeqCst);
        let p = std::env::temp_dir().join(format!("govshare-cli-{tag}-{}-{n}", std::process::id()));
        let _ = fs::remove_dir_all(&p);
        fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
    /// Names of the files in the directory, sorted.
    fn names(&self) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(&self.0)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn run(args: &[&str]) -> Output {
    run_stdin(args, None)
}

fn run_stdin(args: &[&str], stdin: Option<&[u8]>) -> Output {
    common::run_bytes(args, stdin)
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited normally")
}

fn stdout_json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!("stdout is not JSON ({e}): {}\nstderr: {}", String::from_utf8_lossy(&o.stdout), stderr(o))
    })
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn search(args: &[&str]) -> Value {
    let mut a = vec!["catalog", "search"];
    a.extend_from_slice(args);
    a.push("--json");
    let o = run(&a);
    assert_eq!(code(&o), 0, "search {args:?}: {}", stderr(&o));
    stdout_json(&o)
}

fn hits(v: &Value) -> &Vec<Value> {
    v["hits"].as_array().expect("hits is an array")
}

fn codes(v: &Value) -> Vec<String> {
    hits(v)
        .iter()
        .map(|h| format!("{}:{}", h["catalog"].as_str().unwrap(), h["code"].as_str().unwrap()))
        .collect()
}

/// A sample catalog with the given id and version 1 (the generator's), as text.
fn write_sample(dir: &TempDir, name: &str, extra: &[&str]) -> String {
    let out = dir.path(name);
    let mut a = vec!["catalog", "sample", "--resources", "30", "--seed", "5", "--out", out.to_str().unwrap()];
    a.extend_from_slice(extra);
    let o = run(&a);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    out.display().to_string()
}

#[test]
fn lint_of_the_clean_sample_exits_0() {
    let o = run(&["catalog", "lint", &sample_catalog()]);
    assert_eq!(code(&o), 0, "{}{}", String::from_utf8_lossy(&o.stdout), stderr(&o));
    let o = run(&["catalog", "lint", &sample_catalog(), "--json"]);
    assert_eq!(code(&o), 0);
    let v = stdout_json(&o);
    assert_eq!(v["catalog"], "national");
    assert_eq!(v["resources"], 200);
    assert_eq!(v["errors"], 0);
    assert_eq!(v["warnings"], 0);
}

#[test]
fn lint_of_a_sample_with_findings_exits_1() {
    let dir = TempDir::new("lint");
    let file = write_sample(&dir, "bad.json", &["--with-findings"]);
    let o = run(&["catalog", "lint", &file]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let o = run(&["catalog", "lint", &file, "--json"]);
    assert_eq!(code(&o), 1);
    let v = stdout_json(&o);
    let findings = v["findings"].as_array().expect("findings array");
    assert!(!findings.is_empty());
    for f in findings {
        assert!(f["code"].is_string() && f["severity"].is_string() && f["message_en"].is_string(), "{f}");
    }
    let failing = v["errors"].as_u64().unwrap() + v["warnings"].as_u64().unwrap();
    assert!(failing > 0);
}

#[test]
fn search_json_shape() {
    let v = search(&[&sample_catalog(), "人口"]);
    let total = v["total"].as_u64().expect("total");
    assert!(total > 0);
    assert!(v["relaxed"].is_boolean());
    let hits = hits(&v);
    assert!(!hits.is_empty() && hits.len() as u64 <= total.min(20));
    for h in hits {
        assert!(h["code"].is_string() && h["name"].is_string(), "{h}");
        assert!(h["score"].as_f64().unwrap() > 0.0, "{h}");
        assert_eq!(h["catalog"], "national");
    }
    // Facets map each value to its count; the sharing counts add up to the total.
    let facets = v["facets"].as_object().expect("facets object");
    for name in ["provider", "sharing", "grade", "update_cycle", "format", "classification"] {
        let f =
            facets[name].as_object().unwrap_or_else(|| panic!("facet {name} is an object: {}", facets[name]));
        assert!(f.values().all(|c| c.as_u64().is_some_and(|c| c > 0)), "{name}: {f:?}");
    }
    let sharing: u64 = facets["sharing"].as_object().unwrap().values().map(|c| c.as_u64().unwrap()).sum();
    assert_eq!(sharing, total);
    for k in facets["sharing"].as_object().unwrap().keys() {
        assert!(["unconditional", "conditional", "not_shared"].contains(&k.as_str()), "{k}");
    }
}

#[test]
fn search_over_several_files_names_both_catalogs() {
    let v = search(&[&sample_catalog(), &sample_province(), "人口基础信息", "--limit", "50"]);
    let catalogs: std::collections::BTreeSet<&str> =
        hits(&v).iter().map(|h| h["catalog"].as_str().unwrap()).collect();
    assert_eq!(catalogs.into_iter().collect::<Vec<_>>(), ["national", "zhejiang"]);
    let national = search(&[&sample_catalog(), "人口基础信息"])["total"].as_u64().unwrap();
    let zhejiang = search(&[&sample_province(), "人口基础信息"])["total"].as_u64().unwrap();
    assert_eq!(v["total"].as_u64().unwrap(), national + zhejiang, "totals add up");
}

#[test]
fn search_filters() {
    let f = sample_catalog();
    let all = search(&[&f, "", "--limit", "0"]);
    assert_eq!(all["total"], 200);
    assert!(hits(&all).is_empty(), "--limit 0 returns only totals and facets");

    // --sharing not-shared: exactly the resources the facet counted.
    let not_shared =
        all["facets"]["sharing"]["not_shared"].as_u64().expect("the sample has not-shared resources");
    let v = search(&[&f, "", "--sharing", "not-shared", "--limit", "500"]);
    assert_eq!(v["total"].as_u64().unwrap(), not_shared);
    assert_eq!(hits(&v).len() as u64, not_shared);
    assert!(hits(&v).iter().all(|h| h["sharing"] == "not_shared"));

    // --grade N
    for (grade, count) in all["facets"]["grade"].as_object().unwrap() {
        let v = search(&[&f, "", "--grade", grade, "--limit", "500"]);
        assert_eq!(&v["total"], count, "grade {grade}");
        let grade: u64 = grade.parse().unwrap();
        assert!(hits(&v).iter().all(|h| h["grade"].as_u64() == Some(grade)));
    }

    // --provider by name and by 统一社会信用代码 give the same resources.
    let (provider, count) = all["facets"]["provider"].as_object().unwrap().iter().next().unwrap();
    let by_name = search(&[&f, "", "--provider", provider, "--limit", "500"]);
    assert_eq!(&by_name["total"], count);
    assert!(hits(&by_name).iter().all(|h| h["provider"] == provider.as_str()));
    let credit = hits(&by_name)[0]["provider_code"].as_str().unwrap().to_owned();
    let by_code = search(&[&f, "", "--provider", &credit, "--limit", "500"]);
    assert_eq!(codes(&by_code), codes(&by_name));
    let nobody = search(&[&f, "", "--provider", "没有这个部门"]);
    assert_eq!(nobody["total"], 0);

    // --limit / --offset page through the same order.
    let page = search(&[&f, "信息", "--limit", "10"]);
    let second = search(&[&f, "信息", "--limit", "3", "--offset", "2"]);
    assert_eq!(codes(&second), codes(&page)[2..5]);
    assert_eq!(second["total"], page["total"]);

    // Bad filter values are usage errors.
    let o = run(&["catalog", "search", &f, "x", "--grade", "9"]);
    assert_eq!(code(&o), 2);
    let o = run(&["catalog", "search", &f, "x", "--format", "nonsense"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("error[usage]"), "{}", stderr(&o));
}

#[test]
fn search_reads_stdin() {
    let bytes = fs::read(sample_catalog()).unwrap();
    let o = run_stdin(&["catalog", "search", "-", "人口", "--json"], Some(&bytes));
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout_json(&o), search(&[&sample_catalog(), "人口"]));
}

#[test]
fn item_query() {
    let o = run(&["catalog", "item", &sample_catalog(), "公民身份号码", "--json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v = stdout_json(&o);
    assert_eq!(v["name"], "公民身份号码");
    let occ = v["occurrences"].as_array().unwrap();
    assert!(occ.iter().any(|o| o["exact"] == true && o["item_name"] == "公民身份号码"), "{v}");
    let auth = v["authoritative"].as_array().unwrap();
    assert!(auth.iter().any(|a| a["provider"] == "公安部"), "{v}");
    // Across both sample catalogs two providers claim it: a conflict.
    let o = run(&["catalog", "item", &sample_catalog(), &sample_province(), "公民身份号码", "--json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v = stdout_json(&o);
    assert_eq!(v["conflict"], true, "{v}");
}

#[test]
fn sample_is_deterministic_and_written_atomically() {
    let a = run(&["catalog", "sample", "--resources", "25", "--seed", "42"]);
    let b = run(&["catalog", "sample", "--resources", "25", "--seed", "42"]);
    assert_eq!(code(&a), 0);
    assert_eq!(a.stdout, b.stdout, "same seed, same bytes");
    let c = run(&["catalog", "sample", "--resources", "25", "--seed", "43"]);
    assert_ne!(a.stdout, c.stdout, "another seed, another catalog");
    let doc: Value = serde_json::from_slice(&a.stdout).unwrap();
    assert_eq!(doc["resources"].as_array().unwrap().len(), 25);

    let dir = TempDir::new("sample");
    let out = dir.path("s.json");
    let o = run(&["catalog", "sample", "--resources", "25", "--seed", "42", "--out", out.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(fs::read(&out).unwrap(), a.stdout);
    assert!(o.stdout.is_empty(), "--out writes nothing to stdout");
    assert_eq!(dir.names(), ["s.json"], "no temporary file left");
}

fn delta(catalog: &str, base: u64, changes: Value) -> String {
    serde_json::json!({
        "format": "govshare-catalog-delta", "format_version": 1,
        "catalog": catalog, "base_version": base, "new_version": base + 1, "changes": changes,
    })
    .to_string()
}

#[test]
fn apply_delta_out_and_in_place() {
    let dir = TempDir::new("delta");
    let file = write_sample(&dir, "cat.json", &[]);
    let before = fs::read(&file).unwrap();
    let doc: Value = serde_json::from_slice(&before).unwrap();
    let first = doc["resources"][0]["code"].as_str().unwrap().to_owned();
    let d = dir.path("withdraw.json");
    fs::write(
        &d,
        delta("national", 1, serde_json::json!([{"op": "withdraw", "code": first, "reason": "合并"}])),
    )
    .unwrap();

    // --out: the input is untouched, the output has one resource less.
    let out = dir.path("new.json");
    let o = run(&[
        "catalog",
        "apply-delta",
        &file,
        d.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let outcome: Value = serde_json::from_str(stderr(&o).trim()).expect("--json outcome on stderr");
    assert_eq!(outcome["withdrawn"], 1);
    assert_eq!(outcome["new_version"], 2);
    assert_eq!(outcome["resources"], 29);
    assert_eq!(fs::read(&file).unwrap(), before);
    let new: Value = serde_json::from_slice(&fs::read(&out).unwrap()).unwrap();
    assert_eq!(new["resources"].as_array().unwrap().len(), 29);
    assert_eq!(new["catalog"]["version"], 2);
    assert_eq!(search(&[out.to_str().unwrap(), "", "--limit", "0"])["total"], 29);

    // --in-place replaces the file atomically.
    let o = run(&["catalog", "apply-delta", &file, d.to_str().unwrap(), "--in-place"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(fs::read(&file).unwrap(), fs::read(&out).unwrap());
    assert_eq!(dir.names(), ["cat.json", "new.json", "withdraw.json"], "no temporary file left");

    // The same delta again is refused (base version moved): exit 2, file byte-identical.
    let now = fs::read(&file).unwrap();
    let o = run(&["catalog", "apply-delta", &file, d.to_str().unwrap(), "--in-place"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("error[delta_base_mismatch]"), "{}", stderr(&o));
    assert_eq!(fs::read(&file).unwrap(), now, "a refused delta leaves the file alone");

    // A conflicting delta, --json: the error shape on stderr.
    let bad = dir.path("bad.json");
    fs::write(
        &bad,
        delta("national", 2, serde_json::json!([{"op": "withdraw", "code": first, "reason": "again"}])),
    )
    .unwrap();
    let o = run(&["catalog", "apply-delta", &file, bad.to_str().unwrap(), "--in-place", "--json"]);
    assert_eq!(code(&o), 2);
    let err: Value = serde_json::from_str(stderr(&o).trim()).expect("--json error on stderr");
    assert_eq!(err["error"]["code"], "delta_conflict");
    assert!(err["error"]["message"].is_string() && err["error"]["message_zh"].is_string(), "{err}");
    assert!(err["error"].get("location").is_some(), "{err}");
    assert_eq!(fs::read(&file).unwrap(), now);
    assert!(o.stdout.is_empty());
    let names = dir.names();
    assert_eq!(names, ["bad.json", "cat.json", "new.json", "withdraw.json"], "no temporary file left");

    // --in-place with stdin makes no sense.
    let o = run_stdin(&["catalog", "apply-delta", "-", d.to_str().unwrap(), "--in-place"], Some(&before));
    assert_eq!(code(&o), 2);
}

#[test]
fn snapshot_searches_like_the_json() {
    let dir = TempDir::new("snap");
    let snap = dir.path("cat.snap");
    let f = sample_catalog();
    let o = run(&["catalog", "snapshot", &f, snap.to_str().unwrap(), "--json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let report = stdout_json(&o);
    assert_eq!(report["resources"], 200);
    assert_eq!(report["bytes"].as_u64().unwrap(), fs::metadata(&snap).unwrap().len());
    assert_eq!(dir.names(), ["cat.snap"]);
    for q in [vec!["企业登记"], vec!["人口", "--sharing", "conditional"], vec!["", "--limit", "200"]] {
        let mut a = vec![f.as_str()];
        a.extend(&q);
        let mut b = vec![snap.to_str().unwrap()];
        b.extend(&q);
        assert_eq!(search(&a), search(&b), "query {q:?}");
    }
    let o = run(&["catalog", "lint", snap.to_str().unwrap(), "--json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    // Over 1 MiB: the snapshot streams through SnapshotLoader in chunks.
    let big = dir.path("big.json");
    let o = run(&["catalog", "sample", "--resources", "2000", "--out", big.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let big_snap = dir.path("big.snap");
    let o = run(&["catalog", "snapshot", big.to_str().unwrap(), big_snap.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let bytes = fs::read(&big_snap).unwrap();
    assert!(bytes.len() > 1 << 20, "{} bytes", bytes.len());
    assert_eq!(
        search(&[big.to_str().unwrap(), "企业登记"]),
        search(&[big_snap.to_str().unwrap(), "企业登记"])
    );
    // Cut in its second chunk: refused (exit 2, snapshot_invalid).
    let cut = dir.path("cut.snap");
    fs::write(&cut, &bytes[..bytes.len() - 100]).unwrap();
    let o = run(&["catalog", "info", cut.to_str().unwrap(), "--json"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("snapshot_invalid"), "{}", stderr(&o));
}

#[test]
fn malformed_json_exits_2() {
    let dir = TempDir::new("bad");
    let f = dir.path("broken.json");
    fs::write(&f, br#"{"format": "govshare-catalog", "resources": [ {"code": "#).unwrap();
    for cmd in ["lint", "search", "info"] {
        let mut a = vec!["catalog", cmd, f.to_str().unwrap()];
        if cmd == "search" {
            a.push("人口");
        }
        let o = run(&a);
        assert_eq!(code(&o), 2, "{cmd}");
        assert!(stderr(&o).contains("error[malformed_json]"), "{cmd}: {}", stderr(&o));
    }
    let o = run_stdin(&["catalog", "lint", "-", "--json"], Some(b"{not json"));
    assert_eq!(code(&o), 2);
    let err: Value = serde_json::from_str(stderr(&o).trim()).unwrap();
    assert_eq!(err["error"]["code"], "malformed_json");
    let o = run(&["catalog", "lint", dir.path("missing.json").to_str().unwrap()]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("error[io_error]"), "{}", stderr(&o));
}

#[test]
#[cfg(feature = "sandbox")] // without it: tests/without_sandbox_cli.rs
fn demo_runs_the_whole_flow_and_exits_0() {
    let o = run(&["demo"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(code(&o), 0, "{}\n{out}", stderr(&o));
    for verdict in [
        "✔ agreed at once",
        "✔ data: platform signature, digest, signed manifest and masking verified",
        "✔ agreed data fetched and verified",
        "✔ refused",
        "✔ caught the platform that serves unmasked data",
        "✔ caught the platform that changes its answers after signing them",
        "✔ caught the platform that signs with a wrong key",
        "✔ audit log verifies",
        "✔ a changed entry is detected",
        "✔ direct identifiers masked, but not k-anonymous: generalize birth_year first",
        "✔ k-anonymous and ℓ-diverse",
        "✔ published index loaded verified against the pinned SM2 platform key",
        "✔ one byte flipped in texts.bin: refused [index_section_mismatch], nothing loaded",
    ] {
        assert!(out.contains(verdict), "missing {verdict:?} in:\n{out}");
    }
}
