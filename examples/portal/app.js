// The portal example: a department's staff search the catalog, apply for
// data items, sign and submit the application to the platform (here the
// local sandbox), and fetch the agreed data — and the page checks every
// answer: the platform's signature and digest, and that the data is masked as
// its grade demands. Every check is govshare's (npm package, WASM).
import * as gs from 'govshare';

const $ = (id) => document.getElementById(id);

/** The sandbox's demo department (docs/sandbox.md): its key is public on purpose. */
const DEMO = {
  name: '杭州市示例数据局（沙箱演示）',
  creditCode: '11330100MB0203040M',
  keyId: 'demo-department',
  seedText: 'govshare sandbox demo department - not a secret',
};

const state = {
  key: null, // govshare Key (private, in WASM)
  platformKey: null, // the platform's public key
  // govshare's sans-IO exchange (core platform::PlatformExchange, as in the
  // CLI, examples/department.py and the Java example): it builds and signs
  // each request, keeps it as the one in flight, and accepts only the
  // platform's verified answer to it; this page only moves the bytes.
  exchange: null,
  catalog: null, // a Catalog, or in lazy mode a LazyCatalog (async search and resource)
  lazy: false,
  resource: null,
  application: null,
  status: null,
};

function log(text, cls = '') {
  const li = document.createElement('li');
  li.textContent = `${new Date().toLocaleTimeString()} ${text}`;
  if (cls) li.className = cls;
  $('log').append(li);
}

function verdict(name, ok, detail = '') {
  $('data-section').hidden = false;
  const li = document.createElement('li');
  li.className = ok ? 'ok' : 'bad';
  li.dataset.verdict = name;
  li.dataset.ok = String(ok);
  li.textContent = `${ok ? '✔' : '✘'} ${name}${detail ? ` — ${detail}` : ''}`;
  $('verdicts').append(li);
  return ok;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Now in Beijing time (the platform's dates are Beijing dates), by core's one RFC 3339 formatter. */
const nowRfc3339 = () => gs.formatTimestampCst(nowSeconds());

/** The Beijing date `offsetDays` from today (YYYY-MM-DD). */
const beijingDate = (offsetDays = 0) => gs.formatTimestampCst(nowSeconds() + offsetDays * 86400).slice(0, 10);

/** A request's nonce, from govshare's one generator (128 bits of crypto.getRandomValues). */
const nonce = () => gs.randomNonce();

const ctx = () => ({ now: nowRfc3339(), nonce: nonce() });

/**
 * The signed request for `step`, with the chosen signer: the in-WASM key, or
 * WebCrypto (the key stays in the browser's crypto, non-extractable): the
 * exchange prepares the signature base, WebCrypto signs it, `complete` adds
 * the signature and puts the request in flight.
 */
async function signed(step) {
  if ($('signer').value === 'webcrypto') {
    const prepared = step.prepare(DEMO.keyId, ctx());
    const webKey = await webCryptoKey();
    const signature = new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, webKey, new Uint8Array(prepared.base)));
    return state.exchange.complete(signature);
  }
  return step.sign(state.key, ctx());
}

/** The demo key imported into WebCrypto once (a real portal would generate it there). */
let webKeyPromise = null;
function webCryptoKey() {
  webKeyPromise ??= crypto.subtle.importKey('pkcs8', state.key.toPkcs8Der(), { name: 'Ed25519' }, false, ['sign']);
  return webKeyPromise;
}

/** Sends a signed message with fetch; returns the answer in the message form. */
async function send(message) {
  const init = { method: message.method, headers: message.headers };
  if (message.body) init.body = message.body;
  const r = await fetch(message.target, init);
  return { status: r.status, headers: [...r.headers], body: await r.text() };
}

/**
 * One step: the exchange signs the request, we send it, and the exchange
 * verifies the answer (the platform's signature bound to this request, its
 * Content-Digest) and parses it. A failure at `verify` is a forged or
 * misdirected answer; at `parse`, a verified refusal or unreadable body.
 */
