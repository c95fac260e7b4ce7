#!/usr/bin/env python3
"""Writes tests/vectors/sign/gateways.json: the gateway schemes as deployed
(domain digest §7, de-facto, no published national spec; issue #13).

Every expected value is computed here with Python's hashlib and datetime,
independently of govshare:

- x-tif: signature = hex SHA-256 of timestamp + paasToken + nonce +
  timestamp, UPPERCASE by default, lowercase on request; headers x-tif-… or,
  in test environments, x-rio-…
- the receiving side's check: headers present and single, timestamp plain
  decimal Unix seconds, |now − timestamp| ≤ window (180 s unless given; the
  edge passes), signature equal in upper or lower hex (a mixture of cases or
  a non-hex digit fails).
- the backend check of a gateway-forwarded user: SHA-256 of timestamp +
  token + nonce + "," + uid + "," + uinfo + "," + ext + timestamp, UPPERCASE.
- 数据中台 orgSign: UPPERCASE hex MD5 of orgCode_orgSecret_curTime_sequence,
  curTime = yyyyMMddHHmmss in China Standard Time (UTC+8).
- the Guangdong 政务大数据中心 body: system_id, vender_id / department_id,
  query_timestamp, UID, query and audit_info.

Expected refusals are govshare's error codes (docs/errors.md).

Run from the repository root: python3 tests/vectors/sign/make_gateway_vectors.py
(--out DIR writes the file into DIR instead; scripts/check_vectors_generated.py
uses it to compare it with the committed one). Standard library only.
"""
import argparse
import copy
import datetime
import hashlib
import json
import os

_args = argparse.ArgumentParser(description="Writes the gateway vectors.")
_args.add_argument("--out", metavar="DIR", default="tests/vectors/sign", help="where to write (default: %(default)s)")
OUT = os.path.join(_args.parse_args().out, "")

TOKEN = "paas-token-example"
PAAS_ID = "paas-001"
NONCE = "6a9f1c2b"
TS = 1700000000
CST = datetime.timezone(datetime.timedelta(hours=8))


