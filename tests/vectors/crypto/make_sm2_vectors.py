#!/usr/bin/env python3
"""Writes tests/vectors/crypto/sm2.json: SM2 public-key encryption
(GB/T 32918.4-2016) in the ciphertext forms C1C3C2, C1C2C3 (each with and
without the 04 point prefix) and ASN.1 DER (issue #13).

Encryption is randomized, so the vectors are decryption cases: every
ciphertext is made here by PyPI `gmssl` (an implementation independent of
govshare), with its random `k` replaced by one derived from a fixed label so
the file is the same on every run. gmssl writes C1 as x ‖ y without the 04
prefix, in C1C3C2 (mode=1) or C1C2C3 (mode=0); the prefixed forms add 04,
and the ASN.1 form (GM/T 0009 / GB/T 35276: SEQUENCE { x INTEGER, y INTEGER,
C3 OCTET STRING, C2 OCTET STRING }) is built by this script from gmssl's
parts. Conversion cases are layouts computed here. Refusals are the error
codes of docs/crypto.md; this script decides each from the bytes (is C1 on
the curve, is the structure whole), and gmssl's primitives confirm that
every tampered C2/C3 and every wrong key fails the C3 check (gmssl's own
decrypt() does not check C3: it returns garbage for a tampered ciphertext).

The published example is GB/T 32918.5-2017 / GM/T 0003.5-2012 Annex C on
the recommended curve (d = 3945208F…, k = 59276E27…, message "encryption
standard"); its C1, C3 and C2 (as OpenSSL's test/sm2_internal_test.c
serializes them in ASN.1) are checked against gmssl before writing.

Run from the repository root: python3 tests/vectors/crypto/make_sm2_vectors.py
(--out DIR writes the file into DIR instead; scripts/check_vectors_generated.py
uses it). Needs `gmssl` (python/requirements-dev.txt; scripts/bootstrap.sh
installs it into .venv).
"""
import argparse
import hashlib
import json
import os

import gmssl.func
from gmssl import sm2, sm3

_args = argparse.ArgumentParser(description="Writes the SM2 encryption vectors.")
_args.add_argument("--out", metavar="DIR", default="tests/vectors/crypto", help="where to write (default: %(default)s)")
OUT = os.path.join(_args.parse_args().out, "")

P = int(sm2.default_ecc_table["p"], 16)
N = int(sm2.default_ecc_table["n"], 16)
A = int(sm2.default_ecc_table["a"], 16)
B = int(sm2.default_ecc_table["b"], 16)


def det(label, n):
    out = b""
    i = 0
    while len(out) < n:
        out += hashlib.sha256(f"sm2/{label}/{i}".encode()).digest()
        i += 1
    return out[:n]


def scalar(label):
    return int.from_bytes(det(label, 32), "big") % (N - 2) + 1


def on_curve(xy):
    """x ‖ y (64 bytes) is a point of sm2p256v1 (coordinates below p)."""
    x, y = int.from_bytes(xy[:32], "big"), int.from_bytes(xy[32:], "big")
    return x < P and y < P and (y * y - (x * x * x + A * x + B)) % P == 0


def public_of(d):
    c = sm2.CryptSM2(private_key="%064x" % d, public_key="00" * 64)
    return bytes.fromhex(c._kg(d, sm2.default_ecc_table["g"]))


def gm(d, mode):
    pub = public_of(d).hex()
    # gmssl's constructor strips *every* leading '0' and '4' of a key that
    # starts with "04" (str.lstrip); keys here never start so.
    assert not pub.startswith("04")
    return sm2.CryptSM2(private_key="%064x" % d, public_key=pub, mode=mode)


def gm_encrypt(d, mode, data, k):
    real = gmssl.func.random_hex
    gmssl.func.random_hex = lambda n: "%064x" % k
    try:
        return gm(d, mode).encrypt(data)
    finally:
        gmssl.func.random_hex = real


