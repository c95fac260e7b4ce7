//! Lazy search over a published index (issue #14 step 5): every query
//! answers exactly as the eagerly loaded catalog does, reading only the
//! blocks it needs, and every bad range, block or index fails closed.

#[path = "catalog_synth.rs"]
mod synth;

use std::collections::BTreeMap;

use govshare_core::catalog::*;
use govshare_core::sign::{Algorithm, Key, PinnedKey};

fn catalog(n: u64, seed: u64) -> (Vec<Resource>, Catalog) {
    let info =
        CatalogInfo {
            id: "national".into(), name: "国家政务数据目录".into(), version: 3, published: None
        };
    let res = synth::resources(n, seed);
    let cat = Catalog::from_resources(info, &res).unwrap();
    (res, cat)
}

struct Published {
    files: BTreeMap<String, Vec<u8>>,
    manifest: Vec<u8>,
    signature: String,
    pin: PinnedKey,
    key: Key,
}

fn publish(cat: &Catalog, block_size: u32, alg: Algorithm) -> Published {
    let key = Key::generate(alg).unwrap();
    let p = cat.publish(&key, &PublishOptions { block_size, ..Default::default() }).unwrap();
    Published {
        files: p.files().into_iter().map(|(n, b)| (n, b.to_vec())).collect(),
        manifest: p.manifest.clone(),
        signature: p.signature.clone(),
        pin: PinnedKey::from_key(&key).unwrap(),
        key,
    }
}

fn open(p: &Published) -> LazyIndex {
    let mut ix = LazyIndex::new(&p.manifest, &p.signature, &p.pin, &IndexExpectation::default()).unwrap();
    for s in ix.manifest().sections.clone() {
        ix.add_block_list(&s.name, &p.files[&s.block_file]).unwrap();
    }
    ix
}

/// Searches, fetching what is asked from the published files; the result
/// and the rounds it took.
fn lazy_search(ix: &mut LazyIndex, p: &Published, q: &SearchQuery) -> (SearchResult, usize) {
    for round in 0..12 {
        let step = ix.search(q).unwrap();
        if let Some(result) = step.result {
            assert!(step.need.is_empty());
            return (result, round);
        }
        assert!(!step.need.is_empty(), "neither a result nor a need");
        for r in step.need {
            let bytes = &p.files[&r.file][r.start as usize..r.end as usize];
            ix.add_range(&r.section, r.start, bytes).unwrap();
        }
    }
    panic!("no answer after 12 rounds");
}

/// Words and word pairs of the catalog, some unknown, with filters and pages.
fn queries(res: &[Resource]) -> Vec<SearchQuery> {
    let mut rng = synth::Lcg::new(99);
    let words: Vec<String> = res
        .iter()
        .take(60)
        .flat_map(|r| {
            let mut w = vec![r.name.chars().skip(2).take(2).collect::<String>()];
            w.push(r.items[0].name.chars().take(3).collect());
            w.push(r.summary.chars().skip(6).take(4).collect());
            w
        })
        .collect();
    let p = &res[3];
    let filters = [
        SearchQuery::default(),
        SearchQuery { sharing: Some(SharingType::Conditional), ..Default::default() },
        SearchQuery { provider: Some(p.provider.clone()), ..Default::default() },
        SearchQuery { provider: Some(p.provider_code.clone()), grade: Some(4), ..Default::default() },
        SearchQuery { provider: Some("no such provider".into()), ..Default::default() },
        SearchQuery {
            update_cycle: Some(UpdateCycle::Monthly),
            format: Some(ResourceFormat::Database),
            ..Default::default()
        },
        SearchQuery { classification_prefix: Some("2".into()), limit: 5, offset: 3, ..Default::default() },
        SearchQuery { limit: 0, ..Default::default() },
        SearchQuery { limit: 50, offset: 40, ..Default::default() },
    ];
    let mut out = Vec::new();
    for f in &filters {
        out.push(f.clone());
        for _ in 0..6 {
            let a = &words[rng.below(words.len() as u64) as usize];
            let b = &words[rng.below(words.len() as u64) as usize];
            for text in [
                a.clone(),
                format!("{a} {b}"),
                format!("{a} 未知词语"),
                "数据".to_owned(),
                "信息 记录".into(),
            ] {
                out.push(SearchQuery { text, ..f.clone() });
            }
        }
    }
    out
}

