//! `Catalog::from_json`: arbitrary bytes never panic; a loaded catalog
//! round-trips through its JSON form and its snapshot unchanged, browsing
//! finds every resource, and lint/item never panic.
#![no_main]

use govshare_core::catalog::{Catalog, SearchQuery};
use govshare_fuzz::assert_same_catalog;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(cat) = Catalog::from_json(data) else { return };
    // JSON round trip: what we write, we read back as the same catalog.
    let json = cat.to_json();
    let again = Catalog::from_json(&json).expect("a catalog's own JSON loads");
    assert_same_catalog(&cat, &again, "to_json round trip");
    assert_eq!(again.to_json(), json, "to_json is a fixed point");
    // Snapshot round trip.
    let snap = cat.to_snapshot();
    let from_snap = Catalog::from_snapshot(&snap).expect("a catalog's own snapshot loads");
    assert_eq!(from_snap.to_snapshot(), snap, "snapshot round trip");
    // Browsing with no filter matches every resource.
    let all = cat.search(&SearchQuery { limit: 0, ..Default::default() }).expect("an empty query is valid");
    assert_eq!(all.total, cat.len(), "browse total");
    assert_eq!(cat.codes().len() as u64, cat.len());
    for f in cat.lint() {
        if let Some(code) = &f.resource {
            assert!(!code.is_empty());
        }
    }
    let first = cat.resources().next();
    if let Some(r) = first {
        if let Some(item) = r.items.first() {
            let found = cat.item(&item.name);
            assert!(found.occurrences.iter().any(|o| o.code == r.code), "item finds its resource");
        }
    }
});
