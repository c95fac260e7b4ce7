// The platform exchange from Node against a real sandbox (`govshare sandbox`):
// platform key → catalog → submit → a data page, each answer verified by the
// core exchange; against a misbehaving sandbox the forged answer is refused.
// Needs the CLI binary: GOVSHARE_BIN (scripts/test-npm.sh sets it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import * as gs from 'govshare';

const BIN = process.env.GOVSHARE_BIN;
const DEMO = {
  name: '杭州市示例数据局（沙箱演示）',
  creditCode: '11330100MB0203040M',
  keyId: 'demo-department',
  seedText: 'govshare sandbox demo department - not a secret',
};

async function sandbox(misbehave) {
  assert.ok(BIN, 'GOVSHARE_BIN must name the govshare binary (cargo build -p govshare-cli)');
  const data = mkdtempSync(join(tmpdir(), 'govshare-node-sandbox-'));
  const args = ['sandbox', '--port', '0', '--data', data, ...(misbehave ? ['--misbehave', misbehave] : [])];
  const child = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'ignore'] });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
  });
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
  return {
    url,
    stop() {
      child.kill();
      rmSync(data, { recursive: true, force: true });
    },
  };
}

/** Sends govshare's message form with fetch; returns the answer in that form. */
async function send(message) {
  const init = { method: message.method, headers: message.headers };
  if (message.body) init.body = message.body;
  const r = await fetch(message.target, init);
  return { status: r.status, headers: [...r.headers], body: await r.text() };
}

const nowSeconds = () => Math.floor(Date.now() / 1000);
const ctx = () => ({ now: gs.formatTimestampCst(nowSeconds()), nonce: gs.randomNonce() });

function department() {
  const seed = createHash('sha256').update(DEMO.seedText).digest();
  const key = gs.Key.fromRaw('ed25519', new Uint8Array(seed), true);
  key.setKeyId(DEMO.keyId);
  return key;
}

async function connect(url) {
  const config = { base_url: url, gateway: 'none' };
  const platformKey = gs.parsePlatformKeyResponse(await send(new gs.PlatformClient(config).platformKeyRequest()));
  return { platformKey, exchange: new gs.PlatformExchange(config, platformKey) };
}

test('Node drives the core exchange against the sandbox: catalog, submit, a verified and masked page', async () => {
  const sb = await sandbox();
  try {
    const key = department();
    const { platformKey, exchange: ex } = await connect(sb.url);
    const document = ex.receiveCatalog(await send(ex.catalog(key, ctx())), nowSeconds());
    const catalog = await gs.loadCatalog(JSON.stringify(document));
    const hit = catalog.search({ text: '企业', sharing: 'unconditional', limit: 1 }).hits[0];
    assert.ok(hit, 'an unconditional resource');
    const resource = catalog.resource(hit.code);
    const items = [...resource.items].sort((a, b) => b.grade - a.grade).slice(0, 2).map((i) => i.name);
    const today = ctx().now.slice(0, 10);
    const later = (days) => gs.formatTimestampCst(nowSeconds() + days * 86400).slice(0, 10);
    const app = gs.buildApplication({
      format: 'govshare-application',
      format_version: 1,
      requester: { name: DEMO.name, credit_code: DEMO.creditCode },
      applicant: { name: '王五' },
      contact: { name: '赵六' },
      target: { resource_code: resource.code, items },
      duty_basis: [{ kind: 'law', title: '中华人民共和国行政许可法' }],
      purpose: '行政许可审批时核验',
      scenario: '企业开办一件事：核验申请企业的登记信息',
      internal_approval: { approver: '数据共享工作机构负责人', approved_on: today },
      mode: (resource.sharing.modes ?? [])[0] ?? 'online_query',
      validity: { from: today, until: later(90) },
      frequency: { kind: 'on_demand' },
      commitments: { storage_location: '示例市政务云', retention_days: 120, destruction_date: later(120) },
    });
    const status = ex.receiveApplication(await send(ex.submit(app, key, ctx())), nowSeconds());
    assert.equal(status.state, 'agreed', 'unconditional data is agreed at once (Art. 21)');
    const grant = {
      application_id: status.id,
      requester_credit_code: DEMO.creditCode,
      resource_code: resource.code,
      items,
      valid_from: today,
      valid_until: later(90),
      state: status.state,
      ...(status.disposal_method ? { disposal_method: status.disposal_method } : {}),
    };
    const entitled = gs.entitlements([grant], DEMO.creditCode, ctx().now);
    const query = { resource_code: resource.code, items, filters: {}, page_size: 5 };
    const page = ex.receiveData(await send(ex.data(query, entitled, key, ctx())), nowSeconds());
    assert.equal(page.row_count, 5);
    const report = gs.verifyMaskedPage(page, resource, undefined, platformKey);
    assert.equal(report.passed, true, JSON.stringify(report.violations));
    // The same answer again is a replay: nothing is in flight.
    assert.equal(ex.inFlight, undefined);
  } finally {
    sb.stop();
  }
});

for (const [mode, code] of [['bad-signature', 'signature_invalid'], ['bad-digest', 'digest_mismatch']]) {
  test(`a sandbox run with --misbehave ${mode} is refused at verify`, async () => {
    const sb = await sandbox(mode);
    try {
      const { exchange: ex } = await connect(sb.url);
      const answer = await send(ex.catalog(department(), ctx()));
      assert.throws(() => ex.receiveCatalog(answer, nowSeconds()), (e) => e.code === code);
      assert.equal(ex.failedAt, 'verify');
    } finally {
      sb.stop();
    }
  });
}
