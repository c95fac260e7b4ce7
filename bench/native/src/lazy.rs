//! Lazy search over a published index, native: what each query of the
//! shared query set fetches (bytes, ranges, rounds) and costs, from a cold
//! reader and after the first query; optionally every page checked against
//! the eagerly loaded index.
//!
//! govshare-bench-lazy --index DIR --platform-key platform.pem --queries data/queries.json
//!     [--check-eager] [--limit N] [--max-held-mb N] > result.json
//!
//! Ranges are read from the files with positioned reads, so the figures
//! are the reader's own (bytes and rounds a portal would fetch over HTTP);
//! network time is not in them.

use std::fs::File;
use std::os::unix::fs::FileExt;
use std::process::ExitCode;
use std::time::Instant;

use govshare_core::catalog::IndexManifest;
use govshare_core::catalog::*;
use govshare_core::sign::PinnedKey;
use serde_json::{json, Value};

#[path = "common.rs"]
mod common;
use common::{finish, flag, percentile};

fn summary(v: &[f64]) -> Value {
    json!({ "p50": percentile(v, 50.0), "p90": percentile(v, 90.0), "p99": percentile(v, 99.0),
            "max": v.iter().copied().fold(f64::NAN, f64::max) })
}

/// The layout's array names in order (docs/catalog-format.md §8), to
/// attribute fetched bytes to arrays through the manifest's directory.
#[rustfmt::skip]
const ARRAYS: [&str; 54] = [
    "catalog info", "source format version", "resource texts", "resource text ends", "strings", "string ends",
    "item names", "item name ends", "classification", "provider", "provider code", "published", "conditions",
    "open conditions", "scope", "purpose", "basis title", "basis article", "sharing", "format", "cycle", "open",
    "grade", "basis kind", "security", "modes", "item ranges", "related ranges", "related codes", "name lengths",
    "abstract lengths", "item name ids", "item lengths", "long item length ids", "long item lengths", "item grades",
    "item flags", "item personal information", "personal information kinds", "term keys", "name posting offsets",
    "name postings", "name document frequencies", "abstract posting offsets", "abstract postings",
    "abstract document frequencies", "term item-name offsets", "term item-name ids", "item document frequencies",
    "item posting offsets", "item postings", "item-name document frequencies", "code order", "code ranks",
];

/// Adds the bytes of `start..end` of `section` to the arrays they cover.
fn attribute(manifest: &IndexManifest, section: &str, start: u64, end: u64, by_array: &mut [f64]) {
    let mut k = 0;
    for s in &manifest.sections {
        for (j, a) in s.arrays.iter().enumerate() {
            if s.name == section {
                let a_end = s.arrays.get(j + 1).map_or(s.length, |n| n.offset);
                let overlap = end.min(a_end).saturating_sub(start.max(a.offset));
                by_array[k] += overlap as f64;
            }
            k += 1;
        }
    }
}

struct Index {
    dir: std::path::PathBuf,
    manifest: Vec<u8>,
    signature: String,
    pin: PinnedKey,
}

/// One answered query: result, bytes fetched (in all and per array), ranges, rounds, wall time.
struct Answer {
    result: SearchResult,
    by_array: Vec<f64>,
    bytes: u64,
    ranges: u64,
    rounds: u64,
    ms: f64,
}

impl Index {
    fn open(&self) -> Result<(LazyIndex, u64), String> {
        let mut lazy =
            LazyIndex::new(&self.manifest, &self.signature, &self.pin, &IndexExpectation::default())
                .map_err(|e| e.to_string())?;
        let mut bytes = 0;
        for s in lazy.manifest().sections.clone() {
            let list = std::fs::read(self.dir.join(&s.block_file)).map_err(|e| e.to_string())?;
            bytes += list.len() as u64;
            lazy.add_block_list(&s.name, &list).map_err(|e| e.to_string())?;
        }
        Ok((lazy, bytes))
    }

