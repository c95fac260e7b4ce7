#!/usr/bin/env node
// WASM-in-Node govshare runner of the benchmark: imports the built npm
// package (npm/dist, `scripts/build-wasm.sh`), streams the catalog file into
// `CatalogLoader` in 1 MiB chunks, snapshots it, runs the shared query set
// (timed pass with limit 20, quality pass with limit QUALITY_LIMIT) and prints
// the JSON shape `score.mjs` scores (same as bench/native).
//
//   node --expose-gc js/govshare-wasm.mjs --catalog data/catalog-100k.json \
//        --queries data/queries.json [--provider-by name|code] \
//        [--snapshot-out data/catalog-100k.gsnap] > out/wasm-100k.json
//
//   # a fresh process that starts from the snapshot instead of the JSON
//   # (--load-only: time the load, skip the queries; --timed-only: skip the
//   #  quality pass, so that a CPU profile (node --cpu-prof) holds the two
//   #  timed passes alone):
//   node --expose-gc js/govshare-wasm.mjs --snapshot data/catalog-100k.gsnap \
//        --queries data/queries.json > out/wasm-snap-100k.json
//
// Memory: `wasm_memory_bytes` is the byteLength of the module's exported
// `WebAssembly.Memory` (reached through the glue's `initSync`, which returns
// the already-instantiated exports); linear memory only grows, so it is the
// peak the module ever needed. `rss_*` are the process figures.

import { createReadStream, readFileSync, statSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";

import { latencySummary, QUALITY_LIMIT, round } from "./metrics.mjs";

const args = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt;
};
const catalogPath = arg("--catalog");
const snapshotPath = arg("--snapshot");
// A published index directory (govshare catalog publish) and the pinned key (a public JWK file).
const indexPath = arg("--index");
const platformJwkPath = arg("--platform-jwk");
// "catalog": measure the catalog-only module (govshare/catalog) instead of the whole SDK.
const moduleName = arg("--module", "full");
const queriesPath = arg("--queries");
const snapshotOut = arg("--snapshot-out");
const byCode = arg("--provider-by", "name") === "code";
// Measure the load (and snapshot) only, skip the queries: cheap repeated runs.
const loadOnly = args.includes("--load-only");
const timedOnly = args.includes("--timed-only");
const pkgDir = new URL(arg("--pkg", "../../npm/dist/"), import.meta.url);
if ((!catalogPath && !snapshotPath && !indexPath) || !queriesPath || (indexPath && !platformJwkPath)) {
  console.error("usage: govshare-wasm.mjs (--catalog FILE | --snapshot FILE | --index DIR --platform-jwk FILE) --queries FILE [--module full|catalog] [--provider-by name|code] [--snapshot-out FILE]");
  process.exit(2);
}

const CHUNK = 1 << 20;
const TIMED_LIMIT = 20;
const log = (...m) => console.error("[govshare-wasm]", ...m);
const now = () => performance.now();
const gc = () => globalThis.gc?.();
// CPU time of the process (user + system, µs precision on Linux), in ms: on a
// shared machine wall-clock time includes waiting for a core.
const cpuMs = (since) => {
  const u = process.cpuUsage(since);
  return u;
};
const cpuToMs = (u) => (u.user + u.system) / 1000;
const loadAtStart = loadavg();

const rssStart = process.memoryUsage().rss;
const catalogOnly = moduleName === "catalog";
const gs = await import(new URL(catalogOnly ? "catalog/node.js" : "node.js", pkgDir));
const glue = await import(new URL(catalogOnly ? "catalog/wasm/govshare_catalog.js" : "wasm/govshare_wasm.js", pkgDir));
// The Node entry already instantiated the module; initSync returns its exports.
const exportsOfModule = glue.initSync({ module: new Uint8Array(0) });
const memory = exportsOfModule?.memory instanceof WebAssembly.Memory ? exportsOfModule.memory : null;
const wasmBytes = () => (memory ? memory.buffer.byteLength : null);
const pkgVersion = JSON.parse(readFileSync(new URL("../package.json", pkgDir), "utf8")).version;
const wasmFile = statSync(new URL(catalogOnly ? "catalog/wasm/govshare_catalog_bg.wasm" : "wasm/govshare_wasm_bg.wasm", pkgDir)).size;

function mem() {
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed, external: m.external, wasm: wasmBytes() };
}

