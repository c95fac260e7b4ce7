// Crypto vectors (tests/vectors/crypto): SM4 in every mode through
// sm4Encrypt / sm4Decrypt on Uint8Array, SM2 encryption through
// sm2Decrypt / sm2Encrypt / sm2ConvertCiphertext (the format object passed
// as the vector holds it), envelopes through openEnvelope /
// openEnvelopeWithKek / EnvelopeOpening and openBodyEnvelope, and the sealed
// store through verifyStore / StoreReader, judged as
// core/tests/vectors_crypto.rs judges them (the hex of the output, the
// envelope info or store summary as JSON, or the error code).
import { deepEqual, judgeCase } from './common.mjs';

function unhex(h) {
  const out = new Uint8Array((h ?? '').length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
}

const hex = (b) => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');

const sm2Key = (gs, c) => gs.Key.fromRaw(c.key_algorithm, unhex(c.key_hex), c.key_private);

const utf8 = (s) => new TextEncoder().encode(s);

/** An envelope's info as the vectors (and Rust's serde) write it. */
const info = (i) => ({
  wrap: i.wrap,
  recipient: i.recipient,
  context: { from: i.context.from, to: i.context.to, about: i.context.about, created: Number(i.context.created) },
});

const opened = (o) => ({ info: info(o.info), plaintext_hex: hex(o.plaintext) });

/** A store summary as the vectors write it (an absent `disposed` is null). */
const summary = (s) => ({
  version: s.version,
  grant: s.grant,
  resource: s.resource,
  created: Number(s.created),
  key: s.key == null ? null : { key_id: s.key.key_id, wrap: s.key.wrap, recipient: s.key.recipient },
  disposed: s.disposed ?? null,
  pages: s.pages.map((p) => ({
    page: Number(p.page), chunks: p.chunks, manifest_digest: p.manifest_digest, complete: p.complete,
  })),
  records: Number(s.records),
  digest: s.digest,
  torn_tail: s.torn_tail,
  intact_len: Number(s.intact_len),
});

function storeKey(gs, c) {
  if (c.kek_hex !== undefined) return gs.StoreKey.kek(unhex(c.kek_hex), c.kek_id);
  if (c.data_key_hex !== undefined) return gs.StoreKey.dataKey(unhex(c.data_key_hex));
  return gs.StoreKey.sm2(sm2Key(gs, c));
}

const ops = {
  sm2_decrypt: (gs, c) => ({ plaintext_hex: hex(gs.sm2Decrypt(sm2Key(gs, c), unhex(c.ciphertext_hex), c.format)) }),
  sm2_encrypt: (gs, c) => ({ ciphertext_len: gs.sm2Encrypt(sm2Key(gs, c), unhex(c.plaintext_hex), c.format).length }),
  sm2_convert: (gs, c) => ({ ciphertext_hex: hex(gs.sm2ConvertCiphertext(unhex(c.ciphertext_hex), c.from, c.to)) }),
  envelope_open: (gs, c) => opened(gs.openEnvelope(utf8(c.envelope), sm2Key(gs, c), c.expected)),
  envelope_open_kek: (gs, c) =>
    opened(gs.openEnvelopeWithKek(utf8(c.envelope), unhex(c.kek_hex), c.kek_id, c.expected)),
  envelope_finish: (gs, c) => {
    const opening = gs.EnvelopeOpening.parse(utf8(c.envelope));
    if (c.expected !== undefined) opening.checkExpected(c.expected);
    const plaintext = opening.finish(unhex(c.data_key_hex));
    return { info: info(opening.info), wrapped_key_hex: hex(opening.wrappedKey), plaintext_hex: hex(plaintext) };
  },
  body_open: (gs, c) => ({
    plaintext_hex: hex(gs.openBodyEnvelope(c.profile, utf8(c.body), unhex(c.sm4_key_hex), sm2Key(gs, c))),
  }),
  store_verify: (gs, c) => summary(gs.verifyStore(utf8(c.store))),
  store_read: (gs, c) => ({
    plaintext_hex: hex(gs.StoreReader.open(utf8(c.store), storeKey(gs, c)).readPage(c.page)),
  }),
  sm4_encrypt: (gs, c) => ({
    ciphertext_hex: hex(gs.sm4Encrypt(c.mode, unhex(c.key_hex), unhex(c.iv_hex), unhex(c.plaintext_hex), unhex(c.aad_hex))),
  }),
  sm4_decrypt: (gs, c) => ({
    plaintext_hex: hex(gs.sm4Decrypt(c.mode, unhex(c.key_hex), unhex(c.iv_hex), unhex(c.ciphertext_hex), unhex(c.aad_hex))),
  }),
};

export async function runCryptoCase(gs, c) {
  const op = ops[c.op];
  if (!op) return { ok: false, detail: `no runner for crypto op ${c.op}` };
  return judgeCase(c, () => op(gs, c), deepEqual);
}
