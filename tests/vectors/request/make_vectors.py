#!/usr/bin/env python3
"""Writes the request vectors. Expected results are stated here by hand
(deadlines counted on the State Council calendar, findings from the rules in
docs/request.md); canonical bytes and digests are computed independently
with Python's json and hashlib (OpenSSL SM3), not with govshare.

Run from the repository root: python3 tests/vectors/request/make_vectors.py
"""
import copy
import hashlib
import json
import urllib.parse
from datetime import datetime

OUT = "tests/vectors/request/"


def jcs(v):
    # Valid RFC 8785 for these documents: integers only, ASCII member names.
    return json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def digests(v):
    b = jcs(v).encode()
    return {"canonical": jcs(v), "sha256": hashlib.sha256(b).hexdigest(), "sm3": hashlib.new("sm3", b).hexdigest()}


def write(name, description, cases, **extra):
    doc = {"description": description, "source": "govshare (written for this project; fictional departments and codes)"}
    doc.update(extra)
    doc["cases"] = cases
    with open(OUT + name, "w") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")


# ------------------------------------------------------------------ catalog
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


def item(name, grade=1, t="C", pi=None):
    i = {"name": name, "type": t, "grade": grade}
    if pi:
        i["pi_kind"] = pi
    return i


CATALOG = [
    resource("101001/00001", "企业基本信息", "unconditional",
             [item("统一社会信用代码"), item("企业名称"), item("法定代表人", 2, pi="name"), item("注册地址")],
             ["system_integration", "online_query"], "无条件"),
    resource("201002/00003", "居民户籍信息", "conditional",
             [item("姓名", 3, pi="name"), item("公民身份号码", 3, pi="cn_resident_id"), item("户籍地址", 3)],
             ["online_query"], "仅限依法履行社会救助职责的部门，凭权力事项申请"),
    resource("301005/00002", "案件侦查信息", "not_shared",
             [item("案件编号"), item("案件状态")], [], "依据《中华人民共和国刑事诉讼法》有关规定，侦查期间不予共享"),
    resource("101003/00007", "纳税信用等级", "conditional",
             [item("统一社会信用代码"), item("纳税信用等级")], [], "仅用于税收征管和信用监管"),
]

REQUESTER = {"name": "示例市民政局", "credit_code": "11330100MB0000000N"}
BASE = {
    "format": "govshare-application",
    "format_version": 1,
    "reference": "MZ-2026-0001",
    "requester": REQUESTER,
    "applicant": {"name": "张三"},
    "contact": {"name": "李四", "phone": "0571-00000000", "email": "contact@example.gov.cn"},
    "target": {"resource_code": "101001/00001", "items": ["统一社会信用代码", "企业名称"]},
    "duty_basis": [{"kind": "regulation", "title": "《社会救助暂行办法》", "article": "第十一条"}],
    "purpose": "核对申请救助家庭成员名下企业情况",
    "scenario": "最低生活保障家庭经济状况核对",
    "mode": "online_query",
    "validity": {"from": "2026-01-01", "until": "2026-12-31"},
    "frequency": {"kind": "on_demand", "max_calls_per_day": 500},
    "commitments": {"storage_location": "示例市政务云民政专区", "retention_days": 365, "destruction_date": "2027-01-31"},
    "attachments": [{"name": "申请函.pdf", "media_type": "application/pdf",
                     "sha256": hashlib.sha256(b"application letter").hexdigest(),
                     "sm3": hashlib.new("sm3", b"application letter").hexdigest()}],
}


def app(**changes):
    a = copy.deepcopy(BASE)
    for k, v in changes.items():
        if v is None:
            a.pop(k, None)
        else:
            a[k] = v
    return a


def F(code, severity, path):
    return {"code": code, "severity": severity, "path": path}


POWER = [{"kind": "power_item", "title": "最低生活保障对象认定", "code": "行政确认-00123-001"}]
COND = {"resource_code": "201002/00003", "items": ["姓名", "公民身份号码"]}
COND_INFO = F("conditions_apply", "info", "$.target.resource_code")
NEED = {
    "title": "困难群众住房公积金缴存信息",
    "description": "核对救助对象住房公积金缴存情况",
    "items": [{"name": "缴存状态"}, {"name": "月缴存额", "description": "单位与个人合计"}],
    "holder": {"name": "示例市住房公积金管理中心", "credit_code": "12330100470000000A"},
}


