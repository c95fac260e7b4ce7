#!/usr/bin/env python3
"""A department's script: apply for shared data and fetch it, checking everything.

Against a sharing platform (here the local sandbox, `govshare sandbox`):
load and verify the catalog, search it, build and validate an application,
sign and submit it, fetch every page of the agreed data with a progress bar,
and verify each answer — the platform's RFC 9421 signature and Content-Digest,
the signed masking manifest, and that every value is masked as its grade
demands. Each step goes to a hash-chained audit log, verified at the end.

    python examples/department.py --url http://127.0.0.1:8700 [--query 企业] [--audit audit.jsonl]

Exit 0 when every verdict holds, 1 when a check fails (the platform misbehaved),
2 on usage or connection errors. Needs only the govshare wheel and the standard
library (urllib); any HTTP client would do: govshare builds and checks the
messages (core's PlatformExchange signs each request and accepts only the verified
answer to it), the script moves them.
"""

import argparse
import hashlib
import json
import sys
import time
import urllib.error
import urllib.request
from datetime import date, timedelta

import govshare

# The sandbox's demo department (docs/sandbox.md): its key is public on purpose.
DEMO_NAME = "杭州市示例数据局（沙箱演示）"
DEMO_CODE = "11330100MB0203040M"
DEMO_KEY_ID = "demo-department"
DEMO_SEED_TEXT = b"govshare sandbox demo department - not a secret"


class CheckFailed(Exception):
    """A verdict did not hold: the platform's answer cannot be trusted."""


def now_rfc3339():
    """Now in Beijing time, by core's one RFC 3339 formatter."""
    return govshare.format_timestamp_cst(int(time.time()))


def ctx():
    return govshare.CallContext(now=now_rfc3339(), nonce=govshare.random_nonce())


def send(message):
    """Sends a message (govshare's dict form) with urllib; returns the answer in that form."""
    body = message.get("body", "").encode() if message.get("body") else None
    req = urllib.request.Request(message["target"], data=body, method=message["method"])
    for name, value in message["headers"]:
        req.add_header(name, value)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return {"status": r.status, "headers": [list(h) for h in r.getheaders()], "body": r.read().decode()}
    except urllib.error.HTTPError as e:
        return {"status": e.code, "headers": [list(h) for h in e.headers.items()], "body": e.read().decode()}