#[test]
fn lazy_pages_equal_the_eager_catalogs_on_every_query_shape() {
    let (res, cat) = catalog(1500, 21);
    let p = publish(&cat, 4096, Algorithm::Ed25519);
    let mut ix = open(&p);
    let mut relaxed = 0;
    for q in queries(&res) {
        let eager = cat.search(&q).unwrap();
        let (lazy, _) = lazy_search(&mut ix, &p, &q);
        assert_eq!(lazy, eager, "query {q:?}");
        relaxed += usize::from(eager.relaxed);
    }
    assert!(relaxed > 0, "the queries reach the any-term fallback");
    // A fresh reader per query: the same answers from cold.
    for q in queries(&res).into_iter().step_by(17) {
        let mut cold = open(&p);
        assert_eq!(lazy_search(&mut cold, &p, &q).0, cat.search(&q).unwrap());
    }
}

#[test]
fn a_narrow_query_reads_a_small_part_of_the_index() {
    let (res, cat) = catalog(6000, 5);
    let p = publish(&cat, 4096, Algorithm::Sm2Sm3);
    let mut ix = open(&p);
    let q = SearchQuery {
        text: res[17].items[0].name.clone(),
        provider: Some(res[17].provider.clone()),
        ..Default::default()
    };
    let (result, rounds) = lazy_search(&mut ix, &p, &q);
    assert_eq!(result, cat.search(&q).unwrap());
    assert!(result.total > 0);
    let stats = ix.stats();
    assert!(stats.bytes_held * 4 < stats.bytes_total, "{stats:?}");
    assert!(rounds <= 6, "{rounds} rounds");
    // Held blocks answer again without any fetch.
    let again = ix.search(&q).unwrap();
    assert_eq!(again.result.as_ref(), Some(&result));
    assert!(again.need.is_empty());
}

#[test]
fn bad_ranges_and_blocks_are_refused_and_nothing_of_them_is_kept() {
    let (_, cat) = catalog(300, 8);
    let p = publish(&cat, 4096, Algorithm::Ed25519);
    let mut ix = open(&p);
    let q = SearchQuery { text: "信息".into(), ..Default::default() };
    let need = ix.search(&q).unwrap().need;
    // The longest range: its blocks are checked four at a time.
    let r = need.iter().max_by_key(|r| r.end - r.start).unwrap().clone();
    assert!(r.end - r.start > 4 * 4096, "a range of five blocks or more");
    let good = p.files[&r.file][r.start as usize..r.end as usize].to_vec();
    let code = |res: Result<(), govshare_core::Error>| res.unwrap_err().code();
    // A flipped byte in any block of the range: refused, nothing kept.
    let firsts_and_lasts = (0..good.len()).step_by(4096).flat_map(|b| [b, (b + 4095).min(good.len() - 1)]);
    for at in firsts_and_lasts.chain([good.len() / 2]) {
        let mut bad = good.clone();
        bad[at] ^= 0x40;
        assert_eq!(code(ix.add_range(&r.section, r.start, &bad)), "index_section_mismatch");
        assert_eq!(ix.stats().blocks_held, 0);
    }
    // Truncated, extended, misaligned, another section's, unknown section.
    assert_eq!(code(ix.add_range(&r.section, r.start, &good[..good.len() - 1])), "index_section_mismatch");
    let mut longer = good.clone();
    longer.push(0);
    let past_end = ix.manifest().sections.iter().find(|s| s.name == r.section).unwrap().length;
    if r.end == past_end {
        assert_eq!(code(ix.add_range(&r.section, r.start, &longer)), "index_section_mismatch");
    }
    assert_eq!(code(ix.add_range(&r.section, r.start + 1, &good[1..])), "index_section_mismatch");
    let other = if r.section == "texts" { "index" } else { "texts" };
    let res = ix.add_range(other, r.start, &good);
    assert!(res.is_err());
    assert_eq!(code(ix.add_range("secrets", 0, &good)), "invalid_argument");
    assert_eq!(ix.stats().blocks_held, 0);
    // The genuine bytes are then accepted and the search goes on.
    ix.add_range(&r.section, r.start, &good).unwrap();
    assert!(ix.stats().blocks_held > 0);
    assert_eq!(lazy_search(&mut ix, &p, &q).0, cat.search(&q).unwrap());
}

