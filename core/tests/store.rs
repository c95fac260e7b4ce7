//! The sealed store (issue #13) as an attacker and a crashed writer see it:
//! every changed, dropped, duplicated or reordered line is caught without a
//! key; no half page is ever readable; disposal follows the grant.

use govshare_core::audit::verify_disposal_receipt;
use govshare_core::request::entitlement::Grant;
use govshare_core::request::lifecycle::{ApplicationState, DisposalMethod};
use govshare_core::sign::{Algorithm, Key};
use govshare_core::store::{
    dispose_store, store_wrapped_key, verify_store, DisposalRequest, StoreReader, StoreRecipient,
    StoreUnlock, StoreWriter, CHUNK_LEN,
};

const DIGEST_A: &str = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
const DIGEST_B: &str = "sm3:2222222222222222222222222222222222222222222222222222222222222222";
const HEAD: &str = "3333333333333333333333333333333333333333333333333333333333333333";

fn key() -> Key {
    Key::generate(Algorithm::Sm2Sm3).expect("key")
}

/// A store of three pages: small, empty, and one of two and a half chunks.
fn store(department: &Key) -> (Vec<u8>, Vec<u8>) {
    let big: Vec<u8> = (0..CHUNK_LEN * 5 / 2).map(|i| (i % 251) as u8).collect();
    let (mut w, mut bytes) =
        StoreWriter::create("app-1", "RES-1", 1_764_900_000, &StoreRecipient::Sm2(department))
            .expect("create");
    bytes.extend(w.put_page(0, DIGEST_A, b"{\"name\":\"\xe5\xbc\xa0*\"}").expect("page 0"));
    bytes.extend(w.put_page(1, DIGEST_B, b"").expect("page 1"));
    bytes.extend(w.put_page(2, DIGEST_A, &big).expect("page 2"));
    (bytes, big)
}

fn lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes.split_inclusive(|b| *b == b'\n').map(<[u8]>::to_vec).collect()
}

fn grant(method: Option<DisposalMethod>) -> Grant {
    Grant {
        application_id: "app-1".into(),
        requester_credit_code: "11100000000000001B".into(),
        resource_code: "RES-1".into(),
        items: vec!["name".into()],
        valid_from: "2026-01-01".into(),
        valid_until: "2026-12-31".into(),
        state: ApplicationState::DisposalDue,
        disposal_method: method,
    }
}

#[test]
fn round_trip_and_summary() {
    let department = key();
    let (bytes, big) = store(&department);
    let summary = verify_store(&bytes).expect("verify");
    assert_eq!(summary.pages.len(), 3);
    assert_eq!(summary.pages[2].chunks, 3);
    assert!(summary.pages.iter().all(|p| p.complete));
    assert!(!summary.torn_tail);
    assert_eq!(summary.intact_len, bytes.len() as u64);
    let reader = StoreReader::open(&bytes, &StoreUnlock::Sm2(&department)).expect("open");
    assert_eq!(reader.read_page(1).expect("page 1"), b"");
    assert_eq!(reader.read_page(2).expect("page 2"), big);
    assert_eq!(reader.read_page(9).unwrap_err().code(), "store_page_unavailable");
}

#[test]
fn a_device_unwraps_the_key() {
    let department = key();
    let (bytes, _) = store(&department);
    let wrapped = store_wrapped_key(&bytes).expect("wrapped");
    let data_key =
        govshare_core::crypto::sm2_decrypt(&department, &wrapped, Default::default()).expect("device");
    let reader = StoreReader::open(&bytes, &StoreUnlock::DataKey(&data_key)).expect("open");
    assert!(reader.read_page(0).is_ok());
    let wrong = StoreReader::open(&bytes, &StoreUnlock::DataKey(&[0u8; 16]))
        .expect("opens: the key is checked per chunk");
    assert_eq!(wrong.read_page(0).unwrap_err().code(), "tag_mismatch");
}

