// Crypto vectors (tests/vectors/crypto): SM4 in every mode through
// sm4Encrypt / sm4Decrypt on Uint8Array, and SM2 encryption through
// sm2Decrypt / sm2Encrypt / sm2ConvertCiphertext (the format object passed
// as the vector holds it), judged as core/tests/vectors_crypto.rs
// judges them (the hex of the output, or the error code).
import { judgeCase } from './common.mjs';

function unhex(h) {
  const out = new Uint8Array((h ?? '').length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
}

const hex = (b) => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');

const sm2Key = (gs, c) => gs.Key.fromRaw(c.key_algorithm, unhex(c.key_hex), c.key_private);

const ops = {
  sm2_decrypt: (gs, c) => ({ plaintext_hex: hex(gs.sm2Decrypt(sm2Key(gs, c), unhex(c.ciphertext_hex), c.format)) }),
  sm2_encrypt: (gs, c) => ({ ciphertext_len: gs.sm2Encrypt(sm2Key(gs, c), unhex(c.plaintext_hex), c.format).length }),
  sm2_convert: (gs, c) => ({ ciphertext_hex: hex(gs.sm2ConvertCiphertext(unhex(c.ciphertext_hex), c.from, c.to)) }),
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
  return judgeCase(c, () => op(gs, c), (want, got) => JSON.stringify(want) === JSON.stringify(got));
}