// ---------------------------------------------------------------- load
const before = mem();
let catalog;
let buildMs = null;
let buildCpuMs = null;
let snapshotCpuMs = null;
let sourceBytes;
let chunks = 0;
let snapshot = null;
if (catalogPath) {
  sourceBytes = statSync(catalogPath).size;
  const t = now();
  const cpu0 = cpuMs();
  const loader = new gs.CatalogLoader(sourceBytes);
  for await (const chunk of createReadStream(catalogPath, { highWaterMark: CHUNK })) {
    loader.push(chunk);
    chunks++;
  }
  catalog = loader.finish();
  buildMs = now() - t;
  buildCpuMs = cpuToMs(cpuMs(cpu0));
  log(`built ${catalog.size} resources from ${chunks} chunks in ${(buildMs / 1000).toFixed(2)} s`);
} else if (indexPath) {
  // Cold start from a published index: verify the manifest with the pinned
  // key, stream every section file through the module (block digests checked,
  // arrays decoded into place).
  const t = now();
  const cpu0 = cpuMs();
  catalog = await gs.loadPublishedIndex((name) => createReadStream(new URL(name, `file://${indexPath.replace(/\/?$/, "/")}`), { highWaterMark: CHUNK }), {
    platformKey: readFileSync(platformJwkPath, "utf8"),
    onProgress: (p) => { sourceBytes = p.total_bytes; chunks++; },
  });
  const end = now();
  snapshotCpuMs = cpuToMs(cpuMs(cpu0));
  snapshot = { bytes: sourceBytes, published_index: true, read_and_load_ms: round(end - t, 2) };
  log(`loaded and verified the published index of ${catalog.size} resources in ${(snapshot.read_and_load_ms / 1000).toFixed(2)} s`);
} else {
  // Cold start from a snapshot file, streamed: each array is decoded into
  // place, so the module never holds the snapshot bytes as well.
  const t = now();
  const cpu0 = cpuMs();
  sourceBytes = statSync(snapshotPath).size;
  catalog = await gs.loadCatalog(createReadStream(snapshotPath, { highWaterMark: CHUNK }));
  const end = now();
  snapshotCpuMs = cpuToMs(cpuMs(cpu0));
  snapshot = { bytes: sourceBytes, streamed: true, read_and_load_ms: round(end - t, 2) };
  log(`loaded snapshot of ${catalog.size} resources in ${(snapshot.read_and_load_ms / 1000).toFixed(2)} s`);
}
const loaded = mem();
// The engine's own estimate of the store + index heap (what docs/catalog-format.md reports).
const stats = catalog.stats();

// ---------------------------------------------------------------- snapshot
if (catalogPath) {
  let t = now();
  const bytes = catalog.toSnapshot();
  const writeMs = now() - t;
  let fileWriteMs = null;
  if (snapshotOut) {
    t = now();
    writeFileSync(snapshotOut, bytes);
    fileWriteMs = now() - t;
  }
  t = now();
  const reloaded = gs.Catalog.fromSnapshot(bytes);
  const loadMs = now() - t;
  const same = reloaded.size === catalog.size;
  reloaded.free();
  snapshot = {
    bytes: bytes.length,
    write_ms: round(writeMs, 2),
    file_write_ms: fileWriteMs === null ? null : round(fileWriteMs, 2),
    load_ms: round(loadMs, 2),
    reload_same_size: same,
  };
  log(`snapshot ${(bytes.length / 2 ** 20).toFixed(0)} MiB: write ${(writeMs / 1000).toFixed(2)} s, load ${(loadMs / 1000).toFixed(2)} s`);
}
const afterSnapshot = mem();

