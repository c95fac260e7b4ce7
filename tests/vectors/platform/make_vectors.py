#!/usr/bin/env python3
"""Writes tests/vectors/platform/exchange.json: the platform exchange's signed
requests and its verdicts on the platform's answers (issue #12).

Every expected byte is computed here, independently of govshare: the request
bodies are RFC 8785 canonical JSON written below with the standard library,
Content-Digest is RFC 9530 (hashlib), the RFC 9421 signature bases are built
by hand from the RFC's rules (§2.1 fields, §2.2 derived components, §2.4
`;req`, §2.5 the base), and every signature is made with the `cryptography`
package's Ed25519 (deterministic, so each signed message is a fixed byte
string). The platform's answers are signed here too, correctly or with one
thing wrong, and each verdict is stated by hand from the profile of
openapi/sharing-platform.yaml (docs/sandbox.md).

What is govshare's own choice rather than the RFCs' is written down here, not
imported: the paths and bodies of openapi/sharing-platform.yaml; the headers
in order (Accept, Content-Type `application/json; charset=utf-8` with a body,
Content-Digest, Signature-Input, Signature); the signature label `sig1`;
the parameters in the order created, keyid, nonce; `created` = the call's
time in whole seconds (rounded down).

Run from the repository root: python3 tests/vectors/platform/make_vectors.py
(--out DIR writes the file into DIR instead; scripts/check_vectors_generated.py
uses it to compare it with the committed one). Needs `cryptography`
(python/requirements-dev.txt; scripts/bootstrap.sh installs it into .venv).
"""
import argparse
import base64
import copy
import hashlib
import json
import os
import urllib.parse
from datetime import datetime

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

_args = argparse.ArgumentParser(description="Writes the platform exchange vectors.")
_args.add_argument("--out", metavar="DIR", default="tests/vectors/platform", help="where to write (default: %(default)s)")
OUT = os.path.join(_args.parse_args().out, "")


# ------------------------------------------------------------ RFC 8785 (JCS)
def jcs(v):
    """RFC 8785 for the values used here: strings, integers, booleans, null,
    arrays and objects (members sorted by their UTF-16 code units)."""
    if isinstance(v, dict):
        keys = sorted(v, key=lambda k: k.encode("utf-16-be"))
        return "{" + ",".join(jcs(k) + ":" + jcs(v[k]) for k in keys) + "}"
    if isinstance(v, list):
        return "[" + ",".join(jcs(x) for x in v) + "]"
    if isinstance(v, bool) or v is None:
        return json.dumps(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        # json.dumps escapes exactly ", \ and the controls (\b \t \n \f \r
        # short, the others as lowercase \u00xx), as RFC 8785 §3.2.2.2 asks.
        return json.dumps(v, ensure_ascii=False)
    raise TypeError(type(v))


def b64(data):
    return base64.b64encode(data).decode()


def b64url(data):
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


# ------------------------------------------------------------------- keys
def seed(text):
    return hashlib.sha256(text.encode()).digest()


class Ed25519:
    def __init__(self, text):
        self.seed = seed(text)
        self.private = Ed25519PrivateKey.from_private_bytes(self.seed)
        self.public = self.private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)

    def sign(self, data):
        return self.private.sign(data)

    def thumbprint(self):
        """RFC 7638 JWK thumbprint of the public key (RFC 8037 OKP members)."""
        members = jcs({"crv": "Ed25519", "kty": "OKP", "x": b64url(self.public)})
        return b64url(hashlib.sha256(members.encode()).digest())


DEPT = Ed25519("govshare vectors: the department's Ed25519 key (fictional, not a secret)")
PLATFORM = Ed25519("govshare vectors: the platform's Ed25519 key (fictional, not a secret)")
OTHER = Ed25519("govshare vectors: a key that is not the platform's (fictional, not a secret)")
DEPT_KEY_ID = "mz-2026-dept"
PLATFORM_KEY_ID = "platform-2026"
HMAC_SECRET = seed("govshare vectors: a shared secret (fictional, not a secret)")

KEYS = {
    "department": {"algorithm": "ed25519", "raw_hex": DEPT.seed.hex(), "private": True, "key_id": DEPT_KEY_ID},
    # No key id given: the key's id is its RFC 7638 thumbprint.
    "department_thumbprint": {"algorithm": "ed25519", "raw_hex": DEPT.seed.hex(), "private": True},
    "department_public": {"algorithm": "ed25519", "raw_hex": DEPT.public.hex(), "private": False, "key_id": DEPT_KEY_ID},
    "platform": {"algorithm": "ed25519", "raw_hex": PLATFORM.public.hex(), "private": False},
    # The same key pinned under the key id the platform signs with.
    "platform_with_id": {"algorithm": "ed25519", "raw_hex": PLATFORM.public.hex(), "private": False, "key_id": PLATFORM_KEY_ID},
    "platform_hmac": {"algorithm": "hmac-sha256", "raw_hex": HMAC_SECRET.hex(), "private": True},
}

# ----------------------------------------------------- the platform API
CONFIG = {"base_url": "https://share.example.gov.cn", "gateway": "none"}
# A base URL with a port and a path prefix, given with a trailing slash
# (PlatformConfig: "without a trailing slash"; the slash is dropped).
CONFIG_PREFIX = {"base_url": "https://gw.example.gov.cn:8443/share/", "gateway": "none"}
NOW = "2026-02-13T10:00:00+08:00"
SECS = int(datetime.fromisoformat(NOW).timestamp())
CT_REQUEST = "application/json; charset=utf-8"


