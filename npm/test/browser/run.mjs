// Headless-Chromium test: serves the installed package and the vectors on
// 127.0.0.1, opens a page that imports `govshare` (browser entry) and runs the
// shared vector runner in the page, then reports each case.
import { createServer } from 'node:http';
import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, extname, resolve, sep } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { modules } from '../vectors.mjs';

const require = createRequire(join(process.env.GOVSHARE_NPM_DEV ?? process.cwd(), 'package.json'));
const { chromium } = require('playwright-core');

const here = new URL('.', import.meta.url).pathname;
const roots = {
  '/pkg/': resolve('node_modules/govshare'),
  '/test/': resolve(here, '..'),
  '/vectors/': resolve(process.env.GOVSHARE_VECTORS),
  '/examples/': resolve(process.env.GOVSHARE_EXAMPLES ?? join(here, '../../../examples')),
};
const types = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.html': 'text/html', '.json': 'application/json', '.wasm': 'application/wasm' };

async function listVectors() {
  const out = [];
  for (const module of Object.keys(modules)) {
    const names = (await readdir(join(roots['/vectors/'], module))).filter((f) => f.endsWith('.json') && !f.startsWith('_')).sort();
    for (const name of names) out.push({ module, name });
  }
  return out;
}

const server = createServer(async (req, res) => {
  try {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end(await readFile(join(here, 'index.html')));
    }
    if (url.pathname === '/vector-list.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(await listVectors()));
    }
    for (const [prefix, dir] of Object.entries(roots)) {
      if (url.pathname.startsWith(prefix)) {
        const file = resolve(dir, decodeURIComponent(url.pathname.slice(prefix.length)));
        if (!file.startsWith(dir + sep)) break;
        // Read before the status goes out: a missing file is a 404, not a 200 cut short.
        const body = await readFile(file);
        res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
        return res.end(body);
      }
    }
    res.writeHead(404).end();
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}/`;

const profile = mkdtempSync(join(tmpdir(), 'govshare-chromium-'));
// A fresh profile each run; flags keep Chromium off the (closed) network.
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let failed = 0, passed = 0;
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e));
  await page.goto(base);
  await page.waitForFunction(() => window.__results !== undefined, null, { timeout: 120_000 });
  const { results, error } = await page.evaluate(() => window.__results);
  if (error) throw new Error(`page failed: ${error}`);
  for (const r of results) {
    if (r.ok) { passed++; console.log(`ok - browser ${r.file}: ${r.case}`); }
    else { failed++; console.log(`not ok - browser ${r.file}: ${r.case}\n  ${r.detail}`); }
  }
  if (results.length === 0) { failed++; console.log('not ok - no vectors ran in the browser'); }
  // The contract: every file of MANIFEST.json ran in the page, every case.
  const manifest = JSON.parse(await readFile(join(roots['/vectors/'], 'MANIFEST.json'), 'utf8'));
  const counts = {};
  for (const r of results) if (r.file in manifest.files) counts[r.file] = (counts[r.file] ?? 0) + 1;
  const missing = Object.entries(manifest.files).filter(([f, n]) => counts[f] !== n);
  if (missing.length) {
    failed++;
    console.log(`not ok - browser vectors of MANIFEST.json not run in full: ${JSON.stringify(missing.map(([f, n]) => [f, counts[f] ?? 0, n]))}`);
  } else {
    passed++;
    console.log('ok - browser every vector file of MANIFEST.json ran, every case');
  }
} finally {
  await browser.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
