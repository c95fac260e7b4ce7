//! `SearchQuery` from arbitrary JSON against the national test catalog:
//! results are bounded, paged, sorted and filtered as documented, and a set
//! holding only this catalog answers exactly like the catalog itself, and a
//! page equals the same slice of the whole ranking.
#![no_main]

use std::sync::OnceLock;

use govshare_core::catalog::{CatalogSet, SearchQuery, MAX_LIMIT, MAX_QUERY_CHARS};
use govshare_fuzz::national;
use libfuzzer_sys::fuzz_target;

fn set() -> &'static CatalogSet {
    static S: OnceLock<CatalogSet> = OnceLock::new();
    S.get_or_init(|| {
        let mut s = CatalogSet::new();
        s.add(national().clone()).expect("one catalog adds");
        s
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(q) = serde_json::from_slice::<SearchQuery>(data) else { return };
    let cat = national();
    let r = match cat.search(&q) {
        Ok(r) => r,
        Err(e) => {
            assert_eq!(e.code(), "invalid_argument");
            assert!(q.limit > MAX_LIMIT || q.text.chars().count() > MAX_QUERY_CHARS, "refused a valid query");
            assert_eq!(set().search(&q).map_err(|e| e.code().to_owned()), Err("invalid_argument".to_owned()));
            return;
        }
    };
    assert!(r.total <= cat.len());
    assert!(r.hits.len() <= q.limit as usize, "page longer than limit");
    let expected = r.total.saturating_sub(u64::from(q.offset)).min(u64::from(q.limit));
    assert_eq!(r.hits.len() as u64, expected, "page size");
    for w in r.hits.windows(2) {
        assert!(
            w[0].score > w[1].score || (w[0].score == w[1].score && w[0].code < w[1].code),
            "hits sorted by score, then code"
        );
    }
    for h in &r.hits {
        let res = cat.resource(&h.code).expect("a hit's code resolves");
        assert_eq!(res.name, h.name);
        assert_eq!(h.catalog, cat.id());
        assert!(h.score.is_finite() && h.score >= 0.0);
        if let Some(s) = q.sharing {
            assert_eq!(h.sharing, s, "sharing filter");
        }
        if let Some(g) = q.grade {
            assert_eq!(h.grade, g, "grade filter");
        }
        if let Some(p) = &q.provider {
            assert!(&h.provider == p || &h.provider_code == p, "provider filter");
        }
        if q.text.trim().is_empty() {
            assert_eq!(h.score, 0.0, "browsing does not score");
        }
    }
    // The page (found by block-max pruning) is the slice of the whole
    // ranking (every match scored) at the same offset.
    if r.total <= u64::from(MAX_LIMIT) && q.limit < MAX_LIMIT {
        let all = cat.search(&SearchQuery { offset: 0, limit: MAX_LIMIT, ..q.clone() }).expect("valid query");
        let want: Vec<_> = all.hits.iter().skip(q.offset as usize).take(q.limit as usize).collect();
        assert_eq!(r.hits.iter().collect::<Vec<_>>(), want, "pruned page differs from the whole ranking");
        assert_eq!((all.total, &all.facets), (r.total, &r.facets));
    }
    let sharing_total: u64 = r.facets.sharing.iter().map(|f| f.count).sum();
    assert_eq!(sharing_total, r.total, "every match has a sharing type");
    for facet in [
        &r.facets.provider,
        &r.facets.sharing,
        &r.facets.grade,
        &r.facets.update_cycle,
        &r.facets.format,
        &r.facets.classification,
    ] {
        for w in facet.windows(2) {
            assert!(
                w[0].count > w[1].count || (w[0].count == w[1].count && w[0].value < w[1].value),
                "facets sorted"
            );
        }
        for f in facet.iter() {
            assert!(f.count > 0 && f.count <= r.total);
        }
    }
    assert_eq!(cat.search(&q).expect("same query again"), r, "deterministic");
    assert_eq!(set().search(&q).expect("set search"), r, "a one-catalog set answers like the catalog");
});
