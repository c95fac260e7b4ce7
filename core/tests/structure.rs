//! Layering guards (issue #12): module dependencies that must stay one-way.
//! A source-text check, outside `#[cfg(test)]` code.

fn source(path: &str) -> String {
    let text = std::fs::read_to_string(format!("{}/src/{path}", env!("CARGO_MANIFEST_DIR"))).expect(path);
    // Only the code before the unit tests.
    match text.find("#[cfg(test)]") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

#[test]
fn loading_a_catalog_does_not_depend_on_the_engine() {
    // engine → load only: `CatalogLoader::finish` is implemented in engine.rs.
    let load = source("catalog/load.rs");
    assert!(
        !load.contains("super::engine") && !load.contains("catalog::engine"),
        "catalog/load.rs uses the engine"
    );
}

#[test]
fn generalization_does_not_depend_on_the_rules() {
    // rule → generalize only: the levels live in generalize.rs.
    let generalize = source("mask/generalize.rs");
    assert!(
        !generalize.contains("super::rule") && !generalize.contains("mask::rule"),
        "mask/generalize.rs uses rule"
    );
}

#[test]
fn sign_is_a_leaf() {
    // Keys and RFC 9421 know nothing of requests, masks, catalogs or platforms
    // (sign/gateway/ included).
    for dir in ["sign", "sign/gateway"] {
        for entry in std::fs::read_dir(format!("{}/src/{dir}", env!("CARGO_MANIFEST_DIR"))).expect(dir) {
            let name = entry.expect("entry").file_name().to_string_lossy().into_owned();
            if !name.ends_with(".rs") {
                continue;
            }
            let text = source(&format!("{dir}/{name}"));
            for other in
                ["crate::request", "crate::mask", "crate::catalog", "crate::audit", "crate::platform"]
            {
                assert!(!text.contains(other), "{dir}/{name} uses {other}");
            }
        }
    }
}

#[test]
fn nothing_below_the_platform_layer_uses_it() {
    for dir in ["request", "mask", "catalog", "audit", "sign"] {
        for entry in std::fs::read_dir(format!("{}/src/{dir}", env!("CARGO_MANIFEST_DIR"))).expect("dir") {
            let name = entry.expect("entry").file_name().to_string_lossy().into_owned();
            if name.ends_with(".rs") {
                let text = source(&format!("{dir}/{name}"));
                assert!(!text.contains("crate::platform"), "{dir}/{name} uses crate::platform");
            }
        }
    }
}

#[test]
fn shared_tools_depend_on_no_feature_module() {
    // JCS, time and digests serve request, audit, platform and sign alike
    // (issue #12: one home per shared tool), so they sit at the crate root
    // and import none of them.
    for file in ["jcs.rs", "time.rs", "digest.rs", "encoding.rs", "identifiers.rs", "http_message.rs"] {
        let text = source(file);
        for feature in [
            "crate::request",
            "crate::mask",
            "crate::catalog",
            "crate::audit",
            "crate::platform",
            "crate::sign",
        ] {
            assert!(!text.contains(feature), "{file} uses {feature}");
        }
    }
}

#[test]
fn crypto_uses_only_the_rng_key_and_der_of_sign() {
    // SM4 and SM2 encryption serve storage, envelopes and the platform alike
    // (issue #13): they know no feature module, and of `sign` only the system
    // RNG, `sign::Key` — govshare's one key type, so an SM2 key read for
    // signatures (PEM, JWK, raw, never guessed) encrypts and decrypts too,
    // without a second key parser — and the DER writer `sign::der`.
    for entry in std::fs::read_dir(format!("{}/src/crypto", env!("CARGO_MANIFEST_DIR"))).expect("crypto/") {
        let name = entry.expect("entry").file_name().to_string_lossy().into_owned();
        let text = source(&format!("crypto/{name}"));
        for other in ["crate::request", "crate::mask", "crate::catalog", "crate::audit", "crate::platform"] {
            assert!(!text.contains(other), "crypto/{name} uses {other}");
        }
        let sign_uses = text.matches("crate::sign").count();
        let allowed = text.matches("crate::sign::keys::rng_fill").count()
            + text.matches("crate::sign::Key").count()
            + text.matches("crate::sign::der::").count();
        assert_eq!(sign_uses, allowed, "crypto/{name}");
    }
}
