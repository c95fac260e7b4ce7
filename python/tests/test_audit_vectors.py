"""tests/vectors/audit through the installed wheel: the same operations and
subset comparison as core/tests/vectors_audit.rs."""

import pytest

import govshare
from conftest import vector_cases
from plain import plain


def key(doc, name):
    k = doc["keys"][name]
    key = govshare.Key.from_raw(govshare.algorithm(k["alg"]), bytes.fromhex(k["raw_private_hex"]), True)
    key.set_key_id(k["key_id"])
    return key


def lines_text(lines):
    return "".join(f"{line}\n" for line in lines or [])


def log_text(case):
    return lines_text(case.get("log_lines"))


def verifier(doc, c, member="keys"):
    v = govshare.AuditVerifier()
    for name in c.get(member, []):
        v.add_key(key(doc, name))
    v.require_signatures(c.get("require_signatures", False))
    if "continue_from" in c:
        v.continue_from(*c["continue_from"])
    return v


def run(doc, c):
    op = c["op"]
    if op == "append":
        signer = key(doc, c["key"]) if c.get("key") else None
        log = govshare.AuditLog.resume(log_text(c))
        lines = [log.append(event, signer) for event in c["events"]]
        return {"lines": lines, "head": log.head()}
    if op == "verify":
        v = verifier(doc, c)
        v.expect_head(c.get("expected_head"))
        return plain(v.verify(log_text(c)))
    if op == "archive":
        signer = key(doc, c["key"]) if c.get("key") else None
        out = govshare.audit_archive(log_text(c), c["before"], c["now"], c["retention_years"], verifier(doc, c), signer)
        return {"header": plain(out.header), "archive_lines": out.archive.splitlines(),
                "remaining_lines": out.remaining.splitlines()}
    if op == "verify_archive":
        return plain(verifier(doc, c).verify_archive(lines_text(c["archive_lines"])))
    if op == "export":
        text = govshare.audit_export(log_text(c), c.get("provider_code"), verifier(doc, c), key(doc, c["key"]))
        return {"lines": text.splitlines()}
    if op == "verify_export":
        ev = verifier(doc, c, "export_keys")
        ev.require_signatures(True)
        return plain(govshare.verify_audit_export(lines_text(c["export_lines"]), log_text(c), c.get("provider_code"),
                                                  ev, verifier(doc, c)))
    if op == "report":
        return plain(govshare.audit_usage_report(log_text(c), c["now"]))
    if op == "receipt":
        return plain(govshare.destruction_receipt(c["request"], c["log_head"], key(doc, c["key"])))
    if op == "receipt_verify":
        return plain(govshare.verify_destruction_receipt(c["receipt"], key(doc, c["key"])))
    raise AssertionError(f"unknown op {op}")


def matches(actual, expect):
    """`expect` lists members that must be equal; numbers compare as numbers."""
    if isinstance(expect, dict):
        return isinstance(actual, dict) and all(k in actual and matches(actual[k], v) for k, v in expect.items())
    if isinstance(expect, list):
        return isinstance(actual, list) and len(actual) == len(expect) and all(map(matches, actual, expect))
    return actual == expect


@pytest.mark.parametrize("doc,case", vector_cases("audit"))
def test_audit_vector(doc, case):
    if "expect_error" in case:
        with pytest.raises(govshare.GovshareError) as e:
            run(doc, case)
        assert e.value.code == case["expect_error"], str(e.value)
    else:
        actual = run(doc, case)
        assert matches(actual, case["expect"]), f"{case['name']}\n  actual: {actual!r}\n  expect: {case['expect']!r}"


def test_receipt_round_trip_from_the_record():
    """A receipt as returned (a record) verifies as given, without JSON by hand."""
    doc = vector_cases("audit")[0].values[0]
    case = next(c for c in doc["cases"] if c["op"] == "receipt" and "expect" in c)
    r = govshare.destruction_receipt(case["request"], case["log_head"], key(doc, "dept"))
    assert govshare.verify_destruction_receipt(r, key(doc, "dept")).hash == r.hash
