//! Native govshare runner of the micro-benchmark (bench/micro): RFC 8785
//! canonicalization of the shared documents, raw sign/verify per algorithm,
//! and a full RFC 9421 request sign/verify — the same tasks the Node and
//! Python runners time, in the same JSON shape.
//!
//! ```text
//! govshare-bench-micro --data bench/micro/data [--round-ms 250] [--rounds 5] > out.json
//! ```
//!
//! Each task runs for `rounds` timed rounds of about `round-ms` (the count per
//! round is calibrated first); the runner prints every round's wall and
//! thread-CPU time, and bench/micro/report.mjs takes the medians.

use std::process::ExitCode;
use std::time::Instant;

use govshare_core::http_message::HttpMessage;
use govshare_core::jcs::canonicalize;
use govshare_core::sign::{
    sign_message, verify_message, Algorithm, Key, SignatureParams, VerificationPolicy,
};
use serde_json::{json, Value};

/// `created` of the full-request signatures and `now` of their verification.
const CREATED: i64 = 1_795_000_000;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("govshare-bench-micro: {e}");
            ExitCode::from(2)
        }
    }
}

fn flag(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

/// CPU time of this thread in seconds (Linux `/proc/thread-self/schedstat`,
/// nanoseconds; 0 elsewhere). Wall time on a shared machine includes waiting
/// for a core; this does not.
fn thread_cpu() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|v| v.parse::<u64>().ok()))
        .map_or(0.0, |ns| ns as f64 / 1e9)
}

struct Timer {
    round_s: f64,
    rounds: usize,
}

impl Timer {
    /// Warms up for one round length while calibrating a per-round count, then
    /// times `rounds` rounds of it.
    fn time(&self, mut op: impl FnMut() -> Result<(), String>) -> Result<Value, String> {
        // Warm up and estimate the cost of one call.
        let start = Instant::now();
        let mut n = 0u64;
        while start.elapsed().as_secs_f64() < self.round_s || n < 2 {
            op()?;
            n += 1;
        }
        let per_op = start.elapsed().as_secs_f64() / n as f64;
        let count = ((self.round_s / per_op).ceil() as u64).max(1);
        let mut rounds = Vec::with_capacity(self.rounds);
        for _ in 0..self.rounds {
            let (c0, w0) = (thread_cpu(), Instant::now());
            for _ in 0..count {
                op()?;
            }
            let wall = w0.elapsed().as_secs_f64();
            rounds.push(json!({ "wall_s": wall, "cpu_s": thread_cpu() - c0 }));
        }
        Ok(json!({ "count": count, "rounds": rounds }))
    }
}

fn read(dir: &str, name: &str) -> Result<Vec<u8>, String> {
    std::fs::read(format!("{dir}/{name}")).map_err(|e| format!("{dir}/{name}: {e}"))
}

fn sha256_hex(bytes: &[u8]) -> String {
    govshare_core::digest::sha256_hex(bytes)
}

fn run(args: &[String]) -> Result<String, String> {
    let dir = flag(args, "--data").ok_or("--data DIR is required")?;
    let round_ms: f64 =
        flag(args, "--round-ms").map_or(Ok(250.0), |v| v.parse()).map_err(|_| "--round-ms")?;
    let rounds: usize = flag(args, "--rounds").map_or(Ok(5), |v| v.parse()).map_err(|_| "--rounds")?;
    let timer = Timer { round_s: round_ms / 1000.0, rounds };
    let e = |err: govshare_core::Error| err.to_string();
    let mut results = Vec::new();

    // The floor the bindings' per-call figures are compared with: SM3 of no bytes.
    let t = timer.time(|| {
        std::hint::black_box(govshare_core::sign::sm3(std::hint::black_box(&[])));
        Ok(())
    })?;
    results.push(json!({ "task": "call-floor", "impl": "govshare-native", "mode": "sm3(&[])", "timing": t }));

    // --- #3 canonicalization
    for (task, file) in [("jcs-10k", "doc-10k.json"), ("jcs-1m", "doc-1m.json"), ("jcs-app", "app-2k.json")] {
        let input = read(&dir, file)?;
        let canonical = canonicalize(&input).map_err(e)?;
        let t = timer.time(|| canonicalize(&input).map(drop).map_err(e))?;
        results.push(json!({
            "task": task, "impl": "govshare-native", "bytes": input.len(),
            "output_sha256": sha256_hex(&canonical), "timing": t,
        }));
    }

    // --- #4 raw sign / verify
    let data = read(&dir, "sign-data.bin")?;
    for (name, alg) in [
        ("ed25519", Algorithm::Ed25519),
        ("ecdsa-p256-sha256", Algorithm::EcdsaP256Sha256),
        ("hmac-sha256", Algorithm::HmacSha256),
        ("sm2-sm3", Algorithm::Sm2Sm3),
    ] {
        let key = match alg {
            Algorithm::HmacSha256 => Key::from_hmac_secret(&[7u8; 32]).map_err(e)?,
            _ => Key::generate(alg).map_err(e)?,
        };
        let public = if alg == Algorithm::HmacSha256 {
            Key::from_hmac_secret(&[7u8; 32]).map_err(e)?
        } else {
            key.public_key().map_err(e)?
        };
        let sig = key.sign(&data).map_err(e)?;
        public.verify(&data, &sig).map_err(e)?;
        let t = timer.time(|| key.sign(&data).map(drop).map_err(e))?;
        results.push(json!({ "task": format!("sign-{name}"), "impl": "govshare-native", "timing": t }));
        let t = timer.time(|| public.verify(&data, &sig).map_err(e))?;
        results.push(json!({ "task": format!("verify-{name}"), "impl": "govshare-native", "timing": t }));
    }

    // --- #4 full RFC 9421 request (Ed25519, sha-256 Content-Digest over the 2 KB application)
    let request_json =
        String::from_utf8(read(&dir, "request.json")?).map_err(|_| "request.json is not UTF-8")?;
    let request = HttpMessage::from_json(&request_json).map_err(e)?;
    let key = Key::generate(Algorithm::Ed25519).map_err(e)?;
    let public = key.public_key().map_err(e)?;
    let params = SignatureParams {
        components: vec!["@method".into(), "@target-uri".into(), "content-type".into()],
        created: Some(CREATED),
        keyid: Some("bench-key".into()),
        alg: Some(Algorithm::Ed25519),
        ..SignatureParams::default()
    };
    let policy = VerificationPolicy::default();
    let signed = sign_message(&request, &key, &params, None).map_err(e)?;
    let checked = verify_message(&signed.message, &public, &policy, CREATED, None, None).map_err(e)?;
    if !checked.content_digest_checked {
        return Err("full request: Content-Digest was not checked".into());
    }
    let t = timer.time(|| sign_message(&request, &key, &params, None).map(drop).map_err(e))?;
    results.push(json!({ "task": "request-sign-ed25519", "impl": "govshare-native", "timing": t }));
    let t = timer.time(|| {
        verify_message(&signed.message, &public, &policy, CREATED, None, None).map(drop).map_err(e)
    })?;
    results.push(json!({ "task": "request-verify-ed25519", "impl": "govshare-native", "timing": t }));

    Ok(json!({
        "runner": "native",
        "versions": { "govshare": env!("CARGO_PKG_VERSION") },
        "results": results,
    })
    .to_string())
}
