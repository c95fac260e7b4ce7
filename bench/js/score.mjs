#!/usr/bin/env node
// Scores another runner's results (govshare native, govshare WASM) with the
// same truth and metrics as the peers, and appends them to a peers report.
//
//   node js/score.mjs --catalog data/catalog-100k.json --queries data/queries.json \
//        --results out/native-100k.json [--into out/peers-100k.json] > out/results-100k.json
//
// A results file is JSON with `engine`, `latency`, optional build/memory
// figures, and `results: [{ id, total, codes: [...] }]` (quality pass, up to
// QUALITY_LIMIT codes per query, ranked).

import { readFileSync } from "node:fs";
import { loadDocs } from "./catalog.mjs";
import { computeTruth } from "./truth.mjs";
import { quality, QUALITY_LIMIT } from "./metrics.mjs";

const args = process.argv.slice(2);
const arg = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const catalogPath = arg("--catalog");
const queriesPath = arg("--queries");
const resultsPaths = args.flatMap((a, i) => (a === "--results" ? [args[i + 1]] : []));
if (!catalogPath || !queriesPath || resultsPaths.length === 0) {
  console.error("usage: score.mjs --catalog FILE --queries FILE --results FILE... [--into peers.json]");
  process.exit(2);
}

const docs = await loadDocs(catalogPath);
const queries = JSON.parse(readFileSync(queriesPath, "utf8")).queries;
const truth = computeTruth(docs, queries);
const byCode = new Map(docs.map((d) => [d.code, d.i]));

const entries = [];
for (const path of resultsPaths) {
  const run = JSON.parse(readFileSync(path, "utf8"));
  const byId = new Map(run.results.map((r) => [r.id, r]));
  let unknownCodes = 0;
  let totalMismatch = 0;
  let relaxed = 0;
  const lists = queries.map((q, k) => {
    const r = byId.get(q.id);
    if (!r) return [];
    // A relaxed page (no resource matched every term; the engine fell back
    // to any term and flagged it) means "no exact match".
    if (r.relaxed) {
      relaxed++;
      if (truth[k].length !== 0) totalMismatch++;
      return [];
    }
    // `total` must be the exact match count when the engine is exact.
    if (typeof r.total === "number" && r.total !== truth[k].length) totalMismatch++;
    const ids = [];
    for (const c of r.codes.slice(0, QUALITY_LIMIT)) {
      const id = byCode.get(c);
      if (id === undefined) unknownCodes++;
      else ids.push(id);
    }
    return ids;
  });
  const { results, ...rest } = run;
  void results;
  entries.push({
    ...rest,
    quality: quality(docs, queries, truth, lists),
    totals_differing_from_truth: totalMismatch,
    unknown_codes: unknownCodes,
    relaxed_queries: relaxed,
  });
}

const intoPath = arg("--into");
if (intoPath) {
  const report = JSON.parse(readFileSync(intoPath, "utf8"));
  report.engines.push(...entries);
  process.stdout.write(JSON.stringify(report, null, 2) + "\n");
} else {
  process.stdout.write(JSON.stringify(entries, null, 2) + "\n");
}