def ctx(nonce, now=NOW):
    return {"now": now, "nonce": nonce}


def base_of(config):
    return config["base_url"].rstrip("/")


def segment(text):
    """Percent-encodes everything but the RFC 3986 unreserved characters."""
    return urllib.parse.quote(text, safe="")


# The application: the complete unconditional one of tests/vectors/request
# (its canonical form is what govshare submits: request/http.json).
APPLICATION = {
    "format": "govshare-application",
    "format_version": 1,
    "reference": "MZ-2026-0001",
    "requester": {"name": "示例市民政局", "credit_code": "11330100MB0000000N"},
    "applicant": {"name": "张三"},
    "contact": {"name": "李四", "phone": "0571-00000000", "email": "contact@example.gov.cn"},
    "target": {"resource_code": "101001/00001", "items": ["统一社会信用代码", "企业名称"]},
    "duty_basis": [{"kind": "regulation", "title": "《社会救助暂行办法》", "article": "第十一条"}],
    "purpose": "核对申请救助家庭成员名下企业情况",
    "scenario": "最低生活保障家庭经济状况核对",
    "internal_approval": {"approver": "民政局共享工作机构负责人", "approved_on": "2025-12-20"},
    "mode": "online_query",
    "validity": {"from": "2026-01-01", "until": "2026-12-31"},
    "frequency": {"kind": "on_demand", "max_calls_per_day": 500},
    "commitments": {"storage_location": "示例市政务云民政专区", "retention_days": 365, "destruction_date": "2027-01-31"},
    "attachments": [{"name": "申请函.pdf", "media_type": "application/pdf",
                     "sha256": hashlib.sha256(b"application letter").hexdigest(),
                     "sm3": hashlib.new("sm3", b"application letter").hexdigest()}],
}

# What the department may fetch (request::Entitlement), given as such.
ENTITLEMENTS = [
    {"resource_code": "201002/00003",
     "items": [{"name": "公民身份号码", "valid_until": "2026-06-30"}, {"name": "姓名", "valid_until": "2026-12-31"}],
     "valid_until": "2026-12-31", "application_ids": ["APP-1", "APP-2"]},
]
QUERY = {"resource_code": "201002/00003", "items": ["姓名", "公民身份号码"],
         "filters": {"公民身份号码": "11010519491231002X"}, "page_size": 50}
# The next page; the 权力事项 code is for the IRS gateway's `additional`
# parameter and is not a member of the API's DataQuery (additionalProperties: false).
QUERY_NEXT = {"resource_code": "201002/00003", "items": ["姓名"], "cursor": "c2", "power_item_code": "行政确认-00123-001"}
VQUERY = {"resource_code": "201002/00003", "key_item": "公民身份号码", "key_value": "11010519491231002X",
          "item": "姓名", "value": "张三"}
DATA_BODY_MEMBERS = ("resource_code", "items", "filters", "page_size", "cursor")


def call_request(config, req):
    """(method, target, body) of a call, per openapi/sharing-platform.yaml."""
    api = base_of(config) + "/api/v1"
    call = req["call"]
    if call == "catalog":
        return "GET", api + "/catalog", ""
    if call == "catalog_delta":
        return "GET", f"{api}/catalog/deltas?since={req['since_version']}", ""
    if call == "submit":
        return "POST", api + "/applications", jcs(json.loads(req["application_json"]))
    if call == "status":
        return "GET", f"{api}/applications/{segment(req['id'])}", ""
    if call == "withdraw":
        body = {"reason": req["reason"]} if req.get("reason") is not None else {}
        return "POST", f"{api}/applications/{segment(req['id'])}/withdraw", jcs(body)
    if call == "data":
        return "POST", api + "/data/query", jcs({k: v for k, v in req["query"].items() if k in DATA_BODY_MEMBERS})
    if call == "verify":
        return "POST", api + "/data/verify", jcs(req["query"])
    raise ValueError(call)


# ----------------------------------------------------------- RFC 9421
def sf_string(s):
    assert all(0x20 <= ord(c) <= 0x7E for c in s), s
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def signature_params(components, created=None, keyid=None, nonce=None, expires=None, alg=None):
    line = "(" + " ".join(components) + ")"
    if created is not None:
        line += f";created={created}"
    if expires is not None:
        line += f";expires={expires}"
    if keyid is not None:
        line += ";keyid=" + sf_string(keyid)
    if alg is not None:
        line += ";alg=" + sf_string(alg)
    if nonce is not None:
        line += ";nonce=" + sf_string(nonce)
    return line


def field(message, name):
    """RFC 9421 §2.1: every field line of that name, trimmed, joined with ", "."""
    values = [v.strip(" \t") for n, v in message["headers"] if n.lower() == name]
    assert values, name
    return ", ".join(values)


def dictionary_member(text, key):
    """The serialized value of one member of a Dictionary field (RFC 8941) —
    for the Signature fields used here: `label=:base64:`."""
    for member in text.split(","):
        k, _, v = member.strip().partition("=")
        if k == key:
            return v
    raise KeyError(key)


def component_value(message, request, component):
    """The value of one covered component (RFC 9421 §2.1, §2.2, §2.4)."""
    name, *params = component.split(";")
    target = message
    for p in params:
        if p == "req":
            target = request
    name = json.loads(name)
    if name == "@method":
        return target["method"]
    if name == "@target-uri":
        return target["target"]
    if name == "@authority":
        return urllib.parse.urlsplit(target["target"]).netloc.lower()
    if name == "@status":
        return f"{target['status']:03d}"
    key = [p.split("=", 1)[1] for p in params if p.startswith("key=")]
    if key:
        return dictionary_member(field(target, name), json.loads(key[0]))
    return field(target, name)


