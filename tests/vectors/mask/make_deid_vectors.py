#!/usr/bin/env python3
"""Writes tests/vectors/mask/deid.json: the de-identification check
(`check_deid`: k-anonymity, distinct and entropy ℓ-diversity, unmasked
direct identifiers) on datasets given as CSV, NDJSON and a JSON array.

Every dataset is written in the three formats (three cases, same data), so
the runners also check that the formats agree. Its values are built here as
cells that say how each format spells them; the text each cell compares as
is computed twice, from the CSV spelling and from the JSON spelling, and the
two must be equal (so the three cases really hold the same data):

  * values compare as text after trimming whitespace (the datasets pad with
    spaces and tabs only);
  * a CSV cell as read (RFC 4180 quoting undone); a JSON string as its text;
    another JSON scalar as its canonical JSON (RFC 8785) text, so 30, 30.0,
    3e1 and "30" are one value, and true is "true";
  * JSON null, a missing member and the empty string (also a string of
    blanks, which trims to it) are ONE value of their own;
  * an equivalence class is the records with equal values in every quasi
    column.

Who computes what (the file's "source" says it too):

  * PyPI `pycanon` 1.3.6 (independent of govshare): `k_achieved`
    (anonymity.k_anonymity) and every `l_achieved` entry
    (anonymity.l_diversity, one sensitive column at a time), on a pandas
    DataFrame of the compared texts (null and empty as "", which pycanon
    and pandas treat as an ordinary value; NaN would be dropped by pandas'
    groupby and is never passed). Plain Python (collections.Counter) checks
    both.
  * This script: `l_entropy`. pycanon's entropy_l_diversity returns
    int(min over classes of e ** H) with H = -sum p ln p (natural log), i.e.
    the value FLOORED to an integer, and only the minimum over all the
    sensitive columns given; the report wants, per sensitive column, the
    unfloored exp(min over classes of H). This script computes that with
    math.log / math.exp and checks that flooring it gives pycanon's integer
    (one column at a time). Rounded to 9 decimals: runners compare with an
    absolute tolerance of 1e-9.
  * This script (collections.Counter): records, classes, records_below_k,
    classes_below_k, k_required, l_required, and the booleans
    k_anonymous = k_achieved >= k, l_diverse = every l_achieved >= l,
    deidentified = every direct_unmasked is 0,
    passed = deidentified and k_anonymous and l_diverse.
  * `direct_unmasked` by construction: masked values ("110***********1234",
    "138****5678", "张*") hold no identifier; the unmasked ones are full
    18-digit resident identity numbers whose GB 11643 check character this
    script computes.

  * This script (itertools.combinations, collections.Counter):
    `risky_combinations`, the minimal combinations of quasi columns whose
    projection alone has classes below k (none of its proper subsets does),
    by size then in the order the options name the columns, with their
    classes and records below k; every combination is tried, so
    `combinations_complete` is true (no dataset has more than 12 quasi
    columns). Empty when k is reached.

  * This script: `generalization`, the masking rules' generalization level
    of one quasi column that reaches k with the least generalization
    (docs/masking.md §9): for each quasi column whose every non-null value
    is a date written YYYY-MM-DD or YYYY-MM (levels year_month, year) or a
    whole number of years up to 150 (age bands of 5, 10, 20 years, `lo-hi`),
    each level from the finest that merges some values (addresses in a
    municipality: county, city, province), the classes
    recounted (Counter) with that column generalized; the first level
    reaching k is the column's candidate; among columns the smallest
    resulting k that reaches k, ties to the first named, else the largest
    resulting k, then fewer records below k. Null when k is reached or no
    column qualifies. Other address forms (with a province) are tested in
    core/tests/deid.rs.

`suggestion` is left out (which column to generalize is the
implementation's choice). Refusals (a column absent from the data, an empty
dataset, bad CSV, bad JSON) are cases with "expect_error": govshare's error
code (docs/errors.md), part of the contract rather than computed here.

Run from the repository root: python3 tests/vectors/mask/make_deid_vectors.py
(--out DIR writes the file into DIR instead; scripts/check_vectors_generated.py
uses it). Needs `pycanon` and `pandas` (python/requirements-dev.txt;
scripts/bootstrap.sh installs them into .venv).
"""
import argparse
import itertools
import json
import math
import re
import os
import random
from collections import Counter, defaultdict

import pandas as pd
from pycanon import anonymity

