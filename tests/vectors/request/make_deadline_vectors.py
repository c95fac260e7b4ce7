#!/usr/bin/env python3
"""Writes tests/vectors/request/deadlines.json: working-day deadline vectors.

Every expected value is computed here by an independent Python implementation
of the rules below (it does not use or mirror govshare's Rust code), from the
embedded State Council calendar core/data/holidays-cn.json (2025 and 2026).

Run from the repository root:  python3 tests/vectors/request/make_deadline_vectors.py
(--out DIR writes deadlines.json into DIR instead; scripts/check_vectors_generated.py
uses it to compare the output with the committed file.)

Reading of "within N working days from X": the deadline is the end of the N-th
working day after the day of X (X's own day is not counted), by analogy with
Civil Code Art. 201 (a period counted in days starts on the next day) and
Art. 203 (a period ending on a day off runs to the next working day).

Calendar
  A day whose year is in the calendar is working if it is a listed make-up
  working day, not working if it is a listed holiday, otherwise working iff
  Monday-Friday. A day whose year is not in the calendar is out of range.
  A case's calendar_json (a calendar file as a JSON string) adds its years,
  replacing a year with the same key; a date listed under another year's key
  (or not a valid YYYY-MM-DD date) -> invalid_value.
  add(start, n): the n-th working day after start; n = 0 gives start. If any
    day in start+1 ... result is out of range, the result is unknown (null).
  late_count(due, end): working days d with due < d <= end; unknown (null)
    if any day in (due, end] is out of range.
  op due_date: the same count, but out-of-range days count as weekday-only
    working days; in_range false if any day in start+1 ... due was out of range.

Dates: YYYY-MM-DD (a Beijing date) or RFC 3339 with an offset; a timestamp
counts as its Beijing (UTC+8) calendar date. now_day = Beijing date of now.

Profiles: "national" and "local-2024" (see PROFILES), or a full profile object.
Unknown name -> invalid_argument; records_retention_years < 3 -> invalid_value;
a day count > 2500 -> invalid_argument.

op schedule (Measures Art. 14, 21, 22, 26, 27): steps review (only if
review_days > 0), answer, answer_extended (only with extension_days), delivery
(only with agreed), correction (only with correction_received), disposal (only
with use_until). due = add(starts, working_days). status: unknown if due is
null; met/late by completed <= due; otherwise pending if now_day <= due, else
late. working_days_late: 0 for met/pending, late_count(due, completed or
now_day) for late, null for unknown. finding_codes: profile_looser_than_decree
(profile looser than the national limits), then calendar_out_of_range (a step
is unknown or has a null working_days_late).

op catalog_update (Art. 17): steps catalog_update and catalog_publication.

Error cases are built so that exactly one rule is broken (checked below), so
the expected code does not depend on the order in which rules are checked.
"""
import argparse
import copy
import json
import os
import re
from datetime import date, datetime, timedelta, timezone

_args = argparse.ArgumentParser(description="Writes the working-day deadline vectors.")
_args.add_argument("--out", metavar="DIR", default="tests/vectors/request", help="where to write (default: %(default)s)")
ROOT_CAL = "core/data/holidays-cn.json"
OUT = os.path.join(_args.parse_args().out, "deadlines.json")
BEIJING = timezone(timedelta(hours=8))
MAX_DAYS = 2500


class Fail(Exception):
    def __init__(self, code, why):
        super().__init__(f"{code}: {why}")
        self.code = code
        self.why = why


# ------------------------------------------------------------------ dates
DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
TS_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


def parse_plain_date(s):
    m = DATE_RE.match(s) if isinstance(s, str) else None
    if not m:
        raise Fail("invalid_value", f"not a date: {s!r}")
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise Fail("invalid_value", f"not a date: {s!r}")


def parse_timestamp_day(s):
    m = TS_RE.match(s) if isinstance(s, str) else None
    if not m:
        raise Fail("invalid_value", f"not an RFC 3339 timestamp: {s!r}")
    off = m[8]
    if off in ("Z", "z"):
        tz = timezone.utc
    else:
        hh, mm = int(off[1:3]), int(off[4:6])
        if hh > 23 or mm > 59:
            raise Fail("invalid_value", f"bad offset: {s!r}")
        sign = 1 if off[0] == "+" else -1
        tz = timezone(sign * timedelta(hours=hh, minutes=mm))
    try:
        dt = datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]), int(m[6]), tzinfo=tz)
    except ValueError:
        raise Fail("invalid_value", f"not an RFC 3339 timestamp: {s!r}")
    return dt.astimezone(BEIJING).date()


def parse_day(s):
    """A Beijing calendar date from YYYY-MM-DD or an RFC 3339 timestamp."""
    if isinstance(s, str) and DATE_RE.match(s):
        return parse_plain_date(s)
    return parse_timestamp_day(s)


def iso(d):
    return None if d is None else d.isoformat()


# ------------------------------------------------------------------ calendar
class Calendar:
    def __init__(self, doc):
        self.years = {}
        self.add_years(doc)

    def add_years(self, doc):
        if not isinstance(doc, dict) or not isinstance(doc.get("years"), dict):
            raise Fail("invalid_value", "calendar: no years object")
        new = {}
        for key, y in doc["years"].items():
            if not re.fullmatch(r"\d{4}", key) or not isinstance(y, dict):
                raise Fail("invalid_value", f"calendar: bad year {key!r}")
            hol = y.get("holidays", {})
            mk = y.get("makeup_workdays", [])
            if not isinstance(hol, dict) or not isinstance(mk, list):
                raise Fail("invalid_value", f"calendar {key}: bad shape")
            hdays, mdays = set(), set()
            for name, days in hol.items():
                if not isinstance(days, list):
                    raise Fail("invalid_value", f"calendar {key}: holiday {name} not a list")
                for s in days:
                    d = parse_plain_date(s)
                    if d.year != int(key):
                        raise Fail("invalid_value", f"calendar {key}: {s} listed under the wrong year")
                    hdays.add(d)
            for s in mk:
                d = parse_plain_date(s)
                if d.year != int(key):
                    raise Fail("invalid_value", f"calendar {key}: {s} listed under the wrong year")
                mdays.add(d)
            new[int(key)] = (hdays, mdays)
        self.years.update(new)

    def in_range(self, d):
        return d.year in self.years

    def working(self, d):
        """True/False; out-of-range days are judged by weekday only."""
        if d.year in self.years:
            hol, mk = self.years[d.year]
            if d in mk:
                return True
            if d in hol:
                return False
        return d.weekday() < 5

    def add_plain(self, start, n):
        """(n-th working day after start, whether every day stepped was in range)."""
        d, left, ok = start, n, True
        while left > 0:
            d += timedelta(days=1)
            ok = ok and self.in_range(d)
            if self.working(d):
                left -= 1
        return d, ok

    def add(self, start, n):
        d, ok = self.add_plain(start, n)
        return d if ok else None

    def late_count(self, due, end):
        n, d = 0, due
        while d < end:
            d += timedelta(days=1)
            if not self.in_range(d):
                return None
            if self.working(d):
                n += 1
        return n