async function call(step, what) {
  try {
    const response = await send(await signed(step));
    let result;
    try {
      result = step.receive(response, nowSeconds());
    } catch (e) {
      // At `parse` the answer verified (a signed refusal); at `verify` it did not.
      const verified = state.exchange.failedAt === 'parse';
      verdict(`${what}: platform signature and digest`, verified, verified ? '' : `[${e.code}] ${e.message}`);
      throw e;
    }
    verdict(`${what}: platform signature and digest`, true);
    return result;
  } finally {
    state.exchange.cancel(); // nothing stays in flight after a failed send or answer
  }
}

/** The exchange's two ways to sign one request, and its reader for the answer. */
const steps = {
  catalog: () => ({
    sign: (key, c) => state.exchange.catalog(key, c),
    prepare: (keyId, c) => state.exchange.prepareCatalog(keyId, c),
    receive: (r, now) => state.exchange.receiveCatalog(r, now),
  }),
  submit: (app) => ({
    sign: (key, c) => state.exchange.submit(app, key, c),
    prepare: (keyId, c) => state.exchange.prepareSubmit(app, keyId, c),
    receive: (r, now) => state.exchange.receiveApplication(r, now),
  }),
  status: (id) => ({
    sign: (key, c) => state.exchange.status(id, key, c),
    prepare: (keyId, c) => state.exchange.prepareStatus(id, keyId, c),
    receive: (r, now) => state.exchange.receiveApplication(r, now),
  }),
  data: (query, entitled) => ({
    sign: (key, c) => state.exchange.data(query, entitled, key, c),
    prepare: (keyId, c) => state.exchange.prepareData(query, entitled, keyId, c),
    receive: (r, now) => state.exchange.receiveData(r, now),
  }),
};

async function start() {
  const seed = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(DEMO.seedText)));
  state.key = gs.Key.fromRaw('ed25519', seed, true);
  state.key.setKeyId(DEMO.keyId);
  // The platform key is pinned on first use; a real portal ships it.
  // Core reads the answer strictly (keyid, alg, a public JWK); a real portal
  // ships the key rather than trusting it on first use.
  const config = { base_url: location.origin, gateway: 'none' };
  state.platformKey = gs.parsePlatformKeyResponse(await send(new gs.PlatformClient(config).platformKeyRequest()));
  $('identity').textContent = `${DEMO.name} · ${DEMO.creditCode} · key ${DEMO.keyId} · platform key ${state.platformKey.thumbprint().slice(0, 12)}…`;

  state.exchange = new gs.PlatformExchange(config, state.platformKey);
  const mode = new URLSearchParams(location.search).get('catalog');
  if (mode === 'lazy') {
    // Lazy mode (docs/catalog-format.md §8.2): only the signed manifest and
    // the block lists now; each search fetches the blocks it needs by HTTP
    // range, each verified against the signed digests before it is read,
    // and kept in IndexedDB (verified again when reused).
    state.catalog = await gs.openLazyIndex(new URL('/catalog-index/', location.origin), {
      platformKey: state.platformKey.toJwk(false),
      expect: { catalog_id: 'national' },
      cache: gs.indexedDbCache('govshare-portal-index'),
    });
    state.lazy = true;
    log(`catalog opened lazily from the published index, verified: ${state.catalog.manifest.resources} resources`, 'ok');
  } else if (mode === 'index') {
    // The published index (docs/catalog-format.md §8.1): fetched section by
    // section and verified against the pinned platform key; a byte that does
    // not match the signed manifest and nothing is loaded.
    state.catalog = await gs.loadPublishedIndex(new URL('/catalog-index/', location.origin), {
      platformKey: state.platformKey.toJwk(false),
      expect: { catalog_id: 'national' },
    });
    log(`catalog loaded from the published index, verified: ${state.catalog.size} resources`, 'ok');
  } else {
    const document_ = await call(steps.catalog(), 'catalog');
    state.catalog = await gs.loadCatalog(JSON.stringify(document_));
    log(`catalog loaded: ${state.catalog.size} resources`, 'ok');
  }
  $('from').value = beijingDate(0);
  $('until').value = beijingDate(90);
  $('destroy').value = beijingDate(120);
  document.body.dataset.ready = 'true';
  await search();
}