def signature_base(message, components, params_line, request=None):
    lines = [f"{c}: {component_value(message, request, c)}" for c in components]
    lines.append(f'"@signature-params": {params_line}')
    return "\n".join(lines)


def content_digest(body, algorithm="sha-256"):
    h = {"sha-256": hashlib.sha256, "sha-512": hashlib.sha512}[algorithm]
    return f"{algorithm}=:{b64(h(body.encode()).digest())}:"


# ------------------------------------------------- the department's side
def build(config, req, gateway_secret=None):
    """The unsigned request message of a call; behind an x-tif gateway, with
    its headers (domain digest §7: hex SHA-256 of timestamp + paasToken +
    nonce + timestamp, Unix seconds; UPPERCASE unless the settings say
    "lower", x-rio-… when they say "rio"), which govshare adds after its own."""
    method, target, body = call_request(config, req)
    headers = [["Accept", "application/json"]]
    if body:
        headers.append(["Content-Type", CT_REQUEST])
    if config.get("gateway") == "x_tif":
        ts = str(int(datetime.fromisoformat(req["ctx"]["now"]).timestamp() // 1))
        nonce = req["ctx"]["nonce"]
        xtif = hashlib.sha256((ts + gateway_secret + nonce + ts).encode()).hexdigest()
        if config["x_tif"].get("case") != "lower":
            xtif = xtif.upper()
        p = "x-rio-" if config["x_tif"].get("prefix") == "rio" else "x-tif-"
        headers += [[p + "paasid", config["x_tif"]["paas_id"]], [p + "timestamp", ts],
                    [p + "nonce", nonce], [p + "signature", xtif]]
        if config["x_tif"].get("service_id"):
            headers.append([p + "serviceId", config["x_tif"]["service_id"]])
    return {"method": method, "target": target, "headers": headers, "body": body}


def prepare(config, req, key_id, gateway_secret=None):
    """The request with its Content-Digest, the signature base and the
    Signature-Input member value, as a department signs it."""
    msg = build(config, req, gateway_secret)
    components = ['"@method"', '"@target-uri"']
    digest = None
    if msg["body"]:
        digest = content_digest(msg["body"])
        msg["headers"].append(["Content-Digest", digest])
        components += ['"content-type"', '"content-digest"']
    created = int(datetime.fromisoformat(req["ctx"]["now"]).timestamp() // 1)
    params = signature_params(components, created=created, keyid=key_id, nonce=req["ctx"]["nonce"])
    return msg, signature_base(msg, components, params), params, digest


def signed_request(config, req, key=DEPT, key_id=DEPT_KEY_ID, gateway_secret=None):
    msg, base, params, _ = prepare(config, req, key_id, gateway_secret)
    msg["headers"].append(["Signature-Input", "sig1=" + params])
    msg["headers"].append(["Signature", f"sig1=:{b64(key.sign(base.encode()))}:"])
    return msg


# --------------------------------------------------- the platform's side
RESPONSE_COMPONENTS = ['"@status"', '"content-type"', '"content-digest"', '"@method";req', '"@target-uri";req']
BINDING = '"signature";req;key="sig1"'
ANSWER_AT = SECS + 1
RECEIVED_AT = SECS + 2


def answer(request, body, status=200, key=PLATFORM, created=ANSWER_AT, components=None, keyid=PLATFORM_KEY_ID,
           digest="sha-256", digest_header=None, expires=None, alg=None, label="sig1"):
    """The platform's signed answer to `request` (bound to it unless
    `components` says otherwise)."""
    body = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)
    msg = {"status": status, "headers": [["Content-Type", "application/json"],
                                         ["Content-Digest", digest_header or content_digest(body, digest)]],
           "body": body}
    return add_signature(msg, request, key, components, label, created=created, keyid=keyid, expires=expires, alg=alg)


def add_signature(msg, request, key, components=None, label="sig1", **params):
    """`msg` with one more signature (RFC 9421 §4.2: a Dictionary member
    in each of Signature-Input and Signature)."""
    msg = copy.deepcopy(msg)
    components = RESPONSE_COMPONENTS + [BINDING] if components is None else components
    line = signature_params(components, **params)
    base = signature_base(msg, components, line, request)
    msg["headers"].append(["Signature-Input", f"{label}={line}"])
    msg["headers"].append(["Signature", f"{label}=:{b64(key.sign(base.encode()))}:"])
    return msg


def lowercase_names(msg):
    m = copy.deepcopy(msg)
    m["headers"] = [[n.lower(), v] for n, v in m["headers"]]
    return m


def header_replaced(msg, name, value):
    m = copy.deepcopy(msg)
    m["headers"] = [[n, value if n.lower() == name else v] for n, v in m["headers"] if value is not None or n.lower() != name]
    return m


# ------------------------------------------------------------- requests
def app_json(a=None):
    return json.dumps(APPLICATION if a is None else a, ensure_ascii=False, indent=1)


R_CATALOG = {"call": "catalog", "ctx": ctx("n-catalog-1")}
R_DELTA = {"call": "catalog_delta", "ctx": ctx("n-delta-1"), "since_version": 41}
R_SUBMIT = {"call": "submit", "ctx": ctx("n-submit-1"), "application_json": app_json()}
R_STATUS = {"call": "status", "ctx": ctx("n-status-1"), "id": "MZ-2026/0042"}
R_WITHDRAW = {"call": "withdraw", "ctx": ctx("n-withdraw-1"), "id": "MZ-2026/0042", "reason": "业务调整"}
R_WITHDRAW_NO_REASON = {"call": "withdraw", "ctx": ctx("n-withdraw-2"), "id": "MZ-2026-0043"}
R_DATA = {"call": "data", "ctx": ctx("n-data-1"), "query": QUERY, "entitlements": ENTITLEMENTS}
R_DATA_NEXT = {"call": "data", "ctx": ctx("n-data-2"), "query": QUERY_NEXT, "entitlements": ENTITLEMENTS}
R_VERIFY = {"call": "verify", "ctx": ctx("n-verify-1"), "query": VQUERY, "entitlements": ENTITLEMENTS}
R_STATUS_CJK = {"call": "status", "ctx": ctx("n-status-2"), "id": "民政/申请 1"}
# 𠮷 (U+20BB7) is a surrogate pair in UTF-16 (D842 DFB7): it sorts before Ｘ (U+FF38) there, after it by code point.
R_DATA_SORT = {"call": "data", "ctx": ctx("n-data-3"), "query": dict(QUERY, filters={"Ｘ": "1", "𠮷": "2", "a": "3"}),
               "entitlements": ENTITLEMENTS}
R_WITHDRAW_ESC = {"call": "withdraw", "ctx": ctx("n-withdraw-3"), "id": "MZ-2026-0044",
                  "reason": 'say "no" \\ then\n\tstop\u001f\u007f\u2028.'}
R_CATALOG_ESC = {"call": "catalog", "ctx": ctx('n"quoted\\x')}


XTIF_CONFIG = {"base_url": "https://gw.example.gov.cn", "gateway": "x_tif", "x_tif": {"paas_id": "demo_paas"}}
XTIF_TEST_CONFIG = {"base_url": "https://gw.example.gov.cn", "gateway": "x_tif",
                    "x_tif": {"paas_id": "demo_paas", "case": "lower", "prefix": "rio"}}
XTIF_SERVICE_CONFIG = {"base_url": "https://gw.example.gov.cn", "gateway": "x_tif",
                       "x_tif": {"paas_id": "demo_paas", "service_id": "svc-001"}}


def req_case(name, req, expect=None, err=None, config=CONFIG, key="department", platform_key="platform", **extra):
    c = {"name": name, "op": "request", "config": config, "key": key, "platform_key": platform_key, "request": req}
    c.update(extra)
    if err:
        c["expect_error"] = err
    else:
        c["expect"] = expect
    return c


cases = [
    req_case("catalog: GET, no body, so no digest and no content-type", R_CATALOG, signed_request(CONFIG, R_CATALOG)),
    req_case("catalog under a base URL with a port and a prefix (the trailing slash is dropped)", R_CATALOG,
             signed_request(CONFIG_PREFIX, R_CATALOG), config=CONFIG_PREFIX),
    req_case("catalog: created is the call's time in whole seconds, rounded down",
             dict(R_CATALOG, ctx=ctx("n-catalog-2", "2026-02-13T10:00:00.750+08:00")),
             signed_request(CONFIG, dict(R_CATALOG, ctx=ctx("n-catalog-2", "2026-02-13T10:00:00.750+08:00")))),
    req_case("catalog: a key without an id is known by its RFC 7638 thumbprint", R_CATALOG,
             signed_request(CONFIG, R_CATALOG, key_id=DEPT.thumbprint()), key="department_thumbprint"),
    req_case("catalog delta since a version", R_DELTA, signed_request(CONFIG, R_DELTA)),
    req_case("submit: the canonical application, its digest and content-type covered", R_SUBMIT, signed_request(CONFIG, R_SUBMIT)),
    req_case("status: the id percent-encoded as one path segment", R_STATUS, signed_request(CONFIG, R_STATUS)),
    req_case("withdraw with a reason", R_WITHDRAW, signed_request(CONFIG, R_WITHDRAW)),
    req_case("withdraw without a reason: an empty object", R_WITHDRAW_NO_REASON, signed_request(CONFIG, R_WITHDRAW_NO_REASON)),
    req_case("data query within the entitlements", R_DATA, signed_request(CONFIG, R_DATA)),
    req_case("data query for the next page: the 权力事项 code is not part of the body", R_DATA_NEXT, signed_request(CONFIG, R_DATA_NEXT)),
    req_case("verification request (验证类)", R_VERIFY, signed_request(CONFIG, R_VERIFY)),
    req_case("status: a non-ASCII id is percent-encoded as UTF-8", R_STATUS_CJK, signed_request(CONFIG, R_STATUS_CJK)),
    req_case("data query: filter names sorted by UTF-16 code units, not code points (RFC 8785 §3.2.3)", R_DATA_SORT,
             signed_request(CONFIG, R_DATA_SORT)),
    req_case("withdraw: a reason with quotes, a backslash and control characters (RFC 8785 §3.2.2.2)", R_WITHDRAW_ESC,
             signed_request(CONFIG, R_WITHDRAW_ESC)),
    req_case("a nonce with a quote and a backslash, escaped as an sf-string (RFC 8941 §3.3.3)", R_CATALOG_ESC,
             signed_request(CONFIG, R_CATALOG_ESC)),
    # Refused before anything is built or signed.
    req_case("data query for an item no approval grants", dict(R_DATA, query=dict(QUERY, items=["姓名", "户籍地址"])), err="not_entitled"),
    req_case("data query for a resource no approval covers", dict(R_DATA, query={"resource_code": "101001/00001", "items": ["企业名称"]}),
             err="not_entitled"),
    req_case("data query without entitlements", dict(R_DATA, entitlements=[]), err="not_entitled"),
    req_case("data query for a page of 0 rows", dict(R_DATA, query=dict(QUERY, page_size=0)), err="invalid_argument"),
    req_case("verification of an item no approval grants", dict(R_VERIFY, query=dict(VQUERY, item="户籍地址")), err="not_entitled"),
    req_case("status of an empty id", dict(R_STATUS, id=""), err="invalid_argument"),
    req_case("status of the id '..' (not a path segment)", dict(R_STATUS, id=".."), err="invalid_argument"),
    req_case("a nonce that is not printable ASCII cannot be signed", dict(R_CATALOG, ctx=ctx("随机数")), err="invalid_argument"),
    req_case("a time that is not RFC 3339", dict(R_CATALOG, ctx=ctx("n-x", "2026-02-13 10:00:00")), err="invalid_value"),
    req_case("a public key cannot sign", R_CATALOG, err="public_key_only", key="department_public"),
    req_case("behind an x-tif gateway, a request before the gateway's secret is given is refused", R_CATALOG,
             err="invalid_argument", config=XTIF_CONFIG),
    req_case("behind an x-tif gateway: its headers (keyed with the secret), then the department's signature", R_CATALOG,
             signed_request(XTIF_CONFIG, R_CATALOG, gateway_secret="demo-paas-token"), config=XTIF_CONFIG,
             gateway_secret="demo-paas-token"),
    req_case("behind an x-tif test gateway that wants lowercase hex: x-rio- headers", R_CATALOG,
             signed_request(XTIF_TEST_CONFIG, R_CATALOG, gateway_secret="demo-paas-token"), config=XTIF_TEST_CONFIG,
             gateway_secret="demo-paas-token"),
    req_case("behind an x-tif gateway with a service id: a data query", R_DATA,
             signed_request(XTIF_SERVICE_CONFIG, R_DATA, gateway_secret="demo-paas-token"), config=XTIF_SERVICE_CONFIG,
             gateway_secret="demo-paas-token"),
    req_case("a shared secret is not a platform key unless trusted explicitly", R_CATALOG, err="symmetric_key_refused",
             platform_key="platform_hmac"),
    req_case("one request at a time: a second while the first waits for its answer", R_STATUS, err="invalid_argument",
             first=R_CATALOG),
    req_case("a request refused before it is built leaves nothing in flight", R_CATALOG, signed_request(CONFIG, R_CATALOG),
             first=dict(R_DATA, entitlements=[]), first_expect_error="not_entitled"),
    req_case("a request that cannot be signed leaves nothing in flight", R_CATALOG, signed_request(CONFIG, R_CATALOG),
             first=dict(R_STATUS, ctx=ctx("随机数")), first_expect_error="invalid_argument"),
]


# External signers: prepare gives the base, the signature made elsewhere completes it.
def prep_case(name, req, config=CONFIG):
    msg, base, params, digest = prepare(config, req, DEPT_KEY_ID)
    signature = DEPT.sign(base.encode())
    return {"name": name, "op": "prepare", "config": config, "platform_key": "platform", "key_id": DEPT_KEY_ID, "request": req,
            "signature_b64": b64(signature),
            "expect": {"base": base, "signature_input": params, "content_digest": digest,
                       "message": signed_request(config, req)}}


cases += [
    prep_case("external signer: catalog", R_CATALOG),
    prep_case("external signer: catalog delta", R_DELTA),
    prep_case("external signer: submit", R_SUBMIT),
    prep_case("external signer: status", R_STATUS),
    prep_case("external signer: withdraw", R_WITHDRAW),
    prep_case("external signer: data query", R_DATA),
    prep_case("external signer: verification request", R_VERIFY),
    {"name": "external signer: nothing prepared, nothing to complete", "op": "prepare", "config": CONFIG, "platform_key": "platform",
     "key_id": DEPT_KEY_ID, "request": None, "signature_b64": b64(b"\x00" * 64), "expect_error": "invalid_argument"},
    {"name": "external signer: an empty signature", "op": "prepare", "config": CONFIG, "platform_key": "platform",
     "key_id": DEPT_KEY_ID, "request": R_CATALOG, "signature_b64": "", "expect_error": "invalid_argument"},
    {"name": "external signer: an entitlement is checked before preparing", "op": "prepare", "config": CONFIG,
     "platform_key": "platform", "key_id": DEPT_KEY_ID, "request": dict(R_DATA, entitlements=[]),
     "signature_b64": b64(b"\x00" * 64), "expect_error": "not_entitled"},
]

# ------------------------------------------------------------- verdicts
SUBMIT = signed_request(CONFIG, R_SUBMIT)
STATUS = signed_request(CONFIG, R_STATUS)
WITHDRAW = signed_request(CONFIG, R_WITHDRAW)
DATA = signed_request(CONFIG, R_DATA)
VERIFY = signed_request(CONFIG, R_VERIFY)
CATALOG = signed_request(CONFIG, R_CATALOG)
DELTA_REQ = signed_request(CONFIG, R_DELTA)
# The same data query sent again later with a new nonce, and another query.
DATA_AGAIN = signed_request(CONFIG, dict(R_DATA, ctx=ctx("n-data-9", "2026-02-13T10:00:30+08:00")))
DATA_OTHER = signed_request(CONFIG, R_DATA_NEXT)

SUBMITTED = {"id": "MZ-2026-0042", "state": "submitted", "updated_at": "2026-02-13T10:00:01+08:00", "due": "2026-03-06"}
AGREED = {"id": "MZ-2026/0042", "state": "agreed", "updated_at": "2026-02-20T09:00:00+08:00", "valid_until": "2026-12-31",
          "disposal_method": "delete"}
WITHDRAWN = {"id": "MZ-2026/0042", "state": "withdrawn", "updated_at": "2026-02-13T10:00:01+08:00"}
# Delivered masked (first 1 / first 6 and last 4 kept), as the manifest declares.
ROWS = [["张*", "110105********002X"]]
PAGE = {"resource_code": "201002/00003", "items": ["姓名", "公民身份号码"], "rows": ROWS, "next_cursor": "c2"}
MANIFEST = {"manifest_version": 1, "mask_char": "*",
            "fields": {"姓名": {"rule": "keep", "first": 1, "last": 0}, "公民身份号码": {"rule": "keep", "first": 6, "last": 4}}}
PAGE_SIGNED = dict(PAGE, mask_manifest=MANIFEST, mask_manifest_signature=b64(PLATFORM.sign(jcs(MANIFEST).encode())))
FOUND = {"resource_code": "201002/00003", "found": True, "equal": True}
NOT_EQUAL = {"resource_code": "201002/00003", "found": True, "equal": False}


def resource(code, name, sharing, items, modes, conditions=None):
    s = {"type": sharing, "modes": modes}
    if conditions:
        s["conditions"] = conditions
    return {
        "code": code, "classification": code.split("/")[0], "name": name,
        "provider": "示例市数据提供局", "provider_code": "12330100470000000A",
        "abstract": name + "（测试数据）", "format": "database",
        "items": items, "sharing": s, "update_cycle": "daily", "published": "2025-06-01",
    }


CAT_DOC = {"format": "govshare-catalog", "format_version": 1, "catalog": {"id": "demo", "name": "示例目录", "version": 3},
           "resources": [resource("101001/00001", "企业基本信息", "unconditional",
                                  [{"name": "统一社会信用代码", "type": "C", "grade": 1}, {"name": "企业名称", "type": "C", "grade": 1},
                                   {"name": "法定代表人", "type": "C", "grade": 2, "pi_kind": "name"},
                                   {"name": "注册地址", "type": "C", "grade": 1}],
                                  ["system_integration", "online_query"], "无条件")]}
DELTA = {"format": "govshare-catalog-delta", "format_version": 1, "catalog": "demo", "base_version": 3, "new_version": 4,
         "changes": [{"op": "withdraw", "code": "101001/00001", "reason": "合并"}]}


def page_of(p):
    out = {"resource_code": p["resource_code"], "items": p["items"], "rows_json": jcs(p["rows"]), "row_count": len(p["rows"])}
    if "next_cursor" in p:
        out["next_cursor"] = p["next_cursor"]
    if "mask_manifest" in p:
        out["mask_manifest"] = jcs(p["mask_manifest"])
        out["mask_manifest_signature"] = p["mask_manifest_signature"]
    return out


def step(receive, response, now=RECEIVED_AT, err=None):
    s = {"receive": receive, "response": response, "now": now}
    if err:
        s["expect_error"] = err
    return s


CANCEL = {"cancel": True}


def recv(name, req, receive, response, expect=None, err=None, at=None, in_flight=None, now=RECEIVED_AT, before=(),
         platform_key="platform"):
    """op receive: the exchange sends `req`, goes through `before`, then
    receives `response` as `receive` at `now`. `at`: where a failure is
    reported (failed_at: verify or parse; null after a success);
    `in_flight`: the request still waiting afterwards (null: none)."""
    c = {"name": name, "op": "receive", "config": CONFIG, "key": "department", "platform_key": platform_key, "request": req}
    if before:
        c["before"] = list(before)
    c.update({"receive": receive, "response": response, "now": now})
    if err:
        c["expect_error"] = err
        c["expect_failed_at"] = at or "verify"
    else:
        c["expect"] = expect
        c["expect_failed_at"] = None
    c["expect_in_flight"] = in_flight
    return c


GOOD_DATA = answer(DATA, PAGE)
GOOD_VERIFY = answer(VERIFY, FOUND)
GOOD_SUBMIT = answer(SUBMIT, SUBMITTED, status=201)
tampered = copy.deepcopy(GOOD_DATA)
tampered["body"] = json.dumps(dict(PAGE, rows=[["李*", "110105********002X"]]), ensure_ascii=False)
redigested = header_replaced(tampered, "content-digest", content_digest(tampered["body"]))
restatused = copy.deepcopy(GOOD_SUBMIT)
restatused["status"] = 200

cases += [
    # The platform's verified answers, parsed.
    recv("submit: the bound answer gives the application's state", R_SUBMIT, "application", GOOD_SUBMIT, SUBMITTED),
    recv("status: an agreement, its period of use and disposal method", R_STATUS, "application", answer(STATUS, AGREED), AGREED),
    recv("withdraw: withdrawn", R_WITHDRAW, "application", answer(WITHDRAW, WITHDRAWN), WITHDRAWN),
    recv("data: the page, its rows in canonical JSON", R_DATA, "data", GOOD_DATA, page_of(PAGE)),
    recv("data: the page with its signed masking manifest", R_DATA, "data", answer(DATA, PAGE_SIGNED), page_of(PAGE_SIGNED)),
    recv("data: an empty page", R_DATA, "data", answer(DATA, {"resource_code": "201002/00003", "items": ["姓名"], "rows": []}),
         page_of({"resource_code": "201002/00003", "items": ["姓名"], "rows": []})),
    recv("verification: found and equal", R_VERIFY, "verification", GOOD_VERIFY, FOUND),
    recv("verification: found, not equal", R_VERIFY, "verification", answer(VERIFY, NOT_EQUAL), NOT_EQUAL),
    recv("verification: not found", R_VERIFY, "verification",
         answer(VERIFY, {"resource_code": "201002/00003", "found": False, "equal": False}),
         {"resource_code": "201002/00003", "found": False, "equal": False}),
    recv("catalog: the document", R_CATALOG, "catalog", answer(CATALOG, CAT_DOC), CAT_DOC),
    recv("catalog delta: the changes", R_DELTA, "catalog_delta", answer(DELTA_REQ, DELTA), DELTA),
    recv("an answer with a sha-512 Content-Digest (RFC 9530) verifies", R_DATA, "data", answer(DATA, PAGE, digest="sha-512"), page_of(PAGE)),
    recv("an answer 360 s old (5 min + 1 min skew) is still fresh", R_DATA, "data", GOOD_DATA, page_of(PAGE), now=ANSWER_AT + 360),
    recv("an answer created 60 s ahead of the receiver's clock is within the skew", R_DATA, "data",
         answer(DATA, PAGE, created=RECEIVED_AT + 60), page_of(PAGE)),
    recv("data: a page with the items in another order", R_DATA, "data", answer(DATA, dict(PAGE, items=["公民身份号码", "姓名"],
                                                                                  rows=[["110105********002X", "张*"]])),
         page_of(dict(PAGE, items=["公民身份号码", "姓名"], rows=[["110105********002X", "张*"]]))),
    # The rows are re-canonicalized (RFC 8785 §3.2.2.3: numbers as ECMAScript writes them, worked out by hand here).
    recv("data: numbers and escapes in the rows come back in canonical form", R_DATA, "data",
         answer(DATA, '{"resource_code":"201002/00003","items":["姓名","公民身份号码"],"rows":[["\\u5f20*",1.5e3],[null,-0.0],'
                      '[true,1E21],[false,0.000001],["",1e-7],["x",12345678901234567890]]}'),
         {"resource_code": "201002/00003", "items": ["姓名", "公民身份号码"], "row_count": 6,
          "rows_json": '[["张*",1500],[null,0],[true,1e+21],[false,0.000001],["",1e-7],["x",12345678901234567000]]'}),
    recv("an answer with its field names in lower case (as HTTP/2 sends them)", R_DATA, "data",
         lowercase_names(GOOD_DATA), page_of(PAGE)),
    recv("an answer that names its algorithm (alg ed25519)", R_DATA, "data", answer(DATA, PAGE, alg="ed25519"), page_of(PAGE)),
    recv("an answer covering more than the profile requires (@authority;req too)", R_DATA, "data",
         answer(DATA, PAGE, components=RESPONSE_COMPONENTS + ['"@authority";req', BINDING]), page_of(PAGE)),
    recv("an answer whose expires passed 60 s ago is within the skew", R_DATA, "data", answer(DATA, PAGE, expires=RECEIVED_AT - 60),
         page_of(PAGE)),
    recv("an answer with a second signature (a gateway's): the platform's is the one under the pinned key's id", R_DATA, "data",
         add_signature(GOOD_DATA, DATA, OTHER, label="gw", created=ANSWER_AT, keyid="gateway-1"), page_of(PAGE),
         platform_key="platform_with_id"),
    recv("after an answer of the wrong kind, the right answer is still accepted", R_DATA, "data", GOOD_DATA, page_of(PAGE),
         before=[step("application", GOOD_DATA, err="invalid_argument")]),

    # Not the platform's verified answer to this request: failed at verify.
    recv("an answer bound to the same query sent earlier (a replay for a later request)", R_DATA, "data", answer(DATA_AGAIN, PAGE),
         err="signature_invalid"),
    recv("an answer bound to another query", R_DATA, "data", answer(DATA_OTHER, PAGE), err="signature_invalid"),
    recv("an answer that does not cover the request's signature", R_DATA, "data",
         answer(DATA, PAGE, components=RESPONSE_COMPONENTS), err="component_not_covered"),
    recv("an answer that does not cover the request's target", R_DATA, "data",
         answer(DATA, PAGE, components=['"@status"', '"content-type"', '"content-digest"', '"@method";req', BINDING]),
         err="component_not_covered"),
    recv("an answer that does not cover its own status", R_DATA, "data",
         answer(DATA, PAGE, components=RESPONSE_COMPONENTS[1:] + [BINDING]), err="component_not_covered"),
    recv("a body changed on the way", R_DATA, "data", tampered, err="digest_mismatch"),
    recv("a body changed with its Content-Digest (the signature covers the digest)", R_DATA, "data", redigested,
         err="signature_invalid"),
    recv("a status changed on the way (201 to 200)", R_SUBMIT, "application", restatused, err="signature_invalid"),
    recv("a Content-Digest removed on the way", R_DATA, "data", header_replaced(GOOD_DATA, "content-digest", None),
         err="missing_component"),
    recv("signed by a key that is not the pinned platform key", R_DATA, "data", answer(DATA, PAGE, key=OTHER, keyid=OTHER.thumbprint()),
         err="signature_invalid"),
    recv("signed by another key under the platform's key id", R_DATA, "data", answer(DATA, PAGE, key=OTHER), err="signature_invalid"),
    recv("signed by the department's own key", R_DATA, "data", answer(DATA, PAGE, key=DEPT, keyid=DEPT_KEY_ID),
         err="signature_invalid"),
    recv("an answer 361 s old", R_DATA, "data", GOOD_DATA, err="expired", now=ANSWER_AT + 361),
    recv("an answer created 61 s ahead of the receiver's clock", R_DATA, "data", answer(DATA, PAGE, created=RECEIVED_AT + 61),
         err="created_in_future"),
    recv("an answer without created", R_DATA, "data", answer(DATA, PAGE, created=None), err="missing_signature_parameter"),
    recv("an answer whose expires passed 61 s ago", R_DATA, "data", answer(DATA, PAGE, expires=RECEIVED_AT - 61), err="expired"),
    recv("an answer whose signature names another algorithm", R_DATA, "data", answer(DATA, PAGE, alg="ecdsa-p256-sha256"),
         err="key_algorithm_mismatch"),
    recv("an answer whose only digest is of an unknown algorithm (md5)", R_DATA, "data",
         answer(DATA, PAGE, digest_header=f"md5=:{b64(hashlib.md5(json.dumps(PAGE, ensure_ascii=False).encode()).digest())}:"),
         err="unsupported_digest"),
    recv("two signatures, and the pinned key's id names neither: none is chosen", R_DATA, "data",
         add_signature(GOOD_DATA, DATA, OTHER, label="gw", created=ANSWER_AT, keyid="gateway-1"), err="label_not_found"),
    recv("an unsigned answer", R_DATA, "data",
         {"status": 200, "headers": [["Content-Type", "application/json"], ["Content-Digest", content_digest(GOOD_DATA["body"])]],
          "body": GOOD_DATA["body"]}, err="label_not_found"),
    recv("an answer of the wrong kind (a data answer to receive_application); the request keeps waiting", R_DATA, "application",
         GOOD_DATA, err="invalid_argument", in_flight="data"),
    recv("a verification answer read as data; the request keeps waiting", R_VERIFY, "data", GOOD_VERIFY, err="invalid_argument",
         in_flight="verification"),
    recv("a replay: the same answer received twice", R_DATA, "data", GOOD_DATA, err="invalid_argument",
         before=[step("data", GOOD_DATA)]),
    recv("after a failed answer the request is spent: the genuine answer comes too late", R_DATA, "data", GOOD_DATA,
         err="invalid_argument", before=[step("data", tampered, err="digest_mismatch")]),
    recv("after cancel, the answer is refused", R_DATA, "data", GOOD_DATA, err="invalid_argument", before=[CANCEL]),

    # Verified, but the answer does not read: failed at parse.
    recv("a page listing an item twice", R_DATA, "data",
         answer(DATA, {"resource_code": "201002/00003", "items": ["姓名", "姓名"], "rows": [["张*", "张*"]]}),
         err="invalid_value", at="parse"),
    recv("a page with an item not asked for", R_DATA, "data",
         answer(DATA, {"resource_code": "201002/00003", "items": ["户籍地址"], "rows": [["示例市"]]}), err="invalid_value", at="parse"),
    recv("a page of another resource", R_DATA, "data", answer(DATA, dict(PAGE, resource_code="101001/00001")),
         err="invalid_value", at="parse"),
    recv("a page with a short row", R_DATA, "data", answer(DATA, dict(PAGE, rows=[["张*"]])), err="invalid_value", at="parse"),
    recv("a page with a duplicate key", R_DATA, "data",
         answer(DATA, '{"resource_code":"201002/00003","items":["姓名"],"rows":[],"rows":[["张*"]]}'), err="duplicate_key", at="parse"),
    recv("equal without a record found", R_VERIFY, "verification",
         answer(VERIFY, {"resource_code": "201002/00003", "found": False, "equal": True}), err="invalid_value", at="parse"),
    recv("a verification answer for another resource", R_VERIFY, "verification",
         answer(VERIFY, dict(FOUND, resource_code="101001/00001")), err="invalid_value", at="parse"),
    recv("an application state the decree does not have", R_STATUS, "application", answer(STATUS, dict(AGREED, state="pending")),
         err="invalid_value", at="parse"),
    recv("an application status with a member the contract does not define", R_STATUS, "application",
         answer(STATUS, dict(AGREED, priority="high")), err="invalid_value", at="parse"),
    recv("a page whose manifest member is misspelt (maskManifest): refused, not silently dropped", R_DATA, "data",
         answer(DATA, dict(PAGE, maskManifest={})),
         err="invalid_value", at="parse"),
    recv("the platform's signed refusal", R_DATA, "data",
         answer(DATA, {"code": "not_entitled", "message": "no active approval"}, status=403), err="platform_error", at="parse"),
]

doc = {
    "description": "The platform exchange (core platform::PlatformExchange, issue #12): the exact signed requests a "
                   "department sends and the verdicts on the platform's answers. Keys are in `keys`; see README.md.",
    "source": "govshare (written for this project; fictional departments, keys and data). Expected requests, signature "
              "bases and the platform's answers are computed by make_vectors.py (RFC 8785, RFC 9421, RFC 9530 by hand; "
              "Ed25519 with the cryptography package), independently of govshare.",
    "keys": KEYS,
    "cases": cases,
}
with open(OUT + "exchange.json", "w", encoding="utf-8") as f:
    json.dump(doc, f, ensure_ascii=False, indent=1)
    f.write("\n")
print("ok")
