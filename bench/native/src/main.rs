//! Native govshare runner of the benchmark: loads a generated catalog with
//! `Catalog::from_json`, snapshots it, runs the shared query set (timed pass
//! with limit 20, quality pass with limit 1000) and prints JSON whose
//! `results` `bench/js/score.mjs` scores against the brute-force truth.
//!
//! ```text
//! govshare-bench-native --catalog data/catalog-100k.json --queries data/queries.json \
//!                       [--provider-by name|code] > out/native-100k.json
//! ```

use std::process::ExitCode;
use std::time::Instant;

use govshare_core::catalog::{Catalog, SearchQuery, SharingType};
use serde_json::{json, Value};

#[path = "common.rs"]
mod common;
use common::{cpu_ms, flag, percentile};

const TIMED_LIMIT: u32 = 20;
/// Same as `QUALITY_LIMIT` in bench/js/metrics.mjs.
const QUALITY_LIMIT: u32 = 1000;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("govshare-bench-native: {e}");
            ExitCode::from(2)
        }
    }
}

/// Resident set size and its peak, from /proc (Linux; 0 elsewhere).
fn rss() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = |key: &str| {
        status
            .lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
            * 1024
    };
    (kb("VmRSS:"), kb("VmHWM:"))
}

fn summary(ms: &[f64]) -> Value {
    let mean = ms.iter().sum::<f64>() / ms.len().max(1) as f64;
    json!({ "p50_ms": percentile(ms, 50.0), "p99_ms": percentile(ms, 99.0), "mean_ms": mean })
}

fn to_query(q: &Value, limit: u32, provider_by_code: bool) -> Result<SearchQuery, String> {
    let f = &q["filter"];
    let sharing: Option<SharingType> = match f.get("sharing") {
        Some(v) => Some(serde_json::from_value(v.clone()).map_err(|e| e.to_string())?),
        None => None,
    };
    let provider_key = if provider_by_code { "provider_code" } else { "provider" };
    Ok(SearchQuery {
        text: q["text"].as_str().unwrap_or_default().to_string(),
        provider: f.get(provider_key).and_then(Value::as_str).map(str::to_string),
        sharing,
        grade: f.get("grade").and_then(Value::as_u64).map(|g| g as u8),
        update_cycle: None,
        format: None,
        classification_prefix: None,
        limit,
        offset: 0,
    })
}

/// Per-query wall times of one pass over the timed queries, in ms.
struct Pass {
    all: Vec<f64>,
    filtered: Vec<f64>,
    unfiltered: Vec<f64>,
    errors: u64,
}

fn timed_pass(catalog: &Catalog, parsed: &[(bool, SearchQuery, SearchQuery)]) -> Pass {
    let mut pass = Pass { all: Vec::new(), filtered: Vec::new(), unfiltered: Vec::new(), errors: 0 };
    for (has_filter, q, _) in parsed {
        let t = Instant::now();
        let r = catalog.search(q);
        let ms = t.elapsed().as_secs_f64() * 1e3;
        if r.is_err() {
            pass.errors += 1;
        }
        pass.all.push(ms);
        if *has_filter {
            pass.filtered.push(ms)
        } else {
            pass.unfiltered.push(ms)
        }
    }
    pass
}

