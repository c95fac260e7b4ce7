#!/usr/bin/env python3
"""Writes tests/vectors/mask/sheets.json: the masking checks and the
de-identification check on workbooks (.xlsx), issue #15.

The workbooks are written here with openpyxl (xlsx), pandas with odfpy (ods)
and xlwt (xls) — PyPI, independent of govshare and of calamine, the reader
govshare uses — and embedded base64 (`data_b64`).
What each cell compares as is computed here, from the Python value written,
by the rules of docs/masking.md §10 ("as displayed"):

  * a string as it is; an int, or a float that is an integer below 2^53, as
    its decimal digits without ".0"; another float as the shortest decimal
    that reads back as it, in positional notation (Python's repr gives the
    digits; decimal.Decimal prints them without an exponent);
  * True / False as TRUE / FALSE;
  * a date as YYYY-MM-DD, a datetime as YYYY-MM-DDTHH:MM:SS;
  * the header is the first row with a value (rows above it are empty);
    rows without a value are not records.

Who computes what:

  * PyPI `pycanon` 1.3.6 (independent of govshare): `k_achieved`
    (anonymity.k_anonymity) and `l_achieved` (anonymity.l_diversity, one
    sensitive column at a time) on a pandas DataFrame of the compared texts;
    collections.Counter checks both and gives records, classes,
    records_below_k, classes_below_k and the booleans.
  * By construction: `direct_unmasked` (masked values, or resident identity
    numbers whose GB 11643 check character is computed here), the masked
    output of `apply` (the keep rule: the first and last characters kept,
    every other one `*`), the sheet row of each violation.
  * govshare's own contract, not computed: error codes (docs/errors.md) of
    the refusals (a formula, a merged header cell, an error value, an
    unknown sheet, not a workbook, a value right of the header, an empty or
    repeated header name) and the violation reason.

The workbooks are made byte-stable (zip entries re-packed with a fixed time,
document properties with a fixed date) so that rerunning the script writes
the same file. Run from the repository root:
python3 tests/vectors/mask/make_sheet_vectors.py (--out DIR writes into DIR;
scripts/check_vectors_generated.py uses it). Needs `openpyxl`, `odfpy`,
`xlwt`, `pycanon` and `pandas` (python/requirements-dev.txt).
"""
import argparse
import base64
import datetime
import decimal
import io
import json
import os
import re
import zipfile
from collections import Counter, defaultdict

import openpyxl
import pandas as pd
import xlwt
from pycanon import anonymity

_args = argparse.ArgumentParser(description="Writes the workbook vectors.")
_args.add_argument("--out", metavar="DIR", default="tests/vectors/mask", help="where to write (default: %(default)s)")
OUT = os.path.join(_args.parse_args().out, "")

FIXED = "2026-01-01T00:00:00Z"


# ---------------------------------------------------------------- text