def sha256_hex(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def xtif(ts, token, nonce, upper=True):
    h = sha256_hex(f"{ts}{token}{nonce}{ts}")
    return h.upper() if upper else h


def xtif_user(ts, token, nonce, uid, uinfo, ext):
    return sha256_hex(f"{ts}{token}{nonce},{uid},{uinfo},{ext}{ts}").upper()


def org_sign(code, secret, unix_seconds, sequence):
    cur = datetime.datetime.fromtimestamp(unix_seconds, CST).strftime("%Y%m%d%H%M%S")
    return cur, hashlib.md5(f"{code}_{secret}_{cur}_{sequence}".encode("utf-8")).hexdigest().upper()


def request(headers):
    return {"method": "GET", "target": "https://backend.example.gov.cn/api/query", "headers": headers}


def xtif_headers(prefix="x-tif-", ts=TS, token=TOKEN, nonce=NONCE, upper=True, service_id=None, signature=None):
    sig = signature if signature is not None else xtif(ts, token, nonce, upper)
    hs = [[prefix + "paasid", PAAS_ID], [prefix + "timestamp", str(ts)], [prefix + "nonce", nonce],
          [prefix + "signature", sig]]
    if service_id is not None:
        hs.append([prefix + "serviceId", service_id])
    return hs


def replace(headers, name, value):
    return [[n, value if n == name else v] for n, v in headers]


def without(headers, name):
    return [[n, v] for n, v in headers if n != name]


cases = []


def case(name, op, expect=None, error=None, **inputs):
    c = {"name": name, "op": op, **inputs}
    if error is not None:
        c["expect_error"] = error
    else:
        c["expect"] = expect
    cases.append(c)


# ------------------------------------------------------------------ signing
plain = {"method": "GET", "target": "https://gw.example.gov.cn/api/x", "headers": []}
for label, opts, prefix, upper in [
    ("default-is-uppercase", {}, "x-tif-", True),
    ("upper", {"case": "upper"}, "x-tif-", True),
    ("lower", {"case": "lower"}, "x-tif-", False),
    ("rio-prefix", {"prefix": "rio"}, "x-rio-", True),
    ("rio-prefix-lower", {"prefix": "rio", "case": "lower"}, "x-rio-", False),
    ("tif-prefix-explicit", {"prefix": "tif", "case": "upper"}, "x-tif-", True),
]:
    case(f"xtif-sign-{label}", "xtif_sign", message=plain, paas_id=PAAS_ID, paas_token=TOKEN, timestamp=TS,
         nonce=NONCE, service_id="svc-01", **opts,
         expect={"headers": xtif_headers(prefix, upper=upper, service_id="svc-01")})
case("xtif-sign-replaces-the-other-prefix", "xtif_sign",
     message=request(xtif_headers("x-rio-", ts=1, nonce="old")), paas_id=PAAS_ID, paas_token=TOKEN, timestamp=TS,
     nonce=NONCE, expect={"headers": xtif_headers("x-tif-")})
case("xtif-sign-unknown-case-name", "xtif_sign", message=plain, paas_id=PAAS_ID, paas_token=TOKEN, timestamp=TS,
     nonce=NONCE, case="UPPER", error="invalid_argument")
case("xtif-sign-unknown-prefix-name", "xtif_sign", message=plain, paas_id=PAAS_ID, paas_token=TOKEN,
     timestamp=TS, nonce=NONCE, prefix="x-rio-", error="invalid_argument")
case("xtif-sign-empty-nonce", "xtif_sign", message=plain, paas_id=PAAS_ID, paas_token=TOKEN, timestamp=TS,
     nonce="", error="invalid_argument")

# -------------------------------------------------------------- verifying
good = xtif_headers(service_id="svc-01")
ok = {"paas_id": PAAS_ID, "timestamp": TS, "nonce": NONCE, "service_id": "svc-01", "case": "upper"}


def verify(name, headers, now, expect=None, error=None, **opts):
    if expect is not None:
        expect = {**expect, "offset_seconds": TS - now} if "offset_seconds" not in expect else expect
    case(name, "xtif_verify", message=request(headers), paas_token=TOKEN, now=now, expect=expect, error=error,
         **opts)


verify("xtif-verify-upper", good, TS, ok)
verify("xtif-verify-lower", xtif_headers(upper=False, service_id="svc-01"), TS, {**ok, "case": "lower"})
verify("xtif-verify-no-service-id", xtif_headers(), TS + 5, {k: v for k, v in ok.items() if k != "service_id"})
verify("xtif-verify-edge-behind-passes", good, TS + 180, ok)
verify("xtif-verify-edge-ahead-passes", good, TS - 180, ok)
verify("xtif-verify-skew-behind", good, TS + 181, error="clock_skew")
verify("xtif-verify-skew-ahead", good, TS - 181, error="clock_skew")
verify("xtif-verify-window-600-edge", good, TS + 600, ok, window_seconds=600)
verify("xtif-verify-window-600-past", good, TS + 601, error="clock_skew", window_seconds=600)
verify("xtif-verify-window-0-exact", good, TS, ok, window_seconds=0)
verify("xtif-verify-window-0-one-off", good, TS + 1, error="clock_skew", window_seconds=0)
verify("xtif-verify-rio", xtif_headers("x-rio-", service_id="svc-01"), TS, ok, prefix="rio")
verify("xtif-verify-rio-read-as-tif", xtif_headers("x-rio-"), TS, error="gateway_header_missing")
verify("xtif-verify-tif-read-as-rio", xtif_headers(), TS, error="gateway_header_missing", prefix="rio")
verify("xtif-verify-header-names-any-case",
       [[n.upper(), v] for n, v in xtif_headers(service_id="svc-01")], TS, ok)
verify("xtif-verify-wrong-token", xtif_headers(token="another-token"), TS, error="gateway_signature_mismatch")
sig = xtif(TS, TOKEN, NONCE)
flipped = sig[:10] + ("0" if sig[10] != "0" else "1") + sig[11:]
verify("xtif-verify-tampered-digit", replace(good, "x-tif-signature", flipped), TS,
       error="gateway_signature_mismatch")
at = next(i for i, ch in enumerate(sig) if ch in "ABCDEF")
mixed = sig[:at] + sig[at].lower() + sig[at + 1:]
verify("xtif-verify-mixed-case", replace(good, "x-tif-signature", mixed), TS, error="gateway_signature_mismatch")
verify("xtif-verify-non-hex", replace(good, "x-tif-signature", sig[:63] + "G"), TS,
       error="gateway_signature_mismatch")
verify("xtif-verify-short", replace(good, "x-tif-signature", sig[:62]), TS, error="gateway_signature_mismatch")
verify("xtif-verify-tampered-nonce", replace(good, "x-tif-nonce", NONCE + "0"), TS,
       error="gateway_signature_mismatch")
for header in ["x-tif-paasid", "x-tif-timestamp", "x-tif-nonce", "x-tif-signature"]:
    verify(f"xtif-verify-missing-{header[6:]}", without(good, header), TS, error="gateway_header_missing")
verify("xtif-verify-duplicated-timestamp", good + [["X-Tif-Timestamp", str(TS)]], TS,
       error="gateway_header_duplicated")
verify("xtif-verify-duplicated-signature", good + [["x-tif-signature", sig]], TS,
       error="gateway_header_duplicated")
verify("xtif-verify-duplicated-service-id", good + [["x-tif-serviceId", "svc-02"]], TS,
       error="gateway_header_duplicated")
for label, bad in [("plus", "+1700000000"), ("fraction", "1700000000.0"), ("minus", "-1700000000"),
                   ("hex", "0x6553F100"), ("milliseconds-overflow", "17000000000000000000"), ("word", "now")]:
    # The signature is computed over the header text, so only the timestamp is wrong.
    verify(f"xtif-verify-timestamp-{label}",
           replace(xtif_headers(signature=sha256_hex(f"{bad}{TOKEN}{NONCE}{bad}").upper()), "x-tif-timestamp", bad),
           TS, error="gateway_timestamp_invalid")

# ------------------------------------------------- gateway-forwarded user
UID, UINFO, EXT = "u-10086", "%E5%BC%A0%E4%B8%89", "dept=440100"
for label, uid, uinfo, ext in [("full", UID, UINFO, EXT), ("empty-ext", UID, UINFO, ""), ("chinese", UID, "张三", "")]:
    case(f"xtif-user-signature-{label}", "xtif_user_signature", timestamp=str(TS), token=TOKEN, nonce=NONCE, uid=uid,
         uinfo=uinfo, ext=ext, expect={"signature": xtif_user(TS, TOKEN, NONCE, uid, uinfo, ext)})


def user_headers(prefix="x-tif-", token=TOKEN, uinfo=UINFO, ext=EXT, upper=True, drop=()):
    s = xtif_user(TS, token, NONCE, UID, uinfo, ext)
    hs = [[prefix + "timestamp", str(TS)], [prefix + "nonce", NONCE], [prefix + "signature", s if upper else s.lower()],
          [prefix + "uid", UID], [prefix + "uinfo", uinfo], [prefix + "ext", ext]]
    return [[n, v] for n, v in hs if n[len(prefix):] not in drop]


def user_verify(name, headers, now, expect=None, error=None, **opts):
    case(name, "xtif_user_verify", message=request(headers), token=TOKEN, now=now, expect=expect, error=error, **opts)


user_ok = {"uid": UID, "uinfo": UINFO, "ext": EXT, "timestamp": TS, "nonce": NONCE, "case": "upper",
           "offset_seconds": 0}
user_verify("xtif-user-verify-upper", user_headers(), TS, user_ok)
user_verify("xtif-user-verify-lower", user_headers(upper=False), TS, {**user_ok, "case": "lower"})
user_verify("xtif-user-verify-ext-absent-reads-empty", user_headers(ext="", drop=("ext",)), TS - 30,
            {**user_ok, "ext": "", "offset_seconds": 30})
user_verify("xtif-user-verify-rio", user_headers("x-rio-"), TS, user_ok, prefix="rio")
user_verify("xtif-user-verify-edge-passes", user_headers(), TS + 180, {**user_ok, "offset_seconds": -180})
user_verify("xtif-user-verify-skew", user_headers(), TS + 181, error="clock_skew")
user_verify("xtif-user-verify-skew-ahead", user_headers(), TS - 181, error="clock_skew")
user_verify("xtif-user-verify-tampered-uinfo", replace(user_headers(), "x-tif-uinfo", UINFO + "%20"), TS,
            error="gateway_signature_mismatch")
user_verify("xtif-user-verify-wrong-token", user_headers(token="another-token"), TS, error="gateway_signature_mismatch")
user_verify("xtif-user-verify-missing-uid", user_headers(drop=("uid",)), TS, error="gateway_header_missing")
user_verify("xtif-user-verify-duplicated-uid", user_headers() + [["x-tif-uid", "u-2"]], TS,
            error="gateway_header_duplicated")
user_verify("xtif-user-verify-bad-timestamp", replace(user_headers(), "x-tif-timestamp", "1700000000s"), TS,
            error="gateway_timestamp_invalid")

# ----------------------------------------------------------------- orgSign
for label, code, secret, t, seq in [
    ("example", "ORG440100", "org-secret", TS, "000001"),
    # 2026-01-01T16:00:00Z is 2026-01-02 00:00:00 in Beijing: the CST date, not the UTC one.
    ("cst-midnight", "ORG440100", "org-secret", 1767283200, "42"),
    ("one-second-before-cst-midnight", "ORG440100", "org-secret", 1767283199, "42"),
    ("epoch", "A", "", 0, "1"),
]:
    cur, sign = org_sign(code, secret, t, seq)
    case(f"org-sign-{label}", "org_sign", org_code=code, org_secret=secret, unix_seconds=t, sequence=seq,
         expect={"cur_time": cur, "org_sign": sign})
case("org-sign-empty-org-code", "org_sign", org_code="", org_secret="s", unix_seconds=TS, sequence="1",
     error="invalid_argument")
case("org-sign-empty-sequence", "org_sign", org_code="ORG", org_secret="s", unix_seconds=TS, sequence="",
     error="invalid_argument")
case("org-sign-year-10000", "org_sign", org_code="ORG", org_secret="s", unix_seconds=253402272000, sequence="1",
     error="invalid_argument")

# ---------------------------------------------------------- Guangdong body
PERSONAL_ID = "11010519491231002X"
gd = {
    "system_id": "GD-SYS-0001",
    "department_id": "11440000MB2C12345X",
    "query_timestamp": "1700000000000",
    "UID": "u-10086",
    "query": {"sfzh": PERSONAL_ID, "xm": "张三"},
    "audit_info": {
        "operator_id": "op-001",
        "operator_name": "李四",
        "query_object_id": PERSONAL_ID,
        "query_object_id_type": "111",
        "item_id": "11440000007220305B4442111003001",
        "item_code": "440100-XK-0001",
        "item_sequence": "1",
        "terminal_info": "10.1.2.3",
    },
}


def body(d):
    """The expected body, member by member (the body is the input's JSON form)."""
    out = {"system_id": d["system_id"]}
    for k in ("vender_id", "department_id"):
        if k in d:
            out[k] = d[k]
    out.update({"query_timestamp": d["query_timestamp"], "UID": d["UID"], "query": d["query"],
                "audit_info": {k: d["audit_info"][k] for k in (
                    "operator_id", "operator_name", "query_object_id", "query_object_id_type",
                    "item_id", "item_code", "item_sequence", "terminal_info")}})
    return out


def gd_with(**changes):
    d = copy.deepcopy(gd)
    for path, value in changes.items():
        *parents, last = path.split("__")
        target = d
        for p in parents:
            target = target[p]
        if value is None:
            target.pop(last, None)
        else:
            target[last] = value
    return d


case("guangdong-body-department", "guangdong_body", input=gd, expect={"body": body(gd)})
both = gd_with(vender_id="91440000MA4UABCD1X")
case("guangdong-body-vender-and-department", "guangdong_body", input=both, expect={"body": body(both)})
vender = gd_with(vender_id="91440000MA4UABCD1X", department_id=None)
case("guangdong-body-vender-only", "guangdong_body", input=vender, expect={"body": body(vender)})
for field in ["operator_id", "operator_name", "query_object_id", "query_object_id_type", "item_id", "item_code",
              "item_sequence", "terminal_info"]:
    case(f"guangdong-body-empty-{field}", "guangdong_body", input=gd_with(**{f"audit_info__{field}": ""}),
         error="invalid_value", error_hides=[PERSONAL_ID])
for field in ["system_id", "query_timestamp", "UID"]:
    case(f"guangdong-body-blank-{field}", "guangdong_body", input=gd_with(**{field: " "}), error="invalid_value",
         error_hides=[PERSONAL_ID])
case("guangdong-body-no-vender-or-department", "guangdong_body", input=gd_with(department_id=None),
     error="invalid_value", error_hides=[PERSONAL_ID])
case("guangdong-body-query-not-an-object", "guangdong_body", input=gd_with(query=PERSONAL_ID),
     error="invalid_value", error_hides=[PERSONAL_ID])
case("guangdong-body-missing-audit-info", "guangdong_body", input=gd_with(audit_info=None), error="invalid_value",
     error_hides=[PERSONAL_ID])
case("guangdong-body-unknown-member", "guangdong_body", input=gd_with(**{"audit_info__id_card": PERSONAL_ID}),
     error="invalid_value", error_hides=[PERSONAL_ID])
case("guangdong-body-id-of-wrong-type", "guangdong_body",
     input=gd_with(audit_info__query_object_id=110105194912310020), error="invalid_value",
     error_hides=["110105194912310020"])

doc = {
    "description": "Gateway schemes as deployed (domain digest §7, de-facto): x-tif signing (UPPERCASE by default, lowercase on request, x-rio- test prefix), the receiving side's x-tif check (180 s window unless window_seconds; the edge passes), the backend check of x-tif-uid/uinfo/ext, the 数据中台 orgSign and the Guangdong 政务大数据中心 body. Ops: xtif_sign (case?, prefix? by name → expect.headers, both prefixes' headers in order), xtif_verify and xtif_user_verify (message, paas_token|token, now, prefix?, window_seconds? → the verified fields), xtif_user_signature (→ expect.signature), org_sign (→ cur_time, org_sign), guangdong_body (input = the body's JSON form → expect.body as JSON). expect_error is the error code; error_hides lists strings the error's English and Chinese messages must not contain.",
    "source": "Formulas of the domain digest §7 (x-tif/里约 gateways, Guangdong 政务大数据中心, 数据中台); every expected value computed by make_gateway_vectors.py with Python's hashlib and datetime, not by govshare.",
    "cases": cases,
}
with open(OUT + "gateways.json", "w", encoding="utf-8") as f:
    json.dump(doc, f, ensure_ascii=False, indent=1)
    f.write("\n")
