// Identifier detection that survives evasion, checked against Node's own
// Unicode tables (ICU, via \p{…} in regular expressions) — independent of
// the table govshare generates from the UCD.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as gs from 'govshare';

const isNd = /^\p{Nd}$/u;
const isCf = /^\p{Cf}$/u;
const isZs = /^\p{Zs}$/u;
const isPd = /^\p{Pd}$/u;

/** Every code point of a property, as strings. */
function all(re) {
  const out = [];
  for (let cp = 0x80; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const c = String.fromCodePoint(cp);
    if (re.test(c)) out.push(c);
  }
  return out;
}

/** Each run of ten decimal digits: its zero (Nd comes in runs of ten). */
function digitZeros() {
  const nd = all(isNd).map((c) => c.codePointAt(0));
  const zeros = [];
  for (let k = 0; k < nd.length; k += 1) {
    const cp = nd[k];
    const runStart = k === 0 || nd[k - 1] !== cp - 1 || (zeros.length && cp - zeros[zeros.length - 1] === 10);
    if (runStart) zeros.push(cp);
  }
  return zeros;
}

/** `text` has an identifier of `kind` spanning exactly `span` (offsets are UTF-8 bytes). */
const found = (text, kind, span) =>
  gs.detectIdentifiers(text).some((d) => d.kind === kind && Buffer.from(text).subarray(d.start, d.end).toString() === span);

test('a mobile number written in every decimal digit script Node knows is found', () => {
  const zeros = digitZeros();
  assert.ok(zeros.length >= 60, `${zeros.length} digit scripts`);
  const missed = [];
  for (const zero of zeros) {
    const shown = [...'13812345678'].map((d) => String.fromCodePoint(zero + Number(d))).join('');
    if (!found(`电话${shown}。`, 'cn_mobile', shown)) missed.push(zero.toString(16));
  }
  assert.deepEqual(missed, []);
});

test('every format character (Cf) inside an ID is ignored', () => {
  const missed = [];
  for (const f of all(isCf)) {
    const shown = `110105${f}19491231${f}002X`;
    if (!found(`身份证${shown}，`, 'cn_resident_id', shown)) missed.push(f.codePointAt(0).toString(16));
  }
  assert.deepEqual(missed, []);
});

test('every space (Zs) and dash (Pd) separates the groups of a number', () => {
  const missed = [];
  for (const s of [...all(isZs), ...all(isPd), '\u2212']) {
    const shown = `138${s}1234${s}5678`;
    if (!found(`电话${shown}。`, 'cn_mobile', shown)) missed.push(s.codePointAt(0).toString(16));
  }
  assert.deepEqual(missed, []);
});

test('a wrong check character stays unreported however it is disguised', () => {
  for (const f of ['\u200b', '\u00ad', '\u2060', '\ufeff']) {
    const shown = `110105${f}19491231${f}0021`;
    assert.ok(!gs.detectIdentifiers(shown).some((d) => d.kind === 'cn_resident_id'), shown);
  }
});