def v(name, a, expect, policy=None):
    c = {"name": name, "op": "validate", "application_json": json.dumps(a, ensure_ascii=False)}
    if policy:
        c["policy"] = policy
    c["expect"] = expect
    return c


def verr(name, text, code):
    return {"name": name, "op": "validate", "application_json": text, "expect_error": code}


def rep(ok, outcome, track, findings):
    return {"ok": ok, "outcome": outcome, "track": track, "findings": findings}


cases = [
    v("unconditional, complete", app(), rep(True, "granted", "unconditional", [])),
    v("unconditional, all items requested", app(target={"resource_code": "101001/00001", "items": ["统一社会信用代码", "企业名称", "法定代表人", "注册地址"]}),
      rep(True, "granted", "unconditional", [F("all_items_requested", "warning", "$.target.items")])),
    v("unconditional without basis, purpose, scenario", app(duty_basis=None, purpose=None, scenario=None),
      rep(True, "granted", "unconditional", [F("duty_basis_missing", "warning", "$.duty_basis"), F("purpose_missing", "warning", "$.purpose"), F("scenario_missing", "warning", "$.scenario")])),
    v("conditional, meets machine-checkable conditions", app(target=COND, duty_basis=POWER),
      rep(True, "under_review", "conditional", [COND_INFO])),
    v("conditional without duty basis or purpose", app(target=COND, duty_basis=None, purpose=None),
      rep(False, "incomplete", "conditional", [F("duty_basis_missing", "error", "$.duty_basis"), F("purpose_missing", "error", "$.purpose"), F("power_item_required", "error", "$.duty_basis"), COND_INFO])),
    v("conditional naming a law but not the 权力事项 its conditions require", app(target=COND),
      rep(False, "incomplete", "conditional", [F("power_item_required", "error", "$.duty_basis"), COND_INFO])),
    v("conditional, mode not offered", app(target=COND, duty_basis=POWER, mode="download"),
      rep(False, "incomplete", "conditional", [F("mode_not_offered", "error", "$.mode"), COND_INFO])),
    v("conditional without scenario (no 权力事项 in its conditions)", app(target={"resource_code": "101003/00007", "items": ["纳税信用等级"]}, scenario=None, mode="download"),
      rep(False, "incomplete", "conditional", [F("scenario_missing", "error", "$.scenario"), COND_INFO])),
    v("not shared: refused with the catalog's basis", app(target={"resource_code": "301005/00002", "items": ["案件状态"]}, mode="other"),
      rep(False, "rejected", "not_shared", [F("resource_not_shared", "error", "$.target.resource_code")])),
    v("unknown resource", app(target={"resource_code": "999999/00001", "items": ["x"]}),
      rep(False, "incomplete", None, [F("unknown_resource", "error", "$.target.resource_code")])),
    v("unknown item", app(target={"resource_code": "101001/00001", "items": ["企业名称", "注册资本"]}),
      rep(False, "incomplete", "unconditional", [F("unknown_item", "error", "$.target.items[1]")])),
    v("validity of 367 days", app(validity={"from": "2026-01-01", "until": "2027-01-02"}),
      rep(False, "incomplete", "unconditional", [F("validity_too_long", "error", "$.validity.until")])),
    v("validity of 367 days under a two-year policy", app(validity={"from": "2026-01-01", "until": "2027-01-02"}),
      rep(True, "granted", "unconditional", []), policy={"max_validity_days": 730}),
    v("366 days in a leap year is one year", app(validity={"from": "2028-01-01", "until": "2028-12-31"}, commitments={"storage_location": "x", "retention_days": 30, "destruction_date": "2029-01-31"}),
      rep(True, "granted", "unconditional", [])),
    v("no commitments", app(commitments=None),
      rep(False, "incomplete", "unconditional", [F("commitment_missing", "error", "$.commitments")])),
    v("partial commitments", app(commitments={"retention_days": 30}),
      rep(False, "incomplete", "unconditional", [F("commitment_missing", "error", "$.commitments.storage_location"), F("commitment_missing", "error", "$.commitments.destruction_date")])),
    v("destruction before validity ends", app(commitments={"storage_location": "x", "retention_days": 30, "destruction_date": "2026-06-30"}),
      rep(False, "incomplete", "unconditional", [F("destruction_before_validity_end", "error", "$.commitments.destruction_date")])),
    v("malformed credit code", app(requester={"name": "示例局", "credit_code": "11330100MB000000IN"}),
      rep(False, "incomplete", "unconditional", [F("credit_code_malformed", "error", "$.requester.credit_code")])),
    v("credit code check character mismatch is a warning", app(requester={"name": "示例局", "credit_code": "11330100MB0000000P"}),
      rep(True, "granted", "unconditional", [F("credit_code_check_failed", "warning", "$.requester.credit_code")])),
    v("standard example credit code", app(requester={"name": "示例企业", "credit_code": "91350100M000100Y43"}),
      rep(True, "granted", "unconditional", [])),
    v("data need", app(target=None, data_need=NEED),
      rep(True, "under_review", "data_need", [F("data_need", "info", "$.data_need")])),
    v("data need without purpose, holder code malformed", app(target=None, data_need=dict(NEED, holder={"name": "某中心", "credit_code": "123"}), purpose=None),
      rep(False, "incomplete", "data_need", [F("credit_code_malformed", "error", "$.data_need.holder.credit_code"), F("data_need", "info", "$.data_need"), F("purpose_missing", "error", "$.purpose")])),
    verr("target and data need together", json.dumps(app(data_need=NEED), ensure_ascii=False), "invalid_value"),
    verr("neither target nor data need", json.dumps(app(target=None), ensure_ascii=False), "invalid_value"),
    verr("duplicate key", json.dumps(app(), ensure_ascii=False)[:-1] + ',"purpose":"again"}', "duplicate_key"),
    verr("unknown field", json.dumps(app(priority="high"), ensure_ascii=False), "invalid_value"),
    verr("unknown nested field", json.dumps(app(validity={"from": "2026-01-01", "until": "2026-12-31", "tz": "+08:00"}), ensure_ascii=False), "invalid_value"),
    verr("validity ends before it starts", json.dumps(app(validity={"from": "2026-12-31", "until": "2026-01-01"}), ensure_ascii=False), "invalid_value"),
    verr("impossible date", json.dumps(app(validity={"from": "2026-02-29", "until": "2026-12-31"}), ensure_ascii=False), "invalid_value"),
    verr("power item without code", json.dumps(app(duty_basis=[{"kind": "power_item", "title": "x"}]), ensure_ascii=False), "invalid_value"),
    verr("attachment hash in upper case", json.dumps(app(attachments=[{"name": "a", "sha256": "AB" * 32}]), ensure_ascii=False), "invalid_value"),
    verr("no items", json.dumps(app(target={"resource_code": "101001/00001", "items": []}), ensure_ascii=False), "invalid_value"),
    verr("item listed twice", json.dumps(app(target={"resource_code": "101001/00001", "items": ["企业名称", "企业名称"]}), ensure_ascii=False), "invalid_value"),
    verr("empty applicant name", json.dumps(app(applicant={"name": " "}), ensure_ascii=False), "invalid_value"),
    verr("unknown mode", json.dumps(app(mode="fax"), ensure_ascii=False), "invalid_value"),
    verr("other format", json.dumps(app(format="govshare-catalog"), ensure_ascii=False), "unsupported_format"),
    verr("newer format version", json.dumps(app(format_version=2), ensure_ascii=False), "unsupported_format"),
    verr("not JSON", "{\"format\":", "malformed_json"),
]
for name, a in [("digests of the complete application", app()), ("digests of a data need", app(target=None, data_need=NEED))]:
    noisy = json.dumps(a, ensure_ascii=True, indent=2)  # \u escapes and whitespace must not matter
    cases.append({"name": name, "op": "application_digests", "application_json": noisy, "expect": digests(a)})
