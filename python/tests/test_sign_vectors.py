"""tests/vectors/sign through the installed wheel: the same operations and
subset comparison as core/tests/vectors_sign.rs."""

import base64
import hashlib
import json

import pytest

import govshare
from conftest import vector_cases

FORMS = ["private_pem", "raw_private_hex", "hmac_secret_base64", "jwk"]


def key(doc, case):
    k = doc["keys"][case["key"]]
    alg = govshare.algorithm(k.get("alg"))
    form = case.get("key_form") or next(f for f in FORMS if k.get(f) is not None)
    if form in ("private_pem", "public_pem"):
        key = govshare.Key.from_pem(k[form], alg)
    elif form in ("jwk", "public_jwk"):
        key = govshare.Key.from_jwk(json.dumps(k[form]), alg)
    elif form == "raw_private_hex":
        key = govshare.Key.from_raw(alg, bytes.fromhex(k[form]), True)
    elif form == "hmac_secret_base64":
        key = govshare.Key.from_hmac_secret(base64.b64decode(k[form]))
    else:
        raise AssertionError(f"unknown key form {form}")
    if isinstance(case.get("sm2_user_id"), str):
        key.set_sm2_user_id(case["sm2_user_id"])
    return key


def message(doc, v):
    return doc["messages"][v] if isinstance(v, str) else v


def request(doc, case):
    return None if case.get("request") is None else message(doc, case["request"])


def data(case):
    return bytes.fromhex(case["data_hex"]) if isinstance(case.get("data_hex"), str) else case["data"].encode()


# The x-tif headers of both prefixes, as `xtif_sign` expectations list them.
XTIF_HEADERS = [f"x-{p}-{n}" for p in ("tif", "rio") for n in ("paasid", "timestamp", "nonce", "signature", "serviceId")]


def headers(m, names):
    lower = [n.lower() for n in names]
    return [[n, v] for n, v in json.loads(m)["headers"] if n.lower() in lower]


