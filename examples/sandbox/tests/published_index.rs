//! The sandbox serves its catalog's published index (docs/catalog-format.md
//! §8.1), whole and by byte range, signed with the platform key a client
//! already pins; the client loads it verified, and a range the server cuts
//! is refused.

mod common;

use common::*;
use govshare_core::catalog::{IndexExpectation, PublishedIndexLoader, SearchQuery};
use govshare_core::http_message::HttpMessage;
use govshare_core::sign::PinnedKey;

fn get(h: &govshare_sandbox::SandboxHandle, file: &str, range: Option<&str>) -> HttpMessage {
    let mut msg = HttpMessage::request("GET", format!("http://{}/catalog-index/{file}", h.addr()));
    if let Some(r) = range {
        msg.push_header("Range", r);
    }
    send(&msg)
}

fn status(m: &HttpMessage) -> u16 {
    match m.start {
        govshare_core::http_message::StartLine::Response { status } => status,
        _ => 0,
    }
}

#[test]
fn the_published_index_loads_verified_and_ranges_are_served() {
    let dir = temp_dir("published-index");
    let h = start(&dir, None, None);
    let c = Client::new(&h);
    let pinned = PinnedKey::from_key(&c.platform_key).expect("the platform key can sign an index");
    let manifest = get(&h, "manifest.json", None);
    assert_eq!(status(&manifest), 200);
    let signature = String::from_utf8(get(&h, "manifest.sig", None).body).unwrap();
    let mut loader = PublishedIndexLoader::new(
        &manifest.body,
        &signature,
        &pinned,
        &IndexExpectation { catalog_id: Some("national".into()), min_version: None },
    )
    .expect("the sandbox's manifest verifies with its platform key");
    let sections = loader.sections().to_vec();
    for s in &sections {
        loader.add_block_list(&s.name, &get(&h, &s.block_file, None).body).unwrap();
    }
    for s in &sections {
        // Fetched in two ranges, as a lazy reader would.
        let half = s.length / 2;
        let a = get(&h, &s.file, Some(&format!("bytes=0-{}", half.saturating_sub(1))));
        let b = get(&h, &s.file, Some(&format!("bytes={half}-")));
        if half > 0 {
            assert_eq!(status(&a), 206);
            let range = format!("bytes 0-{}/{}", half - 1, s.length);
            assert_eq!(a.header_values("content-range").next(), Some(range.as_str()));
            loader.push(&a.body).unwrap();
        }
        assert_eq!(status(&b), 206);
        loader.push(&b.body).unwrap();
    }
    let cat = loader.finish().expect("loads");
    let q = SearchQuery { text: "统一社会信用代码".into(), limit: 5, ..Default::default() };
    assert!(cat.search(&q).unwrap().total > 0);

    // A range beyond the file, several ranges, a missing file.
    assert_eq!(status(&get(&h, "texts.bin", Some("bytes=999999999-"))), 416);
    assert_eq!(status(&get(&h, "texts.bin", Some("bytes=0-1,4-5"))), 416);
    assert_eq!(status(&get(&h, "../manifest.json", None)), 404);
    assert_eq!(status(&get(&h, "nothing.bin", None)), 404);
    let suffix = get(&h, "meta.bin", Some("bytes=-10"));
    assert_eq!((status(&suffix), suffix.body.len()), (206, 10));

    // A section cut short (a truncated range response) never loads.
    let mut loader =
        PublishedIndexLoader::new(&manifest.body, &signature, &pinned, &IndexExpectation::default()).unwrap();
    for s in &sections {
        loader.add_block_list(&s.name, &get(&h, &s.block_file, None).body).unwrap();
    }
    let mut refused = None;
    for s in &sections {
        let mut body = get(&h, &s.file, None).body;
        if s.name == "items" {
            body.pop();
        }
        if let Err(e) = loader.push(&body) {
            refused = Some(e.code());
            break;
        }
    }
    assert_eq!(
        refused,
        Some("index_section_mismatch"),
        "the cut section is refused when the next one starts"
    );
}