def gm_refuses(d, mode, raw):
    """The C3 check (GB/T 32918.4 B6) fails for an unprefixed raw ciphertext,
    computed with gmssl's primitives. gmssl 3.2.2's own decrypt() computes u
    and never compares it with C3: it returns a plaintext for any tampered
    ciphertext (docs/crypto.md)."""
    c = gm(d, mode)
    m = c.decrypt(raw)
    c1 = raw[:64].hex()
    c3 = raw[64:96] if mode else raw[-32:]
    xy = c._kg(d, c1)
    u = sm3.sm3_hash(list(bytes.fromhex(xy[:64]) + m + bytes.fromhex(xy[64:])))
    return bytes.fromhex(u) != c3


def key_for(label):
    while True:
        d = scalar(label)
        if not public_of(d).hex().startswith("04"):
            return d
        label += "+"


# ------------------------------------------------------------- forms
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


def split(raw, order):
    """gmssl's raw output (no prefix) → (C1 x‖y, C3, C2)."""
    c1, rest = raw[:64], raw[64:]
    if order == "c1c3c2":
        return c1, rest[:32], rest[32:]
    return c1, rest[-32:], rest[:-32]


def form(parts, fmt):
    c1, c3, c2 = parts
    order, prefix = fmt["order"], fmt["point_prefix"]
    if order == "asn1":
        return der(0x30, der_uint(c1[:32]) + der_uint(c1[32:]) + der(0x04, c3) + der(0x04, c2))
    head = (b"\x04" if prefix else b"") + c1
    return head + (c3 + c2 if order == "c1c3c2" else c2 + c3)


def F(order, prefix=True):
    return {"order": order, "point_prefix": prefix}


FORMATS = [F("c1c3c2"), F("c1c3c2", False), F("c1c2c3"), F("c1c2c3", False), F("asn1")]


def label(fmt):
    if fmt["order"] == "asn1":
        return "asn1"
    return fmt["order"] + ("" if fmt["point_prefix"] else " without 04")


cases = []


def decrypt_case(name, d, ct, fmt, expect, key_private=True, key_hex=None, algorithm="sm2-sm3"):
    c = {
        "name": name,
        "op": "sm2_decrypt",
        "key_algorithm": algorithm,
        "key_hex": key_hex if key_hex is not None else "%064x" % d,
        "key_private": key_private,
        "format": fmt,
        "ciphertext_hex": ct.hex(),
    }
    if isinstance(expect, str):
        c["expect_error"] = expect
    else:
        c["expect"] = {"plaintext_hex": expect.hex()}
    cases.append(c)


def convert_case(name, ct, frm, to, expect):
    c = {"name": name, "op": "sm2_convert", "ciphertext_hex": ct.hex(), "from": frm, "to": to}
    if isinstance(expect, str):
        c["expect_error"] = expect
    else:
        c["expect"] = {"ciphertext_hex": expect.hex()}
    cases.append(c)


def encrypt_case(name, key_hex, private, algorithm, data, fmt, expect):
    c = {
        "name": name,
        "op": "sm2_encrypt",
        "key_algorithm": algorithm,
        "key_hex": key_hex,
        "key_private": private,
        "format": fmt,
        "plaintext_hex": data.hex(),
    }
    if isinstance(expect, str):
        c["expect_error"] = expect
    else:
        c["expect"] = {"ciphertext_len": expect}
    cases.append(c)


# ------------------------------------------------- GB/T 32918.5 Annex C
STD_D = 0x3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8
STD_K = 0x59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21
STD_M = b"encryption standard"
STD_DER = bytes.fromhex(
    "307C022004EBFC718E8D1798620432268E77FEB6415E2EDE0E073C0F4F640ECD2E149A73"
    "022100E858F9D81E5430A57B36DAAB8F950A3C64E6EE6A63094D99283AFF767E124DF0"
    "042059983C18F809E262923C53AEC295D30383B54E39D609D160AFCB1908D0BD8766"
    "041321886CA989CA9C7D58087307CA93092D651EFA"
)
std = split(gm_encrypt(STD_D, 1, STD_M, STD_K), "c1c3c2")
assert form(std, F("asn1")) == STD_DER, "gmssl reproduces the GB/T 32918.5 encryption example"
assert split(gm_encrypt(STD_D, 0, STD_M, STD_K), "c1c2c3") == std
for fmt in FORMATS:
    decrypt_case(f"GB/T 32918.5-2017 Annex C example ('encryption standard'), {label(fmt)}", STD_D, form(std, fmt), fmt, STD_M)