async function search(extra = {}) {
  const query = { text: $('q').value, limit: 10, ...extra };
  if ($('sharing').value) query.sharing = $('sharing').value;
  const result = await state.catalog.search(query);
  $('search-summary').textContent = `${result.total} 条结果 results${result.relaxed ? '（放宽匹配 relaxed）' : ''}`;
  if (state.lazy) {
    // What lazy mode has fetched so far, against the whole index.
    const { bytes_fetched: fetched, bytes_total: total } = state.catalog.stats();
    const fetchedLine = $('fetched');
    fetchedLine.hidden = false;
    fetchedLine.dataset.fetched = String(fetched);
    fetchedLine.dataset.total = String(total);
    fetchedLine.textContent = `已获取索引 ${(fetched / 1024).toFixed(0)} KB / ${(total / 1024).toFixed(0)} KB fetched (lazy)`;
  }
  const facets = $('facets');
  facets.replaceChildren();
  for (const { value, count } of result.facets.provider) {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'facet';
    b.textContent = `${value} (${count})`;
    b.onclick = () => search({ provider: value });
    li.append(b);
    facets.append(li);
  }
  const hits = $('hits');
  hits.replaceChildren();
  for (const hit of result.hits) {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'hit';
    b.dataset.code = hit.code;
    b.dataset.sharing = hit.sharing;
    b.textContent = `${hit.code} ${hit.name} — ${hit.provider} [${hit.sharing}, grade ${hit.grade}]`;
    b.onclick = () => choose(hit.code);
    li.append(b);
    hits.append(li);
  }
}

// The catalog's sharing attribute (Art. 14), as a person reads it.
const SHARING = { unconditional: '无条件共享 unconditional', conditional: '有条件共享 conditional', not_shared: '不予共享 not shared' };

async function choose(code) {
  // (Lazy mode fetches the resource's blocks first.)
  state.resource = await state.catalog.resource(code);
  const r = state.resource;
  $('apply-section').hidden = false;
  $('chosen').textContent = `${r.code} ${r.name} — ${r.provider}（${SHARING[r.sharing.type] ?? r.sharing.type}）`;
  const items = $('items');
  items.replaceChildren(items.firstElementChild);
  // Minimum necessary: the page preselects the two most sensitive items, never all.
  const preselected = new Set([...r.items].sort((a, b) => b.grade - a.grade).slice(0, 2).map((i) => i.name));
  r.items.forEach((item) => {
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.value = item.name;
    box.checked = preselected.has(item.name);
    label.append(box, ` ${item.name} (grade ${item.grade})`);
    items.append(label);
  });
  $('submit-button').disabled = true;
  $('findings').replaceChildren();
}

function draft() {
  const items = [...$('items').querySelectorAll('input:checked')].map((b) => b.value);
  return {
    format: 'govshare-application',
    format_version: 1,
    requester: { name: DEMO.name, credit_code: DEMO.creditCode },
    applicant: { name: $('applicant').value },
    contact: { name: $('contact').value },
    target: { resource_code: state.resource.code, items },
    duty_basis: [{ kind: 'law', title: $('law').value }],
    purpose: $('purpose').value,
    scenario: $('scenario').value,
    // Art. 20: the sharing-office head approved before the application is filed.
    internal_approval: { approver: $('approver').value, approved_on: $('from').value },
    mode: (state.resource.sharing.modes ?? [])[0] ?? 'online_query',
    validity: { from: $('from').value, until: $('until').value },
    frequency: { kind: 'on_demand' },
    commitments: {
      storage_location: $('storage').value,
      retention_days: Number($('retention').value),
      destruction_date: $('destroy').value,
    },
  };
}