// ---------------------------------------------------------------- queries
const queries = loadOnly ? [] : JSON.parse(readFileSync(queriesPath, "utf8")).queries;
function toQuery(q, limit) {
  const f = q.filter ?? {};
  const out = { text: q.text, limit, offset: 0 };
  if (f.sharing !== undefined) out.sharing = f.sharing;
  if (f.grade !== undefined) out.grade = f.grade;
  const provider = byCode ? f.provider_code : f.provider;
  if (provider !== undefined) out.provider = provider;
  return out;
}
const timed = queries.map((q) => toQuery(q, TIMED_LIMIT));
for (const q of timed.slice(0, 100)) catalog.search(q);
// One pass over the timed queries: per-query wall and CPU times, in ms.
function timedPass() {
  const wall = { all: [], filtered: [], unfiltered: [] };
  const cpu = { all: [], filtered: [], unfiltered: [] };
  let failed = 0;
  for (let k = 0; k < queries.length; k++) {
    const c = cpuMs();
    const t = now();
    try {
      catalog.search(timed[k]);
    } catch {
      failed++;
    }
    const dt = now() - t;
    const dc = cpuToMs(cpuMs(c));
    cpu.all.push(dc);
    (queries[k].filter ? cpu.filtered : cpu.unfiltered).push(dc);
    wall.all.push(dt);
    (queries[k].filter ? wall.filtered : wall.unfiltered).push(dt);
  }
  return { wall, cpu, failed };
}
const passStart = now();
const passCpu = cpuMs();
const first = timedPass();
const passWallMs = now() - passStart;
const passCpuMs = cpuToMs(cpuMs(passCpu));
const ms = first.wall;
const cpuPerQuery = first.cpu;
// The same queries again: every term has been searched once, so what a
// search derives on a term's first use (dense-term data) is in place.
const second = timedPass();
const repeatCpu = second.cpu;
const errors = first.failed + second.failed;
const statsAfter = catalog.stats();
log(`p50 ${round(latencySummary(ms.all).p50_ms, 3)} ms, p99 ${round(latencySummary(ms.all).p99_ms, 3)} ms`);

const results = (timedOnly ? [] : queries).map((q) => {
  try {
    const r = catalog.search(toQuery(q, QUALITY_LIMIT));
    return { id: q.id, total: r.total, relaxed: r.relaxed, codes: r.hits.map((h) => h.code) };
  } catch {
    return { id: q.id, total: 0, relaxed: false, codes: [] };
  }
});
const end = mem();

const report = {
  engine: (indexPath ? "govshare-wasm-index" : snapshotPath ? "govshare-wasm-snapshot" : "govshare-wasm") + (catalogOnly ? "-catalog-module" : ""),
  version: pkgVersion,
  config:
    `npm package (WASM in Node ${process.version}); ` +
    (catalogPath ? `CatalogLoader fed ${CHUNK} B chunks from a file stream` : "Catalog.fromSnapshot on the file's bytes") +
    `; provider filter by ${byCode ? "code" : "name"}`,
  catalog: { path: catalogPath ?? snapshotPath ?? indexPath, bytes: sourceBytes, resources: catalog.size },
  wasm_module_bytes: wasmFile,
  build_ms: buildMs === null ? null : round(buildMs, 1),
  // Comparable with the native runner's RSS growth while loading.
  index_rss_bytes: loaded.rss - before.rss,
  rss_bytes: loaded.rss,
  rss_peak_bytes: Math.max(loaded.rss, afterSnapshot.rss, end.rss),
  rss_at_start_bytes: rssStart,
  wasm_memory_bytes: loaded.wasm,
  wasm_memory_peak_bytes: end.wasm,
  catalog_stats: stats,
  memory_source: memory ? "WebAssembly.Memory exported by the module (buffer.byteLength)" : "rss delta (memory export not reachable)",
  js_heap_bytes: loaded.heap,
  snapshot,
  search_errors: errors,
  cpu: {
    build_ms: buildCpuMs === null ? null : round(buildCpuMs, 1),
    snapshot_read_and_load_ms: snapshotCpuMs === null ? null : round(snapshotCpuMs, 1),
    timed_pass_ms: round(passCpuMs, 1),
    timed_pass_wall_ms: round(passWallMs, 1),
    per_query: { all: latencySummary(cpuPerQuery.all), filtered: latencySummary(cpuPerQuery.filtered), unfiltered: latencySummary(cpuPerQuery.unfiltered) },
    per_query_repeat: { all: latencySummary(repeatCpu.all), filtered: latencySummary(repeatCpu.filtered), unfiltered: latencySummary(repeatCpu.unfiltered) },
  },
  // Store and index after both passes (with the dense-term data searches derived).
  catalog_stats_after_queries: statsAfter,
  latency: {
    all: latencySummary(ms.all),
    filtered: latencySummary(ms.filtered),
    unfiltered: latencySummary(ms.unfiltered),
  },
  machine: { loadavg_start: loadAtStart, loadavg_end: loadavg() },
  quality_limit: QUALITY_LIMIT,
  results,
};
process.stdout.write(JSON.stringify(report) + "\n");
