//! The sample catalog generator: deterministic, well-formed, realistic, and
//! identical to the bundled example files.

use std::collections::{BTreeMap, BTreeSet};

use govshare_core::catalog::sample::{
    default_sample, injected_findings, province_sample, sample_json, write_sample, SampleOptions,
    DEFAULT_RESOURCES, PROVINCE_RESOURCES,
};
use govshare_core::catalog::{Catalog, CatalogDocument, LegalBasisKind, SharingType};
use govshare_core::identifiers::{check_credit_code, CreditCodeStatus};

fn parse(text: &str) -> CatalogDocument {
    serde_json::from_str(text).expect("sample parses as a catalog document")
}

fn generate(resources: u64, seed: u64) -> String {
    sample_json(&SampleOptions::national(resources, seed)).expect("valid options")
}

/// GB 32100-2015 check, written independently of the generator's.
fn gb32100_ok(code: &str) -> bool {
    const CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    const WEIGHTS: [usize; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    let values: Option<Vec<usize>> = code.chars().map(|c| CHARSET.find(c)).collect();
    let Some(values) = values else { return false };
    if values.len() != 18 {
        return false;
    }
    let sum: usize = values.iter().zip(WEIGHTS).map(|(v, w)| v * w).sum();
    let check = match 31 - sum % 31 {
        31 => 0,
        c => c,
    };
    values[17] == check
}

fn example(name: &str) -> String {
    let path = format!("{}/../examples/data/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn independent_check_agrees_with_the_standard_example() {
    assert!(gb32100_ok("91350100M000100Y43"));
    assert!(!gb32100_ok("91350100M000100Y42"));
    assert_eq!(check_credit_code("91350100M000100Y43"), CreditCodeStatus::Valid);
}

#[test]
fn same_seed_same_bytes_different_seed_different_bytes() {
    let a = generate(300, 42);
    assert_eq!(a, generate(300, 42));
    assert_ne!(a, generate(300, 43));
    // Streaming and the string form agree.
    let mut streamed = Vec::new();
    write_sample(&SampleOptions::national(300, 42), &mut streamed).unwrap();
    assert_eq!(streamed, a.as_bytes());
    // A prefix of a larger catalog is generated identically (resource by resource).
    let b = generate(301, 42);
    let first_lines = |s: &str, n: usize| s.lines().take(n).map(str::to_string).collect::<Vec<_>>();
    assert_eq!(first_lines(&a, 300), first_lines(&b, 300));
}

#[test]
fn output_is_a_valid_realistic_catalog() {
    let n = 2000;
    let doc = parse(&generate(n, 7));
    assert_eq!(doc.format, "govshare-catalog");
    assert_eq!(doc.format_version, 2);
    assert_eq!(doc.catalog.id, "national");
    assert_eq!(doc.resources.len() as u64, n);

    let mut codes = BTreeSet::new();
    let mut sharing = BTreeMap::new();
    let mut authorities: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut item_total = 0usize;
    let pi_kinds = [
        "name",
        "cn_resident_id",
        "cn_mobile",
        "cn_landline",
        "address",
        "bank_card",
        "cn_uscc",
        "email",
        "cn_passport",
        "cn_hk_macau_permit",
        "cn_plate",
        "birth_date",
    ];
    for r in &doc.resources {
        assert!(codes.insert(r.code.clone()), "duplicate code {}", r.code);
        let (class, seq) = r.code.split_once('/').expect("code has a '/'");
        assert_eq!(class, r.classification);
        assert!(class.len() == 6 && class.bytes().all(|b| b.is_ascii_digit()), "{}", r.code);
        assert!(seq.len() == 5 && seq.bytes().all(|b| b.is_ascii_digit()), "{}", r.code);
        assert!(matches!(&class[..1], "1" | "2" | "3"), "{}", r.code);
        assert!(gb32100_ok(&r.provider_code), "{} of {}", r.provider_code, r.provider);
        assert!(r.provider_code.starts_with("11100000"), "{}", r.provider_code);
        assert!(!r.name.is_empty() && r.name.chars().count() <= 50, "{}", r.name);
        assert!(!r.summary.is_empty() && r.summary.chars().count() <= 256, "{}", r.summary);
        assert!((5..=30).contains(&r.items.len()), "{} items", r.items.len());
        let names: BTreeSet<&str> = r.items.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(names.len(), r.items.len(), "item names repeat in {}", r.code);
        assert!(r.items.iter().any(|i| i.authoritative), "{} is the authority of none of its items", r.code);
        for i in &r.items {
            assert!((1..=4).contains(&i.grade));
            if let Some(k) = &i.pi_kind {
                assert!(pi_kinds.contains(&k.as_str()), "{k}");
            }
            if i.authoritative {
                authorities.entry(&i.name).or_default().insert(&r.provider);
            }
        }
        item_total += r.items.len();
        match r.sharing.sharing_type {
            SharingType::Conditional | SharingType::NotShared => {
                assert!(r.sharing.conditions.as_deref().is_some_and(|c| !c.is_empty()), "{}", r.code)
            }
            SharingType::Unconditional => {}
        }
        if r.sharing.sharing_type == SharingType::NotShared {
            assert!(r.sharing.modes.is_empty());
        } else {
            assert!(!r.sharing.modes.is_empty());
        }
        *sharing.entry(format!("{:?}", r.sharing.sharing_type)).or_insert(0usize) += 1;
        assert!(("2019-01-01"..="2026-06-30").contains(&r.published.as_str()), "{}", r.published);
        for rel in &r.related {
            assert!(codes.contains(rel), "related {rel} is not an earlier code");
        }
    }
    // 一数一源: a clean sample has one authoritative provider per item name.
    for (item, providers) in &authorities {
        assert_eq!(providers.len(), 1, "{item} claimed by {providers:?}");
    }
    assert_eq!(authorities.get("公民身份号码").map(|p| p.iter().next().copied()), Some(Some("公安部")));
    assert_eq!(
        authorities.get("统一社会信用代码").map(|p| p.iter().next().copied()),
        Some(Some("国家市场监督管理总局"))
    );
    // Mean item count near 17.5 (uniform 5..=30).
    let mean = item_total as f64 / n as f64;
    assert!((16.0..19.0).contains(&mean), "mean items {mean}");
    // Roughly 50 / 40 / 10.
    let share = |k: &str| *sharing.get(k).unwrap_or(&0) as f64 / n as f64;
    assert!((0.40..0.60).contains(&share("Unconditional")), "{sharing:?}");
    assert!((0.30..0.50).contains(&share("Conditional")), "{sharing:?}");
    assert!((0.05..0.16).contains(&share("NotShared")), "{sharing:?}");
    // The five base libraries come first.
    let first: Vec<&str> = doc.resources.iter().take(5).map(|r| r.code.as_str()).collect();
    assert_eq!(first, ["101001/00001", "102001/00001", "103001/00001", "104001/00001", "105001/00001"]);
    // Distinct providers: about forty departments.
    let providers: BTreeSet<&str> = doc.resources.iter().map(|r| r.provider.as_str()).collect();
    assert!(providers.len() >= 40, "{} providers", providers.len());
}

#[test]
fn findings_are_injected_where_documented() {
    let mut opts = SampleOptions::national(240, 11);
    opts.with_findings = true;
    let doc = parse(&sample_json(&opts).unwrap());
    let clean = parse(&sample_json(&SampleOptions::national(240, 11)).unwrap());
    let findings = injected_findings(&opts);
    assert_eq!(findings.len(), 16);
    let mut changed = BTreeSet::new();
    for f in &findings {
        let i = f.resource_index as usize;
        changed.insert(i);
        let r = &doc.resources[i];
        match (f.code.as_str(), f.detail.as_str()) {
            ("missing_metadata", d) if d.starts_with("abstract") => assert!(r.summary.is_empty()),
            ("missing_metadata", _) => assert!(r.provider_code.is_empty()),
            ("malformed_code", d) if d.contains("'/'") => assert!(!r.code.contains('/')),
            ("malformed_code", _) => assert!(r.code.starts_with('X')),
            ("malformed_provider_code", _) => {
                assert_eq!(r.provider_code.len(), 18);
                assert!(!gb32100_ok(&r.provider_code));
            }
            ("conditional_without_conditions", _) => {
                assert_eq!(r.sharing.sharing_type, SharingType::Conditional);
                assert!(r.sharing.conditions.is_none());
            }
            ("not_shared_without_basis", _) => {
                assert_eq!(r.sharing.sharing_type, SharingType::NotShared);
                assert!(r.sharing.conditions.is_none());
                assert!(r.sharing.legal_basis.is_some());
            }
            ("conditional_without_scope", _) => {
                assert_eq!(r.sharing.sharing_type, SharingType::Conditional);
                assert!(r.sharing.scope.is_none() && r.sharing.purpose.is_some());
            }
            ("conditional_without_purpose", _) => {
                assert_eq!(r.sharing.sharing_type, SharingType::Conditional);
                assert!(r.sharing.scope.is_some() && r.sharing.purpose.is_none());
            }
            ("not_shared_without_legal_basis", _) => {
                assert_eq!(r.sharing.sharing_type, SharingType::NotShared);
                assert!(r.sharing.conditions.is_some() && r.sharing.legal_basis.is_none());
            }
            ("legal_basis_insufficient_rank", _) => {
                assert_eq!(r.sharing.sharing_type, SharingType::NotShared);
                assert_eq!(r.sharing.legal_basis.as_ref().map(|b| b.kind), Some(LegalBasisKind::Other));
            }
            ("missing_security_level", _) => assert!(r.security_level.is_none()),
            ("authoritative_source_conflict", _) => {
                let prev = &doc.resources[i - 1];
                let claimed = r.items.iter().find(|it| {
                    it.authoritative && { prev.items.iter().any(|p| p.authoritative && p.name == it.name) }
                });
                assert!(claimed.is_some(), "no item claimed by both {} and {}", prev.provider, r.provider);
                assert_ne!(prev.provider, r.provider);
            }
            ("duplicate_code", d) if d.contains("previous") => assert_eq!(r.code, doc.resources[i - 1].code),
            ("duplicate_code", _) => assert_eq!(r.code, doc.resources[0].code),
            ("name_too_long", _) => assert!(r.name.chars().count() > 50),
            (code, detail) => panic!("undocumented finding {code}: {detail}"),
        }
    }
    // Everything else is what the clean generator would have produced
    // until the first injection (the conflict resource draws differently
    // only when its department had to change).
    let first = *changed.iter().next().unwrap();
    assert_eq!(doc.resources[..first], clean.resources[..first]);

    // Tiny catalogs get the kinds that fit, never at resource 0.
    let mut tiny = SampleOptions::national(4, 1);
    tiny.with_findings = true;
    let f = injected_findings(&tiny);
    assert_eq!(f.iter().map(|f| f.resource_index).collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(parse(&sample_json(&tiny).unwrap()).resources.len(), 4);
    assert!(injected_findings(&SampleOptions::national(100, 1)).is_empty());
    // Positions never overflow, whatever the size.
    let mut huge = SampleOptions::national(u64::MAX, 1);
    huge.with_findings = true;
    let at: Vec<u64> = injected_findings(&huge).iter().map(|f| f.resource_index).collect();
    assert_eq!(at.len(), 16);
    assert!(at.windows(2).all(|w| w[0] < w[1]));
}

/// A clean sample lints clean; one with findings reports exactly the
/// injected codes (plus the true authority's side of the 一数一源 conflict).
#[test]
fn lint_reports_exactly_the_injected_findings() {
    for opts in [SampleOptions::national(240, 11), SampleOptions::zhejiang(), SampleOptions::default()] {
        let clean = Catalog::from_json(sample_json(&opts).unwrap().as_bytes()).unwrap();
        let found = clean.lint();
        assert!(found.is_empty(), "{:?}", found.iter().map(|f| (&f.code, &f.path)).collect::<Vec<_>>());
        let mut broken = opts.clone();
        broken.with_findings = true;
        let cat = Catalog::from_json(sample_json(&broken).unwrap().as_bytes()).unwrap();
        let mut got: Vec<(u64, String)> = cat
            .lint()
            .iter()
            .map(|f| {
                let at = f.path.trim_start_matches("$.resources[");
                (at[..at.find(']').unwrap()].parse().unwrap(), f.code.clone())
            })
            .collect();
        let mut want: Vec<(u64, String)> =
            injected_findings(&broken).into_iter().map(|f| (f.resource_index, f.code)).collect();
        // The conflict is reported on every resource claiming the item: the
        // injected one and all of the true authority's (the previous
        // resource's provider).
        let conflict = want.iter().find(|w| w.1 == "authoritative_source_conflict").unwrap().0;
        let conflicts: Vec<u64> =
            got.iter().filter(|g| g.1 == "authoritative_source_conflict").map(|g| g.0).collect();
        assert!(conflicts.contains(&conflict) && conflicts.contains(&(conflict - 1)), "{conflicts:?}");
        let codes = cat.codes();
        let owner = cat.resource(&codes[conflict as usize - 1]).unwrap().provider_code;
        for &i in conflicts.iter().filter(|&&i| i != conflict) {
            assert_eq!(cat.resource(&codes[i as usize]).unwrap().provider_code, owner);
        }
        got.retain(|g| g.1 != "authoritative_source_conflict" || g.0 == conflict);
        got.sort();
        want.sort();
        assert_eq!(got, want);
    }
}

#[test]
fn unknown_province_is_an_invalid_value() {
    let mut opts = SampleOptions::zhejiang();
    opts.province = Some("火星省".into());
    let err = sample_json(&opts).unwrap_err();
    assert_eq!(err.code(), "invalid_value");
    let mut beijing = SampleOptions::zhejiang();
    beijing.province = Some("北京市".into());
    let doc = parse(&sample_json(&beijing).unwrap());
    assert!(doc.resources.iter().any(|r| r.provider == "北京市公安局"));
    assert!(doc
        .resources
        .iter()
        .all(|r| r.provider_code.starts_with("11110000") && gb32100_ok(&r.provider_code)));
}

#[test]
fn empty_catalog_is_valid() {
    let doc = parse(&generate(0, 1));
    assert!(doc.resources.is_empty());
}

#[test]
fn bundled_national_sample_is_default_sample() {
    let text = default_sample();
    assert_eq!(
        example("sample-catalog.json"),
        text,
        "regenerate examples/data (see examples/data/README.md)"
    );
    let doc = parse(&text);
    assert_eq!(doc.resources.len() as u64, DEFAULT_RESOURCES);
    assert_eq!(doc.catalog.name, "国家政务数据目录");
    for t in [SharingType::Unconditional, SharingType::Conditional, SharingType::NotShared] {
        assert!(doc.resources.iter().any(|r| r.sharing.sharing_type == t), "{t:?} missing");
    }
}

#[test]
fn bundled_province_sample_shares_codes_with_the_national_one() {
    let text = province_sample();
    assert_eq!(
        example("sample-province.json"),
        text,
        "regenerate examples/data (see examples/data/README.md)"
    );
    let doc = parse(&text);
    assert_eq!(doc.catalog.id, "zhejiang");
    assert_eq!(doc.catalog.name, "浙江省公共数据目录");
    assert_eq!(doc.resources.len() as u64, PROVINCE_RESOURCES);
    for r in &doc.resources {
        assert!(r.provider.contains("浙江") || r.provider == "杭州海关", "{}", r.provider);
        assert!(r.provider_code.starts_with("11330000") && gb32100_ok(&r.provider_code));
    }
    let national: BTreeSet<String> = parse(&default_sample()).resources.into_iter().map(|r| r.code).collect();
    let shared: Vec<&str> =
        doc.resources.iter().map(|r| r.code.as_str()).filter(|c| national.contains(*c)).collect();
    // Exactly the five base libraries, on purpose.
    assert_eq!(shared, ["101001/00001", "102001/00001", "103001/00001", "104001/00001", "105001/00001"]);
}
