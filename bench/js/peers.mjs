#!/usr/bin/env node
// Builds the JS search libraries portals use — flexsearch (Document index,
// tags for the filters) and minisearch (filter callback) — over a generated
// catalog, runs the shared query set, and prints JSON: build time, index
// heap, latency p50/p99 (limit 20) and quality against the brute-force
// truth (limit QUALITY_LIMIT).
//
//   node --expose-gc --max-old-space-size=8192 js/peers.mjs \
//        --catalog data/catalog-100k.json --queries data/queries.json \
//        [--engines flexsearch,minisearch] [--truth-out truth.json]

import { readFileSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { Document } from "flexsearch";
import MiniSearch from "minisearch";

import { loadDocs } from "./catalog.mjs";
import { indexTokens, queryTokens } from "./tokenize.mjs";
import { computeTruth, matchesFilter } from "./truth.mjs";
import { latencySummary, quality, QUALITY_LIMIT, round } from "./metrics.mjs";

const pkgVersion = (name) =>
  JSON.parse(readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url), "utf8")).version;
const args = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt;
};
const catalogPath = arg("--catalog");
const queriesPath = arg("--queries");
const engines = arg("--engines", "flexsearch,minisearch").split(",");
if (!catalogPath || !queriesPath) {
  console.error("usage: peers.mjs --catalog FILE --queries FILE [--engines flexsearch,minisearch]");
  process.exit(2);
}
if (typeof globalThis.gc !== "function") {
  console.error("run node with --expose-gc (heap figures need a full collection)");
  process.exit(2);
}

const log = (...m) => console.error("[peers]", ...m);
const loadAtStart = loadavg();
const now = () => performance.now();
function heap() {
  globalThis.gc();
  globalThis.gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, rss: m.rss, external: m.external + m.arrayBuffers };
}

// ---------------------------------------------------------------- inputs
let t = now();
const docs = await loadDocs(catalogPath);
const loadMs = now() - t;
log(`loaded ${docs.length} resources in ${(loadMs / 1000).toFixed(1)} s`);
const queries = JSON.parse(readFileSync(queriesPath, "utf8")).queries;

t = now();
const truth = computeTruth(docs, queries);
const truthMs = now() - t;
const sizes = truth.map((x) => x.length).sort((a, b) => a - b);
log(`truth in ${(truthMs / 1000).toFixed(1)} s; median matches ${sizes[sizes.length >> 1]}`);
const truthOut = arg("--truth-out");
if (truthOut) {
  // Per query: match count and the true top 20 codes (for other runners).
  const out = queries.map((q, k) => ({
    id: q.id,
    count: truth[k].length,
    top20: Array.from(truth[k].subarray(0, 20), (i) => docs[i].code),
  }));
  writeFileSync(truthOut, JSON.stringify(out));
}

// ---------------------------------------------------------------- engines

const FLEX_TAGS = ["sharing", "grade", "provider"];

function flexFilter(filter) {
  if (!filter) return undefined;
  if (filter.sharing !== undefined) return { sharing: filter.sharing };
  if (filter.grade !== undefined) return { grade: String(filter.grade) };
  return { provider: filter.provider };
}

