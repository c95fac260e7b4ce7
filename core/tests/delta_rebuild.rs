//! A delta applied to a catalog must leave exactly the catalog built from
//! scratch out of the resulting resources (issue #14: "delta-versus-rebuild
//! equality as a property test"): same snapshot bytes, same search pages.
//! Resources keep their place when replaced, leave it when withdrawn, and
//! new codes come last, in the order the delta adds them.

#[path = "catalog_synth.rs"]
mod synth;

use govshare_core::catalog::*;
use proptest::prelude::*;

fn info(version: u64) -> CatalogInfo {
    CatalogInfo { id: "synthetic".into(), name: "合成目录".into(), version, published: None }
}

/// One change, on a code picked by index among the codes in play.
#[derive(Debug, Clone)]
enum Op {
    Add,
    Replace(usize),
    Withdraw(usize),
    /// Withdraw a code, then add it again (its place is kept).
    ReAdd(usize),
}

fn ops() -> impl Strategy<Value = Vec<Op>> {
    proptest::collection::vec(
        prop_oneof![
            Just(Op::Add),
            (0usize..1000).prop_map(Op::Replace),
            (0usize..1000).prop_map(Op::Withdraw),
            (0usize..1000).prop_map(Op::ReAdd),
        ],
        0..24,
    )
}

/// Synthetic resources with what the synthetic generator leaves out: related
/// codes, item lengths too big for the compact column, several kinds of
/// personal information, open conditions, and (from `dups`) codes the
/// catalog carries twice.
fn base(n: u64, seed: u64, dups: bool) -> Vec<Resource> {
    let mut base = synth::resources(n, seed);
    let codes: Vec<String> = base.iter().map(|r| r.code.clone()).collect();
    for (i, r) in base.iter_mut().enumerate() {
        if i % 7 == 3 {
            r.related = vec![codes[(i * 13) % codes.len()].clone(), format!("外部/{}", i % 5)];
        }
        for (k, item) in r.items.iter_mut().enumerate() {
            if (i + k) % 11 == 0 {
                item.length = Some(70_000 + (i as u32));
            }
            if item.pi_kind.is_some() {
                item.pi_kind = Some(["name", "phone", "address", "id_number"][(i + k) % 4].into());
            }
        }
        if i % 9 == 4 {
            r.open = Some(OpenAttribute {
                open_type: OpenType::Conditional,
                conditions: Some(format!("条件{}", i % 3)),
            });
        }
    }
    if dups {
        for i in (5..base.len()).step_by(17) {
            base[i].code = base[i - 3].code.clone();
        }
    }
    base
}

/// The delta for `ops` on `base`, and the resources a rebuild starts from.
///
/// A code the catalog carries twice cannot be replaced (the delta would be
/// refused), and withdrawing it withdraws every copy; added again, it takes
/// the place of its first copy.
fn delta_and_expected(base: &[Resource], ops: &[Op]) -> (Vec<DeltaChange>, Vec<Resource>) {
    // Slots in document order; None once withdrawn.
    let mut slots: Vec<Option<Resource>> = base.iter().cloned().map(Some).collect();
    let mut changes = Vec::new();
    let mut fresh = 0u64;
    let extra = synth::resources(64, 99);
    let same_code = |slots: &[Option<Resource>], code: &str| -> Vec<usize> {
        (0..slots.len()).filter(|&i| slots[i].as_ref().is_some_and(|r| r.code == code)).collect()
    };
    for op in ops {
        let live: Vec<usize> = (0..slots.len()).filter(|&i| slots[i].is_some()).collect();
        match *op {
            Op::Add => {
                let mut r = extra[(fresh as usize) % extra.len()].clone();
                r.code = format!("999999/{fresh:05}");
                fresh += 1;
                changes.push(DeltaChange::Add { resource: r.clone() });
                slots.push(Some(r));
            }
            Op::Replace(pick) if !live.is_empty() => {
                let i = live[pick % live.len()];
                let mut r = slots[i].clone().expect("live");
                if same_code(&slots, &r.code).len() > 1 {
                    continue;
                }
                r.name = format!("{}（修订{pick}）", r.name);
                r.summary = format!("{} 变更 登记 许可", r.summary);
                r.items.truncate(pick % 4 + 1);
                r.related.push(format!("新关联/{pick}"));
                changes.push(DeltaChange::Replace { resource: r.clone() });
                slots[i] = Some(r);
            }
            Op::Withdraw(pick) if !live.is_empty() => {
                let i = live[pick % live.len()];
                let code = slots[i].as_ref().expect("live").code.clone();
                for j in same_code(&slots, &code) {
                    slots[j] = None;
                }
                changes.push(DeltaChange::Withdraw { code, reason: None });
            }
            Op::ReAdd(pick) if !live.is_empty() => {
                let i = live[pick % live.len()];
                let r = slots[i].clone().expect("live");
                let copies = same_code(&slots, &r.code);
                for &j in &copies[1..] {
                    slots[j] = None;
                }
                slots[copies[0]] = Some(r.clone());
                changes.push(DeltaChange::Withdraw { code: r.code.clone(), reason: None });
                changes.push(DeltaChange::Add { resource: r });
            }
            _ => {}
        }
    }
    (changes, slots.into_iter().flatten().collect())
}

