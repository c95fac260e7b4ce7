"""Writes audit.json: the audit-trail vectors, computed independently of
govshare with PyPI `rfc8785` (canonical JSON), `hashlib` (SHA-256) and
`cryptography` (Ed25519), so that the Rust, JS and Python runners check
govshare against a second implementation of docs/audit.md.

    python -m venv /tmp/v && /tmp/v/bin/pip install rfc8785==0.1.4 cryptography
    /tmp/v/bin/python tests/vectors/audit/make_vectors.py

The report expectations are worked out by hand (see the comments).
"""

import base64
import copy
import hashlib
import json
import pathlib

import rfc8785
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

GENESIS = "0" * 64
HERE = pathlib.Path(__file__).parent

# RFC 8032 §7.1 TEST 1 and TEST 2 secret keys (public test data).
KEYS = {
    "dept": {
        "alg": "ed25519",
        "raw_private_hex": "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        "key_id": "dept-a-2026",
    },
    "other": {
        "alg": "ed25519",
        "raw_private_hex": "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        "key_id": "dept-b-2026",
    },
}


def sha256_tag(text):
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def event(time, action, **fields):
    e = {"time": time, "action": action, "actor": "11330000MB0000000X"}
    e.update(fields)
    return e


def entry(seq, prev, ev, key=None):
    body = {"seq": seq, "prev": prev, "event": ev}
    h = hashlib.sha256(rfc8785.dumps(body)).hexdigest()
    e = dict(body, hash=h)
    if key:
        k = KEYS[key]
        sk = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(k["raw_private_hex"]))
        sig = sk.sign(h.encode())
        e["sig"] = {"alg": k["alg"], "key_id": k["key_id"], "value": base64.b64encode(sig).decode()}
    return e


def chain(events, key=None):
    out, prev = [], GENESIS
    for i, ev in enumerate(events):
        e = entry(i, prev, ev, key)
        out.append(e)
        prev = e["hash"]
    return out


def line(e):
    return rfc8785.dumps(e).decode()


# One application's life on the requesting side.
FLOW = [
    event("2026-03-02T09:00:00+08:00", "build", application_id="APP-2026-0001",
          resources=["101001/00001"], request_digest=sha256_tag("application v1"), outcome="ok"),
    event("2026-03-02T09:00:05+08:00", "sign", application_id="APP-2026-0001",
          request_digest=sha256_tag("signed request"), outcome="ok"),
    event("2026-03-02T09:00:06+08:00", "submit", application_id="APP-2026-0001",
          resources=["101001/00001"], provider_code="11100000028321009J",
          request_digest=sha256_tag("signed request"), response_digest=sha256_tag("accepted"),
          status="queued", due="2026-03-11"),
    event("2026-03-05T15:30:00+08:00", "verify", application_id="APP-2026-0001",
          response_digest=sha256_tag("records"), outcome="ok"),
]

signed = chain(FLOW, "dept")
plain = chain(FLOW)
signed_lines = [line(e) for e in signed]
plain_lines = [line(e) for e in plain]


def tampered_content(entries, i, **changes):
    """Changes an entry's event but keeps its stored hash and signature."""
    es = copy.deepcopy(entries)
    es[i]["event"].update(changes)
    return [line(e) for e in es]


def rehashed(entries, i, key=None, **changes):
    """Changes an entry's event and recomputes its hash (a signature cannot be
    recomputed without the key, so a signed entry keeps its old one)."""
    es = copy.deepcopy(entries)
    es[i]["event"].update(changes)
    old_sig = es[i].get("sig")
    e = entry(es[i]["seq"], es[i]["prev"], es[i]["event"], key)
    if old_sig and not key:
        e["sig"] = old_sig
    es[i] = e
    return [line(e) for e in es]


def problems(*ps):
    return [{"code": c, "line": l, "seq": s} for c, l, s in ps]


cases = []