_args = argparse.ArgumentParser(description="Writes the de-identification check vectors.")
_args.add_argument("--out", metavar="DIR", default="tests/vectors/mask", help="where to write (default: %(default)s)")
OUT = os.path.join(_args.parse_args().out, "")

DEFAULT_K = 5
DEFAULT_L = 2
ENTROPY_DECIMALS = 9


# ---------------------------------------------------------------- cells
#
# A cell is (csv_text, json_token): the CSV cell's text (before quoting) and
# the JSON member's raw value text, or None for a member left out.

def s(text, csv=None):
    """A string value (its CSV cell may be spelled differently, e.g. padded)."""
    return (text if csv is None else csv, json.dumps(text, ensure_ascii=False))


def num(token, csv=None):
    """A JSON number spelled `token`; its CSV cell is the canonical text unless given."""
    return (canonical_number(token) if csv is None else csv, token)


def boolean(value):
    return ("true" if value else "false", "true" if value else "false")


NULL = ("", "null")
MISSING = ("", None)
EMPTY = ("", '""')


def canonical_number(token):
    """RFC 8785 text of a JSON number; only the integral values these datasets use."""
    value = json.loads(token)
    if isinstance(value, float):
        assert value.is_integer() and abs(value) < 2 ** 53, token
        value = int(value)
    return str(value)


def compared_from_csv(cell):
    return cell[0].strip(" \t")


def compared_from_json(cell):
    token = cell[1]
    if token is None:
        return ""
    value = json.loads(token)
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip(" \t")
    if isinstance(value, bool):
        return "true" if value else "false"
    return canonical_number(token)


def compared(cell):
    a, b = compared_from_csv(cell), compared_from_json(cell)
    assert a == b, (cell, a, b)
    assert a.strip() == a, cell  # only spaces and tabs pad the values
    return a


# ---------------------------------------------------------------- formats

def csv_field(text, force_quote=False):
    if force_quote or any(c in text for c in ',"\r\n') or text != text.strip(" \t"):
        return '"' + text.replace('"', '""') + '"'
    return text


def to_csv(columns, rows, rng=None, crlf=False):
    nl = "\r\n" if crlf else "\n"
    lines = [",".join(csv_field(c) for c in columns)]
    for row in rows:
        lines.append(",".join(csv_field(row[c][0], bool(rng) and rng.random() < 0.05) for c in columns))
    return nl.join(lines) + nl


def json_record(columns, row, order_rng=None):
    cols = list(columns)
    if order_rng is not None and order_rng.random() < 0.3:
        cols.reverse()
    members = [json.dumps(c, ensure_ascii=False) + ":" + row[c][1] for c in cols if row[c][1] is not None]
    return "{" + ",".join(members) + "}"


def to_ndjson(columns, rows, seed):
    rng = random.Random(seed)
    return "".join(json_record(columns, r, rng) + "\n" for r in rows)


def to_json_array(columns, rows, seed):
    rng = random.Random(seed)
    return "[\n" + ",\n".join(json_record(columns, r, rng) for r in rows) + "\n]\n"


# ---------------------------------------------------------------- expectations