def shown(v):
    """The text a cell compares as (docs/masking.md §10)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if v.is_integer() and abs(v) < 2 ** 53:
            return str(int(v))
        return format(decimal.Decimal(repr(v)), "f")
    if isinstance(v, datetime.datetime):
        if v.time() == datetime.time(0, 0):
            return v.date().isoformat()
        return v.strftime("%Y-%m-%dT%H:%M:%S")
    if isinstance(v, datetime.date):
        return v.isoformat()
    return str(v)


# ---------------------------------------------------------------- workbooks

def stable(raw):
    """The workbook re-packed with fixed times, so reruns write the same bytes
    (each entry keeps its compression: ODF's `mimetype` stays first and stored)."""
    src = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename in ("docProps/core.xml", "meta.xml"):
                text = data.decode()
                for tag in ("dcterms:created", "dcterms:modified", "meta:creation-date", "dc:date"):
                    text = re.sub(rf"(<{tag}[^>]*>)[^<]*(</{tag}>)", rf"\g<1>{FIXED}\g<2>", text)
                data = text.encode()
            z = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            z.compress_type = info.compress_type
            dst.writestr(z, data)
    return out.getvalue()


def ods_workbook(sheet, table):
    """An OpenDocument spreadsheet, written by pandas with odfpy (header row first)."""
    buf = io.BytesIO()
    frame = pd.DataFrame([row for row in table[1:] if any(v is not None for v in row)], columns=table[0])
    frame.to_excel(buf, engine="odf", index=False, sheet_name=sheet)
    return base64.b64encode(stable(buf.getvalue())).decode()


def xls_workbook(sheet, table):
    """An Excel 97-2003 (BIFF8) workbook, written by xlwt."""
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet(sheet)
    for r, row in enumerate(table):
        for c, v in enumerate(row):
            if v is not None:
                ws.write(r, c, v)
    buf = io.BytesIO()
    wb.save(buf)
    return base64.b64encode(buf.getvalue()).decode()


def workbook(sheets):
    """`sheets`: [(name, top, rows, extra(ws) or None)]; rows start at 1-based row `top`."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, top, rows, extra in sheets:
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v is None:
                    continue
                cell = ws.cell(row=top + r, column=c + 1, value=v)
                if isinstance(v, datetime.datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm:ss" if v.time() != datetime.time(0, 0) else "yyyy-mm-dd"
                elif isinstance(v, datetime.date):
                    cell.number_format = "yyyy-mm-dd"
        if extra:
            extra(ws)
    buf = io.BytesIO()
    wb.save(buf)
    return base64.b64encode(stable(buf.getvalue())).decode()


# ---------------------------------------------------------------- identifiers

def resident_id(first17):
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(first17, weights))
    return first17 + "10X98765432"[total % 11]


def keep(text, first, last):
    n = len(text)
    return text[:first] + "*" * (n - first - last) + text[n - last:]


# ---------------------------------------------------------------- deid

def expectations(header, rows, options, direct_unmasked):
    """The DeidReport fields computed independently (pycanon + Counter)."""
    records = [[shown(v).strip() for v in row] for row in rows if any(v is not None for v in row)]
    col = {h: i for i, h in enumerate(header)}
    quasi, sensitive = options["quasi"], options.get("sensitive", [])
    k, l = options.get("k", 5), options.get("l", 2)
    classes = Counter(tuple(r[col[q]] for q in quasi) for r in records)
    k_achieved = min(classes.values())
    frame = pd.DataFrame([[r[col[c]] for c in quasi + sensitive] for r in records], columns=quasi + sensitive)
    assert anonymity.k_anonymity(frame, quasi) == k_achieved, "pycanon and Counter disagree on k"
    l_achieved = {}
    for s in sensitive:
        values = defaultdict(set)
        for r in records:
            values[tuple(r[col[q]] for q in quasi)].add(r[col[s]])
        l_counter = min(len(v) for v in values.values())
        l_pycanon = anonymity.l_diversity(frame, quasi, [s])
        assert l_pycanon == l_counter, f"pycanon and Counter disagree on l of {s}"
        l_achieved[s] = l_pycanon
    below = [n for n in classes.values() if n < k]
    deidentified = all(n == 0 for n in direct_unmasked.values())
    k_anonymous = k_achieved >= k
    l_diverse = all(v >= l for v in l_achieved.values())
    return {
        "records": len(records),
        "classes": len(classes),
        "k_required": k,
        "k_achieved": k_achieved,
        "records_below_k": sum(below),
        "classes_below_k": len(below),
        "l_required": l,
        "l_achieved": l_achieved,
        "direct_unmasked": direct_unmasked,
        "deidentified": deidentified,
        "k_anonymous": k_anonymous,
        "l_diverse": l_diverse,
        "passed": deidentified and k_anonymous and l_diverse,
    }


CASES = []


def deid_case(name, sheets, sheet_index, options, direct_unmasked, why):
    _, _, table, _ = sheets[sheet_index]
    header, rows = table[0], table[1:]
    CASES.append({
        "name": name,
        "op": "deid",
        "format": "xlsx",
        "data_b64": workbook(sheets),
        "options": options,
        "why": why,
        "expect": expectations(header, rows, options, direct_unmasked),
    })


def deid_cases():
    patients = [
        ["age", "sex", "disease", "phone"],
        [30, "男", "流感", "138****5678"],
        [30, "男", "肺炎", "139****0000"],
        [30.0, "男", "流感", "137****1111"],
        [None, None, None, None],
        [41, "女", "胃炎", "136****2222"],
        [41, "女", "流感", "135****3333"],
        [41, "女", "流感", "13812345678"],
    ]
    options = {"quasi": ["age", "sex"], "sensitive": ["disease"], "direct": ["phone"], "k": 2, "l": 2}
    deid_case(
        "numbers and text; header below empty rows; an empty row between records",
        [("病例", 3, patients, None)],
        0,
        options,
        {"phone": 1},
        "30 and 30.0 are one value (30); the header is on row 3; row 7 is empty and no record",
    )
    expect = CASES[-1]["expect"]
    CASES.append({
        "name": "the same patients as ods",
        "op": "deid",
        "format": "ods",
        "data_b64": ods_workbook("病例", patients),
        "options": options,
        "why": "written by pandas with odfpy; numbers are doubles as in xlsx",
        "expect": expect,
    })
    CASES.append({
        "name": "the same patients as xls: recognized and refused",
        "op": "deid",
        "format": "xls",
        "data_b64": xls_workbook("病例", patients),
        "options": options,
        "why": "written by xlwt; Excel 97-2003 workbooks are refused (docs/masking.md §10: their reader is not "
               "robust against damaged files), with a coded error rather than a misreading",
        "expect_error": "sheet_unreadable",
    })
    born = [
        ["birth", "insured", "score", "dx", "id"],
        [datetime.date(1990, 5, 1), True, 1.5, "a", keep(resident_id("11010519900501001"), 6, 4)],
        [datetime.date(1990, 5, 1), True, 1.5, "b", keep(resident_id("11010519900501002"), 6, 4)],
        [datetime.date(1990, 5, 1), True, 1.5, "c", keep(resident_id("11010519900501003"), 6, 4)],
        [datetime.datetime(1990, 5, 1, 8, 30), False, 0.25, "a", keep(resident_id("11010519900501004"), 6, 4)],
        [datetime.datetime(1990, 5, 1, 8, 30), False, 0.25, "a", resident_id("11010519900501005")],
        [datetime.datetime(1990, 5, 1, 8, 30), False, 2.0, "b", keep(resident_id("11010519900501006"), 6, 4)],
    ]
    deid_case(
        "dates, datetimes, booleans and floats as displayed",
        [("data", 1, born, None)],
        0,
        {"quasi": ["birth", "insured", "score"], "sensitive": ["dx"], "direct": ["id"], "k": 1, "l": 1},
        {"id": 1},
        "1990-05-01 and 1990-05-01T08:30:00 differ; 2.0 is 2, not 0.25; one full resident id",
    )
    second = [
        ["district", "age", "dx"],
        ["东城", 30, "流感"], ["东城", 30, "肺炎"], ["东城", 30, "流感"],
        ["西城", 30, "流感"], ["西城", 30, "胃炎"], ["西城", 30, "哮喘"],
    ]
    deid_case(
        "the sheet named in options, not the first",
        [("说明", 1, [["readme"], ["no data here"]], None), ("data", 1, second, None)],
        1,
        {"quasi": ["district", "age"], "sensitive": ["dx"], "k": 3, "l": 2, "sheet": "data"},
        {},
        "the first sheet has no quasi column; options.sheet reads the second",
    )


# ---------------------------------------------------------------- verify, scan, apply

POLICY = {"fields": {
    "name": {"rule": "keep", "first": 1, "last": 0},
    "idNumber": {"rule": "keep", "first": 6, "last": 4},
    "note": {"rule": "plain"},
}}


def mask_cases():
    full = resident_id("44052418800101001")
    raw = [
        ["name", "idNumber", "note"],
        ["张三", "11010519491231002X", "无"],
        [None, None, None],
        ["欧阳娜娜", full, "电话已脱敏"],
    ]
    masked = [raw[0], [keep("张三", 1, 0), keep("11010519491231002X", 6, 4), "无"], [None] * 3,
              [keep("欧阳娜娜", 1, 0), full, "电话已脱敏"]]
    data = workbook([("Sheet1", 2, masked, None)])
    CASES.append({
        "name": "verify: an unmasked id number is a violation on its sheet row",
        "op": "verify", "format": "xlsx", "policy": POLICY, "data_b64": data,
        "why": "header on row 2, an empty row 4: the second record is sheet row 5; its id number is not "
               "masked as keep 6/4 declares (mask_count_mismatch) and is a whole identifier (identifier_leak)",
        "expect": {"passed": False, "records": 2, "violation_count": 2, "violations": [
            {"record": 1, "line": 5, "field": "idNumber", "reason": "mask_count_mismatch"},
            {"record": 1, "line": 5, "field": "idNumber", "reason": "identifier_leak", "kind": "cn_resident_id"}]},
    })
    CASES.append({
        "name": "scan: identifiers in a workbook",
        "op": "scan", "format": "xlsx", "data_b64": workbook([("Sheet1", 1, raw, None)]),
        "why": "two resident id numbers, in records 0 and 1",
        "expect": {"records": 2, "finding_count": 2, "findings": [
            {"record": 0, "field": "idNumber", "kind": "cn_resident_id"},
            {"record": 1, "field": "idNumber", "kind": "cn_resident_id"}]},
    })
    out = "".join(",".join(shown(v) for v in row) + "\r\n" for row in [
        raw[0], [keep("张三", 1, 0), keep("11010519491231002X", 6, 4), "无"],
        [keep("欧阳娜娜", 1, 0), keep(full, 6, 4), "电话已脱敏"]])
    CASES.append({
        "name": "apply: a workbook in, CSV out",
        "op": "apply", "format": "xlsx", "policy": POLICY, "data_b64": workbook([("Sheet1", 1, raw, None)]),
        "why": "the sheet's rows as CSV (CRLF line ends), masked by the keep rule",
        "expect": {"output": out, "report": {"records": 2}},
    })


# ---------------------------------------------------------------- refusals

def refusal(name, sheets, code, why, options=None):
    opts = {"quasi": ["a"], "k": 1, "l": 1}
    opts.update(options or {})
    CASES.append({"name": name, "op": "deid", "format": "xlsx", "data_b64": workbook(sheets),
                  "options": opts, "expect_error": code, "why": why})


def refusals():
    ok = [["a", "b"], [1, "x"], [2, "y"]]

    def formula(ws):
        ws["B3"] = "=A3*2"

    def merged(ws):
        ws.merge_cells("A1:B1")

    refusal("a formula cell", [("Data", 1, ok, formula)], "sheet_formula",
            "B3 holds =A3*2: its cached value may not be the provider's")
    refusal("a merged header", [("Data", 1, ok, merged)], "sheet_merged_header",
            "A1:B1 merged takes in the header row")
    refusal("an error value", [("Data", 1, [["a", "b"], [1, "#N/A"]], None)], "sheet_error_cell",
            "B2 holds the error value #N/A")
    refusal("an unknown sheet", [("Data", 1, ok, None)], "sheet_not_found",
            "options.sheet names no sheet of the workbook", {"sheet": "Other"})
    refusal("a value right of the header", [("Data", 1, [["a", "b"], [1, "x", "extra"]], None)],
            "sheet_ragged_row", "C2 holds a value; the header ends at B")
    refusal("a repeated header name", [("Data", 1, [["a", "a"], [1, 2]], None)],
            "sheet_header_invalid", "B1 repeats A1")
    refusal("an empty header cell", [("Data", 1, [["a", None, "c"], [1, 2, 3]], None)],
            "sheet_header_invalid", "B1 is empty between A1 and C1")
    CASES.append({"name": "not a workbook", "op": "deid", "format": "xlsx",
                  "data_b64": base64.b64encode("a,b\n1,2\n".encode()).decode(),
                  "options": {"quasi": ["a"], "k": 1, "l": 1}, "expect_error": "sheet_unreadable",
                  "why": "CSV text given as xlsx"})


deid_cases()
mask_cases()
refusals()

doc = {
    "description": "Workbooks (.xlsx; one dataset also as .ods, and as .xls, which is refused) for the masking checks and the de-identification check: cells compared "
                   "as displayed (docs/masking.md §10), the first sheet or options.sheet, the header the first "
                   "row with a value, violations on sheet rows; refusals carry expect_error, govshare's error "
                   "code. data_b64 is the workbook, base64.",
    "source": "Generated by make_sheet_vectors.py. Workbooks written by PyPI openpyxl 3.1.5 (xlsx), pandas "
              "2.3.3 with odfpy 1.4.1 (ods) and xlwt 1.3.0 (xls), independent of govshare and of calamine. PyPI pycanon 1.3.6 computed k_achieved and l_achieved on the "
              "displayed texts, checked with collections.Counter; masked outputs and direct_unmasked by "
              "construction (keep rule; GB 11643 check characters computed here). All data is synthetic.",
    "cases": CASES,
}
with open(OUT + "sheets.json", "w", encoding="utf-8") as f:
    json.dump(doc, f, ensure_ascii=False, indent=1)
    f.write("\n")