with open(ROOT_CAL, encoding="utf-8") as f:
    EMBEDDED = json.load(f)


def calendar_for(case):
    cal = Calendar(EMBEDDED)
    if "calendar_json" in case:
        try:
            doc = json.loads(case["calendar_json"])
        except ValueError:
            raise Fail("invalid_value", "calendar_json is not JSON")
        cal.add_years(doc)
    return cal


# ------------------------------------------------------------------ profiles
DAY_FIELDS = ["review_days", "answer_days_unconditional", "answer_days_conditional", "answer_days_data_need",
              "max_extension_days", "delivery_days", "correction_days", "disposal_days",
              "catalog_update_days", "catalog_update_extension_days", "catalog_publication_days"]
PROFILE_FIELDS = ["name"] + DAY_FIELDS + ["restart_on_resubmission", "records_retention_years"]

NATIONAL = {"name": "national", "review_days": 0, "answer_days_unconditional": 1, "answer_days_conditional": 10,
            "answer_days_data_need": 10, "max_extension_days": 10, "delivery_days": 20, "correction_days": 10,
            "disposal_days": 0, "restart_on_resubmission": True, "catalog_update_days": 10,
            "catalog_update_extension_days": 5, "catalog_publication_days": 2, "records_retention_years": 3}
LOCAL_2024 = dict(NATIONAL, name="local-2024", review_days=2, answer_days_unconditional=0)
PROFILES = {"national": NATIONAL, "local-2024": LOCAL_2024}
assert list(NATIONAL) == list(LOCAL_2024) and sorted(NATIONAL) == sorted(PROFILE_FIELDS)


def profile_violations(p):
    """[(code, why)] for a profile given by name or as an object; and the profile (or None)."""
    if p is None:
        return [], NATIONAL
    if isinstance(p, str):
        if p in PROFILES:
            return [], PROFILES[p]
        return [("invalid_argument", f"unknown profile {p!r}")], None
    if not isinstance(p, dict):
        return [("invalid_value", "profile is neither a name nor an object")], None
    v = []
    for k in PROFILE_FIELDS:
        if k not in p:
            v.append(("invalid_value", f"profile field {k} missing"))
    if v:
        return v, None
    if not isinstance(p["name"], str) or not isinstance(p["restart_on_resubmission"], bool):
        v.append(("invalid_value", "profile name / restart_on_resubmission of the wrong type"))
    for k in DAY_FIELDS + ["records_retention_years"]:
        if not isinstance(p[k], int) or isinstance(p[k], bool) or p[k] < 0:
            v.append(("invalid_value", f"profile {k} is not a count"))
    if v:
        return v, None
    if p["records_retention_years"] < 3:
        v.append(("invalid_value", "records_retention_years < 3"))
    for k in DAY_FIELDS:
        if p[k] > MAX_DAYS:
            v.append(("invalid_argument", f"profile {k} > {MAX_DAYS}"))
    return v, (None if v else p)


def looser_than_decree(p):
    return (p["review_days"] + p["answer_days_unconditional"] > 1
            or p["review_days"] + p["answer_days_conditional"] > 10
            or p["answer_days_data_need"] > 10
            or p["max_extension_days"] > 10
            or p["delivery_days"] > 20
            or p["correction_days"] > 10)


# ------------------------------------------------------------------ steps
def make_step(cal, now_day, kind, article, starts, days, completed):
    due = None if starts is None else cal.add(starts, days)
    if due is None:
        status = "unknown"
    elif completed is not None:
        status = "met" if completed <= due else "late"
    else:
        status = "pending" if now_day <= due else "late"
    if status == "unknown":
        late = None
    elif status == "late":
        late = cal.late_count(due, completed if completed is not None else now_day)
    else:
        late = 0
    s = {"step": kind, "article": article, "starts": iso(starts), "working_days": days, "due": iso(due)}
    if completed is not None:
        s["completed"] = iso(completed)
    s.update(status=status, working_days_late=late, overdue=(status == "late"))
    return s, due


def out_of_range(steps):
    return any(s["status"] == "unknown" or s["working_days_late"] is None for s in steps)


SCHEDULE_DATES = ["received", "review_completed", "resubmitted", "extension_notified", "answered", "agreed",
                  "delivered", "use_until", "disposed", "correction_received", "correction_answered"]
TRACKS = ("unconditional", "conditional", "data_need", "not_shared")


