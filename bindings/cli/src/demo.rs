//! `govshare demo`: the main job, step by step on the bundled sample catalogs.
//! Each step calls core and prints what a user would look at.

use std::io::IsTerminal;
use std::time::Instant;

use govshare_core::catalog::{sample, Catalog, CatalogSet, SearchQuery, Severity, SharingType};

use crate::catalog::{print_item, print_search};
use crate::fail::{EXIT_FINDINGS, EXIT_OK};
use crate::CmdResult;

/// Step 8, second half: the platform publishes the catalog as a signed,
/// block-hashed index (docs/catalog-format.md §8.1); a portal pinning the
/// platform key loads it verified, and a flipped byte is refused.
fn published_index(national: &Catalog) -> Result<bool, crate::fail::CliError> {
    use govshare_core::catalog::{IndexExpectation, PublishOptions, PublishedIndex, PublishedIndexLoader};
    use govshare_core::sign::{Algorithm, Key, PinnedKey};
    let mut platform = Key::generate(Algorithm::Sm2Sm3)?;
    platform.set_key_id("demo-platform");
    let index = national.publish(&platform, &PublishOptions::default())?;
    let pinned = PinnedKey::from_key(&platform.public_key()?)?.with_key_id("demo-platform");
    let load = |index: &PublishedIndex, flip: Option<&str>| -> govshare_core::Result<Catalog> {
        let files: std::collections::BTreeMap<String, Vec<u8>> =
            index.files().into_iter().map(|(name, bytes)| (name, bytes.to_vec())).collect();
        let expect = IndexExpectation { catalog_id: Some(national.id().to_owned()), min_version: None };
        let mut loader = PublishedIndexLoader::new(&index.manifest, &index.signature, &pinned, &expect)?;
        let sections = loader.sections().to_vec();
        for s in &sections {
            loader.add_block_list(&s.name, files.get(&s.block_file).map(Vec::as_slice).unwrap_or(&[]))?;
        }
        for s in &sections {
            let mut bytes = files.get(&s.file).cloned().unwrap_or_default();
            if flip == Some(s.name.as_str()) {
                if let Some(b) = bytes.get_mut(0) {
                    *b ^= 1;
                }
            }
            loader.push(&bytes)?;
        }
        loader.finish()
    };
    let bytes: u64 = index.manifest().sections.iter().map(|s| s.length).sum();
    let loaded = load(&index, None)?;
    let q = SearchQuery { text: "统一社会信用代码".into(), ..Default::default() };
    let same = loaded.search(&q)? == national.search(&q)?;
    outln!(
        "  {} published index loaded verified against the pinned SM2 platform key ({} bytes in {} sections), same answers",
        if same { "✔" } else { "✘" },
        bytes,
        index.manifest().sections.len()
    );
    let refused = match load(&index, Some("texts")) {
        Err(e) => {
            let ok = e.code() == "index_section_mismatch";
            outln!(
                "  {} one byte flipped in texts.bin: refused [{}], nothing loaded",
                if ok { "✔" } else { "✘" },
                e.code()
            );
            ok
        }
        Ok(_) => {
            outln!("  ✘ one byte flipped in texts.bin: loaded — a verdict that must not hold");
            false
        }
    };
    Ok(same && refused)
}

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

    step(8, "Binary snapshot, and the index a platform publishes: signed, verified block by block");
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

    let published_ok = published_index(&national)?;

    let flow_ok = crate::demo_flow::run(9, step)?;
    let deid_ok = crate::demo_deid::run(16, step)?;
    if !flow_ok || !deid_ok || !published_ok {
        outln!("\ndemo FAILED: a verdict above did not hold.");
        return Ok(EXIT_FINDINGS);
    }
    outln!("\ndemo finished: every step ran against the core the npm package, the Python wheel and this CLI share.");
    Ok(EXIT_OK)
}
