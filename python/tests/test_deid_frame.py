"""check_deid_frame: a pandas DataFrame or pyarrow table checked without a
file equals the file path (issue #15), in any batching; errors are coded."""

import io
import json
import os
from pathlib import Path

import govshare
import pytest

pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")

VECTORS = Path(os.environ.get("GOVSHARE_VECTORS", Path(__file__).resolve().parents[2] / "tests" / "vectors"))


def csv_cases():
    cases = json.loads((VECTORS / "mask" / "deid.json").read_text())["cases"]
    return [c for c in cases if c.get("format") == "csv" and "expect" in c]


def opts(case):
    return govshare.DeidOptions(**case["options"])


@pytest.mark.parametrize("case", csv_cases(), ids=lambda c: c["name"])
def test_dataframe_equals_the_file(case):
    data = case["data"].encode()
    by_file = govshare.check_deid("csv", data, opts(case))
    frame = pd.read_csv(io.BytesIO(data), keep_default_na=False, dtype=str)
    assert govshare.check_deid_frame(frame, opts(case)) == by_file
    # pandas infers numbers; its default NA spellings ("null", "NA"…) are
    # kept as text, as the file path reads them.
    inferred = pd.read_csv(io.BytesIO(data), keep_default_na=False)
    table = pa.Table.from_pandas(inferred, preserve_index=False)
    for batch_rows in (1, 3, 65536):
        assert govshare.check_deid_frame(table, opts(case), batch_rows=batch_rows) == by_file, batch_rows


def test_typed_columns_compare_as_their_json_text():
    # ages as int64, float64 (30.0 is 30) and strings; a missing float is the
    # missing value, like an empty CSV cell.
    frame = pd.DataFrame({
        "age_int": [30, 30, 40, 40],
        "age_float": [30.0, 30.0, 40.0, float("nan")],
        "flag": [True, True, False, False],
        "dx": ["a", "b", "a", "b"],
    })
    csv = b"age_int,age_float,flag,dx\n30,30,true,a\n30,30,true,b\n40,40,false,a\n40,,false,b\n"
    for quasi in (["age_int"], ["age_float"], ["flag"], ["age_int", "age_float", "flag"]):
        o = govshare.DeidOptions(quasi=quasi, sensitive=["dx"], k=2)
        assert govshare.check_deid_frame(frame, o) == govshare.check_deid("csv", csv, o), quasi
    categorical = frame.assign(dx=frame["dx"].astype("category"))
    o = govshare.DeidOptions(quasi=["age_int"], sensitive=["dx"], k=2)
    assert govshare.check_deid_frame(categorical, o).l_achieved == {"dx": 2}
    nullable = pd.DataFrame({"age": pd.array([30, None, 30, None], dtype="Int64")})
    r = govshare.check_deid_frame(nullable, govshare.DeidOptions(quasi=["age"], k=2))
    assert (r.classes, r.k_achieved) == (2, 2)


def test_progress_and_errors():
    frame = pd.DataFrame({"age": [30] * 10, "phone": ["13812345678"] * 10})
    seen = []
    r = govshare.check_deid_frame(frame, govshare.DeidOptions(quasi=["age"], direct=["phone"]), batch_rows=4, progress=seen.append)
    assert seen == [4, 8, 10]
    assert r.direct_unmasked == {"phone": 10} and not r.deidentified
    with pytest.raises(govshare.GovshareError) as e:
        govshare.check_deid_frame(frame, govshare.DeidOptions(quasi=["postcode"]))
    assert e.value.code == "deid_column_missing"
    assert "13812345678" not in str(e.value)
    inf = pd.DataFrame({"x": [1.0, float("inf")]})
    with pytest.raises(govshare.GovshareError) as e:
        govshare.check_deid_frame(inf, govshare.DeidOptions(quasi=["x"]))
    assert e.value.code == "invalid_argument"
    with pytest.raises(govshare.GovshareError) as e:
        govshare.check_deid_frame(pd.DataFrame({"x": []}), govshare.DeidOptions(quasi=["x"]))
    assert e.value.code == "deid_empty_dataset"


def test_only_named_columns_cross_and_slices_are_compacted():
    # "junk" mixes ints and strings, which pyarrow refuses: it is not named,
    # so it never crosses. One 1,000-row chunk read in batches of 7 rows.
    frame = pd.DataFrame({"age": [30, 40] * 500, "junk": [1, "x"] * 500, "dx": ["a", "b", "c", "d"] * 250})
    o = govshare.DeidOptions(quasi=["age"], sensitive=["dx"], k=2)
    r = govshare.check_deid_frame(frame, o, batch_rows=7)
    assert (r.records, r.classes, r.k_achieved, r.l_achieved) == (1000, 2, 500, {"dx": 2})
    table = pa.Table.from_pandas(frame[["age", "dx"]], preserve_index=False)
    assert govshare.check_deid_frame(table, o, batch_rows=7) == r
