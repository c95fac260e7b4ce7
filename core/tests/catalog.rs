//! Behaviour of the catalog engine beyond the shared vectors: round trips,
//! exact filters against brute force, paging, progress, locations, snapshots.

#[path = "catalog_synth.rs"]
mod synth;

use std::collections::BTreeMap;

use govshare_core::catalog::*;

fn info() -> CatalogInfo {
    CatalogInfo { id: "synthetic".into(), name: "合成目录".into(), version: 1, published: None }
}

fn synthetic(n: u64) -> (Vec<Resource>, Catalog) {
    let res = synth::resources(n, 7);
    let cat = Catalog::from_resources(info(), &res).unwrap();
    (res, cat)
}

fn browse_all(cat: &Catalog, mut q: SearchQuery) -> SearchResult {
    q.limit = MAX_LIMIT;
    cat.search(&q).unwrap()
}

#[test]
fn json_and_builder_paths_agree_and_round_trip() {
    let (res, cat) = synthetic(300);
    let loaded = Catalog::from_json(&synth::document(300, 7)).unwrap();
    assert_eq!(loaded.to_snapshot(), cat.to_snapshot());
    for r in &res {
        assert_eq!(cat.resource(&r.code).as_ref(), Some(r));
    }
    let again = Catalog::from_json(&cat.to_json()).unwrap();
    assert_eq!(again.to_snapshot(), cat.to_snapshot());
    assert_eq!(cat.to_document().resources, res);
    assert_eq!(cat.resource("no/such"), None);
}

fn filter_cases(res: &[Resource]) -> Vec<SearchQuery> {
    let p = &res[0];
    vec![
        SearchQuery { sharing: Some(SharingType::Conditional), ..Default::default() },
        SearchQuery { provider: Some(p.provider.clone()), ..Default::default() },
        SearchQuery { provider: Some(p.provider_code.clone()), grade: Some(4), ..Default::default() },
        SearchQuery {
            update_cycle: Some(UpdateCycle::Monthly),
            format: Some(ResourceFormat::Database),
            ..Default::default()
        },
        SearchQuery {
            classification_prefix: Some("2".into()),
            sharing: Some(SharingType::NotShared),
            ..Default::default()
        },
        SearchQuery { classification_prefix: Some("10".into()), ..Default::default() },
    ]
}

fn passes(q: &SearchQuery, r: &Resource) -> bool {
    let grade = r.items.iter().map(|i| i.grade).max().unwrap_or(0);
    q.provider.as_ref().is_none_or(|p| *p == r.provider || *p == r.provider_code)
        && q.sharing.is_none_or(|s| s == r.sharing.sharing_type)
        && q.grade.is_none_or(|g| g == grade)
        && q.update_cycle.is_none_or(|c| Some(c) == r.update_cycle)
        && q.format.is_none_or(|f| Some(f) == r.format)
        && q.classification_prefix.as_ref().is_none_or(|p| r.classification.starts_with(p.as_str()))
}

#[test]
fn filters_are_exact() {
    let (res, cat) = synthetic(2000);
    for q in filter_cases(&res) {
        let got = browse_all(&cat, q.clone());
        let mut want: Vec<&str> = res.iter().filter(|r| passes(&q, r)).map(|r| r.code.as_str()).collect();
        want.sort();
        let codes: Vec<&str> = got.hits.iter().map(|h| h.code.as_str()).collect();
        assert_eq!(codes, want, "{q:?}");
        assert_eq!(got.total, want.len() as u64);
        // Facet counts over all matches.
        let mut sharing: BTreeMap<&str, u64> = BTreeMap::new();
        for r in res.iter().filter(|r| passes(&q, r)) {
            *sharing.entry(r.sharing.sharing_type.as_str()).or_default() += 1;
        }
        let facet: BTreeMap<&str, u64> =
            got.facets.sharing.iter().map(|f| (f.value.as_str(), f.count)).collect();
        assert_eq!(facet, sharing);
    }
}

fn contains_all(r: &Resource, needles: &[&str]) -> bool {
    needles
        .iter()
        .all(|n| r.name.contains(n) || r.summary.contains(n) || r.items.iter().any(|i| i.name.contains(n)))
}

#[test]
fn text_matching_is_conjunctive_over_bigrams_and_filters_stay_exact() {
    let (res, cat) = synthetic(2000);
    for (text, needles) in [
        ("企业登记", vec!["企业", "业登", "登记"]),
        ("公民身份号码", vec!["公民", "民身", "身份", "份号", "号码"]),
        ("低保", vec!["低保"]),
    ] {
        for q in filter_cases(&res) {
            let q = SearchQuery { text: text.into(), ..q };
            let got = browse_all(&cat, q.clone());
            let mut want: Vec<&str> = res
                .iter()
                .filter(|r| passes(&q, r) && contains_all(r, &needles))
                .map(|r| r.code.as_str())
                .collect();
            want.sort();
            if want.is_empty() {
                continue; // relaxed any-term fallback; covered by the vectors
            }
            let mut codes: Vec<&str> = got.hits.iter().map(|h| h.code.as_str()).collect();
            codes.sort();
            assert_eq!(codes, want, "{q:?}");
            assert!(!got.relaxed);
            // Ranked best first, ties by code.
            for w in got.hits.windows(2) {
                assert!(w[0].score > w[1].score || (w[0].score == w[1].score && w[0].code <= w[1].code));
            }
        }
    }
}