fn run(args: &[String]) -> Result<Value, String> {
    let catalog_path = flag(args, "--catalog").ok_or("--catalog FILE is required")?;
    let queries_path = flag(args, "--queries").ok_or("--queries FILE is required")?;
    let by_code = flag(args, "--provider-by").as_deref() == Some("code");

    let queries: Value =
        serde_json::from_slice(&std::fs::read(&queries_path).map_err(|e| format!("{queries_path}: {e}"))?)
            .map_err(|e| format!("{queries_path}: {e}"))?;
    let queries = queries["queries"].as_array().cloned().ok_or("queries file has no `queries`")?;

    let (rss_before, _) = rss();
    let bytes = std::fs::read(&catalog_path).map_err(|e| format!("{catalog_path}: {e}"))?;
    let t = Instant::now();
    let cpu = cpu_ms();
    // A snapshot (`govshare catalog snapshot`) loads in a second, so that
    // comparing two builds' queries does not wait for the JSON build.
    let from_snapshot = govshare_core::catalog::is_snapshot(&bytes);
    let catalog = if from_snapshot { Catalog::from_snapshot(&bytes) } else { Catalog::from_json(&bytes) }
        .map_err(|e| format!("{catalog_path}: {e}"))?;
    let build_ms = t.elapsed().as_secs_f64() * 1e3;
    let build_cpu_ms = cpu_ms() - cpu;
    let json_bytes = bytes.len();
    drop(bytes);
    let (rss_after, rss_peak) = rss();
    let stats_loaded = catalog.stats();

    let t = Instant::now();
    let snapshot = catalog.to_snapshot();
    let snapshot_write_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    let reloaded = Catalog::from_snapshot(&snapshot).map_err(|e| format!("snapshot: {e}"))?;
    let snapshot_load_ms = t.elapsed().as_secs_f64() * 1e3;
    let snapshot_bytes = snapshot.len();
    drop(snapshot);
    drop(reloaded);

    let parsed: Vec<(bool, SearchQuery, SearchQuery)> = queries
        .iter()
        .map(|q| {
            Ok((
                !q["filter"].is_null(),
                to_query(q, TIMED_LIMIT, by_code)?,
                to_query(q, QUALITY_LIMIT, by_code)?,
            ))
        })
        .collect::<Result<_, String>>()?;

    // Warm-up, then the timed pass.
    for (_, q, _) in parsed.iter().take(100) {
        let _ = catalog.search(q);
    }
    let (pass_start, pass_cpu) = (Instant::now(), cpu_ms());
    let first = timed_pass(&catalog, &parsed);
    let pass_wall_ms = pass_start.elapsed().as_secs_f64() * 1e3;
    let pass_cpu_ms = cpu_ms() - pass_cpu;
    // The same queries again: every term has been searched once, so what a
    // search derives on a term's first use (dense-term data) is in place.
    let second = timed_pass(&catalog, &parsed);
    let errors = first.errors + second.errors;
    let (all, filtered, unfiltered) = (first.all, first.filtered, first.unfiltered);
    let stats_after = catalog.stats();

    // Profiling (issue #14: "profile first"): `--profile-repeat N` runs the
    // timed queries N more times and stops (no quality pass), so that a
    // sampling profiler sees the timed searches; `--profile-slowest K`
    // repeats only the K slowest of the timed pass — what p99 is made of.
    let repeat: usize = flag(args, "--profile-repeat").and_then(|v| v.parse().ok()).unwrap_or(0);
    if repeat > 0 {
        let slowest: usize = flag(args, "--profile-slowest").and_then(|v| v.parse().ok()).unwrap_or(0);
        let mut picked: Vec<usize> = (0..parsed.len()).collect();
        if slowest > 0 {
            picked.sort_by(|&a, &b| all[b].total_cmp(&all[a]));
            picked.truncate(slowest);
        }
        let (t, cpu) = (Instant::now(), cpu_ms());
        for _ in 0..repeat {
            for &i in &picked {
                let _ = catalog.search(&parsed[i].1);
            }
        }
        let profiled: Vec<Value> = picked
            .iter()
            .map(|&i| {
                let total = catalog.search(&parsed[i].2).map(|r| r.total).unwrap_or(0);
                json!({ "id": queries[i]["id"], "text": queries[i]["text"], "filter": queries[i]["filter"],
                        "ms": all[i], "total": total })
            })
            .collect();
        return Ok(json!({
            "engine": "govshare-native (profile mode)",
            "latency": { "all": summary(&all) },
            "profile": { "repeat": repeat, "queries": profiled, "wall_ms": t.elapsed().as_secs_f64() * 1e3,
                         "cpu_ms": cpu_ms() - cpu },
        }));
    }

    // Quality pass: codes for the scorer.
    let mut results = Vec::with_capacity(parsed.len());
    for ((_, _, q), raw) in parsed.iter().zip(&queries) {
        // `relaxed`: nothing matched every term, so the engine fell back to
        // any term and said so; the scorer counts such a page as empty.
        let (total, relaxed, codes) = match catalog.search(q) {
            Ok(r) => (r.total, r.relaxed, r.hits.into_iter().map(|h| h.code).collect::<Vec<_>>()),
            Err(_) => (0, false, Vec::new()),
        };
        results.push(json!({ "id": raw["id"], "total": total, "relaxed": relaxed, "codes": codes }));
    }

    Ok(json!({
        "engine": "govshare-native",
        "version": govshare_core::VERSION,
        "config": format!("Catalog::{} + Catalog::search; provider filter by {}",
                          if from_snapshot { "from_snapshot" } else { "from_json" }, if by_code { "code" } else { "name" }),
        "catalog": { "path": catalog_path, "bytes": json_bytes },
        "build_ms": build_ms,
        "index_rss_bytes": rss_after.saturating_sub(rss_before),
        "rss_bytes": rss_after,
        "rss_peak_bytes": rss_peak,
        "catalog_stats": serde_json::to_value(stats_loaded).unwrap_or(Value::Null),
        // After both passes (with the dense-term data searches derived).
        "catalog_stats_after_queries": serde_json::to_value(stats_after).unwrap_or(Value::Null),
        "snapshot": { "bytes": snapshot_bytes, "write_ms": snapshot_write_ms, "load_ms": snapshot_load_ms },
        "search_errors": errors,
        "cpu": { "build_ms": build_cpu_ms, "timed_pass_ms": pass_cpu_ms, "timed_pass_wall_ms": pass_wall_ms },
        "latency": { "all": summary(&all), "filtered": summary(&filtered), "unfiltered": summary(&unfiltered) },
        "latency_repeat": { "all": summary(&second.all), "filtered": summary(&second.filtered),
                            "unfiltered": summary(&second.unfiltered) },
        "quality_limit": QUALITY_LIMIT,
        "results": results,
    }))
}
