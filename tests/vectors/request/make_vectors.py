#!/usr/bin/env python3
"""Writes the request vectors. Expected results are stated here by hand
(deadlines counted on the State Council calendar, findings from the rules in
docs/request.md); canonical bytes and digests are computed independently
with Python's json and hashlib (OpenSSL SM3), not with govshare.

Run from the repository root: python3 tests/vectors/request/make_vectors.py
(--out DIR writes the files into DIR instead; scripts/check_vectors_generated.py
uses it to compare them with the committed ones.)
"""
import argparse
import copy
import hashlib
import json
import os
import urllib.parse
from datetime import datetime

_args = argparse.ArgumentParser(description="Writes the request vectors.")
_args.add_argument("--out", metavar="DIR", default="tests/vectors/request", help="where to write (default: %(default)s)")
OUT = os.path.join(_args.parse_args().out, "")


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
    with open(OUT + name, "w", encoding="utf-8") as f:
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
    "internal_approval": {"approver": "民政局共享工作机构负责人", "approved_on": "2025-12-20"},
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


# The article of Decree No. 809 each finding code cites (docs/decree.md).
ARTICLES = {"duty_basis_missing": "Art. 20", "scenario_missing": "Art. 20", "internal_approval_missing": "Art. 20",
            "unknown_item": "Art. 20", "mode_not_offered": "Art. 20", "data_need": "Art. 20",
            "resource_not_shared": "Art. 14", "power_item_required": "Art. 15", "conditions_apply": "Art. 15"}


