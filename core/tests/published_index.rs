//! The published catalog index (issue #14 step 4): a genuine index loads
//! into exactly the catalog that was published, in pieces of any size, and
//! every attack on its bytes, its manifest, its signature or its order
//! fails closed with a coded error and no catalog.

#[path = "catalog_synth.rs"]
mod synth;

use govshare_core::catalog::*;
use govshare_core::sign::{Algorithm, Key, PinnedKey};

fn catalog(version: u64) -> Catalog {
    let info =
        CatalogInfo {
            id: "national".into(), name: "国家政务数据目录".into(), version, published: None
        };
    Catalog::from_resources(info, &synth::resources(150, 11)).unwrap()
}

fn platform_key(alg: Algorithm) -> Key {
    let mut key = Key::generate(alg).unwrap();
    key.set_key_id("platform-2026");
    key
}

/// The files of an index, by name.
fn files(p: &PublishedIndex) -> std::collections::BTreeMap<String, Vec<u8>> {
    p.files().into_iter().map(|(n, b)| (n, b.to_vec())).collect()
}

/// The sections concatenated in manifest order.
fn sections(p: &PublishedIndex) -> Vec<u8> {
    let f = files(p);
    p.manifest().sections.iter().flat_map(|s| f[&s.file].clone()).collect()
}

/// Loads `body` under `manifest`, with the block lists `p` published.
fn load(
    p: &PublishedIndex,
    manifest: &[u8],
    sig: &str,
    key: &PinnedKey,
    body: &[u8],
    chunk: usize,
) -> Result<Catalog, govshare_core::Error> {
    let mut loader = PublishedIndexLoader::new(manifest, sig, key, &IndexExpectation::default())?;
    let f = files(p);
    for s in loader.sections().to_vec() {
        loader.add_block_list(&s.name, &f[&s.block_file])?;
    }
    for piece in body.chunks(chunk.max(1)) {
        loader.push(piece)?;
    }
    loader.finish()
}

/// Re-signs a changed manifest with the platform's own key: what an insider
/// with the key, or a bug in a publisher, could produce.
fn resign(key: &Key, manifest: &[u8]) -> String {
    govshare_core::encoding::base64_encode(&key.sign(manifest).unwrap())
}

type Edit = Box<dyn Fn(&mut serde_json::Value)>;

fn edit_manifest(p: &PublishedIndex, edit: impl FnOnce(&mut serde_json::Value)) -> Vec<u8> {
    let mut v: serde_json::Value = serde_json::from_slice(&p.manifest).unwrap();
    edit(&mut v);
    govshare_core::jcs::canonicalize(&serde_json::to_vec(&v).unwrap()).unwrap()
}

#[test]
fn a_genuine_index_loads_the_published_catalog_in_pieces_of_any_size() {
    let cat = catalog(3);
    for alg in [Algorithm::Ed25519, Algorithm::Sm2Sm3] {
        let key = platform_key(alg);
        for hash in [IndexHash::Sha256, IndexHash::Sm3] {
            let options = PublishOptions { block_size: MIN_BLOCK_SIZE, hash };
            let p = cat.publish(&key, &options).unwrap();
            let m = p.manifest();
            assert_eq!(m.catalog.id, "national");
            assert_eq!(m.resources, 150);
            assert_eq!(
                m.sections.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
                ["meta", "texts", "resources", "items", "index"]
            );
            let body = sections(&p);
            let public = PinnedKey::from_key(&key).unwrap();
            for chunk in [1usize, 3, 4095, 4096, 4097, 1 << 20] {
                if chunk == 1 && (alg != Algorithm::Ed25519 || hash != IndexHash::Sha256) {
                    continue; // byte by byte once is enough
                }
                let back = load(&p, &p.manifest, &p.signature, &public, &body, chunk).unwrap();
                assert_eq!(back.to_snapshot(), cat.to_snapshot(), "{alg:?} {hash:?} chunk {chunk}");
            }
            // The block lists verify against the manifest's roots.
            let f = files(&p);
            for s in &m.sections {
                let digests = check_block_file(m, &s.name, &f[&s.block_file]).unwrap();
                assert_eq!(digests.len() as u64, s.blocks);
            }
        }
    }
}