def schedule_violations(case):
    """All broken rules of a schedule case, and the parsed parts when there are none."""
    v, prof = profile_violations(case.get("profile"))
    try:
        cal = calendar_for(case)
    except Fail as e:
        v.append((e.code, e.why))
        cal = None
    inp = case["input"]
    try:
        now_day = parse_timestamp_day(case["now"])
    except Fail as e:
        v.append((e.code, "now: " + e.why))
    track = inp.get("track")
    if track not in TRACKS:
        v.append(("invalid_value", f"track {track!r}"))
    elif track == "not_shared":
        v.append(("invalid_argument", "track not_shared is refused at validation (Art. 14)"))
    if "received" not in inp:
        v.append(("invalid_value", "received missing"))
    d = {}
    for k in SCHEDULE_DATES:
        if k in inp:
            try:
                d[k] = parse_day(inp[k])
            except Fail as e:
                v.append((e.code, f"{k}: {e.why}"))
    ext = inp.get("extension_days")
    if ext is not None and (not isinstance(ext, int) or isinstance(ext, bool)):
        v.append(("invalid_value", "extension_days not an integer"))
        ext = None
    bad = lambda why: v.append(("invalid_argument", why))
    if prof is not None:
        if "review_completed" in inp and prof["review_days"] == 0:
            bad("review_completed while the profile has no review step")
        if ext is not None and (ext == 0 or ext > prof["max_extension_days"]):
            bad(f"extension_days {ext} not in 1..{prof['max_extension_days']}")
    if ("extension_days" in inp) != ("extension_notified" in inp):
        bad("extension_days and extension_notified go together")
    for later, earlier in [("delivered", "agreed"), ("disposed", "use_until"), ("correction_answered", "correction_received")]:
        if later in inp and earlier not in inp:
            bad(f"{later} without {earlier}")
    if "answered" in d and "agreed" in d and d["answered"] != d["agreed"]:
        bad("answered and agreed on different days")
    if "received" in d:
        for k in ["review_completed", "resubmitted", "extension_notified", "answered", "agreed", "correction_received"]:
            if k in d and d[k] < d["received"]:
                bad(f"{k} before received")
    for later, earlier in [("delivered", "agreed"), ("answered", "extension_notified"), ("correction_answered", "correction_received")]:
        if later in d and earlier in d and d[later] < d[earlier]:
            bad(f"{later} before {earlier}")
    if v:
        return v, None
    return [], (prof, cal, now_day, track, d, ext)


def run_schedule(case):
    v, parts = schedule_violations(case)
    if v:
        return v, None
    prof, cal, now_day, track, d, ext = parts
    steps = []
    review_due = None
    if prof["review_days"] > 0:
        s, review_due = make_step(cal, now_day, "review", None, d["received"], prof["review_days"], d.get("review_completed"))
        steps.append(s)
    if "resubmitted" in d and prof["restart_on_resubmission"]:
        starts = d["resubmitted"]
    elif prof["review_days"] > 0:
        starts = d.get("review_completed", review_due)
    else:
        starts = d["received"]
    answered = d.get("answered", d.get("agreed"))
    s, answer_due = make_step(cal, now_day, "answer", "Art. 21", starts, prof["answer_days_" + track],
                              d["extension_notified"] if ext is not None else answered)
    steps.append(s)
    if ext is not None:
        steps.append(make_step(cal, now_day, "answer_extended", "Art. 21", answer_due, ext, answered)[0])
    if "agreed" in d:
        steps.append(make_step(cal, now_day, "delivery", "Art. 22", d["agreed"], prof["delivery_days"], d.get("delivered"))[0])
    if "correction_received" in d:
        steps.append(make_step(cal, now_day, "correction", "Art. 26", d["correction_received"], prof["correction_days"],
                               d.get("correction_answered"))[0])
    if "use_until" in d:
        steps.append(make_step(cal, now_day, "disposal", "Art. 27", d["use_until"], prof["disposal_days"], d.get("disposed"))[0])
    codes = []
    if looser_than_decree(prof):
        codes.append("profile_looser_than_decree")
    if out_of_range(steps):
        codes.append("calendar_out_of_range")
    return [], {"profile": prof["name"], "steps": steps, "finding_codes": codes}


def run_catalog(case):
    v, prof = profile_violations(case.get("profile"))
    try:
        cal = calendar_for(case)
    except Fail as e:
        v.append((e.code, e.why))
    inp = case["input"]
    try:
        now_day = parse_timestamp_day(case["now"])
    except Fail as e:
        v.append((e.code, "now: " + e.why))
    if "changed_on" not in inp:
        v.append(("invalid_value", "changed_on missing"))
    d = {}
    for k in ["changed_on", "updated", "published"]:
        if k in inp:
            try:
                d[k] = parse_day(inp[k])
            except Fail as e:
                v.append((e.code, f"{k}: {e.why}"))
    extended = inp.get("extended", False)
    if not isinstance(extended, bool):
        v.append(("invalid_value", "extended not a boolean"))
    if "updated" in d and "changed_on" in d and d["updated"] < d["changed_on"]:
        v.append(("invalid_argument", "updated before changed_on"))
    if "published" in inp and "updated" not in inp:
        v.append(("invalid_argument", "published without updated"))
    if "published" in d and "updated" in d and d["published"] < d["updated"]:
        v.append(("invalid_argument", "published before updated"))
    if v:
        return v, None
    days = prof["catalog_update_days"] + (prof["catalog_update_extension_days"] if extended else 0)
    s1, due1 = make_step(cal, now_day, "catalog_update", "Art. 17", d["changed_on"], days, d.get("updated"))
    s2, _ = make_step(cal, now_day, "catalog_publication", "Art. 17", d.get("updated", due1),
                      prof["catalog_publication_days"], d.get("published"))
    steps = [s1, s2]
    return [], {"profile": prof["name"], "steps": steps,
                "finding_codes": ["calendar_out_of_range"] if out_of_range(steps) else []}


def run_due_date(case):
    try:
        start = parse_plain_date(case["start"])
    except Fail as e:
        return [(e.code, e.why)], None
    due, ok = Calendar(EMBEDDED).add_plain(start, case["days"])
    return [], {"due": iso(due), "in_range": ok}


RUN = {"schedule": run_schedule, "catalog_update": run_catalog, "due_date": run_due_date}

# ------------------------------------------------------------------ cases
cases = []


def T(day, hhmm="10:00", off="+08:00"):
    return f"{day}T{hhmm}:00{off}"


def add_case(name, op, body, error=None, check=None):
    """Compute the expectation of a case. error: the code the case is built to
    trigger (asserted: exactly one rule broken, with that code). check: hand-
    checked (step, due, status, working_days_late) tuples, asserted against
    the computed steps."""
    case = {"name": name, "op": op}
    case.update(body)
    v, expect = RUN[op](case)
    if error is not None:
        assert len(v) == 1 and v[0][0] == error, (name, v)
        case["expect_error"] = error
    else:
        assert not v, (name, v)
        case["expect"] = expect
        for kind, due, status, late in check or []:
            got = [s for s in expect["steps"] if s["step"] == kind]
            assert len(got) == 1, (name, kind)
            got = got[0]
            assert (got["due"], got["status"], got["working_days_late"]) == (due, status, late), (name, kind, got)
    assert len({c["name"] for c in cases}) == len(cases) and name not in {c["name"] for c in cases}, name
    cases.append(case)
    return case