# ---------------------------------------------------------------- append
cases.append({"name": "append four signed entries", "op": "append", "key": "dept",
              "events": FLOW, "expect": {"lines": signed_lines, "head": signed[-1]["hash"]}})
cases.append({"name": "append unsigned entries", "op": "append",
              "events": FLOW, "expect": {"lines": plain_lines, "head": plain[-1]["hash"]}})
cases.append({"name": "append resumes after an existing log", "op": "append", "key": "dept",
              "log_lines": signed_lines[:2], "events": FLOW[2:],
              "expect": {"lines": signed_lines[2:], "head": signed[-1]["hash"]}})
bad = [
    ("an ID number in the application id", "audit_personal_value",
     {"application_id": "申请人11010519491231002X"}),
    ("a mobile number in the actor", "audit_personal_value", {"actor": "经办人 13812345678"}),
    ("a bank card in a resource code", "audit_personal_value", {"resources": ["6222021234567890128"]}),
    ("a digest that is not sha256:/sm3: hex", "invalid_value", {"request_digest": "md5:abc"}),
    ("an outcome that is not a code", "invalid_value", {"outcome": "Granted!"}),
    ("a time that is not RFC 3339", "invalid_value", {"time": "2026/03/02 09:00"}),
    ("a due date that does not exist", "invalid_value", {"due": "2026-02-30"}),
    ("an empty actor", "invalid_value", {"actor": " "}),
    ("an unknown field", "invalid_value", {"name": "张三"}),
    ("an unknown action", "invalid_value", {"action": "leak"}),
]
for name, code, change in bad:
    ev = dict(FLOW[0], **change)
    cases.append({"name": f"append refuses {name}", "op": "append", "events": [ev], "expect_error": code})
cases.append({"name": "append accepts a credit code as actor (organizations are public)", "op": "append",
              "events": [dict(FLOW[0], actor="11100000028321009J")],
              "expect": {"lines": [line(entry(0, GENESIS, dict(FLOW[0], actor="11100000028321009J")))]}})

# ---------------------------------------------------------------- verify
def verify(name, lines, expect, keys=("dept",), **opts):
    case = {"name": name, "op": "verify", "log_lines": lines, "keys": list(keys), "expect": expect}
    case.update(opts)
    cases.append(case)


head = signed[-1]["hash"]
verify("an intact signed log", signed_lines,
       {"valid": True, "entries": 4, "signed": 4, "head": head, "problems": []})
verify("an intact log without keys checks no signature", signed_lines,
       {"valid": True, "entries": 4, "signed": 0, "problems": []}, keys=())
verify("an empty log", [], {"valid": True, "entries": 0, "head": GENESIS, "problems": []})
verify("a changed entry (hash kept)", tampered_content(signed, 1, outcome="signature_invalid"),
       {"valid": False, "problems": problems(("entry_changed", 2, 1))})
verify("a changed and re-hashed entry fails its signature and breaks the chain",
       rehashed(signed, 1, outcome="signature_invalid"),
       {"valid": False, "problems": problems(("bad_signature", 2, 1), ("chain_broken", 3, 2))})
verify("a changed and re-hashed unsigned entry breaks the chain",
       rehashed(plain, 1, outcome="signature_invalid"),
       {"valid": False, "problems": problems(("chain_broken", 3, 2))}, keys=())
verify("a removed entry", signed_lines[:1] + signed_lines[2:],
       {"valid": False, "entries": 3, "problems": problems(("entries_removed", 2, 2))})
verify("two entries swapped", [signed_lines[0], signed_lines[2], signed_lines[1], signed_lines[3]],
       {"valid": False, "problems": problems(("entries_reordered", 2, 2), ("entries_reordered", 3, 1))})
verify("a duplicated entry", signed_lines[:2] + [signed_lines[1]] + signed_lines[2:],
       {"valid": False, "problems": problems(("entry_duplicated", 3, 1))})
