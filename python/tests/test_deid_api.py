"""The de-identification check from Python: columns from a policy's
identifier classes, a streamed file equal to the bytes, coded errors."""

import govshare
import pytest

# (age, sex) classes: (30,M) x3, (30,F) x2, (40,M) x1; one phone unmasked.
CSV = (
    "age,sex,disease,phone\n"
    "30,M,flu,138****5678\n30,M,cold,139****0000\n30,M,flu,13812345678\n"
    "30,F,flu,137****1111\n30,F,cold,136****2222\n40,M,cancer,135****3333\n"
)
POLICY = """{"fields": {
  "age": {"rule": "plain", "identifier_class": "quasi"},
  "sex": {"rule": "plain", "identifier_class": "quasi"},
  "disease": {"rule": "plain", "identifier_class": "sensitive"},
  "phone": {"rule": "keep", "first": 3, "last": 4, "identifier_class": "direct"}}}"""


def options(k=2):
    o = govshare.MaskPolicy.from_json(POLICY).deid_options()
    o.k = k
    return o


def test_policy_gives_the_columns_by_class():
    o = govshare.MaskPolicy.from_json(POLICY).deid_options()
    assert (o.quasi, o.sensitive, o.direct, o.k, o.l) == (["age", "sex"], ["disease"], ["phone"], 5, 2)


def test_streamed_file_equals_bytes(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(CSV)
    seen = []
    streamed = govshare.deid_file(str(path), options(), "csv", progress=seen.append)
    whole = govshare.check_deid("csv", CSV.encode(), options())
    assert streamed == whole
    assert seen and seen[-1] == len(CSV.encode())
    with open(path, "rb") as f:
        assert govshare.deid_file(f, options(), "csv") == whole
    assert (whole.k_achieved, whole.direct_unmasked["phone"], whole.passed) == (1, 1, False)


def test_missing_column_is_coded_without_values(tmp_path):
    o = options()
    o.quasi = ["age", "postcode"]
    with pytest.raises(govshare.GovshareError) as e:
        govshare.check_deid("csv", CSV.encode(), o)
    assert e.value.code == "deid_column_missing"
    assert "13812345678" not in str(e.value)