def sched(name, inp, now, profile=None, calendar_json=None, error=None, check=None, codes=None):
    body = {"input": inp, "now": now}
    if profile is not None:
        body["profile"] = profile
    if calendar_json is not None:
        body["calendar_json"] = calendar_json
    c = add_case(name, "schedule", body, error, check)
    if codes is not None:
        assert c["expect"]["finding_codes"] == codes, (name, c["expect"]["finding_codes"])


def catalog(name, inp, now, profile=None, error=None, check=None, codes=None):
    body = {"input": inp, "now": now}
    if profile is not None:
        body["profile"] = profile
    c = add_case(name, "catalog_update", body, error, check)
    if codes is not None:
        assert c["expect"]["finding_codes"] == codes, (name, c["expect"]["finding_codes"])


def prof_obj(name, **changes):
    p = dict(NATIONAL, name=name)
    for k, val in changes.items():
        assert k in p, k
        p[k] = val
    return p


EXTRA_2027 = json.dumps({"source": "test data: a made-up 2027 schedule, not the official one",
                         "years": {"2027": {"holidays": {"元旦": ["2027-01-01"]}, "makeup_workdays": []}}},
                        ensure_ascii=False)
BAD_CAL = json.dumps({"source": "test data: a date listed under the wrong year",
                      "years": {"2027": {"holidays": {"元旦": ["2026-01-01"]}, "makeup_workdays": []}}},
                     ensure_ascii=False)
OOR = ["calendar_out_of_range"]
LOOSER = ["profile_looser_than_decree"]

# --- every track, national, ordinary days (March 2026 has no holidays; Mon 2026-03-09)
sched("national unconditional: answered on the due day (met)",
      {"track": "unconditional", "received": T("2026-03-09"), "answered": T("2026-03-10", "17:30")},
      T("2026-03-20"), check=[("answer", "2026-03-10", "met", 0)], codes=[])
sched("national unconditional: answered 3 working days late",
      {"track": "unconditional", "received": T("2026-03-09"), "answered": T("2026-03-13")},
      T("2026-03-20"), check=[("answer", "2026-03-10", "late", 3)])
sched("national unconditional: not answered, now on the due day (pending)",
      {"track": "unconditional", "received": T("2026-03-09")},
      T("2026-03-10", "23:59"), check=[("answer", "2026-03-10", "pending", 0)])
sched("national unconditional: not answered, now past the due day (late, counted to now)",
      {"track": "unconditional", "received": T("2026-03-09")},
      T("2026-03-16"), check=[("answer", "2026-03-10", "late", 4)])
sched("national conditional: answered within 10 working days (met)",
      {"track": "conditional", "received": T("2026-03-09"), "answered": T("2026-03-23")},
      T("2026-03-30"), check=[("answer", "2026-03-23", "met", 0)])
sched("national conditional: answered 2 working days late",
      {"track": "conditional", "received": T("2026-03-09"), "answered": T("2026-03-25")},
      T("2026-03-30"), check=[("answer", "2026-03-23", "late", 2)])
sched("national conditional: not answered yet (pending)",
      {"track": "conditional", "received": T("2026-03-09")},
      T("2026-03-20"), check=[("answer", "2026-03-23", "pending", 0)])
sched("national data_need: answered within 10 working days (met)",
      {"track": "data_need", "received": T("2026-03-10"), "answered": T("2026-03-20")},
      T("2026-03-30"), check=[("answer", "2026-03-24", "met", 0)])
sched("national data_need: answered 5 working days late",
      {"track": "data_need", "received": T("2026-03-10"), "answered": T("2026-03-31")},
      T("2026-04-01"), check=[("answer", "2026-03-24", "late", 5)])
sched("national data_need: not answered, now past the due day (late)",
      {"track": "data_need", "received": T("2026-03-10")},
      T("2026-03-27"), check=[("answer", "2026-03-24", "late", 3)])
sched("national data_need: not answered yet (pending)",
      {"track": "data_need", "received": T("2026-03-10")},
      T("2026-03-24", "18:00"), check=[("answer", "2026-03-24", "pending", 0)])
sched("national conditional: agreed (not answered) completes the answer step",
      {"track": "conditional", "received": T("2026-03-09"), "agreed": T("2026-03-20")},
      T("2026-03-27"), check=[("answer", "2026-03-23", "met", 0), ("delivery", "2026-04-20", "pending", 0)])
sched("national conditional: answered and agreed on the same Beijing day",
      {"track": "conditional", "received": T("2026-03-09"), "answered": "2026-03-19T17:00:00Z",
       "agreed": "2026-03-20T09:00:00+08:00"},
      T("2026-03-27"), check=[("answer", "2026-03-23", "met", 0)])

# --- holidays
sched("Spring Festival 2026: received Fri 02-13, due the make-up Saturday 02-14, answered 02-24 (late 1)",
      {"track": "unconditional", "received": T("2026-02-13"), "answered": T("2026-02-24")},
      T("2026-02-25"), check=[("answer", "2026-02-14", "late", 1)])
sched("Spring Festival 2026: conditional received 02-13, the make-up days count, holidays do not",
      {"track": "conditional", "received": T("2026-02-13")},
      T("2026-03-05", "20:00"), check=[("answer", "2026-03-05", "pending", 0)])
sched("Spring Festival 2026: answered on a holiday right after a make-up-day due (late, 0 working days)",
      {"track": "unconditional", "received": T("2026-02-13"), "answered": T("2026-02-15")},
      T("2026-02-25"), check=[("answer", "2026-02-14", "late", 0)])
sched("Spring Festival 2026: received on a holiday (02-17)",
      {"track": "data_need", "received": T("2026-02-17")},
      T("2026-03-10"), check=[("answer", "2026-03-06", "late", 2)])
