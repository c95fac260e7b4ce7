//! Bad input and faults: unsigned, wrongly signed, unknown key, replayed
//! nonce, tampered body, oversized body, slow client, misbehaving sandbox,
//! and kill -9 in the middle of submissions.

mod common;

use std::io::{BufRead, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use common::*;
use govshare_core::catalog::Catalog;
use govshare_core::platform::client::{parse_application_response, parse_data_response};
use govshare_core::platform::profile::{sign_platform_request, verify_masked_page, verify_platform_response};
use govshare_core::platform::DataQuery;
use govshare_core::request::{entitlements, ApplicationState, Grant};
use govshare_core::sign::{Algorithm, Key};
use govshare_sandbox::Misbehave;

#[test]
fn unsigned_wrongly_signed_unknown_key_replayed_and_tampered_requests_get_401() {
    let dir = temp_dir("auth");
    let h = start(&dir, None, None);
    let c = Client::new(&h);
    let app = application(UNCONDITIONAL, &UNCONDITIONAL_ITEMS, "online_query", "A-1");
    let msg = c.platform.submit_request(&app, &c.ctx()).expect("req");

    // Unsigned: 401, and the refusal itself is signed by the platform.
    let resp = send(&msg);
    assert_eq!(error_code(&resp), (401, "label_not_found".into()));
    verify_platform_response(&resp, &msg, &c.platform_key, system_now()).expect("the 401 is signed");

    // Signed with another key under the demo department's key id.
    let mut impostor = Key::generate(Algorithm::Ed25519).expect("key");
    impostor.set_key_id(govshare_sandbox::DEMO_KEY_ID);
    let forged = sign_platform_request(&msg, &impostor, system_now(), &nonce()).expect("signs").message;
    assert_eq!(error_code(&send(&forged)), (401, "signature_invalid".into()));

    // A key nobody registered.
    let stranger = Key::generate(Algorithm::Ed25519).expect("key");
    let signed = sign_platform_request(&msg, &stranger, system_now(), &nonce()).expect("signs").message;
    assert_eq!(error_code(&send(&signed)), (401, "unknown_key".into()));

    // Malformed Signature-Input.
    let mut bad = c.sign(&msg);
    bad.remove_header("signature-input");
    bad.push_header("Signature-Input", "sig1=(\"@method\" ;;;");
    assert_eq!(error_code(&send(&bad)), (401, "malformed_structured_field".into()));

    // Body changed after signing: the digest no longer matches.
    let mut tampered = c.sign(&msg);
    let at = tampered.body.windows(3).position(|w| w == b"A-1").expect("reference");
    tampered.body[at] = b'B';
    assert_eq!(error_code(&send(&tampered)), (401, "digest_mismatch".into()));

    // Too old a signature.
    let old = sign_platform_request(&msg, &c.key, system_now() - 3600, &nonce()).expect("signs").message;
    assert_eq!(error_code(&send(&old)), (401, "expired".into()));

    // The same signed request twice: the second is a replay.
    let signed = c.sign(&msg);
    let first = send(&signed);
    assert_eq!(error_code(&first).0, 201);
    assert_eq!(error_code(&send(&signed)), (401, "replayed_nonce".into()));
    // ... also after a restart on the same port (nonces are in the database).
    let port = h.addr().port();
    h.shutdown();
    let h = start_on(&dir, port, None, None);
    let _ = &h;
    assert_eq!(error_code(&send(&signed)), (401, "replayed_nonce".into()));
}

#[test]
fn oversized_bodies_get_413_and_slow_clients_408() {
    let dir = temp_dir("limits");
    let h = start(&dir, None, None);
    let c = Client::new(&h);
    let mut msg = c
        .platform
        .submit_request(&application(UNCONDITIONAL, &["企业名称"], "online_query", "L-1"), &c.ctx())
        .expect("req");
    msg.body = vec![b' '; 300 * 1024];
    let resp = send(&c.sign(&msg));
    assert_eq!(error_code(&resp), (413, "limit_exceeded".into()));

    // Chunked, no Content-Length: cut off while streaming.
    let mut s = TcpStream::connect(h.addr()).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    write!(s, "POST /api/v1/applications HTTP/1.1\r\nHost: {}\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n", h.addr()).expect("write");
    let chunk = vec![b'a'; 64 * 1024];
    let mut status_line = String::new();
    for _ in 0..8 {
        if write!(s, "{:x}\r\n", chunk.len()).is_err()
            || s.write_all(&chunk).is_err()
            || s.write_all(b"\r\n").is_err()
        {
            break;
        }
    }
    let _ = std::io::BufReader::new(&s).read_line(&mut status_line);
    assert!(status_line.contains(" 413 "), "{status_line}");

    // Announces 100 bytes, sends 10, then stalls: 408 after the body timeout.
    let mut s = TcpStream::connect(h.addr()).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    write!(
        s,
        "POST /api/v1/applications HTTP/1.1\r\nHost: {}\r\nContent-Length: 100\r\n\r\n0123456789",
        h.addr()
    )
    .expect("write");
    let mut answer = String::new();
    let _ = s.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("request_timeout"), "{answer}");

    // Headers that never finish: the connection is closed.
    let mut s = TcpStream::connect(h.addr()).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    write!(s, "GET /api/v1/catalog HTTP/1.1\r\nHost: x\r\n").expect("write");
    let started = std::time::Instant::now();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    assert!(started.elapsed() < Duration::from_secs(9), "not closed in time");
}