def run(doc, c):
    op = c["op"]
    if op == "signature_base":
        return {"base": govshare.signature_base(message(doc, c["message"]), c["signature_input"], c["label"], request(doc, c))}
    if op == "sign":
        s = govshare.sign_message(message(doc, c["message"]), key(doc, c), c["params"], request(doc, c))
        return {"signature_input": s.signature_input, "signature": s.signature, "base": s.base}
    if op == "sign_verify":
        k = key(doc, c)
        req = request(doc, c)
        s = govshare.sign_message(message(doc, c["message"]), k, c["params"], req)
        verifier = k if k.algorithm() == govshare.Algorithm.HMAC_SHA256 else k.public_key()
        v = govshare.verify_message(s.message, verifier, c["policy"], c["now"], None, req)
        prepared = govshare.prepare_signature(message(doc, c["message"]), c["params"], req)
        assert prepared.base == s.base.encode(), "prepare gives the same base"
        return {"label": v.info.label, "content_digest_checked": v.content_digest_checked}
    if op == "verify":
        k = key(doc, c)
        store = govshare.NonceStore(16)
        out = None
        for _ in range(c.get("repeat", 1)):
            v = govshare.verify_message(message(doc, c["message"]), k, c["policy"], c["now"], store, request(doc, c))
            out = {"label": v.info.label, "content_digest_checked": v.content_digest_checked}
        return out
    if op == "content_digest":
        return {"value": govshare.content_digest(c["body"], c["algorithm"])}
    if op == "sm3":
        return {"hex": govshare.sm3(data(c)).hex()}
    if op == "key_verify":
        key(doc, c).verify(data(c), bytes.fromhex(c["signature_hex"]))
        return {"verified": True}
    if op == "key_sign":
        return {"signature_hex": key(doc, c).sign(data(c)).hex()}
    if op == "key_sign_verify":
        k = key(doc, c)
        k.public_key().verify(data(c), k.sign(data(c)))
        return {"verified": True}
    if op == "key_import":
        k = key(doc, c)
        return {"algorithm": govshare.ALGORITHM_NAMES[k.algorithm()], "private": k.is_private(), "key_id": k.key_id()}
    if op == "key_thumbprint":
        return {"thumbprint": key(doc, c).thumbprint()}
    if op == "xtif_sign":
        m = govshare.sign_xtif(message(doc, c["message"]), c["paas_id"], c["paas_token"], c["timestamp"], c["nonce"],
                               c.get("service_id"), c.get("case"), c.get("prefix"))
        return {"headers": headers(m, XTIF_HEADERS)}
    if op == "xtif_verify":
        v = govshare.verify_xtif(message(doc, c["message"]), c["paas_token"], c["now"], c.get("prefix"),
                                 c.get("window_seconds"))
        return {"paas_id": v.paas_id, "timestamp": v.timestamp, "nonce": v.nonce, "service_id": v.service_id,
                "case": v.case.name.lower(), "offset_seconds": v.offset_seconds}
    if op == "xtif_user_verify":
        v = govshare.verify_xtif_user(message(doc, c["message"]), c["token"], c["now"], c.get("prefix"),
                                      c.get("window_seconds"))
        return {"uid": v.uid, "uinfo": v.uinfo, "ext": v.ext, "timestamp": v.timestamp, "nonce": v.nonce,
                "case": v.case.name.lower(), "offset_seconds": v.offset_seconds}
    if op == "xtif_user_signature":
        return {"signature": govshare.xtif_user_signature(c["timestamp"], c["token"], c["nonce"], c["uid"], c["uinfo"],
                                                          c["ext"])}
    if op == "org_sign":
        s = govshare.org_sign(c["org_code"], c["org_secret"], c["unix_seconds"], c["sequence"])
        return {"cur_time": s.cur_time, "org_sign": s.org_sign}
    if op == "guangdong_body":
        return {"body": json.loads(govshare.guangdong_body(c["input"]))}
    if op == "irs_sign":
        m = govshare.sign_irs(message(doc, c["message"]), c["app_key"], c["request_secret"], c["request_time"], c["placement"])
        if c["placement"] == "headers":
            return {"headers": headers(m, ["appKey", "requestTime", "sign"])}
        return {"target": json.loads(m)["target"]}
    raise AssertionError(f"unknown op {op}")


def matches(expected, actual):
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(k in actual and matches(v, actual[k]) for k, v in expected.items())
    return expected == actual


@pytest.mark.parametrize("doc,case", vector_cases("sign"))
def test_sign_vector(doc, case):
    if "expect_error" in case:
        with pytest.raises(govshare.GovshareError) as e:
            run(doc, case)
        assert e.value.code == case["expect_error"]
        for hidden in case.get("error_hides", []):
            assert hidden not in f"{e.value.message_en} {e.value.message_zh}", "the error shows a value it must hide"
    else:
        actual = run(doc, case)
        assert matches(case["expect"], actual), f"got {actual!r}, expected {case['expect']!r}"


def test_key_repr_hides_material():
    k = govshare.Key.generate(govshare.Algorithm.ED25519)
    pem = k.to_pkcs8_pem()
    body = "".join(pem.splitlines()[1:-1])
    assert "redacted" in repr(k) and body[:16] not in repr(k)


def test_nonce_store_survives_calls():
    k = govshare.Key.generate(govshare.Algorithm.ED25519)
    msg = {"method": "GET", "target": "https://h/p", "headers": []}
    s = govshare.sign_message(msg, k, {"components": ["@method"], "created": 100, "nonce": "n1"})
    store = govshare.NonceStore()
    govshare.verify_message(s.message, k.public_key(), {}, 110, store)
    with pytest.raises(govshare.GovshareError) as e:
        govshare.verify_message(s.message, k.public_key(), {}, 110, store)
    assert e.value.code == "replayed_nonce"


