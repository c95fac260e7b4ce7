// Drives the portal in headless Chromium against a real sandbox: search →
// pick → validate → sign (in-WASM key, then the WebCrypto external signer)
// → submit → poll → fetch → verdicts; a conditional application approved by
// the reviewer; then each `--misbehave` mode, which the page must catch.
// Screenshots go to $SCREENSHOTS (default target/portal-screenshots).
//
//   GOVSHARE_BIN=target/debug/govshare node examples/portal/test/portal.test.mjs
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';

const here = new URL('.', import.meta.url).pathname;
const portal = resolve(here, '..');
const root = resolve(portal, '../..');
const require = createRequire(join(portal, 'package.json'));
const { chromium } = require('playwright-core');
const bin = resolve(process.env.GOVSHARE_BIN ?? join(root, 'target/debug/govshare'));
const shots = resolve(process.env.SCREENSHOTS ?? join(root, 'target/portal-screenshots'));
mkdirSync(shots, { recursive: true });

/** Starts `govshare sandbox --port 0` and resolves with its URL and data dir. */
async function sandbox(misbehave) {
  const data = mkdtempSync(join(tmpdir(), 'govshare-portal-'));
  const args = ['sandbox', '--port', '0', '--data', data, '--portal', portal];
  if (misbehave) args.push('--misbehave', misbehave);
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((ok, fail) => {
    child.once('exit', (code) => fail(new Error(`sandbox exited ${code}`)));
    createInterface({ input: child.stdout }).once('line', (line) => ok(line.trim()));
  });
  return {
    url,
    data,
    stop() {
      child.kill('SIGTERM');
      rmSync(data, { recursive: true, force: true });
    },
  };
}

let failed = 0;
async function test(name, f) {
  if (process.env.ONLY && !name.includes(process.env.ONLY)) return;
  try {
    await f();
    console.log(`ok - ${name}`);
  } catch (e) {
    failed++;
    console.log(`not ok - ${name}\n  ${e && e.stack ? e.stack : e}`);
  }
}

const profile = mkdtempSync(join(tmpdir(), 'govshare-portal-chromium-'));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

async function open(sb, tag, query = '') {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error(`[${tag}] page error:`, e.message));
  await page.goto(sb.url + query);
  await page.waitForSelector('body[data-ready="true"], #verdicts [data-ok="false"]', { timeout: 60_000 });
  return page;
}

const verdicts = (page) =>
  page.$$eval('#verdicts li', (lis) => lis.map((li) => ({ name: li.dataset.verdict, ok: li.dataset.ok === 'true', text: li.textContent })));

/** Waits for `selector`; on timeout, the page's own log says why. */
async function waitFor(page, selector) {
  try {
    return await page.waitForSelector(selector, { timeout: 30_000 });
  } catch (e) {
    const log = await page.$$eval('#log li, #findings li', (lis) => lis.map((li) => li.textContent).join('\n'));
    throw new Error(`${e.message.split('\n')[0]}\npage log:\n${log}`);
  }
}

/** Searches, picks the first hit of a sharing type, validates and submits. */
async function apply(page, sharing, signer, tag) {
  await page.fill('#q', '');
  await page.selectOption('#sharing', sharing);
  await page.click('#search-button');
  await page.waitForSelector(`#hits button.hit[data-sharing="${sharing}"]`);
  const facets = await page.$$eval('#facets button', (bs) => bs.length);
  assert.ok(facets > 0, 'provider facets are shown');
  await page.click(`#hits button.hit[data-sharing="${sharing}"]`);
  await page.selectOption('#signer', signer);
  await page.click('#validate-button');
  await waitFor(page, '#submit-button:not([disabled])');
  await page.screenshot({ path: join(shots, `${tag}-1-applied.png`), fullPage: true });
  await page.click('#submit-button');
  await waitFor(page, '#status[data-state]');
  return page.getAttribute('#status', 'data-state');
}

async function fetchAndCheck(page, tag) {
  await page.click('#fetch-button');
  await page.waitForSelector('#verdicts li[data-verdict="masking as the grade demands"], #verdicts li[data-ok="false"]');
  await page.screenshot({ path: join(shots, `${tag}-2-data.png`), fullPage: true });
  return verdicts(page);
}

await test('unconditional resource: agreed at once (Art. 21), data verified (in-WASM key)', async () => {
  const sb = await sandbox();
  try {
    const page = await open(sb, 'unconditional');
    assert.equal(await apply(page, 'unconditional', 'wasm', 'unconditional'), 'agreed');
    const v = await fetchAndCheck(page, 'unconditional');
    assert.ok(v.length >= 4, JSON.stringify(v));
    assert.ok(v.every((x) => x.ok), JSON.stringify(v));
    const rows = await page.$$eval('#records tr', (trs) => trs.length);
    assert.ok(rows > 1, 'records are shown');
    // What a person sees: every cell filled, the sharing attribute in words.
    const cells = await page.$$eval('#records td', (tds) => tds.map((td) => td.textContent));
    assert.ok(cells.length > 0 && cells.every((c) => c.trim() !== ''), `empty cells: ${JSON.stringify(cells.slice(0, 8))}`);
    const chosen = await page.textContent('#chosen');
    assert.ok(chosen.includes('无条件共享') && !chosen.includes('[object Object]'), chosen);
    assert.ok(!(await page.textContent('body')).includes('[object Object]'));
  } finally {
    sb.stop();
  }
});

