#!/usr/bin/env node
// A report with no peer engines (what peers.mjs prints, minus the engines):
// for sizes where only govshare runs (1M), so score.mjs can append to it.
//
//   node js/skeleton.mjs --catalog data/catalog-1m.json --queries data/queries.json > out/peers-1m.json

import { readFileSync, statSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { readResources } from "./catalog.mjs";
import { QUALITY_LIMIT } from "./metrics.mjs";

const args = process.argv.slice(2);
const arg = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const catalogPath = arg("--catalog");
const queriesPath = arg("--queries");
if (!catalogPath || !queriesPath) {
  console.error("usage: skeleton.mjs --catalog FILE --queries FILE");
  process.exit(2);
}
const loadAtStart = loadavg();
let resources = 0;
// eslint-disable-next-line no-unused-vars
for await (const _ of readResources(catalogPath)) resources++;
const queries = JSON.parse(readFileSync(queriesPath, "utf8")).queries;
const report = {
  tool: "govshare bench/js/skeleton.mjs",
  date: new Date().toISOString(),
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
  machine: { cpus: cpus().length, memory_bytes: totalmem(), loadavg_start: loadAtStart, loadavg_end: loadavg() },
  catalog: { path: catalogPath, bytes: statSync(catalogPath).size, resources },
  queries: {
    path: queriesPath,
    count: queries.length,
    filtered: queries.filter((q) => q.filter).length,
    quality_limit: QUALITY_LIMIT,
  },
  engines: [],
};
process.stdout.write(JSON.stringify(report, null, 2) + "\n");
