// Masking vectors (tests/vectors/mask): the same operations and comparison as
// core/tests/vectors_mask.rs — `expect` is a subset of the actual result
// (objects may have more keys; arrays have the same length, element by element).
import { plain } from './common.mjs';

const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: true });

/** A string input as is; any other JSON value as its JSON text. */
const textOf = (c, k) => (c[k] === undefined ? undefined : typeof c[k] === 'string' ? c[k] : JSON.stringify(c[k]));
const format = (c) => c.format ?? 'json_array';
/** A workbook (sheets.json) comes as `data_b64`: its bytes, as a File's would be. */
const fromBase64 = (b64) => Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
const data = (c) => (c.data_b64 !== undefined ? fromBase64(c.data_b64)
  : c.data === undefined ? '' : typeof c.data === 'string' ? c.data : JSON.stringify(c.data));
const policy = (gs, c) => gs.MaskPolicy.fromJson(textOf(c, 'policy'));

const ops = {
  detect(gs, c) {
    const bytes = enc.encode(c.text);
    return gs.detectIdentifiers(c.text).map((d) => ({ ...d, match: dec.decode(bytes.slice(d.start, d.end)) }));
  },
  scan(gs, c) {
    return gs.maskScan(format(c), data(c), c.options);
  },
  apply(gs, c) {
    const key = c.hash_key === undefined ? undefined : enc.encode(c.hash_key);
    const r = gs.maskApply(policy(gs, c), format(c), data(c), key, c.options);
    return { output: dec.decode(r.output), report: r.report };
  },
  verify(gs, c) {
    const p = policy(gs, c);
    const m = textOf(c, 'manifest');
    const manifest = m === undefined ? undefined : gs.MaskManifest.fromJson(m);
    return gs.maskVerify(p, format(c), data(c), manifest, c.options);
  },
  parse_policy(gs, c) {
    return { policy: JSON.parse(policy(gs, c).toJson()) };
  },
  manifest(gs, c) {
    return { canonical: dec.decode(policy(gs, c).manifest().canonicalJson()) };
  },
  parse_manifest(gs, c) {
    return { canonical: gs.MaskManifest.fromJson(textOf(c, 'manifest')).toJson() };
  },
  strictness(gs, c) {
    return { at_least_as_strict: gs.ruleAtLeastAsStrict(c.a, c.b) };
  },
  deid(gs, c) {
    return gs.checkDeid(format(c), data(c), c.options);
  },
  deid_options(gs, c) {
    return gs.MaskPolicy.fromJson(textOf(c, 'policy')).deidOptions();
  },
  derive_policy(gs, c) {
    const p = gs.MaskPolicy.derive(textOf(c, 'resources'), textOf(c, 'derive_options') ?? '{}');
    return { policy: JSON.parse(p.toJson()) };
  },
};

/** `expected` ⊆ `actual` as in the Rust runner; returns an error message or null. */
function subset(expected, actual, path) {
  if (expected && typeof expected === 'object' && !Array.isArray(expected)) {
    if (!actual || typeof actual !== 'object' || Array.isArray(actual)) return `${path}: expected an object, got ${JSON.stringify(actual)}`;
    for (const [k, v] of Object.entries(expected)) {
      if (!(k in actual)) return `${path}.${k}: missing in actual`;
      const m = subset(v, actual[k], `${path}.${k}`);
      if (m) return m;
    }
    return null;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      return `${path}: expected ${expected.length} elements, got ${JSON.stringify(actual)}`;
    }
    for (let i = 0; i < expected.length; i++) {
      const m = subset(expected[i], actual[i], `${path}[${i}]`);
      if (m) return m;
    }
    return null;
  }
  // Fractions (deid's entropy-ℓ) agree to 1e-9; integers exactly.
  const close = typeof expected === 'number' && typeof actual === 'number' &&
    !(Number.isInteger(expected) && Number.isInteger(actual)) && Math.abs(expected - actual) <= 1e-9;
  return expected === actual || close ? null : `${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

export async function runMaskCase(gs, c) {
  const op = ops[c.op];
  if (!op) return { ok: false, detail: `no runner for mask op ${c.op}` };
  let actual;
  try {
    actual = plain(op(gs, c));
  } catch (e) {
    if (!(e && typeof e.code === 'string')) throw e;
    if (c.expect_error === undefined) return { ok: false, detail: `${c.name}: unexpected error ${e.code} (${e.message})` };
    return e.code === c.expect_error
      ? { ok: true }
      : { ok: false, detail: `${c.name}: expected error ${c.expect_error}, got ${e.code} (${e.message})` };
  }
  if (c.expect_error !== undefined) return { ok: false, detail: `${c.name}: expected error ${c.expect_error}, got ${JSON.stringify(actual)}` };
  const m = subset(c.expect, actual, '$');
  return m ? { ok: false, detail: `${c.name}: ${m}\n  actual: ${JSON.stringify(actual)}` } : { ok: true };
}
