"""tests/vectors/mask through the installed wheel: the same operations and
subset comparison as core/tests/vectors_mask.rs."""

import base64
import json

import pytest

import govshare
from conftest import vector_cases
from plain import plain

RULE_ENUMS = {"rule": govshare.RuleKind, "scope": govshare.KeepScope, "alg": govshare.HashAlg, "to": govshare.GeneralizeTo}


def text_of(case, key):
    v = case.get(key)
    if v is None:
        return None
    return v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)


def data_of(case):
    if "data_b64" in case:  # a workbook (sheets.json)
        return base64.b64decode(case["data_b64"])
    return (text_of(case, "data") or "").encode()


def options(case):
    o = case.get("options")
    return None if o is None else govshare.StreamOptions(**o)


def fmt(case):
    return case.get("format", "json_array")


def policy(case):
    return govshare.MaskPolicy.from_json(text_of(case, "policy"))


def field_rule(d):
    return govshare.FieldRule(**{k: RULE_ENUMS[k][v.upper()] if k in RULE_ENUMS else v for k, v in d.items()})


def run(case):
    op = case["op"]
    if op == "detect":
        text = case["text"]
        raw = text.encode()
        out = []
        for d in govshare.detect_identifiers(text):
            p = plain(d)
            p["match"] = raw[d.start : d.end].decode()
            out.append(p)
        return out
    if op == "deid_options":
        return plain(policy(case).deid_options())
    if op == "deid":
        return plain(govshare.check_deid(fmt(case), data_of(case), govshare.DeidOptions(**case["options"])))
    if op == "scan":
        return plain(govshare.mask_scan(fmt(case), data_of(case), options(case)))
    if op == "apply":
        key = case.get("hash_key")
        f = govshare.mask_apply(policy(case), fmt(case), data_of(case), None if key is None else key.encode(), options(case))
        return {"output": f.output.decode(), "report": plain(f.report)}
    if op == "verify":
        p = policy(case)
        m = text_of(case, "manifest")
        manifest = None if m is None else govshare.MaskManifest.from_json(m)
        return plain(govshare.mask_verify(p, fmt(case), data_of(case), manifest, options(case)))
    if op == "parse_policy":
        return {"policy": json.loads(policy(case).to_json())}
    if op == "manifest":
        return {"canonical": policy(case).manifest().canonical_json().decode()}
    if op == "parse_manifest":
        return {"canonical": govshare.MaskManifest.from_json(text_of(case, "manifest")).to_json()}
    if op == "strictness":
        return {"at_least_as_strict": govshare.rule_at_least_as_strict(field_rule(case["a"]), field_rule(case["b"]))}
    if op == "derive_policy":
        res = text_of(case, "resources").encode()
        p = govshare.MaskPolicy.derive_json(res, text_of(case, "derive_options") or "{}")
        return {"policy": json.loads(p.to_json())}
    raise AssertionError(f"unknown op {op}")


def subset(expected, actual, path):
    """`expected` is a subset of `actual` (objects may have more keys; arrays match element-wise)."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return f"{path}: expected an object, got {actual!r}"
        for k, v in expected.items():
            if k not in actual:
                return f"{path}.{k}: missing in actual"
            m = subset(v, actual[k], f"{path}.{k}")
            if m:
                return m
        return None
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return f"{path}: expected {len(expected)} elements, got {actual!r}"
        for i, (e, a) in enumerate(zip(expected, actual)):
            m = subset(e, a, f"{path}[{i}]")
            if m:
                return m
        return None
    # JSON has no int/bool distinction problems here, but keep True != 1.
    if type(expected) is bool or type(actual) is bool:
        return None if expected is actual else f"{path}: expected {expected!r}, got {actual!r}"
    # Fractions (deid's entropy-ℓ) agree to 1e-9; integers exactly.
    if isinstance(expected, float) or isinstance(actual, float):
        close = isinstance(expected, (int, float)) and isinstance(actual, (int, float)) and abs(expected - actual) <= 1e-9
        return None if close else f"{path}: expected {expected!r}, got {actual!r}"
    return None if expected == actual else f"{path}: expected {expected!r}, got {actual!r}"


@pytest.mark.parametrize("data,case", vector_cases("mask"))
def test_mask_vector(data, case):
    if "expect_error" in case:
        with pytest.raises(govshare.GovshareError) as e:
            run(case)
        assert e.value.code == case["expect_error"], str(e.value)
    else:
        actual = run(case)
        m = subset(case["expect"], actual, "$")
        assert m is None, f"{m}\n  actual: {actual!r}"


def test_scan_file_gives_every_finding_to_the_callback():
    """Reports never hide findings: the callback sees all of them; the report lists max_listed."""
    import io
    data = "".join(f'{{"n": {i}, "phone": "13812345678"}}\n' for i in range(1500)).encode()
    seen = []
    report = govshare.scan_file(io.BytesIO(data), "ndjson", on_finding=seen.append)
    assert report.finding_count == 1500 and len(report.findings) == 1000 and report.findings_truncated
    assert len(seen) == 1500
    assert all("13812345678" not in f.excerpt for f in seen)
