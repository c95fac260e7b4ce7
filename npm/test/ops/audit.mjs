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

const logText = (c) => (c.log_lines ?? []).map((l) => `${l}\n`).join('');

const ops = {
  append(gs, doc, c) {
    const signer = c.key ? key(gs, doc, c.key) : null;
    const log = gs.AuditLog.resume(logText(c));
    const lines = c.events.map((e) => (signer ? log.appendSigned(e, signer) : log.append(e)));
    return { lines, head: log.head };
  },
  verify(gs, doc, c) {
    const v = new gs.AuditVerifier();
    for (const name of c.keys) v.addKey(key(gs, doc, name));
    v.requireSignatures(c.require_signatures ?? false);
    v.expectHead(c.expected_head ?? undefined);
    return v.verify(logText(c));
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
