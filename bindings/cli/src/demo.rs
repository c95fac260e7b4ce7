//! `govshare demo`: the main job, step by step on the bundled sample catalogs.
//! Each step calls core and prints what a user would look at.

use std::io::IsTerminal;
use std::time::Instant;

use govshare_core::catalog::{sample, Catalog, CatalogSet, SearchQuery, Severity, SharingType};

use crate::catalog::{print_item, print_search};
use crate::fail::{EXIT_FINDINGS, EXIT_OK};
use crate::CmdResult;

fn step(n: u32, title: &str) {
    if std::io::stdout().is_terminal() {
        outln!("\n\x1b[1mStep {n}  {title}\x1b[0m");
    } else {
        outln!("\nStep {n}  {title}");
    }
}

pub fn run() -> CmdResult {
    outln!("govshare {} — demo on the bundled sample catalogs", govshare_core::VERSION);

    step(1, "Load the national sample catalog (streamed, indexed)");
    let json = sample::default_sample();
    let t = Instant::now();
    let national = Catalog::from_json(json.as_bytes())?;
    let info = national.info();
    let stats = national.stats();
    outln!(
        "  {} ({}) version {}: {} resources, {} data items, {} index terms — {:.1} ms",
        info.name,
        info.id,
        info.version,
        stats.resources,
        stats.items,
        stats.terms,
        t.elapsed().as_secs_f64() * 1e3
    );

    step(2, "Lint the catalog (core metadata, codes, 一数一源, duplicates)");
    let findings = national.lint();
    let errors = findings.iter().filter(|f| f.severity == Severity::Error).count();
    outln!("  clean sample: {} finding(s), {} error(s)", findings.len(), errors);
    let mut opts = sample::SampleOptions::national(40, 7);
    opts.with_findings = true;
    let broken = Catalog::from_json(sample::sample_json(&opts)?.as_bytes())?;
    let found = broken.lint();
    let mut codes: Vec<&str> = found.iter().map(|f| f.code.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    outln!("  a sample with injected problems: {} finding(s): {}", found.len(), codes.join(", "));

    step(3, "Search in Chinese: 统一社会信用代码 (BM25 over names, abstracts, data items)");
    let mut q = SearchQuery { text: "统一社会信用代码".into(), limit: 5, ..Default::default() };
    print_search(&national.search(&q)?, 0);

    step(4, "Filter: conditional sharing, grade 3 — filters are exact, facets count all matches");
    q.text = "人口".into();
    q.sharing = Some(SharingType::Conditional);
    q.grade = Some(3);
    print_search(&national.search(&q)?, 0);

    step(5, "Which resources carry 公民身份号码, and who is its authoritative source?");
    print_item(&national.item("公民身份号码"));

    step(6, "Two catalogs at once: national + Zhejiang province");
    let province = Catalog::from_json(sample::province_sample().as_bytes())?;
    let mut set = CatalogSet::new();
    set.add(national.clone())?;
    set.add(province)?;
    let r = set.search(&SearchQuery { text: "婚姻登记".into(), limit: 5, ..Default::default() })?;
    print_search(&r, 0);
    for c in set.conflicts() {
        outln!(
            "  same code in two catalogs (reported, not merged): {} in {}",
            c.code,
            c.catalogs.join(" and ")
        );
    }

    step(7, "Delta update: withdraw one resource; a delta for the wrong version is refused");
    let mut updated = national.clone();
    let code = national.codes().first().cloned().unwrap_or_default();
    let delta = serde_json::json!({
        "format": "govshare-catalog-delta", "format_version": 1, "catalog": info.id,
        "base_version": info.version, "new_version": info.version + 1,
        "changes": [{"op": "withdraw", "code": code, "reason": "demo"}]
    });
    let outcome = updated.apply_delta(delta.to_string().as_bytes())?;
    outln!(
        "  applied: version {} → {}, {} withdrawn, {} resources now",
        outcome.base_version,
        outcome.new_version,
        outcome.withdrawn,
        outcome.resources
    );
    match updated.apply_delta(delta.to_string().as_bytes()) {
        Err(e) => outln!("  replayed delta refused [{}]: {}", e.code(), e),
        Ok(_) => outln!("  (unexpected: replayed delta applied)"),
    }
    outln!("  catalog still at version {} with {} resources", updated.version(), updated.len());

    step(8, "Binary snapshot: load the indexed catalog without re-indexing");
    let snap = national.to_snapshot();
    let t = Instant::now();
    let again = Catalog::from_snapshot(&snap)?;
    outln!(
        "  {} bytes; loaded in {:.2} ms; same answers: {}",
        snap.len(),
        t.elapsed().as_secs_f64() * 1e3,
        again.search(&SearchQuery { text: "统一社会信用代码".into(), ..Default::default() })?
            == national
                .search(&SearchQuery { text: "统一社会信用代码".into(), ..Default::default() })?
    );

    let flow_ok = crate::demo_flow::run(9, step)?;
    let deid_ok = crate::demo_deid::run(16, step)?;
    if !flow_ok || !deid_ok {
        outln!("\ndemo FAILED: a verdict above did not hold.");
        return Ok(EXIT_FINDINGS);
    }
    outln!("\ndemo finished: every step ran against the core the npm package, the Python wheel and this CLI share.");
    Ok(EXIT_OK)
}
