//! What the bench bins share: flags, CPU time, percentiles, and printing a
//! JSON result (exit 0) or an error (exit 2). Included by each bin with
//! `#[path]`; a bin that needs only part of it leaves the rest unused.
#![allow(dead_code)]

use std::process::ExitCode;

/// The value after flag `name`.
pub fn flag(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

/// CPU time (user + system) of this process so far, in ms, from
/// /proc/self/stat (clock ticks, assumed 100 Hz; 0 elsewhere). On a shared
/// machine wall-clock time includes waiting for a core; CPU time does not.
pub fn cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the `(comm)`: state is field 3; utime and stime are 14 and 15.
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let tick = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (tick(11) + tick(12)) * 10.0
}

/// Nearest-rank percentile `p` of `values` (NaN when empty).
pub fn percentile(values: &[f64], p: f64) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * v.len() as f64).ceil().max(1.0) as usize;
    v.get(rank - 1).copied().unwrap_or(f64::NAN)
}

/// Prints `result` as pretty JSON on stdout, or its error on stderr as `tool: error`.
pub fn finish(tool: &str, result: Result<serde_json::Value, String>) -> ExitCode {
    match result {
        Ok(v) => {
            println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{tool}: {e}");
            ExitCode::from(2)
        }
    }
}
