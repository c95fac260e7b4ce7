#!/usr/bin/env python3
"""Writes tests/vectors/crypto/envelope.json and store.json: the digital
envelope (govshare_envelope 1), the de-facto signed-and-encrypted request
body, and the sealed store (govshare_store 1) of issue #13, as core's
`crypto::envelope`, `crypto::body_envelope` and `store` read them.

Every byte is made here, independently of govshare: SM2 encryption and
signatures by PyPI `gmssl` (as make_sm2_vectors.py uses it, with every
random `k` replaced by one derived from a fixed label), SM4 (GCM, ECB, CBC)
by the `cryptography` package (OpenSSL's SM4), SHA-256 by hashlib, RFC 7638
thumbprints and RFC 8785 (JCS) by the small writers below. Data keys, IVs,
nonces, key ids and SM2 `k` are derived from SHA-256 of fixed labels, so
the files are the same on every run.

Expected results are decided by this script's own reader (`ref_open`,
`ref_verify_store`, `ref_read_page`): the formats' rules as
core/src/crypto/envelope.rs and core/src/store.rs state them, with the GCM
tag and the SM2 C3 check computed by `cryptography` and gmssl's
primitives; for bodies, gmssl's verify_with_sm3 gives every signature
verdict. Each case also names the error it is meant to show, and the
script stops if its reader disagrees, so a case cannot silently test
something else than its name says.

Run from the repository root: python3 tests/vectors/crypto/make_envelope_vectors.py
(--out DIR writes the files into DIR instead; scripts/check_vectors_generated.py
uses it). Needs `gmssl` and `cryptography` (python/requirements-dev.txt;
scripts/bootstrap.sh installs them into .venv).
"""
import argparse
import base64
import hashlib
import json
import os

import gmssl.func
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from gmssl import sm2, sm3

_args = argparse.ArgumentParser(description="Writes the envelope and store vectors.")
_args.add_argument("--out", metavar="DIR", default="tests/vectors/crypto", help="where to write (default: %(default)s)")
OUT = os.path.join(_args.parse_args().out, "")

P = int(sm2.default_ecc_table["p"], 16)
N = int(sm2.default_ecc_table["n"], 16)
A = int(sm2.default_ecc_table["a"], 16)
B = int(sm2.default_ecc_table["b"], 16)


def det(label, n):
    """n deterministic bytes from a label."""
    out = b""
    i = 0
    while len(out) < n:
        out += hashlib.sha256(f"envelope/{label}/{i}".encode()).digest()
        i += 1
    return out[:n]


def scalar(label):
    return int.from_bytes(det(label, 32), "big") % (N - 2) + 1


