"""The published catalog index from Python: publish, load verified, and
every attack refused with a code and nothing loaded."""

import json

import pytest

import govshare


def publish(tmp_path, alg=govshare.Algorithm.ED25519, hash_=govshare.IndexHash.SHA256):
    cat = govshare.Catalog.sample()
    key = govshare.Key.generate(alg)
    key.set_key_id("platform-2026")
    index = cat.publish(key, govshare.PublishOptions(block_size=4096, hash=hash_))
    for name in index.file_names():
        (tmp_path / name).write_bytes(index.file(name))
    jwk = json.loads(key.public_key().to_jwk(False))
    jwk["kid"] = "platform-2026"
    return cat, key, json.dumps(jwk)


def code(f):
    with pytest.raises(govshare.GovshareError) as e:
        f()
    return e.value.code


Q = govshare.SearchQuery(text="统一社会信用代码", limit=10)


@pytest.mark.parametrize("alg,hash_", [
    (govshare.Algorithm.ED25519, govshare.IndexHash.SHA256),
    (govshare.Algorithm.SM2_SM3, govshare.IndexHash.SM3),
])
def test_a_published_index_loads_the_published_catalog(tmp_path, alg, hash_):
    cat, _, jwk = publish(tmp_path, alg, hash_)
    seen = []
    expect = govshare.IndexExpectation(catalog_id=cat.info().id, min_version=cat.info().version)
    loaded = govshare.load_published_index(tmp_path, jwk, expect, progress=lambda r, t: seen.append((r, t)))
    assert loaded.search(Q) == cat.search(Q)
    assert loaded.to_snapshot() == cat.to_snapshot()
    assert seen[-1][0] == seen[-1][1]
    # Through an opener too (e.g. an HTTP client).
    again = govshare.load_published_index(lambda name: open(tmp_path / name, "rb"), jwk)
    assert again.size() == cat.size()


def test_every_attack_is_refused_with_a_code(tmp_path):
    cat, key, jwk = publish(tmp_path)
    for section in ("meta", "texts", "resources", "items", "index"):
        path = tmp_path / f"{section}.bin"
        good = path.read_bytes()
        for at in (0, len(good) // 2, len(good) - 1):
            bad = bytearray(good)
            bad[at] ^= 0x01
            path.write_bytes(bytes(bad))
            assert code(lambda: govshare.load_published_index(tmp_path, jwk)) == "index_section_mismatch"
        path.write_bytes(good[:-1])
        assert code(lambda: govshare.load_published_index(tmp_path, jwk)) == "index_section_mismatch"
        path.write_bytes(good)
    manifest = (tmp_path / "manifest.json").read_bytes()
    (tmp_path / "manifest.json").write_bytes(manifest.replace(b'"national"', b'"nationaX"'))
    assert code(lambda: govshare.load_published_index(tmp_path, jwk)) == "signature_invalid"
    (tmp_path / "manifest.json").write_bytes(manifest)
    other = govshare.Key.generate(govshare.Algorithm.ED25519).public_key().to_jwk(False)
    assert code(lambda: govshare.load_published_index(tmp_path, other)) == "signature_invalid"
    assert code(lambda: govshare.load_published_index(tmp_path, key.to_jwk(True))) == "invalid_key"
    wrong_id = govshare.IndexExpectation(catalog_id="zhejiang", min_version=None)
    assert code(lambda: govshare.load_published_index(tmp_path, jwk, wrong_id)) == "index_catalog_mismatch"
    newer = govshare.IndexExpectation(catalog_id=None, min_version=cat.info().version + 1)
    assert code(lambda: govshare.load_published_index(tmp_path, jwk, newer)) == "index_catalog_mismatch"
    hmac = govshare.Key.from_hmac_secret(b"k" * 32)
    assert code(lambda: cat.publish(hmac, None)) == "symmetric_key_refused"
    # The loader itself: nothing after an error, nothing twice.
    loader = govshare.PublishedIndexLoader(manifest, (tmp_path / "manifest.sig").read_text(), jwk, None)
    assert [s.name for s in loader.sections()] == ["meta", "texts", "resources", "items", "index"]
    assert code(lambda: loader.push(b"\x00" * 10)) == "invalid_argument"  # its block list first
    loader = govshare.PublishedIndexLoader(manifest, (tmp_path / "manifest.sig").read_text(), jwk, None)
    for s in loader.sections():
        loader.add_block_list(s.name, (tmp_path / s.block_file).read_bytes())
    assert code(lambda: loader.push(b"\x00" * 100000)) == "index_section_mismatch"
    assert code(lambda: loader.push(b"")) == "invalid_argument"
    twice = govshare.PublishedIndexLoader(manifest, (tmp_path / "manifest.sig").read_text(), jwk, None)
    twice.add_block_list("meta", (tmp_path / "meta.blocks").read_bytes())
    assert code(lambda: twice.add_block_list("meta", (tmp_path / "meta.blocks").read_bytes())) == "invalid_argument"
    blocks = bytearray((tmp_path / "texts.blocks").read_bytes())
    blocks[0] ^= 1
    (tmp_path / "texts.blocks").write_bytes(bytes(blocks))
    assert code(lambda: govshare.load_published_index(tmp_path, jwk)) == "index_section_mismatch"


def test_snapshots_stream_into_place():
    cat = govshare.Catalog.sample()
    snap = cat.to_snapshot()
    loader = govshare.SnapshotLoader()
    for at in range(0, len(snap), 777):
        loader.push(snap[at:at + 777])
    assert loader.finish().to_snapshot() == snap
    truncated = govshare.SnapshotLoader()
    truncated.push(snap[:-1])
    assert code(truncated.finish) == "snapshot_invalid"
    assert code(truncated.finish) == "invalid_argument"
