"""Interop: govshare's signing against independent implementations, both
directions, on real bytes and verdicts, each with a tampered negative:

- PyPI ``cryptography``: raw Ed25519 and ECDSA P-256 signatures, keys moved as
  PKCS#8/SPKI PEM, ECDSA as r || s and DER;
- PyPI ``http-message-signatures``: RFC 9421 requests signed by govshare verify
  there (with its own Content-Digest check), and its signatures (with the
  Content-Digest it creates) verify in govshare — Ed25519, ECDSA P-256,
  HMAC-SHA256 — plus one response;
- PyPI ``gmssl``: SM2 signatures with the default user id both ways, keys as
  hex; SM3 on random inputs.

The peers are pinned in python/requirements-dev.txt; a missing one fails the
run rather than skipping it.
"""

import base64
import datetime
import hashlib
import json
import os
import random
import re
import time

import pytest
from cryptography.exceptions import InvalidSignature as CryptoInvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from gmssl import func as gm_func
from gmssl import sm2 as gm_sm2
from gmssl import sm3 as gm_sm3
from http_message_signatures import (
    HTTPMessageSigner,
    HTTPMessageVerifier,
    HTTPSignatureKeyResolver,
    InvalidSignature,
    algorithms,
)

import govshare

ED25519 = govshare.Algorithm.ED25519
P256 = govshare.Algorithm.ECDSA_P256_SHA256
HMAC = govshare.Algorithm.HMAC_SHA256
SM2 = govshare.Algorithm.SM2_SM3


def code_of(f):
    with pytest.raises(govshare.GovshareError) as e:
        f()
    return e.value.code


def now():
    return int(time.time())


# ------------------------------------------------------------ cryptography


def pem_private(k):
    return k.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()


def pem_public(k):
    return k.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def test_cryptography_ed25519_both_ways():
    sk = ed25519.Ed25519PrivateKey.generate()
    pk = sk.public_key()
    key = govshare.Key.from_pem(pem_private(sk))
    assert key.algorithm() == ED25519
    assert key.to_spki_pem().strip() == pem_public(pk).strip()
    pub = govshare.Key.from_pem(pem_public(pk))
    data = os.urandom(300)
    tampered = bytes([data[0] ^ 1]) + data[1:]

    sig = key.sign(data)
    pk.verify(sig, data)
    assert sig == sk.sign(data), "Ed25519 is deterministic: same bytes"
    with pytest.raises(CryptoInvalidSignature):
        pk.verify(sig, tampered)

    pub.verify(data, sk.sign(data))
    assert code_of(lambda: pub.verify(tampered, sk.sign(data))) == "signature_invalid"

    # A govshare-generated key used by cryptography.
    g = govshare.Key.generate(ED25519)
    serialization.load_pem_public_key(g.to_spki_pem().encode()).verify(g.sign(data), data)
    g_sk = serialization.load_pem_private_key(g.to_pkcs8_pem().encode(), None)
    g.public_key().verify(data, g_sk.sign(data))