def test_nonce_store_refuses_a_policy_that_accepts_forever():
    """With no max age and no expires a signature is accepted forever: no nonce store
    can refuse its replays, so the policy is refused (replay windows match acceptance)."""
    k = govshare.Key.generate(govshare.Algorithm.ED25519)
    msg = {"method": "GET", "target": "https://h/p", "headers": []}
    s = govshare.sign_message(msg, k, {"components": ["@method"], "created": 100, "nonce": "n1"})
    store = govshare.NonceStore()
    with pytest.raises(govshare.GovshareError) as e:
        govshare.verify_message(s.message, k.public_key(), {"max_age_seconds": None}, 110, store)
    assert e.value.code == "invalid_argument"
    govshare.verify_message(s.message, k.public_key(), {"max_age_seconds": 300}, 110, store)
    with pytest.raises(govshare.GovshareError) as e:
        govshare.verify_message(s.message, k.public_key(), {"max_age_seconds": 300}, 455, store)
    assert e.value.code == "replayed_nonce"


def test_key_from_text_never_guesses():
    """A bare base64 string is never read as an HMAC secret unless the algorithm is named."""
    import base64
    secret = base64.b64encode(b"a published value, not a key, 32b").decode()
    with pytest.raises(govshare.GovshareError) as e:
        govshare.Key.from_text(secret)
    assert e.value.code == "invalid_key"
    assert govshare.Key.from_text(secret, govshare.Algorithm.HMAC_SHA256).algorithm() == govshare.Algorithm.HMAC_SHA256
    k = govshare.Key.generate(govshare.Algorithm.SM2_SM3)
    spki = base64.b64encode(bytes(k.public_key().to_spki_der())).decode()
    assert not govshare.Key.from_text(spki, govshare.Algorithm.SM2_SM3).is_private()
    with pytest.raises(govshare.GovshareError):
        govshare.Key.from_text(spki)


def test_symmetric_key_checks_another_partys_signature_only_when_trusted():
    secret = govshare.Key.from_hmac_secret(b"a shared secret of thirty-two by")
    request = {"application_id": "APP-1", "resources": ["101001/00001"], "data_digests": ["sha256:" + "0" * 64],
               "retention_until": "2026-09-05", "destroyed_at": "2026-09-07T10:00:00+08:00",
               "method": "crypto_erased", "actor": "11330000MB0000000X"}
    receipt = govshare.destruction_receipt(request, "0" * 64, secret)
    with pytest.raises(govshare.GovshareError) as e:
        govshare.verify_destruction_receipt(receipt, secret)
    assert e.value.code == "symmetric_key_refused"
    secret.trust_symmetric()
    assert govshare.verify_destruction_receipt(receipt, secret).application_id == "APP-1"


def test_audit_verifier_takes_a_symmetric_key_only_when_trusted():
    secret = govshare.Key.from_hmac_secret(b"a shared secret of thirty-two by")
    log = govshare.AuditLog()
    event = {"time": "2026-06-01T09:00:00+08:00", "action": "submit", "actor": "11330000MB0000000X",
             "application_id": "APP-1", "resources": ["101001/00001"], "outcome": "ok"}
    line = log.append(event, secret)
    v = govshare.AuditVerifier()
    with pytest.raises(govshare.GovshareError) as e:
        v.add_key(secret)
    assert e.value.code == "symmetric_key_refused"
    v.require_signatures(True)
    assert not v.verify(line + "\n").valid
    secret.trust_symmetric()
    v.add_key(secret)
    assert v.verify(line + "\n").valid