write("applications.json",
      "Application parsing/building and validation against the embedded catalog fixture. op validate: parse application_json (strict), build, validate against `catalog` with optional `policy`; compare ok, outcome, track and the findings as a set of {code, severity, path}. op application_digests: canonical JSON and its SHA-256/SM3.",
      cases, catalog=CATALOG)

# ---------------------------------------------------------------- lifecycle
T0 = "2026-01-05T09:00:00+08:00"


def lc(state, valid_until=None, history=None):
    d = {"state": state}
    if valid_until:
        d["valid_until"] = valid_until
    d["history"] = history if history is not None else []
    return d


legal = [("draft", "submitted"), ("submitted", "granted"), ("submitted", "under_review"), ("submitted", "rejected"),
         ("submitted", "withdrawn"), ("under_review", "approved"), ("under_review", "rejected"), ("under_review", "withdrawn"),
         ("granted", "active"), ("approved", "active"), ("active", "expired"), ("expired", "destroyed")]
states = ["draft", "submitted", "granted", "under_review", "approved", "rejected", "withdrawn", "active", "expired", "destroyed"]
cases = []
NOW = "2026-02-01T10:00:00+08:00"
for a in states:
    for b in states:
        before = lc(a, history=[{"from": "draft", "to": a, "at": T0}] if a != "draft" else [])
        c = {"name": f"{a} -> {b}", "op": "transition", "lifecycle": before, "to": b, "now": NOW}
        if (a, b) in legal:
            c["expect"] = lc(b, history=before["history"] + [{"from": a, "to": b, "at": NOW}])
        else:
            c["expect_error"] = "illegal_transition"
        cases.append(c)
