"""Writes audit.json: the audit-trail vectors, computed independently of
govshare with PyPI `rfc8785` (canonical JSON), `hashlib` (SHA-256) and
`cryptography` (Ed25519), so that the Rust, JS and Python runners check
govshare against a second implementation of docs/audit.md.

    python -m venv /tmp/v && /tmp/v/bin/pip install rfc8785==0.1.4 cryptography
    /tmp/v/bin/python tests/vectors/audit/make_vectors.py

(--out DIR writes audit.json into DIR instead; scripts/check_vectors_generated.py
uses it to compare the output with the committed file.)

The report expectations are worked out by hand (see the comments).
"""

import argparse
import base64
import copy
import hashlib
import json
import pathlib

import rfc8785
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

GENESIS = "0" * 64
HERE = pathlib.Path(__file__).parent
_args = argparse.ArgumentParser(description="Writes the audit-trail vectors.")
_args.add_argument("--out", metavar="DIR", type=pathlib.Path, default=HERE, help="where to write (default: beside this script)")
OUT = _args.parse_args().out

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
    ("an ID number split by a zero-width space", "invalid_value", {"application_id": "110105\u200b19491231002X"}),
    ("an ID number split by a soft hyphen", "invalid_value", {"actor": "110105\u00ad19491231002X"}),
    ("a right-to-left override", "invalid_value", {"application_id": "A\u202e1"}),
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

# The bytes of a line are not under its hash: only the canonical form counts.
respaced = json.dumps(signed[1], ensure_ascii=False, separators=(", ", ": "), sort_keys=True)
verify("a re-encoded line (other whitespace) is not the entry", [signed_lines[0], respaced] + signed_lines[2:],
       {"valid": False, "problems": problems(("entry_not_canonical", 2, 1))})
escaped = signed_lines[2].replace('"submit"', '"\\u0073ubmit"')
assert escaped != signed_lines[2] and json.loads(escaped) == signed[2]
verify("a re-encoded line (\\u escapes for the same text) is not the entry",
       signed_lines[:2] + [escaped] + signed_lines[3:],
       {"valid": False, "problems": problems(("entry_not_canonical", 3, 2))})
verify("a line ending in CR is not the entry", [signed_lines[0] + "\r"] + signed_lines[1:],
       {"valid": False, "problems": problems(("entry_not_canonical", 1, 0))})
# Signatures are not under the hash either: strip them from the last two
# entries, change one and re-hash the rest. With keys given, every entry must
# be signed; without keys only the chain is checked (docs/audit.md).
stripped = signed[:2]
prev = signed[1]["hash"]
for i, ev in enumerate(FLOW[2:], start=2):
    ev = dict(ev, outcome="ok") if i == 2 else ev
    e = entry(i, prev, ev)
    stripped.append(e)
    prev = e["hash"]
verify("signatures stripped and later entries rewritten: refused when keys are given",
       [line(e) for e in stripped],
       {"valid": False, "problems": problems(("unsigned_entry", 3, 2), ("unsigned_entry", 4, 3))})