#[test]
fn another_key_or_kek_is_refused() {
    let (bytes, _) = store(&key());
    assert_eq!(
        StoreReader::open(&bytes, &StoreUnlock::Sm2(&key())).unwrap_err().code(),
        "envelope_wrong_recipient"
    );
    let kek = [5u8; 16];
    let (mut w, mut kek_store) =
        StoreWriter::create("app-1", "RES-1", 1, &StoreRecipient::Kek { kek: &kek, kek_id: "kms/1" })
            .expect("create");
    kek_store.extend(w.put_page(0, DIGEST_A, b"rows").expect("page"));
    let ok = StoreReader::open(&kek_store, &StoreUnlock::Kek { kek: &kek, kek_id: "kms/1" }).expect("open");
    assert_eq!(ok.read_page(0).expect("page"), b"rows");
    let e =
        StoreReader::open(&kek_store, &StoreUnlock::Kek { kek: &[6u8; 16], kek_id: "kms/1" }).unwrap_err();
    assert_eq!(e.code(), "tag_mismatch");
    let e = StoreReader::open(&kek_store, &StoreUnlock::Kek { kek: &kek, kek_id: "kms/2" }).unwrap_err();
    assert_eq!(e.code(), "envelope_wrong_recipient");
}

/// Every single-byte change of every line is caught: by the chain without a
/// key (`verify_store`), or — for the last line, which no `prev` covers —
/// by the GCM tag or the form when the page is read.
#[test]
fn every_byte_changed_is_caught() {
    let department = key();
    let (mut w, mut bytes) =
        StoreWriter::create("app-1", "RES-1", 1, &StoreRecipient::Sm2(&department)).expect("create");
    bytes.extend(w.put_page(0, DIGEST_A, b"rows of page 0").expect("page"));
    bytes.extend(w.put_page(1, DIGEST_B, b"rows of page 1").expect("page"));
    let last_line_start = bytes[..bytes.len() - 1].iter().rposition(|b| *b == b'\n').expect("lines") + 1;
    for i in 0..bytes.len() - 1 {
        for flip in [0x01u8, 0x20, 0x80] {
            let mut altered = bytes.clone();
            altered[i] ^= flip;
            let outcome = verify_store(&altered).and_then(|_| {
                let reader = StoreReader::open(&altered, &StoreUnlock::Sm2(&department))?;
                reader.read_page(0)?;
                reader.read_page(1)
            });
            assert!(outcome.is_err(), "byte {i} ^ {flip:#x} (last line from {last_line_start}) passed");
        }
    }
}

#[test]
fn dropped_duplicated_reordered_lines_fail_without_a_key() {
    let (bytes, _) = store(&key());
    let l = lines(&bytes);
    let join = |ls: &[Vec<u8>]| ls.concat();
    let mut dropped = l.clone();
    dropped.remove(2);
    assert_eq!(verify_store(&join(&dropped)).unwrap_err().code(), "store_corrupt");
    let mut duplicated = l.clone();
    duplicated.insert(2, l[2].clone());
    assert_eq!(verify_store(&join(&duplicated)).unwrap_err().code(), "store_corrupt");
    let mut swapped = l.clone();
    swapped.swap(3, 4);
    assert_eq!(verify_store(&join(&swapped)).unwrap_err().code(), "store_corrupt");
    // A line of another store, spliced in, breaks the chain too.
    let (other, _) = store(&key());
    let mut spliced = l.clone();
    spliced[1] = lines(&other)[1].clone();
    assert_eq!(verify_store(&join(&spliced)).unwrap_err().code(), "store_corrupt");
    // Dropping the last lines is detectable only as an unfinished page, or
    // by a digest kept elsewhere (the receipt, the audit log): a truncated
    // store's digest differs.
    let shorter = join(&l[..l.len() - 1]);
    let summary = verify_store(&shorter).expect("a prefix is a valid store");
    assert!(!summary.pages.last().expect("page").complete);
    assert_ne!(summary.digest, verify_store(&bytes).expect("verify").digest);
}