act = lc("active", "2026-12-31", [{"from": "approved", "to": "active", "at": T0}])
cases += [
    {"name": "expiry on the last valid day is refused", "op": "transition", "lifecycle": act, "to": "expired",
     "now": "2026-12-31T23:59:59+08:00", "expect_error": "illegal_transition"},
    {"name": "expiry the day after (Beijing date)", "op": "transition", "lifecycle": act, "to": "expired",
     "now": "2026-12-31T16:00:00Z",
     "expect": lc("expired", "2026-12-31", act["history"] + [{"from": "active", "to": "expired", "at": "2026-12-31T16:00:00Z"}])},
    {"name": "time going backwards", "op": "transition", "lifecycle": lc("submitted", history=[{"from": "draft", "to": "submitted", "at": T0}]),
     "to": "withdrawn", "now": "2026-01-04T09:00:00+08:00", "expect_error": "invalid_argument"},
    {"name": "now is not RFC 3339", "op": "transition", "lifecycle": lc("draft"), "to": "submitted", "now": "2026-01-05 09:00",
     "expect_error": "invalid_value"},
]
write("lifecycle.json",
      "Lifecycle transitions: every pair of states (legal ones succeed and append a history record; all others fail with illegal_transition), expiry against valid_until, and timestamp checks. op transition: lifecycle (JSON), to, now → the new lifecycle.",
      cases)

# ---------------------------------------------------------------- deadlines
def step(kind, starts, days, due, overdue, completed=None):
    s = {"step": kind, "starts": starts, "working_days": days, "due": due}
    if completed:
        s["completed"] = completed
    s["overdue"] = overdue
    return s


def sched(name, inp, now, steps, codes=(), policy=None, calendar_json=None):
    c = {"name": name, "op": "schedule", "input": inp, "now": now}
    if policy:
        c["policy"] = policy
    if calendar_json:
        c["calendar_json"] = calendar_json
    c["expect"] = {"steps": steps, "finding_codes": list(codes)}
    return c


CR, PA = "compliance_review", "provider_answer"
EXTRA_2027 = json.dumps({"source": "test data: a made-up 2027 schedule, not the official one",
                         "years": {"2027": {"holidays": {"元旦": ["2027-01-01"]}, "makeup_workdays": []}}}, ensure_ascii=False)
