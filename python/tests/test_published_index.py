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


LAZY_QUERIES = [
    Q,
    govshare.SearchQuery(text="", limit=20),
    govshare.SearchQuery(text="企业 登记", sharing=govshare.SharingType.CONDITIONAL, limit=5),
    govshare.SearchQuery(text="信息", limit=7, offset=3),
    govshare.SearchQuery(text="企业 登记 未知词语", limit=10),
    govshare.SearchQuery(grade=3, limit=0),
]


@pytest.mark.parametrize("alg,hash_", [
    (govshare.Algorithm.ED25519, govshare.IndexHash.SHA256),
    (govshare.Algorithm.SM2_SM3, govshare.IndexHash.SM3),
])
def test_lazy_search_answers_as_the_eager_catalog(tmp_path, alg, hash_):
    cat, _, jwk = publish(tmp_path, alg, hash_)
    lazy = govshare.open_lazy_index(tmp_path, jwk, govshare.IndexExpectation(catalog_id=cat.info().id, min_version=None))
    for q in LAZY_QUERIES:
        assert lazy.search(q) == cat.search(q)
    stats = lazy.stats()
    assert 0 < stats.bytes_held <= stats.bytes_total
    page = lazy.search(Q)
    assert lazy.resource(page.hits[0].code) == cat.resource(page.hits[0].code)
    codes = [h.code for h in cat.search(govshare.SearchQuery(text="", limit=10000)).hits]
    for c in codes[::37]:
        assert lazy.resource(c) == cat.resource(c)
    assert lazy.resource("999999/99999") is None
    fetched = lazy.bytes_fetched
    assert lazy.search(Q) == cat.search(Q)
    assert lazy.bytes_fetched == fetched, "held blocks answer without reading"
    # With a bound on the blocks kept: the same answers.
    bounded = govshare.open_lazy_index(tmp_path, jwk, max_held_bytes=8192)
    for q in LAZY_QUERIES:
        assert bounded.search(q) == cat.search(q)
    # Through a range reader (e.g. HTTP range requests).
    reads = []

    def read(name, start=None, end=None):
        reads.append((name, start, end))
        data = (tmp_path / name).read_bytes()
        return data if start is None else data[start:end]

    ranged = govshare.open_lazy_index(read, jwk)
    assert ranged.search(LAZY_QUERIES[2]) == cat.search(LAZY_QUERIES[2])
    assert any(start is not None for _, start, _ in reads)


def test_lazy_search_refuses_tampered_and_short_ranges(tmp_path):
    cat, key, jwk = publish(tmp_path)

    def reader(section, edit):
        def read(name, start=None, end=None):
            data = (tmp_path / name).read_bytes()
            if start is None:
                return data
            data = data[start:end]
            return edit(data) if name == f"{section}.bin" else data
        return read

    flip = lambda d: d[: len(d) // 2] + bytes([d[len(d) // 2] ^ 1]) + d[len(d) // 2 + 1:]
    cut = lambda d: d[:-1]
    for section in ("meta", "texts", "resources", "items", "index"):
        for edit in (flip, cut):
            lazy = govshare.open_lazy_index(reader(section, edit), jwk)
            codes = set()
            for q in (Q, govshare.SearchQuery(text="", limit=20)):
                try:
                    lazy.search(q)
                except govshare.GovshareError as e:
                    codes.add(e.code)
            assert codes == {"index_section_mismatch"}, (section, edit)
    other = json.loads(govshare.Key.generate(govshare.Algorithm.ED25519).public_key().to_jwk(False))
    other["kid"] = "platform-2026"
    assert code(lambda: govshare.open_lazy_index(tmp_path, json.dumps(other))) == "signature_invalid"
    wrong = govshare.IndexExpectation(catalog_id="zhejiang", min_version=None)
    assert code(lambda: govshare.open_lazy_index(tmp_path, jwk, wrong)) == "index_catalog_mismatch"


def test_lazy_open_reads_an_oversized_manifest_or_block_list_only_up_to_its_cap(tmp_path):
    """A directory whose manifest or block list is far longer than it may
    be is refused from the first bytes past the cap, without reading the
    file whole (as the eager loader and npm's readers do)."""
    import tracemalloc

    _, _, jwk = publish(tmp_path)
    block_list = next(p for p in tmp_path.iterdir() if p.name.endswith(".blocks"))
    good = block_list.read_bytes()
    for victim, expected in (("manifest.json", "limit_exceeded"), (block_list.name, "index_section_mismatch")):
        path = tmp_path / victim
        original = path.read_bytes()
        path.write_bytes(original + b" " * (64 << 20))
        tracemalloc.start()
        try:
            assert code(lambda: govshare.open_lazy_index(tmp_path, jwk)) == expected
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
            path.write_bytes(original)
        assert peak < 8 << 20, (victim, peak)
    assert block_list.read_bytes() == good
    govshare.open_lazy_index(tmp_path, jwk)