#[test]
fn a_killed_writer_leaves_no_half_page_readable() {
    let department = key();
    let (bytes, _) = store(&department);
    let l = lines(&bytes);
    // Cut anywhere inside the first chunk of page 2 (line 3): page 2 is gone,
    // pages 0 and 1 read.
    let upto: usize = l[..3].iter().map(Vec::len).sum();
    for cut in [upto + 1, upto + l[3].len() / 2, upto + l[3].len() - 1] {
        let torn = &bytes[..cut];
        let summary = verify_store(torn).expect("verify");
        assert!(summary.torn_tail);
        assert_eq!(summary.intact_len, upto as u64);
        let reader = StoreReader::open(torn, &StoreUnlock::Sm2(&department)).expect("open");
        assert!(reader.read_page(0).is_ok());
        assert_eq!(reader.read_page(2).unwrap_err().code(), "store_page_unavailable");
        assert_eq!(
            StoreWriter::resume(torn, &StoreUnlock::Sm2(&department)).unwrap_err().code(),
            "store_corrupt"
        );
    }
    // Cut after the first chunk of page 2: the page is incomplete, refused whole.
    let after_first_chunk: usize = l[..4].iter().map(Vec::len).sum();
    let reader =
        StoreReader::open(&bytes[..after_first_chunk], &StoreUnlock::Sm2(&department)).expect("open");
    assert_eq!(reader.read_page(2).unwrap_err().code(), "store_page_unavailable");
    let mut received = 0;
    assert!(reader.read_page_chunks(2, &mut |c| received += c.len()).is_err());
    assert_eq!(received, 0, "no chunk of an incomplete page reaches the sink");
    // Resume after truncating to the intact prefix, and write on.
    let mut w = StoreWriter::resume(&bytes[..upto], &StoreUnlock::Sm2(&department)).expect("resume");
    let mut resumed = bytes[..upto].to_vec();
    resumed.extend(w.put_page(3, DIGEST_B, b"again").expect("page"));
    assert_eq!(w.put_page(0, DIGEST_B, b"x").unwrap_err().code(), "store_page_unavailable");
    let reader = StoreReader::open(&resumed, &StoreUnlock::Sm2(&department)).expect("open");
    assert_eq!(reader.read_page(3).expect("page"), b"again");
}

#[test]
fn pages_cannot_move_between_stores_or_indices() {
    // A chunk's tag binds grant, resource, key id, page, chunk and manifest
    // digest: re-chaining a chunk under another page index fails the tag.
    let department = key();
    let (bytes, _) = store(&department);
    let text = String::from_utf8(bytes).expect("utf8");
    let l: Vec<&str> = text.split_inclusive('\n').collect();
    let moved_line = l[1].replacen("\"page\":0", "\"page\":7", 1);
    let rechained = rechain(&[l[0].to_owned(), moved_line]);
    let reader =
        StoreReader::open(rechained.as_bytes(), &StoreUnlock::Sm2(&department)).expect("chain holds");
    assert_eq!(reader.read_page(7).unwrap_err().code(), "tag_mismatch");
    let relabelled =
        rechain(&[l[0].replacen("\"grant\":\"app-1\"", "\"grant\":\"app-2\"", 1), l[1].to_owned()]);
    let reader =
        StoreReader::open(relabelled.as_bytes(), &StoreUnlock::Sm2(&department)).expect("chain holds");
    assert_eq!(reader.read_page(0).unwrap_err().code(), "tag_mismatch");
}

/// Recomputes `prev` of every line: what an insider who edits the file
/// would do. The chain then holds; only the tags can still refuse.
fn rechain(lines: &[String]) -> String {
    let mut out = String::new();
    let mut prev = "0".repeat(64);
    for (i, line) in lines.iter().enumerate() {
        let mut v: serde_json::Value = serde_json::from_str(line).expect("json");
        if i > 0 {
            v["prev"] = serde_json::Value::String(prev.clone());
        }
        let text = format!("{}\n", serde_json::to_string(&v).expect("json"));
        prev = govshare_core::digest::sha256_hex(text.as_bytes());
        out.push_str(&text);
    }
    out
}

