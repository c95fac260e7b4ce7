// A delta applied to a large catalog in WASM (issue #14 step 6): the
// snapshot is loaded into the full npm SDK, then `applyDelta` is timed
// `--runs` times, each on a freshly loaded catalog. The delta document comes
// from `govshare-bench-delta --write-delta FILE` (the native tool times the
// same delta, and checks the merge against a rebuild).
//
//   node --expose-gc bench/js/delta.mjs --snapshot FILE --delta FILE [--runs 3] [--pkg DIR] > result.json
//
// `--pkg` points at another build of npm/dist (e.g. one with the wasm name
// section kept, for `node --cpu-prof`).
import { createReadStream, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { percentile, round } from "./metrics.mjs";

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const snapshotPath = arg("--snapshot");
const deltaPath = arg("--delta");
const runs = Number(arg("--runs", "3"));
if (!snapshotPath || !deltaPath || !(runs >= 1)) {
  console.error("usage: delta.mjs --snapshot FILE --delta FILE [--runs N]");
  process.exit(2);
}
const pkgDir = new URL(arg("--pkg", "../../npm/dist/").replace(/\/?$/, "/"), import.meta.url);
const gs = await import(new URL("node.js", pkgDir));
const glue = await import(new URL("wasm/govshare_wasm.js", pkgDir));
const memory = glue.initSync({ module: new Uint8Array(0) })?.memory;
const loadAtStart = loadavg();
const delta = readFileSync(deltaPath);
const cpuMs = (u) => (u.user + u.system) / 1000;

const walls = [];
const cpus = [];
let outcome = null;
for (let run = 0; run < runs; run++) {
  const catalog = await gs.loadCatalog(createReadStream(snapshotPath, { highWaterMark: 1 << 20 }));
  const t = performance.now();
  const cpu0 = process.cpuUsage();
  outcome = catalog.applyDelta(delta);
  walls.push(performance.now() - t);
  cpus.push(cpuMs(process.cpuUsage(cpu0)));
  catalog.free();
  globalThis.gc?.();
}
console.log(JSON.stringify({
  tool: "bench/js/delta.mjs",
  snapshot: snapshotPath,
  changes: JSON.parse(delta).changes.length,
  runs,
  apply_ms: walls.map((v) => round(v, 1)),
  apply_cpu_ms: cpus.map((v) => round(v, 1)),
  apply_ms_median: round(percentile(walls, 50), 1),
  apply_cpu_ms_median: round(percentile(cpus, 50), 1),
  wasm_memory_bytes: memory ? memory.buffer.byteLength : null,
  outcome,
  load_average_start: loadAtStart.map((v) => round(v, 2)),
  load_average_end: loadavg().map((v) => round(v, 2)),
}, null, 2));