def F(code, severity, path):
    art = ARTICLES.get(code)
    if code == "purpose_missing" and severity == "error":
        art = "Art. 15"  # conditional data names its purpose of use
    return {"code": code, "severity": severity, "path": path, "article": art}


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
    v("unconditional, complete", app(), rep(True, "agreed", "unconditional", [])),
    v("unconditional, all items requested", app(target={"resource_code": "101001/00001", "items": ["统一社会信用代码", "企业名称", "法定代表人", "注册地址"]}),
      rep(True, "agreed", "unconditional", [F("all_items_requested", "warning", "$.target.items")])),
    v("unconditional without basis, purpose, scenario: Art. 20 fields are required on every track", app(duty_basis=None, purpose=None, scenario=None),
      rep(False, "incomplete", "unconditional", [F("duty_basis_missing", "error", "$.duty_basis"), F("purpose_missing", "warning", "$.purpose"), F("scenario_missing", "error", "$.scenario")])),
    v("no internal approval by the sharing-office head (Art. 20)", app(internal_approval=None),
      rep(False, "incomplete", "unconditional", [F("internal_approval_missing", "error", "$.internal_approval")])),
    v("decree vocabulary: 服务接口 is served by a catalog offering 联机查询", app(target=COND, duty_basis=POWER, mode="service_interface"),
      rep(True, "awaiting_answer", "conditional", [COND_INFO])),
    v("decree vocabulary: 批量交换 is served by a catalog offering 系统对接", app(mode="bulk_exchange"),
      rep(True, "agreed", "unconditional", [])),
    v("decree vocabulary: 文件下载 is not served by 联机查询 alone", app(target=COND, duty_basis=POWER, mode="file_download"),
      rep(False, "incomplete", "conditional", [F("mode_not_offered", "error", "$.mode"), COND_INFO])),
    v("the Chinese name of a decree mode reads as the mode", app(target=COND, duty_basis=POWER, mode="服务接口"),
      rep(True, "awaiting_answer", "conditional", [COND_INFO])),
    v("conditional, meets machine-checkable conditions", app(target=COND, duty_basis=POWER),
      rep(True, "awaiting_answer", "conditional", [COND_INFO])),
    v("conditional without duty basis or purpose", app(target=COND, duty_basis=None, purpose=None),
      rep(False, "incomplete", "conditional", [F("duty_basis_missing", "error", "$.duty_basis"), F("purpose_missing", "error", "$.purpose"), F("power_item_required", "error", "$.duty_basis"), COND_INFO])),
    v("conditional naming a law but not the 权力事项 its conditions require", app(target=COND),
      rep(False, "incomplete", "conditional", [F("power_item_required", "error", "$.duty_basis"), COND_INFO])),
    v("conditional, mode not offered", app(target=COND, duty_basis=POWER, mode="download"),
      rep(False, "incomplete", "conditional", [F("mode_not_offered", "error", "$.mode"), COND_INFO])),
    v("conditional without scenario (no 权力事项 in its conditions)", app(target={"resource_code": "101003/00007", "items": ["纳税信用等级"]}, scenario=None, mode="download"),
      rep(False, "incomplete", "conditional", [F("scenario_missing", "error", "$.scenario"), COND_INFO])),
    v("not shared: refused with the catalog's basis", app(target={"resource_code": "301005/00002", "items": ["案件状态"]}, mode="other"),
      rep(False, "refused", "not_shared", [F("resource_not_shared", "error", "$.target.resource_code")])),
    v("unknown resource", app(target={"resource_code": "999999/00001", "items": ["x"]}),
      rep(False, "incomplete", None, [F("unknown_resource", "error", "$.target.resource_code")])),
    v("unknown item", app(target={"resource_code": "101001/00001", "items": ["企业名称", "注册资本"]}),
      rep(False, "incomplete", "unconditional", [F("unknown_item", "error", "$.target.items[1]")])),
    v("validity of 367 days", app(validity={"from": "2026-01-01", "until": "2027-01-02"}),
      rep(False, "incomplete", "unconditional", [F("validity_too_long", "error", "$.validity.until")])),
    v("validity of 367 days under a two-year policy", app(validity={"from": "2026-01-01", "until": "2027-01-02"}),
      rep(True, "agreed", "unconditional", []), policy={"max_validity_days": 730}),
    v("366 days in a leap year is one year", app(validity={"from": "2028-01-01", "until": "2028-12-31"}, commitments={"storage_location": "x", "retention_days": 30, "destruction_date": "2029-01-31"}),
      rep(True, "agreed", "unconditional", [])),
    v("no commitments", app(commitments=None),
      rep(False, "incomplete", "unconditional", [F("commitment_missing", "error", "$.commitments")])),
    v("partial commitments", app(commitments={"retention_days": 30}),
      rep(False, "incomplete", "unconditional", [F("commitment_missing", "error", "$.commitments.storage_location"), F("commitment_missing", "error", "$.commitments.destruction_date")])),
    v("destruction before validity ends", app(commitments={"storage_location": "x", "retention_days": 30, "destruction_date": "2026-06-30"}),
      rep(False, "incomplete", "unconditional", [F("destruction_before_validity_end", "error", "$.commitments.destruction_date")])),
    v("malformed credit code", app(requester={"name": "示例局", "credit_code": "11330100MB000000IN"}),
      rep(False, "incomplete", "unconditional", [F("credit_code_malformed", "error", "$.requester.credit_code")])),
    v("credit code check character mismatch is a warning", app(requester={"name": "示例局", "credit_code": "11330100MB0000000P"}),
      rep(True, "agreed", "unconditional", [F("credit_code_check_failed", "warning", "$.requester.credit_code")])),
    v("standard example credit code", app(requester={"name": "示例企业", "credit_code": "91350100M000100Y43"}),
      rep(True, "agreed", "unconditional", [])),
    v("data need", app(target=None, data_need=NEED),
      rep(True, "awaiting_answer", "data_need", [F("data_need", "info", "$.data_need")])),
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
    verr("internal approval on a date that does not exist", json.dumps(app(internal_approval={"approver": "x", "approved_on": "2025-02-29"}), ensure_ascii=False), "invalid_value"),
    verr("internal approval without an approver", json.dumps(app(internal_approval={"approver": " ", "approved_on": "2025-12-20"}), ensure_ascii=False), "invalid_value"),
    verr("other format", json.dumps(app(format="govshare-catalog"), ensure_ascii=False), "unsupported_format"),
    verr("newer format version", json.dumps(app(format_version=2), ensure_ascii=False), "unsupported_format"),
    verr("not JSON", "{\"format\":", "malformed_json"),
]
# A personal value in every wrong-typed position: the error's text (English
# and Chinese, in every binding) must never contain it.
PID, PNUM = "11010519491231002X", 11010519491231002
for what, doc in [
    ("a string where a number belongs", app(commitments={"storage_location": "x", "retention_days": PID, "destruction_date": "2027-01-31"})),
    ("a large number where a small one belongs", app(frequency={"kind": "on_demand", "max_calls_per_day": PNUM})),
    ("a negative number", app(frequency={"kind": "on_demand", "max_calls_per_day": -PNUM})),
    ("a float", app(frequency={"kind": "on_demand", "max_calls_per_day": PNUM * 1.5})),
    ("an unknown enum value", app(mode=PID)),
    ("an enum value that looks like serde's own text", app(mode="a, expected " + PID)),
    ("an unknown member name", app(**{PID: 1})),
    ("a number where a string belongs", app(purpose=PNUM)),
    ("a string where an array belongs", app(target={"resource_code": "101001/00001", "items": PID})),
    ("an escaped quote before the value", app(mode='a"b ' + PID)),
]:
    c = verr("never echoes a personal value: " + what, json.dumps(doc, ensure_ascii=False), "invalid_value")
    c["must_not_echo"] = ["1101051949", "11010519"]
    cases.append(c)