#[test]
fn disposal_follows_the_grant() {
    let department = key();
    let mut signer = key();
    signer.set_key_id("dept-audit");
    let provider = key();
    let (bytes, big) = store(&department);
    let unlock = StoreUnlock::Sm2(&department);
    let request = |method| DisposalRequest {
        method,
        disposed_at: "2027-01-05T10:00:00+08:00".into(),
        actor: "11100000000000001B".into(),
    };
    let before = verify_store(&bytes).expect("verify").digest;

    // The grant names delete: return and seal are refused, and so is a grant naming nothing.
    let e = dispose_store(
        &bytes,
        &grant(Some(DisposalMethod::Delete)),
        &request(DisposalMethod::Return),
        &unlock,
        Some(&provider),
        HEAD,
        &signer,
    )
    .unwrap_err();
    assert_eq!(e.code(), "disposal_method_mismatch");
    let e =
        dispose_store(&bytes, &grant(None), &request(DisposalMethod::Delete), &unlock, None, HEAD, &signer)
            .unwrap_err();
    assert_eq!(e.code(), "disposal_method_mismatch");
    let e = dispose_store(
        &bytes,
        &grant(Some(DisposalMethod::Other)),
        &request(DisposalMethod::Other),
        &unlock,
        None,
        HEAD,
        &signer,
    )
    .unwrap_err();
    assert_eq!(e.code(), "invalid_argument");
    // Only the key holder shreds.
    let e = dispose_store(
        &bytes,
        &grant(Some(DisposalMethod::Delete)),
        &request(DisposalMethod::Delete),
        &StoreUnlock::Sm2(&key()),
        None,
        HEAD,
        &signer,
    )
    .unwrap_err();
    assert_eq!(e.code(), "envelope_wrong_recipient");

    // Delete: the key is gone, nothing reads, nothing appends; the receipt binds the old digest.
    let deleted = dispose_store(
        &bytes,
        &grant(Some(DisposalMethod::Delete)),
        &request(DisposalMethod::Delete),
        &unlock,
        None,
        HEAD,
        &signer,
    )
    .expect("delete");
    let summary = verify_store(&deleted.store).expect("verify");
    assert!(summary.key.is_none() && summary.pages.is_empty());
    assert_eq!(summary.disposed, Some(DisposalMethod::Delete));
    assert_eq!(StoreReader::open(&deleted.store, &unlock).unwrap_err().code(), "store_key_destroyed");
    assert_eq!(deleted.receipt.store_digest, before);
    let receipt_json = serde_json::to_vec(&deleted.receipt).expect("json");
    let verified =
        verify_disposal_receipt(&receipt_json, &signer.public_key().expect("public")).expect("receipt");
    assert_eq!(verified.method, DisposalMethod::Delete);
    assert_eq!(deleted.receipt.event().action.heading().as_str(), "disposal");
    let mut forged: serde_json::Value = serde_json::from_slice(&receipt_json).expect("json");
    forged["method"] = serde_json::json!("return");
    let forged = serde_json::to_vec(&forged).expect("json");
    assert_eq!(
        verify_disposal_receipt(&forged, &signer.public_key().expect("public")).unwrap_err().code(),
        "signature_invalid"
    );

    // Return: the provider reads every page; the department no longer can.
    let returned = dispose_store(
        &bytes,
        &grant(Some(DisposalMethod::Return)),
        &request(DisposalMethod::Return),
        &unlock,
        Some(&provider.public_key().expect("public")),
        HEAD,
        &signer,
    )
    .expect("return");
    let reader = StoreReader::open(&returned.store, &StoreUnlock::Sm2(&provider)).expect("provider opens");
    assert_eq!(reader.read_page(2).expect("page"), big);
    assert_eq!(StoreReader::open(&returned.store, &unlock).unwrap_err().code(), "envelope_wrong_recipient");
    assert_eq!(returned.receipt.recipient.as_deref(), Some(provider.thumbprint().as_str()));
    assert_eq!(
        returned.receipt.new_store_digest.as_deref(),
        Some(verify_store(&returned.store).expect("verify").digest.as_str())
    );
    assert_eq!(verify_store(&returned.store).expect("verify").disposed, Some(DisposalMethod::Return));
    // A torn store is repaired before it is disposed of.
    let torn = &bytes[..bytes.len() - 3];
    let e = dispose_store(
        torn,
        &grant(Some(DisposalMethod::Delete)),
        &request(DisposalMethod::Delete),
        &unlock,
        None,
        HEAD,
        &signer,
    )
    .unwrap_err();
    assert_eq!(e.code(), "store_corrupt");
}

