//! Performance check on a synthetic catalog (ignored by default):
//! `CATALOG_PERF_N=100000 cargo test --release -p govshare-core --test catalog_perf -- --ignored --nocapture`

#[path = "catalog_synth.rs"]
mod synth;

use std::time::{Duration, Instant};

use govshare_core::catalog::*;

fn pct(mut v: Vec<Duration>, p: f64) -> Duration {
    v.sort();
    v[((v.len() - 1) as f64 * p).round() as usize]
}

#[test]
#[ignore]
fn perf_synthetic_catalog() {
    let n: u64 = std::env::var("CATALOG_PERF_N").ok().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let doc = synth::document(n, 1);
    println!("document: {n} resources, {:.1} MB", doc.len() as f64 / 1e6);

    let t = Instant::now();
    let cat = Catalog::from_json(&doc).unwrap();
    println!("from_json: {:?}", t.elapsed());
    let s = cat.stats();
    println!(
        "stats: {} items, {} item names, {} terms, store+index ≈ {:.1} MB",
        s.items,
        s.distinct_item_names,
        s.terms,
        s.memory_bytes as f64 / 1e6
    );
    drop(doc);

    let provider = cat.resources().next().unwrap().provider;
    let texts = [
        "企业登记",
        "姓名",
        "身份",
        "不动产 登记",
        "社会保险参保",
        "证照",
        "公民身份号码",
        "低保",
        "浙江省 驾驶人 许可",
        "",
    ];
    let filters = [
        SearchQuery::default(),
        SearchQuery { sharing: Some(SharingType::Conditional), ..Default::default() },
        SearchQuery { provider: Some(provider), ..Default::default() },
        SearchQuery { grade: Some(3), classification_prefix: Some("1".into()), ..Default::default() },
        SearchQuery {
            update_cycle: Some(UpdateCycle::Daily),
            format: Some(ResourceFormat::Database),
            ..Default::default()
        },
    ];
    let mut times = Vec::new();
    let mut mins = Vec::new();
    for text in texts {
        for (fi, f) in filters.iter().enumerate() {
            let q = SearchQuery { text: text.into(), ..f.clone() };
            let mut best = Duration::MAX;
            let mut total = 0;
            for _ in 0..3 {
                let t = Instant::now();
                total = cat.search(&q).unwrap().total;
                let d = t.elapsed();
                best = best.min(d);
                times.push(d);
            }
            mins.push((best, format!("{text:?} filter#{fi}: {total} matches")));
        }
    }
    println!(
        "search ({} runs): p50 {:?}, p99 {:?}",
        times.len(),
        pct(times.clone(), 0.5),
        pct(times.clone(), 0.99)
    );
    let best: Vec<Duration> = mins.iter().map(|m| m.0).collect();
    println!("search, best of 3 per query: p50 {:?}, p99 {:?}", pct(best.clone(), 0.5), pct(best, 0.99));
    mins.sort_by_key(|m| std::cmp::Reverse(m.0));
    for (d, what) in mins.iter().take(5) {
        println!("  slowest: {d:?} {what}");
    }

    let t = Instant::now();
    let item = cat.item("公民身份号码");
    println!("item query: {:?} ({} occurrences)", t.elapsed(), item.occurrences.len());

    let t = Instant::now();
    let findings = cat.lint();
    println!("lint: {:?} ({} findings)", t.elapsed(), findings.len());

    let t = Instant::now();
    let snap = cat.to_snapshot();
    println!("to_snapshot: {:?}, {:.1} MB", t.elapsed(), snap.len() as f64 / 1e6);
    let t = Instant::now();
    let back = Catalog::from_snapshot(&snap).unwrap();
    println!("from_snapshot: {:?}", t.elapsed());
    assert_eq!(back.len(), cat.len());

    let t = Instant::now();
    let json = cat.to_json();
    println!("to_json: {:?}, {:.1} MB", t.elapsed(), json.len() as f64 / 1e6);

    let mut cat = cat;
    let code = cat.codes()[0].clone();
    let delta = format!(
        r#"{{"format":"govshare-catalog-delta","format_version":1,"catalog":"synthetic","base_version":1,"new_version":2,"changes":[{{"op":"withdraw","code":"{code}"}}]}}"#
    );
    let t = Instant::now();
    cat.apply_delta(delta.as_bytes()).unwrap();
    println!("apply_delta (rebuild): {:?}", t.elapsed());
}