def test_a_platform_answer_is_bound_to_the_one_request_it_answers():
    dept = govshare.Key.generate(govshare.Algorithm.ED25519)
    platform = govshare.Key.generate(govshare.Algorithm.ED25519)
    platform.set_key_id("platform")

    def query(body, created, nonce):
        msg = {"method": "POST", "target": "https://share.example.gov.cn/api/v1/data/query",
               "headers": [["Content-Type", "application/json"]], "body": body}
        return govshare.sign_platform_request(msg, dept, created, nonce).message

    asked = query('{"resource_code":"A"}', 1800000000, "n-1")
    other = query('{"resource_code":"B"}', 1800000000, "n-2")
    again = query('{"resource_code":"A"}', 1800000060, "n-3")
    response = {"status": 200, "headers": [["Content-Type", "application/json"]], "body": '{"rows":[]}'}
    base = ["@status", "content-type", "content-digest", "@method;req", "@target-uri;req"]
    bound = govshare.sign_message(response, platform, {"components": base + ['signature;req;key="sig1"'],
                                                       "created": 1800000001, "keyid": "platform"}, asked).message
    pub = platform.public_key()
    assert govshare.verify_platform_response(bound, asked, pub, 1800000002).info.label == "sig1"
    for request, now in [(other, 1800000002), (again, 1800000061)]:
        with pytest.raises(govshare.GovshareError) as e:
            govshare.verify_platform_response(bound, request, pub, now)
        assert e.value.code == "signature_invalid"
    unbound = govshare.sign_message(response, platform, {"components": base, "created": 1800000001,
                                                         "keyid": "platform"}, asked).message
    with pytest.raises(govshare.GovshareError) as e:
        govshare.verify_platform_response(unbound, asked, pub, 1800000002)
    assert e.value.code == "component_not_covered"


def test_binding_and_default_components_come_from_core():
    dept = govshare.Key.generate(govshare.Algorithm.ED25519)
    req = govshare.sign_platform_request({"method": "POST", "target": "https://h/p",
                                          "headers": [["Content-Type", "application/json"]], "body": "{}"},
                                         dept, 1800000000, "n-1").message
    assert govshare.request_binding_component(req) == 'signature;req;key="sig1"'
    with pytest.raises(govshare.GovshareError) as e:
        govshare.request_binding_component(req, "other")
    assert e.value.code == "invalid_argument"
    resp = {"status": 200, "headers": [["Content-Type", "application/json"]], "body": "{}"}
    assert govshare.default_components(resp, True, req) == \
        ["@status", "content-type", "content-digest", "@method;req", "@target-uri;req"]


def test_the_platform_exchange_accepts_each_answer_once_for_the_request_in_flight():
    dept = govshare.Key.generate(govshare.Algorithm.ED25519)
    dept.set_key_id("dept")
    platform = govshare.Key.generate(govshare.Algorithm.ED25519)
    platform.set_key_id("platform")
    config = govshare.PlatformConfig(base_url="https://share.example.gov.cn", gateway=govshare.GatewayKind.NONE)
    ex = govshare.PlatformExchange(config, platform.public_key())
    now = 1799028000  # 2027-01-04T10:00:00+08:00

    def ctx(nonce):
        return govshare.CallContext(now="2027-01-04T10:00:00+08:00", nonce=nonce)

    def answer(request, body):
        resp = {"status": 200, "headers": [["Content-Type", "application/json"]], "body": body}
        components = govshare.default_components(resp, True, request) + [govshare.request_binding_component(request)]
        return govshare.sign_message(resp, platform, {"components": components, "created": now, "keyid": "platform"},
                                     request).message

    catalog_text = govshare.sample_catalog(govshare.sample_options(1, 1))
    first = ex.catalog(dept, ctx("n-1"))
    assert ex.in_flight() == "catalog"
    with pytest.raises(govshare.GovshareError) as e:
        ex.catalog(dept, ctx("n-2"))
    assert e.value.code == "invalid_argument"
    reply = answer(first, catalog_text)
    assert len(json.loads(ex.receive_catalog(reply, now))["resources"]) == 1
    assert ex.in_flight() is None
    for expected in ["invalid_argument", "signature_invalid"]:
        if expected == "signature_invalid":
            ex.catalog(dept, ctx("n-3"))
        with pytest.raises(govshare.GovshareError) as e:
            ex.receive_catalog(reply, now)
        assert e.value.code == expected


