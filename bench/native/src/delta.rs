//! A delta of many changes applied to a large catalog, native: issue #14's
//! "delta of 1,000 changes ≤ 1 s, results identical to a rebuild".
//!
//! govshare-bench-delta --snapshot FILE [--changes 1000] [--runs 3] [--rebuild]
//!                      [--write-delta FILE] > result.json
//!
//! The delta replaces, withdraws and adds resources in equal shares (the
//! replaced ones get a changed name and abstract), built from the catalog
//! itself. `apply_delta_document` (the merge) is timed `--runs` times, each
//! on a freshly loaded catalog; with `--rebuild` the reference path that
//! indexes every resource again is timed once in the same run, and the two
//! catalogs' snapshots must be identical (exit 1 otherwise). `--write-delta`
//! writes the delta document, for `bench/js/delta.mjs` (the same in WASM).

use std::process::ExitCode;
use std::time::Instant;

use govshare_core::catalog::*;
use serde_json::json;

#[path = "common.rs"]
mod common;
use common::{cpu_ms, finish, flag, percentile};

fn load(path: &str) -> Result<Catalog, String> {
    Catalog::from_snapshot(&std::fs::read(path).map_err(|e| e.to_string())?).map_err(|e| e.to_string())
}

/// `f`'s value, and its wall and CPU milliseconds.
fn timed<T>(f: impl FnOnce() -> T) -> (T, f64, f64) {
    let (t, cpu) = (Instant::now(), cpu_ms());
    let value = f();
    (value, t.elapsed().as_secs_f64() * 1e3, cpu_ms() - cpu)
}

fn run(args: &[String]) -> Result<serde_json::Value, String> {
    let path = flag(args, "--snapshot").ok_or("--snapshot FILE is required")?;
    let changes: usize =
        flag(args, "--changes").map_or(Ok(1000), |v| v.parse()).map_err(|_| "--changes N")?;
    let runs: usize = flag(args, "--runs").map_or(Ok(3), |v| v.parse()).map_err(|_| "--runs N")?;
    let rebuild = args.iter().any(|a| a == "--rebuild");
    let (catalog, load_ms, _) = timed(|| load(&path));
    let mut catalog = catalog?;
    let n = catalog.len() as usize;
    let codes = catalog.codes();
    let third = changes / 3;
    let step = (n / changes.max(1)).max(1);
    let mut delta = Vec::with_capacity(changes);
    for i in 0..third {
        let mut r = catalog.resource(&codes[(i * 3) * step % n]).ok_or("resource")?;
        r.name = format!("{}（修订）", r.name);
        r.summary = format!("{} 变更 登记 许可", r.summary);
        delta.push(DeltaChange::Replace { resource: r });
    }
    for i in 0..third {
        delta.push(DeltaChange::Withdraw { code: codes[(i * 3 + 1) * step % n].clone(), reason: None });
    }
    for i in 0..changes - 2 * third {
        let mut r = catalog.resource(&codes[(i * 3 + 2) * step % n]).ok_or("resource")?;
        r.code = format!("999999/{i:06}");
        delta.push(DeltaChange::Add { resource: r });
    }
    let info = catalog.info();
    let doc = DeltaDocument {
        format: DELTA_FORMAT.into(),
        format_version: FORMAT_VERSION,
        catalog: info.id.clone(),
        base_version: info.version,
        new_version: info.version + 1,
        changes: delta,
    };
    if let Some(out) = flag(args, "--write-delta") {
        let json = serde_json::to_vec(&doc).map_err(|e| e.to_string())?;
        std::fs::write(&out, json).map_err(|e| format!("{out}: {e}"))?;
    }
    let mut walls = Vec::new();
    let mut cpus = Vec::new();
    let mut merged_snapshot = Vec::new();
    let mut outcome = None;
    for run in 0..runs.max(1) {
        if run > 0 {
            catalog = load(&path)?;
        }
        let (result, wall, cpu) = timed(|| catalog.apply_delta_document_reporting(&doc));
        let (applied, merged) = result.map_err(|e| e.to_string())?;
        if !merged {
            return Err("the merge gave up and the catalog was rebuilt".into());
        }
        walls.push(wall);
        cpus.push(cpu);
        outcome = Some(applied);
        if run == 0 {
            merged_snapshot = catalog.to_snapshot();
        }
    }
    let check = catalog
        .search(&SearchQuery { text: "变更 登记 许可".into(), ..Default::default() })
        .map_err(|e| e.to_string())?;
    drop(catalog);
    let reference = if rebuild {
        let mut catalog = load(&path)?;
        let (result, wall, cpu) = timed(|| catalog.apply_delta_document_by_rebuild(&doc));
        result.map_err(|e| e.to_string())?;
        let identical = catalog.to_snapshot() == merged_snapshot;
        if !identical {
            return Err("the merged catalog's snapshot differs from the rebuilt one's".into());
        }
        json!({ "rebuild_ms": wall, "rebuild_cpu_ms": cpu, "snapshots_identical": identical })
    } else {
        serde_json::Value::Null
    };
    Ok(json!({
        "tool": "govshare-bench-delta",
        "snapshot": path,
        "resources_before": n,
        "changes": changes,
        "snapshot_load_ms": load_ms,
        "runs": walls.len(),
        "apply_ms": walls,
        "apply_cpu_ms": cpus,
        "apply_ms_median": percentile(&walls, 50.0),
        "apply_cpu_ms_median": percentile(&cpus, 50.0),
        "reference": reference,
        "outcome": outcome,
        "check_total": check.total,
        "load_average": std::fs::read_to_string("/proc/loadavg").unwrap_or_default().trim(),
    }))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    finish("govshare-bench-delta", run(&args))
}