for name, a in [("digests of the complete application", app()), ("digests of a data need", app(target=None, data_need=NEED))]:
    noisy = json.dumps(a, ensure_ascii=True, indent=2)  # \u escapes and whitespace must not matter
    cases.append({"name": name, "op": "application_digests", "application_json": noisy, "expect": digests(a)})
write("applications.json",
      "Application parsing/building and validation against the embedded catalog fixture. op validate: parse application_json (strict), build, validate against `catalog` with optional `policy`; compare ok, outcome, track and the findings as a set of {code, severity, path}. op application_digests: canonical JSON and its SHA-256/SM3.",
      cases, catalog=CATALOG)

# ---------------------------------------------------------------- lifecycle
# The decree's process (Decree No. 809 Art. 20-22, 25-28), written here from
# the table in docs/decree.md: for every state and every event, the state
# that follows, or illegal_transition.
T0 = "2026-01-05T09:00:00+08:00"
NOW = "2026-02-01T10:00:00+08:00"
STATES = ["draft", "approved_internally", "submitted", "materials_requested", "agreed", "refused", "delivered",
          "in_use", "suspended", "terminated", "disposal_due", "disposed", "withdrawn", "closed"]
EVENTS = {
    "approve_internally": {"approver": "共享工作机构负责人"},
    "submit": {},
    "request_materials": {"missing": ["授权委托书", "履职依据文件"]},
    "resubmit": {},
    "extend": {"days": 10, "approval_ref": "主管部门批复〔2026〕1号", "requester_notified": "2026-02-01"},
    "agree": {"use_until": "2026-12-31", "disposal_method": "delete"},
    "refuse": {"reasons": ["超出本部门履职范围"]},
    "deliver": {"mode": "service_interface"},
    "start_use": {},
    "suspend": {"reason": "超出约定范围使用", "decided_by": "数据提供部门"},
    "resume": {"rectification": "已完成整改"},
    "terminate": {"reason": "整改不到位", "decided_by": "政务数据共享主管部门"},
    "end_use": {"reason": "purpose_achieved"},
    "dispose": {"method": "delete"},
    "close": {},
    "withdraw": {},
    "change_service": {"kind": "changed", "negotiation_ref": "协商纪要-01", "filing_ref": "备案-2026-01"},
    "escalate": {"level": "negotiation"},
}
ARTICLE = {"approve_internally": "Art. 20", "submit": "Art. 20", "withdraw": "Art. 20", "request_materials": "Art. 21 ¶2",
           "resubmit": "Art. 21 ¶2", "extend": "Art. 21", "agree": "Art. 21", "refuse": "Art. 21", "deliver": "Art. 22",
           "start_use": "Art. 22", "suspend": "Art. 27 ¶2", "resume": "Art. 27 ¶2", "terminate": "Art. 27 ¶2",
           "end_use": "Art. 27 ¶1", "dispose": "Art. 27 ¶1", "close": "Art. 27 ¶1", "change_service": "Art. 27 ¶3",
           "escalate": "Art. 28"}