sched("Spring Festival 2025: received Fri 01-24, due the make-up Sunday 01-26",
      {"track": "unconditional", "received": "2025-01-24", "answered": "2025-01-27"},
      T("2025-02-10"), check=[("answer", "2025-01-26", "late", 1)])
sched("Spring Festival 2025: received 01-27, make-up Saturday 02-08 counts",
      {"track": "data_need", "received": T("2025-01-27"), "answered": T("2025-02-17")},
      T("2025-02-20"), check=[("answer", "2025-02-17", "met", 0)])
sched("Spring Festival 2025: received on the make-up Sunday 01-26",
      {"track": "unconditional", "received": T("2025-01-26", "11:00")},
      T("2025-02-05", "09:00"), check=[("answer", "2025-01-27", "late", 1)])
sched("National Day 2025: make-up days 09-28 and 10-11 count",
      {"track": "conditional", "received": T("2025-09-26", "15:00"), "answered": T("2025-10-17")},
      T("2025-10-20"), check=[("answer", "2025-10-16", "late", 1)])
sched("National Day 2025: received on the make-up Saturday 10-11",
      {"track": "unconditional", "received": T("2025-10-11"), "answered": T("2025-10-13")},
      T("2025-10-20"), check=[("answer", "2025-10-13", "met", 0)])
sched("National Day 2026: received 09-30, make-up Saturday 10-10 counts",
      {"track": "data_need", "received": T("2026-09-30"), "answered": T("2026-10-20")},
      T("2026-10-21"), check=[("answer", "2026-10-20", "met", 0)])
sched("National Day 2026: received on a holiday (10-03)",
      {"track": "unconditional", "received": "2026-10-03"},
      T("2026-10-09"), check=[("answer", "2026-10-08", "late", 1)])
sched("Labour Day 2025: received 04-30, due after the five-day holiday",
      {"track": "unconditional", "received": T("2025-04-30"), "answered": T("2025-05-06")},
      T("2025-05-07"), check=[("answer", "2025-05-06", "met", 0)])
sched("Labour Day 2026: received 04-30, make-up Saturday 05-09 counts",
      {"track": "conditional", "received": T("2026-04-30")},
      T("2026-05-19"), check=[("answer", "2026-05-18", "late", 1)])
sched("UTC timestamp: received 2026-02-13T17:00Z is Beijing 02-14 (make-up Saturday)",
      {"track": "unconditional", "received": "2026-02-13T17:00:00Z", "answered": "2026-02-23T16:30:00Z"},
      "2026-02-24T01:00:00Z", check=[("answer", "2026-02-24", "met", 0)])
sched("UTC timestamp: now 2026-02-24T16:00Z is Beijing 02-25, one day past the due",
      {"track": "unconditional", "received": "2026-02-13T17:00:00Z"},
      "2026-02-24T16:00:00Z", check=[("answer", "2026-02-24", "late", 1)])
sched("UTC timestamp: received 2026-09-30T16:00Z is Beijing 10-01 (a holiday)",
      {"track": "unconditional", "received": "2026-09-30T16:00:00Z"},
      "2026-10-08T03:00:00Z", check=[("answer", "2026-10-08", "pending", 0)])

# --- resubmission
sched("national: resubmitted materials restart the answer clock",
      {"track": "conditional", "received": T("2026-03-09"), "resubmitted": T("2026-03-16"), "answered": T("2026-03-27")},
      T("2026-04-01"), check=[("answer", "2026-03-30", "met", 0)])
sched("profile object without restart on resubmission: the clock runs from received",
      {"track": "conditional", "received": T("2026-03-09"), "resubmitted": T("2026-03-16"), "answered": T("2026-03-27")},
      T("2026-04-01"), profile=prof_obj("test-no-restart", restart_on_resubmission=False),
      check=[("answer", "2026-03-23", "late", 4)], codes=[])
sched("local-2024: resubmitted restarts the answer clock instead of the review",
      {"track": "conditional", "received": T("2026-03-09"), "review_completed": T("2026-03-10"),
       "resubmitted": T("2026-03-17")},
      T("2026-03-20"), profile="local-2024",
      check=[("review", "2026-03-11", "met", 0), ("answer", "2026-03-31", "pending", 0)], codes=LOOSER)

# --- extension (conditional, received Mon 2026-03-09: original due 03-23)
sched("extension: notified within the original due, answered within the extension (Qingming skipped)",
      {"track": "conditional", "received": T("2026-03-09"), "extension_days": 10,
       "extension_notified": T("2026-03-20"), "answered": T("2026-04-07")},
      T("2026-04-10"), check=[("answer", "2026-03-23", "met", 0), ("answer_extended", "2026-04-07", "met", 0)])
sched("extension: notified after the original due (late 2), answered after the extension (late 1)",
      {"track": "conditional", "received": T("2026-03-09"), "extension_days": 10,
       "extension_notified": T("2026-03-25"), "answered": T("2026-04-08")},
      T("2026-04-10"), check=[("answer", "2026-03-23", "late", 2), ("answer_extended", "2026-04-07", "late", 1)])
sched("extension: not answered yet, within the extension (pending)",
      {"track": "conditional", "received": T("2026-03-09"), "extension_days": 3,
       "extension_notified": T("2026-03-23")},
      T("2026-03-26"), check=[("answer", "2026-03-23", "met", 0), ("answer_extended", "2026-03-26", "pending", 0)])
sched("extension: not answered, now past the extension (late, counted to now)",
      {"track": "conditional", "received": T("2026-03-09"), "extension_days": 5,
       "extension_notified": T("2026-03-12")},
      T("2026-04-08"), check=[("answer_extended", "2026-03-30", "late", 6)])
sched("extension of 5 days in a profile object with max_extension_days 5 (ok)",
      {"track": "data_need", "received": T("2026-03-09"), "extension_days": 5,
       "extension_notified": T("2026-03-20"), "agreed": T("2026-03-27")},
      T("2026-03-27"), profile=prof_obj("test-ext-5", max_extension_days=5),
      check=[("answer_extended", "2026-03-30", "met", 0), ("delivery", "2026-04-27", "pending", 0)], codes=[])