def test_cryptography_p256_raw_and_der_both_ways():
    from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature

    sk = ec.generate_private_key(ec.SECP256R1())
    pk = sk.public_key()
    key = govshare.Key.from_pem(pem_private(sk))
    assert key.algorithm() == P256
    pub = govshare.Key.from_pem(pem_public(pk))
    data = os.urandom(257)
    tampered = data[:-1] + bytes([data[-1] ^ 0x80])

    sig = key.sign(data)
    assert len(sig) == 64
    der = encode_dss_signature(int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big"))
    assert govshare.ecdsa_signature_to_der(sig) == der
    pk.verify(der, data, ec.ECDSA(hashes.SHA256()))
    with pytest.raises(CryptoInvalidSignature):
        pk.verify(der, tampered, ec.ECDSA(hashes.SHA256()))

    peer = sk.sign(data, ec.ECDSA(hashes.SHA256()))
    r, s = decode_dss_signature(peer)
    raw = govshare.ecdsa_signature_from_der(peer)
    assert raw == r.to_bytes(32, "big") + s.to_bytes(32, "big")
    pub.verify(data, raw)
    assert code_of(lambda: pub.verify(tampered, raw)) == "signature_invalid"

    g = govshare.Key.generate(P256)
    g_pk = serialization.load_pem_public_key(g.to_spki_pem().encode())
    g_pk.verify(govshare.ecdsa_signature_to_der(g.sign(data)), data, ec.ECDSA(hashes.SHA256()))


# ----------------------------------------------- http-message-signatures

BODY = '{"resource_code":"DR-330000-0001","items":["姓名","统一社会信用代码"],"purpose":"核验"}'.encode()
TARGET = "https://share.gov.example/api/v1/applications?dept=330000&mode=api"


class Request:
    """What the library reads from a request: method, url, headers (a dict)."""

    def __init__(self, method, url, headers):
        self.method = method
        self.url = url
        self.headers = headers


class Response:
    def __init__(self, status_code, headers, request=None):
        self.status_code = status_code
        self.headers = headers
        self.request = request


def gs_request():
    return {
        "method": "POST",
        "target": TARGET,
        "headers": [["Host", "share.gov.example"], ["Content-Type", "application/json"], ["X-Request-Id", "a5f0c1d2"]],
        "body": BODY.decode(),
    }


def to_library(m):
    headers = {}
    for n, v in m["headers"]:
        assert n not in headers, "no repeated fields in these tests"
        headers[n] = v
    if "status" in m:
        return Response(m["status"], headers)
    return Request(m["method"], m["target"], headers)


def from_library(r, body):
    headers = [[n, v] for n, v in r.headers.items()]
    if isinstance(r, Response):
        return {"status": r.status_code, "headers": headers, "body": body.decode()}
    return {"method": r.method, "target": r.url, "headers": headers, "body": body.decode()}


class Keys(HTTPSignatureKeyResolver):
    def __init__(self, private, public):
        self.private, self.public = private, public

    def resolve_private_key(self, key_id):
        return self.private[key_id]

    def resolve_public_key(self, key_id):
        return self.public[key_id]


def key_pairs():
    ed = ed25519.Ed25519PrivateKey.generate()
    p = ec.generate_private_key(ec.SECP256R1())
    secret = os.urandom(32)
    return [
        ("ed25519", algorithms.ED25519, ed, ed.public_key(),
         govshare.Key.from_pem(pem_private(ed)), govshare.Key.from_pem(pem_public(ed.public_key()))),
        ("ecdsa-p256-sha256", algorithms.ECDSA_P256_SHA256, p, p.public_key(),
         govshare.Key.from_pem(pem_private(p)), govshare.Key.from_pem(pem_public(p.public_key()))),
        ("hmac-sha256", algorithms.HMAC_SHA256, secret, secret,
         govshare.Key.from_hmac_secret(secret), govshare.Key.from_hmac_secret(secret)),
    ]


KEY_PAIRS = key_pairs()
COMPONENTS = ["@method", "@target-uri", "@authority", "@path", "@query", "content-type", "x-request-id"]


@pytest.mark.parametrize("pair", KEY_PAIRS, ids=[p[0] for p in KEY_PAIRS])
def test_http_message_signatures_verifies_govshare(pair):
    name, alg, sk, pk, gs_sk, _ = pair
    created = now()
    signed = govshare.sign_message(gs_request(), gs_sk, {
        "keyid": "dept-330000-key-1", "alg": name, "created": created, "expires": created + 300,
        "nonce": "n-8f3e", "components": COMPONENTS,
    })
    m = json.loads(signed.message)
    digest = dict((n.lower(), v) for n, v in m["headers"])["content-digest"]
    assert digest == "sha-256=:" + base64.b64encode(hashlib.sha256(BODY).digest()).decode() + ":"

    verifier = HTTPMessageVerifier(signature_algorithm=alg, key_resolver=Keys({}, {"dept-330000-key-1": pk}))
    results = verifier.verify(to_library(m), body=BODY, require_components=["@method", "@target-uri", "content-type"])
    assert len(results) == 1
    assert results[0].label == "sig1"
    assert results[0].parameters["nonce"] == "n-8f3e"
    assert results[0].body == BODY, "the library checked the Content-Digest against the body"

    # The library's own body check catches a changed body; changed headers fail the signature.
    with pytest.raises(InvalidSignature):
        verifier.verify(to_library(m), body=BODY + b" ")
    for field, value in [("Content-Type", "text/plain"), ("X-Request-Id", "a5f0c1d3"),
                         ("Content-Digest", "sha-256=:" + base64.b64encode(hashlib.sha256(b"x").digest()).decode() + ":")]:
        req = to_library(m)
        req.headers[field] = value
        with pytest.raises(InvalidSignature):
            verifier.verify(req)
    req = to_library(m)
    req.url = TARGET.replace("mode=api", "mode=file")
    with pytest.raises(InvalidSignature):
        verifier.verify(req)


@pytest.mark.parametrize("pair", KEY_PAIRS, ids=[p[0] for p in KEY_PAIRS])
def test_govshare_verifies_http_message_signatures(pair):
    name, alg, sk, pk, _, gs_pk = pair
    req = to_library(gs_request())
    signer = HTTPMessageSigner(signature_algorithm=alg, key_resolver=Keys({"peer-key-1": sk}, {}))
    signer.sign(req, key_id="peer-key-1", label="sig1", nonce="peer-nonce-1",
                expires=datetime.datetime.now() + datetime.timedelta(minutes=5),
                covered_component_ids=("@method", "@target-uri", "@authority", '"@query-param";name="dept"', "content-type"),
                body=BODY)
    assert "Content-Digest" in req.headers, "the library created the digest"
    m = from_library(req, BODY)
    policy = {"required_components": ["@method", "@target-uri", "content-digest"], "require_nonce": True}
    v = govshare.verify_message(m, gs_pk, policy, now())
    assert v.info.label == "sig1"
    assert v.info.keyid == "peer-key-1"
    assert v.info.alg == name
    assert v.content_digest_checked

    store = govshare.NonceStore(8)
    govshare.verify_message(m, gs_pk, policy, now(), store)
    assert code_of(lambda: govshare.verify_message(m, gs_pk, policy, now(), store)) == "replayed_nonce"
    assert code_of(lambda: govshare.verify_message(dict(m, body=BODY.decode() + " "), gs_pk, policy, now())) == "digest_mismatch"
    changed = dict(m, headers=[[n, "text/plain" if n.lower() == "content-type" else v] for n, v in m["headers"]])
    assert code_of(lambda: govshare.verify_message(changed, gs_pk, policy, now())) == "signature_invalid"
    other = govshare.Key.from_hmac_secret(os.urandom(32)) if name == "hmac-sha256" else \
        govshare.Key.generate(gs_pk.algorithm()).public_key()
    assert code_of(lambda: govshare.verify_message(m, other, policy, now())) == "signature_invalid"


def test_http_message_signatures_responses_both_ways():
    sk = ed25519.Ed25519PrivateKey.generate()
    gs_sk = govshare.Key.from_pem(pem_private(sk))
    gs_pk = gs_sk.public_key()
    request = gs_request()
    body = b'{"application_id":"APP-2026-0001","status":"granted"}'
    response = {"status": 201, "headers": [["Content-Type", "application/json"]], "body": body.decode()}
    keys = Keys({"platform": sk}, {"platform": sk.public_key()})
    verifier = HTTPMessageVerifier(signature_algorithm=algorithms.ED25519, key_resolver=keys)

    signed = govshare.sign_message(response, gs_sk, {
        "keyid": "platform", "created": now(), "components": ["@status", "content-type", "@method;req", "@authority;req"],
    }, request)
    resp = to_library(json.loads(signed.message))
    resp.request = to_library(request)
    verifier.verify(resp, body=body)
    resp.status_code = 200
    with pytest.raises(InvalidSignature):
        verifier.verify(resp)

    resp = to_library(response)
    resp.request = to_library(request)
    HTTPMessageSigner(signature_algorithm=algorithms.ED25519, key_resolver=keys).sign(
        resp, key_id="platform", label="resp", covered_component_ids=("@status", "content-type", '"@method";req'), body=body)
    m = from_library(resp, body)
    v = govshare.verify_message(m, gs_pk, {"label": "resp"}, now(), None, request)
    assert v.content_digest_checked
    assert code_of(lambda: govshare.verify_message(dict(m, status=200), gs_pk, {"label": "resp"}, now(), None, request)) \
        == "signature_invalid"
    assert code_of(lambda: govshare.verify_message(m, gs_pk, {"label": "resp"}, now(), None, dict(request, method="PUT"))) \
        == "signature_invalid"


# -------------------------------------------------------------------- gmssl

SM2_N = int(gm_sm2.default_ecc_table["n"], 16)


def test_gmssl_sm3_agrees_on_random_inputs():
    r = random.Random(0x5A3)
    for i in range(200):
        n = i if i < 140 else r.randrange(4096)
        data = r.randbytes(n)
        assert govshare.sm3(data).hex() == gm_sm3.sm3_hash(gm_func.bytes_to_list(data)), f"length {n}"
    assert govshare.sm3("abc").hex() == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"


def sm2_keys(r):
    """A private scalar, govshare's keys, and gmssl's CryptSM2 on the same key.

    gmssl 3.2.2 takes the public key as hex and calls ``lstrip("04")`` on it
    when it starts with "04", which also strips leading '0'/'4' digits of x;
    keys are given without the prefix and, as that still trips when x itself
    starts with "04", such keys are redrawn.
    """
    while True:
        d = r.randrange(1, SM2_N - 1)
        priv = govshare.Key.from_raw(SM2, d.to_bytes(32, "big"), True)
        point = priv.public_key_bytes()
        assert point[0] == 4 and len(point) == 65
        if point[1] != 0x04:
            break
    pub = govshare.Key.from_raw(SM2, point, False)
    gm = gm_sm2.CryptSM2(private_key=f"{d:064x}", public_key=point[1:].hex())
    return d, priv, pub, gm


def test_gmssl_sm2_default_user_id_both_ways():
    r = random.Random(0x5A2)
    for _ in range(4):
        d, priv, pub, gm = sm2_keys(r)
        assert priv.sm2_user_id() == "1234567812345678"
        data = r.randbytes(1 + r.randrange(500))
        tampered = data[:-1] + bytes([data[-1] ^ 1])

        # gmssl → govshare (gmssl's hex r || s).
        sig_hex = gm.sign_with_sm3(data, gm_func.random_hex(gm.para_len))
        pub.verify(data, bytes.fromhex(sig_hex))
        assert code_of(lambda: pub.verify(tampered, bytes.fromhex(sig_hex))) == "signature_invalid"

        # govshare → gmssl.
        sig = priv.sign(data)
        assert len(sig) == 64
        assert gm.verify_with_sm3(sig.hex(), data)
        assert not gm.verify_with_sm3(sig.hex(), tampered)
        # Also through the DER conversion a DER-speaking peer would use.
        assert gm.verify_with_sm3(govshare.ecdsa_signature_from_der(govshare.ecdsa_signature_to_der(sig)).hex(), data)


def test_gmssl_sm2_over_an_rfc9421_signature_base():
    _, priv, pub, gm = sm2_keys(random.Random(7))
    params = {"keyid": "sm2-dept", "alg": "sm2-sm3", "created": now(), "content_digest": "sm3",
              "components": ["@method", "@target-uri", "content-type"]}
    signed = govshare.sign_message(gs_request(), priv, params)
    sig = base64.b64decode(signed.signature.split(":")[1])
    assert gm.verify_with_sm3(sig.hex(), signed.base.encode())
    assert not gm.verify_with_sm3(sig.hex(), signed.base.replace("POST", "PUT").encode())
    digest = dict((n.lower(), v) for n, v in json.loads(signed.message)["headers"])["content-digest"]
    sm3_hex = gm_sm3.sm3_hash(gm_func.bytes_to_list(BODY))
    assert digest == "sm3=:" + base64.b64encode(bytes.fromhex(sm3_hex)).decode() + ":"

    # gmssl as the external signer.
    prepared = govshare.prepare_signature(gs_request(), params)
    peer = bytes.fromhex(gm.sign_with_sm3(bytes(prepared.base), gm_func.random_hex(gm.para_len)))
    finished = govshare.finish_signature(gs_request(), prepared, peer)
    m = json.loads(finished.message)
    assert govshare.verify_message(m, pub, {}, now()).content_digest_checked
    assert code_of(lambda: govshare.verify_message(dict(m, method="PUT"), pub, {}, now())) == "signature_invalid"


# --------------------- component edge cases, http-message-signatures (PyPI)

EDGE_TARGETS = [
    "https://h.example/p?name=%E5%BC%A0%E4%B8%89&x=1",  # percent-encoded UTF-8
    "https://h.example/p?name=a+b&x=1",  # '+' is a space in a query parameter
    "https://h.example/p?name=a%2Fb%3D&x=1",
    "https://h.example/p?na%6De=v&x=1",  # encoded parameter name
    "https://h.example/p?name=&x=1",
    "https://h.example/a%2fb/c?name=1",
    "https://H.Example:443/p?name=1",  # default port and case in @authority
    "https://h.example:8443/p?name=1",
]
# (field name, value, component) — one field line each: the test's message
# object is a dict, so repeated fields are left to the npm test. The library
# serializes `;sf` only for fields whose type http_sf knows (RFC 8941
# retrofit: Priority is a Dictionary, Cache-Status a List); `;key` parses any.
EDGE_FIELDS = [
    ("X-A", "  padded value 1  ", '"x-a"'),
    ("Priority", " u=1,    i;x=1;y=2,   c=(a   b   c)", '"priority";sf'),
    ("Example-Dict", " a=1,    b=2;x=1;y=2,   c=(a   b   c)", '"example-dict";key="b"'),
    ("Example-Dict", " a=1,    b=2;x=1;y=2,   c=(a   b   c)", '"example-dict";key="c"'),
    ("Cache-Status", " ExampleCache;  hit;ttl=1 ,  Other;fwd=uri-miss ", '"cache-status";sf'),
]


def test_http_message_signatures_component_edge_cases_both_ways():
    from urllib.parse import urlsplit

    sk = ed25519.Ed25519PrivateKey.generate()
    gs_sk = govshare.Key.from_pem(pem_private(sk))
    keys = Keys({"k": sk}, {"k": sk.public_key()})
    signer = HTTPMessageSigner(signature_algorithm=algorithms.ED25519, key_resolver=keys)
    verifier = HTTPMessageVerifier(signature_algorithm=algorithms.ED25519, key_resolver=keys)
    cases = [({"method": "GET", "target": t, "headers": [["Host", urlsplit(t).netloc]]},
              ['"@method"', '"@target-uri"', '"@authority"', '"@path"', '"@query"', '"@query-param";name="name"'])
             for t in EDGE_TARGETS]
    cases += [({"method": "GET", "target": "https://h.example/p", "headers": [["Host", "h.example"], [n, v]]}, [c])
              for n, v, c in EDGE_FIELDS]
    for m, comps in cases:
        what = f"{m['target']} {m['headers']} {comps}"
        # govshare's notation: the bare name with its parameters.
        ours = [c.replace('"', "", 2) if c.startswith('"') else c for c in comps]
        signed = json.loads(govshare.sign_message(m, gs_sk, {"keyid": "k", "created": now(), "components": ours}).message)
        verifier.verify(to_library(signed))

        peer = to_library(m)
        signer.sign(peer, key_id="k", label="sig1", covered_component_ids=comps)
        back = from_library(peer, b"")
        del back["body"]
        assert govshare.verify_message(back, gs_sk.public_key(), {}, now()).info.label == "sig1", what

        tampered = to_library(signed)
        if len(m["headers"]) == 1:
            tampered.url = m["target"] + "&y=2"
        else:
            name = m["headers"][-1][0]
            tampered.headers[name] = re.sub(r"\d", "9", tampered.headers[name]).replace("c)", "d)")
        with pytest.raises(InvalidSignature):
            verifier.verify(tampered)