#[test]
fn a_rare_and_a_common_word_under_a_filter_stay_exact() {
    // A word found in one resource and a common word: the rare word's
    // resource is checked against the common word directly (its long
    // postings are not decoded), before or after the filter is applied.
    // Either way it comes back only when it passes the filter; when it does
    // not, nothing matches both words and the search relaxes.
    let (res, cat) = synthetic(2000);
    let bigrams = |text: &str| -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        chars.windows(2).map(|w| w.iter().collect()).collect()
    };
    // How many resources hold each two-character word (as `contains_all`).
    let mut held: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for r in &res {
        let mut words: Vec<String> = [&r.name, &r.summary].into_iter().flat_map(|t| bigrams(t)).collect();
        words.extend(r.items.iter().flat_map(|i| bigrams(&i.name)));
        words.sort();
        words.dedup();
        for w in words {
            *held.entry(w).or_default() += 1;
        }
    }
    let holders = |word: &str| held.get(word).copied().unwrap_or(0);
    let (mut kept, mut dropped) = (0, 0);
    for (i, r) in res.iter().enumerate() {
        let own = [bigrams(&r.name), bigrams(&r.summary)].concat();
        let Some(rare) = own.iter().find(|w| holders(w) == 1) else { continue };
        // Long postings, yet fewer than a dense term's 1,024.
        let Some(common) = own.iter().find(|w| (100..=500).contains(&holders(w))) else { continue };
        let text = format!("{rare} {common}");
        let other = &res[(i * 7 + 1) % res.len()];
        let mut filters = vec![
            SearchQuery { provider: Some(r.provider.clone()), ..Default::default() },
            SearchQuery { provider: Some(other.provider.clone()), ..Default::default() },
        ];
        for sharing in [SharingType::Unconditional, SharingType::Conditional, SharingType::NotShared] {
            filters.push(SearchQuery { sharing: Some(sharing), ..Default::default() });
        }
        filters.extend((1..=4).map(|grade| SearchQuery { grade: Some(grade), ..Default::default() }));
        for filter in filters {
            let q = SearchQuery { text: text.clone(), ..filter };
            let got = browse_all(&cat, q.clone());
            if passes(&q, r) {
                let codes: Vec<&str> = got.hits.iter().map(|h| h.code.as_str()).collect();
                assert_eq!(codes, [r.code.as_str()], "{q:?}");
                assert!(!got.relaxed, "{q:?}");
                kept += 1;
            } else {
                assert!(got.relaxed, "{q:?}: {} matched both words past the filter", got.total);
                assert!(got.hits.iter().all(|h| h.code != r.code), "{q:?}");
                dropped += 1;
            }
        }
    }
    assert!(kept > 10 && dropped > 20, "{kept} kept, {dropped} dropped by the filter");
}

#[test]
fn paging_concatenates_to_the_full_list() {
    let (_, cat) = synthetic(1000);
    for text in ["", "登记"] {
        let all = cat.search(&SearchQuery { text: text.into(), limit: 1000, ..Default::default() }).unwrap();
        let mut paged = Vec::new();
        for page in 0..(all.total.div_ceil(37)) {
            let r = cat
                .search(&SearchQuery {
                    text: text.into(),
                    limit: 37,
                    offset: page as u32 * 37,
                    ..Default::default()
                })
                .unwrap();
            assert_eq!(r.total, all.total);
            assert_eq!(r.facets, all.facets);
            paged.extend(r.hits);
        }
        assert_eq!(paged, all.hits);
    }
}

#[test]
fn progress_is_reported() {
    let doc = synth::document(250, 3);
    let mut seen = Vec::new();
    let opts = LoadOptions { progress_every: 100, ..Default::default() };
    let cat = Catalog::from_json_with(&doc, &opts, Some(&mut |p: LoadProgress| seen.push(p))).unwrap();
    assert_eq!(cat.len(), 250);
    let loaded: Vec<u64> = seen.iter().map(|p| p.resources_loaded).collect();
    assert_eq!(loaded, vec![100, 200, 250]);
    assert!(seen.windows(2).all(|w| w[0].bytes_read < w[1].bytes_read));
    assert_eq!(seen.last().unwrap().bytes_read, doc.len() as u64);
    assert!(seen.iter().all(|p| p.total_bytes == doc.len() as u64));
}