#[test]
fn a_search_needs_every_block_list_and_a_list_is_checked() {
    let (_, cat) = catalog(100, 2);
    let p = publish(&cat, 4096, Algorithm::Ed25519);
    let mut ix = LazyIndex::new(&p.manifest, &p.signature, &p.pin, &IndexExpectation::default()).unwrap();
    let q = SearchQuery::default();
    assert_eq!(ix.search(&q).unwrap_err().code(), "invalid_argument");
    let mut list = p.files["texts.blocks"].clone();
    list[5] ^= 1;
    assert_eq!(ix.add_block_list("texts", &list).unwrap_err().code(), "index_section_mismatch");
    assert_eq!(
        ix.add_range("texts", 0, &p.files["texts.bin"][..4096]).unwrap_err().code(),
        "invalid_argument"
    );
    for s in ix.manifest().sections.clone() {
        ix.add_block_list(&s.name, &p.files[&s.block_file]).unwrap();
    }
    assert_eq!(ix.add_block_list("texts", &p.files["texts.blocks"]).unwrap_err().code(), "invalid_argument");
    assert_eq!(lazy_search(&mut ix, &p, &q).0, cat.search(&q).unwrap());
}

#[test]
fn the_manifest_is_checked_as_for_an_eager_load() {
    let (_, cat) = catalog(50, 3);
    let p = publish(&cat, 4096, Algorithm::Ed25519);
    let other = PinnedKey::from_key(&Key::generate(Algorithm::Ed25519).unwrap()).unwrap();
    let e = LazyIndex::new(&p.manifest, &p.signature, &other, &IndexExpectation::default()).unwrap_err();
    assert_eq!(e.code(), "signature_invalid");
    let expect = IndexExpectation { catalog_id: None, min_version: Some(4) };
    let e = LazyIndex::new(&p.manifest, &p.signature, &p.pin, &expect).unwrap_err();
    assert_eq!(e.code(), "index_catalog_mismatch");
    let mut m = p.manifest.clone();
    let at = m.len() / 2;
    m[at] ^= 1;
    assert!(LazyIndex::new(&m, &p.signature, &p.pin, &IndexExpectation::default()).is_err());
}

/// The manifest re-signed by the platform's own key after `edit`: what an
/// insider or a buggy publisher could produce.
fn resigned(p: &Published, edit: impl FnOnce(&mut serde_json::Value)) -> (Vec<u8>, String) {
    let mut v: serde_json::Value = serde_json::from_slice(&p.manifest).unwrap();
    edit(&mut v);
    let m = govshare_core::jcs::canonicalize(&serde_json::to_vec(&v).unwrap()).unwrap();
    let sig = govshare_core::encoding::base64_encode(&p.key.sign(&m).unwrap());
    (m, sig)
}

#[test]
fn a_signed_array_directory_that_lies_is_refused_by_both_readers() {
    let (_, cat) = catalog(200, 4);
    let p = publish(&cat, 4096, Algorithm::Ed25519);
    let none = IndexExpectation::default();
    // Not tiling its section: refused when the manifest is read.
    let (m, sig) = resigned(&p, |v| v["sections"][2]["arrays"][3]["count"] = serde_json::json!(1));
    assert_eq!(LazyIndex::new(&m, &sig, &p.pin, &none).unwrap_err().code(), "index_manifest_invalid");
    let (m, sig) =
        resigned(&p, |v| v["sections"][0]["arrays"].as_array_mut().unwrap().pop().map(drop).unwrap());
    assert_eq!(LazyIndex::new(&m, &sig, &p.pin, &none).unwrap_err().code(), "index_manifest_invalid");
    // Tiling, but four bytes moved from the string ends to the strings:
    // the count headers disagree, and both readers refuse.
    let (m, sig) = resigned(&p, |v| {
        let arrays = &mut v["sections"][2]["arrays"];
        let strings = arrays[0]["count"].as_u64().unwrap();
        let ends = arrays[1]["count"].as_u64().unwrap();
        let at = arrays[1]["offset"].as_u64().unwrap();
        arrays[0]["count"] = serde_json::json!(strings + 4);
        arrays[1]["count"] = serde_json::json!(ends - 1);
        arrays[1]["offset"] = serde_json::json!(at + 4);
    });
    let mut lazy = LazyIndex::new(&m, &sig, &p.pin, &none).unwrap();
    for s in lazy.manifest().sections.clone() {
        lazy.add_block_list(&s.name, &p.files[&s.block_file]).unwrap();
    }
    let err = (0..8)
        .find_map(|_| match lazy.search(&SearchQuery::default()) {
            Err(e) => Some(e),
            Ok(step) => {
                for r in step.need {
                    lazy.add_range(&r.section, r.start, &p.files[&r.file][r.start as usize..r.end as usize])
                        .unwrap();
                }
                None
            }
        })
        .expect("the lazy reader refuses the directory");
    assert_eq!(err.code(), "index_section_mismatch");
    let mut eager = PublishedIndexLoader::new(&m, &sig, &p.pin, &none).unwrap();
    for s in eager.sections().to_vec() {
        eager.add_block_list(&s.name, &p.files[&s.block_file]).unwrap();
    }
    for s in eager.sections().to_vec() {
        eager.push(&p.files[&s.file]).unwrap();
    }
    assert_eq!(eager.finish().unwrap_err().code(), "index_section_mismatch");
}