    fn search(&self, lazy: &mut LazyIndex, q: &SearchQuery) -> Result<Answer, String> {
        let t = Instant::now();
        let (mut bytes, mut ranges, mut rounds) = (0, 0, 0);
        let mut by_array = vec![0.0; ARRAYS.len()];
        loop {
            let step = lazy.search(q).map_err(|e| e.to_string())?;
            if let Some(result) = step.result {
                return Ok(Answer {
                    result,
                    by_array,
                    bytes,
                    ranges,
                    rounds,
                    ms: t.elapsed().as_secs_f64() * 1e3,
                });
            }
            rounds += 1;
            for r in step.need {
                let file = File::open(self.dir.join(&r.file)).map_err(|e| e.to_string())?;
                let mut buf = vec![0u8; (r.end - r.start) as usize];
                file.read_exact_at(&mut buf, r.start).map_err(|e| e.to_string())?;
                bytes += buf.len() as u64;
                ranges += 1;
                attribute(lazy.manifest(), &r.section, r.start, r.end, &mut by_array);
                lazy.add_range(&r.section, r.start, &buf).map_err(|e| e.to_string())?;
            }
        }
    }
}

fn to_query(q: &Value, limit: u32) -> SearchQuery {
    let f = &q["filter"];
    SearchQuery {
        text: q["text"].as_str().unwrap_or_default().to_string(),
        provider: f.get("provider").and_then(Value::as_str).map(str::to_string),
        sharing: f.get("sharing").and_then(|v| serde_json::from_value(v.clone()).ok()),
        grade: f.get("grade").and_then(Value::as_u64).map(|g| g as u8),
        limit,
        ..Default::default()
    }
}

