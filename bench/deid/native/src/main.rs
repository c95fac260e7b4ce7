//! Native govshare runner of the de-identification benchmark (bench/deid,
//! issue #15): `check_deid` over a CSV already in memory ("from CSV bytes":
//! CSV parsing included), or `DeidChecker` fed from the file in 1 MiB chunks
//! (`--stream`: reading included, the input never held whole — the memory
//! figure then is the checker's, bounded by the classes).
//!
//! ```text
//! govshare-bench-deid --data F.csv --quasi a,b,c --sensitive s,t [--reps 5] [--stream] > out.json
//! ```
//!
//! Prints one JSON object: per repetition wall and CPU seconds (this thread,
//! `/proc/thread-self/schedstat`), the report's k, ℓ, entropy ℓ and classes,
//! and the process's peak RSS (`VmHWM`) before the first check and at the end.

use std::io::Read;
use std::process::ExitCode;
use std::time::Instant;

use govshare_core::mask::{check_deid, DataFormat, DeidChecker, DeidOptions, DeidReport};
use serde_json::{json, Value};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(v) => {
            println!("{v}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("govshare-bench-deid: {e}");
            ExitCode::from(2)
        }
    }
}

fn flag(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

fn list(v: Option<String>) -> Vec<String> {
    v.map(|s| s.split(',').filter(|c| !c.is_empty()).map(str::to_owned).collect()).unwrap_or_default()
}

/// CPU time of this thread in seconds (`/proc/thread-self/schedstat`, ns).
fn thread_cpu() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|v| v.parse::<u64>().ok()))
        .map_or(0.0, |ns| ns as f64 / 1e9)
}

/// A `/proc/self/status` field in KiB (VmHWM: peak RSS, VmRSS: current).
fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse::<u64>().ok()))
        })
        .unwrap_or(0)
}

fn stream(path: &str, options: &DeidOptions) -> Result<DeidReport, String> {
    let mut f = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut c = DeidChecker::new(DataFormat::Csv, options).map_err(|e| e.to_string())?;
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf).map_err(|e| e.to_string())?;
        if n == 0 {
            break;
        }
        c.push(buf.get(..n).unwrap_or(&[])).map_err(|e| e.to_string())?;
    }
    c.finish().map_err(|e| e.to_string())
}

fn run(args: &[String]) -> Result<Value, String> {
    let path = flag(args, "--data").ok_or("--data FILE is required")?;
    let reps = flag(args, "--reps").map_or(Ok(5), |v| v.parse::<usize>()).map_err(|e| e.to_string())?;
    let streaming = args.iter().any(|a| a == "--stream");
    let options = DeidOptions {
        quasi: list(flag(args, "--quasi")),
        sensitive: list(flag(args, "--sensitive")),
        k: 5,
        l: 2,
        ..DeidOptions::default()
    };
    let data = if streaming { Vec::new() } else { std::fs::read(&path).map_err(|e| e.to_string())? };
    let hwm_before = status_kib("VmHWM:");
    let mut rounds = Vec::new();
    let mut report = None;
    for _ in 0..reps.max(1) {
        let (c0, w0) = (thread_cpu(), Instant::now());
        let r = if streaming {
            stream(&path, &options)?
        } else {
            check_deid(DataFormat::Csv, &data, &options).map_err(|e| e.to_string())?
        };
        rounds.push(json!({ "wall_s": w0.elapsed().as_secs_f64(), "cpu_s": thread_cpu() - c0 }));
        report = Some(r);
    }
    let r = report.ok_or("no repetition")?;
    Ok(json!({
        "impl": if streaming { "govshare-native-stream" } else { "govshare-native" },
        "input": if streaming { "CSV file, 1 MiB chunks (DeidChecker)" } else { "CSV bytes in memory (check_deid)" },
        "data": path,
        "data_bytes": std::fs::metadata(&path).map_or(0, |m| m.len()),
        "quasi": options.quasi,
        "sensitive": options.sensitive,
        "rounds": rounds,
        "records": r.records,
        "classes": r.classes,
        "k": r.k_achieved,
        "l": r.l_achieved,
        "l_entropy": r.l_entropy,
        "vmhwm_kib_before": hwm_before,
        "vmhwm_kib": status_kib("VmHWM:"),
        "loadavg_end": std::fs::read_to_string("/proc/loadavg").unwrap_or_default().split_whitespace().take(3).collect::<Vec<_>>().join(" "),
    }))
}