#[test]
fn errors_carry_line_and_column() {
    let doc = "{\"format\":\"govshare-catalog\",\"format_version\":1,\n\"catalog\":{\"id\":\"t\",\"name\":\"t\",\"version\":1},\n\"resources\":[\n{\"code\":\"1/1\",\"name\":\"n\",\"provider\":\"p\",\n\"items\":[{\"name\":\"姓名\",\"type\":\"C\",\"grade\":\"高\"}],\"sharing\":{\"type\":\"unconditional\"}}\n]}";
    let e = Catalog::from_json(doc.as_bytes()).unwrap_err();
    assert_eq!(e.code(), "invalid_value");
    let loc = e.location().unwrap();
    assert_eq!(loc.path.as_deref(), Some("$.resources[0].items[0].grade"));
    assert_eq!(loc.line, Some(5));
    // The column points into line 5, at or just past the bad value.
    let col = loc.column.unwrap() as usize;
    let line5 = doc.lines().nth(4).unwrap();
    let at = line5.find("\"高\"").unwrap();
    assert!(col >= at && col <= at + 8, "column {col}, value at {at}");
    // The input value is not echoed.
    assert!(!e.to_string().contains('高') && !e.message_zh().contains('高'));
    let e = Catalog::from_json(&doc.as_bytes()[..doc.len() - 40]).unwrap_err();
    assert_eq!(e.code(), "malformed_json");
    assert_eq!(e.location().unwrap().line, Some(5));
}

#[test]
fn snapshot_round_trip_is_exact_and_damage_is_detected() {
    let (_, cat) = synthetic(200);
    let snap = cat.to_snapshot();
    let back = Catalog::from_snapshot(&snap).unwrap();
    assert_eq!(back.to_snapshot(), snap);
    assert_eq!(back.to_json(), cat.to_json());
    let q = SearchQuery { text: "社会保险".into(), ..Default::default() };
    assert_eq!(back.search(&q).unwrap(), cat.search(&q).unwrap());
    for cut in [0, 10, 23, 24, 100, snap.len() / 2, snap.len() - 1] {
        assert_eq!(Catalog::from_snapshot(&snap[..cut]).unwrap_err().code(), "snapshot_invalid");
    }
    let step = (snap.len() / 97).max(1);
    for pos in (0..snap.len()).step_by(step) {
        let mut bad = snap.clone();
        bad[pos] ^= 0x5A;
        let e = Catalog::from_snapshot(&bad).unwrap_err();
        assert!(matches!(e.code(), "snapshot_invalid" | "snapshot_version"), "{pos}: {}", e.code());
    }
}

#[test]
fn snapshot_pushed_in_pieces_loads_the_same_catalog_and_refuses_damage() {
    let (_, cat) = synthetic(120);
    let snap = cat.to_snapshot();
    // Pieces that cut counts, elements and the header at every offset class.
    for size in [1, 2, 3, 5, 7, 8, 9, 13, 24, 25, 1000, 65536] {
        let mut loader = SnapshotLoader::new();
        for piece in snap.chunks(size) {
            loader.push(piece).unwrap();
        }
        assert_eq!(loader.finish().unwrap().to_snapshot(), snap, "piece size {size}");
    }
    // Padded: refused on the push that passes the declared length, and after.
    let mut padded = snap.clone();
    padded.push(0);
    let mut loader = SnapshotLoader::new();
    assert_eq!(loader.push(&padded).unwrap_err().code(), "snapshot_invalid");
    assert_eq!(loader.push(&[]).unwrap_err().code(), "invalid_argument");
    // Cut anywhere, in pieces: refused at the end.
    for cut in [0, 7, 8, 23, 24, 31, 32, snap.len() / 3, snap.len() - 1] {
        let mut loader = SnapshotLoader::new();
        let mut ok = true;
        for piece in snap[..cut].chunks(11) {
            ok &= loader.push(piece).is_ok();
        }
        if ok {
            assert_eq!(loader.finish().unwrap_err().code(), "snapshot_invalid", "cut {cut}");
        }
    }
    // Not a snapshot: refused as soon as the magic is in.
    let mut loader = SnapshotLoader::new();
    assert_eq!(loader.push(b"{\"format\": ").unwrap_err().code(), "snapshot_invalid");
    // A forged count that would allocate more than the rest holds.
    let mut forged = snap.clone();
    forged[24..32].copy_from_slice(&u64::MAX.to_le_bytes());
    let mut loader = SnapshotLoader::new();
    assert_eq!(loader.push(&forged).unwrap_err().code(), "snapshot_invalid");
    // A forged declared length (what the fuzzer found: the count check
    // trusted it, and a huge reservation aborted): over MAX_SNAPSHOT_BYTES it
    // is refused; within it a huge count is reserved fallibly, and the
    // missing bytes are refused at the end.
    for declared in [0x2200_005b_5b87_91f9u64, MAX_SNAPSHOT_BYTES + 1, u64::MAX] {
        let mut lying = snap.clone();
        lying[12..20].copy_from_slice(&declared.to_le_bytes());
        let mut loader = SnapshotLoader::new();
        assert_eq!(loader.push(&lying).unwrap_err().code(), "limit_exceeded", "{declared:#x}");
        assert_eq!(Catalog::from_snapshot(&lying).unwrap_err().code(), "limit_exceeded");
    }
    let mut lying = snap[..32].to_vec();
    lying[12..20].copy_from_slice(&(1u64 << 33).to_le_bytes());
    lying[24..32].copy_from_slice(&(1u64 << 32).to_le_bytes());
    let mut loader = SnapshotLoader::new();
    if loader.push(&lying).is_ok() {
        assert_eq!(loader.finish().unwrap_err().code(), "snapshot_invalid");
    }
}

