#!/usr/bin/env node
// Headless-Chromium check: serves the npm package (npm/dist) and a catalog on
// 127.0.0.1, opens a page that streams the catalog with fetch into
// `loadCatalog` (browser entry), times the load, answers a few of the shared
// queries, optionally loads the snapshot too, and prints JSON.
//
//   node js/browser-check.mjs --catalog data/catalog-1m.json [--snapshot data/catalog-1m.gsnap] \
//        --queries data/queries.json [--count 20] > out/chromium-1m.json
//   node js/browser-check.mjs --index DIR --platform-jwk platform.pub.jwk --queries data/queries.json [--lazy | --lazy-only]
//        (a published index, `govshare catalog publish`: loaded and verified by the
//        catalog-only module's `loadPublishedIndex`, eager mode; with --lazy also
//        searched lazily with `openLazyIndex` over HTTP ranges, --lazy-only lazily alone)
//
// Needs playwright-core (npm/node_modules, `cd npm && npm ci`) and /usr/bin/chromium.

import { createServer } from "node:http";
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir, loadavg } from "node:os";
import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const npmDir = resolve(here, "../../npm");
const { chromium } = createRequire(join(npmDir, "package.json"))("playwright-core");

const args = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt;
};
const catalogPath = arg("--catalog") ? resolve(arg("--catalog")) : null;
const indexDir = arg("--index") ? resolve(arg("--index")) : null;
const platformJwk = arg("--platform-jwk") ? readFileSync(arg("--platform-jwk"), "utf8") : null;
if (!catalogPath && !indexDir) {
  console.error("usage: browser-check.mjs (--catalog FILE [--snapshot FILE] | --index DIR --platform-jwk FILE) --queries FILE");
  process.exit(2);
}
const snapshotPath = arg("--snapshot") ? resolve(arg("--snapshot")) : null;
const queries = JSON.parse(readFileSync(arg("--queries"), "utf8")).queries.slice(0, Number(arg("--count", "20")));
const timeoutMs = Number(arg("--timeout-s", "900")) * 1000;

const files = { ...(catalogPath ? { "/data/catalog": catalogPath } : {}), ...(snapshotPath ? { "/data/snapshot": snapshotPath } : {}) };
const types = { ".js": "text/javascript", ".wasm": "application/wasm" };
const page = `<!doctype html><meta charset="utf-8"><script type="module">
const out = {};
try {
  const t0 = performance.now();
  const gs = await import("/pkg/browser.js");
  out.init_ms = performance.now() - t0;
  const queries = await (await fetch("/queries")).json();
  const run = async (path, key) => {
    const t = performance.now();
    let mark = 0;
    const onProgress = (p) => {
      const read = Number(p?.bytes_read ?? p?.bytesRead ?? 0);
      if (read >= mark) { console.log(key + ": " + (read / 2 ** 20).toFixed(0) + " MiB read at " + ((performance.now() - t) / 1000).toFixed(1) + " s"); mark = read + 200 * 2 ** 20; }
    };
    const catalog = key === "from_index"
      ? await (await import("/pkg/catalog/browser.js")).loadPublishedIndex(new URL(path, location.href), { platformKey: ${JSON.stringify(platformJwk)}, onProgress })
      : await gs.loadCatalog(await fetch(path), { onProgress });
    console.log(key + ": loaded in " + ((performance.now() - t) / 1000).toFixed(1) + " s");
    const r = { load_ms: performance.now() - t, resources: catalog.size, answers: [] };
    for (const q of queries) {
      const f = q.filter ?? {};
      const query = { text: q.text, limit: 20, ...(f.sharing !== undefined && { sharing: f.sharing }),
        ...(f.grade !== undefined && { grade: f.grade }), ...(f.provider !== undefined && { provider: f.provider }) };
      const t1 = performance.now();
      const res = catalog.search(query);
      r.answers.push({ id: q.id, ms: performance.now() - t1, total: res.total, hits: res.hits.length, first: res.hits[0]?.code ?? null });
    }
    catalog.free();
    out[key] = r;
  };
  if (${catalogPath ? "true" : "false"}) await run("/data/catalog", "from_json");
  if (${snapshotPath ? "true" : "false"}) await run("/data/snapshot", "from_snapshot");
  if (${indexDir && !args.includes("--lazy-only") ? "true" : "false"}) await run("/index/", "from_index");
  if (${indexDir && (args.includes("--lazy") || args.includes("--lazy-only")) ? "true" : "false"}) {
    // Lazy mode: the manifest and block lists, then only the ranges each
    // query needs (HTTP Range requests, every block verified).
    const t = performance.now();
    const cat = await import("/pkg/catalog/browser.js");
    const lazy = await cat.openLazyIndex(new URL("/index/", location.href), { platformKey: ${JSON.stringify(platformJwk)} });
    const r = { open_ms: performance.now() - t, resources: lazy.manifest.resources, answers: [] };
    let fetched = lazy.stats().bytes_fetched;
    r.open_bytes = fetched;
    for (const q of queries) {
      const f = q.filter ?? {};
      const query = { text: q.text, limit: 20, ...(f.sharing !== undefined && { sharing: f.sharing }),
        ...(f.grade !== undefined && { grade: f.grade }), ...(f.provider !== undefined && { provider: f.provider }) };
      const t1 = performance.now();
      const res = await lazy.search(query);
      const now = lazy.stats().bytes_fetched;
      r.answers.push({ id: q.id, ms: performance.now() - t1, total: res.total, hits: res.hits.length, first: res.hits[0]?.code ?? null, fetched: now - fetched });
      fetched = now;
    }
    const st = lazy.stats();
    r.bytes_fetched = st.bytes_fetched;
    r.bytes_total = st.bytes_total;
    console.log("lazy: " + queries.length + " queries, " + (st.bytes_fetched / 1e6).toFixed(1) + " MB fetched of " + (st.bytes_total / 1e6).toFixed(0) + " MB");
    lazy.free();
    out.lazy = r;
  }
} catch (e) {
  out.error = String(e && e.stack || e);
}
window.__bench = out;
</script>`;

