#!/usr/bin/env node
// Turns result files (peers.mjs / score.mjs output, one per catalog size)
// into a markdown table: medians (p50) and p99 latency, build time, index
// memory, quality, and ratios to govshare-native when present (else to the
// first engine).
//
//   node js/report.mjs out/results-10k.json out/results-100k.json > out/report.md

import { readFileSync } from "node:fs";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: report.mjs RESULTS.json...");
  process.exit(2);
}

const fmt = (x, d = 2) => (x === null || x === undefined || Number.isNaN(x) ? "–" : Number(x).toFixed(d));
const mib = (b) => (b === null || b === undefined ? "–" : (b / 2 ** 20).toFixed(0));
const ratio = (x, base) => (x && base ? `${(x / base).toFixed(1)}×` : "–");

const out = [];
for (const f of files) {
  const r = JSON.parse(readFileSync(f, "utf8"));
  const engines = r.engines;
  const base = engines.find((e) => e.engine === "govshare-native") ?? engines[0];
  out.push(
    `### ${r.catalog.resources.toLocaleString("en")} resources (${mib(r.catalog.bytes)} MiB JSON), ` +
      `${r.queries.count} queries (${r.queries.filtered} filtered)`,
    "",
    `Node ${r.node}, ${r.platform}, ${r.date.slice(0, 10)}. Ratios are to ${base.engine}. ` +
      `Quality against brute-force substring truth, up to ${r.queries.quality_limit} hits per query.`,
    "",
    "| engine | build (load) s | index MiB | CPU ms/query | p50 ms | p99 ms | filtered p50 | filtered p99 | p50 ratio | precision | recall | filtered recall | filtered exact | filter violations |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  );
  for (const e of engines) {
    // WASM: the module's linear memory; JS: heap growth; native: RSS growth.
    const memory = e.index_heap_bytes ?? e.wasm_memory_bytes ?? e.index_rss_bytes;
    const build = e.build_ms ?? e.snapshot?.read_and_load_ms;
    const cpu = e.cpu?.timed_pass_ms !== undefined ? fmt(e.cpu.timed_pass_ms / r.queries.count, 3) : "–";
    out.push(
      `| ${e.engine} ${e.version ?? ""} | ${e.build_ms == null && build != null ? `(${fmt(build / 1000, 1)})` : fmt(build / 1000, 1)} | ${mib(memory)} | ${cpu} | ` +
        `${fmt(e.latency.all.p50_ms, 3)} | ${fmt(e.latency.all.p99_ms, 2)} | ` +
        `${fmt(e.latency.filtered.p50_ms, 3)} | ${fmt(e.latency.filtered.p99_ms, 2)} | ` +
        `${ratio(e.latency.all.p50_ms, base.latency.all.p50_ms)} | ` +
        `${fmt(e.quality.all.precision, 3)} | ${fmt(e.quality.all.recall, 3)} | ` +
        `${fmt(e.quality.filtered.recall, 3)} | ${fmt(e.quality.filtered.exact_share, 3)} | ` +
        `${e.quality.all.filter_violations} |`,
    );
  }
  out.push("");
}
out.push(
  "Index memory: JS engines = V8 heap growth after a full GC; govshare-wasm = the module's WebAssembly.Memory after loading; native = RSS growth while loading. " +
    "Build (load): parse + index; in parentheses, snapshot file read + load in a fresh process. " +
    "CPU ms/query: process CPU time of the timed pass / queries (unaffected by waiting for a core; wall-clock p50/p99 are). " +
    "`filtered exact` = share of filtered queries whose result set equals the truth (a full page of true matches when the truth exceeds the limit).",
);
process.stdout.write(out.join("\n") + "\n");