# ------------------------------------------- gmssl ciphertexts, every form
D1 = key_for("key-1")
D2 = key_for("key-2")
LENGTHS = [1, 2, 15, 16, 31, 32, 33, 63, 64, 65, 100, 200]
samples = {}
for n in LENGTHS:
    data = det(f"plaintext-{n}", n)
    k = scalar(f"k-{n}")
    for mode, order in ((1, "c1c3c2"), (0, "c1c2c3")):
        raw = gm_encrypt(D1, mode, data, k)
        parts = split(raw, order)
        samples[(n, order)] = (data, parts)
        for fmt in [f for f in FORMATS if f["order"] == order] + ([F("asn1")] if order == "c1c3c2" else []):
            decrypt_case(f"gmssl {order} (mode {mode}), {n} bytes, read as {label(fmt)}", D1, form(parts, fmt), fmt, data)

# A C1 whose x has a leading zero byte (a 31-byte DER INTEGER) and one whose
# x is below 0x80 (no sign byte).
found = {}
i = 0
while len(found) < 2:
    k = scalar(f"small-x-{i}")
    data = det(f"small-x-pt-{i}", 20)
    parts = split(gm_encrypt(D1, 1, data, k), "c1c3c2")
    if parts[0][0] == 0 and "zero" not in found:
        found["zero"] = (data, parts)
    elif 0 < parts[0][0] < 0x80 and "small" not in found:
        found["small"] = (data, parts)
    i += 1
for what, (data, parts) in sorted(found.items()):
    for fmt in (F("asn1"), F("c1c3c2")):
        decrypt_case(f"C1 x with a {what} leading byte, {label(fmt)}", D1, form(parts, fmt), fmt, data)
    convert_case(f"C1 x with a {what} leading byte, c1c3c2 → asn1", form(parts, F("c1c3c2")), F("c1c3c2"), F("asn1"), form(parts, F("asn1")))
    convert_case(f"C1 x with a {what} leading byte, asn1 → c1c2c3 without 04", form(parts, F("asn1")), F("asn1"), F("c1c2c3", False), form(parts, F("c1c2c3", False)))

# ------------------------------------------------------------ conversions
data, parts = samples[(33, "c1c3c2")]
for frm in FORMATS:
    for to in FORMATS:
        convert_case(f"convert 33 bytes {label(frm)} → {label(to)}", form(parts, frm), frm, to, form(parts, to))
convert_case("convert: asn1 without the prefix option is refused (from)", form(parts, F("asn1")), F("asn1", False), F("c1c3c2"), "invalid_argument")
convert_case("convert: asn1 without the prefix option is refused (to)", form(parts, F("c1c3c2")), F("c1c3c2"), F("asn1", False), "invalid_argument")
bad_point = (b"\0" * 31 + b"\1") * 2
convert_case("convert: C1 (1, 1) is not on the curve", form((bad_point, parts[1], parts[2]), F("c1c3c2")), F("c1c3c2"), F("asn1"), "point_not_on_curve")
convert_case("convert: truncated", form(parts, F("c1c3c2"))[:97], F("c1c3c2"), F("asn1"), "ciphertext_truncated")

# ------------------------------------------------------------- refusals
data, parts = samples[(33, "c1c3c2")]
ct = form(parts, F("c1c3c2"))
raw = form(parts, F("c1c3c2", False))
for pos, what in ((1, "C1 x first byte"), (40, "C1 x middle byte"), (64, "C1 y last byte")):
    for bit in (0x01, 0x80):
        t = bytearray(ct)
        t[pos] ^= bit
        expect = "point_not_on_curve" if not on_curve(bytes(t[1:65])) else "decryption_failed"
        decrypt_case(f"tampered {what} (xor {bit:#04x})", D1, bytes(t), F("c1c3c2"), expect)
for pos in (65, 80, 96):
    t = bytearray(ct)
    t[pos] ^= 0x01
    assert gm_refuses(D1, 1, bytes(t[1:]))
    decrypt_case(f"tampered C3 byte {pos - 65}", D1, bytes(t), F("c1c3c2"), "decryption_failed")