await test('eager published index: the catalog loads from /catalog-index/, verified against the pinned key, and searches alike', async () => {
  const sb = await sandbox();
  try {
    const viaIndex = await open(sb, 'index', '?catalog=index');
    const log = await viaIndex.$$eval('#log li', (lis) => lis.map((li) => li.textContent).join('\n'));
    assert.ok(log.includes('published index, verified'), log);
    const viaApi = await open(sb, 'api');
    const summary = async (page) => {
      await page.click('#search-button');
      await page.waitForSelector('#hits button.hit');
      return [await page.textContent('#search-summary'), await page.$$eval('#hits button.hit', (bs) => bs.map((b) => b.textContent))];
    };
    assert.deepEqual(await summary(viaIndex), await summary(viaApi));
    // The index serves ranges, as a lazy reader needs (the eager path fetches whole files).
    const range = await viaIndex.evaluate(async () => {
      const r = await fetch('/catalog-index/texts.bin', { headers: { Range: 'bytes=0-99' } });
      return [r.status, (await r.arrayBuffer()).byteLength];
    });
    assert.deepEqual(range, [206, 100]);
  } finally {
    sb.stop();
  }
});

await test('lazy published index: searches alike fetching only blocks it needs, verified; a chosen resource applies', async () => {
  const sb = await sandbox();
  try {
    const lazy = await open(sb, 'lazy', '?catalog=lazy');
    const log = await lazy.$$eval('#log li', (lis) => lis.map((li) => li.textContent).join('\n'));
    assert.ok(log.includes('opened lazily from the published index, verified'), log);
    const viaApi = await open(sb, 'api');
    const summary = async (page, sharing) => {
      await page.selectOption('#sharing', sharing);
      await page.click('#search-button');
      await page.waitForFunction(
        (s) => [...document.querySelectorAll('#hits button.hit')].every((b) => !s || b.dataset.sharing === s) &&
          document.querySelectorAll('#hits button.hit').length > 0,
        sharing,
      );
      return [await page.textContent('#search-summary'), await page.$$eval('#hits button.hit', (bs) => bs.map((b) => b.textContent)),
        await page.$$eval('#facets button', (bs) => bs.map((b) => b.textContent))];
    };
    for (const sharing of ['', 'conditional']) assert.deepEqual(await summary(lazy, sharing), await summary(viaApi, sharing), sharing);
    // Only a part of the index was fetched.
    const [fetched, total] = await lazy.$eval('#fetched', (p) => [Number(p.dataset.fetched), Number(p.dataset.total)]);
    assert.ok(fetched > 0 && fetched < total, `fetched ${fetched} of ${total}`);
    await lazy.screenshot({ path: join(shots, 'lazy-1-search.png'), fullPage: true });
    // The chosen hit's resource comes from the index too, and the application goes through.
    assert.equal(await apply(lazy, 'unconditional', 'wasm', 'lazy'), 'agreed');
    // A reload answers from the IndexedDB cache, each block verified again.
    await lazy.reload();
    await lazy.waitForSelector('body[data-ready="true"]');
    // The page marks itself ready just before its first search; the count
    // of bytes fetched comes with that search's answer.
    await lazy.waitForSelector('#fetched[data-fetched]', { state: 'attached' });
    const again = await lazy.$eval('#fetched', (p) => Number(p.dataset.fetched));
    assert.ok(again < fetched, `after a reload ${again} bytes fetched, ${fetched} before`);
  } finally {
    sb.stop();
  }
});

await test('conditional resource: submitted, agreed by the reviewer, data verified (WebCrypto signer)', async () => {
  const sb = await sandbox();
  try {
    const page = await open(sb, 'conditional');
    assert.equal(await apply(page, 'conditional', 'webcrypto', 'conditional'), 'submitted');
    const id = (await page.textContent('#status')).split(':')[0];
    execFileSync(bin, ['sandbox', 'review', id, '--approve', '--data', sb.data]);
    await page.click('#poll-button');
    await page.waitForSelector('#status[data-state="agreed"]');
    const v = await fetchAndCheck(page, 'conditional');
    assert.ok(v.every((x) => x.ok), JSON.stringify(v));
  } finally {
    sb.stop();
  }
});

await test('not-shared resource: refused with its legal basis (Art. 14)', async () => {
  const sb = await sandbox();
  try {
    const page = await open(sb, 'not-shared');
    assert.equal(await apply(page, 'not_shared', 'wasm', 'not-shared'), 'refused');
    assert.ok((await page.textContent('#status')).includes('—'), 'the reason is shown');
  } finally {
    sb.stop();
  }
});

for (const mode of ['bad-signature', 'bad-digest']) {
  await test(`--misbehave ${mode}: the page refuses the platform's answers`, async () => {
    const sb = await sandbox(mode);
    try {
      const page = await open(sb, mode);
      await page.screenshot({ path: join(shots, `${mode}.png`), fullPage: true });
      const v = await verdicts(page);
      const bad = v.find((x) => !x.ok);
      assert.ok(bad, JSON.stringify(v));
      assert.match(bad.text, mode === 'bad-digest' ? /digest/ : /signature_invalid/);
      assert.notEqual(await page.getAttribute('body', 'data-ready'), 'true', 'nothing is loaded from a forged answer');
    } finally {
      sb.stop();
    }
  });
}

await test('--misbehave unmasked: the page finds the unmasked values', async () => {
  const sb = await sandbox('unmasked');
  try {
    const page = await open(sb, 'unmasked');
    assert.equal(await apply(page, 'unconditional', 'wasm', 'unmasked'), 'agreed');
    const v = await fetchAndCheck(page, 'unmasked');
    const masking = v.find((x) => x.name === 'masking as the grade demands');
    assert.ok(masking && !masking.ok, JSON.stringify(v));
  } finally {
    sb.stop();
  }
});

await browser.close();
rmSync(profile, { recursive: true, force: true });
console.log(failed ? `portal: ${failed} failed` : 'portal: all passed');
process.exit(failed ? 1 : 0);
