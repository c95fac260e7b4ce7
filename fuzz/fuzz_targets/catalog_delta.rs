//! `parse_delta` and `apply_delta` on a small loaded catalog: a refused delta
//! leaves the catalog exactly as it was; an applied one moves the version,
//! reports the right resource count, and the result round-trips through JSON.
//! The merge (`splice.rs`) must make it, and make exactly the catalog that
//! indexing every resource again makes (the same snapshot bytes).
#![no_main]

use govshare_core::catalog::{parse_delta, Catalog};
use govshare_fuzz::{assert_same_catalog, zhejiang};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let base = zhejiang();
    let before = base.to_snapshot();
    let parsed = parse_delta(data);
    // apply_delta = parse_delta + apply_delta_document.
    let mut direct = base.clone();
    let direct_result = direct.apply_delta(data);
    let delta = match parsed {
        Err(e) => {
            let d = direct_result.expect_err("apply_delta refuses what parse_delta refuses");
            assert_eq!(e.code(), d.code());
            assert!(direct.to_snapshot() == before, "refused delta changed the catalog");
            return;
        }
        Ok(d) => d,
    };
    let mut cat = base.clone();
    let mut by_rebuild = base.clone();
    let rebuilt = by_rebuild.apply_delta_document_by_rebuild(&delta);
    match cat.apply_delta_document_reporting(&delta).map(|(outcome, merged)| {
        assert!(merged, "the merge gave up on a consistent catalog");
        outcome
    }) {
        Err(e) => {
            assert!(cat.to_snapshot() == before, "refused delta changed the catalog ({})", e.code());
            let d = direct_result.expect_err("both paths refuse");
            assert_eq!(e.code(), d.code());
            assert!(direct.to_snapshot() == before);
            assert_eq!(rebuilt.expect_err("the rebuild refuses too").code(), e.code());
        }
        Ok(outcome) => {
            assert_eq!(direct_result.as_ref().ok(), Some(&outcome), "both paths agree");
            assert_same_catalog(&cat, &direct, "apply_delta vs apply_delta_document");
            assert_eq!(rebuilt.as_ref().ok(), Some(&outcome), "merge and rebuild agree");
            assert!(
                cat.to_snapshot() == by_rebuild.to_snapshot(),
                "the merge made another catalog than a rebuild"
            );
            assert_eq!(outcome.resources, cat.len());
            assert_eq!(outcome.base_version, base.version());
            assert_eq!(cat.version(), outcome.new_version);
            assert_eq!(outcome.catalog, cat.id());
            assert_eq!(
                cat.len() as i128,
                base.len() as i128 + outcome.added as i128 - outcome.withdrawn as i128,
                "resource count adds up"
            );
            let json = cat.to_json();
            let again = Catalog::from_json(&json).expect("the updated catalog's JSON loads");
            assert_same_catalog(&cat, &again, "updated catalog JSON round trip");
            // The same delta cannot apply twice: the base version moved.
            let mut twice = cat.clone();
            let snap = twice.to_snapshot();
            assert!(twice.apply_delta_document(&delta).is_err(), "a delta applied twice");
            assert!(twice.to_snapshot() == snap);
        }
    }
});