def expectations(columns, rows, options, direct_unmasked):
    quasi = options["quasi"]
    sensitive = options.get("sensitive", [])
    k = options.get("k", DEFAULT_K)
    l = options.get("l", DEFAULT_L)
    values = [{c: compared(row[c]) for c in columns} for row in rows]
    assert values, "a dataset has records"

    classes = defaultdict(list)
    for v in values:
        classes[tuple(v[q] for q in quasi)].append(v)
    sizes = Counter({key: len(members) for key, members in classes.items()})
    k_counter = min(sizes.values())

    # pycanon on the compared texts ("" for null / missing / empty: a value like any other).
    frame = pd.DataFrame([[v[c] for c in quasi + sensitive] for v in values],
                         columns=quasi + sensitive, dtype=object)
    assert not frame.isna().any().any()
    k_pycanon = int(anonymity.k_anonymity(frame, quasi))
    assert k_pycanon == k_counter, (k_pycanon, k_counter)

    l_achieved, l_entropy = {}, {}
    for col in sensitive:
        l_counter = min(len(set(m[col] for m in members)) for members in classes.values())
        l_pycanon = int(anonymity.l_diversity(frame, quasi, [col]))
        assert l_pycanon == l_counter, (col, l_pycanon, l_counter)
        l_achieved[col] = l_pycanon

        entropies = []
        for members in classes.values():
            n = len(members)
            counts = Counter(m[col] for m in members)
            entropies.append(-math.fsum((c / n) * math.log(c / n) for c in counts.values()))
        ent = math.exp(min(entropies))
        floored = int(anonymity.entropy_l_diversity(frame, quasi, [col]))
        near = round(ent)
        assert floored == math.floor(ent) or (abs(ent - near) < 1e-9 and floored in (near - 1, near)), \
            (col, floored, ent)
        assert 1 - 1e-12 <= ent <= l_counter + 1e-9, (ent, l_counter)
        l_entropy[col] = round(ent, ENTROPY_DECIMALS)

    k_anonymous = k_pycanon >= k
    risky = [] if k_anonymous else minimal_combinations(values, quasi, k)
    hint = None if k_anonymous else generalization_hint(values, quasi, k)
    l_diverse = all(v >= l for v in l_achieved.values())
    deidentified = all(n == 0 for n in direct_unmasked.values())
    return {
        "records": len(values),
        "classes": len(sizes),
        "k_required": k,
        "k_achieved": k_pycanon,
        "records_below_k": sum(n for n in sizes.values() if n < k),
        "classes_below_k": sum(1 for n in sizes.values() if n < k),
        "l_required": l,
        "l_achieved": l_achieved,
        "l_entropy": l_entropy,
        "direct_unmasked": direct_unmasked,
        "risky_combinations": risky,
        "combinations_complete": True,
        "generalization": hint,
        "deidentified": deidentified,
        "k_anonymous": k_anonymous,
        "l_diverse": l_diverse,
        "passed": deidentified and k_anonymous and l_diverse,
    }


def generalized(value, to, width):
    """A value at a generalization level, or None when it is not of its kind."""
    if to in ("year_month", "year"):
        m = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", value)
        if not m or not 1 <= int(m.group(2)) <= 12:
            return None
        return f"{m.group(1)}-{m.group(2)}" if to == "year_month" else m.group(1)
    if to in ("county", "city", "province"):
        # Only what the datasets hold: addresses in a municipality (北京, 上海,
        # 天津, 重庆), where province and city are both "X市" and the county
        # ends at the first 区/县/旗/市 after it.
        m = re.match(r"(北京|上海|天津|重庆)市?", value)
        if not m:
            return None
        head, rest = m.group(0), value[len(m.group(0)):]
        if to in ("city", "province"):
            return head
        cut = re.search("[区县旗市]", rest)
        return head + rest[:cut.end()] if cut else head
    if to != "age_band":
        return None
    if re.fullmatch(r"\d{1,3}", value) and int(value) <= 150:
        lo = int(value) // width * width
        return f"{lo}-{lo + width - 1}"
    return None


LEVELS = [("year_month", None), ("year", None), ("age_band", 5), ("age_band", 10), ("age_band", 20),
          ("county", None), ("city", None), ("province", None)]


def generalization_hint(values, quasi, k):
    """See the module comment: the generalization level that reaches k."""
    best = None
    for qi, col in enumerate(quasi):
        distinct = {v[col] for v in values} - {""}
        if not distinct:
            continue
        # Address-like values outside a municipality (bare district names
        # here) are of no level: govshare finds no county, city or province
        # above them either, and the runners would say if it did.
        for to, width in LEVELS:
            mapped = {t: generalized(t, to, width) for t in distinct}
            if any(g is None for g in mapped.values()) or len(set(mapped.values())) == len(distinct):
                continue
            sizes = Counter(tuple(mapped.get(v[q], "") if q == col else v[q] for q in quasi) for v in values)
            kmin = min(sizes.values())
            below = sum(n for n in sizes.values() if n < k)
            cand = {"column": col, "to": to, "width": width, "k_after": kmin,
                    "records_below_k_after": below, "reaches_k": kmin >= k}
            if best is None:
                better = True
            elif cand["reaches_k"] != best["reaches_k"]:
                better = cand["reaches_k"]
            elif cand["reaches_k"]:
                better = kmin < best["k_after"]
            else:
                better = kmin > best["k_after"] or (kmin == best["k_after"] and below < best["records_below_k_after"])
            if better:
                best = cand
            if kmin >= k:
                break
    return best


