// Compiled with tsc --strict against the installed package's .d.ts: proves
// the published types are usable as a TypeScript user would use them.
import * as gs from 'govshare';

const v: string = gs.version();
try {
  gs.httpMessageNormalize('{}');
} catch (e) {
  if (gs.isGovshareError(e)) {
    const code: string = e.code;
    const zh: string = e.messageZh;
    void code, zh;
  }
}
void v;

// Signing: keys, RFC 9421 message signatures, external signers.
{
  const key: gs.Key = gs.Key.generate('ed25519');
  const alg: gs.Algorithm = key.algorithm;
  const msg: gs.HttpMessageJson = { method: 'POST', target: 'https://gw.example/apply', headers: [['Content-Type', 'application/json']], body: '{}' };
  const signed: gs.SignedHttpMessage = gs.signMessage(msg, key, { components: ['@method', '@target-uri', 'content-type'], created: 1_750_000_000, keyid: key.keyId }, undefined);
  const store = new gs.NonceStore(1000);
  const ok: gs.VerifiedSignature = store.verifyMessage(signed.message, key.publicKey(), { max_age_seconds: 300 }, 1_750_000_010, undefined);
  const prepared: gs.PreparedSignature = gs.prepareSignature(JSON.stringify(msg), { created: 1_750_000_000 }, undefined);
  const finished: gs.SignedHttpMessage = gs.finishSignature(msg, prepared, key.sign(new Uint8Array(prepared.base)), undefined);
  const infos: gs.SignatureInfo[] = gs.listSignatures(finished.message);
  const digest: string = gs.contentDigest('{}', 'sha-256');
  const hash: Uint8Array = gs.sm3('abc');
  void alg, ok, infos, digest, hash;
}
// request: canonical JSON, applications, calendar, platform messages.
const canon: Uint8Array = gs.canonicalize('{"b":1,"a":2}');
const canonText: string = gs.canonicalizeToString(new TextEncoder().encode('[1.0]'));
const dg: gs.CanonicalDigestBytes = gs.canonicalDigests('{}');
const dgBytes: Uint8Array = dg.canonical;
const draft: gs.ApplicationDraft = {
  format: 'govshare-application',
  format_version: 1,
  requester: { name: '示例局', credit_code: '11330100MB0000000A' },
  applicant: { name: '张三' },
  contact: { name: '李四' },
  target: { resource_code: '101001/00001', items: ['企业名称'] },
  duty_basis: [],
  internal_approval: { approver: '共享工作机构负责人', approved_on: '2025-12-20' },
  mode: 'online_query',
  validity: { from: '2026-01-01', until: '2026-06-30' },
  frequency: { kind: 'on_demand' },
  attachments: [],
};
try {
  const app: gs.Application = gs.buildApplication(draft);
  const report: gs.ValidationReport = gs.validateApplication(app, gs.Catalog.sample(), { max_validity_days: 366 });
  const ok: boolean = report.ok;
  const cal = gs.WorkCalendar.embedded();
  const due: string = cal.dueDate('2026-02-13', 5).due;
  const sched: gs.Schedule = gs.schedule(cal, gs.deadlineProfile('national'), { received: '2026-02-13', track: 'conditional', extension_days: 5, extension_notified: '2026-02-26' }, '2026-02-14T00:00:00+08:00');
  const status: gs.StepStatus = sched.steps[0].status;
  const article: string | undefined = sched.steps[0].article ?? undefined;
  const upd: gs.Schedule = gs.catalogUpdateSchedule(cal, undefined, { changed_on: '2026-03-02', extended: true }, '2026-03-03T00:00:00+08:00');
  const client = new gs.PlatformClient({ base_url: 'https://platform.example.gov.cn', gateway: 'none' });
  const msg: gs.HttpMessageJson = client.submitRequest(app, { now: '2026-02-13T10:00:00+08:00', nonce: 'n' });
  const headers: [string, string][] = msg.headers;
  const lc: gs.Lifecycle = gs.transition({ state: 'draft', history: [] }, { event: 'approve_internally', approver: '处长' }, '2026-02-13T10:00:00+08:00');
  const refused: gs.Lifecycle = gs.transition(lc, { event: 'refuse', reasons: ['超出履职范围'] }, '2026-02-13T11:00:00+08:00', gs.deadlineProfile('local-2024'));
  void ok, due, sched, headers, lc, app.toJson(), app.canonicalJson(), app.digests().sha256;
} catch (e) {
  if (gs.isGovshareError(e)) void e.code;
}
void canon, canonText, dgBytes;
// Masking: policy, one-shot verify, streaming verifier, detectors.
const policy = gs.MaskPolicy.fromJson('{"fields": {"phone": {"rule": "keep", "first": 3, "last": 4}}}');
const applied = gs.maskApply(policy, 'ndjson', '{"phone": "13812345678"}\n');
const out: Uint8Array = applied.output;
const report: gs.VerifyReport = gs.maskVerify(policy, 'ndjson', out, policy.manifest(), { max_listed: 10, max_record_bytes: 1 << 20 });
const passed: boolean = report.passed;
const verifier = new gs.MaskVerifier(policy, 'csv', undefined);
verifier.push('phone\n138****5678\n');
const r2: gs.VerifyReport = verifier.finish();
const ids: gs.DetectedIdentifier[] = gs.detectIdentifiers('电话13812345678');
const strict: boolean = gs.ruleAtLeastAsStrict({ rule: 'redact' }, { rule: 'keep', first: 3, last: 4 });
const streamed: Promise<gs.VerifyReport> = gs.verifyStream([out], policy, { format: 'ndjson', onProgress: (p) => void p.bytes });
// De-identification: columns from a policy's identifier classes, a File streamed.
const classed = gs.MaskPolicy.fromJson('{"fields": {"age": {"rule": "plain", "identifier_class": "quasi"}}}');
const deidOpts: gs.DeidOptions = { ...classed.deidOptions(), k: 2 };
const cls: gs.IdentifierClass = 'sensitive';
const file = new File(['age\n30\n30\n'], 'people.csv');
const deid: Promise<gs.DeidReport> = gs.deidStream(file, deidOpts, { format: 'csv', onProgress: (p) => void p.bytes });
const kAchieved: Promise<number> = deid.then((r) => r.k_achieved);
void passed, r2, ids, strict, streamed, cls, kAchieved;
// Audit trail: append (plain and signed), verify, report, receipts.
const auditKey = gs.Key.generate('ed25519');
const auditLog = new gs.AuditLog();
const event: gs.AuditEvent = { time: '2026-03-02T09:00:00+08:00', action: 'submit', actor: '11330000MB0000000X', application_id: 'A1', due: '2026-03-11' };
const line1: string = auditLog.append(event);
const line2: string = auditLog.appendSigned({ ...event, action: 'decide', status: 'granted' }, auditKey);
const auditHead: string = auditLog.head;
const auditVerifier = new gs.AuditVerifier();
auditVerifier.addKey(auditKey);
auditVerifier.expectHead(auditHead);
const verdict: gs.AuditVerification = auditVerifier.verify(`${line1}\n${line2}\n`);
const problems: gs.AuditProblem[] = verdict.problems;
const usage: gs.UsageReport = gs.auditUsageReport(`${line1}\n${line2}\n`, '2026-03-20T12:00:00+08:00');
const receipt: gs.DestructionReceipt = gs.destructionReceipt(
  { application_id: 'A1', resources: [], data_digests: [gs.auditDigest('data')], retention_until: '2026-09-05', destroyed_at: '2026-09-07T10:00:00+08:00', method: 'deleted', actor: '11330000MB0000000X' },
  auditHead,
  auditKey,
);
const checked: gs.DestructionReceipt = gs.verifyDestructionReceipt(receipt, auditKey);
void problems, usage.total.overdue, checked.hash, auditLog.nextSeq;

