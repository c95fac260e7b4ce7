//! A delta of many changes applied to a large catalog, native: what issue
//! #14's "delta of 1,000 changes ≤ 1 s" costs today (the index is rebuilt).
//!
//! govshare-bench-delta --snapshot FILE [--changes 1000] > result.json
//!
//! The delta replaces, withdraws and adds resources in equal shares (the
//! replaced ones get a changed name and abstract), built from the catalog
//! itself; `apply_delta_document` is timed, then one search checks it.

use std::process::ExitCode;
use std::time::Instant;

use govshare_core::catalog::*;
use serde_json::json;

#[path = "common.rs"]
mod common;
use common::{cpu_ms, finish, flag};

fn run(args: &[String]) -> Result<serde_json::Value, String> {
    let path = flag(args, "--snapshot").ok_or("--snapshot FILE is required")?;
    let changes: usize =
        flag(args, "--changes").map_or(Ok(1000), |v| v.parse()).map_err(|_| "--changes N")?;
    let t = Instant::now();
    let mut catalog = Catalog::from_snapshot(&std::fs::read(&path).map_err(|e| e.to_string())?)
        .map_err(|e| e.to_string())?;
    let load_ms = t.elapsed().as_secs_f64() * 1e3;
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
    let (t, cpu) = (Instant::now(), cpu_ms());
    let outcome = catalog.apply_delta_document(&doc).map_err(|e| e.to_string())?;
    let apply_ms = t.elapsed().as_secs_f64() * 1e3;
    let apply_cpu_ms = cpu_ms() - cpu;
    let check = catalog
        .search(&SearchQuery { text: "变更 登记 许可".into(), ..Default::default() })
        .map_err(|e| e.to_string())?;
    Ok(json!({
        "tool": "govshare-bench-delta",
        "snapshot": path,
        "resources_before": n,
        "changes": changes,
        "snapshot_load_ms": load_ms,
        "apply_ms": apply_ms,
        "apply_cpu_ms": apply_cpu_ms,
        "outcome": outcome,
        "check_total": check.total,
        "load_average": std::fs::read_to_string("/proc/loadavg").unwrap_or_default().trim(),
    }))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    finish("govshare-bench-delta", run(&args))
}
