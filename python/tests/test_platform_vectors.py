"""tests/vectors/platform through the installed wheel: the same operations and
comparison as core/tests/vectors_platform.rs, on ``govshare.PlatformExchange``
(absent members equal null)."""

import base64
import json

import pytest

import govshare
from conftest import vector_cases
from records import norm, record


def key(data, name):
    k = data["keys"][name]
    out = govshare.Key.from_raw(govshare.algorithm(k["algorithm"]), bytes.fromhex(k["raw_hex"]), k["private"])
    if "key_id" in k:
        out.set_key_id(k["key_id"])
    return out


def exchange(data, case):
    config = record(govshare.PlatformConfig, case["config"])
    ex = govshare.PlatformExchange(config, key(data, case["platform_key"]))
    if "gateway_secret" in case:
        ex.set_gateway_secret(case["gateway_secret"])
    return ex


def arguments(r):
    """The call's arguments before the key (or key id) and the context."""
    call = r["call"]
    if call == "catalog":
        return ()
    if call == "catalog_delta":
        return (r["since_version"],)
    if call == "submit":
        return (govshare.Application.from_json(r["application_json"]),)
    if call == "status":
        return (r["id"],)
    if call == "withdraw":
        return (r["id"], r.get("reason"))
    if call == "data":
        return (record(govshare.DataQuery, r["query"]), [record(govshare.Entitlement, e) for e in r["entitlements"]])
    if call == "verify":
        return (record(govshare.VerificationQuery, r["query"]), [record(govshare.Entitlement, e) for e in r["entitlements"]])
    raise AssertionError(f"unknown call {call}")


def send(ex, r, k):
    """Sends the vector's request: the signed message as a dict."""
    method = getattr(ex, r["call"])
    return json.loads(method(*arguments(r), k, record(govshare.CallContext, r["ctx"])))


def receive(ex, step):
    response = json.dumps(step["response"], ensure_ascii=False)
    kind, now = step["receive"], step["now"]
    if kind == "application":
        return ex.receive_application(response, now)
    if kind == "data":
        return ex.receive_data(response, now)
    if kind == "verification":
        return ex.receive_verification(response, now)
    if kind == "catalog":
        return json.loads(ex.receive_catalog(response, now))
    if kind == "catalog_delta":
        return json.loads(ex.receive_catalog_delta(response, now))
    raise AssertionError(f"unknown receive {kind}")


def code_of(f):
    """The code of the GovshareError `f` raises; None when it returns."""
    try:
        f()
    except govshare.GovshareError as e:
        return e.code
    return None


def run(data, case):
    op = case["op"]
    if op == "request":
        ex = exchange(data, case)
        k = key(data, case["key"])
        if "first" in case:
            code = code_of(lambda: send(ex, case["first"], k))
            assert code == case.get("first_expect_error"), f"the first request: {code}"
        return send(ex, case["request"], k)
    if op == "prepare":
        ex = exchange(data, case)
        signature = base64.b64decode(case["signature_b64"])
        r = case["request"]
        if r is None:
            return json.loads(ex.complete(signature))
        prepared = getattr(ex, "prepare_" + r["call"])(*arguments(r), case["key_id"],
                                                        record(govshare.CallContext, r["ctx"]))
        assert ex.awaiting_signature() is not None and ex.in_flight() is None, "prepare puts nothing in flight"
        message = json.loads(ex.complete(signature))
        return {"base": bytes(prepared.base).decode(), "signature_input": prepared.signature_input,
                "content_digest": prepared.content_digest, "message": message}
    if op == "receive":
        ex = exchange(data, case)
        send(ex, case["request"], key(data, case["key"]))
        for i, step in enumerate(case.get("before", [])):
            if step.get("cancel"):
                ex.cancel()
                continue
            code = code_of(lambda: receive(ex, step))
            assert code == step.get("expect_error"), f"step {i}: expected {step.get('expect_error')}, got {code}"
        try:
            return receive(ex, case)
        finally:
            assert ex.failed_at() == case["expect_failed_at"], f"failed_at {ex.failed_at()}"
            assert ex.in_flight() == case["expect_in_flight"], f"in_flight {ex.in_flight()}"
    raise AssertionError(f"unknown op {op}")


@pytest.mark.parametrize("data,case", vector_cases("platform"))
def test_platform_vector(data, case):
    if "expect_error" in case:
        with pytest.raises(govshare.GovshareError) as e:
            run(data, case)
        assert e.value.code == case["expect_error"], str(e.value)
        assert e.value.message_zh
    else:
        assert norm(run(data, case)) == norm(case["expect"])