// SM4 (docs/crypto.md): Uint8Array in and out, the mode a string union.
const sm4Mode: gs.Sm4Mode = 'gcm';
const sm4Key: Uint8Array = gs.sm4GenerateKey();
const sm4Nonce: Uint8Array = gs.sm4RandomIv(sm4Mode);
const sealed: Uint8Array = gs.sm4Encrypt(sm4Mode, sm4Key, sm4Nonce, new Uint8Array([1, 2]), new Uint8Array([3]));
const opened: Uint8Array = gs.sm4Decrypt('gcm', sm4Key, sm4Nonce, sealed, new Uint8Array([3]));
const legacy: Uint8Array = gs.sm4Encrypt('ecb', gs.sm4KeyFromFileBytes(sm4Key), new Uint8Array(0), opened);
void legacy;

// SM2 encryption (docs/crypto.md): the ciphertext format an explicit object.
const sm2Format: gs.Sm2CiphertextFormat = { order: 'c1c3c2', point_prefix: false };
const sm2Key = gs.Key.generate('sm2-sm3');
const sm2Sealed: Uint8Array = gs.sm2Encrypt(sm2Key.publicKey(), new Uint8Array([1]), sm2Format);
const sm2Der: Uint8Array = gs.sm2ConvertCiphertext(sm2Sealed, sm2Format, { order: 'asn1', point_prefix: true });
const sm2Opened: Uint8Array = gs.sm2Decrypt(sm2Key, sm2Der, { order: 'asn1', point_prefix: true });
void sm2Opened;
// The catalog-only module: the same catalog API, none of the rest.
import * as catalogOnly from 'govshare/catalog';
const small: Promise<catalogOnly.Catalog> = catalogOnly.loadCatalog(new Uint8Array());
const smallHits: Promise<catalogOnly.SearchResult> = small.then((c) => c.search({ text: '企业', limit: 5 }));
void smallHits;
// A published index (docs/catalog-format.md §8.1): the platform publishes,
// a portal loads it verified against the pinned key.
const platform = gs.Key.generate('ed25519');
const published: gs.PublishedIndex = gs.Catalog.sample().publish(platform, { block_size: 65536, hash: 'sm3' });
const names: string[] = published.fileNames();
const firstFile: Uint8Array | undefined = published.file(names[0]);
void firstFile;
const fromIndex: Promise<catalogOnly.Catalog> = catalogOnly.loadPublishedIndex('https://platform.example/index/', {
  platformKey: platform.publicKey().toJwk(false),
  expect: { catalog_id: 'national', min_version: 3 },
  onProgress: (p) => void p.total_bytes,
});
const fromFiles: Promise<gs.Catalog> = gs.loadPublishedIndex((name: string) => published.file(name) ?? new Uint8Array(), {
  platformKey: platform.publicKey().toJwk(false),
});
const loader = new catalogOnly.PublishedIndexLoader(published.manifest, published.signature, '{}', undefined);
const sections: catalogOnly.IndexSection[] = loader.sections();
const snapshotLoader = new catalogOnly.SnapshotLoader();
snapshotLoader.push(new Uint8Array());
void fromIndex; void fromFiles; void sections;
// Lazy mode (docs/catalog-format.md §8.2): only the blocks each search reads.
const lazy: Promise<catalogOnly.LazyCatalog> = catalogOnly.openLazyIndex('https://platform.example/index/', {
  platformKey: platform.publicKey().toJwk(false),
  expect: { catalog_id: 'national' },
  cache: catalogOnly.indexedDbCache(),
  maxHeldBytes: 64 * 1024 * 1024,
});
const lazyPage: Promise<catalogOnly.SearchResult> = lazy.then((l) => l.search({ text: '企业', limit: 5 }));
const lazyResource: Promise<catalogOnly.Resource | undefined> = lazy.then((l) => l.resource('101001/00001'));
const lazyHeld: Promise<number> = lazy.then((l) => l.stats().bytes_held + l.stats().bytes_fetched);
const byRange = gs.openLazyIndex((file: string, start?: number, end?: number) => (published.file(file) ?? new Uint8Array()).subarray(start ?? 0, end), {
  platformKey: platform.publicKey().toJwk(false),
});
const step: gs.LazySearch = new gs.LazyIndex(published.manifest, published.signature, '{}', undefined).search({ text: '企业' });
const need: gs.IndexRange[] = step.need;
void lazyPage; void lazyResource; void lazyHeld; void byRange; void need;