# --- delivery, correction, disposal
sched("delivery: 20 working days across Mid-Autumn and National Day 2026, delivered late",
      {"track": "conditional", "received": T("2026-09-07"), "agreed": T("2026-09-15"), "delivered": T("2026-10-21")},
      T("2026-10-22"), check=[("answer", "2026-09-20", "met", 0), ("delivery", "2026-10-19", "late", 2)])
sched("delivery: 20 working days across National Day 2025, delivered in time",
      {"track": "unconditional", "received": T("2025-09-19"), "answered": T("2025-09-22"), "agreed": T("2025-09-22"),
       "delivered": T("2025-10-21")},
      T("2025-10-22"), check=[("answer", "2025-09-22", "met", 0), ("delivery", "2025-10-24", "met", 0)])
sched("correction: 10 working days across Dragon Boat 2026, answered late",
      {"track": "conditional", "received": T("2026-05-20"), "answered": T("2026-05-28"),
       "correction_received": T("2026-06-15"), "correction_answered": T("2026-07-02")},
      T("2026-07-03"), check=[("correction", "2026-06-30", "late", 2)])
sched("correction: received, not answered yet (pending)",
      {"track": "unconditional", "received": T("2026-06-01"), "answered": T("2026-06-02"),
       "correction_received": T("2026-06-15")},
      T("2026-06-29"), check=[("correction", "2026-06-30", "pending", 0)])
sched("disposal, national: 0 days, due on use_until (a holiday), disposed late",
      {"track": "conditional", "received": T("2026-03-09"), "answered": T("2026-03-10"),
       "use_until": "2026-05-01", "disposed": T("2026-05-06")},
      T("2026-05-07"), check=[("disposal", "2026-05-01", "late", 1)])
sched("disposal, national: disposed on use_until (met)",
      {"track": "conditional", "received": T("2026-03-09"), "answered": T("2026-03-10"),
       "use_until": "2026-06-30", "disposed": T("2026-06-30", "23:00")},
      T("2026-07-01"), check=[("disposal", "2026-06-30", "met", 0)])
sched("disposal: profile object with disposal_days 5, disposed in time",
      {"track": "conditional", "received": T("2026-03-09"), "answered": T("2026-03-10"),
       "use_until": "2026-05-01", "disposed": T("2026-05-09")},
      T("2026-05-12"), profile=prof_obj("test-disposal-5", disposal_days=5),
      check=[("disposal", "2026-05-11", "met", 0)], codes=[])
sched("disposal: profile object with disposal_days 5, not disposed (late)",
      {"track": "conditional", "received": T("2026-03-09"), "answered": T("2026-03-10"),
       "use_until": "2026-05-01"},
      T("2026-05-14"), profile=prof_obj("test-disposal-5", disposal_days=5),
      check=[("disposal", "2026-05-11", "late", 3)], codes=[])

# --- local-2024
sched("local-2024 unconditional: answer (0 days) due the day the review completed",
      {"track": "unconditional", "received": T("2026-03-09"), "review_completed": T("2026-03-10"),
       "answered": T("2026-03-10", "16:00")},
      T("2026-03-12"), profile="local-2024",
      check=[("review", "2026-03-11", "met", 0), ("answer", "2026-03-10", "met", 0)], codes=LOOSER)
sched("local-2024 conditional: review not completed, the answer runs from the review due",
      {"track": "conditional", "received": T("2026-03-09")},
      T("2026-03-16"), profile="local-2024",
      check=[("review", "2026-03-11", "late", 3), ("answer", "2026-03-25", "pending", 0)], codes=LOOSER)
sched("local-2024: review across Spring Festival 2026, answered late",
      {"track": "data_need", "received": T("2026-02-13"), "review_completed": T("2026-02-25"),
       "answered": T("2026-03-12")},
      T("2026-03-12"), profile="local-2024",
      check=[("review", "2026-02-24", "late", 1), ("answer", "2026-03-10", "late", 2)], codes=LOOSER)
sched("local-2024 full case: every step present",
      {"track": "conditional", "received": T("2026-09-07"), "review_completed": T("2026-09-08"),
       "resubmitted": T("2026-09-10"), "extension_days": 10, "extension_notified": T("2026-09-22"),
       "answered": T("2026-10-09"), "agreed": T("2026-10-09", "15:00"), "delivered": T("2026-11-05"),
       "correction_received": T("2026-10-12"), "correction_answered": T("2026-10-26"),
       "use_until": "2026-12-01", "disposed": T("2026-12-01")},
      T("2026-12-02"), profile="local-2024",
      check=[("review", "2026-09-09", "met", 0), ("answer", "2026-09-23", "met", 0),
             ("answer_extended", "2026-10-14", "met", 0), ("delivery", "2026-11-05", "met", 0),
             ("correction", "2026-10-26", "met", 0), ("disposal", "2026-12-01", "met", 0)], codes=LOOSER)
sched("profile object with a 1-day review is not looser than the decree",
      {"track": "unconditional", "received": T("2026-03-09"), "review_completed": T("2026-03-10"),
       "answered": T("2026-03-10")},
      T("2026-03-10"), profile=prof_obj("test-review-1", review_days=1, answer_days_unconditional=0,
                                       answer_days_conditional=9),
      check=[("review", "2026-03-10", "met", 0), ("answer", "2026-03-10", "met", 0)], codes=[])
sched("profile object with correction_days 15 is looser than the decree",
      {"track": "unconditional", "received": T("2026-03-09"), "answered": T("2026-03-10")},
      T("2026-03-10"), profile=prof_obj("test-correction-15", correction_days=15),
      check=[("answer", "2026-03-10", "met", 0)], codes=LOOSER)
sched("profile object with a day count of 2500 (the maximum) is accepted",
      {"track": "unconditional", "received": T("2026-03-09"), "answered": T("2026-03-10"), "use_until": "2025-01-02"},
      T("2026-03-10"), profile=prof_obj("test-disposal-2500", disposal_days=2500),
      check=[("disposal", None, "unknown", None)], codes=OOR)

# --- out of range
sched("out of range: received 2026-12-28 conditional, the due falls past 2026 (unknown)",
      {"track": "conditional", "received": T("2026-12-28")},
      T("2027-01-05"), check=[("answer", None, "unknown", None)], codes=OOR)
