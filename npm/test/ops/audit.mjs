// Audit-trail vectors (tests/vectors/audit): the same operations and subset
// comparison as core/tests/vectors_audit.rs.
import { judgeCase } from './common.mjs';
import { hexDecode } from './sign.mjs';

function key(gs, doc, name) {
  const k = doc.keys[name];
  const key = gs.Key.fromRaw(k.alg, hexDecode(k.raw_private_hex), true);
  key.setKeyId(k.key_id);
  return key;
}

const linesText = (lines) => (lines ?? []).map((l) => `${l}\n`).join('');
const logText = (c) => linesText(c.log_lines);
const splitLines = (text) => text.split('\n').filter((l, i, all) => i < all.length - 1 || l !== '');

function verifier(gs, doc, c, member = 'keys') {
  const v = new gs.AuditVerifier();
  for (const name of c[member] ?? []) v.addKey(key(gs, doc, name));
  v.requireSignatures(c.require_signatures ?? false);
  if (c.continue_from) v.continueFrom(c.continue_from[0], c.continue_from[1]);
  return v;
}

const ops = {
  append(gs, doc, c) {
    const signer = c.key ? key(gs, doc, c.key) : null;
    const log = gs.AuditLog.resume(logText(c));
    const lines = c.events.map((e) => (signer ? log.appendSigned(e, signer) : log.append(e)));
    return { lines, head: log.head };
  },
  verify(gs, doc, c) {
    const v = verifier(gs, doc, c);
    v.expectHead(c.expected_head ?? undefined);
    return v.verify(logText(c));
  },
  archive(gs, doc, c) {
    const args = [logText(c), c.before, c.now, c.retention_years, verifier(gs, doc, c)];
    const out = c.key ? gs.auditArchiveSigned(...args, key(gs, doc, c.key)) : gs.auditArchive(...args);
    return { header: out.header, archive_lines: splitLines(out.archive), remaining_lines: splitLines(out.remaining) };
  },
  verify_archive(gs, doc, c) {
    return verifier(gs, doc, c).verifyArchive(linesText(c.archive_lines));
  },
  export(gs, doc, c) {
    const text = gs.auditExport(logText(c), c.provider_code ?? undefined, verifier(gs, doc, c), key(gs, doc, c.key));
    return { lines: splitLines(text) };
  },
  verify_export(gs, doc, c) {
    const ev = verifier(gs, doc, c, 'export_keys');
    ev.requireSignatures(true);
    return gs.verifyAuditExport(linesText(c.export_lines), logText(c), c.provider_code ?? undefined, ev, verifier(gs, doc, c));
  },
  report(gs, doc, c) {
    return gs.auditUsageReport(logText(c), c.now);
  },
  receipt(gs, doc, c) {
    return gs.destructionReceipt(c.request, c.log_head, key(gs, doc, c.key));
  },
  receipt_verify(gs, doc, c) {
    return gs.verifyDestructionReceipt(c.receipt, key(gs, doc, c.key));
  },
};

/** `expect` lists members that must be equal; others may be present. */
function matches(actual, expect) {
  if (expect !== null && typeof expect === 'object') {
    if (actual === null || typeof actual !== 'object') return false;
    if (Array.isArray(expect)) {
      return Array.isArray(actual) && actual.length === expect.length && expect.every((e, i) => matches(actual[i], e));
    }
    // A member serialized as `undefined` is JSON's missing member: equal to null.
    return Object.keys(expect).every((k) => (k in actual ? matches(actual[k], expect[k]) : expect[k] === null));
  }
  return actual === expect || (expect === null && actual === undefined);
}

export async function runAuditCase(gs, c, ctx) {
  const op = ops[c.op];
  if (!op) return { ok: false, detail: `no runner for audit op ${c.op}` };
  return judgeCase(c, () => op(gs, ctx.file, c), (expect, actual) => matches(actual, expect));
}
