// JCS vectors (tests/vectors/jcs): the same comparison as core/tests/vectors_jcs.rs.
import { b64, deepEqual, orError } from './common.mjs';

const utf8 = new TextDecoder('utf-8', { fatal: true });

function input(c) {
  return typeof c.input === 'string' ? c.input : b64(c.input_base64);
}

const ops = {
  canonicalize(gs, c) {
    return orError(() => {
      const bytes = c.limits ? gs.canonicalizeWith(input(c), c.limits) : gs.canonicalize(input(c));
      if (!(bytes instanceof Uint8Array)) throw new Error('canonicalize must return a Uint8Array');
      const text = utf8.decode(bytes);
      // The string form must agree with the bytes.
      if (!c.limits && gs.canonicalizeToString(input(c)) !== text) throw new Error('canonicalizeToString differs');
      return text;
    });
  },
  canonical_digests(gs, c) {
    return orError(() => {
      const d = gs.canonicalDigests(input(c));
      return { canonical: utf8.decode(d.canonical), sha256: d.sha256, sm3: d.sm3 };
    });
  },
};

export async function runJcsCase(gs, c) {
  const op = ops[c.op];
  if (!op) return { ok: false, detail: `unknown op ${c.op}` };
  const got = await op(gs, c);
  if ('expect_error' in c) {
    const ok = got && got.error === c.expect_error;
    return { ok, detail: ok ? '' : `expected error ${c.expect_error}, got ${JSON.stringify(got)}` };
  }
  const ok = deepEqual(got, c.expect);
  return { ok, detail: ok ? '' : `expected ${JSON.stringify(c.expect)}\n     got ${JSON.stringify(got)}` };
}