def minimal_combinations(values, quasi, k):
    """The minimal combinations of quasi columns whose projection alone has a
    class below k (a combination is listed only if none of its proper
    subsets is), by size, then in the order the options name the columns
    (itertools.combinations' order); each with its classes and records
    below k. Every combination is tried (Counter over the compared texts)."""
    listed = []
    for size in range(1, len(quasi) + 1):
        for cols in itertools.combinations(range(len(quasi)), size):
            if any(set(l) <= set(cols) for l, _, _ in listed):
                continue
            sizes = Counter(tuple(v[quasi[i]] for i in cols) for v in values)
            small = [n for n in sizes.values() if n < k]
            if small:
                listed.append((cols, len(small), sum(small)))
    # Being below k passes to every larger combination, so when k is not
    # reached the full set is covered: something is listed.
    assert listed
    return [{"columns": [quasi[i] for i in cols], "classes_below_k": c, "records_below_k": r}
            for cols, c, r in listed]


CASES = []


def dataset(name, columns, rows, options, direct_unmasked=None, seed=0, crlf=False):
    """Adds the dataset's three cases (csv, ndjson, json_array)."""
    for row in rows:
        assert set(row) == set(columns), (name, row)
    direct = options.get("direct", [])
    direct_unmasked = dict(direct_unmasked or {})
    for col in direct:
        direct_unmasked.setdefault(col, 0)
    assert set(direct_unmasked) == set(direct), name
    expect = expectations(columns, rows, options, direct_unmasked)
    forms = [
        ("csv", to_csv(columns, rows, random.Random(seed), crlf)),
        ("ndjson", to_ndjson(columns, rows, seed + 1)),
        ("json_array", to_json_array(columns, rows, seed + 2)),
    ]
    for fmt, data in forms:
        CASES.append({"name": f"{name} ({fmt})", "op": "deid", "format": fmt, "data": data,
                      "options": options, "expect": expect})


# ---------------------------------------------------------------- identifiers

GB11643_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
GB11643_CHECK = "10X98765432"


def resident_id(first17):
    assert len(first17) == 17 and first17.isdigit()
    total = sum(int(d) * w for d, w in zip(first17, GB11643_WEIGHTS))
    return first17 + GB11643_CHECK[total % 11]


# The standard's own example checks the computation.
assert resident_id("11010519491231002") == "11010519491231002X"
assert resident_id("44052418800101001") == "440524188001010014"


# ---------------------------------------------------------------- hand-made datasets

def rows_of(columns, table):
    return [dict(zip(columns, r)) for r in table]