const ENGINES = {
  flexsearch: {
    version: pkgVersion("flexsearch"),
    config:
      "Document index, one field (name+abstract+items), encode = CJK unigrams+bigrams, " +
      "tokenize strict, tags sharing/grade/provider; query = AND of term bigrams, tag filter",
    build(docs) {
      const index = new Document({
        tokenize: "strict",
        encode: indexTokens,
        document: { id: "i", index: ["text"], tag: FLEX_TAGS },
      });
      for (const d of docs) {
        index.add({
          i: d.i,
          text: `${d.name} ${d.abstract} ${d.items}`,
          sharing: d.sharing,
          grade: String(d.grade),
          provider: d.provider,
        });
      }
      return index;
    },
    search(index, q, limit) {
      const opts = { query: queryTokens(q.text).join(" "), limit, suggest: false };
      const tag = flexFilter(q.filter);
      if (tag) opts.tag = tag;
      const res = index.search(opts);
      return res.length ? res[0].result : [];
    },
    // The same index, filtering without tags: search unfiltered with a limit
    // past the catalog size, then test each hit (exact, but pays for every
    // text match).
    variants: {
      "flexsearch-postfilter": (index, q, limit) => {
        const opts = { query: queryTokens(q.text).join(" "), limit: q.filter ? 1e9 : limit, suggest: false };
        const res = index.search(opts);
        const ids = res.length ? res[0].result : [];
        if (!q.filter) return ids;
        const out = [];
        for (const id of ids) {
          if (matchesFilter(docs[id], q.filter)) {
            out.push(id);
            if (out.length === limit) break;
          }
        }
        return out;
      },
    },
  },
  minisearch: {
    version: pkgVersion("minisearch"),
    config:
      "fields name/abstract/items (boost name 3, items 2), tokenize = CJK unigrams+bigrams, " +
      "query = AND of term bigrams, no prefix/fuzzy, filter callback",
    build(docs) {
      const ms = new MiniSearch({
        idField: "i",
        fields: ["name", "abstract", "items"],
        storeFields: [],
        tokenize: indexTokens,
        processTerm: (term) => term,
        searchOptions: {
          tokenize: queryTokens,
          processTerm: (term) => term,
          combineWith: "AND",
          prefix: false,
          fuzzy: false,
          boost: { name: 3, items: 2 },
        },
      });
      ms.addAll(docs);
      return ms;
    },
    search(ms, q, limit) {
      const f = q.filter;
      const opts = f
        ? {
            filter: (r) => {
              const d = docs[r.id];
              if (f.sharing !== undefined) return d.sharing === f.sharing;
              if (f.grade !== undefined) return d.grade === f.grade;
              return d.provider === f.provider;
            },
          }
        : {};
      const res = ms.search(q.text, opts);
      const n = Math.min(limit, res.length);
      const out = new Array(n);
      for (let k = 0; k < n; k++) out[k] = res[k].id;
      return out;
    },
  },
};

function runEngine(name) {
  const e = ENGINES[name];
  if (!e) throw new Error(`unknown engine ${name}`);
  const before = heap();
  let t0 = now();
  let index = e.build(docs);
  const buildMs = now() - t0;
  const after = heap();
  log(`${name}: built in ${(buildMs / 1000).toFixed(1)} s, +${((after.heap - before.heap) / 2 ** 20).toFixed(0)} MiB heap`);

  const measured = [];
  const searches = [[name, e.search, e.config], ...Object.entries(e.variants ?? {}).map(([n, f]) => [n, f, `${e.config}; filters applied after an unfiltered search`])];
  for (const [label, search, config] of searches) {
    // Warm-up, then the timed pass (limit 20).
    for (let k = 0; k < Math.min(100, queries.length); k++) search(index, queries[k], 20);
    const ms = { all: [], filtered: [], unfiltered: [] };
    for (const q of queries) {
      t0 = now();
      search(index, q, 20);
      const dt = now() - t0;
      ms.all.push(dt);
      (q.filter ? ms.filtered : ms.unfiltered).push(dt);
    }
    // Quality pass (limit QUALITY_LIMIT).
    const results = queries.map((q) => search(index, q, QUALITY_LIMIT).map(Number));
    measured.push({
      engine: label,
      version: e.version,
      config,
      build_ms: round(buildMs, 1),
      index_heap_bytes: after.heap - before.heap,
      rss_bytes: after.rss,
      latency: {
        all: latencySummary(ms.all),
        filtered: latencySummary(ms.filtered),
        unfiltered: latencySummary(ms.unfiltered),
      },
      quality: quality(docs, queries, truth, results),
    });
    log(`${label}: p50 ${measured.at(-1).latency.all.p50_ms} ms, p99 ${measured.at(-1).latency.all.p99_ms} ms`);
  }
  index = null;
  return measured;
}

const results = [];
for (const name of engines) {
  results.push(...runEngine(name));
  heap();
}

const report = {
  tool: "govshare bench/js/peers.mjs",
  date: new Date().toISOString(),
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
  // The machine is shared: a high load average means noisy timings.
  machine: { cpus: cpus().length, memory_bytes: totalmem(), loadavg_start: loadAtStart, loadavg_end: loadavg() },
  catalog: { path: catalogPath, bytes: statSync(catalogPath).size, resources: docs.length },
  queries: {
    path: queriesPath,
    count: queries.length,
    filtered: queries.filter((q) => q.filter).length,
    quality_limit: QUALITY_LIMIT,
  },
  load_ms: round(loadMs, 1),
  truth: { ms: round(truthMs, 1), median_matches: sizes[sizes.length >> 1], max_matches: sizes[sizes.length - 1] },
  engines: results,
};
process.stdout.write(JSON.stringify(report, null, 2) + "\n");