# ------------------------------------------------------------ JCS (RFC 8785)
# The documents canonicalized here (the envelope header, the body's fields,
# a chunk's binding, a JWK's members) hold only strings, integers below 2^53
# and booleans, with ASCII member names. For that subset RFC 8785 is: members
# sorted by name (UTF-16 code units; the same as code points for ASCII
# names), no whitespace, integers in plain decimal (ECMAScript's
# Number.prototype.toString for |n| < 2^53), strings with only `"`, `\` and
# U+0000..U+001F escaped (\b \t \n \f \r short, others \u00xx lowercase) and
# every other character — non-ASCII, U+2028, U+007F — written as UTF-8.
# Floats, which need ECMAScript's shortest round-trip form, never occur, so
# this writer refuses them rather than approximating them.
_SHORT = {0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r", 0x22: '\\"', 0x5C: "\\\\"}


def jcs_string(s):
    out = ['"']
    for ch in s:
        c = ord(ch)
        if c in _SHORT:
            out.append(_SHORT[c])
        elif c < 0x20:
            out.append("\\u%04x" % c)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def jcs(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        assert abs(value) < 2**53, "JCS integers here stay below 2^53"
        return str(value)
    if isinstance(value, str):
        return jcs_string(value)
    if isinstance(value, dict):
        assert all(k.isascii() for k in value), "ASCII member names only"
        return "{" + ",".join(jcs_string(k) + ":" + jcs(value[k]) for k in sorted(value)) + "}"
    raise AssertionError(f"not in the JCS subset used here: {value!r}")


def compact(obj):
    """serde_json::to_vec's form: members in the struct's order, no whitespace, UTF-8."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def b64(b):
    return base64.b64encode(b).decode()


def b64u(b):
    return base64.urlsafe_b64encode(b).decode().rstrip("=")


_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def b64_strict(text):
    """Canonical padded base64 (RFC 4648 §4): the bytes, or None."""
    if not isinstance(text, str) or len(text) % 4 or any(c not in _B64 + "=" for c in text):
        return None
    body = text.rstrip("=")
    if len(text) - len(body) > 2 or "=" in body:
        return None
    try:
        raw = base64.b64decode(text, validate=True)
    except ValueError:
        return None
    return raw if b64(raw) == text else None


# ------------------------------------------------------------------- SM2
def on_curve(xy):
    x, y = int.from_bytes(xy[:32], "big"), int.from_bytes(xy[32:], "big")
    return x < P and y < P and (y * y - (x * x * x + A * x + B)) % P == 0


def public_of(d):
    c = sm2.CryptSM2(private_key="%064x" % d, public_key="00" * 64)
    return bytes.fromhex(c._kg(d, sm2.default_ecc_table["g"]))


def gm(d, mode=1):
    pub = public_of(d).hex()
    # gmssl strips every leading '0' and '4' of a key starting "04"; keys here never start so.
    assert not pub.startswith("04")
    return sm2.CryptSM2(private_key="%064x" % d, public_key=pub, mode=mode)


def key_for(label):
    while True:
        d = scalar(label)
        if not public_of(d).hex().startswith("04"):
            return d
        label += "+"


def sm2_wrap(d, data, label):
    """SM2 encryption C1C3C2 with the 04 prefix, gmssl's, with a fixed k."""
    k = scalar(label)
    real = gmssl.func.random_hex
    gmssl.func.random_hex = lambda n: "%064x" % k
    try:
        raw = gm(d).encrypt(data)
    finally:
        gmssl.func.random_hex = real
    return b"\x04" + raw


def sm2_unwrap(d, ct):
    """SM2 decryption (C1C3C2, 04 prefix) with the C3 check (GB/T 32918.4
    B6) done with gmssl's primitives (its decrypt() does not check C3):
    the plaintext, or the error code govshare's rules name."""
    if len(ct) < 1 + 64 + 32 + 1:
        return None, "ciphertext_truncated"
    if ct[0] != 4:
        return None, "ciphertext_malformed"
    if not on_curve(ct[1:65]):
        return None, "point_not_on_curve"
    c = gm(d)
    m = c.decrypt(ct[1:])
    xy = c._kg(d, ct[1:65].hex())
    u = sm3.sm3_hash(list(bytes.fromhex(xy[:64]) + m + bytes.fromhex(xy[64:])))
    if bytes.fromhex(u) != ct[65:97]:
        return None, "decryption_failed"
    return m, None


def thumbprint(d):
    """RFC 7638: SHA-256 of {"crv":"SM2","kty":"EC","x","y"} (base64url), base64url."""
    pub = public_of(d)
    jwk = jcs({"crv": "SM2", "kty": "EC", "x": b64u(pub[:32]), "y": b64u(pub[32:])})
    return b64u(hashlib.sha256(jwk.encode()).digest())


def sm2_sign(d, data, label):
    """SM2 signature with SM3 and the default user ID 1234567812345678 (gmssl's
    sign_with_sm3 hashes Z ‖ M with that ID), r ‖ s, a fixed k."""
    k = "%064x" % scalar(label)
    sig = bytes.fromhex(gm(d).sign_with_sm3(data, k))
    assert gm(d).verify_with_sm3(sig.hex(), data)
    return sig


def der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def der(tag, content):
    return bytes([tag]) + der_len(len(content)) + content


def der_uint(b):
    b = b.lstrip(b"\0") or b"\0"
    if b[0] & 0x80:
        b = b"\0" + b
    return der(0x02, b)


# ------------------------------------------------------------------- SM4
def gcm_seal(key, iv, data, aad):
    e = Cipher(algorithms.SM4(key), modes.GCM(iv)).encryptor()
    e.authenticate_additional_data(aad)
    ct = e.update(data) + e.finalize()
    return ct + e.tag


def gcm_open(key, iv, sealed, aad):
    """The plaintext, or (None, code) as govshare's sm4_decrypt names it."""
    if len(key) != 16:
        return None, "key_length"
    if len(iv) != 12:
        return None, "iv_length"
    if len(sealed) < 16:
        return None, "ciphertext_truncated"
    d = Cipher(algorithms.SM4(key), modes.GCM(iv, sealed[-16:])).decryptor()
    d.authenticate_additional_data(aad)
    try:
        return d.update(sealed[:-16]) + d.finalize(), None
    except InvalidTag:
        return None, "tag_mismatch"


def sm4_block(mode, key, iv, data, decrypt=False):
    m = modes.ECB() if mode == "ecb" else modes.CBC(iv)
    c = Cipher(algorithms.SM4(key), m)
    op = c.decryptor() if decrypt else c.encryptor()
    return op.update(data) + op.finalize()


def pkcs7(data):
    p = padding.PKCS7(128).padder()
    return p.update(data) + p.finalize()


# ---------------------------------------------------- strict JSON reading
class Refused(Exception):
    def __init__(self, code):
        super().__init__(code)
        self.code = code


def strict_object(text, code):
    """A JSON object whose members are each named once (serde refuses a
    duplicate): the dict, or Refused(`code`); a syntax error is malformed_json."""
    def pairs(ps):
        names = [k for k, _ in ps]
        if len(names) != len(set(names)):
            raise Refused(code)
        return dict(ps)

    try:
        v = json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError:
        raise Refused("malformed_json")
    if not isinstance(v, dict):
        raise Refused(code)
    return v


def is_int(v, lo, hi):
    return isinstance(v, int) and not isinstance(v, bool) and lo <= v <= hi


U32, U64, I64 = (0, 2**32 - 1), (0, 2**64 - 1), (-(2**63), 2**63 - 1)


def check_shape(obj, fields, code):
    """Every member known and of its type, every required member present
    (serde with deny_unknown_fields). fields: name → (type, required)."""
    for k in obj:
        if k not in fields:
            raise Refused(code)
    for k, (kind, required) in fields.items():
        if k not in obj:
            if required:
                raise Refused(code)
            continue
        v = obj[k]
        ok = {
            "str": lambda: isinstance(v, str),
            "u32": lambda: is_int(v, *U32),
            "u64": lambda: is_int(v, *U64),
            "i64": lambda: is_int(v, *I64),
            "bool": lambda: isinstance(v, bool),
            "str?": lambda: v is None or isinstance(v, str),
            "key?": lambda: v is None or isinstance(v, dict),
        }[kind]()
        if not ok:
            raise Refused(code)


def party_ok(s):
    """1 to 1024 UTF-8 bytes, no control character (Unicode Cc)."""
    return 0 < len(s.encode()) <= 1024 and not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in s)


# ================================================================ envelopes
ENVELOPE_FIELDS = {
    "govshare_envelope": ("u32", True), "cipher": ("str", True), "wrap": ("str", True),
    "recipient": ("str", True), "from": ("str", True), "to": ("str", True), "about": ("str", True),
    "created": ("i64", True), "wrapped_key": ("str", True), "iv": ("str", True), "ciphertext": ("str?", False),
}
KEK_WRAP_AAD = "govshare-envelope/1 kek-wrap "


def envelope_aad(env):
    return jcs({k: v for k, v in env.items() if k != "ciphertext"}).encode()


def kek_wrap(kek, kek_id, data_key, label):
    nonce = det(label + "/kek-nonce", 12)
    return nonce + gcm_seal(kek, nonce, data_key, (KEK_WRAP_AAD + kek_id).encode())


def seal(plaintext, ctx, label, d=None, kek=None, kek_id=None):
    """An envelope (dict in the wire order) and its data key."""
    data_key = det(label + "/data-key", 16)
    if d is not None:
        wrap, recipient, wrapped = "sm2", thumbprint(d), sm2_wrap(d, data_key, label + "/k")
    else:
        wrap, recipient, wrapped = "sm4-gcm-kek", kek_id, kek_wrap(kek, kek_id, data_key, label)
    env = {
        "govshare_envelope": 1, "cipher": "sm4-gcm", "wrap": wrap, "recipient": recipient,
        "from": ctx["from"], "to": ctx["to"], "about": ctx["about"], "created": ctx["created"],
        "wrapped_key": b64(wrapped), "iv": b64(det(label + "/iv", 12)),
    }
    env["ciphertext"] = b64(gcm_seal(data_key, det(label + "/iv", 12), plaintext, envelope_aad(env)))
    return env, data_key


def ref_parse(text):
    """EnvelopeOpening::parse by the format's rules: (envelope dict, info, aad, wrapped, iv, sealed)."""
    env = strict_object(text, "invalid_value")
    check_shape(env, ENVELOPE_FIELDS, "invalid_value")
    if env["govshare_envelope"] != 1 or env["cipher"] != "sm4-gcm":
        raise Refused("unsupported_format")
    if env["wrap"] not in ("sm2", "sm4-gcm-kek"):
        raise Refused("invalid_argument")
    for name in ("from", "to", "about"):
        if not party_ok(env[name]):
            raise Refused("invalid_argument")
    if env["created"] < 0 or not party_ok(env["recipient"]):
        raise Refused("invalid_argument")
    wrapped, iv = b64_strict(env["wrapped_key"]), b64_strict(env["iv"])
    if wrapped is None or iv is None:
        raise Refused("invalid_value")
    if len(iv) != 12:
        raise Refused("iv_length")
    if env.get("ciphertext") is None:
        raise Refused("ciphertext_malformed")
    sealed = b64_strict(env["ciphertext"])
    if sealed is None:
        raise Refused("invalid_value")
    if len(sealed) < 16:
        raise Refused("ciphertext_truncated")
    info = {
        "wrap": env["wrap"], "recipient": env["recipient"],
        "context": {k: env[k] for k in ("from", "to", "about", "created")},
    }
    return env, info, envelope_aad(env), wrapped, iv, sealed


def ref_open(text, unlock, expected=None):
    """open_envelope / open_envelope_with_kek / parse + expect + finish:
    the expect member of a case, or Refused."""
    env, info, aad, wrapped, iv, sealed = ref_parse(text)
    for name in ("from", "to", "about"):
        if expected and name in expected and expected[name] != env[name]:
            raise Refused("envelope_context_mismatch")
    kind = unlock[0]
    if kind == "sm2":
        d = unlock[1]
        if env["wrap"] != "sm2" or thumbprint(d) != env["recipient"]:
            raise Refused("envelope_wrong_recipient")
        data_key, err = sm2_unwrap(d, wrapped)
        if err:
            raise Refused(err)
    elif kind == "kek":
        kek, kek_id = unlock[1], unlock[2]
        if env["wrap"] != "sm4-gcm-kek" or kek_id != env["recipient"]:
            raise Refused("envelope_wrong_recipient")
        if len(kek) != 16:
            raise Refused("key_length")
        if len(wrapped) != 12 + 16 + 16:
            raise Refused("ciphertext_malformed")
        data_key, err = gcm_open(kek, wrapped[:12], wrapped[12:], (KEK_WRAP_AAD + kek_id).encode())
        if err:
            raise Refused(err)
    else:
        data_key = unlock[1]
    if len(data_key) != 16:
        raise Refused("key_length")
    plain, err = gcm_open(data_key, iv, sealed, aad)
    if err:
        raise Refused(err)
    out = {"info": info}
    if kind == "data":
        out["wrapped_key_hex"] = wrapped.hex()
    out["plaintext_hex"] = plain.hex()
    return out


envelope_cases = []
D1 = key_for("department-1")
D2 = key_for("department-2")
KEK = det("kek-1", 16)
KEK_ID = "kms:dept/1"


def sm2_fields(d, private=True):
    return {
        "key_algorithm": "sm2-sm3",
        "key_hex": "%064x" % d if private else "04" + public_of(d).hex(),
        "key_private": private,
    }


def env_case(name, op, text, unlock, want, expected=None):
    """One envelope case; `want` is "ok" or the error code the case is meant to show."""
    c = {"name": name, "op": op, "envelope": text}
    if unlock[0] == "sm2":
        c.update(sm2_fields(unlock[1]))
    elif unlock[0] == "kek":
        c.update({"kek_hex": unlock[1].hex(), "kek_id": unlock[2]})
    else:
        c["data_key_hex"] = unlock[1].hex()
    if expected is not None:
        c["expected"] = expected
    try:
        c["expect"] = ref_open(text, unlock, expected)
        got = "ok"
    except Refused as e:
        c["expect_error"] = got = e.code
    assert got == want, f"{name}: this script's reader says {got}, the case means {want}"
    envelope_cases.append(c)


def edited(env, **changes):
    e = dict(env)
    for k, v in changes.items():
        e[k] = v
    return compact(e)


def flip(b64text, index, bit=0x01):
    raw = bytearray(base64.b64decode(b64text))
    raw[index] ^= bit
    return b64(bytes(raw))


CTX = {"from": "11100000000000000A", "to": "11100000000000001B", "about": "grant-7/page-0", "created": 1764900000}
CTX_ZH = {"from": "北京市大数据中心", "to": "上海市数据局", "about": "共享申请 7 / 第 0 页 𝄞", "created": 1764900000}
CTX_ESC = {"from": 'dept "A" \\ B', "to": "x/y\u2028z", "about": "é/<page>", "created": 0}
ROWS = '[{"name":"张*","id":"1101**********4477"}]'.encode()
BIG = det("multi-kb", 5000)

SM2_ = ("sm2", D1)
KEK_ = ("kek", KEK, KEK_ID)

# ------------------------------------------------------- SM2, valid
e_rows, dk_rows = seal(ROWS, CTX, "rows", d=D1)
t_rows = compact(e_rows)
env_case("sm2: rows, opens", "envelope_open", t_rows, SM2_, "ok")
for label, pt, ctx in (
    ("empty plaintext", b"", CTX),
    ("1 byte", b"\x00", CTX),
    ("5000 bytes", BIG, CTX),
    ("non-ASCII parties and a character outside the BMP", ROWS, CTX_ZH),
    ('parties with " \\ / U+2028 and created 0 (JCS escaping)', ROWS, CTX_ESC),
):
    e, _ = seal(pt, ctx, "sm2/" + label, d=D1)
    env_case(f"sm2: {label}, opens", "envelope_open", compact(e), SM2_, "ok")
reordered = {k: e_rows[k] for k in reversed(list(e_rows))}
env_case("sm2: members in another order, with whitespace, open (the AAD is JCS)", "envelope_open",
         json.dumps(reordered, ensure_ascii=False, indent=2), SM2_, "ok")
env_case("sm2: expected from, to and about all match", "envelope_open", t_rows, SM2_, "ok",
         expected={"from": CTX["from"], "to": CTX["to"], "about": CTX["about"]})
env_case("sm2: expected about only, matches", "envelope_open", t_rows, SM2_, "ok", expected={"about": CTX["about"]})
env_case("sm2: expected {} checks nothing", "envelope_open", t_rows, SM2_, "ok", expected={})
for member, value in (("from", "11100000000000000C"), ("to", "11100000000000001b"), ("about", "grant-7/page-1")):
    env_case(f"sm2: expected {member} differs → envelope_context_mismatch", "envelope_open", t_rows, SM2_,
             "envelope_context_mismatch", expected={member: value})
env_case("sm2: the expectation is checked before the key (wrong key too)", "envelope_open", t_rows, ("sm2", D2),
         "envelope_context_mismatch", expected={"about": "grant-7/page-9"})

# ------------------------------------------------------- SM2, refused
env_case("sm2: another SM2 key → envelope_wrong_recipient", "envelope_open", t_rows, ("sm2", D2),
         "envelope_wrong_recipient")
env_case("sm2: opened with a KEK → envelope_wrong_recipient", "envelope_open_kek", t_rows, ("kek", KEK, e_rows["recipient"]),
         "envelope_wrong_recipient")
for member, value in (
    ("from", "11100000000000000C"),
    ("to", "x"),
    ("about", "grant-7/page-1"),
    ("created", 1764900001),
    ("iv", b64(det("other-iv", 12))),
    ("wrapped_key", b64(sm2_wrap(D1, dk_rows, "rows/another-k"))),
):
    what = "the same data key wrapped with another k" if member == "wrapped_key" else f"{member} altered"
    env_case(f"sm2: {what} → tag_mismatch", "envelope_open", edited(e_rows, **{member: value}), SM2_, "tag_mismatch")
env_case("sm2: recipient altered → envelope_wrong_recipient", "envelope_open",
         edited(e_rows, recipient=thumbprint(D2)), SM2_, "envelope_wrong_recipient")
env_case("sm2: wrap relabelled sm4-gcm-kek, opened with the key → envelope_wrong_recipient", "envelope_open",
         edited(e_rows, wrap="sm4-gcm-kek"), SM2_, "envelope_wrong_recipient")
for index, what in ((0, "first"), (len(ROWS) - 1, "last data"), (len(ROWS), "first tag"), (len(ROWS) + 15, "last tag")):
    env_case(f"sm2: ciphertext {what} byte flipped → tag_mismatch", "envelope_open",
             edited(e_rows, ciphertext=flip(e_rows["ciphertext"], index)), SM2_, "tag_mismatch")
sealed_rows = base64.b64decode(e_rows["ciphertext"])
env_case("sm2: ciphertext cut by one byte (tag truncated) → tag_mismatch", "envelope_open",
         edited(e_rows, ciphertext=b64(sealed_rows[:-1])), SM2_, "tag_mismatch")
e_empty, dk_empty = seal(b"", CTX, "sm2/empty plaintext", d=D1)
env_case("sm2: 15-byte ciphertext (shorter than the tag) → ciphertext_truncated", "envelope_open",
         edited(e_empty, ciphertext=b64(base64.b64decode(e_empty["ciphertext"])[:15])), SM2_, "ciphertext_truncated")
env_case("sm2: empty ciphertext → ciphertext_truncated", "envelope_open", edited(e_empty, ciphertext=""), SM2_,
         "ciphertext_truncated")
env_case("sm2: no ciphertext member → ciphertext_malformed", "envelope_open",
         compact({k: v for k, v in e_rows.items() if k != "ciphertext"}), SM2_, "ciphertext_malformed")
assert e_rows["ciphertext"].endswith("="), "the case below needs a padded ciphertext"
env_case("sm2: the ciphertext's base64 without its padding → invalid_value", "envelope_open",
         edited(e_rows, ciphertext=e_rows["ciphertext"].rstrip("=")), SM2_, "invalid_value")
env_case("sm2: an unknown member → invalid_value", "envelope_open", compact({**e_rows, "note": "x"}), SM2_, "invalid_value")
env_case("sm2: a duplicated member → invalid_value", "envelope_open",
         t_rows.replace('"from":', '"from":"11100000000000000A","from":', 1), SM2_, "invalid_value")
env_case("sm2: a missing member (about) → invalid_value", "envelope_open",
         compact({k: v for k, v in e_rows.items() if k != "about"}), SM2_, "invalid_value")
env_case("sm2: created as a string → invalid_value", "envelope_open", edited(e_rows, created="1764900000"), SM2_,
         "invalid_value")
env_case("sm2: created negative → invalid_argument", "envelope_open", edited(e_rows, created=-1), SM2_, "invalid_argument")
env_case("sm2: from empty → invalid_argument", "envelope_open", edited(e_rows, **{"from": ""}), SM2_, "invalid_argument")
env_case("sm2: about with U+007F (a control character) → invalid_argument", "envelope_open",
         edited(e_rows, about="grant-7\x7f"), SM2_, "invalid_argument")
env_case("sm2: to of 1025 bytes → invalid_argument", "envelope_open", edited(e_rows, to="a" * 1025), SM2_,
         "invalid_argument")
env_case("sm2: govshare_envelope 2 → unsupported_format", "envelope_open", edited(e_rows, govshare_envelope=2), SM2_,
         "unsupported_format")
env_case("sm2: govshare_envelope 0 → unsupported_format", "envelope_open", edited(e_rows, govshare_envelope=0), SM2_,
         "unsupported_format")
env_case("sm2: cipher sm4-cbc → unsupported_format", "envelope_open", edited(e_rows, cipher="sm4-cbc"), SM2_,
         "unsupported_format")
env_case("sm2: wrap rsa → invalid_argument", "envelope_open", edited(e_rows, wrap="rsa"), SM2_, "invalid_argument")
env_case("sm2: not JSON → malformed_json", "envelope_open", t_rows[:-1], SM2_, "malformed_json")
env_case("sm2: a JSON array → invalid_value", "envelope_open", "[" + t_rows + "]", SM2_, "invalid_value")
iv12 = e_rows["iv"]
for what, value in (
    ("iv with non-zero unused bits (AAAAAAAAAAAAAAB=)", "AAAAAAAAAAAAAAB="),
    ("iv in base64url (- and _)", b64(b"\xfb\xff" * 6).replace("+", "-").replace("/", "_")),
    ("iv with a line break", iv12[:8] + "\n" + iv12[8:]),
    ("wrapped_key with three = of padding", e_rows["wrapped_key"].rstrip("=") + "==="),
    ("ciphertext with a space", e_rows["ciphertext"][:4] + " " + e_rows["ciphertext"][4:]),
):
    env_case(f"sm2: {what} → invalid_value", "envelope_open", edited(e_rows, **{what.split()[0]: value}), SM2_,
             "invalid_value")
env_case("sm2: 11-byte iv → iv_length", "envelope_open", edited(e_rows, iv=b64(det("iv11", 11))), SM2_, "iv_length")
env_case("sm2: 16-byte iv → iv_length", "envelope_open", edited(e_rows, iv=b64(det("iv16", 16))), SM2_, "iv_length")
wk = base64.b64decode(e_rows["wrapped_key"])
for index, bit, what in ((1, 0x01, "C1 x first byte"), (64, 0x01, "C1 y last byte")):
    t = bytearray(wk)
    t[index] ^= bit
    want = "point_not_on_curve" if not on_curve(bytes(t[1:65])) else "decryption_failed"
    env_case(f"sm2: wrapped_key {what} flipped → {want}", "envelope_open", edited(e_rows, wrapped_key=b64(bytes(t))), SM2_,
             want)
for index, what in ((65, "C3 first byte"), (len(wk) - 1, "C2 last byte")):
    t = bytearray(wk)
    t[index] ^= 0x01
    env_case(f"sm2: wrapped_key {what} flipped → decryption_failed", "envelope_open",
             edited(e_rows, wrapped_key=b64(bytes(t))), SM2_, "decryption_failed")
env_case("sm2: wrapped_key without the 04 prefix → ciphertext_malformed", "envelope_open",
         edited(e_rows, wrapped_key=b64(b"\x02" + wk[1:])), SM2_, "ciphertext_malformed")
env_case("sm2: wrapped_key cut to 97 bytes → ciphertext_truncated", "envelope_open",
         edited(e_rows, wrapped_key=b64(wk[:97])), SM2_, "ciphertext_truncated")
# An SM2 envelope's wrapped key moved into a KEK envelope, and back.
e_kek, dk_kek = seal(ROWS, CTX, "kek/rows", kek=KEK, kek_id=KEK_ID)
t_kek = compact(e_kek)
env_case("kek envelope relabelled wrap sm2 for the SM2 key → ciphertext_truncated (a 44-byte KEK wrap is no SM2 ciphertext)",
         "envelope_open", edited(e_kek, wrap="sm2", recipient=thumbprint(D1)), SM2_, "ciphertext_truncated")
env_case("sm2 envelope relabelled wrap sm4-gcm-kek for a KEK id → ciphertext_malformed (a 113-byte SM2 wrap is no KEK wrap)",
         "envelope_open_kek", edited(e_rows, wrap="sm4-gcm-kek", recipient=KEK_ID), KEK_, "ciphertext_malformed")

# ------------------------------------------------------------ KEK
env_case("kek: rows, opens", "envelope_open_kek", t_kek, KEK_, "ok")
for label, pt, ctx in (("empty plaintext", b"", CTX), ("1 byte", b"x", CTX), ("5000 bytes", BIG, CTX_ZH)):
    e, _ = seal(pt, ctx, "kek/" + label, kek=KEK, kek_id=KEK_ID)
    env_case(f"kek: {label}, opens", "envelope_open_kek", compact(e), KEK_, "ok")
env_case("kek: expected matches", "envelope_open_kek", t_kek, KEK_, "ok", expected={"from": CTX["from"], "to": CTX["to"]})
env_case("kek: expected to differs → envelope_context_mismatch", "envelope_open_kek", t_kek, KEK_,
         "envelope_context_mismatch", expected={"to": "11100000000000009Z"})
env_case("kek: another KEK id → envelope_wrong_recipient", "envelope_open_kek", t_kek, ("kek", KEK, "kms:dept/2"),
         "envelope_wrong_recipient")
env_case("kek: another KEK → tag_mismatch", "envelope_open_kek", t_kek, ("kek", det("kek-2", 16), KEK_ID), "tag_mismatch")
env_case("kek: a 15-byte KEK → key_length", "envelope_open_kek", t_kek, ("kek", KEK[:15], KEK_ID), "key_length")
env_case("kek: opened with an SM2 key → envelope_wrong_recipient", "envelope_open", t_kek, SM2_, "envelope_wrong_recipient")
env_case("kek: recipient relabelled and opened under that id → tag_mismatch (the wrap binds the id)", "envelope_open_kek",
         edited(e_kek, recipient="kms:dept/2"), ("kek", KEK, "kms:dept/2"), "tag_mismatch")
wk_kek = base64.b64decode(e_kek["wrapped_key"])
for index, what in ((0, "nonce"), (12, "wrapped data key"), (len(wk_kek) - 1, "wrap tag")):
    env_case(f"kek: wrapped_key {what} byte flipped → tag_mismatch", "envelope_open_kek",
             edited(e_kek, wrapped_key=flip(e_kek["wrapped_key"], index)), KEK_, "tag_mismatch")
env_case("kek: the same data key wrapped with another nonce → tag_mismatch (the header binds the wrap)",
         "envelope_open_kek", edited(e_kek, wrapped_key=b64(kek_wrap(KEK, KEK_ID, dk_kek, "kek/rows/again"))), KEK_,
         "tag_mismatch")
env_case("kek: wrapped_key of 43 bytes → ciphertext_malformed", "envelope_open_kek",
         edited(e_kek, wrapped_key=b64(wk_kek[:43])), KEK_, "ciphertext_malformed")
env_case("kek: about altered → tag_mismatch", "envelope_open_kek", edited(e_kek, about="grant-7/page-1"), KEK_,
         "tag_mismatch")
env_case("kek: ciphertext byte flipped → tag_mismatch", "envelope_open_kek",
         edited(e_kek, ciphertext=flip(e_kek["ciphertext"], 3, 0x80)), KEK_, "tag_mismatch")

# ------------------------------------------------- external decryptor
env_case("finish: SM2 envelope with the data key a device unwrapped", "envelope_finish", t_rows, ("data", dk_rows), "ok")
env_case("finish: KEK envelope with its data key", "envelope_finish", t_kek, ("data", dk_kek), "ok")
env_case("finish: empty plaintext", "envelope_finish", compact(e_empty), ("data", dk_empty), "ok")
env_case("finish: expected matches", "envelope_finish", t_rows, ("data", dk_rows), "ok", expected={"to": CTX["to"]})
env_case("finish: expected differs → envelope_context_mismatch", "envelope_finish", t_rows, ("data", dk_rows),
         "envelope_context_mismatch", expected={"from": "x"})
env_case("finish: another data key → tag_mismatch", "envelope_finish", t_rows, ("data", dk_kek), "tag_mismatch")
env_case("finish: a 15-byte data key → key_length", "envelope_finish", t_rows, ("data", dk_rows[:15]), "key_length")
env_case("finish: recipient altered (finish checks no recipient; the tag does) → tag_mismatch", "envelope_finish",
         edited(e_rows, recipient=thumbprint(D2)), ("data", dk_rows), "tag_mismatch")
env_case("finish: created altered → tag_mismatch", "envelope_finish", edited(e_rows, created=1764899999),
         ("data", dk_rows), "tag_mismatch")

# ================================================================= bodies
SENDER = key_for("sender")
SM4_BODY = det("body-sm4", 16)
BODY_IV = det("body-iv", 16)
BODY_PT = '{"sfzh":"110101199003074477","xm":"张三"}'.encode()
TS = 1764900000000


def body_profile(mode, content, encoding, upper, version="2.0.1"):
    return {
        "mode": mode, "iv_hex": BODY_IV.hex() if mode == "cbc" else "", "signed_content": content,
        "signature_encoding": encoding, "uppercase_hex": upper, "version": version,
    }


def body_hex(profile, b):
    return b.hex().upper() if profile["uppercase_hex"] else b.hex()


def body_signed(profile, wire, plaintext):
    if profile["signed_content"] == "plaintext":
        return plaintext
    if profile["signed_content"] == "enc_data":
        return wire["encData"].encode()
    return jcs({k: v for k, v in wire.items() if k != "signData"}).encode()


def seal_body(profile, plaintext, label, app_code="app-1", ts=TS, signer=SENDER):
    iv = bytes.fromhex(profile["iv_hex"])
    wire = {"appCode": app_code, "encType": "SM4", "signType": "SM2",
            "encData": body_hex(profile, sm4_block(profile["mode"], SM4_BODY, iv, pkcs7(plaintext)))}
    sig = sm2_sign(signer, body_signed(profile, {**wire, "timestamp": ts, "version": profile["version"]}, plaintext),
                   label)
    if profile["signature_encoding"] == "der":
        sig = der(0x30, der_uint(sig[:32]) + der_uint(sig[32:]))
    wire["signData"] = body_hex(profile, sig)
    wire["timestamp"] = ts
    wire["version"] = profile["version"]
    return wire


body_cases = []


def body_case(name, profile, text, want, sender=SENDER, sm4_key=SM4_BODY):
    c = {"name": name, "op": "body_open", "profile": profile, "body": text, "sm4_key_hex": sm4_key.hex()}
    c.update(sm2_fields(sender, private=False))
    if want == "ok":
        c["expect"] = {"plaintext_hex": BODY_PT.hex()}
    else:
        c["expect_error"] = want
    body_cases.append(c)


def body_verifies(profile, wire, sender=SENDER):
    """The SM2 verdict over what the profile signs, by gmssl."""
    sig = bytes.fromhex(wire["signData"])
    if profile["signature_encoding"] == "der":
        assert sig[0] == 0x30
        r_len = sig[3]
        r = int.from_bytes(sig[4:4 + r_len], "big")
        s = int.from_bytes(sig[6 + r_len:], "big")
        sig = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    return bool(gm(sender).verify_with_sm3(sig.hex(), body_signed(profile, wire, BODY_PT)))


i = 0
bodies = {}
for mode in ("ecb", "cbc"):
    for content in ("plaintext", "enc_data", "fields"):
        for encoding in ("raw", "der"):
            upper = i % 2 == 0
            p = body_profile(mode, content, encoding, upper)
            w = seal_body(p, BODY_PT, f"body/{mode}/{content}/{encoding}")
            assert body_verifies(p, w)
            bodies[(mode, content, encoding)] = (p, w)
            body_case(f"body: {mode}, signs {content}, {encoding} signature, {'upper' if upper else 'lower'}case hex, opens",
                      p, compact(w), "ok")
            i += 1
# Hex case is the writer's choice: reading accepts either.
p, w = bodies[("cbc", "enc_data", "raw")]
flipped_case = {**w, "encData": w["encData"].swapcase(), "signData": w["signData"].swapcase()}
p2 = {**p, "uppercase_hex": not p["uppercase_hex"]}
# enc_data signs the encData text as sent, so only signData may change case freely.
body_case("body: signData in the other hex case, opens (reading accepts either)", p,
          compact({**w, "signData": w["signData"].swapcase()}), "ok")
assert not body_verifies(p, flipped_case)
body_case("body: enc_data profile, encData in the other hex case → signature_invalid (the text is what is signed)", p,
          compact(flipped_case), "signature_invalid")
for content in ("plaintext", "enc_data", "fields"):
    p, w = bodies[("cbc", content, "der")]
    tampered = {**w, "timestamp": TS + 1}
    verdict = body_verifies(p, tampered)
    assert verdict == (content != "fields")
    body_case(f"body: timestamp altered, signs {content} → " + ("opens (the timestamp is not signed)" if verdict
              else "signature_invalid"), p, compact(tampered), "ok" if verdict else "signature_invalid")
    tampered = {**w, "appCode": "app-2"}
    verdict = body_verifies(p, tampered)
    assert verdict == (content != "fields")
    body_case(f"body: appCode altered, signs {content} → " + ("opens" if verdict else "signature_invalid"), p,
              compact(tampered), "ok" if verdict else "signature_invalid")
p, w = bodies[("ecb", "fields", "raw")]
OTHER = key_for("other-sender")
assert not body_verifies(p, w, OTHER)
body_case("body: another sender key → signature_invalid", p, compact(w), "signature_invalid", sender=OTHER)
body_case("body: encType AES → invalid_value", p, compact({**w, "encType": "AES"}), "invalid_value")
body_case("body: signType RSA → invalid_value", p, compact({**w, "signType": "RSA"}), "invalid_value")
body_case("body: version differs from the profile's → invalid_value", {**p, "version": "3.0"}, compact(w), "invalid_value")
body_case("body: an unknown member → invalid_value", p, compact({**w, "sign": "x"}), "invalid_value")
body_case("body: signData missing → invalid_value", p, compact({k: v for k, v in w.items() if k != "signData"}),
          "invalid_value")
body_case("body: encData not hex → invalid_value", p, compact({**w, "encData": "zz" + w["encData"][2:]}), "invalid_value")
body_case("body: a DER signature read as raw → signature_invalid", p,
          compact(bodies[("ecb", "fields", "der")][1]), "signature_invalid")
p_der, w_raw = bodies[("ecb", "fields", "der")][0], bodies[("ecb", "fields", "raw")][1]
body_case("body: a raw signature read as DER → signature_invalid", p_der, compact(w_raw), "signature_invalid")
p, w = bodies[("cbc", "enc_data", "der")]
body_case("body: encData byte altered, signs enc_data → signature_invalid", p,
          compact({**w, "encData": ("0" if w["encData"][0] != "0" else "1") + w["encData"][1:]}), "signature_invalid")
p, w = bodies[("cbc", "plaintext", "raw")]
# Another SM4 key decrypts to garbage whose PKCS#7 padding fails (checked
# here) before the signature over the plaintext can be.
wrong_key = det("body-sm4-wrong", 16)
garbage = sm4_block("cbc", wrong_key, BODY_IV, bytes.fromhex(w["encData"]), decrypt=True)
assert not (1 <= garbage[-1] <= 16 and garbage.endswith(bytes([garbage[-1]]) * garbage[-1]))
body_case("body: another SM4 key, signs plaintext → bad_padding", p, compact(w), "bad_padding", sm4_key=wrong_key)
body_case("body: mode gcm → invalid_argument", {**p, "mode": "gcm", "iv_hex": det("gcm", 12).hex()}, compact(w),
          "invalid_argument")

# ================================================================== stores
GENESIS = "0" * 64
STORE_AAD = b"govshare-store/1\n"
HEADER_FIELDS = {
    "seq": ("u64", True), "prev": ("str", True), "govshare_store": ("u32", True), "grant": ("str", True),
    "resource": ("str", True), "cipher": ("str", True), "created": ("i64", True), "key": ("key?", False),
    "disposed": ("str?", False),
}
KEY_FIELDS = {"key_id": ("str", True), "wrap": ("str", True), "recipient": ("str", True), "wrapped_key": ("str", True)}
CHUNK_FIELDS = {
    "seq": ("u64", True), "prev": ("str", True), "page": ("u64", True), "chunk": ("u32", True), "last": ("bool", True),
    "manifest_digest": ("str", True), "iv": ("str", True), "data": ("str", True),
}
DIGEST_A = "sha256:" + hashlib.sha256(b"manifest of page 0").hexdigest()
DIGEST_B = "sm3:" + hashlib.sha256(b"manifest of page 1").hexdigest()


def chunk_aad(header, key_id, c):
    return STORE_AAD + jcs({
        "grant": header["grant"], "resource": header["resource"], "key_id": key_id, "page": c["page"],
        "chunk": c["chunk"], "last": c["last"], "manifest_digest": c["manifest_digest"],
    }).encode()


def line_text(record):
    return compact(record) + "\n"


def chain(records):
    """Sets seq (when absent) and prev of every record; the store's text."""
    out, prev = [], GENESIS
    for seq, r in enumerate(records):
        r = dict(r)
        r.setdefault("seq", seq)
        r["prev"] = prev
        r = {k: r[k] for k in (["seq", "prev"] + [k for k in r if k not in ("seq", "prev")])}
        text = line_text(r)
        prev = hashlib.sha256(text.encode()).hexdigest()
        out.append(text)
    return "".join(out)


def new_store(label, grant, resource, pages, d=None, kek=None, kek_id=None, created=1764900000):
    """pages: [(page, manifest digest, [chunk bytes], last flag of the final chunk)]."""
    data_key = det(label + "/data-key", 16)
    key_id = det(label + "/key-id", 16).hex()
    if d is not None:
        slot = {"key_id": key_id, "wrap": "sm2", "recipient": thumbprint(d),
                "wrapped_key": b64(sm2_wrap(d, data_key, label + "/k"))}
    else:
        slot = {"key_id": key_id, "wrap": "sm4-gcm-kek", "recipient": kek_id,
                "wrapped_key": b64(kek_wrap(kek, kek_id, data_key, label))}
    header = {"seq": 0, "prev": GENESIS, "govshare_store": 1, "grant": grant, "resource": resource,
              "cipher": "sm4-gcm", "created": created, "key": slot}
    records = [header]
    for page, digest, chunks, finished in pages:
        for i, data in enumerate(chunks):
            c = {"page": page, "chunk": i, "last": finished and i == len(chunks) - 1, "manifest_digest": digest}
            iv = det(f"{label}/iv/{page}/{i}", 12)
            c["iv"] = b64(iv)
            c["data"] = b64(gcm_seal(data_key, iv, data, chunk_aad(header, key_id, c)))
            records.append(c)
    return records, data_key


def ref_verify_store(text):
    """verify_store by the format's rules: the summary, plus what reading needs."""
    raw = text.encode()
    lines, start = [], 0
    while start < len(raw):
        i = raw.find(b"\n", start)
        if i < 0:
            break
        lines.append(raw[start:i + 1])
        start = i + 1
    torn, intact = start < len(raw), start
    if not lines:
        raise Refused("store_corrupt")

    def record(line, fields):
        try:
            obj = strict_object(line.decode(), "store_corrupt")
            check_shape(obj, fields, "store_corrupt")
        except (Refused, UnicodeDecodeError):
            raise Refused("store_corrupt")
        return obj

    header = record(lines[0], HEADER_FIELDS)
    if header.get("key") is not None:
        check_shape(header["key"], KEY_FIELDS, "store_corrupt")
        if header["key"]["wrap"] not in ("sm2", "sm4-gcm-kek"):
            raise Refused("store_corrupt")
    if header.get("disposed") not in (None, "delete", "return", "seal", "other"):
        raise Refused("store_corrupt")
    if header["govshare_store"] != 1 or header["cipher"] != "sm4-gcm":
        raise Refused("unsupported_format")
    if header["seq"] != 0 or header["prev"] != GENESIS:
        raise Refused("store_corrupt")
    if not party_ok(header["grant"]) or not party_ok(header["resource"]):
        raise Refused("store_corrupt")
    head = hashlib.sha256(lines[0]).hexdigest()
    chunks = []
    for seq, line in enumerate(lines[1:], start=1):
        c = record(line, CHUNK_FIELDS)
        if c["seq"] != seq or c["prev"] != head:
            raise Refused("store_corrupt")
        algo, _, h = c["manifest_digest"].partition(":")
        if algo not in ("sha256", "sm3") or len(h) != 64 or any(ch not in "0123456789abcdef" for ch in h):
            raise Refused("store_corrupt")
        head = hashlib.sha256(line).hexdigest()
        chunks.append(c)
    if header.get("key") is None and chunks:
        raise Refused("store_corrupt")
    pages, order, open_page = {}, [], None
    for i, c in enumerate(chunks):
        p = pages.get(c["page"])
        if p is None:
            if c["chunk"] != 0 or (open_page is not None and not pages[open_page]["complete"]):
                raise Refused("store_corrupt")
            pages[c["page"]] = {"page": c["page"], "chunks": 1, "manifest_digest": c["manifest_digest"],
                                "complete": c["last"], "_lines": [i]}
            open_page = c["page"]
        else:
            if open_page != c["page"] or p["complete"] or c["chunk"] != p["chunks"] \
                    or c["manifest_digest"] != p["manifest_digest"]:
                raise Refused("store_corrupt")
            p["chunks"] += 1
            p["complete"] = c["last"]
            p["_lines"].append(i)
    key = header.get("key")
    summary = {
        "version": header["govshare_store"], "grant": header["grant"], "resource": header["resource"],
        "created": header["created"],
        "key": None if key is None else {"key_id": key["key_id"], "wrap": key["wrap"], "recipient": key["recipient"]},
        "disposed": header.get("disposed"),
        "pages": [{k: v for k, v in pages[n].items() if k != "_lines"} for n in sorted(pages)],
        "records": len(lines), "digest": "sha256:" + head, "torn_tail": torn, "intact_len": intact,
    }
    return summary, header, chunks, pages


def ref_read_page(text, unlock, page):
    _, header, chunks, pages = ref_verify_store(text)
    slot = header.get("key")
    if slot is None:
        raise Refused("store_key_destroyed")
    wrapped = b64_strict(slot["wrapped_key"])
    if wrapped is None:
        raise Refused("store_corrupt")
    kind = unlock[0]
    if kind == "data":
        data_key = unlock[1]
    elif kind == "sm2" and slot["wrap"] == "sm2":
        if thumbprint(unlock[1]) != slot["recipient"]:
            raise Refused("envelope_wrong_recipient")
        data_key, err = sm2_unwrap(unlock[1], wrapped)
        if err:
            raise Refused(err)
    elif kind == "kek" and slot["wrap"] == "sm4-gcm-kek":
        kek, kek_id = unlock[1], unlock[2]
        if kek_id != slot["recipient"]:
            raise Refused("envelope_wrong_recipient")
        if len(kek) != 16:
            raise Refused("key_length")
        if len(wrapped) != 44:
            raise Refused("ciphertext_malformed")
        data_key, err = gcm_open(kek, wrapped[:12], wrapped[12:], (KEK_WRAP_AAD + kek_id).encode())
        if err:
            raise Refused(err)
    else:
        raise Refused("envelope_wrong_recipient")
    if len(data_key) != 16:
        raise Refused("key_length")
    p = pages.get(page)
    if p is None or not p["complete"]:
        raise Refused("store_page_unavailable")
    out = b""
    for i in p["_lines"]:
        c = chunks[i]
        iv, data = b64_strict(c["iv"]), b64_strict(c["data"])
        if iv is None or data is None:
            raise Refused("store_corrupt")
        plain, err = gcm_open(data_key, iv, data, chunk_aad(header, slot["key_id"], c))
        if err:
            raise Refused(err)
        out += plain
    return {"plaintext_hex": out.hex()}


store_cases = []


def verify_case(name, text, want):
    c = {"name": name, "op": "store_verify", "store": text}
    try:
        c["expect"] = ref_verify_store(text)[0]
        got = "ok"
    except Refused as e:
        c["expect_error"] = got = e.code
    assert got == want, f"{name}: this script's reader says {got}, the case means {want}"
    store_cases.append(c)


def read_case(name, text, unlock, page, want):
    c = {"name": name, "op": "store_read", "store": text}
    if unlock[0] == "sm2":
        c.update(sm2_fields(unlock[1]))
    elif unlock[0] == "kek":
        c.update({"kek_hex": unlock[1].hex(), "kek_id": unlock[2]})
    else:
        c["data_key_hex"] = unlock[1].hex()
    c["page"] = page
    try:
        c["expect"] = ref_read_page(text, unlock, page)
        got = "ok"
    except Refused as e:
        c["expect_error"] = got = e.code
    assert got == want, f"{name}: this script's reader says {got}, the case means {want}"
    store_cases.append(c)


def split_lines(text):
    return text.splitlines(keepends=True)


def rechain_text(lines):
    """Recomputes every prev after line 0: what an insider editing the file does."""
    return chain([json.loads(l) for l in lines])


PAGE0 = '{"name":"张*","id":"1101**********4477"}'.encode()
PAGE2 = [det("page2/0", 100), det("page2/1", 100), det("page2/2", 37)]
S1_PAGES = [(0, DIGEST_A, [PAGE0], True), (1, DIGEST_B, [b""], True), (2, DIGEST_A, PAGE2, True),
            (5, DIGEST_B, [b"page five"], True)]
s1_records, s1_key = new_store("s1", "申请-2026-0007", "RES-1", S1_PAGES, d=D1)
S1 = chain(s1_records)
s1 = split_lines(S1)
s2_records, s2_key = new_store("s2", "app-2", "RES-2", [(0, DIGEST_A, [b"rows"], True)], kek=KEK, kek_id=KEK_ID,
                               created=0)
S2 = chain(s2_records)
s3_records, _ = new_store("s3", "app-3", "RES-1", [(0, DIGEST_A, [b"done"], True), (1, DIGEST_A, [b"a", b"b"], False)],
                          d=D1)
S3 = chain(s3_records)
deleted_header = {**s1_records[0], "key": None, "disposed": "delete"}
DELETED = chain([deleted_header])
HEADER_ONLY = chain(s1_records[:1])
KEK2_ = ("kek", KEK, KEK_ID)

verify_case("verify: four pages (one empty, one of three chunks), SM2 key", S1, "ok")
verify_case("verify: one page, KEK key, created 0", S2, "ok")
verify_case("verify: a header alone (no page yet)", HEADER_ONLY, "ok")
verify_case("verify: an unfinished last page is reported incomplete", S3, "ok")
verify_case("verify: disposed of by deletion (key null, disposed delete)", DELETED, "ok")
verify_case("verify: torn tail (last line cut in the middle) is reported, not read", S1[:-40], "ok")
verify_case("verify: torn tail (last line without its line end)", S1[:-1], "ok")
verify_case("verify: a prefix of whole lines is a valid store, its last page incomplete",
            "".join(s1[:4]), "ok")
for what, lines in (
    ("line 2 dropped", s1[:2] + s1[3:]),
    ("line 2 duplicated", s1[:3] + s1[2:]),
    ("lines 3 and 4 swapped", s1[:3] + [s1[4], s1[3]] + s1[5:]),
    ("header not first (lines 0 and 1 swapped)", [s1[1], s1[0]] + s1[2:]),
    ("the last line replaced by another store's chunk", s1[:-1] + [split_lines(S3)[1]]),
):
    verify_case(f"verify: {what} → store_corrupt", "".join(lines), "store_corrupt")
line3 = json.loads(s1[3])
verify_case("verify: prev of line 3 altered → store_corrupt",
            "".join(s1[:3] + [line_text({**line3, "prev": line3["prev"][:-1] + ("0" if line3["prev"][-1] != "0" else "1")})]
                    + s1[4:]), "store_corrupt")
verify_case("verify: seq of line 3 altered → store_corrupt",
            "".join(s1[:3] + [line_text({**line3, "seq": 4})] + s1[4:]), "store_corrupt")
verify_case("verify: a byte of line 2's data altered (line 3's prev no longer matches) → store_corrupt",
            "".join(s1[:2] + [line_text({**json.loads(s1[2]), "data": flip(json.loads(s1[2])["data"], 0)})] + s1[3:]),
            "store_corrupt")
verify_case("verify: an unknown member in a chunk (rechained) → store_corrupt",
            rechain_text(s1[:2] + [compact({**json.loads(s1[2]), "note": "x"})] + s1[3:]), "store_corrupt")
verify_case("verify: an unknown member in the header (rechained) → store_corrupt",
            rechain_text([compact({**json.loads(s1[0]), "note": "x"})] + s1[1:]), "store_corrupt")
verify_case("verify: a duplicated member in the header → store_corrupt",
            s1[0].replace('"cipher":', '"cipher":"sm4-gcm","cipher":', 1), "store_corrupt")
verify_case("verify: govshare_store 2 → unsupported_format",
            rechain_text([compact({**json.loads(s1[0]), "govshare_store": 2})] + s1[1:]), "unsupported_format")
verify_case("verify: cipher sm4-cbc → unsupported_format",
            rechain_text([compact({**json.loads(s1[0]), "cipher": "sm4-cbc"})] + s1[1:]), "unsupported_format")
verify_case("verify: header prev not 64 zeros → store_corrupt",
            line_text({**json.loads(s1[0]), "prev": "1" * 64}), "store_corrupt")
verify_case("verify: header seq 1 → store_corrupt", line_text({**json.loads(s1[0]), "seq": 1}), "store_corrupt")
verify_case("verify: empty → store_corrupt", "", "store_corrupt")
verify_case("verify: a lone line end → store_corrupt", "\n", "store_corrupt")
verify_case("verify: a deleted store that still holds a chunk → store_corrupt", rechain_text([DELETED] + s1[1:2]),
            "store_corrupt")
verify_case("verify: manifest_digest in uppercase hex (rechained) → store_corrupt",
            rechain_text(s1[:1] + [compact({**json.loads(s1[1]), "manifest_digest": DIGEST_A.upper()})]),
            "store_corrupt")
verify_case("verify: a page starting at chunk 1 (rechained) → store_corrupt",
            rechain_text(s1[:1] + [compact({**json.loads(s1[1]), "chunk": 1})]), "store_corrupt")
verify_case("verify: a page written twice (rechained) → store_corrupt", rechain_text(s1[:2] + s1[1:2]), "store_corrupt")
verify_case("verify: a chunk of another manifest inside a page (rechained) → store_corrupt",
            rechain_text(s1[:4] + [compact({**json.loads(s1[4]), "manifest_digest": DIGEST_B})] + s1[5:]),
            "store_corrupt")
verify_case("verify: a page begun before the one before it ended (rechained) → store_corrupt",
            rechain_text(s1[:4] + s1[6:]), "store_corrupt")

S1_ = ("sm2", D1)
for page, what in ((0, "one chunk, non-ASCII"), (1, "empty"), (2, "three chunks"), (5, "after a gap in the page numbers")):
    read_case(f"read: page {page} ({what}) with the SM2 key", S1, S1_, page, "ok")
read_case("read: page 0 with the data key a device unwrapped", S1, ("data", s1_key), 0, "ok")
read_case("read: page 0 of the KEK store", S2, KEK2_, 0, "ok")
read_case("read: a page not in the store → store_page_unavailable", S1, S1_, 3, "store_page_unavailable")
read_case("read: the complete page of a store whose last page is unfinished", S3, S1_, 0, "ok")
read_case("read: an unfinished page → store_page_unavailable", S3, S1_, 1, "store_page_unavailable")
read_case("read: torn tail: the pages before it read", S1[:-40], S1_, 2, "ok")
read_case("read: torn tail: the page it cut → store_page_unavailable", S1[:-40], S1_, 5, "store_page_unavailable")
read_case("read: another SM2 key → envelope_wrong_recipient", S1, ("sm2", D2), 0, "envelope_wrong_recipient")
read_case("read: a KEK for an SM2 store → envelope_wrong_recipient", S1, KEK2_, 0, "envelope_wrong_recipient")
read_case("read: an SM2 key for a KEK store → envelope_wrong_recipient", S2, S1_, 0, "envelope_wrong_recipient")
read_case("read: another KEK id → envelope_wrong_recipient", S2, ("kek", KEK, "kms:dept/2"), 0, "envelope_wrong_recipient")
read_case("read: another KEK → tag_mismatch", S2, ("kek", det("kek-2", 16), KEK_ID), 0, "tag_mismatch")
read_case("read: another data key → tag_mismatch", S1, ("data", s2_key), 0, "tag_mismatch")
read_case("read: disposed of by deletion → store_key_destroyed", DELETED, S1_, 0, "store_key_destroyed")
read_case("read: a chunk re-chained under another page index → tag_mismatch",
          rechain_text(s1[:1] + [compact({**json.loads(s1[1]), "page": 7})]), S1_, 7, "tag_mismatch")
read_case("read: the grant relabelled (rechained) → tag_mismatch",
          rechain_text([compact({**json.loads(s1[0]), "grant": "申请-2026-0008"})] + s1[1:2]), S1_, 0, "tag_mismatch")
read_case("read: key_id relabelled (rechained) → tag_mismatch",
          rechain_text([compact({**json.loads(s1[0]), "key": {**json.loads(s1[0])["key"], "key_id": "0" * 32}})] + s1[1:2]),
          S1_, 0, "tag_mismatch")
read_case("read: a manifest digest swapped (rechained) → tag_mismatch",
          rechain_text(s1[:1] + [compact({**json.loads(s1[1]), "manifest_digest": DIGEST_B})]), S1_, 0, "tag_mismatch")
read_case("read: a page's last chunk dropped and the one before marked last (rechained) → tag_mismatch",
          rechain_text(s1[:4] + [compact({**json.loads(s1[4]), "last": True})]), S1_, 2, "tag_mismatch")
last = json.loads(s1[-1])
read_case("read: the last line's data altered (no prev covers it) → tag_mismatch",
          "".join(s1[:-1]) + line_text({**last, "data": flip(last["data"], 0)}), S1_, 5, "tag_mismatch")
read_case("read: the last line's iv altered → tag_mismatch",
          "".join(s1[:-1]) + line_text({**last, "iv": b64(det("another iv", 12))}), S1_, 5, "tag_mismatch")
read_case("read: the last line's iv not canonical base64 → store_corrupt",
          "".join(s1[:-1]) + line_text({**last, "iv": last["iv"].replace("=", "") + "!"}), S1_, 5, "store_corrupt")
if last["data"].endswith("="):
    read_case("read: the last line's data without its base64 padding → store_corrupt",
              "".join(s1[:-1]) + line_text({**last, "data": last["data"].rstrip("=")}), S1_, 5, "store_corrupt")
hdr = json.loads(s1[0])
wk_store = base64.b64decode(hdr["key"]["wrapped_key"])
read_case("read: the wrapped key's C3 altered (rechained) → decryption_failed",
          rechain_text([compact({**hdr, "key": {**hdr["key"], "wrapped_key": flip(hdr["key"]["wrapped_key"], 70)}})]
                       + s1[1:2]), S1_, 0, "decryption_failed")
read_case("read: the wrapped key in base64url (rechained) → store_corrupt",
          rechain_text([compact({**hdr, "key": {**hdr["key"], "wrapped_key": b64(b"\xfb\xff" + wk_store[2:]).replace("+", "-").replace("/", "_")}})]
                       + s1[1:2]), S1_, 0, "store_corrupt")

for cases in (envelope_cases, body_cases, store_cases):
    names = [c["name"] for c in cases]
    assert len(names) == len(set(names)), "case names are unique"

COMMON = (
    "expect_error is the error code. Keys as in sm2.json: key_algorithm, key_hex (raw: the 32-byte d when "
    "key_private, the 65-byte SEC1 point otherwise), key_private; a KEK is kek_hex + kek_id; a data key a "
    "device unwrapped is data_key_hex."
)
envelope_doc = {
    "description": "Digital envelopes (govshare_envelope 1, core/src/crypto/envelope.rs) and the de-facto signed-and-"
                   "encrypted body (core/src/crypto/body_envelope.rs). Ops: envelope_open (envelope text, SM2 key, "
                   "expected? → expect {info, plaintext_hex}), envelope_open_kek (envelope, kek_hex, kek_id, expected? → "
                   "{info, plaintext_hex}), envelope_finish (EnvelopeOpening.parse, expect(expected) when given, "
                   "finish(data_key_hex) → {info, wrapped_key_hex, plaintext_hex}), body_open (profile, body text, "
                   "sm4_key_hex, the sender's public SM2 key → {plaintext_hex}). info is {wrap, recipient, context: "
                   "{from, to, about, created}}. " + COMMON,
    "source": "Computed by make_envelope_vectors.py with PyPI gmssl (SM2 encryption and signatures, fixed k) and "
              "cryptography (SM4-GCM/ECB/CBC), hashlib SHA-256 and its own RFC 8785 writer, not by govshare.",
    "cases": envelope_cases + body_cases,
}
store_doc = {
    "description": "The sealed store (govshare_store 1, core/src/store.rs). Ops: store_verify (store text → expect the "
                   "summary {version, grant, resource, created, key: {key_id, wrap, recipient} | null, disposed, pages: "
                   "[{page, chunks, manifest_digest, complete}], records, digest, torn_tail, intact_len}), store_read "
                   "(store text, a key, page → {plaintext_hex}: StoreReader.open then readPage). " + COMMON,
    "source": "Computed by make_envelope_vectors.py with PyPI gmssl (SM2, fixed k) and cryptography (SM4-GCM), "
              "hashlib SHA-256 and its own RFC 8785 writer, not by govshare.",
    "cases": store_cases,
}
for name, doc in (("envelope.json", envelope_doc), ("store.json", store_doc)):
    with open(OUT + name, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")
