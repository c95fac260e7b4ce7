// Latency percentiles and result quality against the brute-force truth.

import { matchesFilter } from "./truth.mjs";

/** Nearest-rank percentile of a list of numbers (ms). */
export function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export function latencySummary(ms) {
  return {
    p50_ms: round(percentile(ms, 50)),
    p99_ms: round(percentile(ms, 99)),
    mean_ms: round(ms.reduce((a, b) => a + b, 0) / Math.max(1, ms.length)),
  };
}

export function round(x, digits = 4) {
  if (x === null || x === undefined || Number.isNaN(x)) return null;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** The size of the quality pass: engines return up to this many hits. */
export const QUALITY_LIMIT = 1000;

/**
 * Scores result lists (doc indices, ranked) against the truth.
 * - precision: share of returned hits that truly match (text and filter)
 * - recall: returned ∩ truth over min(|truth|, QUALITY_LIMIT)
 * - exact: the returned set is the truth (or, past the limit, a full page of
 *   true matches only)
 * - recall_at_20: overlap of the top 20 with the truth's top 20 (ranking-
 *   dependent; engines rank differently, so < 1 is not an error)
 * - filter_violations: returned hits outside the filter (must be 0)
 */
export function quality(docs, queries, truth, results) {
  const groups = { all: newAcc(), filtered: newAcc(), unfiltered: newAcc() };
  for (let q = 0; q < queries.length; q++) {
    const query = queries[q];
    const got = results[q] ?? [];
    const want = truth[q];
    const wantSet = new Set(want);
    let tp = 0;
    let violations = 0;
    for (const id of got) {
      if (wantSet.has(id)) tp++;
      if (!matchesFilter(docs[id], query.filter)) violations++;
    }
    const expected = Math.min(want.length, QUALITY_LIMIT);
    const exact =
      want.length <= QUALITY_LIMIT
        ? tp === want.length && got.length === want.length
        : tp === got.length && got.length === QUALITY_LIMIT;
    const top = new Set(Array.from(want.subarray(0, 20)));
    let top20 = 0;
    for (const id of got.slice(0, 20)) if (top.has(id)) top20++;
    const m = {
      precision: got.length ? tp / got.length : null,
      recall: expected ? tp / expected : null,
      recall_at_20: top.size ? top20 / top.size : null,
      exact,
      violations,
      empty_truth: want.length === 0,
      empty_result: got.length === 0,
    };
    for (const g of [groups.all, query.filter ? groups.filtered : groups.unfiltered]) add(g, m);
  }
  return Object.fromEntries(Object.entries(groups).map(([k, g]) => [k, finish(g)]));
}

function newAcc() {
  return { n: 0, p: [0, 0], r: [0, 0], r20: [0, 0], exact: 0, violations: 0, emptyTruth: 0, missedAll: 0 };
}

function add(g, m) {
  g.n++;
  if (m.precision !== null) (g.p[0] += m.precision), g.p[1]++;
  if (m.recall !== null) (g.r[0] += m.recall), g.r[1]++;
  if (m.recall_at_20 !== null) (g.r20[0] += m.recall_at_20), g.r20[1]++;
  if (m.exact) g.exact++;
  g.violations += m.violations;
  if (m.empty_truth) g.emptyTruth++;
  if (!m.empty_truth && m.empty_result) g.missedAll++;
}

function finish(g) {
  const avg = ([s, n]) => (n ? round(s / n) : null);
  return {
    queries: g.n,
    precision: avg(g.p),
    recall: avg(g.r),
    recall_at_20: avg(g.r20),
    exact_share: round(g.exact / Math.max(1, g.n)),
    filter_violations: g.violations,
    queries_without_true_match: g.emptyTruth,
    queries_with_matches_but_no_result: g.missedAll,
  };
}
