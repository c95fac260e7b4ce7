//! Native govshare runner of the encryption benchmark (bench/crypto): SM4
//! encrypt and decrypt (ECB, CBC, GCM) of 64 B, 4 KiB and 1 MiB, and SM2
//! encrypt/decrypt of a 32-byte data key — the tasks the Node, Python and
//! OpenSSL runners time, in the same JSON shape as bench/micro.
//!
//! ```text
//! govshare-bench-crypto [--round-ms 200] [--rounds 5] > out.json
//! ```
//!
//! Each call is one whole `sm4_encrypt` / `sm4_decrypt` (key schedule, mode,
//! padding or tag, a fresh output buffer), as an application calls it.

use std::process::ExitCode;
use std::time::Instant;

use govshare_core::crypto::{
    sm2_decrypt, sm2_encrypt, sm4_decrypt, sm4_encrypt, Sm2CiphertextFormat, Sm4Mode,
};
use govshare_core::sign::{Algorithm, Key};
use serde_json::{json, Value};

/// The plaintext sizes, with the label each task name carries.
pub const SIZES: [(usize, &str); 3] = [(64, "64"), (4096, "4k"), (1 << 20, "1m")];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("govshare-bench-crypto: {e}");
            ExitCode::from(2)
        }
    }
}

fn flag(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

/// CPU time of this thread in seconds (`/proc/thread-self/schedstat`, ns).
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
    /// Warms up for one round length (at least one call) while calibrating a
    /// per-round count, then times `rounds` rounds of it.
    fn time(&self, mut op: impl FnMut() -> Result<(), String>) -> Result<Value, String> {
        let start = Instant::now();
        let mut n = 0u64;
        while start.elapsed().as_secs_f64() < self.round_s || n < 1 {
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
            rounds.push(json!({ "wall_s": w0.elapsed().as_secs_f64(), "cpu_s": thread_cpu() - c0 }));
        }
        Ok(json!({ "count": count, "rounds": rounds }))
    }
}

/// Deterministic filler bytes (the data does not matter to SM4's speed).
fn bytes(n: usize, seed: u32) -> Vec<u8> {
    let mut x = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect()
}

fn run(args: &[String]) -> Result<String, String> {
    let round_s =
        flag(args, "--round-ms").map_or(Ok(200.0), |v| v.parse::<f64>()).map_err(|e| e.to_string())? / 1000.0;
    let rounds = flag(args, "--rounds").map_or(Ok(5), |v| v.parse::<usize>()).map_err(|e| e.to_string())?;
    let timer = Timer { round_s, rounds };
    let e = |e: govshare_core::error::Error| e.to_string();
    let mut results = Vec::new();

    let key = bytes(16, 1);
    for (mode, name, iv_len) in
        [(Sm4Mode::Ecb, "ecb", 0), (Sm4Mode::Cbc, "cbc", 16), (Sm4Mode::Gcm, "gcm", 12)]
    {
        let iv = bytes(iv_len, 2);
        for (size, label) in SIZES {
            let pt = bytes(size, 3);
            let ct = sm4_encrypt(mode, &key, &iv, &pt, &[]).map_err(e)?;
            if sm4_decrypt(mode, &key, &iv, &ct, &[]).map_err(e)? != pt {
                return Err(format!("sm4 {name} round trip"));
            }
            let t = timer.time(|| sm4_encrypt(mode, &key, &iv, &pt, &[]).map(drop).map_err(e))?;
            results.push(json!({ "task": format!("sm4-{name}-enc-{label}"), "impl": "govshare-native", "bytes": size, "timing": t }));
            let t = timer.time(|| sm4_decrypt(mode, &key, &iv, &ct, &[]).map(drop).map_err(e))?;
            results.push(json!({ "task": format!("sm4-{name}-dec-{label}"), "impl": "govshare-native", "bytes": size, "timing": t }));
        }
    }

    let sk = Key::generate(Algorithm::Sm2Sm3).map_err(e)?;
    let pk = sk.public_key().map_err(e)?;
    let fmt = Sm2CiphertextFormat::default();
    let msg = bytes(32, 4);
    let ct = sm2_encrypt(&pk, &msg, fmt).map_err(e)?;
    if sm2_decrypt(&sk, &ct, fmt).map_err(e)? != msg {
        return Err("sm2 round trip".into());
    }
    let t = timer.time(|| sm2_encrypt(&pk, &msg, fmt).map(drop).map_err(e))?;
    results.push(json!({ "task": "sm2-encrypt", "impl": "govshare-native", "bytes": 32, "timing": t }));
    let t = timer.time(|| sm2_decrypt(&sk, &ct, fmt).map(drop).map_err(e))?;
    results.push(json!({ "task": "sm2-decrypt", "impl": "govshare-native", "bytes": 32, "timing": t }));

    Ok(json!({
        "runner": "native",
        "versions": { "govshare": env!("CARGO_PKG_VERSION") },
        "results": results,
    })
    .to_string())
}
