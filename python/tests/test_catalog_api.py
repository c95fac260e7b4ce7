"""Catalog paths of the Python layer: streaming from files, snapshots, progress, errors."""

import io

import pytest

import govshare
from conftest import EXAMPLES

SAMPLE = EXAMPLES / "data" / "sample-catalog.json"


def codes(r):
    return [h.code for h in r.hits]


def test_load_catalog_streams_files_and_reports_progress():
    seen = []
    streamed = govshare.load_catalog(SAMPLE, progress=seen.append)
    whole = govshare.Catalog.from_json(SAMPLE.read_bytes())
    q = govshare.SearchQuery(text="统一社会信用代码", limit=10)
    assert codes(streamed.search(q)) == codes(whole.search(q))
    assert seen and seen[-1].resources_loaded == streamed.size()


def test_snapshots_round_trip_from_bytes_and_file_objects():
    cat = govshare.Catalog.sample()
    snap = cat.to_snapshot()
    assert govshare.is_catalog_snapshot(snap)
    for again in (govshare.load_catalog(snap), govshare.load_catalog(io.BytesIO(snap))):
        assert again.size() == cat.size()


def test_filters_are_exact():
    cat = govshare.Catalog.sample()
    everything = cat.search(govshare.SearchQuery(limit=10000))
    for sharing in govshare.SharingType:
        r = cat.search(govshare.SearchQuery(sharing=sharing, limit=10000))
        assert r.total == sum(1 for h in everything.hits if h.sharing == sharing)
        assert all(h.sharing == sharing for h in r.hits)


def test_truncated_input_is_a_coded_error_with_position():
    data = SAMPLE.read_bytes()
    with pytest.raises(govshare.GovshareError) as info:
        govshare.load_catalog(io.BytesIO(data[: len(data) // 2]))
    assert info.value.code == "malformed_json"
    assert info.value.location.line > 1
    assert str(info.value).startswith("[malformed_json]")
