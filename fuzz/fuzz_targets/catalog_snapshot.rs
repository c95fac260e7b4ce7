//! `Catalog::from_snapshot`: arbitrary bytes never panic. The first input
//! byte picks whether the header's length and CRC are fixed up to match the
//! payload (so mutations reach the structural checks behind the checksum).
//! A snapshot that loads is a fixed point (re-snapshotting gives the same
//! bytes, modulo a fixed-up header) and every query on it stays in bounds.
#![no_main]

use govshare_core::catalog::{Catalog, SearchQuery};
use govshare_fuzz::fix_snapshot_header;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let mut bytes = rest.to_vec();
    if mode & 1 == 1 {
        fix_snapshot_header(&mut bytes);
    }
    let Ok(cat) = Catalog::from_snapshot(&bytes) else { return };
    let snap = cat.to_snapshot();
    let again = Catalog::from_snapshot(&snap).expect("a catalog's own snapshot loads");
    assert!(again.to_snapshot() == snap, "snapshot is a fixed point");
    let all = cat.search(&SearchQuery { limit: 5, ..Default::default() }).expect("browse");
    assert_eq!(all.total, cat.len());
    for h in &all.hits {
        assert!(cat.resource(&h.code).is_some(), "a hit's code resolves");
    }
    for text in ["企业", "登记 信息", "a"] {
        let r = cat.search(&SearchQuery { text: text.into(), ..Default::default() }).expect("search");
        assert!(r.total <= cat.len());
        assert!(r.hits.len() as u64 <= r.total);
    }
    let _ = cat.lint();
    let _ = cat.item("姓名");
    let _ = cat.stats();
    let _ = cat.to_json();
});