verify("signatures stripped and later entries rewritten: a chain-only check cannot tell",
       [line(e) for e in stripped], {"valid": True, "problems": []}, keys=())

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
        # Art. 29's five headings: submit/decide/withdraw are the scenario of
        # use (8 entries), the fetch is the process of use.
        "headings": [{"heading": "scenario_of_use", "entries": 8}, {"heading": "process_of_use", "entries": 1},
                     {"heading": "results_achieved", "entries": 0}, {"heading": "storage", "entries": 0},
                     {"heading": "disposal", "entries": 0}],
        # Art. 39/40: A2 answered late, A3 overdue, A5 received data with no storage record.
        "risks": [{"code": "answer_late", "article": "Art. 39", "application_id": "A2"},
                  {"code": "answer_overdue", "article": "Art. 39", "application_id": "A3"},
                  {"code": "records_missing", "article": "Art. 40", "application_id": "A5"}],
    },
})
# The rest of an application's life (Art. 22, 27, 29): agreed with a delivery
# deadline, delivered late, suspended yet used, disposal due and overdue.
LIFE = [
    event("2026-03-02T09:00:00+08:00", "submit", application_id="B1", resources=[R1], provider_code=P1,
          status="submitted", due="2026-03-16"),
    event("2026-03-03T09:00:00+08:00", "decide", application_id="B1", status="agreed", due="2026-03-31"),
    event("2026-04-02T09:00:00+08:00", "fetch", application_id="B1", response_digest=sha256_tag("page")),
    event("2026-04-02T09:05:00+08:00", "store", application_id="B1", outcome="ok"),
    event("2026-04-03T09:00:00+08:00", "decide", application_id="B1", status="suspended"),
    event("2026-04-04T09:00:00+08:00", "fetch", application_id="B1", response_digest=sha256_tag("page 2")),
    event("2026-04-05T09:00:00+08:00", "results", application_id="B1", outcome="ok"),
    event("2026-04-06T09:00:00+08:00", "decide", application_id="B1", status="disposal_due", due="2026-04-10"),
]
cases.append({
    "name": "usage report: Art. 39/40 risks of delivery, suspension and disposal",
    "op": "report", "log_lines": [line(e) for e in chain(LIFE)], "now": "2026-04-20T12:00:00+08:00",
    "expect": {
        "entries": 8,
        "headings": [{"heading": "scenario_of_use", "entries": 4}, {"heading": "process_of_use", "entries": 2},
                     {"heading": "results_achieved", "entries": 1}, {"heading": "storage", "entries": 1},
                     {"heading": "disposal", "entries": 0}],
        "risks": [{"code": "delivery_late", "article": "Art. 39", "application_id": "B1"},
                  {"code": "disposal_overdue", "article": "Art. 40", "application_id": "B1"},
                  {"code": "use_after_suspension", "article": "Art. 40", "application_id": "B1"}],
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

# ---------------------------------------------------------------- Art. 29 records
# Archive: the entries dated before `before` at the log's start, sealed; the
# header's hash is SHA-256 of its canonical form without hash and sig.
OLD = [
    event("2022-05-01T09:00:00+08:00", "submit", application_id="C1", resources=[R1], provider_code=P1,
          status="submitted", due="2022-05-16"),
    event("2022-05-05T09:00:00+08:00", "decide", application_id="C1", status="agreed"),
    event("2023-06-01T09:00:00+08:00", "submit", application_id="C2", resources=[R3], provider_code=P2,
          status="agreed"),
    event("2026-03-02T09:00:00+08:00", "fetch", application_id="C2", provider_code=P2,
          response_digest=sha256_tag("page")),
]
old = chain(OLD, "dept")
old_lines = [line(e) for e in old]


def sealed(entries, before, now, years, key):
    text = "".join(line(e) + "\n" for e in entries)
    h = {"format": "govshare-audit-archive", "format_version": 1, "before": before, "sealed_at": now,
         "retention_years": years, "first_seq": entries[0]["seq"], "last_seq": entries[-1]["seq"],
         "prev": entries[0]["prev"], "head": entries[-1]["hash"],
         "entries_sha256": hashlib.sha256(text.encode()).hexdigest()}
    h["hash"] = hashlib.sha256(rfc8785.dumps(h)).hexdigest()
    if key:
        k = KEYS[key]
        sk = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(k["raw_private_hex"]))
        h["sig"] = {"alg": k["alg"], "key_id": k["key_id"], "value": base64.b64encode(sk.sign(h["hash"].encode())).decode()}
    return h, [line(h)] + [line(e) for e in entries]


NOW29 = "2026-12-04T10:00:00+08:00"
header, archive_lines = sealed(old[:2], "2023-01-01", NOW29, 3, "dept")
cases.append({"name": "archive the entries older than 3 years (Art. 29)", "op": "archive", "log_lines": old_lines,
              "before": "2023-01-01", "now": NOW29, "retention_years": 3, "key": "dept", "keys": ["dept"],
              "expect": {"header": header, "archive_lines": archive_lines, "remaining_lines": old_lines[2:]}})
cases.append({"name": "archiving an entry younger than the retention period is refused", "op": "archive",
              "log_lines": old_lines, "before": "2026-06-01", "now": NOW29, "retention_years": 3, "key": "dept",
              "keys": ["dept"], "expect_error": "retention_not_ended"})
cases.append({"name": "a 5-year retention keeps 2022 entries", "op": "archive", "log_lines": old_lines,
              "before": "2023-01-01", "now": NOW29, "retention_years": 5, "key": "dept", "keys": ["dept"],
              "expect_error": "retention_not_ended"})
cases.append({"name": "a retention under the decree's 3 years is refused", "op": "archive", "log_lines": old_lines,
              "before": "2023-01-01", "now": NOW29, "retention_years": 2, "key": "dept", "keys": ["dept"],
              "expect_error": "invalid_argument"})
cases.append({"name": "nothing to archive before that day", "op": "archive", "log_lines": old_lines,
              "before": "2022-01-01", "now": NOW29, "retention_years": 3, "key": "dept", "keys": ["dept"],
              "expect_error": "invalid_argument"})
cases.append({"name": "a tampered log is not archived", "op": "archive",
              "log_lines": tampered_content(old, 1, status="refused"), "before": "2023-01-01", "now": NOW29,
              "retention_years": 3, "key": "dept", "keys": ["dept"], "expect_error": "audit_chain_broken"})
cases.append({"name": "an archive verifies", "op": "verify_archive", "archive_lines": archive_lines,
              "keys": ["dept"], "require_signatures": True, "expect": {"valid": True, "entries": 2, "problems": []}})
bad_entries = archive_lines[:2] + [line(dict(old[1], event=dict(old[1]["event"], status="refused")))]
cases.append({"name": "an archive whose entry was changed", "op": "verify_archive", "archive_lines": bad_entries,
              "keys": ["dept"], "expect": {"valid": False}})
moved = json.loads(archive_lines[0])
moved["before"] = "2024-01-01"
cases.append({"name": "an archive whose header was changed", "op": "verify_archive",
              "archive_lines": [rfc8785.dumps(moved).decode()] + archive_lines[1:], "keys": ["dept"],
              "expect": {"valid": False, "problems": [{"code": "archive_invalid"}]}})
cases.append({"name": "an archive signed by a key that is not given", "op": "verify_archive",
              "archive_lines": archive_lines, "keys": ["other"], "expect": {"valid": False}})
cases.append({"name": "the live log verifies after the archive's head", "op": "verify",
              "log_lines": old_lines[2:], "keys": ["dept"], "continue_from": [1, old[1]["hash"]],
              "expect": {"valid": True, "problems": []}})
cases.append({"name": "without the anchor, the live log reads as truncated at its start", "op": "verify",
              "log_lines": old_lines[2:], "keys": ["dept"],
              "expect": {"valid": False, "problems": problems(("entries_removed", 1, 2))}})
cases.append({"name": "the live log must start right after the archive", "op": "verify",
              "log_lines": old_lines[3:], "keys": ["dept"], "continue_from": [1, old[1]["hash"]],
              "expect": {"valid": False, "problems": problems(("entries_removed", 1, 3))}})


# Export for inspection: a new chain signed by the exporter ("other" here),
# each event the original's with `source` = the original entry's seq and hash.
def exported(entries, provider=None, key="other"):
    picked = [e for e in entries if provider is None or e["event"].get("provider_code") == provider]
    evs = [dict(e["event"], source={"seq": e["seq"], "hash": e["hash"]}) for e in picked]
    return [line(e) for e in chain(evs, key)]


export_all = exported(old)
export_p2 = exported(old, P2)
cases.append({"name": "export of the whole record", "op": "export", "log_lines": old_lines, "keys": ["dept"],
              "key": "other", "expect": {"lines": export_all}})
cases.append({"name": "export of one provider's own entries", "op": "export", "log_lines": old_lines, "keys": ["dept"],
              "key": "other", "provider_code": P2, "expect": {"lines": export_p2}})
cases.append({"name": "export for a provider with no entry", "op": "export", "log_lines": old_lines, "keys": ["dept"],
              "key": "other", "provider_code": "91350100M000100Y43", "expect_error": "invalid_argument"})
cases.append({"name": "an export checks against the log", "op": "verify_export", "export_lines": export_p2,
              "log_lines": old_lines, "provider_code": P2, "keys": ["dept"], "export_keys": ["other"],
              "expect": {"valid": True, "problems": []}})
cases.append({"name": "an export missing an entry in scope", "op": "verify_export", "export_lines": exported(old[:3], P2),
              "log_lines": old_lines, "provider_code": P2, "keys": ["dept"], "export_keys": ["other"],
              "expect": {"valid": False, "problems": [{"code": "export_incomplete"}]}})
cases.append({"name": "an export with another provider's entry", "op": "verify_export", "export_lines": export_all,
              "log_lines": old_lines, "provider_code": P2, "keys": ["dept"], "export_keys": ["other"],
              "expect": {"valid": False}})
cases.append({"name": "an export that leaves out the provider's latest entry", "op": "verify_export",
              "export_lines": exported([old[2]], P2), "log_lines": old_lines, "provider_code": P2,
              "keys": ["dept"], "export_keys": ["other"],
              "expect": {"valid": False, "problems": [{"code": "export_incomplete"}]}})
cases.append({"name": "an exported event changed and re-signed by the exporter", "op": "verify_export",
              "export_lines": [line(e) for e in chain(
                  [dict(old[2]["event"], source={"seq": 2, "hash": old[2]["hash"]}),
                   dict(old[3]["event"], response_digest=sha256_tag("other page"), source={"seq": 3, "hash": old[3]["hash"]})],
                  "other")],
              "log_lines": old_lines, "provider_code": P2, "keys": ["dept"], "export_keys": ["other"],
              "expect": {"valid": False, "problems": [{"code": "export_entry_mismatch", "line": 2}, {"code": "export_incomplete"}]}})
cases.append({"name": "an export not signed by the exporter's key", "op": "verify_export", "export_lines": exported(old, P2, "dept"),
              "log_lines": old_lines, "provider_code": P2, "keys": ["dept"], "export_keys": ["other"],
              "expect": {"valid": False}})

doc = {
    "description": "Audit trail: appending (canonical lines, hashes, Ed25519 signatures), verifying "
                   "tampered logs, the usage report and destruction receipts. See README.md.",
    "source": "govshare; expectations computed independently with PyPI rfc8785, hashlib and "
              "cryptography by make_vectors.py; keys are RFC 8032 §7.1 test keys.",
    "keys": KEYS,
    "cases": cases,
}
(OUT / "audit.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
print(f"wrote {len(cases)} cases")