function validate() {
  const findings = $('findings');
  findings.replaceChildren();
  try {
    state.application = gs.buildApplication(draft());
  } catch (e) {
    const li = document.createElement('li');
    li.className = 'bad';
    li.textContent = `[${e.code}] ${e.message}`;
    findings.append(li);
    return;
  }
  // Lazy mode holds no whole catalog: the chosen resource, read from the
  // verified index, is what the application is checked against.
  const report = state.lazy
    ? gs.validateApplicationWithResources(state.application, [state.resource])
    : gs.validateApplication(state.application, state.catalog);
  for (const f of report.findings) {
    const li = document.createElement('li');
    li.className = f.severity === 'error' ? 'bad' : 'warning';
    li.dataset.code = f.code;
    li.textContent = `${f.severity} [${f.code}] ${f.message_zh} ${f.message_en}`;
    findings.append(li);
  }
  const ok = !report.findings.some((f) => f.severity === 'error');
  log(`validated: ${report.outcome ?? (ok ? 'ok' : 'errors')}`, ok ? 'ok' : 'bad');
  $('submit-button').disabled = false; // a refused application is still sent: the platform's answer is shown
}

async function submit() {
  $('submit-button').disabled = true;
  showStatus(await call(steps.submit(state.application), 'submit'));
}

function showStatus(s) {
  state.status = s;
  $('status-section').hidden = false;
  const p = $('status');
  p.dataset.state = s.state;
  p.textContent = `${s.id}: ${s.state}${s.due ? `，答复期限 due ${s.due}` : ''}${s.reason ? ` — ${s.reason}` : ''}`;
  log(`application ${s.id}: ${s.state}`);
  // Art. 27 ¶2: a suspended or terminated grant gives no data.
  $('fetch-button').disabled = !['agreed', 'delivered', 'in_use'].includes(s.state);
}

async function poll() {
  showStatus(await call(steps.status(state.status.id), 'status'));
}

async function fetchData() {
  $('data-section').hidden = false;
  const app = state.application.draft();
  const grant = {
    application_id: state.status.id,
    requester_credit_code: DEMO.creditCode,
    resource_code: app.target.resource_code,
    items: app.target.items,
    valid_from: app.validity.from,
    valid_until: app.validity.until,
    state: state.status.state,
    // Art. 27 ¶1: how the provider requires the data to be disposed of.
    ...(state.status.disposal_method ? { disposal_method: state.status.disposal_method } : {}),
  };
  const entitled = gs.entitlements([grant], DEMO.creditCode, nowRfc3339());
  const query = { resource_code: app.target.resource_code, items: app.target.items, filters: {}, page_size: 20 };
  let page;
  try {
    page = await call(steps.data(query, entitled), 'data');
  } catch {
    return;
  }
  let report;
  try {
    report = gs.verifyMaskedPage(page, state.resource, undefined, state.platformKey);
  } catch (e) {
    verdict('masking manifest', false, `[${e.code}] ${e.message}`);
    return;
  }
  verdict('masking manifest signature', true);
  verdict('masking as the grade demands', report.passed,
    report.passed ? `${report.records} records checked` : report.violations.map((v) => `${v.field}: ${v.reason}`).join('; '));
  const rows = JSON.parse(page.rows_json);
  const table = $('records');
  table.replaceChildren();
  const head = document.createElement('tr');
  for (const item of page.items) head.append(Object.assign(document.createElement('th'), { textContent: item }));
  table.append(head);
  // Each row is an array in the order of `page.items`.
  for (const row of rows.slice(0, 10)) {
    const tr = document.createElement('tr');
    page.items.forEach((_, i) => tr.append(Object.assign(document.createElement('td'), { textContent: String(row[i] ?? '') })));
    table.append(tr);
  }
}

function guard(f) {
  return async (...args) => {
    try {
      await f(...args);
    } catch (e) {
      log(`${e && e.code ? `[${e.code}] ` : ''}${e && e.message ? e.message : e}`, 'bad');
    }
  };
}

$('search-form').onsubmit = guard(async (ev) => {
  ev.preventDefault();
  await search();
});
$('validate-button').onclick = guard(validate);
$('submit-button').onclick = guard(submit);
$('poll-button').onclick = guard(poll);
$('fetch-button').onclick = guard(fetchData);
guard(start)();