for pos in (97, 110, len(ct) - 1):
    t = bytearray(ct)
    t[pos] ^= 0x01
    assert gm_refuses(D1, 1, bytes(t[1:]))
    decrypt_case(f"tampered C2 byte {pos - 97}", D1, bytes(t), F("c1c3c2"), "decryption_failed")
cd = form(samples[(33, "c1c2c3")][1], F("c1c2c3"))
for pos, what in ((70, "C2"), (len(cd) - 1, "C3 last")):
    t = bytearray(cd)
    t[pos] ^= 0x01
    assert gm_refuses(D1, 0, bytes(t[1:]))
    decrypt_case(f"c1c2c3 tampered {what} byte", D1, bytes(t), F("c1c2c3"), "decryption_failed")
t = bytearray(ct)
t[0] = 0x02
decrypt_case("prefix 02 (a compressed point) is not the uncompressed 04", D1, bytes(t), F("c1c3c2"), "ciphertext_malformed")
t[0] = 0x00
decrypt_case("prefix 00", D1, bytes(t), F("c1c3c2"), "ciphertext_malformed")
for n in (0, 1, 64, 96, 97):
    decrypt_case(f"truncated to {n} bytes (C1 + C3 + at least one byte of C2 is 98)", D1, ct[:n], F("c1c3c2"), "ciphertext_truncated")
for n in (0, 63, 96):
    decrypt_case(f"without 04, truncated to {n} bytes", D1, raw[:n], F("c1c3c2", False), "ciphertext_truncated")
decrypt_case("c1c2c3 truncated to C1 + C3", D1, cd[:97], F("c1c2c3"), "ciphertext_truncated")
for name, c1 in (
    ("C1 (1, 1) is not on the curve", bad_point),
    ("C1 x = p is not a field element", P.to_bytes(32, "big") + parts[0][32:]),
    ("C1 all zero (the point at infinity has no affine form)", b"\0" * 64),
):
    assert not on_curve(c1)
    for fmt in (F("c1c3c2"), F("c1c2c3", False), F("asn1")):
        decrypt_case(f"{name}, {label(fmt)}", D1, form((c1, parts[1], parts[2]), fmt), fmt, "point_not_on_curve")
# C1 = -C1 (same x, y negated) is on the curve but a different point.
neg = parts[0][:32] + (P - int.from_bytes(parts[0][32:], "big")).to_bytes(32, "big")
assert on_curve(neg)
decrypt_case("C1 replaced by its negation (on the curve, another point)", D1, form((neg, parts[1], parts[2]), F("c1c3c2")), F("c1c3c2"), "decryption_failed")

# The wrong format option.
assert on_curve(ct[:64]) is False
decrypt_case("with 04, read as without 04", D1, ct, F("c1c3c2", False), "point_not_on_curve")
decrypt_case("without 04, read as with 04", D1, raw, F("c1c3c2"), "ciphertext_malformed" if raw[0] != 4 else "point_not_on_curve")
assert gm_refuses(D1, 0, raw)
decrypt_case("c1c3c2 read as c1c2c3", D1, ct, F("c1c2c3"), "decryption_failed")
decrypt_case("c1c2c3 read as c1c3c2", D1, cd, F("c1c3c2"), "decryption_failed")
decrypt_case("c1c3c2 read as asn1", D1, ct, F("asn1"), "ciphertext_malformed")
decrypt_case("asn1 read as c1c3c2", D1, form(parts, F("asn1")), F("c1c3c2"), "ciphertext_malformed")
decrypt_case("asn1 without the prefix option is refused", D1, form(parts, F("asn1")), F("asn1", False), "invalid_argument")

# Keys.
assert gm_refuses(D2, 1, raw)
decrypt_case("another SM2 private key", D2, ct, F("c1c3c2"), "decryption_failed")
decrypt_case("a public key cannot decrypt", D1, ct, F("c1c3c2"), "public_key_only", key_private=False,
             key_hex="04" + public_of(D1).hex())
decrypt_case("an Ed25519 key is not an SM2 key", D1, ct, F("c1c3c2"), "key_algorithm_mismatch",
             key_hex=det("ed25519", 32).hex(), algorithm="ed25519")

