// Signing vectors (tests/vectors/sign): the same operations and subset
// comparison as core/tests/vectors_sign.rs.
import { b64, deepEqual, judgeCase } from './common.mjs';

export function hexDecode(h) {
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function hexEncode(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const FORMS = ['private_pem', 'raw_private_hex', 'hmac_secret_base64', 'jwk'];

function key(gs, doc, c) {
  const k = doc.keys[c.key];
  const alg = k.alg ?? undefined;
  const form = c.key_form ?? FORMS.find((f) => k[f] != null);
  let key;
  if (form === 'private_pem' || form === 'public_pem') key = gs.Key.fromPem(k[form], alg);
  else if (form === 'jwk' || form === 'public_jwk') key = gs.Key.fromJwk(JSON.stringify(k[form]), alg);
  else if (form === 'raw_private_hex') key = gs.Key.fromRaw(alg, hexDecode(k[form]), true);
  else if (form === 'hmac_secret_base64') key = gs.Key.fromHmacSecret(b64(k[form]));
  else throw new Error(`unknown key form ${form}`);
  if (typeof c.sm2_user_id === 'string') key.setSm2UserId(c.sm2_user_id);
  return key;
}

const message = (doc, v) => (typeof v === 'string' ? doc.messages[v] : v);
const request = (doc, c) => (c.request == null ? undefined : message(doc, c.request));
const data = (c) => (typeof c.data_hex === 'string' ? hexDecode(c.data_hex) : c.data);

/** The x-tif headers of both prefixes, as `xtif_sign` expectations list them. */
const XTIF_HEADERS = ['tif', 'rio'].flatMap((p) =>
  ['paasid', 'timestamp', 'nonce', 'signature', 'serviceId'].map((n) => `x-${p}-${n}`));

function headers(m, names) {
  const lower = names.map((n) => n.toLowerCase());
  return m.headers.filter(([n]) => lower.includes(n.toLowerCase()));
}

const ops = {
  signature_base(gs, doc, c) {
    return { base: gs.signatureBase(message(doc, c.message), c.signature_input, c.label, request(doc, c)) };
  },
  sign(gs, doc, c) {
    const s = gs.signMessage(message(doc, c.message), key(gs, doc, c), c.params, request(doc, c));
    return { signature_input: s.signature_input, signature: s.signature, base: s.base };
  },
  sign_verify(gs, doc, c) {
    const k = key(gs, doc, c);
    const req = request(doc, c);
    const s = gs.signMessage(message(doc, c.message), k, c.params, req);
    const verifier = k.algorithm === 'hmac-sha256' ? k : k.publicKey();
    const v = gs.verifyMessage(s.message, verifier, c.policy, c.now, req);
    // The same base through the external-signer path.
    const prepared = gs.prepareSignature(message(doc, c.message), c.params, req);
    if (!deepEqual(Array.from(prepared.base), Array.from(new TextEncoder().encode(s.base)))) {
      throw new Error('prepareSignature gives a different base');
    }
    return { label: v.info.label, content_digest_checked: v.content_digest_checked };
  },
  verify(gs, doc, c) {
    const k = key(gs, doc, c);
    const store = new gs.NonceStore(16);
    let out = null;
    for (let i = 0; i < (c.repeat ?? 1); i++) {
      const v = store.verifyMessage(message(doc, c.message), k, c.policy, c.now, request(doc, c));
      out = { label: v.info.label, content_digest_checked: v.content_digest_checked };
    }
    return out;
  },
  content_digest(gs, doc, c) {
    return { value: gs.contentDigest(c.body, c.algorithm) };
  },
  sm3(gs, doc, c) {
    return { hex: hexEncode(gs.sm3(data(c))) };
  },
  key_verify(gs, doc, c) {
    key(gs, doc, c).verify(data(c), hexDecode(c.signature_hex));
    return { verified: true };
  },
  key_sign(gs, doc, c) {
    return { signature_hex: hexEncode(key(gs, doc, c).sign(data(c))) };
  },
  key_sign_verify(gs, doc, c) {
    const k = key(gs, doc, c);
    const sig = k.sign(data(c));
    k.publicKey().verify(data(c), sig);
    return { verified: true };
  },
  key_import(gs, doc, c) {
    const k = key(gs, doc, c);
    return { algorithm: k.algorithm, private: k.isPrivate, key_id: k.keyId };
  },
  key_thumbprint(gs, doc, c) {
    return { thumbprint: key(gs, doc, c).thumbprint() };
  },
  xtif_sign(gs, doc, c) {
    const m = gs.signXtif(message(doc, c.message), c.paas_id, c.paas_token, c.timestamp, c.nonce, c.service_id ?? undefined,
      c.case ?? undefined, c.prefix ?? undefined);
    return { headers: headers(m, XTIF_HEADERS) };
  },
  xtif_verify(gs, doc, c) {
    return gs.verifyXtif(message(doc, c.message), c.paas_token, c.now, c.prefix ?? undefined, c.window_seconds ?? undefined);
  },
  xtif_user_verify(gs, doc, c) {
    return gs.verifyXtifUser(message(doc, c.message), c.token, c.now, c.prefix ?? undefined, c.window_seconds ?? undefined);
  },
  xtif_user_signature(gs, doc, c) {
    return { signature: gs.xtifUserSignature(c.timestamp, c.token, c.nonce, c.uid, c.uinfo, c.ext) };
  },
  org_sign(gs, doc, c) {
    return gs.orgSign(c.org_code, c.org_secret, c.unix_seconds, c.sequence);
  },
  guangdong_body(gs, doc, c) {
    return { body: JSON.parse(gs.guangdongBody(c.input)) };
  },
  irs_sign(gs, doc, c) {
    const m = gs.signIrs(message(doc, c.message), c.app_key, c.request_secret, c.request_time, c.placement);
    return c.placement === 'headers' ? { headers: headers(m, ['appKey', 'requestTime', 'sign']) } : { target: m.target };
  },
};

/** Does `actual` contain every member of `expected` with the same value? */
function matches(expected, actual) {
  if (expected && typeof expected === 'object' && !Array.isArray(expected)) {
    return actual !== null && typeof actual === 'object' && !Array.isArray(actual)
      && Object.entries(expected).every(([k, v]) => k in actual && matches(v, actual[k]));
  }
  return deepEqual(expected, actual);
}

/** Runs one case of a sign vector file; `ctx.file` is the whole vector file (keys, messages). */
export async function runSignCase(gs, c, ctx) {
  const op = ops[c.op];
  if (!op) return { ok: false, detail: `no runner for sign op ${c.op}` };
  return judgeCase(c, () => hiding(c, () => op(gs, ctx.file, c)), matches);
}

/** A case's `error_hides`: strings its error's English and Chinese messages must not show. */
function hiding(c, run) {
  try {
    return run();
  } catch (e) {
    for (const h of c.error_hides ?? []) {
      if (`${e?.message} ${e?.messageZh}`.includes(h)) throw new Error(`${c.name}: the error shows a value it must hide`);
    }
    throw e;
  }
}
