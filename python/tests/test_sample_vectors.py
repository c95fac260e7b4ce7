"""tests/vectors/sample through the installed wheel: the sample generator's
text is byte-identical in every binding (SHA-256, length, resource count),
as core/tests/vectors_sample.rs checks."""

import hashlib
import json

import pytest

import govshare
from conftest import vector_cases


def digest(text):
    raw = text.encode()
    return {"sha256": hashlib.sha256(raw).hexdigest(), "bytes": len(raw), "resources": len(json.loads(text)["resources"])}


def options(case):
    return govshare.SampleOptions(**(case.get("options") or {}))


def run(case):
    op = case["op"]
    if op == "sample_json":
        return digest(govshare.sample_catalog(options(case)))
    if op == "default_sample":
        return digest(govshare.sample_catalog(govshare.default_sample_options()))
    if op == "province_sample":
        return digest(govshare.sample_catalog(govshare.province_sample_options()))
    if op == "injected_findings":
        return [{"resource_index": f.resource_index, "code": f.code} for f in govshare.sample_injected_findings(options(case))]
    raise AssertionError(f"no runner for sample op {op}")


@pytest.mark.parametrize("data,case", vector_cases("sample"))
def test_sample_vector(data, case):
    if "expect_error" in case:
        with pytest.raises(govshare.GovshareError) as e:
            run(case)
        assert e.value.code == case["expect_error"]
    else:
        assert run(case) == case["expect"]