/// Looks a resource up, fetching what is asked; the resource and the rounds.
fn lazy_resource(ix: &mut LazyIndex, p: &Published, code: &str) -> (Option<Resource>, usize) {
    for round in 0..200 {
        let step = ix.resource(code).unwrap();
        if step.ready {
            assert!(step.need.is_empty());
            return (step.resource, round);
        }
        for r in step.need {
            ix.add_range(&r.section, r.start, &p.files[&r.file][r.start as usize..r.end as usize]).unwrap();
        }
    }
    panic!("no answer after 200 rounds");
}

#[test]
fn resources_by_code_equal_the_eager_catalogs() {
    let (res, cat) = catalog(800, 13);
    let p = publish(&cat, 4096, Algorithm::Ed25519);
    let mut ix = open(&p);
    // Any code, found by binary search over the code order.
    for r in res.iter().step_by(37) {
        assert_eq!(lazy_resource(&mut ix, &p, &r.code).0.as_ref(), Some(r));
    }
    for missing in ["", "0", "999999/999999", "zzz", &format!("{}x", res[5].code)] {
        assert_eq!(lazy_resource(&mut ix, &p, missing).0, None, "{missing:?}");
        assert_eq!(cat.resource(missing), None);
    }
    // A hit of a page is found without a search of the code order.
    let mut cold = open(&p);
    let q = SearchQuery { text: res[11].name.clone(), limit: 3, ..Default::default() };
    let page = lazy_search(&mut cold, &p, &q).0;
    let first = &page.hits[0].code;
    let (found, rounds) = lazy_resource(&mut cold, &p, first);
    assert_eq!(found, cat.resource(first));
    assert!(rounds <= 2, "{rounds} rounds for a hit of the page");
}

#[test]
fn a_bound_on_held_bytes_drops_old_blocks_and_every_search_still_completes() {
    let (res, cat) = catalog(3000, 17);
    let p = publish(&cat, 4096, Algorithm::Ed25519);
    let mut ix = open(&p);
    let bound = 64 * 1024;
    ix.set_max_held_bytes(bound);
    let mut peak = 0;
    for q in queries(&res).into_iter().step_by(3) {
        // Each search completes although it may need more than the bound …
        let (result, _) = lazy_search(&mut ix, &p, &q);
        assert_eq!(result, cat.search(&q).unwrap(), "query {q:?}");
        peak = peak.max(ix.stats().bytes_held);
        // … and the next one starts from at most the bound.
        let next = ix.search(&SearchQuery { limit: 0, ..Default::default() }).unwrap();
        if next.result.is_none() {
            assert!(ix.stats().bytes_held <= bound, "{:?}", ix.stats());
        }
    }
    assert!(peak > bound, "the searches needed more than the bound at once");
    let mut unbounded = open(&p);
    for q in queries(&res).into_iter().step_by(3) {
        lazy_search(&mut unbounded, &p, &q);
    }
    assert!(ix.stats().bytes_held < unbounded.stats().bytes_held);
}

