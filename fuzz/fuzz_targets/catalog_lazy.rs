//! `LazyIndex`: lazy search never panics, answers as the eager load of the
//! same index, and keeps nothing that does not match the signed digests.
//!
//! The first byte picks the attack:
//! - bit 0 clear: the rest replaces the sections' bytes, re-published (cut
//!   where the genuine sections are cut; lengths, digests and the array
//!   directory rewritten and signed again: an insider or a buggy
//!   publisher), then searched lazily with fixed queries and a resource
//!   lookup; whenever the eager load succeeds and is the index of its own
//!   resources, and a lazy answer succeeds, they are equal;
//! - bit 0 set: the genuine index, and the rest is a run of ranges
//!   (section, start, length, bytes) added to a lazy reader: whatever is
//!   refused or kept, a search afterwards answers exactly as the eager load.
#![no_main]

use std::collections::HashMap;
use std::sync::OnceLock;

use govshare_core::catalog::{
    Catalog, IndexExpectation, LazyIndex, PublishOptions, PublishedIndexLoader, SearchQuery, SearchResult,
};
use govshare_core::digest::sha256_hex;
use govshare_core::encoding::{base64_encode, hex_decode};
use govshare_core::sign::{Algorithm, Key, PinnedKey};
use govshare_fuzz::{national, walk_directory};
use libfuzzer_sys::fuzz_target;

const BLOCK: usize = 4096;
const SECTIONS: [&str; 5] = ["meta", "texts", "resources", "items", "index"];

struct Fixture {
    key: Key,
    pinned: PinnedKey,
    manifest: Vec<u8>,
    signature: String,
    files: HashMap<String, Vec<u8>>,
    lengths: Vec<usize>,
    answers: Vec<SearchResult>,
}

fn queries() -> Vec<SearchQuery> {
    vec![
        SearchQuery { text: "企业登记".into(), limit: 10, ..Default::default() },
        SearchQuery { text: "居民 纳税".into(), ..Default::default() },
        SearchQuery { provider: Some("民政部".into()), limit: 3, offset: 1, ..Default::default() },
    ]
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let key = Key::from_raw(Algorithm::Ed25519, &[9u8; 32], true).expect("key");
        let pinned = PinnedKey::from_key(&key).expect("pin");
        let index = national()
            .publish(&key, &PublishOptions { block_size: BLOCK as u32, ..Default::default() })
            .expect("publish");
        let files: HashMap<String, Vec<u8>> =
            index.files().into_iter().map(|(n, b)| (n, b.to_vec())).collect();
        let lengths = index.manifest().sections.iter().map(|s| s.length as usize).collect();
        let answers = queries().iter().map(|q| national().search(q).expect("search")).collect();
        Fixture {
            key,
            pinned,
            manifest: index.manifest.clone(),
            signature: index.signature.clone(),
            files,
            lengths,
            answers,
        }
    })
}

fn block_list(bytes: &[u8]) -> Vec<u8> {
    bytes.chunks(BLOCK).flat_map(|b| hex_decode(&sha256_hex(b)).unwrap_or_default()).collect()
}

fn open(manifest: &[u8], signature: &str, files: &HashMap<String, Vec<u8>>) -> Option<LazyIndex> {
    let f = fixture();
    let mut ix = LazyIndex::new(manifest, signature, &f.pinned, &IndexExpectation::default()).ok()?;
    for s in SECTIONS {
        ix.add_block_list(s, files.get(&format!("{s}.blocks"))?).ok()?;
    }
    Some(ix)
}

/// Serves what the reader asks from `files`; `None` on an error or after 64 rounds.
fn lazy_search(
    ix: &mut LazyIndex,
    files: &HashMap<String, Vec<u8>>,
    q: &SearchQuery,
) -> Option<SearchResult> {
    for _ in 0..64 {
        let step = ix.search(q).ok()?;
        if step.result.is_some() {
            return step.result;
        }
        for r in step.need {
            let file = files.get(&r.file)?;
            let bytes = file.get(r.start as usize..(r.end as usize).min(file.len()))?;
            ix.add_range(&r.section, r.start, bytes).ok()?;
        }
    }
    None
}