cases = [
    sched("Spring Festival 2026: make-up Saturday counts, holidays do not", {"submitted_at": "2026-02-13T10:00:00+08:00", "track": "conditional", "data_on_platform": True},
          "2026-02-25T12:00:00+08:00", [step(CR, "2026-02-13", 2, "2026-02-24", True), step(PA, "2026-02-24", 5, "2026-03-02", False)]),
    sched("Spring Festival 2026: answer step starts when the review completed", {"submitted_at": "2026-02-13T10:00:00+08:00", "track": "conditional", "data_on_platform": True, "review_completed_at": "2026-02-14T16:00:00+08:00"},
          "2026-03-02T09:00:00+08:00", [step(CR, "2026-02-13", 2, "2026-02-24", False, "2026-02-14"), step(PA, "2026-02-14", 5, "2026-02-28", True)]),
    sched("Spring Festival 2026: data not on the platform, 10 days", {"submitted_at": "2026-02-12T09:00:00+08:00", "track": "conditional"},
          "2026-02-12T18:00:00+08:00", [step(CR, "2026-02-12", 2, "2026-02-14", False), step(PA, "2026-02-14", 10, "2026-03-06", False)]),
    sched("unconditional: compliance review only", {"submitted_at": "2026-02-13T10:00:00+08:00", "track": "unconditional"},
          "2026-02-24T23:59:00+08:00", [step(CR, "2026-02-13", 2, "2026-02-24", False)]),
    sched("submitted on a holiday (not shared)", {"submitted_at": "2026-02-16T10:00:00+08:00", "track": "not_shared"},
          "2026-02-26T08:00:00+08:00", [step(CR, "2026-02-16", 2, "2026-02-25", True)]),
    sched("Beijing date of a UTC timestamp", {"submitted_at": "2026-02-12T17:00:00Z", "track": "unconditional"},
          "2026-02-13T00:00:00Z", [step(CR, "2026-02-13", 2, "2026-02-24", False)]),
    sched("National Day 2025: make-up days 09-28 and 10-11", {"submitted_at": "2025-09-26T15:00:00+08:00", "track": "conditional", "data_on_platform": True, "review_completed_at": "2025-09-29T11:00:00+08:00", "answered_at": "2025-10-14T09:00:00+08:00"},
          "2025-10-20T09:00:00+08:00", [step(CR, "2025-09-26", 2, "2025-09-29", False, "2025-09-29"), step(PA, "2025-09-29", 5, "2025-10-13", True, "2025-10-14")]),
    sched("National Day 2026: make-up days 09-20 and 10-10 (data need)", {"submitted_at": "2026-09-18T10:00:00+08:00", "track": "data_need"},
          "2026-10-12T18:00:00+08:00", [step(CR, "2026-09-18", 2, "2026-09-21", True), step(PA, "2026-09-21", 10, "2026-10-12", False)]),
    sched("configured limits around Labour Day 2025", {"submitted_at": "2025-04-30T10:00:00+08:00", "track": "conditional", "data_on_platform": True},
          "2025-05-08T10:00:00+08:00", [step(CR, "2025-04-30", 3, "2025-05-08", False), step(PA, "2025-05-08", 7, "2025-05-19", False)],
          policy={"compliance_review_days": 3, "answer_days_on_platform": 7, "answer_days_not_on_platform": 15}),
    sched("past the loaded calendar: weekends only, with a warning", {"submitted_at": "2026-12-30T10:00:00+08:00", "track": "conditional"},
          "2027-01-05T10:00:00+08:00", [step(CR, "2026-12-30", 2, "2027-01-01", True), step(PA, "2027-01-01", 10, "2027-01-15", False)], ["calendar_out_of_range"]),
    sched("a newer year loaded as data", {"submitted_at": "2026-12-30T10:00:00+08:00", "track": "conditional"},
          "2027-01-05T10:00:00+08:00", [step(CR, "2026-12-30", 2, "2027-01-04", True), step(PA, "2027-01-04", 10, "2027-01-18", False)], calendar_json=EXTRA_2027),
    {"name": "bad submitted_at", "op": "schedule", "input": {"submitted_at": "yesterday", "track": "conditional"}, "now": "2026-01-05T10:00:00+08:00", "expect_error": "invalid_value"},
    {"name": "bad calendar data", "op": "schedule", "input": {"submitted_at": "2026-01-05T10:00:00+08:00", "track": "conditional"}, "now": "2026-01-05T10:00:00+08:00",
     "calendar_json": "{\"years\":{\"2027\":{\"holidays\":{\"x\":[\"2026-01-01\"]}}}}", "expect_error": "invalid_value"},
]
for start, n, due, in_range in [("2026-02-13", 1, "2026-02-14", True), ("2026-02-14", 1, "2026-02-24", True), ("2025-09-30", 1, "2025-10-09", True),
                                ("2026-10-09", 1, "2026-10-10", True), ("2026-10-09", 0, "2026-10-09", True), ("2025-01-24", 1, "2025-01-26", True),
                                ("2025-01-26", 1, "2025-01-27", True), ("2025-01-27", 1, "2025-02-05", True), ("2026-12-31", 1, "2027-01-01", False)]:
    cases.append({"name": f"{start} + {n} working day(s)", "op": "due_date", "start": start, "days": n, "expect": {"due": due, "in_range": in_range}})
cases.append({"name": "due_date with a bad date", "op": "due_date", "start": "2026-13-01", "days": 1, "expect_error": "invalid_value"})
write("deadlines.json",
      "Working-day deadlines on the embedded 2025-2026 calendar (plus calendar_json, added to it, when given). op schedule: input (ScheduleInput), now, optional policy → steps, and the codes of the findings. op due_date: start, days → {due, in_range}.",
      cases)