RECORDED = ["agreed", "delivered", "in_use", "suspended"]  # where a service change may be recorded
LEGAL = {
    ("draft", "approve_internally"): "approved_internally",
    ("approved_internally", "submit"): "submitted",
    ("submitted", "request_materials"): "materials_requested",
    ("materials_requested", "resubmit"): "submitted",
    ("submitted", "extend"): "submitted",
    ("submitted", "agree"): "agreed",
    ("submitted", "refuse"): "refused",
    ("agreed", "deliver"): "delivered",
    ("delivered", "start_use"): "in_use",
    ("in_use", "end_use"): "disposal_due",
    ("disposal_due", "dispose"): "disposed",
    ("suspended", "resume"): "in_use",
}
for st in ["draft", "approved_internally", "submitted", "materials_requested"]:
    LEGAL[(st, "withdraw")] = "withdrawn"
for st in ["agreed", "delivered", "in_use"]:
    LEGAL[(st, "suspend")] = "suspended"
for st in ["agreed", "delivered", "in_use", "suspended"]:
    LEGAL[(st, "terminate")] = "terminated"
for st in RECORDED:
    LEGAL[(st, "change_service")] = st
for st in ["disposed", "refused", "withdrawn"]:
    LEGAL[(st, "close")] = "closed"
for st in STATES:
    if st != "closed":
        LEGAL[(st, "escalate")] = st


def before(state):
    """A lifecycle that reached `state`, with what the decree keeps by then."""
    d = {"state": state}
    if state not in ("draft",):
        d["internal_approver"] = "共享工作机构负责人"
    if state in ("agreed", "delivered", "in_use", "suspended", "terminated", "disposal_due", "disposed"):
        d["use_until"] = "2026-12-31"
        d["disposal_method"] = "delete"
    if state == "refused":
        d["refusal_reasons"] = ["超出本部门履职范围"]
    if state in ("delivered", "in_use", "suspended", "terminated", "disposal_due", "disposed"):
        d["delivery_mode"] = "service_interface"
    if state == "suspended":
        d["suspension"] = {"reason": "超出约定范围使用", "decided_by": "数据提供部门", "at": T0}
        d["suspended_from"] = "in_use"
    if state == "terminated":
        d["termination"] = {"reason": "整改不到位", "decided_by": "政务数据共享主管部门", "at": T0}
    if state in ("disposal_due", "disposed"):
        d["end_of_use"] = "purpose_achieved"
    d["history"] = [] if state == "draft" else [{"from": "draft", "to": state, "event": "seed", "at": T0}]
    return d


def after(lc, state, event, args, to):
    """The lifecycle after a legal event (the fields it records, then the history)."""
    n = copy.deepcopy(lc)
    if event == "approve_internally":
        n["internal_approver"] = args["approver"]
    elif event == "request_materials":
        n["materials_missing"] = args["missing"]
    elif event == "extend":
        n["extension"] = dict(args)
    elif event == "agree":
        n["use_until"], n["disposal_method"] = args["use_until"], args["disposal_method"]
    elif event == "refuse":
        n["refusal_reasons"] = args["reasons"]
    elif event == "deliver":
        n["delivery_mode"] = args["mode"]
    elif event == "suspend":
        n["suspension"] = {"reason": args["reason"], "decided_by": args["decided_by"], "at": NOW}
        n["suspended_from"] = state
    elif event == "resume":
        n.pop("suspended_from", None)
    elif event == "terminate":
        n["termination"] = {"reason": args["reason"], "decided_by": args["decided_by"], "at": NOW}
        n.pop("suspended_from", None)
    elif event == "end_use":
        n["end_of_use"] = args["reason"]
    elif event == "change_service":
        n["service_changes"] = n.get("service_changes", []) + [dict(args, at=NOW, flagged=not (args.get("negotiation_ref") and args.get("filing_ref")))]
    elif event == "escalate":
        n["disputes"] = n.get("disputes", []) + [{"level": args["level"], "at": NOW}]
    n["state"] = to
    n["history"] = n["history"] + [{"from": state, "to": to, "event": event, "at": NOW}]
    # serde's field order does not matter to the runners (they compare JSON values)
    return n