def handmade():
    cols = ["sex", "age", "dx"]
    dataset("single class, k = all records", cols, rows_of(cols, [
        [s("女"), num("34"), s("流感")],
        [s("女"), num("34"), s("肺炎")],
        [s("女"), num("34"), s("胃炎")],
        [s("女"), num("34"), s("流感")],
        [s("女"), num("34"), s("哮喘")],
    ]), {"quasi": ["sex", "age"], "sensitive": ["dx"], "direct": [], "k": 5, "l": 2}, seed=11)

    dataset("every record its own class, k = 1", cols, rows_of(cols, [
        [s("男"), num("21"), s("流感")],
        [s("男"), num("22"), s("流感")],
        [s("女"), num("21"), s("肺炎")],
        [s("女"), num("22"), s("胃炎")],
        [s("男"), num("23"), s("哮喘")],
        [s("女"), num("23"), s("流感")],
    ]), {"quasi": ["sex", "age"], "sensitive": ["dx"], "direct": [], "k": 2, "l": 2}, seed=12)

    dataset("k = 1 required is always met", cols, rows_of(cols, [
        [s("男"), num("21"), s("流感")],
        [s("女"), num("22"), s("流感")],
        [s("女"), num("22"), s("肺炎")],
    ]), {"quasi": ["sex", "age"], "sensitive": ["dx"], "direct": [], "k": 1, "l": 1}, seed=13)

    dataset("one class, one sensitive value: k met, l = 1", cols, rows_of(cols, [
        [s("男"), num("45"), s("糖尿病")],
        [s("男"), num("45"), s("糖尿病")],
        [s("男"), num("45"), s("糖尿病")],
        [s("男"), num("45"), s("糖尿病")],
    ]), {"quasi": ["sex", "age"], "sensitive": ["dx"], "direct": [], "k": 4, "l": 2}, seed=14)

    dataset("defaults k = 5 and l = 2 when options leave them out", cols, rows_of(cols, [
        [s("男"), num("30"), s("流感")],
        [s("男"), num("30"), s("肺炎")],
        [s("男"), num("30"), s("流感")],
        [s("男"), num("30"), s("流感")],
        [s("男"), num("30"), s("胃炎")],
        [s("女"), num("30"), s("流感")],
        [s("女"), num("30"), s("流感")],
        [s("女"), num("30"), s("流感")],
        [s("女"), num("30"), s("流感")],
        [s("女"), num("30"), s("流感")],
        [s("女"), num("30"), s("哮喘")],
    ]), {"quasi": ["sex", "age"], "sensitive": ["dx"], "direct": []}, seed=15)

    # null, a missing member, "", blanks: one value; it is not "null" the text.
    cols = ["city", "band", "dx"]
    dataset("null, missing member, empty and blank string are one value", cols, rows_of(cols, [
        [NULL, s("30-39"), s("流感")],
        [MISSING, s("30-39"), s("肺炎")],
        [EMPTY, s("30-39"), s("流感")],
        [s("   ", csv="   "), s("30-39"), s("胃炎")],
        [s("\t"), s("30-39"), s("流感")],
        [s("null"), s("30-39"), s("流感")],
        [s("null"), s("30-39"), s("哮喘")],
        [s("北京"), s("30-39"), MISSING],
        [s("北京"), s("30-39"), NULL],
        [s("北京"), s("30-39"), EMPTY],
        [s("北京"), s("30-39"), s("流感")],
    ]), {"quasi": ["city", "band"], "sensitive": ["dx"], "direct": [], "k": 2, "l": 2}, seed=16)

    # Whitespace around values, CSV quoting, Chinese text, a quote and a comma inside values.
    cols = ["地区", "性别", "诊断"]
    dataset("whitespace around values and Chinese column names", cols, rows_of(cols, [
        [s(" 北京市朝阳区 "), s("女"), s("高血压")],
        [s("北京市朝阳区"), s(" 女"), s("糖尿病")],
        [s("\t北京市朝阳区"), s("女\t"), s("高血压 ")],
        [s("北京市朝阳区  "), s("女"), s(" 冠心病")],
        [s("上海市, 浦东新区"), s("男"), s("痛风")],
        [s(" 上海市, 浦东新区"), s("男 "), s("\"痛风\"")],
        [s("上海市, 浦东新区 "), s("男"), s("痛风")],
        [s("上海市,浦东新区"), s("男"), s("痛风")],
    ]), {"quasi": ["地区", "性别"], "sensitive": ["诊断"], "direct": [], "k": 3, "l": 2}, seed=17)

    # RFC 8785: 30, 30.0, 3e1, 300e-1 and the string "30" are one value; true is "true".
    cols = ["age", "insured", "zip", "dx"]
    dataset("JSON numbers compare as canonical JSON text", cols, rows_of(cols, [
        [num("30"), boolean(True), num("100"), s("流感")],
        [num("30.0"), boolean(True), s("100"), s("肺炎")],
        [num("3e1"), boolean(True), num("1.00E2"), s("胃炎")],
        [s("30"), s("true"), num("100"), s("流感")],
        [num("300e-1"), boolean(True), s(" 100 ", csv=" 100 "), s("哮喘")],
        [num("31"), boolean(False), num("100"), s("流感")],
        [num("31.0"), s("false"), s("100"), s("流感")],
        [num("31"), boolean(False), num("100.0"), s("流感")],
        [s("31"), boolean(False), num("1e2"), s("流感")],
        [num("31"), boolean(False), num("100"), s("流感")],
        [num("-0"), boolean(False), num("0"), s("流感")],
        [num("0"), s("false"), num("0.0"), s("肺炎")],
    ]), {"quasi": ["age", "insured", "zip"], "sensitive": ["dx"], "direct": [], "k": 2, "l": 2}, seed=18)

    cols = ["band", "sex", "dx", "income"]
    table = []
    for band, sex, dx, income in [
        ("20-29", "男", "流感", "低"), ("20-29", "男", "肺炎", "低"), ("20-29", "男", "流感", "中"),
        ("20-29", "女", "胃炎", "高"), ("20-29", "女", "胃炎", "中"), ("20-29", "女", "哮喘", "低"),
        ("30-39", "男", "哮喘", "高"), ("30-39", "男", "流感", "高"), ("30-39", "男", "痛风", "高"),
    ]:
        table.append([s(band), s(sex), s(dx), s(income)])
    dataset("two sensitive columns, each its own l", cols, rows_of(cols, table),
            {"quasi": ["band", "sex"], "sensitive": ["dx", "income"], "direct": [], "k": 3, "l": 2},
            seed=19, crlf=True)