# ASN.1 structure.
a = form(parts, F("asn1"))
x, y, c3, c2 = parts[0][:32], parts[0][32:], parts[1], parts[2]
body = der_uint(x) + der_uint(y) + der(0x04, c3) + der(0x04, c2)
for name, bad, code in (
    ("asn1 with a trailing byte", a + b"\0", "ciphertext_malformed"),
    ("asn1 cut by one byte", a[:-1], "ciphertext_truncated"),
    ("asn1 empty", b"", "ciphertext_truncated"),
    ("asn1 SET instead of SEQUENCE", b"\x31" + a[1:], "ciphertext_malformed"),
    ("asn1 with x as an OCTET STRING", der(0x30, der(0x04, x) + der_uint(y) + der(0x04, c3) + der(0x04, c2)), "ciphertext_malformed"),
    ("asn1 with C3 and C2 swapped", der(0x30, der_uint(x) + der_uint(y) + der(0x04, c2) + der(0x04, c3)), "ciphertext_malformed"),
    ("asn1 C3 of 31 bytes", der(0x30, der_uint(x) + der_uint(y) + der(0x04, c3[:31]) + der(0x04, c2)), "ciphertext_malformed"),
    ("asn1 empty C2", der(0x30, der_uint(x) + der_uint(y) + der(0x04, c3) + der(0x04, b"")), "ciphertext_truncated"),
    ("asn1 x with a needless 00 (not minimal DER)", der(0x30, der(0x02, b"\0\0" + x.lstrip(b"\0")) + der_uint(y) + der(0x04, c3) + der(0x04, c2)), "ciphertext_malformed"),
    ("asn1 a fifth field", der(0x30, body + der(0x04, b"x")), "ciphertext_malformed"),
    ("asn1 long-form length for a short SEQUENCE", b"\x30\x81" + bytes([len(body[:100])]) + body[:100], "ciphertext_malformed"),
    ("asn1 x of 33 bytes", der(0x30, der(0x02, b"\x01" + x) + der_uint(y) + der(0x04, c3) + der(0x04, c2)), "ciphertext_malformed"),
):
    decrypt_case(name, D1, bad, F("asn1"), code)

# Encryption: only lengths (the ciphertext is random) and refusals.
pub = "04" + public_of(D1).hex()
for fmt in FORMATS[:4]:
    encrypt_case(f"encrypt 33 bytes, {label(fmt)}", pub, False, "sm2-sm3", det("enc", 33), fmt,
                 (1 if fmt["point_prefix"] else 0) + 64 + 32 + 33)
encrypt_case("encrypt with the private key (to its own public key)", "%064x" % D1, True, "sm2-sm3", b"x", F("c1c3c2"), 98)
encrypt_case("encrypt an empty plaintext is refused", pub, False, "sm2-sm3", b"", F("c1c3c2"), "invalid_argument")
encrypt_case("encrypt asn1 without the prefix option is refused", pub, False, "sm2-sm3", b"x", F("asn1", False), "invalid_argument")
encrypt_case("encrypt to an Ed25519 key is refused", det("ed25519", 32).hex(), False, "ed25519", b"x", F("c1c3c2"), "key_algorithm_mismatch")

names = [c["name"] for c in cases]
assert len(names) == len(set(names)), "case names are unique"

doc = {
    "description": "SM2 public-key encryption (GB/T 32918.4-2016). Ops: sm2_decrypt (key, format, ciphertext_hex → expect.plaintext_hex), sm2_convert (ciphertext_hex, from, to → expect.ciphertext_hex), sm2_encrypt (randomized: expect.ciphertext_len only). A key is key_algorithm + key_hex (raw: the 32-byte d when key_private, the 65-byte SEC1 point otherwise); a format is {order: c1c3c2|c1c2c3|asn1, point_prefix}; expect_error is the error code.",
    "source": "GB/T 32918.5-2017 / GM/T 0003.5-2012 Annex C encryption example (as serialized in OpenSSL's test/sm2_internal_test.c); every other ciphertext made by PyPI gmssl with a fixed k, the 04 prefix and ASN.1 DER added by make_sm2_vectors.py, not by govshare.",
    "cases": cases,
}
with open(OUT + "sm2.json", "w", encoding="utf-8") as f:
    json.dump(doc, f, ensure_ascii=False, indent=1)
    f.write("\n")
