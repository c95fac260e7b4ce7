//! `PublishedIndexLoader`: arbitrary manifests and sections never panic, and
//! nothing that does not match a signed manifest loads.
//!
//! The first byte picks the attack:
//! - bit 0 clear: the rest is a manifest, signed with the platform key (an
//!   insider's or a buggy publisher's manifest), loaded against the genuine
//!   sections;
//! - bit 0 set: the rest replaces the sections' bytes; with bit 1 set the
//!   manifest is rewritten to match them (lengths, block digests, the array
//!   directory walked from their count headers) and signed again, so mutations reach the array decoder and the structural checks;
//!   with bit 1 clear the genuine manifest is kept and the load must fail
//!   unless the bytes are the genuine ones.
//! Bits 2–7 size the pieces the bytes are pushed in.
#![no_main]

use std::sync::OnceLock;

use govshare_core::catalog::{IndexExpectation, PublishOptions, PublishedIndex, PublishedIndexLoader};
use govshare_core::digest::sha256_hex;
use govshare_core::encoding::{base64_encode, hex_decode};
use govshare_core::sign::{Algorithm, Key, PinnedKey};
use govshare_fuzz::{walk_directory, zhejiang};
use libfuzzer_sys::fuzz_target;

const BLOCK: usize = 4096;

struct Fixture {
    key: Key,
    pinned: PinnedKey,
    index: PublishedIndex,
    body: Vec<u8>,
    lists: Vec<Vec<u8>>,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        // A fixed key, so a crash reproduces.
        let key = Key::from_raw(Algorithm::Ed25519, &[7u8; 32], true).expect("key");
        let pinned = PinnedKey::from_key(&key).expect("pin");
        let index = zhejiang()
            .publish(&key, &PublishOptions { block_size: BLOCK as u32, ..Default::default() })
            .expect("publish");
        let files: std::collections::HashMap<String, Vec<u8>> =
            index.files().into_iter().map(|(n, b)| (n, b.to_vec())).collect();
        let body = index.manifest().sections.iter().flat_map(|s| files[&s.file].clone()).collect();
        let lists = index.manifest().sections.iter().map(|s| files[&s.block_file].clone()).collect();
        Fixture { key, pinned, index, body, lists }
    })
}

fn root(bytes: &[u8]) -> String {
    sha256_hex(&block_list(bytes))
}

/// The block list of `bytes` (what `<section>.blocks` holds).
fn block_list(bytes: &[u8]) -> Vec<u8> {
    bytes.chunks(BLOCK).flat_map(|b| hex_decode(&sha256_hex(b)).unwrap_or_default()).collect()
}

fn load(
    manifest: &[u8],
    signature: &str,
    lists: &[Vec<u8>],
    body: &[u8],
    piece: usize,
) -> Option<govshare_core::catalog::Catalog> {
    let f = fixture();
    let mut loader =
        PublishedIndexLoader::new(manifest, signature, &f.pinned, &IndexExpectation::default()).ok()?;
    for (s, list) in loader.sections().to_vec().iter().zip(lists) {
        loader.add_block_list(&s.name, list).ok()?;
    }
    for p in body.chunks(piece) {
        loader.push(p).ok()?;
    }
    loader.finish().ok()
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let f = fixture();
    let piece = usize::from(mode >> 2) * 97 + 1;
    let sign = |m: &[u8]| base64_encode(&f.key.sign(m).expect("sign"));
    if mode & 1 == 0 {
        // Sections declared beyond 16 MiB could reserve up to
        // MAX_SNAPSHOT_BYTES (fallibly; core tests cover it), past
        // libFuzzer's malloc limit: left to those tests.
        let declared: u64 = serde_json::from_slice::<serde_json::Value>(rest)
            .ok()
            .and_then(|v| {
                v["sections"]
                    .as_array()
                    .map(|a| a.iter().filter_map(|s| s["length"].as_u64()).fold(0u64, u64::saturating_add))
            })
            .unwrap_or(0);
        if declared > 1 << 24 {
            return;
        }
        // Any signed manifest: it parses or is refused, never panics; if it
        // loads, it described the genuine sections.
        if let Some(cat) = load(rest, &sign(rest), &f.lists, &f.body, piece) {
            assert_eq!(cat.len(), f.index.manifest().resources as u64);
        }
        return;
    }
    if mode & 2 == 0 {
        let loaded = load(&f.index.manifest, &f.index.signature, &f.lists, rest, piece);
        assert_eq!(loaded.is_some(), rest == f.body.as_slice(), "only the genuine sections load");
        return;
    }
    // Re-publish the mutated bytes: cut them where the genuine sections
    // are cut (clamped), fix lengths and digests, sign again.
    let mut manifest: serde_json::Value = serde_json::from_slice(&f.index.manifest).expect("manifest");
    let mut at = 0usize;
    let mut lists = Vec::new();
    let n = f.index.manifest().sections.len();
    for (i, s) in f.index.manifest().sections.iter().enumerate() {
        let end = if i + 1 == n { rest.len() } else { (at + s.length as usize).min(rest.len()) };
        let bytes = &rest[at..end];
        let m = &mut manifest["sections"][i];
        m["length"] = bytes.len().into();
        m["blocks"] = bytes.len().div_ceil(BLOCK).into();
        m["root"] = root(bytes).into();
        m["arrays"] = walk_directory(i, bytes);
        lists.push(block_list(bytes));
        at = end;
    }
    let text = serde_json::to_vec(&manifest).expect("json");
    if let Some(cat) = load(&text, &sign(&text), &lists, rest, piece) {
        // Whatever loads is a consistent catalog.
        let again = govshare_core::catalog::Catalog::from_snapshot(&cat.to_snapshot())
            .expect("its own snapshot loads");
        assert_eq!(again.len(), cat.len());
        let _ =
            cat.search(&govshare_core::catalog::SearchQuery { text: "企业".into(), ..Default::default() });
    }
});