# ---------------------------------------------------------------- http
PLAIN = {"base_url": "https://share.example.gov.cn/", "gateway": "none"}
XTIF = {"base_url": "https://gw.example.gov.cn/share", "gateway": "x_tif", "x_tif": {"paas_id": "demo_paas", "service_id": "svc-001"}}
IRS = {"base_url": "https://irs.example.gov.cn", "gateway": "zj_irs", "irs": {"app_key": "A330100000000202501", "power_matters": "行政确认-00123-001"}}
CTX = {"now": "2026-02-13T10:00:00+08:00", "nonce": "n0nce-1"}
SECS = int(datetime.fromisoformat(CTX["now"]).timestamp())
MS = SECS * 1000
ACCEPT = ["Accept", "application/json"]
CT = ["Content-Type", "application/json; charset=utf-8"]
XH = [["x-tif-paasid", "demo_paas"], ["x-tif-timestamp", str(SECS)], ["x-tif-nonce", "n0nce-1"], ["x-tif-signature", ""], ["x-tif-serviceId", "svc-001"]]


def irs_q(power="行政确认-00123-001"):
    q = f"appKey=A330100000000202501&requestTime={MS}&sign="
    if power:
        q += "&additional=" + urllib.parse.quote(jcs({"powerMatters": power}), safe="-._~")
    return q


def msg(method, target, headers, body=""):
    return {"method": method, "target": target, "headers": headers, "body": body}


GRANTS = [
    {"application_id": "APP-1", "requester_credit_code": "11330100MB0000000N", "resource_code": "201002/00003", "items": ["姓名", "公民身份号码"],
     "valid_from": "2026-01-01", "valid_until": "2026-06-30", "state": "active"},
    {"application_id": "APP-2", "requester_credit_code": "11330100MB0000000N", "resource_code": "201002/00003", "items": ["姓名"],
     "valid_from": "2026-01-01", "valid_until": "2026-12-31", "state": "approved"},
    {"application_id": "APP-3", "requester_credit_code": "11330100MB0000000N", "resource_code": "101001/00001", "items": ["企业名称"],
     "valid_from": "2025-01-01", "valid_until": "2025-12-31", "state": "active"},
    {"application_id": "APP-4", "requester_credit_code": "11330100MB0000000N", "resource_code": "101003/00007", "items": ["纳税信用等级"],
     "valid_from": "2026-01-01", "valid_until": "2026-12-31", "state": "under_review"},
    {"application_id": "APP-5", "requester_credit_code": "12330100470000000A", "resource_code": "101001/00001", "items": ["企业名称"],
     "valid_from": "2026-01-01", "valid_until": "2026-12-31", "state": "active"},
]
Q = {"resource_code": "201002/00003", "items": ["姓名", "公民身份号码"], "filters": {"公民身份号码": "11010519491231002X"}, "page_size": 50}
QBODY = jcs({k: v for k, v in Q.items()})


def b(name, config, call, expect=None, err=None, **args):
    c = {"name": name, "op": "build_request", "config": config, "ctx": args.pop("ctx", CTX), "call": call}
    c.update(args)
    if err:
        c["expect_error"] = err
    else:
        c["expect"] = expect
    return c