fn run(args: &[String]) -> Result<Value, String> {
    let dir = std::path::PathBuf::from(flag(args, "--index").ok_or("--index DIR is required")?);
    let pem = std::fs::read_to_string(flag(args, "--platform-key").ok_or("--platform-key FILE is required")?)
        .map_err(|e| e.to_string())?;
    let queries_path = flag(args, "--queries").ok_or("--queries FILE is required")?;
    let limit: u32 = flag(args, "--limit").map_or(Ok(20), |v| v.parse()).map_err(|_| "--limit N")?;
    let queries: Value = serde_json::from_slice(&std::fs::read(&queries_path).map_err(|e| e.to_string())?)
        .map_err(|e| e.to_string())?;
    let queries: Vec<SearchQuery> =
        queries["queries"].as_array().ok_or("no `queries`")?.iter().map(|q| to_query(q, limit)).collect();
    let index = Index {
        manifest: std::fs::read(dir.join("manifest.json")).map_err(|e| e.to_string())?,
        signature: std::fs::read_to_string(dir.join("manifest.sig")).map_err(|e| e.to_string())?,
        pin: PinnedKey::from_text(&pem).map_err(|e| e.to_string())?,
        dir,
    };

    // From cold, per query: a new reader each time (block lists included).
    let (mut cold_bytes, mut cold_ms, mut cold_rounds) = (Vec::new(), Vec::new(), Vec::new());
    let mut lists = 0;
    let mut cold_by_array = vec![0.0; ARRAYS.len()];
    for q in &queries {
        let (mut lazy, list_bytes) = index.open()?;
        lists = list_bytes;
        let a = index.search(&mut lazy, q)?;
        for (sum, b) in cold_by_array.iter_mut().zip(&a.by_array) {
            *sum += b / queries.len() as f64;
        }
        cold_bytes.push((a.bytes + list_bytes) as f64 / 1e6);
        cold_ms.push(a.ms);
        cold_rounds.push(a.rounds as f64);
    }
    // One reader for the whole set, as a portal keeps it: what each query
    // adds once the boot arrays and earlier queries' blocks are held.
    let (mut lazy, _) = index.open()?;
    let max_held: u64 =
        flag(args, "--max-held-mb").map_or(Ok(0), |v| v.parse::<u64>()).map_err(|_| "--max-held-mb N")?;
    lazy.set_max_held_bytes(max_held * 1_000_000);
    let (mut warm_bytes, mut warm_ms, mut warm_ranges) = (Vec::new(), Vec::new(), Vec::new());
    let mut answers = Vec::new();
    for q in &queries {
        let a = index.search(&mut lazy, q)?;
        warm_bytes.push(a.bytes as f64 / 1e6);
        warm_ms.push(a.ms);
        warm_ranges.push(a.ranges as f64);
        answers.push(a.result);
    }
    let held = lazy.stats();
    // Everything held: search time alone.
    let mut held_ms = Vec::new();
    for q in &queries {
        held_ms.push(index.search(&mut lazy, q)?.ms);
    }
    let mut slowest: Vec<(f64, &SearchQuery)> = held_ms.iter().copied().zip(&queries).collect();
    slowest.sort_by(|a, b| b.0.total_cmp(&a.0));
    let slowest: Vec<Value> = slowest.iter().take(5).map(|(ms, q)| json!({ "ms": ms, "query": q })).collect();

    let mut eager_check = Value::Null;
    if args.iter().any(|a| a == "--check-eager") {
        let t = Instant::now();
        let mut loader = PublishedIndexLoader::new(
            &index.manifest,
            &index.signature,
            &index.pin,
            &IndexExpectation::default(),
        )
        .map_err(|e| e.to_string())?;
        for s in loader.sections().to_vec() {
            loader
                .add_block_list(
                    &s.name,
                    &std::fs::read(index.dir.join(&s.block_file)).map_err(|e| e.to_string())?,
                )
                .map_err(|e| e.to_string())?;
        }
        for s in loader.sections().to_vec() {
            loader
                .push(&std::fs::read(index.dir.join(&s.file)).map_err(|e| e.to_string())?)
                .map_err(|e| e.to_string())?;
        }
        let catalog = loader.finish().map_err(|e| e.to_string())?;
        let load_ms = t.elapsed().as_secs_f64() * 1e3;
        let differing: Vec<usize> = queries
            .iter()
            .zip(&answers)
            .enumerate()
            .filter(|(_, (q, lazy))| catalog.search(q).ok().as_ref() != Some(*lazy))
            .map(|(i, _)| i)
            .collect();
        eager_check = json!({ "queries": queries.len(), "differing": differing, "eager_load_ms": load_ms });
    }
    let mut ranked: Vec<(&str, f64)> =
        ARRAYS.iter().copied().zip(cold_by_array.iter().map(|b| b / 1e6)).collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    let by_array: Vec<Value> = ranked
        .into_iter()
        .filter(|(_, mb)| *mb > 0.0)
        .map(|(n, mb)| json!([n, (mb * 1000.0).round() / 1000.0]))
        .collect();
    Ok(json!({
        "tool": "govshare-bench-lazy",
        "index": index.dir.display().to_string(),
        "block_size": lazy.manifest().block_size,
        "queries": queries.len(),
        "limit": limit,
        "index_bytes": held.bytes_total,
        "block_list_bytes": lists,
        "cold_first_query": { "mb": summary(&cold_bytes), "ms": summary(&cold_ms), "rounds": summary(&cold_rounds) },
        "max_held_mb": max_held,
        "kept_reader": { "mb_added": summary(&warm_bytes), "ms": summary(&warm_ms), "ranges": summary(&warm_ranges),
                          "held_after_all_mb": held.bytes_held as f64 / 1e6 },
        "everything_held_ms": summary(&held_ms),
        "slowest_held": slowest,
        // Mean MB per cold first query, by array (largest first).
        "cold_mb_by_array": by_array,
        "eager_check": eager_check,
    }))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    finish("govshare-bench-lazy", run(&args))
}