def test_a_verification_request_through_the_exchange_is_entitled_and_checked():
    dept = govshare.Key.generate(govshare.Algorithm.ED25519)
    platform = govshare.Key.generate(govshare.Algorithm.ED25519)
    platform.set_key_id("platform")
    config = govshare.PlatformConfig(base_url="https://share.example.gov.cn", gateway=govshare.GatewayKind.NONE)
    ex = govshare.PlatformExchange(config, platform.public_key())
    now = 1799028000
    ctx = govshare.CallContext(now="2027-01-04T10:00:00+08:00", nonce="v-1")
    grant = govshare.Grant(application_id="A-1", requester_credit_code="11330100MB0203040M", resource_code="R/1",
                           items=["证号", "电话"], valid_from="2027-01-01", valid_until="2027-12-31",
                           state=govshare.ApplicationState.AGREED, disposal_method=None)
    ents = govshare.entitlements([grant], "11330100MB0203040M", ctx.now)
    q = govshare.VerificationQuery(resource_code="R/1", key_item="证号", key_value="11010519491231002X",
                                   item="电话", value="13812345678")
    request = ex.verify(q, ents, dept, ctx)
    assert ex.in_flight() == "verification"
    resp = {"status": 200, "headers": [["Content-Type", "application/json"]],
            "body": '{"resource_code":"R/1","found":true,"equal":false}'}
    components = govshare.default_components(resp, True, request) + [govshare.request_binding_component(request)]
    reply = govshare.sign_message(resp, platform, {"components": components, "created": now, "keyid": "platform"},
                                  request).message
    a = ex.receive_verification(reply, now)
    assert (a.found, a.equal) == (True, False)


def test_an_external_signer_signs_the_prepared_base_and_the_exchange_waits_for_it():
    dept = govshare.Key.generate(govshare.Algorithm.ED25519)
    dept.set_key_id("dept")
    platform = govshare.Key.generate(govshare.Algorithm.ED25519)
    platform.set_key_id("platform")
    config = govshare.PlatformConfig(base_url="https://share.example.gov.cn", gateway=govshare.GatewayKind.NONE)
    ex = govshare.PlatformExchange(config, platform.public_key())
    now = 1799028000
    ctx = govshare.CallContext(now="2027-01-04T10:00:00+08:00", nonce="x-1")
    with pytest.raises(govshare.GovshareError) as e:
        ex.complete(b"\x01" * 64)
    assert e.value.code == "invalid_argument"
    prepared = ex.prepare_catalog_delta(3, "dept", ctx)
    assert ex.awaiting_signature() == "catalog_delta" and ex.in_flight() is None
    with pytest.raises(govshare.GovshareError) as e:
        ex.catalog(dept, ctx)
    assert e.value.code == "invalid_argument"
    # The signer outside govshare (an HSM in practice) signs the base.
    request = ex.complete(dept.sign(prepared.base))
    assert ex.in_flight() == "catalog_delta" and ex.awaiting_signature() is None
    delta = {"format": "govshare-catalog-delta", "format_version": 2, "catalog": "c-1", "base_version": 3,
             "new_version": 4, "changes": []}
    resp = {"status": 200, "headers": [["Content-Type", "application/json"]], "body": json.dumps(delta)}
    components = govshare.default_components(resp, True, request) + [govshare.request_binding_component(request)]
    reply = govshare.sign_message(resp, platform, {"components": components, "created": now, "keyid": "platform"},
                                  request).message
    assert json.loads(ex.receive_catalog_delta(reply, now))["new_version"] == 4
    # A replay of the answer finds nothing in flight.
    with pytest.raises(govshare.GovshareError) as e:
        ex.receive_catalog_delta(reply, now)
    assert e.value.code == "invalid_argument"