#[test]
fn refused_delta_leaves_the_catalog_unchanged_and_versions_advance() {
    let (res, mut cat) = synthetic(100);
    let before = cat.to_snapshot();
    let mut fresh = res[5].clone();
    fresh.code = "999999/000001".into();
    let delta = |changes: Vec<DeltaChange>, base: u64| {
        serde_json::to_vec(&DeltaDocument {
            format: "govshare-catalog-delta".into(),
            format_version: FORMAT_VERSION,
            catalog: "synthetic".into(),
            base_version: base,
            new_version: base + 1,
            changes,
        })
        .unwrap()
    };
    let bad = delta(
        vec![
            DeltaChange::Add { resource: fresh.clone() },
            DeltaChange::Withdraw { code: res[1].code.clone(), reason: None },
            DeltaChange::Replace { resource: Resource { code: "000000/404".into(), ..fresh.clone() } },
        ],
        1,
    );
    let e = cat.apply_delta(&bad).unwrap_err();
    assert_eq!(e.code(), "delta_conflict");
    assert_eq!(cat.to_snapshot(), before);
    let good = delta(vec![DeltaChange::Add { resource: fresh.clone() }], 1);
    let out = cat.apply_delta(&good).unwrap();
    assert_eq!((out.new_version, out.resources), (2, 101));
    assert_eq!(cat.resource(&fresh.code), Some(fresh));
    // The same delta again is now for the wrong base.
    assert_eq!(cat.apply_delta(&good).unwrap_err().code(), "delta_base_mismatch");
}

#[test]
fn near_item_occurrences_are_capped() {
    let (_, cat) = synthetic(2500);
    let r = cat.item("姓名");
    assert!(r.occurrences.iter().any(|o| o.exact));
    let near = r.occurrences.iter().filter(|o| !o.exact).count();
    assert!(near <= MAX_NEAR_OCCURRENCES);
    assert!(r.near_truncated);
    assert!(r.occurrences.iter().filter(|o| !o.exact).all(|o| o.item_name.contains("姓名")));
}

#[test]
fn catalog_set_merges_and_refuses_duplicates() {
    let (_, a) = synthetic(50);
    let mut b_info = info();
    b_info.id = "other".into();
    let b = Catalog::from_resources(b_info, &synth::resources(30, 7)).unwrap();
    let mut set = CatalogSet::new();
    set.add(a.clone()).unwrap();
    set.add(b).unwrap();
    assert_eq!(set.add(a).unwrap_err().code(), "duplicate_catalog");
    // Same seed: the 30 resources of `other` are the first 30 of `synthetic`.
    let conflicts = set.conflicts();
    assert_eq!(conflicts.len(), 30);
    assert!(conflicts.iter().all(|c| c.identical && c.catalogs == ["other", "synthetic"]));
    let all = set.search(&SearchQuery { limit: 100, ..Default::default() }).unwrap();
    assert_eq!(all.total, 80);
    let ids: std::collections::BTreeSet<&str> = all.hits.iter().map(|h| h.catalog.as_str()).collect();
    assert_eq!(ids.len(), 2);
}

#[test]
fn stats_report_sizes() {
    let (res, cat) = synthetic(100);
    let s = cat.stats();
    assert_eq!(s.resources, 100);
    assert_eq!(s.items, res.iter().map(|r| r.items.len() as u64).sum::<u64>());
    assert!(s.memory_bytes > 0 && s.terms > 0 && s.distinct_item_names > 0);
}