cases = [
    b("catalog, plain", PLAIN, "catalog", msg("GET", "https://share.example.gov.cn/api/v1/catalog", [ACCEPT])),
    b("catalog delta, x-tif", XTIF, "catalog_delta", msg("GET", "https://gw.example.gov.cn/share/api/v1/catalog/deltas?since=41", [ACCEPT] + XH), since_version=41),
    b("submit, plain: canonical body", PLAIN, "submit", msg("POST", "https://share.example.gov.cn/api/v1/applications", [ACCEPT, CT], jcs(app())),
      application_json=json.dumps(app(), ensure_ascii=False, indent=1)),
    b("submit, IRS: additional names the application's 权力事项", IRS, "submit",
      msg("POST", "https://irs.example.gov.cn/api/v1/applications?" + irs_q("行政确认-00999-002"), [ACCEPT, CT], jcs(app(duty_basis=[{"kind": "power_item", "title": "t", "code": "行政确认-00999-002"}]))),
      application_json=json.dumps(app(duty_basis=[{"kind": "power_item", "title": "t", "code": "行政确认-00999-002"}]), ensure_ascii=False)),
    b("status, IRS: id escaped, configured 权力事项", IRS, "status", msg("GET", "https://irs.example.gov.cn/api/v1/applications/APP-2026%2F001?" + irs_q(), [ACCEPT]), id="APP-2026/001"),
    b("status, IRS without a 权力事项", dict(IRS, irs={"app_key": "A330100000000202501"}), "status",
      msg("GET", "https://irs.example.gov.cn/api/v1/applications/APP-1?" + irs_q(None), [ACCEPT]), id="APP-1"),
    b("withdraw with a reason, x-tif", XTIF, "withdraw", msg("POST", "https://gw.example.gov.cn/share/api/v1/applications/APP-1/withdraw", [ACCEPT] + XH + [CT], jcs({"reason": "业务调整"})),
      id="APP-1", reason="业务调整"),
    b("withdraw without a reason", PLAIN, "withdraw", msg("POST", "https://share.example.gov.cn/api/v1/applications/APP-1/withdraw", [ACCEPT, CT], "{}"), id="APP-1"),
    b("fetch data within entitlements", PLAIN, "data", msg("POST", "https://share.example.gov.cn/api/v1/data/query", [ACCEPT, CT], QBODY),
      query=Q, grants=GRANTS, credit_code="11330100MB0000000N"),
    b("fetch data after one grant expired: the item it alone gave is refused", PLAIN, "data", err="not_entitled",
      query=Q, grants=GRANTS, credit_code="11330100MB0000000N", ctx={"now": "2026-07-01T10:00:00+08:00", "nonce": "x"}),
    b("fetch an expired resource", PLAIN, "data", err="not_entitled",
      query={"resource_code": "101001/00001", "items": ["企业名称"]}, grants=GRANTS, credit_code="11330100MB0000000N"),
    b("fetch a resource still under review", PLAIN, "data", err="not_entitled",
      query={"resource_code": "101003/00007", "items": ["纳税信用等级"]}, grants=GRANTS, credit_code="11330100MB0000000N"),
    b("another department's grant does not count", PLAIN, "data", err="not_entitled",
      query={"resource_code": "201002/00003", "items": ["姓名"]}, grants=GRANTS, credit_code="12330100470000000A"),
    b("IRS refresh by key", IRS, "irs_refresh_by_key", msg("GET", f"https://irs.example.gov.cn/gateway/app/refreshTokenByKey.htm?appKey=A330100000000202501&requestTime={MS}&sign=", [ACCEPT])),
    b("IRS refresh by secret", IRS, "irs_refresh_by_secret", msg("GET", f"https://irs.example.gov.cn/gateway/app/refreshTokenBySec.htm?appKey=A330100000000202501&requestTime={MS}&sign=", [ACCEPT])),
    b("x-tif needs a nonce", XTIF, "catalog", err="invalid_argument", ctx={"now": CTX["now"], "nonce": ""}),
    b("x-tif gateway without settings", {"base_url": "https://h", "gateway": "x_tif"}, "catalog", err="invalid_value"),
    b("base URL must be http(s)", {"base_url": "ftp://h", "gateway": "none"}, "catalog", err="invalid_value"),
    b("bad time", PLAIN, "catalog", err="invalid_value", ctx={"now": "1700000000", "nonce": "x"}),
]
ENT_EXPECT = [
    {"resource_code": "201002/00003", "items": [{"name": "公民身份号码", "valid_until": "2026-06-30"}, {"name": "姓名", "valid_until": "2026-12-31"}],
     "valid_until": "2026-12-31", "application_ids": ["APP-1", "APP-2"]},
]
cases += [
    {"name": "entitlements now", "op": "entitlements", "grants": GRANTS, "credit_code": "11330100MB0000000N", "now": "2026-03-01T10:00:00+08:00", "expect": ENT_EXPECT},
    {"name": "entitlements after the first grant ended", "op": "entitlements", "grants": GRANTS, "credit_code": "11330100MB0000000N", "now": "2026-07-01T10:00:00+08:00",
     "expect": [{"resource_code": "201002/00003", "items": [{"name": "姓名", "valid_until": "2026-12-31"}], "valid_until": "2026-12-31", "application_ids": ["APP-2"]}]},
    {"name": "entitlements in 2025", "op": "entitlements", "grants": GRANTS, "credit_code": "11330100MB0000000N", "now": "2025-12-31T23:00:00+08:00",
     "expect": [{"resource_code": "101001/00001", "items": [{"name": "企业名称", "valid_until": "2025-12-31"}], "valid_until": "2025-12-31", "application_ids": ["APP-3"]}]},
]