/// A name that is not UTF-16 (a lone high surrogate), in an index the
/// platform's own key signed with the texts' digests to match: the lazy
/// reader refuses it when it reads the name (`index_section_mismatch`),
/// the eager loader at load, as any array that fails the snapshot checks
/// (`snapshot_invalid`).
#[test]
fn a_signed_index_whose_name_is_not_utf16_is_refused_by_both_readers() {
    let (res, cat) = catalog(50, 5);
    let p = publish(&cat, 4096, Algorithm::Ed25519);
    let mut texts = p.files["texts.bin"].clone();
    let wide: Vec<u8> = res[0].name.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let at = texts.windows(wide.len()).position(|w| w == wide.as_slice()).expect("the name is in the texts");
    texts[at..at + 2].copy_from_slice(&0xD800u16.to_le_bytes());
    let forged = signed_with_section(p, 1, "texts", texts);
    assert_eq!(lazy_resource_error(&forged, &res[0].code).code(), "index_section_mismatch");
    assert_eq!(eager_error(&forged).code(), "snapshot_invalid");
}

/// An insider's index: an item of the first resource names a kind the
/// kinds table does not hold, and the platform's key signs it. The lazy
/// reader refuses it when it reads the item, the eager loader at the end.
#[test]
fn a_signed_index_whose_item_kind_does_not_exist_is_refused_by_both_readers() {
    let (res, cat) = catalog(50, 5);
    let p = publish(&cat, 4096, Algorithm::Ed25519);
    let manifest: serde_json::Value = serde_json::from_slice(&p.manifest).unwrap();
    let items = &manifest["sections"][3];
    assert_eq!(items["name"], "items");
    // The first array of the section: the 16-bit kinds (few kinds here).
    let kinds = &items["arrays"][0];
    assert!(kinds["count"].as_u64().unwrap() > 0);
    let at = kinds["offset"].as_u64().unwrap() as usize + 8;
    let mut bytes = p.files["items.bin"].clone();
    bytes[at..at + 2].copy_from_slice(&0xFFFFu16.to_le_bytes());
    let forged = signed_with_section(p, 3, "items", bytes);
    assert_eq!(lazy_resource_error(&forged, &res[0].code).code(), "index_section_mismatch");
    assert_eq!(eager_error(&forged).code(), "snapshot_invalid");
}

/// `p` with section `i` (`name`) replaced by `bytes`, its block list and
/// root rewritten and the manifest signed again with the platform's key.
fn signed_with_section(p: Published, i: usize, name: &str, bytes: Vec<u8>) -> Published {
    use govshare_core::digest::sha256_hex;
    use govshare_core::encoding::hex_decode;
    let blocks: Vec<u8> = bytes.chunks(4096).flat_map(|b| hex_decode(&sha256_hex(b)).unwrap()).collect();
    let root = sha256_hex(&blocks);
    let (manifest, signature) = resigned(&p, |v| v["sections"][i]["root"] = serde_json::json!(root));
    let Published { mut files, pin, key, .. } = p;
    files.insert(format!("{name}.bin"), bytes);
    files.insert(format!("{name}.blocks"), blocks);
    Published { files, manifest, signature, pin, key }
}

/// The error a lazy reader gives while it reads resource `code`, fed the
/// ranges it asks for.
fn lazy_resource_error(forged: &Published, code: &str) -> govshare_core::Error {
    let mut lazy = open(forged);
    (0..12)
        .find_map(|_| match lazy.resource(code) {
            Err(e) => Some(e),
            Ok(step) => {
                assert!(!step.ready, "the resource read back");
                for r in step.need {
                    let bytes = &forged.files[&r.file][r.start as usize..r.end as usize];
                    lazy.add_range(&r.section, r.start, bytes).unwrap();
                }
                None
            }
        })
        .expect("the lazy reader refuses the resource")
}

/// The error the eager loader gives for the whole index.
fn eager_error(forged: &Published) -> govshare_core::Error {
    let none = IndexExpectation::default();
    let mut eager =
        PublishedIndexLoader::new(&forged.manifest, &forged.signature, &forged.pin, &none).unwrap();
    for s in eager.sections().to_vec() {
        eager.add_block_list(&s.name, &forged.files[&s.block_file]).unwrap();
    }
    for s in eager.sections().to_vec() {
        eager.push(&forged.files[&s.file]).unwrap();
    }
    eager.finish().unwrap_err()
}