#[test]
fn strict_lines_and_no_value_in_errors() {
    let department = key();
    let (bytes, _) = store(&department);
    let text = String::from_utf8(bytes).expect("utf8");
    let l: Vec<&str> = text.split_inclusive('\n').collect();
    let unknown = rechain(&[l[0].replacen("{", "{\"extra\":\"110101199003074477\",", 1), l[1].to_owned()]);
    let e = verify_store(unknown.as_bytes()).unwrap_err();
    assert_eq!(e.code(), "store_corrupt");
    assert!(!format!("{e} {}", e.message_zh()).contains("110101199003074477"));
    let duplicated = l[0].replacen("\"grant\":\"app-1\"", "\"grant\":\"app-1\",\"grant\":\"app-2\"", 1);
    assert_eq!(verify_store(duplicated.as_bytes()).unwrap_err().code(), "store_corrupt");
    assert_eq!(verify_store(b"").unwrap_err().code(), "store_corrupt");
    assert_eq!(verify_store(b"\n").unwrap_err().code(), "store_corrupt");
    let v2 = l[0].replacen("\"govshare_store\":1", "\"govshare_store\":2", 1);
    assert_eq!(verify_store(v2.as_bytes()).unwrap_err().code(), "unsupported_format");
}

/// A writer killed at any byte: whatever prefix is left, every page that
/// reads is exactly the page written, and every other page is refused —
/// never a part of one.
#[test]
fn a_cut_at_every_byte_never_yields_half_a_page() {
    let department = key();
    let pages: [&[u8]; 3] = [b"first page", b"", b"third page, a little longer than the first"];
    let (mut w, mut bytes) =
        StoreWriter::create("app-1", "RES-1", 1, &StoreRecipient::Sm2(&department)).expect("create");
    for (i, page) in pages.iter().enumerate() {
        bytes.extend(w.put_page(i as u64, DIGEST_A, page).expect("page"));
    }
    let reader = StoreReader::open(&bytes, &StoreUnlock::Sm2(&department)).expect("open");
    let key = govshare_core::crypto::sm2_decrypt(
        &department,
        &store_wrapped_key(&bytes).expect("wrapped"),
        Default::default(),
    )
    .expect("data key");
    drop(reader);
    let mut readable = vec![0usize; pages.len() + 1];
    for cut in 0..=bytes.len() {
        let prefix = &bytes[..cut];
        let Ok(summary) = verify_store(prefix) else {
            assert!(
                cut < bytes.iter().position(|b| *b == b'\n').expect("header") + 1,
                "only a cut header fails"
            );
            continue;
        };
        assert_eq!(summary.torn_tail, summary.intact_len as usize != cut);
        let reader = StoreReader::open(prefix, &StoreUnlock::DataKey(&key)).expect("a verified prefix opens");
        let mut n = 0;
        for (i, page) in pages.iter().enumerate() {
            match reader.read_page(i as u64) {
                Ok(read) => {
                    assert_eq!(read, *page, "cut {cut}: page {i} read whole or not at all");
                    n += 1;
                }
                Err(e) => assert_eq!(e.code(), "store_page_unavailable", "cut {cut}: page {i}"),
            }
        }
        readable[n] += 1;
    }
    assert!(readable.iter().all(|&c| c > 0), "every number of whole pages occurs: {readable:?}");
}