def direct_cases():
    rng = random.Random(2024)
    cols = ["id_no", "phone", "name", "band", "sex", "dx"]
    areas = ["110105", "310104", "440305", "330106", "510107"]
    dx = ["流感", "肺炎", "胃炎", "哮喘", "高血压", "糖尿病"]
    table = []
    for i in range(40):
        area = rng.choice(areas)
        masked_id = area[:3] + "*" * 11 + f"{rng.randrange(10000):04d}"
        masked_phone = rng.choice(["138", "139", "186", "150"]) + "****" + f"{rng.randrange(10000):04d}"
        masked_name = rng.choice("张王李赵刘陈杨黄") + "*"
        table.append([s(masked_id), s(masked_phone), s(masked_name),
                      s(["20-29", "30-39", "40-49"][i % 3]), s("男女"[i % 2]), s(rng.choice(dx))])
    masked = rows_of(cols, table)
    options = {"quasi": ["band", "sex"], "sensitive": ["dx"], "direct": ["id_no", "phone", "name"], "k": 5, "l": 2}
    dataset("masked direct identifiers: none unmasked", cols, masked, options, seed=21)

    # The same records with two full, valid resident identity numbers left in.
    unmasked = [dict(r) for r in masked]
    unmasked[7]["id_no"] = s(resident_id("11010519850302123"))
    unmasked[23]["id_no"] = s(resident_id("44030519921117004"))
    assert all(len(compared(r["id_no"])) == 18 for r in unmasked)
    dataset("two unmasked resident ids in a direct column fail the check", cols, unmasked, options,
            direct_unmasked={"id_no": 2}, seed=22)

    # Hidden, not masked: an ID with zero-width spaces between its digits, one
    # in full-width digits, a phone split by word joiners. Each is still the
    # identifier (the detectors read through format characters and other
    # digit forms), so each counts as unmasked: the check fails closed.
    hidden = [dict(r) for r in masked]
    zwsp = "\u200b".join(resident_id("11010519850302123"))
    fullwidth = resident_id("44030519921117004").translate({ord(c): 0xFF10 + int(c) for c in "0123456789"})
    hidden[3]["id_no"] = s(zwsp)
    hidden[17]["id_no"] = s(fullwidth)
    hidden[29]["phone"] = s("\u2060".join("13812345678"))
    dataset("identifiers hidden by zero-width characters or full-width digits still count as unmasked",
            cols, hidden, options, direct_unmasked={"id_no": 2, "phone": 1}, seed=23)


# ---------------------------------------------------------------- generated datasets

AGE_BANDS = ["0-17", "18-29", "30-39", "40-49", "50-59", "60-69", "70+"]
DISTRICTS = ["东城区", "西城区", "朝阳区", "海淀区", "丰台区", "石景山区", "通州区", "昌平区"]
EDUCATION = ["小学", "初中", "高中", "中专", "大专", "本科", "硕士", "博士"]
JOBS = ["教师", "工程师", "医生", "护士", "农民", "个体户", "公务员", "学生", "退休", "司机"]
DIAGNOSES = ["高血压", "糖尿病", "流感", "肺炎", "胃炎", "哮喘", "冠心病", "痛风", "骨折", "抑郁症",
             "偏头痛", "过敏性鼻炎"]
MARITAL = ["未婚", "已婚", "离异", "丧偶"]


def noisy(rng, text, pad=0.0, null=0.0):
    """A string cell, sometimes padded with blanks, sometimes null / missing / empty."""
    r = rng.random()
    if r < null:
        return rng.choice([NULL, MISSING, EMPTY])
    if rng.random() < pad:
        return s(rng.choice([" ", "  ", "\t"]) + text + rng.choice(["", " ", "\t "]))
    return s(text)