/// The synthetic catalog's delta from version 1 to 2.
fn delta_1_to_2(changes: Vec<DeltaChange>) -> DeltaDocument {
    DeltaDocument {
        format: DELTA_FORMAT.into(),
        format_version: FORMAT_VERSION,
        catalog: "synthetic".into(),
        base_version: 1,
        new_version: 2,
        changes,
    }
}

fn page(c: &Catalog, text: &str) -> SearchResult {
    c.search(&SearchQuery { text: text.into(), limit: 30, ..Default::default() }).expect("valid query")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn a_delta_leaves_the_catalog_a_rebuild_makes(ops in ops(), seed in 0u64..50, dups in any::<bool>()) {
        let base = base(120, seed, dups);
        let mut catalog = Catalog::from_resources(info(1), &base).unwrap();
        let (changes, expected) = delta_and_expected(&base, &ops);
        let delta = delta_1_to_2(changes);
        let mut by_rebuild = catalog.clone();
        let (outcome, merged) = catalog.apply_delta_document_reporting(&delta).unwrap();
        prop_assert!(merged, "the merge gave up and the catalog was rebuilt");
        prop_assert_eq!(&by_rebuild.apply_delta_document_by_rebuild(&delta).unwrap(), &outcome);
        let rebuilt = Catalog::from_resources(info(2), &expected).unwrap();
        prop_assert_eq!(catalog.to_snapshot(), rebuilt.to_snapshot());
        prop_assert_eq!(by_rebuild.to_snapshot(), rebuilt.to_snapshot());
        for text in ["登记", "许可 变更", "企业", "修订", ""] {
            prop_assert_eq!(page(&catalog, text), page(&rebuilt, text));
        }
    }
}

/// Found by the `catalog_delta` fuzz target: the first resources withdrawn
/// side by side (a posting at a removed resource lies below the shift of
/// the kept ones after it), around a replacement and at the end.
#[test]
fn neighbouring_withdrawals_at_either_end_merge_like_a_rebuild() {
    let base = base(60, 7, false);
    let mut catalog = Catalog::from_resources(info(1), &base).unwrap();
    let mut replaced = base[3].clone();
    replaced.name = format!("{}（修订）", replaced.name);
    let changes = vec![
        DeltaChange::Withdraw { code: base[0].code.clone(), reason: None },
        DeltaChange::Withdraw { code: base[1].code.clone(), reason: None },
        DeltaChange::Withdraw { code: base[2].code.clone(), reason: None },
        DeltaChange::Replace { resource: replaced.clone() },
        DeltaChange::Withdraw { code: base[4].code.clone(), reason: None },
        DeltaChange::Withdraw { code: base[58].code.clone(), reason: None },
        DeltaChange::Withdraw { code: base[59].code.clone(), reason: None },
    ];
    let mut expected: Vec<Resource> = base[5..58].to_vec();
    expected.insert(0, replaced);
    let delta = delta_1_to_2(changes);
    let (_, merged) = catalog.apply_delta_document_reporting(&delta).unwrap();
    assert!(merged, "the merge gave up");
    let rebuilt = Catalog::from_resources(info(2), &expected).unwrap();
    assert!(catalog.to_snapshot() == rebuilt.to_snapshot());
}

/// The counts of the two item-kind arrays of a snapshot (16-bit, 32-bit),
/// walked with core's own layout widths.
fn kind_arrays(snapshot: &[u8]) -> (u64, u64) {
    let mut at = 24usize;
    let mut counts = Vec::new();
    for &width in LAYOUT_WIDTHS.iter() {
        let count = u64::from_le_bytes(snapshot[at..at + 8].try_into().unwrap());
        counts.push(count);
        at += 8 + (count * width) as usize;
    }
    assert_eq!(at, snapshot.len());
    (counts[33], counts[34])
}

