#!/usr/bin/env python3
"""Adds the hits' search scores to tests/vectors/catalog/search.json.

An independent implementation of docs/catalog-format.md §5 (tokenization,
fields, BM25 with the integer "fixed point" arithmetic), written from the
document only, standard library only. For every case with op "search" whose
"expect" holds "codes", it computes each listed hit's integer score and
writes `"scores": [...]` (score / 2^40 rounded to 6 decimals, half away from
zero, aligned with "codes") into that "expect"; the rest of the file is
rewritten unchanged (indent 1, ensure_ascii=False, final newline).

It also checks the ranking independently: the listed hits must be in
non-increasing integer score with ties by code (several catalogs: catalog id,
then code), and every hit must hold every query term in some field (one term
when expect.relaxed is true). As a further check it ranks the whole catalog
(§5 matching, filters, paging) and compares the page and total with "codes"
and "total". Violations are printed and make the exit status 1 (the
scores are written anyway, to look at).

    python3 tests/vectors/catalog/make_search_score_vectors.py           # write
    python3 tests/vectors/catalog/make_search_score_vectors.py --check   # verify only
    python3 tests/vectors/catalog/make_search_score_vectors.py --out DIR # write DIR/search.json

scripts/check_vectors_generated.py runs it with --out and compares.
"""
import argparse
import json
import math
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
VECTORS = HERE / "search.json"

# ---------------------------------------------------------------- tokenization