def generated():
    # Two quasi columns, 300 records: every class large; high-diversity diagnosis.
    rng = random.Random(101)
    cols = ["sex", "band", "dx"]
    rows = [{"sex": s(rng.choice("男女")), "band": s(rng.choice(AGE_BANDS[1:6])),
             "dx": s(rng.choice(DIAGNOSES))} for _ in range(300)]
    dataset("300 records, 2 quasi columns, k and l met", cols, rows,
            {"quasi": ["sex", "band"], "sensitive": ["dx"], "direct": [], "k": 10, "l": 3}, seed=101)

    # Three quasi columns (age as a JSON number), 700 records, two sensitive columns:
    # income has low diversity (three levels, mostly one), diagnosis high.
    rng = random.Random(102)
    cols = ["age", "zip", "sex", "dx", "income"]
    rows = []
    for _ in range(700):
        age = rng.choice(range(25, 35))
        zip3 = rng.choice(["100", "101", "102"])
        rows.append({
            "age": num(rng.choice([str(age), f"{age}.0"]) if rng.random() < 0.1 else str(age)),
            "zip": s(zip3) if rng.random() < 0.5 else num(zip3),
            "sex": s(rng.choice("男女")),
            "dx": s(rng.choice(DIAGNOSES)),
            "income": s(rng.choices(["低", "中", "高"], weights=[90, 8, 2])[0]),
        })
    dataset("700 records, 3 quasi columns, numbers, low and high diversity", cols, rows,
            {"quasi": ["age", "zip", "sex"], "sensitive": ["dx", "income"], "direct": [], "k": 5, "l": 2},
            seed=102)

    # Four quasi columns, 900 records, skewed: rare combinations fall below k.
    rng = random.Random(103)
    cols = ["district", "band", "sex", "edu", "job"]
    rows = []
    for _ in range(900):
        rows.append({
            "district": s(rng.choices(DISTRICTS, weights=[30, 25, 20, 10, 6, 4, 3, 2])[0]),
            "band": s(rng.choices(AGE_BANDS, weights=[5, 20, 25, 20, 15, 10, 5])[0]),
            "sex": s(rng.choice("男女")),
            "edu": s(rng.choices(EDUCATION[2:7], weights=[30, 30, 25, 10, 5])[0]),
            "job": s(rng.choice(JOBS)),
        })
    dataset("900 records, 4 quasi columns, rare combinations below k", cols, rows,
            {"quasi": ["district", "band", "sex", "edu"], "sensitive": ["job"], "direct": [], "k": 3, "l": 2},
            seed=103)

    # Six quasi columns, 600 records: nearly every record unique.
    rng = random.Random(104)
    cols = ["district", "age", "sex", "edu", "marital", "zip", "dx"]
    rows = []
    for _ in range(600):
        rows.append({
            "district": s(rng.choice(DISTRICTS)),
            "age": num(str(rng.randrange(18, 80))),
            "sex": s(rng.choice("男女")),
            "edu": s(rng.choice(EDUCATION)),
            "marital": s(rng.choice(MARITAL)),
            "zip": num(str(rng.randrange(100000, 100100))),
            "dx": s(rng.choice(DIAGNOSES)),
        })
    dataset("600 records, 6 quasi columns, nearly all unique", cols, rows,
            {"quasi": ["district", "age", "sex", "edu", "marital", "zip"], "sensitive": ["dx"],
             "direct": [], "k": 2, "l": 2}, seed=104)

    # Nulls and blanks everywhere, 500 records, k met and one sensitive column that fails l.
    rng = random.Random(105)
    cols = ["band", "district", "dx", "marital"]
    rows = []
    for _ in range(500):
        band = rng.choice(AGE_BANDS[1:5])
        rows.append({
            "band": noisy(rng, band, pad=0.2, null=0.08),
            "district": noisy(rng, rng.choice(DISTRICTS[:4]), pad=0.2),
            "dx": noisy(rng, rng.choice(DIAGNOSES[:6]), pad=0.1, null=0.1),
            # Young people are never widowed: the marital status of a small class is known.
            "marital": noisy(rng, "未婚" if band == "18-29" and rng.random() < 0.97 else rng.choice(MARITAL),
                             pad=0.1),
        })
    dataset("500 records with nulls and blanks, one sensitive column fails l", cols, rows,
            {"quasi": ["band", "district"], "sensitive": ["dx", "marital"], "direct": [], "k": 5, "l": 2},
            seed=105)

    # Five quasi columns, 1000 records, generalized values ("*", "10****"), three sensitive columns:
    # l is met, a few small classes miss k.
    rng = random.Random(106)
    cols = ["band", "zip", "sex", "edu", "region", "dx", "job", "income"]
    rows = []
    for _ in range(1000):
        rows.append({
            "band": s(rng.choice(["18-39", "40-59", "60+"])),
            "zip": s(rng.choice(["10****", "20****"])),
            "sex": s(rng.choice(["男", "女", "*"])),
            "edu": s(rng.choice(["中学及以下", "大学", "研究生"])),
            "region": s(rng.choice(["华北", "华东"])),
            "dx": s(rng.choice(DIAGNOSES)),
            "job": s(rng.choice(JOBS)),
            "income": num(str(rng.choice([3000, 5000, 8000, 12000, 20000]))),
        })
    dataset("1000 records, 5 generalized quasi columns, three sensitive columns, only k fails", cols, rows,
            {"quasi": ["band", "zip", "sex", "edu", "region"], "sensitive": ["dx", "job", "income"],
             "direct": [], "k": 5, "l": 2}, seed=106)


