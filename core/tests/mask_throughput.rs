//! Throughput check on 100k generated realistic records (name, ID, phone,
//! address, free-text remark). Ignored by default; run in release:
//! `cargo test -p govshare-core --release --test mask_throughput -- --ignored --nocapture`

/// CPU time of this thread in seconds (the machine is shared, so wall
/// time would measure the other processes too). Linux only.
fn cpu() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|x| x.parse::<f64>().ok()))
        .map_or(0.0, |ns| ns / 1e9)
}

struct Instant(f64);
impl Instant {
    fn now() -> Instant {
        Instant(cpu())
    }
    fn elapsed(&self) -> std::time::Duration {
        std::time::Duration::from_secs_f64((cpu() - self.0).max(1e-9))
    }
}

use govshare_core::mask::detect::resident_id_check_char;
use govshare_core::mask::{DataFormat, MaskPolicy, MaskVerifier, Masker, Scanner, StreamOptions};

fn records(n: usize) -> String {
    let surnames = ["张", "王", "李", "赵", "欧阳", "陈"];
    let mut s = String::with_capacity(n * 260);
    for i in 0..n {
        let first17 = format!("3301061985{:02}{:02}{:03}", 1 + i % 12, 1 + i % 28, i % 1000);
        let id = format!("{first17}{}", resident_id_check_char(first17.as_bytes()).unwrap() as char);
        let remark = if i % 10 == 0 {
            format!("申请人于2024年3月办理社保转移，联系电话13{:09}，请尽快处理。", i)
        } else {
            "申请人于2024年3月办理社保转移业务，材料齐全，已受理，请于五个工作日内答复。".to_owned()
        };
        s.push_str(&format!(
            "{{\"name\":\"{}明华\",\"idNumber\":\"{id}\",\"phone\":\"13{:09}\",\"address\":\"浙江省杭州市西湖区文三路{}号\",\"remark\":\"{remark}\"}}\n",
            surnames[i % surnames.len()],
            i,
            i % 500
        ));
    }
    s
}

#[test]
#[ignore]
fn throughput() {
    let data = records(100_000);
    let mb = data.len() as f64 / 1e6;
    let policy = MaskPolicy::from_json(
        r#"{"fields": {"name": {"rule": "keep", "first": 1, "last": 0}, "idNumber": {"rule": "keep", "first": 6, "last": 4},
            "phone": {"rule": "keep", "first": 3, "last": 4}, "address": {"rule": "generalize", "to": "county"}, "remark": {"rule": "plain"}}}"#,
    )
    .unwrap();
    let opts = StreamOptions::default();
    let t = Instant::now();
    let mut text_bytes = 0usize;
    let mut found = 0usize;
    for line in data.lines() {
        text_bytes += line.len();
        found += govshare_core::mask::detect::detect(line).len();
    }
    let raw = t.elapsed().as_secs_f64();
    // Fed in 64 KiB chunks, as a CLI streaming a file would.
    const CHUNK: usize = 64 * 1024;
    let t = Instant::now();
    let mut s = Scanner::new(DataFormat::Ndjson, &opts);
    for c in data.as_bytes().chunks(CHUNK) {
        s.feed(c).unwrap();
    }
    let scan = s.finish().unwrap();
    let scan_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let mut m = Masker::new(&policy, DataFormat::Ndjson, None, &opts).unwrap();
    let mut output = Vec::with_capacity(data.len());
    for c in data.as_bytes().chunks(CHUNK) {
        m.feed_into(c, &mut output).unwrap();
    }
    m.finish_into(&mut output).unwrap();
    let apply_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let mut v = MaskVerifier::new(&policy, None, DataFormat::Ndjson, &opts).unwrap();
    for c in output.chunks(CHUNK) {
        v.feed(c).unwrap();
    }
    let rep = v.finish().unwrap();
    let verify_s = t.elapsed().as_secs_f64();
    assert!(rep.passed);
    assert!(found > 0 && scan.finding_count > 0);
    println!("input {mb:.1} MB, {} records", scan.records);
    println!("detector on raw lines: {:.0} MB/s", text_bytes as f64 / 1e6 / raw);
    println!("scan (NDJSON parse + detect): {:.0} MB/s", mb / scan_s);
    println!("apply: {:.0} MB/s", mb / apply_s);
    println!("verify: {:.0} MB/s", output.len() as f64 / 1e6 / verify_s);
}

#[test]
#[ignore]
fn detector_micro() {
    let cases = [
        ("cjk", "申请人于年月办理社保转移业务，材料齐全，已受理，请于五个工作日内答复。".repeat(20000)),
        ("ascii words", "the quick brown fox jumps over the lazy dog ".repeat(20000)),
        ("digits", "1234 5678 2024 13812345678 11010519491231002X ".repeat(20000)),
    ];
    for (name, t) in cases {
        let s = Instant::now();
        let mut n = 0;
        for _ in 0..5 {
            n += govshare_core::mask::detect::detect(&t).len();
        }
        let secs = s.elapsed().as_secs_f64();
        println!("{name}: {:.0} MB/s ({n})", t.len() as f64 * 5.0 / 1e6 / secs);
    }
}

/// A fixed workload for instruction counting (e.g. under
/// `valgrind --tool=cachegrind`), where a shared machine's load does not
/// distort the result. `MASK_PHASE` = `detect`, `scan`, `apply` or `verify`.
#[test]
#[ignore]
fn instruction_profile() {
    let data = records(10_000);
    let policy = MaskPolicy::from_json(
        r#"{"fields": {"name": {"rule": "keep", "first": 1, "last": 0}, "idNumber": {"rule": "keep", "first": 6, "last": 4},
            "phone": {"rule": "keep", "first": 3, "last": 4}, "address": {"rule": "generalize", "to": "county"}, "remark": {"rule": "plain"}}}"#,
    )
    .unwrap();
    let opts = StreamOptions::default();
    let mut masked = Vec::new();
    if std::env::var("MASK_PHASE").as_deref() == Ok("verify") {
        let mut m = Masker::new(&policy, DataFormat::Ndjson, None, &opts).unwrap();
        m.feed_into(data.as_bytes(), &mut masked).unwrap();
        m.finish_into(&mut masked).unwrap();
    }
    println!("bytes {}", data.len());
    match std::env::var("MASK_PHASE").as_deref() {
        Ok("detect") => {
            let n: usize = data.lines().map(|l| govshare_core::mask::detect::detect(l).len()).sum();
            println!("detections {n}");
        }
        Ok("scan") => {
            let mut s = Scanner::new(DataFormat::Ndjson, &opts);
            for c in data.as_bytes().chunks(65536) {
                s.feed(c).unwrap();
            }
            println!("findings {}", s.finish().unwrap().finding_count);
        }
        Ok("apply") => {
            let mut m = Masker::new(&policy, DataFormat::Ndjson, None, &opts).unwrap();
            let mut out = Vec::new();
            for c in data.as_bytes().chunks(65536) {
                m.feed_into(c, &mut out).unwrap();
            }
            println!("out {}", out.len());
        }
        Ok("verify") => {
            let mut v = MaskVerifier::new(&policy, None, DataFormat::Ndjson, &opts).unwrap();
            for c in masked.chunks(65536) {
                v.feed(c).unwrap();
            }
            println!("passed {}", v.finish().unwrap().passed);
        }
        _ => {}
    }
}