#[test]
fn every_tampered_byte_of_every_section_is_refused() {
    let cat = catalog(3);
    let key = platform_key(Algorithm::Ed25519);
    let p = cat.publish(&key, &PublishOptions { block_size: MIN_BLOCK_SIZE, ..Default::default() }).unwrap();
    let public = PinnedKey::from_key(&key).unwrap();
    let body = sections(&p);
    // Some section spans several runs of four blocks: pushed whole, those
    // are checked four at a time (side by side where that is faster).
    assert!(p.manifest().sections.iter().any(|s| s.blocks >= 8), "a section of eight blocks or more");
    let step = (body.len() / 300).max(1);
    for pos in (0..body.len()).step_by(step).chain([0, body.len() - 1]) {
        for flip in [0x01u8, 0x80, 0xFF] {
            let mut bad = body.clone();
            bad[pos] ^= flip;
            for chunk in [5000, 4 * MIN_BLOCK_SIZE as usize + 1, usize::MAX] {
                let e = load(&p, &p.manifest, &p.signature, &public, &bad, chunk).unwrap_err();
                assert_eq!(e.code(), "index_section_mismatch", "byte {pos} ^ {flip:#x}, pieces of {chunk}");
                assert_eq!(e.kind().as_str(), "verdict");
            }
        }
    }
    // Truncated anywhere (a cut range response), or one byte too many.
    for cut in [0, 1, 8, body.len() / 2, body.len() - 1] {
        let e = load(&p, &p.manifest, &p.signature, &public, &body[..cut], 4096).unwrap_err();
        assert_eq!(e.code(), "index_section_mismatch", "cut at {cut}");
    }
    let mut long = body.clone();
    long.push(0);
    assert_eq!(
        load(&p, &p.manifest, &p.signature, &public, &long, 4096).unwrap_err().code(),
        "index_section_mismatch"
    );
    // Sections in another order.
    let f = files(&p);
    let s = &p.manifest().sections;
    let mut swapped = f[&s[1].file].clone();
    swapped.extend_from_slice(&f[&s[0].file]);
    for rest in &s[2..] {
        swapped.extend_from_slice(&f[&rest.file]);
    }
    assert_eq!(
        load(&p, &p.manifest, &p.signature, &public, &swapped, 4096).unwrap_err().code(),
        "index_section_mismatch"
    );
    // A tampered block list.
    let mut blocks = f[&s[1].block_file].clone();
    blocks[3] ^= 1;
    assert_eq!(
        check_block_file(p.manifest(), "texts", &blocks).unwrap_err().code(),
        "index_section_mismatch"
    );
    assert_eq!(
        check_block_file(p.manifest(), "texts", &blocks[..blocks.len() - 32]).unwrap_err().code(),
        "index_section_mismatch"
    );
    // Bytes before their block list, a list twice, a list of no section.
    let fresh = || {
        PublishedIndexLoader::new(&p.manifest, &p.signature, &public, &IndexExpectation::default()).unwrap()
    };
    let mut loader = fresh();
    assert_eq!(loader.push(&body[..10]).unwrap_err().code(), "invalid_argument");
    let mut loader = fresh();
    loader.add_block_list("meta", &f[&s[0].block_file]).unwrap();
    assert_eq!(loader.add_block_list("meta", &f[&s[0].block_file]).unwrap_err().code(), "invalid_argument");
    assert_eq!(fresh().add_block_list("extra", &[]).unwrap_err().code(), "invalid_argument");
    let mut loader = fresh();
    assert_eq!(loader.add_block_list("texts", &blocks).unwrap_err().code(), "index_section_mismatch");
    // A bad block is refused before it is decoded: at its end, not the section's.
    let mut loader = fresh();
    for sec in s {
        loader.add_block_list(&sec.name, &f[&sec.block_file]).unwrap();
    }
    let texts_start = f[&s[0].file].len();
    let mut bad = body.clone();
    bad[texts_start + 10] ^= 1;
    let first_block_end = texts_start + MIN_BLOCK_SIZE as usize;
    assert!(first_block_end < texts_start + f[&s[1].file].len(), "texts has more than one block");
    loader.push(&bad[..first_block_end - 1]).unwrap();
    assert_eq!(
        loader.push(&bad[first_block_end - 1..first_block_end]).unwrap_err().code(),
        "index_section_mismatch"
    );
    // After a failure, the loader takes nothing more.
    assert_eq!(loader.push(&[]).unwrap_err().code(), "invalid_argument");
    assert_eq!(loader.finish().unwrap_err().code(), "invalid_argument");
}