# ---------------------------------------------------------------- refusals

ERROR_CASES = []


def error_case(name, fmt, data, options, why, code):
    """A refusal, with govshare's error code (docs/errors.md): the codes are the
    contract's, not computed here; the generator only builds the inputs."""
    CASES.append({"name": name, "op": "deid", "format": fmt, "data": data, "options": options,
                  "expect_error": code, "why": why})


def refusals():
    csv_data = "sex,age,dx\n男,30,流感\n女,31,肺炎\n"
    nd = '{"sex":"男","age":30,"dx":"流感"}\n{"sex":"女","age":31,"dx":"肺炎"}\n'
    arr = '[{"sex":"男","age":30,"dx":"流感"},{"sex":"女","age":31,"dx":"肺炎"}]'
    for fmt, data in [("csv", csv_data), ("ndjson", nd), ("json_array", arr)]:
        error_case(f"a quasi column absent from the data ({fmt})", fmt, data,
                   {"quasi": ["sex", "zip"], "sensitive": ["dx"], "direct": []}, "quasi column zip is in no record", "deid_column_missing")
        error_case(f"a sensitive column absent from the data ({fmt})", fmt, data,
                   {"quasi": ["sex", "age"], "sensitive": ["diagnosis"], "direct": []},
                   "sensitive column diagnosis is in no record", "deid_column_missing")
        error_case(f"a direct column absent from the data ({fmt})", fmt, data,
                   {"quasi": ["sex", "age"], "sensitive": ["dx"], "direct": ["id_no"]},
                   "direct column id_no is in no record", "deid_column_missing")
    for fmt, data in [("csv", "sex,age,dx\n"), ("ndjson", ""), ("json_array", "[]")]:
        error_case(f"an empty dataset ({fmt})", fmt, data,
                   {"quasi": ["sex", "age"], "sensitive": ["dx"], "direct": []}, "no records", "deid_empty_dataset")
    error_case("bad CSV: an unterminated quote", "csv", 'sex,age,dx\n男,30,"流感\n女,31,肺炎\n',
               {"quasi": ["sex", "age"], "sensitive": ["dx"], "direct": []}, "malformed CSV", "csv_malformed")
    error_case("bad JSON array", "json_array", '[{"sex":"男","age":30,"dx":"流感"},',
               {"quasi": ["sex", "age"], "sensitive": ["dx"], "direct": []}, "malformed JSON", "malformed_json")


def main():
    handmade()
    direct_cases()
    generated()
    refusals()
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)), "case names are unique"
    doc = {
        "description": "De-identification check (check_deid): k-anonymity, distinct and entropy l-diversity and "
                       "unmasked direct identifiers, each dataset as csv, ndjson and json_array (same data, three "
                       "cases). l_entropy is compared with an absolute tolerance of 1e-9; every other field exactly. "
                       "Refusals carry expect_error, govshare's error code.",
        "source": "Generated by make_deid_vectors.py. PyPI pycanon 1.3.6 (independent of govshare) computed "
                  "k_achieved (anonymity.k_anonymity) and l_achieved (anonymity.l_diversity, per sensitive "
                  "column) on the compared texts; the script's own code (collections.Counter, math) computed "
                  "records, classes, records_below_k, classes_below_k, the booleans and risky_combinations (the "
                  "minimal combinations of quasi columns with classes below k, every combination tried with "
                  "itertools and Counter), and l_entropy = "
                  "exp(min over classes of -sum p ln p) unfloored (pycanon's entropy_l_diversity floors it to an "
                  "integer: the script checks that flooring its value gives pycanon's); direct_unmasked is by "
                  "construction (masked values, or resident ids with a GB 11643 check character computed here). "
                  "All data is synthetic.",
        "cases": CASES,
    }
    with open(OUT + "deid.json", "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