class Department:
    def __init__(self, url, audit_path, verbose=True):
        self.url = url.rstrip("/") + "/"
        self.config = govshare.PlatformConfig(base_url=self.url, gateway=govshare.GatewayKind.NONE)
        self.exchange = None
        self.key = govshare.Key.from_raw(govshare.Algorithm.ED25519, hashlib.sha256(DEMO_SEED_TEXT).digest(), True)
        self.key.set_key_id(DEMO_KEY_ID)
        self.audit_path = audit_path
        self.audit = govshare.AuditLog()
        self.audit_lines = []
        self.verbose = verbose
        self.platform_key = None

    def say(self, text):
        if self.verbose:
            print(text, flush=True)

    def record(self, action, **fields):
        event = {"time": now_rfc3339(), "action": action, "actor": DEMO_CODE, **fields}
        self.audit_lines.append(self.audit.append(event, self.key))

    def call(self, build, receive, what):
        """One step of the conversation: core's PlatformExchange builds and signs
        the request and keeps it in flight; we only send it; the exchange
        verifies the answer (the platform's signature, bound to that request,
        and its Content-Digest) and parses it. Returns (result, raw response)."""
        request = build(self.key, ctx())
        response = send(json.loads(request))
        digest = govshare.audit_digest(response["body"])
        try:
            result = receive(json.dumps(response, ensure_ascii=False), int(time.time()))
        except govshare.GovshareError as e:
            if self.exchange.failed_at() == "verify":
                self.record("verify", outcome=e.code, response_digest=digest)
                raise CheckFailed(f"{what}: the platform's answer does not verify [{e.code}] {e}") from e
            raise
        self.record("verify", outcome="ok", response_digest=digest)
        self.say(f"  ✔ {what}: platform signature (bound to the request) and Content-Digest verified "
                 f"(HTTP {response['status']})")
        return result, response

    def run(self, query, progress=True):
        # Trust on first use (a real department pins the key it was given out
        # of band); core reads the answer strictly: keyid, alg, a public JWK.
        key_request = govshare.PlatformClient(self.config).platform_key_request()
        self.platform_key = govshare.parse_platform_key_response(send(key_request))
        self.say(f"platform key {self.platform_key.key_id()} ({self.platform_key.thumbprint()[:12]}…), "
                 "pinned for this run")
        self.exchange = govshare.PlatformExchange(self.config, self.platform_key)

        self.say("1. catalog")
        document, _ = self.call(self.exchange.catalog, self.exchange.receive_catalog, "catalog")
        catalog = govshare.load_catalog(document.encode())
        hits = catalog.search(govshare.SearchQuery(text=query, sharing=govshare.SharingType.UNCONDITIONAL, limit=5))
        self.say(f"  {hits.total} unconditional resources match {query!r}: " + ", ".join(h.name for h in hits.hits[:3]))
        if not hits.hits:
            raise SystemExit(f"no unconditional resource matches {query!r}")
        resource = catalog.resource(hits.hits[0].code)
        items = [i.name for i in sorted(resource.items, key=lambda i: -i.grade)[:3]]  # the most sensitive

        self.say(f"2. application for {resource.code} {resource.name}: {', '.join(items)}")
        today = date.fromisoformat(now_rfc3339()[:10])
        app = govshare.Application.from_json(json.dumps({
            "format": "govshare-application", "format_version": 1,
            "requester": {"name": DEMO_NAME, "credit_code": DEMO_CODE},
            "applicant": {"name": "王五"}, "contact": {"name": "赵六"},
            "target": {"resource_code": resource.code, "items": items},
            "duty_basis": [{"kind": "law", "title": "中华人民共和国行政许可法"}],
            "purpose": "行政许可审批时核验", "scenario": "企业开办一件事：核验申请企业的登记信息",
            "internal_approval": {"approver": "市场监管局数据共享工作机构负责人", "approved_on": today.isoformat()},
            "mode": resource.sharing.modes[0].name.lower() if resource.sharing.modes else "online_query",
            "validity": {"from": today.isoformat(), "until": (today + timedelta(days=90)).isoformat()},
            "frequency": {"kind": "on_demand"},
            "commitments": {"storage_location": "示例市政务云", "retention_days": 120,
                            "destruction_date": (today + timedelta(days=120)).isoformat()},
        }, ensure_ascii=False))
        report = govshare.validate_application(app, catalog)
        for f in report.findings:
            self.say(f"  {f.severity.name.lower()} [{f.code}] {f.message_en}")
        self.record("build", application_id=app.digests().sha256[:32], resources=[resource.code],
                    request_digest="sha256:" + app.digests().sha256, outcome="ok" if report.ok else "invalid")

        self.say("3. submit")
        status, _ = self.call(lambda key, c: self.exchange.submit(app, key, c), self.exchange.receive_application, "submit")
        self.say(f"  {status.id}: {status.state.name.lower()}")
        self.record("submit", application_id=status.id, resources=[resource.code], provider_code=resource.provider_code,
                    status=status.state.name.lower())
        # Decree No. 809 Art. 21: unconditional data is agreed within 1 working day.
        if status.state not in (govshare.ApplicationState.AGREED, govshare.ApplicationState.DELIVERED,
                                govshare.ApplicationState.IN_USE):
            raise CheckFailed(f"expected an agreement for an unconditional resource, got {status.state.name.lower()}")

        self.say("4. fetch and verify every page")
        grant = govshare.Grant(application_id=status.id, requester_credit_code=DEMO_CODE, resource_code=resource.code,
                               items=items, valid_from=today.isoformat(),
                               valid_until=(today + timedelta(days=90)).isoformat(), state=status.state,
                               # Art. 27 ¶1: how the provider requires the data to be disposed of.
                               disposal_method=status.disposal_method)
        entitled = govshare.entitlements([grant], DEMO_CODE, now_rfc3339())
        cursor, records, violations, pages = None, 0, 0, 0
        while True:
            query_ = govshare.DataQuery(resource_code=resource.code, items=items, filters={}, page_size=10, cursor=cursor)
            page, response = self.call(lambda key, c: self.exchange.data(query_, entitled, key, c),
                                       self.exchange.receive_data, f"data page {pages + 1}")
            verdict = govshare.verify_masked_page(page, resource, None, self.platform_key)
            pages += 1
            records += page.row_count
            violations += verdict.violation_count
            self.record("mask_verdict", application_id=status.id, resources=[resource.code],
                        response_digest=govshare.audit_digest(response["body"]),
                        outcome="ok" if verdict.passed else "mask_violation")
            if progress:
                bar = "#" * min(pages, 40)
                print(f"\r  [{bar:<40}] {records} records, {pages} pages", end="", file=sys.stderr, flush=True)
            if not verdict.passed:
                if progress:
                    print(file=sys.stderr)
                for v in verdict.violations[:5]:
                    self.say(f"  ✘ record {v.record} {v.field}: {v.reason}")
                raise CheckFailed(f"data page {pages}: {verdict.violation_count} values are not masked as required")
            cursor = page.next_cursor
            if not cursor:
                break
        if progress:
            print(file=sys.stderr)
        self.say(f"  ✔ {records} records in {pages} pages: signatures, manifests and masking verified")
        return records

    def finish(self):
        """Writes the audit log and verifies it (the chain and every signature)."""
        text = "".join(line + "\n" for line in self.audit_lines)
        if self.audit_path:
            with open(self.audit_path, "a", encoding="utf-8") as f:
                f.write(text)
        verifier = govshare.AuditVerifier()
        verifier.add_key(self.key)
        verifier.require_signatures(True)
        verdict = verifier.verify(text)
        self.say(f"5. audit: {verdict.entries} entries, valid {verdict.valid}, head {verdict.head[:16]}…")
        return verdict.valid


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--url", default="http://127.0.0.1:8700", help="the platform (default: the local sandbox)")
    p.add_argument("--query", default="企业", help="catalog search text (default 企业)")
    p.add_argument("--audit", help="append the audit trail to this JSON Lines file")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    a = p.parse_args(argv)
    dept = Department(a.url, a.audit)
    try:
        dept.run(a.query, progress=not a.no_progress)
        ok = dept.finish()
    except CheckFailed as e:
        dept.finish()
        print(f"✘ {e}", file=sys.stderr)
        return 1
    except (urllib.error.URLError, ConnectionError) as e:
        print(f"cannot reach {a.url}: {e}", file=sys.stderr)
        return 2
    except govshare.GovshareError as e:
        print(f"error [{e.code}]: {e}", file=sys.stderr)
        return 2
    print("ok" if ok else "audit log does not verify")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