sched("out of range: the same with a made-up 2027 year loaded by calendar_json",
      {"track": "conditional", "received": T("2026-12-28")},
      T("2027-01-05"), calendar_json=EXTRA_2027, check=[("answer", "2027-01-12", "pending", 0)], codes=[])
sched("out of range: late, the late count runs past 2026 (now in 2027)",
      {"track": "unconditional", "received": T("2026-12-21")},
      T("2027-01-05"), check=[("answer", "2026-12-22", "late", None)], codes=OOR)
sched("out of range: answered in 2027 after a 2026 due (late, count unknown)",
      {"track": "unconditional", "received": T("2026-12-28"), "answered": T("2027-01-04")},
      T("2027-01-05"), check=[("answer", "2026-12-29", "late", None)], codes=OOR)
sched("out of range: late count known when it stays within 2026",
      {"track": "unconditional", "received": T("2026-12-21"), "answered": T("2026-12-31")},
      T("2027-01-05"), check=[("answer", "2026-12-22", "late", 7)], codes=[])
sched("out of range: unknown answer due leaves the extension start unknown",
      {"track": "conditional", "received": T("2026-12-21"), "extension_days": 5, "extension_notified": T("2026-12-30")},
      T("2027-01-05"), check=[("answer", None, "unknown", None), ("answer_extended", None, "unknown", None)], codes=OOR)
sched("out of range: local-2024 review due unknown leaves the answer start unknown",
      {"track": "conditional", "received": T("2026-12-30")},
      T("2027-01-05"), profile="local-2024",
      check=[("review", None, "unknown", None), ("answer", None, "unknown", None)], codes=LOOSER + OOR)

# --- schedule errors (each case breaks exactly one rule)
R = T("2026-03-09")
NOW = T("2026-03-20")
sched("error: track not_shared is refused (Art. 14)", {"track": "not_shared", "received": R}, NOW, error="invalid_argument")
sched("error: received missing", {"track": "conditional"}, NOW, error="invalid_value")
sched("error: received does not parse", {"track": "conditional", "received": "yesterday"}, NOW, error="invalid_value")
sched("error: answered is not a real date", {"track": "conditional", "received": R, "answered": "2026-02-30"},
      NOW, error="invalid_value")
sched("error: unknown profile name", {"track": "conditional", "received": R}, NOW, profile="provincial-2030",
      error="invalid_argument")
sched("error: profile object with records_retention_years 2",
      {"track": "conditional", "received": R}, NOW, profile=prof_obj("test-retention-2", records_retention_years=2),
      error="invalid_value")
sched("error: profile object with a day count over 2500",
      {"track": "conditional", "received": R}, NOW, profile=prof_obj("test-delivery-2501", delivery_days=2501),
      error="invalid_argument")
sched("error: calendar_json lists a date under the wrong year",
      {"track": "conditional", "received": R}, NOW, calendar_json=BAD_CAL, error="invalid_value")
sched("error: review_completed while the profile has no review (national)",
      {"track": "conditional", "received": R, "review_completed": T("2026-03-10")}, NOW, error="invalid_argument")
sched("error: extension_days 0", {"track": "conditional", "received": R, "extension_days": 0,
                                  "extension_notified": T("2026-03-20")}, NOW, error="invalid_argument")
sched("error: extension_days 11 over the national maximum 10",
      {"track": "conditional", "received": R, "extension_days": 11, "extension_notified": T("2026-03-20")},
      NOW, error="invalid_argument")
sched("error: extension_days 6 in a profile object with max_extension_days 5",
      {"track": "conditional", "received": R, "extension_days": 6, "extension_notified": T("2026-03-20")},
      NOW, profile=prof_obj("test-ext-5", max_extension_days=5), error="invalid_argument")
sched("error: extension_days without extension_notified",
      {"track": "conditional", "received": R, "extension_days": 5}, NOW, error="invalid_argument")
sched("error: extension_notified without extension_days",
      {"track": "conditional", "received": R, "extension_notified": T("2026-03-20")}, NOW, error="invalid_argument")
sched("error: delivered without agreed",
      {"track": "conditional", "received": R, "answered": T("2026-03-12"), "delivered": T("2026-03-19")},
      NOW, error="invalid_argument")
sched("error: disposed without use_until",
      {"track": "conditional", "received": R, "disposed": T("2026-03-19")}, NOW, error="invalid_argument")
sched("error: correction_answered without correction_received",
      {"track": "conditional", "received": R, "correction_answered": T("2026-03-19")}, NOW, error="invalid_argument")
sched("error: answered and agreed on different days",
      {"track": "conditional", "received": R, "answered": T("2026-03-12"), "agreed": T("2026-03-13")},
      NOW, error="invalid_argument")
sched("error: review_completed before received (local-2024)",
      {"track": "conditional", "received": R, "review_completed": T("2026-03-06")}, NOW, profile="local-2024",
      error="invalid_argument")
sched("error: resubmitted before received",
      {"track": "conditional", "received": R, "resubmitted": T("2026-03-08")}, NOW, error="invalid_argument")
sched("error: extension_notified before received",
      {"track": "conditional", "received": R, "extension_days": 5, "extension_notified": T("2026-03-06")},
      NOW, error="invalid_argument")
sched("error: answered before received (Beijing date; the UTC date is the same)",
      {"track": "conditional", "received": "2026-03-09T00:30:00+08:00", "answered": "2026-03-08T15:59:00Z"},
      NOW, error="invalid_argument")
sched("answered on the Beijing day of received (UTC date the day before) is not before received",
      {"track": "conditional", "received": "2026-03-09T00:30:00+08:00", "answered": "2026-03-08T16:00:00Z"},
      NOW, check=[("answer", "2026-03-23", "met", 0)])
sched("error: agreed before received",
      {"track": "conditional", "received": R, "agreed": T("2026-03-06")}, NOW, error="invalid_argument")
sched("error: correction_received before received",
      {"track": "conditional", "received": R, "correction_received": T("2026-03-02")}, NOW, error="invalid_argument")
sched("error: delivered before agreed",
      {"track": "conditional", "received": R, "agreed": T("2026-03-12"), "delivered": T("2026-03-11")},
      NOW, error="invalid_argument")
