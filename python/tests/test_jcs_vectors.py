"""tests/vectors/jcs through the installed wheel: the same comparison as
core/tests/vectors_jcs.rs."""

import base64

import pytest

import govshare
from conftest import vector_cases
from plain import plain
from records import record


def data_of(case):
    if "input" in case:
        return case["input"]  # str: the wrapper encodes it as UTF-8
    return base64.b64decode(case["input_base64"])


def run(case):
    data = data_of(case)
    if case["op"] == "canonicalize":
        if "limits" in case:
            raw = data.encode() if isinstance(data, str) else data
            out = govshare.canonicalize_with(raw, record(govshare.JcsLimits, case["limits"]))
        else:
            out = govshare.canonicalize(data)
            assert isinstance(out, bytes)
        return out.decode("utf-8")
    if case["op"] == "canonical_digests":
        return plain(govshare.canonical_digests(data))
    raise AssertionError(f"unknown op {case['op']}")


@pytest.mark.parametrize("data,case", vector_cases("jcs"))
def test_jcs_vector(data, case):
    if "expect_error" in case:
        with pytest.raises(govshare.GovshareError) as e:
            run(case)
        assert e.value.code == case["expect_error"], str(e.value)
    else:
        assert run(case) == case["expect"]
