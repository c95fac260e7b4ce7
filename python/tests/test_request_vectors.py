"""tests/vectors/request through the installed wheel: the same operations and
comparison as core/tests/vectors_request.rs (absent members equal null)."""

import json
import re

import pytest

import govshare
from conftest import vector_cases
from records import norm, record


def catalog_of(data):
    doc = {
        "format": "govshare-catalog",
        "format_version": 1,
        "catalog": {"id": "vectors", "name": "request vectors", "version": 1},
        "resources": data["catalog"],
    }
    return govshare.Catalog.from_json(json.dumps(doc, ensure_ascii=False).encode())


class Unrepresentable(Exception):
    """The vector's input cannot be built as the typed records the Python
    API takes (an unknown state, event or member): refused before any call."""


def typed(ann, value):
    try:
        return record(ann, value)
    except (AssertionError, TypeError, KeyError, AttributeError) as e:
        raise Unrepresentable(str(e)) from e


def profile_of(case):
    p = case.get("profile")
    if p is None:
        return None
    if isinstance(p, str):
        return govshare.deadline_profile(p)
    return govshare.deadline_profile_from_json(json.dumps(p, ensure_ascii=False))


def calendar_of(case):
    cal = govshare.WorkCalendar.embedded()
    if "calendar_json" in case:
        cal.add_json(case["calendar_json"])
    return cal


def schedule_json(out):
    return {"profile": out.profile, "steps": out.steps, "finding_codes": [f.code for f in out.findings]}


def sort_findings(fs):
    return sorted(fs, key=lambda f: json.dumps(f, sort_keys=True))


def build_request(case):
    client = govshare.PlatformClient(record(govshare.PlatformConfig, case["config"]))
    ctx = record(govshare.CallContext, case["ctx"])
    call = case["call"]
    if call == "catalog":
        msg = client.catalog_request(ctx)
    elif call == "catalog_delta":
        msg = client.catalog_delta_request(case["since_version"], ctx)
    elif call == "submit":
        msg = client.submit_request(govshare.Application.from_json(case["application_json"]), ctx)
    elif call == "resubmit":
        msg = client.resubmit_request(case["id"], govshare.Application.from_json(case["application_json"]), ctx)
    elif call == "status":
        msg = client.status_request(case["id"], ctx)
    elif call == "withdraw":
        msg = client.withdraw_request(case["id"], case.get("reason"), ctx)
    elif call == "data":
        grants = [record(govshare.Grant, g) for g in case["grants"]]
        ents = govshare.entitlements(grants, case["credit_code"], ctx.now)
        msg = client.data_request(record(govshare.DataQuery, case["query"]), ents, ctx)
    elif call == "irs_refresh_by_key":
        msg = client.irs_refresh_by_key_request(ctx)
    elif call == "irs_refresh_by_secret":
        msg = client.irs_refresh_by_secret_request(ctx)
    else:
        raise AssertionError(f"unknown call {call}")
    assert isinstance(msg, dict)
    return msg


def parse_response(case):
    resp, call = case["response"], case["call"]
    if call == "application":
        return govshare.parse_application_response(resp)
    if call == "catalog":
        return govshare.parse_catalog_response(resp)
    if call == "catalog_delta":
        return govshare.parse_catalog_delta_response(resp)
    if call == "data":
        return govshare.parse_data_response(resp, record(govshare.DataQuery, case["query"]))
    if call == "irs_refresh":
        # An opaque object: its secrets are read by name, never printed.
        s = govshare.parse_irs_refresh_response(resp)
        return {"request_secret": s.request_secret(), "request_secret_end_time": s.request_secret_end_time(),
                "refresh_secret": s.refresh_secret(), "refresh_secret_end_time": s.refresh_secret_end_time()}
    raise AssertionError(f"unknown call {call}")


def run(data, case):
    op = case["op"]
    if op == "validate":
        app = govshare.Application.from_json(case["application_json"])
        policy = record(govshare.ValidationPolicy, case["policy"]) if "policy" in case else None
        report = govshare.validate_application(app, catalog_of(data), policy)
        for f in report.findings:
            assert f.message_en and f.message_zh, f.code
        findings = [{"code": f.code, "severity": norm(f.severity), "path": f.path, "article": f.article} for f in report.findings]
        return {"ok": report.ok, "outcome": report.outcome, "track": report.track, "findings": sort_findings(findings)}
    if op == "application_digests":
        return govshare.Application.from_json(case["application_json"]).digests()
    if op == "transition":
        lc = typed(govshare.Lifecycle, case["lifecycle"])
        event = typed(govshare.Event, case["event"])
        return govshare.transition(lc, event, case["now"], profile_of(case))
    if op == "file_correction":
        return govshare.file_correction(case["application_id"], case["resource_code"], case["items"],
                                        case["data_digest"], case["filed_on"])
    if op == "answer_correction":
        return govshare.answer_correction(typed(govshare.Correction, case["correction"]), case["answered_on"],
                                          govshare.CorrectionOutcome[case["outcome"].upper()])
    if op == "schedule":
        cal, profile = calendar_of(case), profile_of(case)
        return schedule_json(govshare.schedule(cal, typed(govshare.ScheduleInput, case["input"]), case["now"], profile))
    if op == "catalog_update":
        cal, profile = calendar_of(case), profile_of(case)
        inp = typed(govshare.CatalogUpdateInput, case["input"])
        return schedule_json(govshare.catalog_update_schedule(cal, inp, case["now"], profile))
    if op == "due_date":
        return govshare.WorkCalendar.embedded().due_date(case["start"], case["days"])
    if op == "entitlements":
        grants = [record(govshare.Grant, g) for g in case["grants"]]
        return govshare.entitlements(grants, case["credit_code"], case["now"])
    if op == "build_request":
        return build_request(case)
    if op == "parse_response":
        return parse_response(case)
    raise AssertionError(f"unknown op {op}")


# The platform's error details are in the English message ("HTTP 404 with error code \"x\"").
PLATFORM = re.compile(r'HTTP (\d+) with error code "((?:[^"\\]|\\.)*)"')


@pytest.mark.parametrize("data,case", vector_cases("request"))
def test_request_vector(data, case):
    if "expect_error" in case:
        with pytest.raises((govshare.GovshareError, Unrepresentable)) as e:
            run(data, case)
        if isinstance(e.value, Unrepresentable):
            # Rust and JS read such input as JSON and answer invalid_value.
            assert case["expect_error"] == "invalid_value", str(e.value)
            return
        assert e.value.code == case["expect_error"], str(e.value)
        for secret in case.get("must_not_echo", []):
            assert secret not in f"{e.value.message} {e.value.message_zh}", "the error echoes a value"
        if "article" in case:
            assert case["article"] in e.value.message, e.value.message
        assert e.value.message_zh
        if "expect_error_fields" in case:
            m = PLATFORM.search(e.value.message)
            assert m, e.value.message
            got = {"status": int(m.group(1)), "platform_code": json.loads(f'"{m.group(2)}"')}
            assert got == case["expect_error_fields"]
    else:
        want = dict(case["expect"]) if isinstance(case["expect"], dict) else case["expect"]
        if isinstance(want, dict) and isinstance(want.get("findings"), list):
            want["findings"] = sort_findings(want["findings"])
        assert norm(run(data, case)) == norm(want)