fn granted_page_exchange(m: Misbehave) -> (Client, common::Outcome) {
    let dir = temp_dir(&format!("misbehave-{m:?}"));
    let h = start(&dir, Some(m), None);
    let mut c = Client::new(&h);
    let app = application(UNCONDITIONAL, &UNCONDITIONAL_ITEMS, "online_query", "M-1");
    let (req, resp) = c.exchange(&c.platform.submit_request(&app, &c.ctx()).expect("req"));
    let submit = verify_platform_response(&resp, &req, &c.platform_key, system_now());
    let status = parse_application_response(&resp);
    let q = DataQuery {
        resource_code: UNCONDITIONAL.into(),
        items: UNCONDITIONAL_ITEMS.iter().map(|s| (*s).to_owned()).collect(),
        filters: Default::default(),
        page_size: None,
        cursor: None,
        power_item_code: None,
    };
    let id = status.as_ref().map(|s| s.id.clone()).unwrap_or_default();
    let grant = Grant {
        application_id: id,
        requester_credit_code: govshare_sandbox::DEMO_CREDIT_CODE.into(),
        resource_code: UNCONDITIONAL.into(),
        items: q.items.clone(),
        valid_from: "2026-01-01".into(),
        valid_until: "2026-12-31".into(),
        state: ApplicationState::Agreed,
        disposal_method: None,
    };
    let ents = entitlements(&[grant], govshare_sandbox::DEMO_CREDIT_CODE, "2026-06-01T00:00:00+08:00")
        .expect("ents");
    let (req, resp) = c.exchange(&c.platform.data_request(&q, &ents, &c.ctx()).expect("req"));
    let data = verify_platform_response(&resp, &req, &c.platform_key, system_now());
    let resource = Catalog::from_json(govshare_sandbox::BUNDLED_CATALOG)
        .expect("catalog")
        .resource(UNCONDITIONAL)
        .expect("res");
    let masking = parse_data_response(&resp, &q)
        .map(|page| verify_masked_page(&page, &resource, None, &c.platform_key));
    c.now = Box::new(system_now);
    (
        c,
        common::Outcome {
            submit: submit.err().map(|e| e.code().to_owned()),
            data: data.err().map(|e| e.code().to_owned()),
            masking,
        },
    )
}