def resp(status, body, headers=None):
    return {"status": status, "headers": headers or [["Content-Type", "application/json"]], "body": body}


STATUS = {"id": "APP-9", "state": "under_review", "updated_at": "2026-02-13T10:00:01+08:00"}
CAT_DOC = {"format": "govshare-catalog", "format_version": 1, "catalog": {"id": "demo", "name": "示例目录", "version": 3}, "resources": CATALOG[:1]}
DELTA = {"format": "govshare-catalog-delta", "format_version": 1, "catalog": "demo", "base_version": 3, "new_version": 4,
         "changes": [{"op": "withdraw", "code": "101001/00001", "reason": "合并"}]}
DQ = {"resource_code": "201002/00003", "items": ["姓名", "公民身份号码"]}


def p(name, call, response, expect=None, err=None, fields=None, **args):
    c = {"name": name, "op": "parse_response", "call": call, "response": response}
    c.update(args)
    if err:
        c["expect_error"] = err
        if fields:
            c["expect_error_fields"] = fields
    else:
        c["expect"] = expect
    return c


cases += [
    p("application created", "application", resp(201, json.dumps(STATUS)), STATUS),
    p("application rejected with reason", "application", resp(200, json.dumps(dict(STATUS, state="rejected", reason="不予共享"), ensure_ascii=False)),
      dict(STATUS, state="rejected", reason="不予共享")),
    p("platform error body", "application", resp(404, json.dumps({"code": "application_not_found", "message": "no such application"})),
      err="platform_error", fields={"status": 404, "platform_code": "application_not_found"}),
    p("gateway error page", "application", resp(502, "<html>Bad Gateway</html>", [["Content-Type", "text/html"]]),
      err="platform_error", fields={"status": 502, "platform_code": "unknown"}),
    p("duplicate key in a response", "application", resp(200, '{"id":"A","id":"B","state":"submitted","updated_at":"2026-02-13T10:00:00Z"}'), err="duplicate_key"),
    p("unknown state", "application", resp(200, json.dumps(dict(STATUS, state="pending"))), err="invalid_value"),
    p("a request is not a response", "application", msg("GET", "https://h/", []), err="invalid_argument"),
    p("catalog", "catalog", resp(200, json.dumps(CAT_DOC, ensure_ascii=False)), CAT_DOC),
    p("catalog delta", "catalog_delta", resp(200, json.dumps(DELTA, ensure_ascii=False)), DELTA),
    p("data page", "data", resp(200, json.dumps({"resource_code": "201002/00003", "items": ["姓名"], "rows": [["张三"], ["李四"]], "next_cursor": "c2"}, ensure_ascii=False)),
      {"resource_code": "201002/00003", "items": ["姓名"], "rows_json": jcs([["张三"], ["李四"]]), "row_count": 2, "next_cursor": "c2"}, query=DQ),
    p("data page with an item not requested", "data", resp(200, json.dumps({"resource_code": "201002/00003", "items": ["户籍地址"], "rows": []}, ensure_ascii=False)),
      err="invalid_value", query=DQ),
    p("data page with a short row", "data", resp(200, json.dumps({"resource_code": "201002/00003", "items": ["姓名", "公民身份号码"], "rows": [["张三"]]}, ensure_ascii=False)),
      err="invalid_value", query=DQ),
    p("IRS secrets", "irs_refresh", resp(200, json.dumps({"code": "00", "msg": "成功", "datas": {"requestSecret": "rq", "requestSecretEndTime": "1770950000000", "refreshSecret": "rf", "refreshSecretEndTime": 1771550000000}}, ensure_ascii=False)),
      {"request_secret": "rq", "request_secret_end_time": 1770950000000, "refresh_secret": "rf", "refresh_secret_end_time": 1771550000000}),
    p("IRS error code", "irs_refresh", resp(200, json.dumps({"code": "14", "msg": "签名错误"}, ensure_ascii=False)), err="platform_error", fields={"status": 200, "platform_code": "14"}),
]
write("http.json",
      "Platform calls as HttpMessage JSON (op build_request: config, ctx, call and its arguments → the message; data calls are checked against the entitlements computed from grants for credit_code at ctx.now), entitlements (op entitlements), and response parsing (op parse_response: call, response → typed result or error; expect_error_fields gives the status and platform code of platform_error).",
      cases)
print("ok")
