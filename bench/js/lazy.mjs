// Lazy mode over loopback HTTP (issue #14 step 5): a published index served
// by a local HTTP server with Range support, opened with openLazyIndex from
// the npm package (WASM, catalog module by default), and the shared query
// set searched: per query from cold (a new reader: manifest, block lists and
// every block the query needs), then with one reader kept across queries
// (what each query adds), then with everything held (search time alone).
// Each page is checked against the eager published-index load when
// --check-eager is given (needs the memory for both).
//
//   node --expose-gc bench/js/lazy.mjs --index DIR --platform-jwk FILE --queries data/queries.json \
//        [--cold N] [--count N] [--module catalog|full] [--check-eager] > result.json
import { createServer } from "node:http";
import { openSync, readSync, closeSync, statSync, readFileSync, createReadStream } from "node:fs";
import { join } from "node:path";
import { loadavg } from "node:os";
import { percentile, round } from "./metrics.mjs";

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const indexDir = arg("--index");
const jwkPath = arg("--platform-jwk");
const queriesPath = arg("--queries");
if (!indexDir || !jwkPath || !queriesPath) {
  console.error("usage: lazy.mjs --index DIR --platform-jwk FILE --queries FILE [--cold N] [--count N] [--module catalog|full] [--pkg DIR] [--check-eager]");
  process.exit(2);
}
const coldCount = Number(arg("--cold", "50"));
const count = Number(arg("--count", "1000"));
const moduleName = arg("--module", "catalog");
const log = (m) => process.stderr.write(`${m}\n`);
// --pkg DIR: another build of the package (e.g. to compare two commits).
const pkgDir = new URL(arg("--pkg", "../../npm/dist/"), import.meta.url);
const gs = await import(new URL(moduleName === "catalog" ? "catalog/node.js" : "node.js", pkgDir));
const glue = await import(new URL(moduleName === "catalog" ? "catalog/wasm/govshare_catalog.js" : "wasm/govshare_wasm.js", pkgDir));
const memory = glue.initSync({ module: new Uint8Array(0) })?.memory;
const platformKey = readFileSync(jwkPath, "utf8");
const loadAtStart = loadavg();

// ---------------------------------------------------------------- server
let served = { bytes: 0, requests: 0 };
const server = createServer((req, res) => {
  const path = join(indexDir, decodeURIComponent(new URL(req.url, "http://x").pathname).replace(/^\/+/, ""));
  let size;
  try {
    size = statSync(path).size;
  } catch {
    res.writeHead(404).end();
    return;
  }
  const m = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? "");
  served.requests++;
  if (!m) {
    served.bytes += size;
    res.writeHead(200, { "content-length": size });
    createReadStream(path).pipe(res);
    return;
  }
  const [start, end] = [Number(m[1]), Math.min(Number(m[2]), size - 1)];
  const buf = Buffer.alloc(end - start + 1);
  const fd = openSync(path, "r");
  readSync(fd, buf, 0, buf.length, start);
  closeSync(fd);
  served.bytes += buf.length;
  res.writeHead(206, { "content-length": buf.length, "content-range": `bytes ${start}-${end}/${size}` }).end(buf);
});
// Idle keep-alive sockets stay open: the passes without requests outlast
// the default 5 s, after which fetch would reuse a socket being closed.
server.keepAliveTimeout = 600_000;
server.headersTimeout = 601_000;
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const base = `http://127.0.0.1:${server.address().port}/`;

// ---------------------------------------------------------------- queries
const raw = JSON.parse(readFileSync(queriesPath, "utf8")).queries.slice(0, count);
const queries = raw.map((q) => {
  const query = { text: q.text ?? "", limit: 20 };
  for (const [k, v] of Object.entries(q.filter ?? {})) if (k !== "provider_code") query[k] = v;
  return query;
});
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const summary = (v) => ({ p50: round(percentile(v, 50), 3), p90: round(percentile(v, 90), 3), p99: round(percentile(v, 99), 3), max: round(Math.max(...v), 3) });

// From cold: a new reader per query.
const cold = { mb: [], ms: [], cpu_ms: [], requests: [] };
for (const q of queries.slice(0, coldCount)) {
  served = { bytes: 0, requests: 0 };
  const [t, c] = [performance.now(), cpu()];
  const lazy = await gs.openLazyIndex(base, { platformKey });
  await lazy.search(q);
  cold.ms.push(performance.now() - t);
  cold.cpu_ms.push(cpu() - c);
  cold.mb.push(served.bytes / 1e6);
  cold.requests.push(served.requests);
  lazy.free();
}
log(`cold: p50 ${percentile(cold.mb, 50).toFixed(2)} MB, ${percentile(cold.ms, 50).toFixed(0)} ms`);

// One reader kept across the query set.
served = { bytes: 0, requests: 0 };
const lazy = await gs.openLazyIndex(base, { platformKey });
const opened = { mb: served.bytes / 1e6, requests: served.requests };
const kept = { mb: [], ms: [], requests: [] };
const pages = [];
for (const q of queries) {
  const before = { ...served };
  const t = performance.now();
  pages.push(await lazy.search(q));
  kept.ms.push(performance.now() - t);
  kept.mb.push((served.bytes - before.bytes) / 1e6);
  kept.requests.push(served.requests - before.requests);
}
const held = lazy.stats();
log(`kept reader: held ${(held.bytes_held / 1e6).toFixed(1)} MB after ${queries.length} queries`);
// Everything held: search time alone.
const heldMs = [];
for (const q of queries) {
  const t = performance.now();
  await lazy.search(q);
  heldMs.push(performance.now() - t);
}

const blockSize = lazy.manifest.block_size;
lazy.free(); // the module's memory for the eager load
let eager = null;
if (args.includes("--check-eager")) {
  const t = performance.now();
  const catalog = await gs.loadPublishedIndex(base, { platformKey });
  const differing = queries.map((q, i) => (JSON.stringify(catalog.search(q)) === JSON.stringify(pages[i]) ? -1 : i)).filter((i) => i >= 0);
  eager = { load_ms: round(performance.now() - t, 1), differing };
  log(`eager check: ${differing.length} of ${queries.length} pages differ`);
}
server.close();

console.log(JSON.stringify({
  tool: "bench/js/lazy.mjs",
  module: moduleName,
  index: indexDir,
  index_bytes: held.bytes_total,
  block_size: blockSize,
  queries: queries.length,
  load_average: { start: loadAtStart, end: loadavg() },
  open: opened,
  cold_first_query: { queries: cold.mb.length, mb: summary(cold.mb), ms: summary(cold.ms), cpu_ms: summary(cold.cpu_ms), requests: summary(cold.requests) },
  kept_reader: { mb_added: summary(kept.mb), ms: summary(kept.ms), requests: summary(kept.requests), held_mb: round(held.bytes_held / 1e6, 1) },
  everything_held_ms: summary(heldMs),
  wasm_memory_mb: memory ? round(memory.buffer.byteLength / 1e6, 1) : null,
  eager_check: eager,
}, null, 1));