verify("a malformed line", signed_lines[:2] + ["{\"seq\": 2, "] + signed_lines[3:],
       {"valid": False, "problems": problems(("malformed_entry", 3, None))})
verify("a truncated log against its kept head", signed_lines[:3],
       {"valid": False, "problems": problems(("log_truncated", 0, None))}, expected_head=head)
verify("a log that grew after its kept head", signed_lines,
       {"valid": True, "problems": []}, expected_head=signed[1]["hash"])
verify("unsigned entries when signatures are required", plain_lines[:2],
       {"valid": False, "problems": problems(("unsigned_entry", 1, 0), ("unsigned_entry", 2, 1))},
       require_signatures=True)
verify("a signature by a key that is not given", signed_lines[:1],
       {"valid": False, "problems": problems(("unknown_key", 1, 0))}, keys=("other",))
forged = copy.deepcopy(signed[:1])
forged[0]["sig"]["key_id"] = KEYS["other"]["key_id"]
verify("a signature that claims another department's key", [line(forged[0])],
       {"valid": False, "problems": problems(("bad_signature", 1, 0))}, keys=("dept", "other"))

# ---------------------------------------------------------------- report
# Four applications to one provider (two resources) and one to another,
# reported at now = 2026-03-20T12:00:00+08:00:
#  A1 R1: submitted 03-02 09:00, due 03-11, agreed 03-04 09:00 -> 48 h, on time
#  A2 R1+R2: submitted 03-02 10:00, due 03-05, rejected 03-06 16:00 -> 102 h, late
#  A3 R2: submitted 03-10 09:00, due 03-19, no answer -> pending, overdue
#  A4 R2: submitted 03-16 09:00, due 03-25, withdrawn 03-17 -> withdrawn
#  A5 R3 (provider P2): submitted 03-18 09:00, agreed at once -> 0 h, on time
#  (A2 is answered "rejected": a log written before the decree's state names still counts)
P1, P2 = "11100000028321009J", "11330000002482448C"
R1, R2, R3 = "101001/00001", "101001/00002", "201003/00007"
REPORT_EVENTS = [
    event("2026-03-02T09:00:00+08:00", "submit", application_id="A1", resources=[R1], provider_code=P1,
          status="queued", due="2026-03-11"),
    event("2026-03-02T10:00:00+08:00", "submit", application_id="A2", resources=[R1, R2], provider_code=P1,
          status="queued", due="2026-03-05"),
    event("2026-03-04T09:00:00+08:00", "decide", application_id="A1", status="agreed"),
    event("2026-03-06T16:00:00+08:00", "decide", application_id="A2", status="rejected", outcome="ok"),
    event("2026-03-10T09:00:00+08:00", "submit", application_id="A3", resources=[R2], provider_code=P1,
          status="queued", due="2026-03-19"),
    event("2026-03-16T09:00:00+08:00", "submit", application_id="A4", resources=[R2], provider_code=P1,
          status="queued", due="2026-03-25"),
    event("2026-03-17T09:00:00+08:00", "withdraw", application_id="A4", status="withdrawn"),
    event("2026-03-18T09:00:00+08:00", "submit", application_id="A5", resources=[R3], provider_code=P2,
          status="agreed"),
    event("2026-03-18T09:00:01+08:00", "fetch", application_id="A5", response_digest=sha256_tag("data")),
]
report_lines = [line(e) for e in chain(REPORT_EVENTS)]


def row(p, r, apps, granted=0, rejected=0, withdrawn=0, pending=0, on_time=0, late=0, overdue=0,
        median=None, mx=None):
    return {"provider_code": p, "resource": r, "applications": apps, "granted": granted,
            "rejected": rejected, "withdrawn": withdrawn, "pending": pending,
            "answered_on_time": on_time, "answered_late": late, "overdue": overdue,
            "median_answer_hours": median, "max_answer_hours": mx}


