//! Benchmark input generator.
//!
//! ```text
//! govshare-bench-gen catalog --resources N [--seed S] [--findings] [--province 浙江省]
//!                            [--id ID] [--name NAME] --out FILE
//! govshare-bench-gen queries [--count 1000] [--seed S] --out FILE
//! ```
//!
//! `catalog` streams `govshare_core::catalog::sample::write_sample` to a file
//! (what `govshare catalog sample` will do). `queries` writes the query set
//! every runner (native, WASM, JS peers) reads, drawn from the generator's
//! vocabulary, so the same words occur in every generated catalog.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::process::ExitCode;
use std::time::Instant;

use govshare_core::catalog::sample::{vocabulary, write_sample, SampleOptions};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("govshare-bench-gen: {e}");
            ExitCode::from(2)
        }
    }
}

fn flag(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

fn number(args: &[String], name: &str, default: u64) -> Result<u64, String> {
    match flag(args, name) {
        None => Ok(default),
        Some(v) => v.replace('_', "").parse().map_err(|_| format!("{name}: not a number: {v}")),
    }
}

fn run(args: &[String]) -> Result<(), String> {
    let out = flag(args, "--out").ok_or("--out FILE is required")?;
    match args.first().map(String::as_str) {
        Some("catalog") => {
            let mut opts = SampleOptions::national(number(args, "--resources", 10_000)?, 0);
            opts.seed = number(args, "--seed", opts.resources)?;
            opts.with_findings = args.iter().any(|a| a == "--findings");
            if let Some(p) = flag(args, "--province") {
                opts.province = Some(p);
                opts.catalog_id = "province".into();
                opts.catalog_name = "省级公共数据目录".into();
            }
            if let Some(id) = flag(args, "--id") {
                opts.catalog_id = id;
            }
            if let Some(name) = flag(args, "--name") {
                opts.catalog_name = name;
            }
            let started = Instant::now();
            let file = File::create(&out).map_err(|e| format!("{out}: {e}"))?;
            write_sample(&opts, file).map_err(|e| format!("{out}: {e}"))?;
            eprintln!(
                "wrote {} resources (seed {}) to {out} in {:.2} s",
                opts.resources,
                opts.seed,
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Some("queries") => {
            let count = number(args, "--count", 1000)?;
            let seed = number(args, "--seed", 7)?;
            let doc = queries(count, seed);
            let file = File::create(&out).map_err(|e| format!("{out}: {e}"))?;
            let mut w = BufWriter::new(file);
            serde_json::to_writer_pretty(&mut w, &doc).map_err(|e| e.to_string())?;
            w.write_all(b"\n").map_err(|e| e.to_string())?;
            w.flush().map_err(|e| e.to_string())
        }
        _ => Err("usage: govshare-bench-gen (catalog|queries) ... --out FILE".into()),
    }
}

/// SplitMix64, as in the sample generator: the query set is the same on
/// every machine.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }
    fn pick<'a>(&mut self, xs: &'a [String]) -> &'a String {
        &xs[self.below(xs.len())]
    }
}

/// A window of 2 or 4 characters of `word` (the whole word when it has at
/// most `max`).
fn window(rng: &mut Rng, word: &str, max: usize) -> String {
    let chars: Vec<char> = word.chars().collect();
    if chars.len() <= max {
        return word.to_string();
    }
    // Chinese compounds are mostly built of two-character words: cut at
    // even offsets, 2 or 4 characters long.
    let len = if max >= 4 && rng.below(2) == 0 { 4 } else { 2 };
    let start = 2 * rng.below((chars.len() - len) / 2 + 1);
    chars[start..start + len].iter().collect()
}

/// 1,000 Chinese queries by default. Each picks a department and draws
/// from its words — item names, topics, subjects, its name — 2–6 characters,
/// a quarter of them two words; half carry one filter: sharing type, grade
/// (= the resource's highest item grade) or provider (mostly the department
/// the words came from, so filters often intersect the text matches).
fn queries(count: u64, seed: u64) -> serde_json::Value {
    let v = vocabulary();
    let mut rng = Rng(seed);
    let fits = |w: &String| (2..=6).contains(&w.chars().count());
    let subjects = v.subjects.clone();
    let mut out = Vec::new();
    for id in 0..count {
        let di = rng.below(v.departments.len());
        let d = &v.departments[di];
        let items: Vec<String> = d.items.iter().filter(|w| fits(w)).cloned().collect();
        let items = if items.is_empty() { d.items.clone() } else { items };
        let r = rng.below(100);
        let text = if r < 30 {
            let w = rng.pick(&items).clone();
            window(&mut rng, &w, 6)
        } else if r < 50 {
            let t = rng.pick(&d.topics).clone();
            window(&mut rng, &t, 6)
        } else if r < 62 {
            let s = rng.pick(&subjects).clone();
            window(&mut rng, &s, 6)
        } else if r < 70 && fits(&d.name) {
            d.name.clone()
        } else {
            let a = rng.pick(&d.topics).clone();
            let b = rng.pick(&items).clone();
            let (a, b) = (window(&mut rng, &a, 3), window(&mut rng, &b, 3));
            if a == b {
                a
            } else {
                format!("{a} {b}")
            }
        };
        let filter = if rng.below(2) == 0 {
            serde_json::Value::Null
        } else {
            match rng.below(3) {
                0 => {
                    let s = ["unconditional", "conditional", "not_shared"][rng.below(3)];
                    serde_json::json!({ "sharing": s })
                }
                1 => {
                    let g = [1, 2, 2, 3, 3, 3, 4, 4, 4, 4][rng.below(10)];
                    serde_json::json!({ "grade": g })
                }
                _ => {
                    let p =
                        if rng.below(4) == 0 { &v.departments[rng.below(v.departments.len())] } else { d };
                    serde_json::json!({ "provider": p.name, "provider_code": p.code })
                }
            }
        };
        out.push(serde_json::json!({ "id": id, "text": text, "filter": filter }));
    }
    serde_json::json!({
        "format": "govshare-bench-queries",
        "version": 1,
        "seed": seed,
        "filter_semantics": {
            "sharing": "resource.sharing.type equals the value",
            "grade": "the highest grade of the resource's items equals the value",
            "provider": "resource.provider equals the value (provider_code: resource.provider_code)"
        },
        "queries": out,
    })
}