CJK_RANGES = [(0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
              (0xF900, 0xFAFF), (0x20000, 0x2FA1F), (0x30000, 0x323AF)]


def is_cjk(ch):
    c = ord(ch)
    return any(lo <= c <= hi for lo, hi in CJK_RANGES)


def normalize_char(ch):
    c = ord(ch)
    if 0xFF01 <= c <= 0xFF5E:
        ch = chr(c - 0xFEE0)
    elif c == 0x3000:
        return " "
    c = ord(ch)
    if c < 0x80:
        return ch.lower()
    if 0x3400 <= c <= 0x9FFF:
        return ch
    low = ch.lower()
    return low[0] if low else ch


def runs(text):
    """Yields ("cjk", run) and ("word", run) of the normalized text."""
    kind, cur = None, []
    for ch in map(normalize_char, text):
        k = "cjk" if is_cjk(ch) else ("word" if ch.isalnum() else None)
        if k != kind and cur:
            yield kind, "".join(cur)
            cur = []
        kind = k
        if k is not None:
            cur.append(ch)
    if cur:
        yield kind, "".join(cur)


def doc_terms(text):
    """Every CJK unigram and bigram of each CJK run and every word, with repeats.
    CJK terms and words cannot coincide (disjoint characters), so plain strings
    serve as keys."""
    out = []
    for kind, r in runs(text or ""):
        if kind == "cjk":
            out.extend(r)
            out.extend(r[i:i + 2] for i in range(len(r) - 1))
        else:
            out.append(r)
    return out


def query_terms(text):
    out = []
    for kind, r in runs(text or ""):
        if kind == "cjk":
            ts = [r] if len(r) == 1 else [r[i:i + 2] for i in range(len(r) - 1)]
        else:
            ts = [r]
        for t in ts:
            if t not in out:
                out.append(t)
    return out

# ---------------------------------------------------------------- integer BM25

LEN_CAP = 65535
WEIGHTS = {"name": 3, "items": 2, "abstract": 1}


def L(x):
    """log2 x in units of 2^-32 (§5)."""
    assert x >= 1
    k = x.bit_length() - 1
    m = x << (63 - k) if k <= 63 else x >> (k - 63)
    frac = 0
    for i in range(31, -1, -1):
        m = (m * m) >> 63
        if m >= 1 << 64:
            m >>= 1
            frac |= 1 << i
    return (k << 32) + frac


def idf_q(n, df):
    return (max(0, L(2 * n + 2) - L(2 * df + 1)) * 2977044471) >> 40


def avg_q(total_len, n):
    return min(max((total_len << 8) // max(n, 1), 1 << 8), 65535 << 8)


def sat_q(tf, ln, a):
    tf = min(tf, 65535)
    ln = min(ln, (1 << 24) - 1)
    return ((22 * tf * a) << 16) // (10 * tf * a + 3 * a + 9 * ln * 256)


def display(q):
    """score / 2^40 rounded to 6 decimals, half away from zero (scores are >= 0)."""
    x = q / 2**40
    y = x * 1e6
    r = math.floor(y)
    if y - r >= 0.5:
        r += 1
    return r / 1e6


class Resource:
    def __init__(self, raw):
        self.code = raw["code"]
        self.raw = raw
        self.tf = {}    # field -> {term: tf}
        self.len = {}   # field -> len
        for f in ("name", "abstract"):
            ts = doc_terms(raw.get(f))
            counts = {}
            for t in ts:
                counts[t] = counts.get(t, 0) + 1
            self.tf[f] = counts
            self.len[f] = min(len(ts), LEN_CAP)
        items = raw.get("items") or []
        counts = {}
        for it in items:
            for t in set(doc_terms(it["name"])):
                counts[t] = counts.get(t, 0) + 1
        self.tf["items"] = counts
        self.len["items"] = len(items)
        self.item_terms = [(it["name"], set(doc_terms(it["name"]))) for it in items]

    def has(self, term):
        return any(term in self.tf[f] for f in WEIGHTS)


class Catalog:
    def __init__(self, path):
        doc = json.loads(path.read_text(encoding="utf-8"))
        self.id = doc["catalog"]["id"]
        self.resources = [Resource(r) for r in doc["resources"]]
        self.n = len(self.resources)
        self.avg = {f: avg_q(sum(r.len[f] for r in self.resources), self.n) for f in WEIGHTS}
        self.df = {f: {} for f in WEIGHTS}
        for r in self.resources:
            for f in WEIGHTS:
                for t in r.tf[f]:
                    self.df[f][t] = self.df[f].get(t, 0) + 1

    def score(self, res, terms):
        total = 0
        for t in terms:
            for f, w in WEIGHTS.items():
                tf = res.tf[f].get(t, 0)
                if tf > 0:
                    total += w * idf_q(self.n, self.df[f][t]) * sat_q(tf, res.len[f], self.avg[f])
        assert total < 1 << 64
        return total

# ---------------------------------------------------------------- full ranking (extra check)

SHARING = {"无条件共享": "unconditional", "有条件共享": "conditional", "不予共享": "not_shared",
           "not-shared": "not_shared"}
CYCLE = {"实时": "realtime", "每日": "daily", "每周": "weekly", "每月": "monthly",
         "每季度": "quarterly", "每年": "yearly"}
FORMAT = {"电子文件": "file", "电子表格": "spreadsheet", "数据库": "database", "图形图像": "image",
          "流媒体": "stream", "自描述格式": "self_describing", "服务接口": "service"}


def passes(raw, q):
    if "provider" in q and q["provider"] not in (raw.get("provider"), raw.get("provider_code")):
        return False
    st = raw["sharing"]["type"]
    if "sharing" in q and SHARING.get(st, st) != q["sharing"]:
        return False
    uc = raw.get("update_cycle")
    if "update_cycle" in q and CYCLE.get(uc, uc) != q["update_cycle"]:
        return False
    fm = raw.get("format")
    if "format" in q and FORMAT.get(fm, fm) != q["format"]:
        return False
    if "grade" in q and max([it["grade"] for it in raw.get("items") or []], default=0) != q["grade"]:
        return False
    if "classification_prefix" in q and not (raw.get("classification") or "").startswith(q["classification_prefix"]):
        return False
    return True


def full_ranking(cats, q, terms):
    """(total, relaxed, [(catalog id, code)] page) per §5 and §7."""
    pool = [(c, r) for c in cats for r in c.resources if passes(r.raw, q)]
    relaxed = False
    if terms:
        hits = [(c, r) for c, r in pool if all(r.has(t) for t in terms)]
        if not hits and len(terms) > 1:
            relaxed = True
            hits = [(c, r) for c, r in pool if any(r.has(t) for t in terms)]
    else:
        hits = pool
    scored = [(-c.score(r, terms), c.id, r.code) for c, r in hits]
    if len(cats) == 1:
        scored.sort(key=lambda s: (s[0], s[2]))
    else:
        scored.sort()
    off, lim = q.get("offset", 0), q.get("limit", 20)
    return len(hits), relaxed, [(cid, code) for _, cid, code in scored[off:off + lim]]

# ---------------------------------------------------------------- driver


def main():
    ap = argparse.ArgumentParser(description="Adds the hits' scores to search.json (docs/catalog-format.md §5).")
    ap.add_argument("--check", action="store_true", help="only verify the stored scores (exit 1 on a difference)")
    ap.add_argument("--out", type=Path, help="write search.json into this directory instead of in place")
    args = ap.parse_args()

    text = VECTORS.read_text(encoding="utf-8")
    doc = json.loads(text)
    if json.dumps(doc, ensure_ascii=False, indent=1) + "\n" != text:
        print("note: search.json is not in the indent=1 layout; it will be rewritten with indent=1")
    cache = {}
    scored_cases = scored_hits = 0
    mismatches, violations, skipped, tables = [], [], [], []

    for case in doc["cases"]:
        exp = case.get("expect")
        if case.get("op") != "search" or not isinstance(exp, dict) or "codes" not in exp:
            continue
        name = case["name"]
        cats = [cache.setdefault(p, Catalog(HERE / p)) for p in case["catalogs"]]
        q = case.get("query") or {}
        terms = query_terms(q.get("text"))
        codes = exp["codes"]
        ids = exp.get("catalogs")
        # Which catalog and resource each hit is.
        hits, why = [], None
        for i, code in enumerate(codes):
            if ids is not None:
                cands = [c for c in cats if c.id == ids[i]]
            else:
                cands = [c for c in cats if any(r.code == code for r in c.resources)]
            if len(cands) != 1:
                why = f"hit {code}: catalog not determined ({[c.id for c in cands]})"
                break
            res = [r for r in cands[0].resources if r.code == code]
            if len(res) != 1:
                why = f"hit {code}: {len(res)} resources with that code in {cands[0].id}"
                break
            hits.append((cands[0], res[0]))
        if why:
            skipped.append(f"{name}: {why}")
            continue

        ints = [c.score(r, terms) if terms else 0 for c, r in hits]
        scores = [display(s) for s in ints]
        scored_cases += 1
        scored_hits += len(scores)
        if len(tables) < 3 and hits:
            tables.append((name, terms, [(c.id, r.code, s, display(s)) for (c, r), s in zip(hits, ints)]))

        # Order: non-increasing integer score, ties by (catalog id,) code.
        several = len(cats) > 1
        keys = [(-s, c.id if several else "", r.code) for (c, r), s in zip(hits, ints)]
        for a in range(len(keys) - 1):
            if keys[a] > keys[a + 1]:
                violations.append(f"{name}: order: {hits[a][0].id}:{hits[a][1].code} ({ints[a]}) before "
                                  f"{hits[a + 1][0].id}:{hits[a + 1][1].code} ({ints[a + 1]})")
        # Matching: every term (relaxed: at least one).
        relaxed = exp.get("relaxed") is True
        for c, r in hits:
            present = [t for t in terms if r.has(t)]
            if terms and (not present if relaxed else len(present) != len(terms)):
                violations.append(f"{name}: match: {c.id}:{r.code} holds {present} of {terms}"
                                  f" (relaxed={relaxed})")
        # Extra: the whole ranking, paged, against codes/total/relaxed.
        total, rel, page = full_ranking(cats, q, terms)
        listed = [(c.id, r.code) for c, r in hits]
        if page != listed:
            violations.append(f"{name}: page: independent ranking gives {page}, vector lists {listed}")
        if "total" in exp and exp["total"] != total:
            violations.append(f"{name}: total: independent {total}, vector {exp['total']}")
        if "relaxed" in exp and exp["relaxed"] != rel:
            violations.append(f"{name}: relaxed: independent {rel}, vector {exp['relaxed']}")

        if args.check:
            if exp.get("scores") != scores:
                mismatches.append(f"{name}: stored {exp.get('scores')}, computed {scores}")
        else:
            exp["scores"] = scores

    for name, terms, rows in tables:
        print(f"\n{name}  terms={terms}")
        print(f"  {'catalog':10} {'code':14} {'integer score':>22} {'displayed':>12}")
        for cid, code, s, d in rows:
            print(f"  {cid:10} {code:14} {s:22d} {d:12.6f}")
    print()
    for s in skipped:
        print("SKIPPED", s)
    for v in violations:
        print("VIOLATION", v)
    print(f"{scored_cases} cases, {scored_hits} hits scored; {len(skipped)} skipped; {len(violations)} violations")

    if args.check:
        for m in mismatches:
            print("MISMATCH", m)
        if mismatches:
            sys.exit(1)
        print("stored scores match")
    else:
        target = (args.out / "search.json") if args.out else VECTORS
        target.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {target}")
    if violations:
        sys.exit(1)


if __name__ == "__main__":
    main()