cases.append({
    "name": "usage report: answers against deadlines, overdue, withdrawn",
    "op": "report", "log_lines": report_lines, "now": "2026-03-20T12:00:00+08:00",
    "expect": {
        "now": "2026-03-20T12:00:00+08:00", "entries": 9,
        "rows": [
            row(P1, R1, 2, granted=1, rejected=1, on_time=1, late=1, median=75.0, mx=102.0),
            row(P1, R2, 3, rejected=1, withdrawn=1, pending=1, late=1, overdue=1, median=102.0, mx=102.0),
            row(P2, R3, 1, granted=1, on_time=1, median=0.0, mx=0.0),
        ],
        # Rows count A2 under both of its resources; the total counts each application once.
        "total": row("*", "*", 5, granted=2, rejected=1, withdrawn=1, pending=1, on_time=2, late=1,
                     overdue=1, median=48.0, mx=102.0),
    },
})
cases.append({"name": "usage report refuses a tampered log", "op": "report",
              "log_lines": report_lines[:3] + report_lines[4:], "now": "2026-03-20T12:00:00+08:00",
              "expect_error": "audit_chain_broken"})

# ---------------------------------------------------------------- receipts
DESTROY = {
    "application_id": "APP-2026-0001", "resources": ["101001/00001"],
    "data_digests": [sha256_tag("records")], "retention_until": "2026-09-05",
    "destroyed_at": "2026-09-07T10:00:00+08:00", "method": "crypto_erased", "actor": "11330000MB0000000X",
}


def receipt(req, log_head, key):
    body = dict(req, version=1, log_head=log_head)
    h = hashlib.sha256(rfc8785.dumps(body)).hexdigest()
    k = KEYS[key]
    sk = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(k["raw_private_hex"]))
    sig = {"alg": k["alg"], "key_id": k["key_id"], "value": base64.b64encode(sk.sign(h.encode())).decode()}
    return dict(body, hash=h, sig=sig)


rcpt = receipt(DESTROY, head, "dept")
cases.append({"name": "destruction receipt", "op": "receipt", "request": DESTROY, "log_head": head,
              "key": "dept", "expect": rcpt})
cases.append({"name": "destruction receipt before retention ended", "op": "receipt",
              "request": dict(DESTROY, destroyed_at="2026-09-05T23:00:00+08:00"), "log_head": head,
              "key": "dept", "expect_error": "retention_not_ended"})
cases.append({"name": "destruction receipt refuses a personal value", "op": "receipt",
              "request": dict(DESTROY, application_id="13812345678"), "log_head": head,
              "key": "dept", "expect_error": "audit_personal_value"})
cases.append({"name": "destruction receipt needs a data digest", "op": "receipt",
              "request": dict(DESTROY, data_digests=[]), "log_head": head,
              "key": "dept", "expect_error": "invalid_value"})
cases.append({"name": "receipt verifies", "op": "receipt_verify", "receipt": rcpt, "key": "dept",
              "expect": {"application_id": "APP-2026-0001"}})
cases.append({"name": "a receipt with a changed date fails", "op": "receipt_verify",
              "receipt": dict(rcpt, destroyed_at="2026-09-08T10:00:00+08:00"), "key": "dept",
              "expect_error": "signature_invalid"})
cases.append({"name": "a receipt checked with another key fails", "op": "receipt_verify",
              "receipt": rcpt, "key": "other", "expect_error": "signature_invalid"})

doc = {
    "description": "Audit trail: appending (canonical lines, hashes, Ed25519 signatures), verifying "
                   "tampered logs, the usage report and destruction receipts. See README.md.",
    "source": "govshare; expectations computed independently with PyPI rfc8785, hashlib and "
              "cryptography by make_vectors.py; keys are RFC 8032 §7.1 test keys.",
    "keys": KEYS,
    "cases": cases,
}
(HERE / "audit.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
print(f"wrote {len(cases)} cases")