#[test]
fn the_manifest_and_its_signature_fail_closed() {
    let cat = catalog(3);
    let key = platform_key(Algorithm::Ed25519);
    let p = cat.publish(&key, &PublishOptions::default()).unwrap();
    let public = PinnedKey::from_key(&key).unwrap();
    let none = IndexExpectation::default();
    let open = |m: &[u8], sig: &str, k: &PinnedKey, e: &IndexExpectation| {
        PublishedIndexLoader::new(m, sig, k, e).map(|_| ())
    };
    // Every byte of the manifest and of the signature is covered.
    for pos in 0..p.manifest.len() {
        let mut m = p.manifest.clone();
        m[pos] ^= 0x20;
        assert_eq!(
            open(&m, &p.signature, &public, &none).unwrap_err().code(),
            "signature_invalid",
            "manifest byte {pos}"
        );
    }
    let sig = govshare_core::encoding::base64_decode(&p.signature).unwrap();
    for pos in 0..sig.len() {
        let mut s = sig.clone();
        s[pos] ^= 1;
        let s = govshare_core::encoding::base64_encode(&s);
        assert_eq!(open(&p.manifest, &s, &public, &none).unwrap_err().code(), "signature_invalid");
    }
    assert_eq!(open(&p.manifest, "***", &public, &none).unwrap_err().code(), "signature_invalid");
    assert_eq!(open(&p.manifest, "", &public, &none).unwrap_err().code(), "signature_invalid");
    // Another platform's key, of the same or another algorithm.
    for alg in [Algorithm::Ed25519, Algorithm::Sm2Sm3] {
        let other = PinnedKey::from_key(&platform_key(alg)).unwrap();
        assert!(open(&p.manifest, &p.signature, &other, &none).is_err());
    }
    // A shared secret is never a trust anchor, nor a signing key for an index.
    let hmac = Key::from_hmac_secret(&[7u8; 32]).unwrap();
    assert_eq!(PinnedKey::from_key(&hmac).unwrap_err().code(), "symmetric_key_refused");
    assert_eq!(PinnedKey::from_jwk(r#"{"kty":"oct","k":"AAAA"}"#).unwrap_err().code(), "invalid_key");
    assert_eq!(cat.publish(&hmac, &PublishOptions::default()).unwrap_err().code(), "symmetric_key_refused");
    // Only what the catalog module verifies can sign an index.
    let p256 = platform_key(Algorithm::EcdsaP256Sha256);
    assert_eq!(cat.publish(&p256, &PublishOptions::default()).unwrap_err().code(), "key_algorithm_mismatch");
    // The manifest trailing a newline (a re-saved file) no longer verifies.
    let mut m = p.manifest.clone();
    m.push(b'\n');
    assert_eq!(open(&m, &p.signature, &public, &none).unwrap_err().code(), "signature_invalid");
    // Expectations: another catalog, an older version (a replay).
    let other_id = IndexExpectation { catalog_id: Some("zhejiang".into()), min_version: None };
    assert_eq!(
        open(&p.manifest, &p.signature, &public, &other_id).unwrap_err().code(),
        "index_catalog_mismatch"
    );
    let newer = IndexExpectation { catalog_id: Some("national".into()), min_version: Some(4) };
    assert_eq!(
        open(&p.manifest, &p.signature, &public, &newer).unwrap_err().code(),
        "index_catalog_mismatch"
    );
    let same = IndexExpectation { catalog_id: Some("national".into()), min_version: Some(3) };
    open(&p.manifest, &p.signature, &public, &same).unwrap();
    // A key with another id than the manifest's signer.
    let mut renamed = key.public_key().unwrap();
    renamed.set_key_id("platform-2025");
    let renamed = PinnedKey::from_key(&renamed).unwrap();
    assert_eq!(
        open(&p.manifest, &p.signature, &renamed, &none).unwrap_err().code(),
        "index_catalog_mismatch"
    );
}

#[test]
fn a_signed_but_malformed_manifest_is_refused() {
    let cat = catalog(3);
    let key = platform_key(Algorithm::Ed25519);
    let p = cat.publish(&key, &PublishOptions::default()).unwrap();
    let public = PinnedKey::from_key(&key).unwrap();
    let none = IndexExpectation::default();
    let code = |m: Vec<u8>| {
        let sig = resign(&key, &m);
        PublishedIndexLoader::new(&m, &sig, &public, &none).unwrap_err().code()
    };
    let edits: Vec<(&str, Edit, &str)> = vec![
        (
            "a file outside the index",
            Box::new(|v| v["sections"][1]["file"] = "../../etc/passwd".into()),
            "index_manifest_invalid",
        ),
        (
            "a renamed section",
            Box::new(|v| v["sections"][0]["name"] = "extra".into()),
            "index_manifest_invalid",
        ),
        (
            "a section dropped",
            Box::new(|v| {
                v["sections"].as_array_mut().unwrap().pop();
            }),
            "index_manifest_invalid",
        ),
        ("an unknown member", Box::new(|v| v["note"] = "x".into()), "index_manifest_invalid"),
        ("another format", Box::new(|v| v["format"] = "other".into()), "index_manifest_invalid"),
        ("another layout", Box::new(|v| v["layout"] = 2.into()), "snapshot_version"),
        (
            "a format version from the future",
            Box::new(|v| v["format_version"] = 9.into()),
            "unsupported_format",
        ),
        ("an unknown hash", Box::new(|v| v["hash"] = "md5".into()), "index_manifest_invalid"),
        ("a tiny block size", Box::new(|v| v["block_size"] = 16.into()), "index_manifest_invalid"),
        (
            "a block count that disagrees",
            Box::new(|v| v["sections"][2]["blocks"] = 0.into()),
            "index_manifest_invalid",
        ),
        (
            "an uppercase root",
            Box::new(|v| {
                let r = v["sections"][2]["root"].as_str().unwrap().to_uppercase();
                v["sections"][2]["root"] = r.into();
            }),
            "index_manifest_invalid",
        ),
        (
            "another signer algorithm",
            Box::new(|v| v["signer"]["alg"] = "sm2-sm3".into()),
            "index_catalog_mismatch",
        ),
    ];
    for (what, edit, want) in edits {
        assert_eq!(code(edit_manifest(&p, edit)), want, "{what}");
    }
    // Signed but not canonical: whitespace, or a duplicated member.
    let spaced = String::from_utf8(p.manifest.clone()).unwrap().replacen(':', ": ", 1).into_bytes();
    assert_eq!(code(spaced), "index_manifest_invalid");
    let text = String::from_utf8(p.manifest.clone()).unwrap();
    let duplicated =
        text.replacen("{\"block_size\":", "{\"block_size\":4096,\"block_size\":", 1).into_bytes();
    assert_ne!(duplicated, p.manifest);
    assert_eq!(code(duplicated), "index_manifest_invalid");
    // A manifest naming another catalog (or resource count) than its sections hold.
    let body = sections(&p);
    for edit in [
        Box::new(|v: &mut serde_json::Value| v["catalog"]["version"] = 4.into())
            as Box<dyn Fn(&mut serde_json::Value)>,
        Box::new(|v: &mut serde_json::Value| v["resources"] = 149.into()),
        Box::new(|v: &mut serde_json::Value| v["format_version"] = 1.into()),
    ] {
        let m = edit_manifest(&p, edit);
        let sig = resign(&key, &m);
        assert_eq!(load(&p, &m, &sig, &public, &body, 1 << 16).unwrap_err().code(), "index_catalog_mismatch");
    }
    // Section lengths moved between sections: the digests no longer hold.
    let m = edit_manifest(&p, |v| {
        let a = v["sections"][0]["length"].as_u64().unwrap();
        v["sections"][0]["length"] = (a + 1).into();
        let b = v["sections"][1]["length"].as_u64().unwrap();
        v["sections"][1]["length"] = (b - 1).into();
    });
    let sig = resign(&key, &m);
    assert!(load(&p, &m, &sig, &public, &body, 1 << 16).is_err());
    // Oversized manifests are refused before the signature is checked.
    let big = vec![b' '; MAX_MANIFEST_BYTES + 1];
    assert_eq!(code(big), "limit_exceeded");
}

#[test]
fn publishing_refuses_block_sizes_out_of_range() {
    let cat = catalog(1);
    let key = platform_key(Algorithm::Ed25519);
    for block_size in [0, MIN_BLOCK_SIZE - 1, MAX_BLOCK_SIZE + 1] {
        let e = cat.publish(&key, &PublishOptions { block_size, ..Default::default() }).unwrap_err();
        assert_eq!(e.code(), "invalid_argument");
    }

    assert_eq!(
        cat.publish(&key.public_key().unwrap(), &PublishOptions::default()).unwrap_err().code(),
        "public_key_only"
    );
}

#[test]
fn a_pinned_key_is_a_public_ed25519_or_sm2_jwk_and_nothing_else() {
    for alg in [Algorithm::Ed25519, Algorithm::Sm2Sm3] {
        let key = platform_key(alg);
        let jwk = key.public_key().unwrap().to_jwk(false).unwrap();
        let pinned = PinnedKey::from_jwk(&jwk).unwrap();
        assert_eq!(pinned.algorithm(), alg);
        let sig = key.sign(b"manifest").unwrap();
        pinned.verify(b"manifest", &sig).unwrap();
        assert_eq!(pinned.verify(b"manifesT", &sig).unwrap_err().code(), "signature_invalid");
        assert_eq!(pinned.verify(b"manifest", &sig[..63]).unwrap_err().code(), "signature_invalid");
        // The private JWK is refused: a pin is public.
        let private = key.to_jwk(true).unwrap();
        assert_eq!(PinnedKey::from_jwk(&private).unwrap_err().code(), "invalid_key");
        // A JWK naming another algorithm than its curve.
        let mut v: serde_json::Value = serde_json::from_str(&jwk).unwrap();
        v["alg"] = "ES256".into();
        assert_eq!(PinnedKey::from_jwk(&v.to_string()).unwrap_err().code(), "key_algorithm_mismatch");
        // A kid that is not a string; a short coordinate.
        let mut v: serde_json::Value = serde_json::from_str(&jwk).unwrap();
        v["kid"] = 7.into();
        assert_eq!(PinnedKey::from_jwk(&v.to_string()).unwrap_err().code(), "invalid_key");
        let mut v: serde_json::Value = serde_json::from_str(&jwk).unwrap();
        v["x"] = "AAAA".into();
        assert_eq!(PinnedKey::from_jwk(&v.to_string()).unwrap_err().code(), "invalid_key");
    }
    // From key file text: a public PEM or JWK; never a private key.
    for alg in [Algorithm::Ed25519, Algorithm::Sm2Sm3] {
        let key = platform_key(alg);
        let sig = key.sign(b"m").unwrap();
        let pem = key.public_key().unwrap().to_spki_pem().unwrap();
        PinnedKey::from_text(&pem).unwrap().verify(b"m", &sig).unwrap();
        PinnedKey::from_text(&key.public_key().unwrap().to_jwk(false).unwrap())
            .unwrap()
            .verify(b"m", &sig)
            .unwrap();
        assert_eq!(PinnedKey::from_text(&key.to_pkcs8_pem().unwrap()).unwrap_err().code(), "invalid_key");
        assert_eq!(PinnedKey::from_text(&key.to_jwk(true).unwrap()).unwrap_err().code(), "invalid_key");
    }
    let p256 = platform_key(Algorithm::EcdsaP256Sha256).public_key().unwrap();
    assert_eq!(PinnedKey::from_jwk(&p256.to_jwk(false).unwrap()).unwrap_err().code(), "invalid_key");
    assert_eq!(PinnedKey::from_key(&p256).unwrap_err().code(), "key_algorithm_mismatch");
    // A point off the SM2 curve is refused when pinned.
    let off = r#"{"kty":"EC","crv":"SM2","x":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","y":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE"}"#;
    assert_eq!(PinnedKey::from_jwk(off).unwrap_err().code(), "invalid_key");
    assert!(PinnedKey::from_jwk("not json").is_err());
    assert!(PinnedKey::from_jwk("[]").is_err());
}

#[test]
fn the_manifest_is_rfc8785_canonical_json_for_any_catalog_name() {
    let key = platform_key(Algorithm::Ed25519);
    for name in ["国家政务数据目录", "quote \" backslash \\ control \u{1} del \u{7f} sep \u{2028} 𠀀", ""]
    {
        let info = CatalogInfo {
            id: "n".into(),
            name: name.into(),
            version: 9,
            published: Some("2026-12-05".into()),
        };
        let cat = Catalog::from_resources(info, &synth::resources(3, 1)).unwrap();
        let p = cat.publish(&key, &PublishOptions::default()).unwrap();
        assert_eq!(govshare_core::jcs::canonicalize(&p.manifest).unwrap(), p.manifest, "{name:?}");
        let public = PinnedKey::from_key(&key).unwrap();
        PublishedIndexLoader::new(&p.manifest, &p.signature, &public, &IndexExpectation::default()).unwrap();
    }
}
