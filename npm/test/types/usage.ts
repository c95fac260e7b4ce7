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
void passed, r2, ids, strict, streamed;