#[test]
fn each_misbehaviour_is_caught_by_client_verification() {
    let (_, o) = granted_page_exchange(Misbehave::BadSignature);
    assert_eq!(o.submit.as_deref(), Some("signature_invalid"));
    assert_eq!(o.data.as_deref(), Some("signature_invalid"));

    let (_, o) = granted_page_exchange(Misbehave::BadDigest);
    assert_eq!(o.submit.as_deref(), Some("digest_mismatch"));
    assert_eq!(o.data.as_deref(), Some("digest_mismatch"));

    let (_, o) = granted_page_exchange(Misbehave::Unmasked);
    assert_eq!((o.submit.as_deref(), o.data.as_deref()), (None, None), "signatures are fine");
    let report = o.masking.expect("parses").expect("manifest verifies");
    assert!(!report.passed);
    assert!(report.violation_count > 0, "{report:?}");
}

#[test]
fn kill_9_mid_submissions_loses_nothing_and_duplicates_nothing() {
    let dir = temp_dir("kill9");
    let spawn = || {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_govshare-sandbox"))
            .args(["--port", "0", "--data"])
            .arg(&dir)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("spawn sandbox");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("url line");
        let url = line.trim().rsplit(' ').next().expect("url").to_owned();
        (child, url)
    };
    let (mut child, url) = spawn();
    let apps: Vec<_> = (0..120)
        .map(|i| application(UNCONDITIONAL, &["企业名称"], "online_query", &format!("K-{i}")))
        .collect();
    let make_client = |url: &str| {
        let platform =
            govshare_core::platform::PlatformClient::new(govshare_core::platform::PlatformConfig {
                base_url: url.to_owned(),
                gateway: govshare_core::platform::GatewayKind::None,
                x_tif: None,
                irs: None,
            })
            .expect("config");
        (platform, govshare_sandbox::demo_department_key().expect("key"))
    };
    let (platform, key) = make_client(&url);
    let sent: Vec<_> = apps
        .iter()
        .map(|a| {
            sign_platform_request(
                &platform.submit_request(a, &ctx()).expect("req"),
                &key,
                system_now(),
                &nonce(),
            )
            .expect("signs")
            .message
        })
        .collect();
    // Four senders; the sandbox is killed after the 20th answer.
    let answered = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let senders: Vec<_> = sent
        .chunks(30)
        .map(|chunk| {
            let chunk = chunk.to_vec();
            let answered = answered.clone();
            std::thread::spawn(move || {
                for m in chunk {
                    if try_send(&m).is_some() {
                        answered.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    }
                }
            })
        })
        .collect();
    while answered.load(std::sync::atomic::Ordering::SeqCst) < 20 {
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().expect("kill -9");
    let _ = child.wait();
    for s in senders {
        s.join().expect("sender");
    }
    let before = {
        let conn = govshare_sandbox::store::open(&dir.join("sandbox.sqlite")).expect("db");
        let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).expect("check");
        assert_eq!(ok, "ok");
        govshare_sandbox::store::count(&conn).expect("count")
    };
    assert!((20..=120).contains(&before), "{before}");

    // Restart and send every application again (fresh signatures): all 120
    // exist exactly once, each answered 200 (already there) or 201 (new).
    let (mut child, url) = spawn();
    let (platform, key) = make_client(&url);
    let mut created = 0;
    for a in &apps {
        let m = sign_platform_request(
            &platform.submit_request(a, &ctx()).expect("req"),
            &key,
            system_now(),
            &nonce(),
        )
        .expect("signs")
        .message;
        let resp = try_send(&m).expect("answered");
        match error_code(&resp).0 {
            201 => created += 1,
            200 => {}
            other => panic!("status {other}"),
        }
    }
    child.kill().expect("kill");
    let _ = child.wait();
    let conn = govshare_sandbox::store::open(&dir.join("sandbox.sqlite")).expect("db");
    assert_eq!(govshare_sandbox::store::count(&conn).expect("count"), 120);
    assert_eq!(created as u64, 120 - before);
    eprintln!("kill -9 after {before} of 120 stored; {created} created after restart");
}

fn ctx() -> govshare_core::platform::CallContext {
    govshare_core::platform::CallContext { now: govshare_sandbox::rfc3339_cst(system_now()), nonce: nonce() }
}
