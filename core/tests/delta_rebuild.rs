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

/// The delta for `ops` on `base`, and the resources a rebuild starts from.
fn delta_and_expected(base: &[Resource], ops: &[Op]) -> (Vec<DeltaChange>, Vec<Resource>) {
    // Slots in document order; None once withdrawn.
    let mut slots: Vec<Option<Resource>> = base.iter().cloned().map(Some).collect();
    let mut changes = Vec::new();
    let mut fresh = 0u64;
    let extra = synth::resources(64, 99);
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
                r.name = format!("{}（修订{pick}）", r.name);
                r.summary = format!("{} 变更 登记 许可", r.summary);
                changes.push(DeltaChange::Replace { resource: r.clone() });
                slots[i] = Some(r);
            }
            Op::Withdraw(pick) if !live.is_empty() => {
                let i = live[pick % live.len()];
                let code = slots[i].as_ref().expect("live").code.clone();
                changes.push(DeltaChange::Withdraw { code, reason: None });
                slots[i] = None;
            }
            Op::ReAdd(pick) if !live.is_empty() => {
                let i = live[pick % live.len()];
                let r = slots[i].clone().expect("live");
                changes.push(DeltaChange::Withdraw { code: r.code.clone(), reason: None });
                changes.push(DeltaChange::Add { resource: r.clone() });
            }
            _ => {}
        }
    }
    (changes, slots.into_iter().flatten().collect())
}

fn page(c: &Catalog, text: &str) -> SearchResult {
    c.search(&SearchQuery { text: text.into(), limit: 30, ..Default::default() }).expect("valid query")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn a_delta_leaves_the_catalog_a_rebuild_makes(ops in ops(), seed in 0u64..50) {
        let base = synth::resources(120, seed);
        let mut catalog = Catalog::from_resources(info(1), &base).unwrap();
        let (changes, expected) = delta_and_expected(&base, &ops);
        let delta = DeltaDocument {
            format: DELTA_FORMAT.into(),
            format_version: FORMAT_VERSION,
            catalog: "synthetic".into(),
            base_version: 1,
            new_version: 2,
            changes,
        };
        catalog.apply_delta_document(&delta).unwrap();
        let rebuilt = Catalog::from_resources(info(2), &expected).unwrap();
        prop_assert_eq!(catalog.to_snapshot(), rebuilt.to_snapshot());
        for text in ["登记", "许可 变更", "企业", "修订", ""] {
            prop_assert_eq!(page(&catalog, text), page(&rebuilt, text));
        }
    }
}