def test_behind_an_irs_gateway_the_exchange_signs_over_the_gateway_parameters():
    dept = govshare.Key.generate(govshare.Algorithm.ED25519)
    dept.set_key_id("dept")
    platform = govshare.Key.generate(govshare.Algorithm.ED25519)
    config = govshare.PlatformConfig(base_url="https://gw.example.gov.cn", gateway=govshare.GatewayKind.ZJ_IRS,
                                     irs=govshare.IrsConfig(app_key="app-key", power_matters=None))
    ex = govshare.PlatformExchange(config, platform.public_key())
    ctx = govshare.CallContext(now="2027-01-04T10:00:00+08:00", nonce="n-1")
    with pytest.raises(govshare.GovshareError) as e:
        ex.catalog(dept, ctx)
    assert e.value.code == "invalid_argument"
    ex.set_gateway_secret("request-secret")
    assert "request-secret" not in repr(ex)
    request = json.loads(ex.catalog(dept, ctx))
    ms = "1799028000000"
    sign = hashlib.md5(("app-key" + "request-secret" + ms).encode()).hexdigest()
    assert f"sign={sign}" in request["target"] and f"requestTime={ms}" in request["target"]
    assert any(name.lower() == "signature" for name, _ in request["headers"])


def test_algorithm_names_come_from_core_and_an_unknown_one_is_a_coded_error():
    assert govshare.algorithm("sm2-sm3") == govshare.Algorithm.SM2_SM3
    assert set(govshare.ALGORITHMS) == {govshare.algorithm_name(a) for a in govshare.Algorithm}
    with pytest.raises(govshare.GovshareError) as e:
        govshare.algorithm("rsa-sha1")
    assert e.value.code == "unknown_algorithm"


def test_random_nonce_is_cores_one_generator():
    a, b = govshare.random_nonce(), govshare.random_nonce()
    assert len(a) == 32 and all(c in "0123456789abcdef" for c in a) and a != b


def test_digest_names_come_from_core_and_an_unknown_one_is_a_coded_error():
    assert govshare.digest_algorithm("sm3") == govshare.DigestAlgorithm.SM3
    assert set(govshare.DIGEST_ALGORITHMS) == {"sha-256", "sha-512", "sm3"}
    with pytest.raises(govshare.GovshareError) as e:
        govshare.digest_algorithm("md5")
    assert e.value.code == "unsupported_digest"


def test_the_platform_key_document_is_read_by_core_strictly():
    client = govshare.PlatformClient(govshare.PlatformConfig(base_url="https://p.example.gov.cn",
                                                             gateway=govshare.GatewayKind.NONE))
    req = client.platform_key_request()
    assert req["method"] == "GET" and req["target"].endswith("/api/v1/platform-key")
    platform = govshare.Key.generate(govshare.Algorithm.ED25519)
    jwk = json.loads(platform.public_key().to_jwk(False))
    jwk.pop("kid", None)  # a JWK's own key id (the thumbprint) must agree with keyid

    def answer(body):
        return {"status": 200, "headers": [["Content-Type", "application/json"]], "body": json.dumps(body)}

    key = govshare.parse_platform_key_response(answer({"keyid": "p-1", "alg": "ed25519", "jwk": jwk}))
    assert key.key_id() == "p-1" and not key.is_private()
    with pytest.raises(govshare.GovshareError) as e:
        govshare.parse_platform_key_response(answer({"keyid": "p-1", "alg": "hmac-sha256", "jwk": jwk}))
    assert e.value.code in ("invalid_value", "key_algorithm_mismatch")
    with pytest.raises(govshare.GovshareError) as e:
        govshare.parse_platform_key_response(answer({"keyid": "p-1", "alg": "ed25519",
                                                     "jwk": {k: v for k, v in json.loads(platform.to_jwk(True)).items()
                                                             if k != "kid"}}))
    assert e.value.code == "invalid_value"