def ev(event, **args):
    return dict({"event": event}, **args)


cases = []
for st in STATES:
    for event, args in EVENTS.items():
        lc = before(st)
        c = {"name": f"{st} + {event}", "op": "transition", "lifecycle": lc, "event": ev(event, **args), "now": NOW}
        if (st, event) in LEGAL:
            c["expect"] = after(lc, st, event, args, LEGAL[(st, event)])
        else:
            c["expect_error"] = "illegal_transition"
            c["article"] = ARTICLE[event]
        cases.append(c)

SUB = before("submitted")
INUSE = before("in_use")
DUE = before("disposal_due")
TERM = before("terminated")


def tc(name, lc, event, expect_error=None, now=NOW, profile=None, expect=None):
    c = {"name": name, "op": "transition", "lifecycle": lc, "event": event, "now": now}
    if profile:
        c["profile"] = profile
    if expect_error:
        c["expect_error"] = expect_error
    else:
        c["expect"] = expect
    return c


sub_asked = dict(SUB, materials_missing=["授权委托书"])
sub_extended = dict(SUB, extension=EVENTS["extend"])
disputed = dict(SUB, disputes=[{"level": "same_level_coordinator", "at": T0}])
no_method = {k: v for k, v in DUE.items() if k != "disposal_method"}
no_origin = {k: v for k, v in before("suspended").items() if k != "suspended_from"}
unfiled = {"kind": "ended", "negotiation_ref": "协商纪要-02", "filing_ref": None}
STRICT = {"name": "strict-local", "max_extension_days": 5}
cases += [
    tc("a refusal without reasons is invalid (Art. 21)", SUB, ev("refuse", reasons=[]), "invalid_argument"),
    tc("a refusal whose only reason is blank is invalid", SUB, ev("refuse", reasons=["  "]), "invalid_argument"),
    tc("materials requested twice: everything missing is listed at once (Art. 21 ¶2)", sub_asked,
       ev("request_materials", missing=["另一份材料"]), "illegal_transition"),
    tc("a request for materials lists something", SUB, ev("request_materials", missing=[]), "invalid_argument"),
    tc("an extension of 11 working days (Art. 21: at most 10)", SUB, ev("extend", **dict(EVENTS["extend"], days=11)), "invalid_argument"),
    tc("an extension of 0 days", SUB, ev("extend", **dict(EVENTS["extend"], days=0)), "invalid_argument"),
    tc("an extension of 6 days in a profile that allows 5", SUB, ev("extend", **dict(EVENTS["extend"], days=6)), "invalid_argument", profile=STRICT),
    tc("an extension of 5 days in a profile that allows 5", SUB, ev("extend", **dict(EVENTS["extend"], days=5)), profile=STRICT,
       expect=after(SUB, "submitted", "extend", dict(EVENTS["extend"], days=5), "submitted")),
    tc("a second extension", sub_extended, ev("extend", **EVENTS["extend"]), "illegal_transition"),
    tc("an extension without its approval reference", SUB, ev("extend", **dict(EVENTS["extend"], approval_ref=" ")), "invalid_argument"),
    tc("an extension notified on a date that does not exist", SUB, ev("extend", **dict(EVENTS["extend"], requester_notified="2026-02-30")), "invalid_value"),
    tc("agreement whose period of use ended already", SUB, ev("agree", use_until="2026-01-31", disposal_method="delete"), "invalid_argument"),
    tc("agreement without a disposal method", SUB, ev("agree", use_until="2026-12-31"), "invalid_value"),
    tc("disposal by a method the provider did not require (Art. 27 ¶1)", DUE, ev("dispose", method="return"), "illegal_transition"),
    tc("disposal when the agreement named no method", no_method, ev("dispose", method="delete"), "illegal_transition"),
    tc("use ends for its period before the period is over", INUSE, ev("end_use", reason="period_ended"), "illegal_transition"),
    tc("use ends for its period the day after it is over", INUSE, ev("end_use", reason="period_ended"), now="2027-01-01T00:00:00+08:00",
       expect=dict(after(INUSE, "in_use", "end_use", {"reason": "period_ended"}, "disposal_due"),
                   history=INUSE["history"] + [{"from": "in_use", "to": "disposal_due", "event": "end_use", "at": "2027-01-01T00:00:00+08:00"}])),
    tc("'terminated' is not a reason while in use", INUSE, ev("end_use", reason="terminated"), "illegal_transition"),
    tc("after termination, disposal is owed", TERM, ev("end_use", reason="terminated"),
       expect=after(TERM, "terminated", "end_use", {"reason": "terminated"}, "disposal_due")),
    tc("a service ended without filing is recorded and flagged (Art. 27 ¶3)", INUSE, ev("change_service", **unfiled),
       expect=after(INUSE, "in_use", "change_service", unfiled, "in_use")),
    tc("a dispute escalates only upwards (Art. 28)", disputed, ev("escalate", level="negotiation"), "illegal_transition"),
    tc("a dispute escalates to the common upper coordinator", disputed, ev("escalate", level="common_upper_coordinator"),
       expect=after(disputed, "submitted", "escalate", {"level": "common_upper_coordinator"}, "submitted")),
    tc("resume without the state it was suspended from", no_origin, ev("resume", rectification="已整改"), "illegal_transition"),
    tc("resume without a rectification", before("suspended"), ev("resume", rectification=""), "invalid_argument"),
    tc("a suspension says by whom", INUSE, ev("suspend", reason="超范围", decided_by=" "), "invalid_argument"),
    tc("internal approval needs an approver", before("draft"), ev("approve_internally", approver=""), "invalid_argument"),
    tc("time going backwards", SUB, ev("withdraw"), "invalid_argument", now="2026-01-04T09:00:00+08:00"),
    tc("now is not RFC 3339", SUB, ev("withdraw"), "invalid_value", now="2026-02-01 10:00"),
    tc("an unknown event", SUB, ev("approve"), "invalid_value"),
    tc("an event with a member it does not have", SUB, ev("withdraw", reason="x"), "invalid_value"),
    tc("a state the decree does not have", dict(SUB, state="under_review"), ev("withdraw"), "invalid_value"),
    tc("a lifecycle with a member it does not have", dict(SUB, valid_until="2026-12-31"), ev("withdraw"), "invalid_value"),
]
# Correction (校核) requests, Art. 26: filed → answered, once.
DIG = "sha256:" + hashlib.sha256(b"records found wrong").hexdigest()
FILED = {"application_id": "APP-7", "resource_code": "201002/00003", "items": ["户籍地址"], "data_digest": DIG,
         "state": "filed", "filed_on": "2026-03-02"}
