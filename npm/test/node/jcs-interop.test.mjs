// Interop: govshare's RFC 8785 canonicalization agrees byte for byte with an
// independent implementation (npm `canonicalize`, a devDependency) on 500
// seeded random JSON documents, written with random spacing and number
// spellings so that parsing is exercised as well as serialization.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as gs from 'govshare';
import { rng } from './rng.mjs';

// The test runs in a scratch app that only has govshare installed; the
// reference comes from the package's own dev dependencies.
const npmDev = process.env.GOVSHARE_NPM_DEV ?? join(process.env.GOVSHARE_VECTORS ?? '.', '..', '..', 'npm');
const reference = createRequire(join(npmDev, 'package.json')).resolve('canonicalize');
const { default: canonicalizeRef } = await import(pathToFileURL(reference).href);

const pieces = ['a', 'Z', '0', ' ', '"', '\\', '/', '\n', '\t', '\u0001', '\u001f', '\u007f', 'é', '€', '中', '文',
  '\u2028', '\ufeff', '😀', '𝄞', '\ud834\udd1e', 'ö', 'ﬀ', '\u0000'];

function makeString(r) {
  let s = '';
  const n = Math.floor(r() * 8);
  for (let i = 0; i < n; i++) s += pieces[Math.floor(r() * pieces.length)];
  return s;
}

function makeNumber(r) {
  const kind = Math.floor(r() * 6);
  if (kind === 0) return Math.floor(r() * 2001) - 1000;
  if (kind === 1) return (r() - 0.5) * 10 ** Math.floor(r() * 40 - 20);
  if (kind === 2) return Number.MAX_SAFE_INTEGER - Math.floor(r() * 10);
  if (kind === 3) return [0, -0, 1e21, 1e-7, 9.999999999999999e20, 5e-324, 1.7976931348623157e308, 0.1, 1 / 3][Math.floor(r() * 9)];
  // Any finite double, from random bits.
  const v = new DataView(new ArrayBuffer(8));
  for (;;) {
    v.setUint32(0, Math.floor(r() * 2 ** 32));
    v.setUint32(4, Math.floor(r() * 2 ** 32));
    const f = v.getFloat64(0);
    if (Number.isFinite(f)) return f;
  }
}

function makeValue(r, depth) {
  const k = Math.floor(r() * (depth > 3 ? 5 : 7));
  switch (k) {
    case 0: return null;
    case 1: return r() < 0.5;
    case 2: case 3: return makeNumber(r);
    case 4: return makeString(r);
    case 5: return Array.from({ length: Math.floor(r() * 5) }, () => makeValue(r, depth + 1));
    default: {
      const o = {};
      const n = Math.floor(r() * 6);
      for (let i = 0; i < n; i++) o[makeString(r)] = makeValue(r, depth + 1);
      return o;
    }
  }
}

const ws = () => [' ', '\n', '\t', '\r', ''];

/** Writes a value as JSON text with random spacing and number spellings. */
function write(r, v) {
  const sp = () => ws()[Math.floor(r() * 5)];
  if (typeof v === 'number') {
    if (Object.is(v, -0)) return '-0';
    const alt = Math.floor(r() * 3);
    if (alt === 1) return v.toExponential().replace('e+', r() < 0.5 ? 'E+' : 'e');
    if (alt === 2 && Number.isInteger(v) && Math.abs(v) < 1e15) return `${v}.${'0'.repeat(1 + Math.floor(r() * 3))}`;
    return JSON.stringify(v);
  }
  if (Array.isArray(v)) return `[${sp()}${v.map((x) => write(r, x)).join(`${sp()},${sp()}`)}${sp()}]`;
  if (v && typeof v === 'object') {
    const members = Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}${sp()}:${sp()}${write(r, x)}`);
    return `{${sp()}${members.join(`${sp()},${sp()}`)}${sp()}}`;
  }
  return JSON.stringify(v);
}

test('canonicalize agrees with npm canonicalize on 500 random documents', () => {
  const r = rng(0x8785);
  const enc = new TextEncoder();
  for (let i = 0; i < 500; i++) {
    const text = write(r, makeValue(r, 0));
    const want = enc.encode(canonicalizeRef(JSON.parse(text)));
    const got = gs.canonicalize(r() < 0.5 ? text : enc.encode(text));
    assert.deepEqual(got, want, `document ${i}: ${text}`);
  }
});
