//! The vector contract: tests/vectors/MANIFEST.json lists every vector file
//! and its number of cases (scripts/vectors_manifest.py writes it). This
//! test checks the manifest against the files, so a vector added without
//! updating it (and thus possibly without a runner) fails here, and that
//! every vector folder has its Rust runner (`core/tests/vectors_<folder>.rs`,
//! which reads every file of its folder). Node, Chromium and Python check
//! the same manifest against what they ran.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

fn vectors() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors")
}

fn walk(dir: &Path, out: &mut BTreeMap<String, u64>) {
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            walk(&path, out);
            continue;
        }
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if !name.ends_with(".json") || name == "MANIFEST.json" || name.starts_with('_') {
            continue;
        }
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
        if let Some(cases) = doc.get("cases").and_then(Value::as_array) {
            let rel =
                path.strip_prefix(vectors()).expect("under vectors").to_string_lossy().replace('\\', "/");
            out.insert(rel, cases.len() as u64);
        }
    }
}

#[test]
fn the_manifest_lists_every_vector_file_and_its_cases() {
    let mut found = BTreeMap::new();
    walk(&vectors(), &mut found);
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(vectors().join("MANIFEST.json")).expect("MANIFEST.json"),
    )
    .expect("json");
    let listed: BTreeMap<String, u64> = manifest["files"]
        .as_object()
        .expect("files")
        .iter()
        .map(|(k, v)| (k.clone(), v.as_u64().expect("count")))
        .collect();
    assert_eq!(found, listed, "run `python3 scripts/vectors_manifest.py` and add a runner for new files");
    for file in listed.keys() {
        let folder = file.split('/').next().expect("folder");
        let runner = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/vectors_{folder}.rs"));
        assert!(runner.exists(), "no Rust runner for tests/vectors/{folder} ({})", runner.display());
    }
}