cases += [
    {"name": "a correction request is filed", "op": "file_correction", "application_id": "APP-7",
     "resource_code": "201002/00003", "items": ["户籍地址"], "data_digest": DIG, "filed_on": "2026-03-02T10:00:00+08:00",
     "expect": FILED},
    {"name": "a correction request names the records by digest, never by value", "op": "file_correction",
     "application_id": "APP-7", "resource_code": "201002/00003", "items": ["户籍地址"], "data_digest": "11010519491231002X",
     "filed_on": "2026-03-02", "expect_error": "invalid_argument"},
    {"name": "a correction request names the items", "op": "file_correction", "application_id": "APP-7",
     "resource_code": "201002/00003", "items": [], "data_digest": DIG, "filed_on": "2026-03-02", "expect_error": "invalid_argument"},
    {"name": "the provider answers a correction request", "op": "answer_correction", "correction": FILED,
     "answered_on": "2026-03-10", "outcome": "corrected",
     "expect": dict(FILED, state="answered", answered_on="2026-03-10", outcome="corrected")},
    {"name": "a correction request is answered once", "op": "answer_correction",
     "correction": dict(FILED, state="answered", answered_on="2026-03-10", outcome="corrected"),
     "answered_on": "2026-03-11", "outcome": "confirmed_correct", "expect_error": "illegal_transition"},
    {"name": "an answer before the request", "op": "answer_correction", "correction": FILED,
     "answered_on": "2026-03-01", "outcome": "corrected", "expect_error": "invalid_argument"},
]
write("lifecycle.json",
      "The sharing process of Decree No. 809 (Art. 20-22, 25-28): every state with every event (legal ones give the next lifecycle with a history record; the others fail with illegal_transition, whose message names `article`), the records each event requires, and the time checks. op transition: lifecycle, event ({event, ...}), now, optional profile (a built-in name or a profile object; national by default) → the new lifecycle.",
      cases)

