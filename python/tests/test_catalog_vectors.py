"""tests/vectors/catalog through the installed wheel: the same summaries and
subset comparison as core/tests/vectors_catalog.rs."""

import base64
import hashlib
import json

import pytest

import govshare
from conftest import VECTORS, vector_cases
from plain import plain, subset_failures

DIR = VECTORS / "catalog"
ENUMS = {"sharing": govshare.SharingType, "update_cycle": govshare.UpdateCycle, "format": govshare.ResourceFormat}


def data_of(v):
    if isinstance(v, dict) and "file" in v:
        return (DIR / v["file"]).read_bytes()
    if isinstance(v, dict) and "base64" in v:
        return base64.b64decode(v["base64"])
    if isinstance(v, dict) and "text" in v:
        return v["text"].encode()
    return json.dumps(v, ensure_ascii=False).encode()


def query(q):
    return govshare.SearchQuery(**{k: ENUMS[k][v.upper()] if k in ENUMS and v is not None else v for k, v in q.items()})


def load(name):
    return govshare.Catalog.from_json((DIR / name).read_bytes())


def catalog_set(names):
    s = govshare.CatalogSet()
    for n in names:
        s.add(load(n))
    return s


def target(names):
    return load(names[0]) if len(names) == 1 else catalog_set(names)


def search_summary(r):
    return {
        "total": r.total,
        "codes": [h.code for h in r.hits],
        "catalogs": [h.catalog for h in r.hits],
        "scores": [h.score for h in r.hits],
        "relaxed": r.relaxed,
        "facets": plain(r.facets),
        "matched_items": {h.code: h.matched_items for h in r.hits if h.matched_items},
    }


def error_of(e):
    loc = e.location
    return {"error": e.code, "path": loc.path if loc else None, "line": loc.line if loc else None}


def run(c):
    op = c["op"]
    try:
        if op == "load":
            data = data_of(c["input"])
            cat = (
                govshare.Catalog.from_json_with(data, govshare.LoadOptions(**c["options"]))
                if "options" in c
                else govshare.Catalog.from_json(data)
            )
            info = cat.info()
            return {"id": info.id, "version": info.version, "resources": cat.size()}
        if op == "search":
            return search_summary(target(c["catalogs"]).search(query(c["query"])))
        if op == "item":
            r = target(c["catalogs"]).item(c["name"])
            return {
                "exact": [f"{o.catalog}:{o.code}" for o in r.occurrences if o.exact],
                "near": [{"resource": f"{o.catalog}:{o.code}", "item_name": o.item_name} for o in r.occurrences if not o.exact],
                "authoritative": [a.provider_code for a in r.authoritative],
                "conflict": r.conflict,
            }
        if op == "lint":
            findings = govshare.Catalog.from_json(data_of(c["input"])).lint()
            return {"findings": [{"resource": f.resource, "code": f.code, "severity": plain(f.severity), "path": f.path,
                                  "article": f.article, "standard": f.standard} for f in findings]}
        if op == "apply_delta":
            cat = load(c["catalog"])
            before = cat.to_snapshot()
            try:
                outcome = cat.apply_delta(data_of(c["delta"]))
            except govshare.GovshareError as e:
                assert cat.to_snapshot() == before, "a refused delta changed the catalog"
                return {"error": e.code, "version": cat.info().version}
            v = {"outcome": plain(outcome), "version": cat.info().version}
            if "then_search" in c:
                v["search"] = search_summary(cat.search(query(c["then_search"])))
            assert govshare.Catalog.from_json(cat.to_json()).to_snapshot() == cat.to_snapshot()
            return v
        if op == "conflicts":
            return plain(catalog_set(c["catalogs"]).conflicts())
        if op == "catalog_set":
            s = govshare.CatalogSet()
            for n in c["catalogs"]:
                s.add(load(n))
            return {"ids": s.ids()}
        if op == "snapshot_roundtrip":
            cat = govshare.Catalog.from_snapshot(load(c["catalog"]).to_snapshot())
            return search_summary(cat.search(query(c["query"])))
        if op == "snapshot_digest":
            snap = load(c["catalog"]).to_snapshot()
            return {"bytes": len(snap), "sha256": hashlib.sha256(snap).hexdigest()}
        if op == "from_snapshot":
            cat = govshare.Catalog.from_snapshot(data_of(c["input"]))
            return {"id": cat.info().id, "resources": cat.size()}
        if op == "published_load":
            return published_load(c)
        if op == "published_lazy_search":
            return published_lazy_search(c)
    except govshare.GovshareError as e:
        return error_of(e)
    raise AssertionError(f"no runner for catalog op {op}")


def published_files(c):
    """A published index case's files: the fixture's sections, replaced by the case's files."""
    fixture = json.loads((DIR / c["sections"]).read_text())
    files = {f"{n}.bin": base64.b64decode(b) for n, b in fixture["sections"].items()}
    files.update({name: data_of(v) for name, v in c["files"].items()})
    return files


def published_load(c):
    """The fixture's sections, replaced by the case's files, through PublishedIndexLoader."""
    files = published_files(c)
    e = c.get("expect_index", {})
    expect = govshare.IndexExpectation(catalog_id=e.get("catalog_id"), min_version=e.get("min_version"))
    loader = govshare.PublishedIndexLoader(files["manifest.json"], files["manifest.sig"].decode(), c["platform_key"], expect)
    for section in loader.sections():
        if section.block_file in files:
            loader.add_block_list(section.name, files[section.block_file])
    n = c["chunk"]
    for section in loader.sections():
        data = files.get(section.file, b"")
        for at in range(0, len(data), n):
            loader.push(data[at:at + n])
    cat = loader.finish()
    r = cat.search(query(c["query"]))
    return {"id": cat.info().id, "version": cat.info().version, "resources": cat.size(), "total": r.total,
            "codes": [h.code for h in r.hits]}


def published_lazy_search(c):
    """The same files searched lazily: add the ranges the index asks for until it answers."""
    files = published_files(c)
    index = govshare.LazyIndex(files["manifest.json"], files["manifest.sig"].decode(), c["platform_key"], None)
    for section in index.manifest().sections:
        if section.block_file in files:
            index.add_block_list(section.name, files[section.block_file])
    q = query(c["query"])
    for _ in range(32):
        step = index.search(q)
        if step.result is not None:
            return search_summary(step.result)
        for r in step.need:
            index.add_range(r.section, r.start, files.get(r.file, b"")[r.start:r.end])
    raise AssertionError("no answer after 32 rounds")


@pytest.mark.parametrize("data,case", vector_cases("catalog"))
def test_catalog_vector(data, case):
    actual = run(case)
    if "expect_error" in case:
        want = {"error": case["expect_error"]}
        for key, field in (("expect_path", "path"), ("expect_version", "version")):
            if key in case:
                want[field] = case[key]
        fails = subset_failures(case["name"], want, actual)
    else:
        assert "error" not in actual, f"unexpected error {actual}"
        fails = subset_failures(case["name"], case["expect"], actual)
    assert not fails, "\n".join(fails)