const server = createServer((req, res) => {
  const url = new URL(req.url, "http://x");
  if (url.pathname === "/") return res.writeHead(200, { "content-type": "text/html" }).end(page);
  if (url.pathname === "/queries") return res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(queries));
  if (indexDir && url.pathname.startsWith("/index/")) {
    const name = url.pathname.slice(7);
    if (!/^[a-z]+\.(bin|blocks|json|sig)$/.test(name)) return res.writeHead(404).end();
    const f = join(indexDir, name);
    let size;
    try {
      size = statSync(f).size;
    } catch {
      return res.writeHead(404).end();
    }
    const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? "");
    if (range) {
      const [start, end] = [Number(range[1]), Math.min(Number(range[2]), size - 1)];
      res.writeHead(206, { "content-type": "application/octet-stream", "content-length": end - start + 1,
        "content-range": `bytes ${start}-${end}/${size}` });
      return createReadStream(f, { start, end }).pipe(res);
    }
    res.writeHead(200, { "content-type": "application/octet-stream", "content-length": size });
    return createReadStream(f, { highWaterMark: 1 << 20 }).pipe(res);
  }
  if (files[url.pathname]) {
    const f = files[url.pathname];
    res.writeHead(200, { "content-type": "application/octet-stream", "content-length": statSync(f).size });
    return createReadStream(f, { highWaterMark: 1 << 20 }).pipe(res);
  }
  if (url.pathname.startsWith("/pkg/")) {
    const f = resolve(npmDir, "dist", url.pathname.slice(5));
    if (!f.startsWith(resolve(npmDir, "dist"))) return res.writeHead(404).end();
    try {
      const body = readFileSync(f);
      return res.writeHead(200, { "content-type": types[f.slice(f.lastIndexOf("."))] ?? "application/octet-stream" }).end(body);
    } catch {
      return res.writeHead(404).end();
    }
  }
  res.writeHead(404).end();
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}/`;
const profile = mkdtempSync(join(tmpdir(), "govshare-bench-chromium-"));
const loadStart = loadavg();
let result;
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const p = await browser.newPage();
  const crashes = [];
  p.on("crash", () => crashes.push("page crashed"));
  p.on("pageerror", (e) => crashes.push(String(e)));
  p.on("console", (m) => console.error(`[page] ${m.text()}`));
  await p.goto(base);
  try {
    await p.waitForFunction(() => window.__bench !== undefined, null, { timeout: timeoutMs, polling: 1000 });
    result = await p.evaluate(() => window.__bench);
  } catch (e) {
    result = { error: `no answer: ${e.message.split("\n")[0]}` };
  }
  if (crashes.length) result.page_errors = crashes;
  result.chromium = browser.browser()?.version() ?? null;
} finally {
  await browser.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
const summary = (r) => {
  if (!r) return r;
  const ms = r.answers.map((a) => a.ms).sort((a, b) => a - b);
  return { ...r, query_ms_median: ms[ms.length >> 1], query_ms_max: ms[ms.length - 1], answered: r.answers.filter((a) => a.hits > 0).length, queries: r.answers.length };
};
process.stdout.write(JSON.stringify({
  catalog: catalogPath && basename(catalogPath), catalog_bytes: catalogPath && statSync(catalogPath).size,
  index: indexDir,
  snapshot: snapshotPath && basename(snapshotPath), loadavg_start: loadStart, loadavg_end: loadavg(),
  ...result, from_json: summary(result.from_json), from_snapshot: summary(result.from_snapshot),
  from_index: summary(result.from_index),
  lazy: result.lazy && {
    ...summary(result.lazy),
    first_query_ms: result.lazy.answers[0]?.ms ?? null,
    first_query_fetched: result.lazy.answers[0]?.fetched ?? null,
    fetched_median: [...result.lazy.answers.map((a) => a.fetched)].sort((a, b) => a - b)[result.lazy.answers.length >> 1],
    totals_equal_eager: result.from_index ? result.lazy.answers.every((a, i) => a.total === result.from_index.answers[i]?.total && a.first === result.from_index.answers[i]?.first) : null,
  },
}, null, 2) + "\n");