# Deadlines: tests/vectors/request/make_deadline_vectors.py writes deadlines.json
# with an independent implementation of the calendar rules.

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
     "valid_from": "2026-01-01", "valid_until": "2026-06-30", "state": "in_use"},
    {"application_id": "APP-2", "requester_credit_code": "11330100MB0000000N", "resource_code": "201002/00003", "items": ["姓名"],
     "valid_from": "2026-01-01", "valid_until": "2026-12-31", "state": "agreed"},
    {"application_id": "APP-3", "requester_credit_code": "11330100MB0000000N", "resource_code": "101001/00001", "items": ["企业名称"],
     "valid_from": "2025-01-01", "valid_until": "2025-12-31", "state": "delivered"},
    {"application_id": "APP-4", "requester_credit_code": "11330100MB0000000N", "resource_code": "101003/00007", "items": ["纳税信用等级"],
     "valid_from": "2026-01-01", "valid_until": "2026-12-31", "state": "submitted"},
    {"application_id": "APP-5", "requester_credit_code": "12330100470000000A", "resource_code": "101001/00001", "items": ["企业名称"],
     "valid_from": "2026-01-01", "valid_until": "2026-12-31", "state": "in_use"},
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
    b("resubmit with the materials asked for (Art. 21 ¶2): the canonical application to its id", PLAIN, "resubmit",
      msg("POST", "https://share.example.gov.cn/api/v1/applications/APP-2026%2F7/materials", [ACCEPT, CT], jcs(app())),
      id="APP-2026/7", application_json=json.dumps(app(), ensure_ascii=False, indent=2)),
    b("resubmit to an empty id", PLAIN, "resubmit", err="invalid_argument", id="", application_json=json.dumps(app(), ensure_ascii=False)),
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
    b("a suspended grant refuses data requests (Art. 27 ¶2)", PLAIN, "data", err="not_entitled",
      query={"resource_code": "201002/00003", "items": ["姓名"]}, grants=[dict(g, state="suspended") for g in GRANTS], credit_code="11330100MB0000000N"),
    b("a terminated grant refuses data requests (Art. 27 ¶2)", PLAIN, "data", err="not_entitled",
      query={"resource_code": "201002/00003", "items": ["姓名"]}, grants=[dict(g, state="terminated") for g in GRANTS], credit_code="11330100MB0000000N"),
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


STATUS = {"id": "APP-9", "state": "submitted", "updated_at": "2026-02-13T10:00:01+08:00"}
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
    p("application rejected with reason", "application", resp(200, json.dumps(dict(STATUS, state="refused", reason="不予共享"), ensure_ascii=False)),
      dict(STATUS, state="refused", reason="不予共享")),
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
    p("data page listing an item twice (only one copy would be verified)", "data", resp(200, json.dumps({"resource_code": "201002/00003", "items": ["姓名", "姓名"], "rows": [["张*", "张三"]]}, ensure_ascii=False)),
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