/// A delta that takes a catalog past 65,536 item kinds (each item's kind
/// then takes 32 bits) and one that brings it back under: the merge widens
/// and narrows the kinds as a rebuild stores them. The synthetic items are
/// nearly all of distinct kinds, the worst case for the kinds table.
#[test]
fn a_delta_across_the_narrow_kinds_limit_merges_like_a_rebuild() {
    let all = base(5200, 11, false);
    let (few, more) = all.split_at(3000);
    let mut catalog = Catalog::from_resources(info(1), few).unwrap();
    let (narrow, wide) = kind_arrays(&catalog.to_snapshot());
    assert!(narrow > 0 && wide == 0, "{narrow} {wide}");
    let mut changes: Vec<DeltaChange> =
        more.iter().map(|r| DeltaChange::Add { resource: r.clone() }).collect();
    changes.push(DeltaChange::Withdraw { code: few[1].code.clone(), reason: None });
    let (_, merged) = catalog.apply_delta_document_reporting(&delta_1_to_2(changes)).unwrap();
    assert!(merged, "the merge gave up");
    let expected: Vec<Resource> =
        all.iter().enumerate().filter(|&(i, _)| i != 1).map(|(_, r)| r.clone()).collect();
    let rebuilt = Catalog::from_resources(info(2), &expected).unwrap();
    let snapshot = catalog.to_snapshot();
    let (narrow, wide) = kind_arrays(&snapshot);
    assert!(narrow == 0 && wide > 0, "{narrow} {wide}");
    assert!(snapshot == rebuilt.to_snapshot());
    // Back under the limit.
    let changes: Vec<DeltaChange> = expected[..2600]
        .iter()
        .map(|r| DeltaChange::Withdraw { code: r.code.clone(), reason: None })
        .collect();
    let delta = DeltaDocument { base_version: 2, new_version: 3, ..delta_1_to_2(changes) };
    let (_, merged) = catalog.apply_delta_document_reporting(&delta).unwrap();
    assert!(merged, "the merge gave up");
    let rebuilt = Catalog::from_resources(info(3), &expected[2600..]).unwrap();
    let snapshot = catalog.to_snapshot();
    let (narrow, wide) = kind_arrays(&snapshot);
    assert!(narrow > 0 && wide == 0, "{narrow} {wide}");
    assert!(snapshot == rebuilt.to_snapshot());
    assert_eq!(page(&catalog, "企业"), page(&rebuilt, "企业"));
}

/// On a catalog whose items repeat (the sample generator's: a few hundred
/// kinds), the merge copies the runs of old items whose kinds keep their
/// numbers. A delta that brings new kinds in late (old kinds keep their
/// numbers until then), then one that brings one in first (every old kind
/// moves), must each equal a rebuild.
#[test]
fn deltas_on_repeating_item_kinds_merge_like_a_rebuild() {
    let json = sample::sample_json(&sample::SampleOptions::national(3000, 3)).unwrap();
    let mut catalog = Catalog::from_json(json.as_bytes()).unwrap();
    let mut expected: Vec<Resource> = catalog.resources().collect();
    let mut info = catalog.info().clone();
    let mut apply = |catalog: &mut Catalog, changes: Vec<DeltaChange>, expected: &[Resource]| {
        let delta = DeltaDocument {
            catalog: info.id.clone(),
            base_version: info.version,
            new_version: info.version + 1,
            ..delta_1_to_2(changes)
        };
        let (_, merged) = catalog.apply_delta_document_reporting(&delta).unwrap();
        assert!(merged, "the merge gave up");
        info.version += 1;
        let rebuilt = Catalog::from_resources(info.clone(), expected).unwrap();
        assert!(catalog.to_snapshot() == rebuilt.to_snapshot());
    };
    // New kinds late: in a replaced resource and in one added at the end.
    let mut late = expected[2500].clone();
    late.items[0].name = "新增数据项".into();
    late.items[1].length = Some(123_457);
    let mut added = expected[10].clone();
    added.code = format!("{}9", added.code);
    added.items[0].grade = if added.items[0].grade == 1 { 2 } else { 1 };
    added.items[0].name = "另一新增数据项".into();
    let changes = vec![
        DeltaChange::Withdraw { code: expected[7].code.clone(), reason: None },
        DeltaChange::Replace { resource: late.clone() },
        DeltaChange::Add { resource: added.clone() },
    ];
    expected[2500] = late;
    expected.remove(7);
    expected.push(added);
    apply(&mut catalog, changes, &expected);
    // A new kind first: every old kind is numbered anew.
    let mut first = expected[0].clone();
    first.items[0].length = Some(765_433);
    let changes = vec![
        DeltaChange::Replace { resource: first.clone() },
        DeltaChange::Withdraw { code: expected[1999].code.clone(), reason: None },
    ];
    expected[0] = first;
    expected.remove(1999);
    apply(&mut catalog, changes, &expected);
}