#[test]
fn direct_and_postings_scoring_agree() {
    // A narrow filter leaves few candidates (scored from the stored text);
    // without it, many (scored from the postings). Scores must be equal.
    let (res, cat) = synthetic(2000);
    let mut checked = 0;
    for text in ["登记", "企业登记", "公民身份号码", "浙江省 许可", "低保", "低保 专利"]
    {
        let wide = browse_all(&cat, SearchQuery { text: text.into(), ..Default::default() });
        let scores: BTreeMap<&str, f64> = wide.hits.iter().map(|h| (h.code.as_str(), h.score)).collect();
        for r in res.iter().take(40) {
            let narrow = browse_all(
                &cat,
                SearchQuery { text: text.into(), provider: Some(r.provider.clone()), ..Default::default() },
            );
            if narrow.relaxed != wide.relaxed {
                continue;
            }
            for h in &narrow.hits {
                assert_eq!(Some(&h.score), scores.get(h.code.as_str()), "{text} {}", h.code);
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "only {checked} scores compared");
}

#[test]
fn escaped_strings_survive_at_every_offset() {
    let (res, _) = synthetic(1);
    let mut all = Vec::new();
    for k in 0..20 {
        let mut r = res[0].clone();
        r.code = format!("101001/{k:05}");
        r.name = format!("{}\"引号\\反斜杠\"{}", "x".repeat(k), "名".repeat(k % 3));
        r.summary = format!("{}\\", "摘".repeat(k));
        all.push(r);
    }
    let cat = Catalog::from_resources(info(), &all).unwrap();
    let back = Catalog::from_json(&cat.to_json()).unwrap();
    for r in &all {
        assert_eq!(back.resource(&r.code).as_ref(), Some(r));
    }
}

fn load_in_chunks(doc: &[u8], size: usize) -> govshare_core::Result<Catalog> {
    let mut loader = CatalogLoader::new(LoadOptions::default(), doc.len() as u64);
    for chunk in doc.chunks(size) {
        loader.push(chunk)?;
    }
    loader.finish()
}

#[test]
fn chunked_loading_equals_whole_loading() {
    for (n, sizes) in [(4, &[1usize, 2, 3][..]), (60, &[7, 64, 1000, 65536][..])] {
        let doc = synth::document(n, 5);
        let whole = Catalog::from_json(&doc).unwrap().to_snapshot();
        for &size in sizes {
            assert_eq!(load_in_chunks(&doc, size).unwrap().to_snapshot(), whole, "chunk size {size}");
        }
    }
    let doc = synth::document(60, 5);
    let mut loader = CatalogLoader::new(LoadOptions::default(), doc.len() as u64);
    let mut last = 0;
    for chunk in doc.chunks(4096) {
        let p = loader.push(chunk).unwrap();
        assert!(p.resources_loaded >= last);
        last = p.resources_loaded;
    }
    assert!(last >= 59);
}

#[test]
fn chunked_loading_reports_the_same_errors() {
    let ok = r#"{"code":"1/1","name":"n","provider":"p","items":[{"name":"姓名","type":"C","grade":2}],"sharing":{"type":"unconditional"}}"#;
    let head = "{\"format\":\"govshare-catalog\",\"format_version\":1,\n\"catalog\":{\"id\":\"t\",\"name\":\"t\",\"version\":1},\n\"resources\":[\n";
    let docs: Vec<Vec<u8>> = vec![
        format!("{head}{ok},\n{}\n]}}", ok.replace("\"grade\":2", "\"grade\":\"高\"")).into_bytes(),
        format!("{head}{ok},\n{ok}").into_bytes(),
        format!("{head}{ok}\n]}} x").into_bytes(),
        format!("{head}{ok}\n]}}").replace("姓名", "姓\u{0}名").into_bytes(),
        {
            let mut d = format!("{head}{ok}\n]}}").into_bytes();
            let at = d.len() - 40;
            d[at] = 0xFF;
            d
        },
        format!("{head}{}]}}", "[".repeat(80)).into_bytes(),
        // Bytes that start a character but do not finish it, or cannot be
        // in UTF-8 at all, wherever a chunk ends: refused at the same offset.
        not_utf8_at_name(&[0xE4, 0xB8]),
        not_utf8_at_name(&[0xF0, 0x9F, 0x98]),
        not_utf8_at_name(&[0xE0, 0x80, 0x80]),
        not_utf8_at_name(&[0xED, 0xA0, 0x80]),
        not_utf8_at_name(&[0xF5, 0x80]),
        not_utf8_at_name(&[0x80]),
        {
            let mut d = format!("{head}{ok}\n]}}").into_bytes();
            d.extend_from_slice(&[0xF0, 0x9F]);
            d
        },
        r#"{"format":"govshare-catalog","format_version":2,"catalog":{},"resources":[]}"#.to_string().into_bytes(),
        format!("{head}{ok}\n]}}").into_bytes(),
    ];
    fn not_utf8_at_name(bad: &[u8]) -> Vec<u8> {
        let ok = r#"{"code":"1/1","name":"n","provider":"p","items":[{"name":"姓名","type":"C","grade":2}],"sharing":{"type":"unconditional"}}"#;
        let head = "{\"format\":\"govshare-catalog\",\"format_version\":1,\n\"catalog\":{\"id\":\"t\",\"name\":\"t\",\"version\":1},\n\"resources\":[\n";
        let doc = format!("{head}{ok}\n]}}");
        let at = doc.find("姓名").unwrap_or(0);
        let mut d = doc.into_bytes();
        d.splice(at..at + 3, bad.iter().copied());
        d
    }
    for (i, doc) in docs.iter().enumerate() {
        let whole = Catalog::from_json(doc).map(|c| c.len());
        if (6..=12).contains(&i) {
            assert_eq!(whole.as_ref().map_err(|e| e.code()), Err("not_utf8"), "doc {i}");
        }
        for size in [1, 2, 3, 5, 64] {
            let chunked = load_in_chunks(doc, size).map(|c| c.len());
            match (&whole, &chunked) {
                (Ok(a), Ok(b)) => assert_eq!(a, b),
                (Err(a), Err(b)) => {
                    assert_eq!(a.code(), b.code(), "doc {i} size {size}");
                    assert_eq!(a.location(), b.location(), "doc {i} size {size}: {a} / {b}");
                    if let (
                        govshare_core::Error::NotUtf8 { offset: x },
                        govshare_core::Error::NotUtf8 { offset: y },
                    ) = (a, b)
                    {
                        assert_eq!(x, y);
                    }
                }
                _ => panic!("doc {i} size {size}: {whole:?} vs {chunked:?}"),
            }
        }
    }
}

// ----- format version 2: the new fields, fail-closed

const V2_RESOURCE: &str = r#"{"code":"101001/00001","classification":"101001","name":"居民身份证信息","provider":"公安部","provider_code":"11100000000013127D","abstract":"a","format":"database","items":[{"name":"姓名","type":"C","length":50,"grade":2}],"security_level":"重要数据","sharing":{"type":"不予共享","conditions":"涉及个人隐私","legal_basis":{"kind":"行政法规","title":"某条例","article":"第十条"}},"update_cycle":"daily","published":"2025-08-01"}"#;

fn doc(version: u32, resources: &str) -> String {
    format!(
        r#"{{"format":"govshare-catalog","format_version":{version},"catalog":{{"id":"t","name":"t","version":1}},"resources":[{resources}]}}"#
    )
}

/// A document whose `format_version` comes after the resources.
fn doc_version_last(version: u32, resources: &str) -> String {
    format!(
        r#"{{"format":"govshare-catalog","catalog":{{"id":"t","name":"t","version":1}},"resources":[{resources}],"format_version":{version}}}"#
    )
}

fn chunked(bytes: &[u8], cut: usize) -> Result<Catalog, govshare_core::Error> {
    let mut l = CatalogLoader::new(LoadOptions::default(), 0);
    l.push(&bytes[..cut])?;
    l.push(&bytes[cut..])?;
    l.finish()
}

#[test]
fn v2_fields_round_trip_through_store_json_and_snapshot() {
    let cat = Catalog::from_json(doc(2, V2_RESOURCE).as_bytes()).unwrap();
    assert_eq!(cat.format_version(), 2);
    let r = cat.resource("101001/00001").unwrap();
    assert_eq!(r.security_level, Some(SecurityLevel::Important));
    let b = r.sharing.legal_basis.clone().unwrap();
    assert_eq!(
        (b.kind, b.title.as_str(), b.article.as_deref()),
        (LegalBasisKind::AdministrativeRegulation, "某条例", Some("第十条"))
    );
    let mut conditional = r.clone();
    conditional.code = "101001/00002".into();
    conditional.security_level = Some(SecurityLevel::Core);
    conditional.sharing = Sharing {
        sharing_type: SharingType::Conditional,
        conditions: Some("仅限核验".into()),
        scope: Some("公安机关".into()),
        purpose: Some("身份核验".into()),
        legal_basis: None,
        // All eleven modes survive the store and the snapshot.
        modes: SharingMode::ALL.iter().rev().copied().collect(),
    };
    let mut bare = r.clone();
    bare.code = "101001/00003".into();
    bare.security_level = None;
    bare.sharing.legal_basis =
        Some(LegalBasis { kind: LegalBasisKind::Other, title: String::new(), article: None });
    let all = vec![r, conditional, bare];
    let built = Catalog::from_resources(cat.info(), &all).unwrap();
    assert_eq!(built.resources().collect::<Vec<_>>(), all);
    let again = Catalog::from_json(&built.to_json()).unwrap();
    assert_eq!(again.resources().collect::<Vec<_>>(), all);
    assert_eq!(again.to_snapshot(), built.to_snapshot());
    let snap = Catalog::from_snapshot(&built.to_snapshot()).unwrap();
    assert_eq!(snap.resources().collect::<Vec<_>>(), all);
    assert_eq!(snap.lint(), built.lint());
    // The written document is version 2 and a v1 source version survives a snapshot.
    assert!(built.to_json().starts_with(br#"{"format":"govshare-catalog","format_version":2,"#));
    let v1 = Catalog::from_json(doc(1, r#"{"code":"1/1","sharing":{"type":"unconditional"}}"#).as_bytes())
        .unwrap();
    assert_eq!(Catalog::from_snapshot(&v1.to_snapshot()).unwrap().format_version(), 1);
}

#[test]
fn v1_documents_refuse_v2_fields_at_the_field_wherever_the_version_stands() {
    let fields = [
        (
            r#"{"code":"1/1","security_level":"general","sharing":{"type":"unconditional"}}"#,
            "$.resources[1].security_level",
        ),
        (r#"{"code":"1/1","sharing":{"type":"conditional","scope":"s"}}"#, "$.resources[1].sharing.scope"),
        (
            r#"{"code":"1/1","sharing":{"type":"conditional","purpose":"p"}}"#,
            "$.resources[1].sharing.purpose",
        ),
        (
            r#"{"code":"1/1","sharing":{"type":"not_shared","legal_basis":{"kind":"law","title":"t"}}}"#,
            "$.resources[1].sharing.legal_basis",
        ),
    ];
    let plain = r#"{"code":"1/0","sharing":{"type":"unconditional"}}"#;
    for (res, path) in fields {
        let list = format!("{plain},\n{res}");
        for text in [doc(1, &list), doc_version_last(1, &list)] {
            let whole = Catalog::from_json(text.as_bytes()).unwrap_err();
            assert_eq!(whole.code(), "invalid_value", "{text}");
            let loc = whole.location().unwrap();
            assert_eq!(loc.path.as_deref(), Some(path), "{text}");
            assert_eq!(loc.line, Some(2));
            assert!(whole.to_string().contains("unknown field"), "{whole}");
            // Chunked loading reports the same error at the same place.
            for cut in 1..text.len() {
                let e = chunked(text.as_bytes(), cut).unwrap_err();
                assert_eq!(
                    (e.code(), e.location()),
                    (whole.code(), whole.location()),
                    "cut at {cut}: {text}"
                );
            }
        }
        // The same resources are fine in a version 2 document.
        for text in [doc(2, &list), doc_version_last(2, &list)] {
            assert_eq!(Catalog::from_json(text.as_bytes()).unwrap().format_version(), 2);
        }
    }
}

#[test]
fn v2_documents_fail_closed_on_bad_new_fields() {
    let bad = [
        (r#"{"code":"1/1","sharing":{"type":"conditional","scope":"a","scope":"b"}}"#, "duplicate field"),
        (
            r#"{"code":"1/1","security_level":"core","security_level":"core","sharing":{"type":"unconditional"}}"#,
            "duplicate field",
        ),
        (
            r#"{"code":"1/1","sharing":{"type":"not_shared","legal_basis":{"kind":"law","kind":"law","title":"t"}}}"#,
            "duplicate field",
        ),
        (
            r#"{"code":"1/1","sharing":{"type":"not_shared","legal_basis":{"kind":"policy_document","title":"t"}}}"#,
            "unknown variant",
        ),
        (r#"{"code":"1/1","security_level":"绝密","sharing":{"type":"unconditional"}}"#, "unknown variant"),
        (r#"{"code":"1/1","security_level":2,"sharing":{"type":"unconditional"}}"#, "invalid type"),
        (r#"{"code":"1/1","sharing":{"type":"conditional","scope":["a"]}}"#, "invalid type"),
        (r#"{"code":"1/1","sharing":{"type":"conditional","purpose":null}}"#, ""),
        (
            r#"{"code":"1/1","sharing":{"type":"not_shared","legal_basis":"中华人民共和国数据安全法"}}"#,
            "invalid type",
        ),
        (
            r#"{"code":"1/1","sharing":{"type":"not_shared","legal_basis":{"title":"t"}}}"#,
            "missing field `kind`",
        ),
        (
            r#"{"code":"1/1","sharing":{"type":"not_shared","legal_basis":{"kind":"law","title":"t","year":1}}}"#,
            "unknown field",
        ),
    ];
    for (res, detail) in bad {
        let text = doc(2, res);
        match Catalog::from_json(text.as_bytes()) {
            Err(e) => {
                assert_eq!(e.code(), "invalid_value", "{res}");
                assert!(e.to_string().contains(detail), "{res}: {e}");
                // Messages never echo the value.
                assert!(!e.to_string().contains("policy_document") && !e.to_string().contains("绝密"), "{e}");
            }
            // `null` for an optional string is "absent" (as for every optional field).
            Ok(c) => {
                assert!(detail.is_empty() && c.resource("1/1").unwrap().sharing.purpose.is_none(), "{res}")
            }
        }
    }
}

#[test]
fn not_shared_on_a_policy_document_loads_but_lints_as_an_error() {
    let res = r#"{"code":"101001/00001","classification":"101001","name":"n","provider":"p","provider_code":"11100000000013127D","abstract":"a","format":"database","items":[{"name":"姓名","type":"C","grade":2}],"security_level":"general","sharing":{"type":"not_shared","conditions":"理由","legal_basis":{"kind":"其他","title":"某部门数据管理办法"}},"update_cycle":"daily","published":"2025-08-01"}"#;
    let findings = lint_json(doc(2, res).as_bytes()).unwrap();
    let codes: Vec<_> =
        findings.iter().map(|f| (f.code.as_str(), f.severity, f.article.as_deref())).collect();
    assert_eq!(codes, [("legal_basis_insufficient_rank", Severity::Error, Some("Art. 14(3)"))]);
    // Every finding names what it applies.
    for f in lint_json(include_bytes!("../../tests/vectors/catalog/data/lint-sample.json")).unwrap() {
        assert!(f.article.is_some() || f.standard.is_some(), "{}", f.code);
    }
}

#[test]
fn deltas_follow_the_same_version_rule() {
    let cat = Catalog::from_json(doc(2, V2_RESOURCE).as_bytes()).unwrap();
    let add = V2_RESOURCE.replace("101001/00001", "101001/00002");
    for (version, ok) in [(1, false), (2, true)] {
        let mut c = cat.clone();
        let delta = format!(
            r#"{{"format":"govshare-catalog-delta","format_version":{version},"catalog":"t","base_version":1,"new_version":2,"changes":[{{"op":"add","resource":{add}}}]}}"#
        );
        match c.apply_delta(delta.as_bytes()) {
            Ok(_) => assert!(ok),
            Err(e) => {
                assert!(!ok);
                assert_eq!(e.code(), "invalid_value");
                // The field is named by its place, never echoed (a key can be a personal value).
                assert!(e.to_string().contains("unknown field"), "{e}");
                assert!(e.location().and_then(|l| l.path.clone()).is_some(), "{e}");
                assert_eq!(c.to_snapshot(), cat.to_snapshot());
            }
        }
    }
}

/// A version 1 document written back is a version 2 document with the same
/// data; only the lint severity of what version 1 could not state differs
/// (the fuzz targets' `assert_same_catalog` compares the JSON then).
#[test]
fn a_v1_document_written_back_is_the_same_data_as_version_2() {
    let v1 = r#"{"format":"govshare-catalog","format_version":1,"catalog":{"id":"t","name":"t","version":1},"resources":[{"code":"101001/00001","classification":"101001","name":"n","provider":"p","provider_code":"11100000000013127D","abstract":"a","format":"database","items":[{"name":"姓名","type":"C","grade":2}],"sharing":{"type":"unconditional","modes":["download"]},"update_cycle":"daily","published":"2025-08-01"}]}"#;
    let cat = Catalog::from_json(v1.as_bytes()).unwrap();
    let json = cat.to_json();
    let again = Catalog::from_json(&json).unwrap();
    assert_eq!((cat.format_version(), again.format_version()), (1, 2));
    assert_eq!(again.to_json(), json);
    assert_eq!(again.resources().collect::<Vec<_>>(), cat.resources().collect::<Vec<_>>());
    let severity = |c: &Catalog| c.lint().iter().map(|f| (f.code.clone(), f.severity)).collect::<Vec<_>>();
    assert_eq!(severity(&cat), [("missing_security_level".to_string(), Severity::Warning)]);
    assert_eq!(severity(&again), [("missing_security_level".to_string(), Severity::Error)]);
}

#[test]
fn pruned_pages_equal_the_pages_of_scoring_every_match() {
    // A page of 10 (pruned: only blocks whose bound can reach it are scored)
    // must equal the head of the whole ranking (every match scored), with
    // and without filters (provider; sharing and grade, which narrow the
    // bounds), for one- to three-word queries of broad terms.
    let (res, cat) = synthetic(6000);
    let mut words: Vec<String> = Vec::new();
    for r in res.iter().step_by(97).take(40) {
        let chars: Vec<char> = r.name.chars().collect();
        for w in chars.chunks(2).filter(|c| c.len() == 2) {
            words.push(w.iter().collect());
        }
        if let Some(item) = r.items.first() {
            words.push(item.name.chars().take(4).collect());
        }
    }
    words.sort();
    words.dedup();
    let mut pruned_pages = 0;
    for (i, w) in words.iter().enumerate() {
        let other = &words[(i * 7 + 3) % words.len()];
        let third = &words[(i * 13 + 5) % words.len()];
        for text in [w.clone(), format!("{w} {other}"), format!("{w} {other} {third}")] {
            let filters = [
                SearchQuery::default(),
                SearchQuery { provider: Some(res[i % res.len()].provider.clone()), ..Default::default() },
                SearchQuery { sharing: Some(res[i % res.len()].sharing.sharing_type), ..Default::default() },
                SearchQuery { grade: Some(1 + (i % 4) as u8), ..Default::default() },
                SearchQuery {
                    sharing: Some(res[i % res.len()].sharing.sharing_type),
                    grade: Some(2),
                    ..Default::default()
                },
            ];
            for filter in filters {
                let q = SearchQuery { text: text.clone(), ..filter };
                let all = browse_all(&cat, q.clone());
                assert!(all.total < u64::from(MAX_LIMIT), "every match must be on the reference page");
                for (offset, limit) in [(0u32, 10u32), (15, 5)] {
                    let page = cat.search(&SearchQuery { offset, limit, ..q.clone() }).unwrap();
                    assert_eq!(page.total, all.total, "{text}");
                    assert_eq!(page.facets, all.facets, "{text}");
                    assert_eq!(page.relaxed, all.relaxed, "{text}");
                    let want: Vec<_> = all.hits.iter().skip(offset as usize).take(limit as usize).collect();
                    let got: Vec<_> = page.hits.iter().collect();
                    assert_eq!(got, want, "{text} offset {offset}");
                    if all.total > 1000 {
                        pruned_pages += 1;
                    }
                }
            }
        }
    }
    assert!(pruned_pages > 20, "only {pruned_pages} broad pages compared");
}