sched("error: answered before extension_notified",
      {"track": "conditional", "received": R, "extension_days": 5, "extension_notified": T("2026-03-13"),
       "answered": T("2026-03-12")}, NOW, error="invalid_argument")
sched("error: correction_answered before correction_received",
      {"track": "conditional", "received": R, "correction_received": T("2026-03-12"),
       "correction_answered": T("2026-03-11")}, NOW, error="invalid_argument")

# --- catalog_update (Art. 17); Mon 2026-03-02
catalog("catalog_update: plain, updated and published in time",
        {"changed_on": T("2026-03-02"), "updated": T("2026-03-13"), "published": T("2026-03-17")},
        T("2026-03-20"), check=[("catalog_update", "2026-03-16", "met", 0), ("catalog_publication", "2026-03-17", "met", 0)],
        codes=[])
catalog("catalog_update: extended by 5 days (coordinating department consented), across Qingming",
        {"changed_on": T("2026-03-23"), "extended": True, "updated": T("2026-04-14")},
        T("2026-04-15"), check=[("catalog_update", "2026-04-14", "met", 0), ("catalog_publication", "2026-04-16", "pending", 0)])
catalog("catalog_update: same without the extension is late",
        {"changed_on": T("2026-03-23"), "updated": T("2026-04-14")},
        T("2026-04-15"), check=[("catalog_update", "2026-04-07", "late", 5), ("catalog_publication", "2026-04-16", "pending", 0)])
catalog("catalog_update: published late",
        {"changed_on": T("2026-03-02"), "updated": T("2026-03-13"), "published": T("2026-03-20")},
        T("2026-03-20"), check=[("catalog_publication", "2026-03-17", "late", 3)])
catalog("catalog_update: not updated, publication runs from the update due",
        {"changed_on": T("2026-09-21")},
        T("2026-10-09"), check=[("catalog_update", "2026-10-12", "pending", 0),
                                ("catalog_publication", "2026-10-14", "pending", 0)])
catalog("catalog_update: local-2024 profile has the same catalog limits and no finding",
        {"changed_on": "2025-09-26", "updated": "2025-10-14"}, T("2025-10-20"), profile="local-2024",
        check=[("catalog_update", "2025-10-16", "met", 0), ("catalog_publication", "2025-10-16", "late", 2)], codes=[])
catalog("catalog_update: out of range (changed 2026-12-24)",
        {"changed_on": T("2026-12-24")}, T("2027-01-05"),
        check=[("catalog_update", None, "unknown", None), ("catalog_publication", None, "unknown", None)], codes=OOR)
catalog("error: catalog updated before changed_on",
        {"changed_on": T("2026-03-02"), "updated": T("2026-02-27")}, T("2026-03-20"), error="invalid_argument")
catalog("error: catalog published without updated",
        {"changed_on": T("2026-03-02"), "published": T("2026-03-05")}, T("2026-03-20"), error="invalid_argument")
catalog("error: catalog published before updated",
        {"changed_on": T("2026-03-02"), "updated": T("2026-03-10"), "published": T("2026-03-09")},
        T("2026-03-20"), error="invalid_argument")
catalog("error: catalog changed_on missing", {"updated": T("2026-03-10")}, T("2026-03-20"), error="invalid_value")
catalog("error: catalog unknown profile name", {"changed_on": T("2026-03-02")}, T("2026-03-20"),
        profile="no-such-profile", error="invalid_argument")

# --- due_date: the plain calendar function
PINNED = [("2026-02-13", 1, "2026-02-14", True), ("2026-02-14", 1, "2026-02-24", True),
          ("2025-09-30", 1, "2025-10-09", True), ("2026-10-09", 1, "2026-10-10", True),
          ("2026-10-09", 0, "2026-10-09", True), ("2025-01-24", 1, "2025-01-26", True),
          ("2025-01-26", 1, "2025-01-27", True), ("2025-01-27", 1, "2025-02-05", True),
          ("2026-12-31", 1, "2027-01-01", False)]
EXTRA_DUE = [("2025-09-26", 10, "2025-10-16", True), ("2026-12-30", 3, "2027-01-04", False),
             ("2024-12-30", 2, "2025-01-02", False)]
for start, n, due, rng in PINNED + EXTRA_DUE:
    c = add_case(f"due_date {start} + {n} working day(s)", "due_date", {"start": start, "days": n})
    assert c["expect"] == {"due": due, "in_range": rng}, (c["expect"], due, rng)
add_case("due_date with a bad date", "due_date", {"start": "2026-13-01", "days": 1}, error="invalid_value")

# ------------------------------------------------------------------ write
doc = {
    "description": "Working-day deadlines (Measures Art. 14, 17, 21, 22, 26, 27) on the embedded 2025-2026 State Council "
                   "calendar (plus calendar_json, a calendar file as a string whose years replace/add to it). "
                   "'Within N working days from X' ends on the N-th working day after X's Beijing date; a count that "
                   "touches a year outside the calendar is unknown (null). profile: a name from profiles or a full "
                   "profile object; absent = national. "
                   "op schedule: input, now → {profile, steps: [{step, article, starts, working_days, due, completed?, "
                   "status (met|late|pending|unknown), working_days_late, overdue}], finding_codes}. "
                   "op catalog_update: input {changed_on, extended?, updated?, published?}, now → the same shape. "
                   "op due_date: start, days → {due, in_range} (out-of-range days counted as weekday-only). "
                   "expect_error: an error code.",
    "source": "govshare: computed by an independent Python implementation "
              "(tests/vectors/request/make_deadline_vectors.py) from the embedded calendar",
    "profiles": {"national": NATIONAL, "local-2024": LOCAL_2024},
    "cases": cases,
}
with open(OUT, "w", encoding="utf-8") as f:
    json.dump(doc, f, ensure_ascii=False, indent=1)
    f.write("\n")

if __name__ == "__main__":
    from collections import Counter
    ops = Counter((c["op"], "error" if "expect_error" in c else "ok") for c in cases)
    print(f"{len(cases)} cases:", ", ".join(f"{op}/{k}={n}" for (op, k), n in sorted(ops.items())))