fn eager(manifest: &[u8], signature: &str, files: &HashMap<String, Vec<u8>>) -> Option<Catalog> {
    let f = fixture();
    let mut loader =
        PublishedIndexLoader::new(manifest, signature, &f.pinned, &IndexExpectation::default()).ok()?;
    for s in SECTIONS {
        loader.add_block_list(s, files.get(&format!("{s}.blocks"))?).ok()?;
    }
    for s in SECTIONS {
        loader.push(files.get(&format!("{s}.bin"))?).ok()?;
    }
    loader.finish().ok()
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let f = fixture();
    if mode & 1 == 0 {
        if rest.len() > 1 << 20 {
            return;
        }
        let mut manifest: serde_json::Value = serde_json::from_slice(&f.manifest).expect("manifest");
        let mut files = f.files.clone();
        let mut at = 0usize;
        for (i, name) in SECTIONS.iter().enumerate() {
            let end = if i + 1 == SECTIONS.len() { rest.len() } else { (at + f.lengths[i]).min(rest.len()) };
            let bytes = &rest[at..end];
            let list = block_list(bytes);
            let m = &mut manifest["sections"][i];
            m["length"] = bytes.len().into();
            m["blocks"] = bytes.len().div_ceil(BLOCK).into();
            m["root"] = sha256_hex(&list).into();
            m["arrays"] = walk_directory(i, bytes);
            files.insert(format!("{name}.bin"), bytes.to_vec());
            files.insert(format!("{name}.blocks"), list);
            at = end;
        }
        let text = serde_json::to_vec(&manifest).expect("json");
        let signature = base64_encode(&f.key.sign(&text).expect("sign"));
        let Some(mut ix) = open(&text, &signature, &files) else { return };
        // Answers are compared only for an index that is the index of its
        // own resources: a signed index whose postings disagree with its
        // texts has no right answer (the eager engine's text and postings
        // scoring paths then differ too), only no panic and coded errors.
        let loaded = eager(&text, &signature, &files).filter(|cat| {
            let resources: Vec<_> = cat.resources().collect();
            Catalog::from_resources(cat.info(), &resources)
                .is_ok_and(|again| again.to_snapshot() == cat.to_snapshot())
        });
        for q in queries() {
            if let (Some(lazy), Some(cat)) = (lazy_search(&mut ix, &files, &q), loaded.as_ref()) {
                if let Ok(want) = cat.search(&q) {
                    assert_eq!(lazy, want, "lazy and eager answers differ for {q:?}");
                }
            }
        }
        if let Some(cat) = loaded.as_ref() {
            for code in cat.codes().into_iter().take(3) {
                for _ in 0..200 {
                    let Ok(step) = ix.resource(&code) else { break };
                    if step.ready {
                        assert_eq!(step.resource, cat.resource(&code));
                        break;
                    }
                    let mut failed = false;
                    for r in step.need {
                        let file = &files[&r.file];
                        let bytes = &file[r.start as usize..(r.end as usize).min(file.len())];
                        failed |= ix.add_range(&r.section, r.start, bytes).is_err();
                    }
                    if failed {
                        break;
                    }
                }
            }
        }
        return;
    }
    // Arbitrary ranges first, then genuine answers.
    let Some(mut ix) = open(&f.manifest, &f.signature, &f.files) else { panic!("the genuine index opens") };
    let mut input = rest;
    while input.len() >= 7 {
        let section = SECTIONS[usize::from(input[0]) % SECTIONS.len()];
        let start = u64::from(u32::from_le_bytes([input[1], input[2], input[3], input[4]]) % 65536);
        let len = usize::from(u16::from_le_bytes([input[5], input[6]])).min(input.len() - 7);
        let _ = ix.add_range(section, start, &input[7..7 + len]);
        input = &input[7 + len..];
    }
    for (q, want) in queries().iter().zip(&f.answers) {
        assert_eq!(lazy_search(&mut ix, &f.files, q).as_ref(), Some(want), "after arbitrary ranges, {q:?}");
    }
});
