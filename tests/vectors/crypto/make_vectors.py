#!/usr/bin/env python3
"""Writes tests/vectors/crypto/sm4.json: SM4 (GB/T 32907-2016) in ECB, CBC,
CTR and GCM (issue #13).

Every expected byte is computed here with the `cryptography` package's
`algorithms.SM4` (OpenSSL's SM4), independently of govshare; PKCS#7 is
`cryptography`'s own padding module. The one published value is the GB/T
32907-2016 Appendix A example 1 (key = plaintext =
0123456789abcdeffedcba9876543210 → 681edf34d206965e86b3e94f536e4246), which
this script checks against OpenSSL before writing.

What is govshare's choice rather than the standard's is written down here:
PKCS#7 for ECB and CBC (a whole block of padding on a block-multiple
plaintext), CTR unpadded with a 128-bit big-endian counter starting at the
16-byte IV, GCM with a 12-byte nonce and the 16-byte tag appended to the
ciphertext; associated data only with GCM. Expected refusals are the error
codes of docs/crypto.md. Keys, IVs and plaintexts are derived from SHA-256
of fixed labels, so the file is the same on every run.

Run from the repository root: python3 tests/vectors/crypto/make_vectors.py
(--out DIR writes the file into DIR instead; scripts/check_vectors_generated.py
uses it to compare it with the committed one). Needs `cryptography`
(python/requirements-dev.txt; scripts/bootstrap.sh installs it into .venv).
"""
import argparse
import hashlib
import json
import os

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

_args = argparse.ArgumentParser(description="Writes the SM4 vectors.")
_args.add_argument("--out", metavar="DIR", default="tests/vectors/crypto", help="where to write (default: %(default)s)")
OUT = os.path.join(_args.parse_args().out, "")


def det(label, n):
    """n deterministic bytes from a label."""
    out = b""
    i = 0
    while len(out) < n:
        out += hashlib.sha256(f"{label}/{i}".encode()).digest()
        i += 1
    return out[:n]


# ------------------------------------------------------------ OpenSSL's SM4
def raw(mode, key, iv, data, decrypt=False):
    m = {"ecb": lambda: modes.ECB(), "cbc": lambda: modes.CBC(iv), "ctr": lambda: modes.CTR(iv)}[mode]()
    c = Cipher(algorithms.SM4(key), m)
    op = c.decryptor() if decrypt else c.encryptor()
    return op.update(data) + op.finalize()


def pkcs7(data):
    p = padding.PKCS7(128).padder()
    return p.update(data) + p.finalize()


def unpkcs7(data):
    """The unpadded bytes, or None when the padding is invalid."""
    u = padding.PKCS7(128).unpadder()
    try:
        return u.update(data) + u.finalize()
    except ValueError:
        return None


def encrypt(mode, key, iv, data, aad=b""):
    if mode in ("ecb", "cbc"):
        return raw(mode, key, iv, pkcs7(data))
    if mode == "ctr":
        return raw(mode, key, iv, data)
    e = Cipher(algorithms.SM4(key), modes.GCM(iv)).encryptor()
    e.authenticate_additional_data(aad)
    ct = e.update(data) + e.finalize()
    return ct + e.tag


def decrypt_expectation(mode, key, iv, ct, aad=b""):
    """What decryption must give, computed with OpenSSL: `{"plaintext_hex"}` or an error code."""
    if mode in ("ecb", "cbc"):
        if len(ct) == 0 or len(ct) % 16:
            return "ciphertext_truncated"
        pt = unpkcs7(raw(mode, key, iv, ct, decrypt=True))
        return "bad_padding" if pt is None else {"plaintext_hex": pt.hex()}
    if mode == "ctr":
        return {"plaintext_hex": raw(mode, key, iv, ct, decrypt=True).hex()}
    if len(ct) < 16:
        return "ciphertext_truncated"
    d = Cipher(algorithms.SM4(key), modes.GCM(iv, ct[-16:])).decryptor()
    d.authenticate_additional_data(aad)
    try:
        return {"plaintext_hex": (d.update(ct[:-16]) + d.finalize()).hex()}
    except Exception:  # cryptography.exceptions.InvalidTag
        return "tag_mismatch"


IV_LEN = {"ecb": 0, "cbc": 16, "ctr": 16, "gcm": 12}
cases = []


def case(name, op, mode, key, iv, data, aad, expect):
    c = {"name": name, "op": op, "mode": mode, "key_hex": key.hex(), "iv_hex": iv.hex()}
    if aad:
        c["aad_hex"] = aad.hex()
    c["plaintext_hex" if op == "sm4_encrypt" else "ciphertext_hex"] = data.hex()
    if isinstance(expect, str):
        c["expect_error"] = expect
    else:
        c["expect"] = expect
    cases.append(c)


def both_ways(name, mode, key, iv, pt, aad=b""):
    """An encrypt case and the decrypt case of its result; returns the ciphertext."""
    ct = encrypt(mode, key, iv, pt, aad)
    case(f"{name}: encrypt", "sm4_encrypt", mode, key, iv, pt, aad, {"ciphertext_hex": ct.hex()})
    expect = decrypt_expectation(mode, key, iv, ct, aad)
    assert expect == {"plaintext_hex": pt.hex()}, name
    case(f"{name}: decrypt", "sm4_decrypt", mode, key, iv, ct, aad, expect)
    return ct


def decrypt_case(name, mode, key, iv, ct, aad=b""):
    case(name, "sm4_decrypt", mode, key, iv, ct, aad, decrypt_expectation(mode, key, iv, ct, aad))


# ------------------------------------------------ GB/T 32907-2016 example 1
STD_KEY = bytes.fromhex("0123456789abcdeffedcba9876543210")
STD_CT = bytes.fromhex("681edf34d206965e86b3e94f536e4246")
assert raw("ecb", STD_KEY, b"", STD_KEY) == STD_CT, "OpenSSL's SM4 disagrees with GB/T 32907 example 1"
ct = both_ways("GB/T 32907-2016 example 1 (ECB, first block is the standard's ciphertext)", "ecb", STD_KEY, b"", STD_KEY)
assert ct[:16] == STD_CT
# The bare standard block decrypts to a plaintext ending in 0x10, which is not
# a valid PKCS#7 padding (it would need sixteen 0x10 bytes).
decrypt_case("GB/T 32907-2016 example 1 without its padding block is bad padding", "ecb", STD_KEY, b"", STD_CT)

# ------------------------------------------------------ positive, each mode
LENGTHS = [0, 1, 15, 16, 17, 32, 45]
for mode in ("ecb", "cbc", "ctr", "gcm"):
    key = det(f"{mode}-key", 16)
    iv = det(f"{mode}-iv", IV_LEN[mode])
    for n in LENGTHS:
        both_ways(f"{mode} {n}-byte plaintext", mode, key, iv, det(f"{mode}-pt-{n}", n))
# UTF-8 text, as a department's records are.
text = "张三,110105194912310021,示例市数据局".encode()
for mode in ("cbc", "gcm"):
    both_ways(f"{mode} UTF-8 text", mode, det(f"{mode}-key", 16), det(f"{mode}-iv", IV_LEN[mode]), text)
# GCM with associated data.
gkey, gnonce = det("gcm-key", 16), det("gcm-iv", 12)
AAD = b'{"grant":"G-2026-001","page":3}'
for n in (0, 16, 33):
    both_ways(f"gcm {n}-byte plaintext with associated data", "gcm", gkey, gnonce, det(f"gcm-aad-pt-{n}", n), AAD)
# CTR: the counter carries across 64 bits (IV ending in ff…ff).
ctr_iv = bytes.fromhex("000102030405060708ffffffffffffff")
both_ways("ctr counter carries past the low 64 bits", "ctr", det("ctr-key", 16), ctr_iv, det("ctr-carry", 40))
ctr_iv = bytes.fromhex("ffffffffffffffffffffffffffffffff")
both_ways("ctr counter wraps at 2^128", "ctr", det("ctr-key", 16), ctr_iv, det("ctr-wrap", 40))

# ------------------------------------------------------------- refusals
pt = det("neg-pt", 20)
for mode in ("ecb", "cbc", "ctr", "gcm"):
    iv = det(f"{mode}-iv", IV_LEN[mode])
    for klen in (0, 15, 17, 32):
        case(f"{mode} encrypt with a {klen}-byte key", "sm4_encrypt", mode, det("short", klen), iv, pt, b"", "key_length")
    case(f"{mode} decrypt with a 15-byte key", "sm4_decrypt", mode, det("short", 15), iv, det("ct", 32), b"", "key_length")
    for ivlen in sorted({0, 8, 12, 16, 17} - {IV_LEN[mode]}):
        key = det(f"{mode}-key", 16)
        case(f"{mode} encrypt with a {ivlen}-byte IV", "sm4_encrypt", mode, key, det("iv", ivlen), pt, b"", "iv_length")
        case(f"{mode} decrypt with a {ivlen}-byte IV", "sm4_decrypt", mode, key, det("iv", ivlen), det("ct", 32), b"", "iv_length")
    if mode != "gcm":
        key = det(f"{mode}-key", 16)
        case(f"{mode} refuses associated data (only gcm authenticates it)", "sm4_encrypt", mode, key, iv, pt, b"aad", "invalid_argument")
        case(f"{mode} decrypt refuses associated data", "sm4_decrypt", mode, key, iv, det("ct", 32), b"aad", "invalid_argument")

# Bad padding: blocks whose plaintext ends in a byte that is not PKCS#7.
for mode in ("ecb", "cbc"):
    key, iv = det(f"{mode}-key", 16), det(f"{mode}-iv", IV_LEN[mode])
    for label, last in (
        ("last byte 0x00", bytes(15) + b"\x00"),
        ("last byte 0x11 (> 16)", bytes(15) + b"\x11"),
        ("0x03 after bytes that are not 0x03", bytes(13) + b"\x03\x02\x03"),
        ("0x10 after a partial run of 0x10", b"\x00" + b"\x10" * 15),
    ):
        ct = raw(mode, key, iv, det("pad", 16) + last)
        assert decrypt_expectation(mode, key, iv, ct) == "bad_padding", label
        decrypt_case(f"{mode} bad padding: {label}", mode, key, iv, ct)
    # The wrong key almost always gives a bad padding; OpenSSL decides here.
    ct = encrypt(mode, key, iv, pt)
    decrypt_case(f"{mode} decrypt with another key", mode, det("other-key", 16), iv, ct)

# Tampered ciphertext: one bit in each block. CBC and ECB have no integrity,
# so a flip in an earlier block gives another plaintext (stated as OpenSSL
# computes it); a flip in the last block breaks the padding here.
for mode in ("ecb", "cbc", "ctr", "gcm"):
    key, iv = det(f"{mode}-key", 16), det(f"{mode}-iv", IV_LEN[mode])
    ct = encrypt(mode, key, iv, det("tamper-pt", 40), AAD if mode == "gcm" else b"")
    for pos in (0, 17, len(ct) - 1):
        t = bytearray(ct)
        t[pos] ^= 0x01
        expect = decrypt_expectation(mode, key, iv, bytes(t), AAD if mode == "gcm" else b"")
        if mode == "gcm":
            assert expect == "tag_mismatch"
        case(f"{mode} ciphertext byte {pos} of {len(ct)} flipped", "sm4_decrypt", mode, key, iv, bytes(t),
             AAD if mode == "gcm" else b"", expect)
    if mode in ("ecb", "cbc"):
        decrypt_case(f"{mode} truncated by one byte", mode, key, iv, ct[:-1])
        decrypt_case(f"{mode} truncated by one block", mode, key, iv, ct[:-16])
        decrypt_case(f"{mode} empty ciphertext", mode, key, iv, b"")
    if mode == "ctr":
        decrypt_case("ctr truncated by one byte gives the shorter plaintext (no integrity)", mode, key, iv, ct[:-1])

# GCM: tag, associated data, nonce, truncation.
ct = encrypt("gcm", gkey, gnonce, det("tamper-pt", 40), AAD)
for pos in (len(ct) - 16, len(ct) - 1):
    t = bytearray(ct)
    t[pos] ^= 0x80
    case(f"gcm tag byte {pos - (len(ct) - 16)} flipped", "sm4_decrypt", "gcm", gkey, gnonce, bytes(t), AAD, "tag_mismatch")
for label, aad in (("changed", AAD.replace(b"3", b"4")), ("missing", b""), ("extended", AAD + b" ")):
    assert decrypt_expectation("gcm", gkey, gnonce, ct, aad) == "tag_mismatch"
    case(f"gcm associated data {label}", "sm4_decrypt", "gcm", gkey, gnonce, ct, aad, "tag_mismatch")
case("gcm another nonce", "sm4_decrypt", "gcm", gkey, det("other-nonce", 12), ct, AAD,
     decrypt_expectation("gcm", gkey, det("other-nonce", 12), ct, AAD))
case("gcm another key", "sm4_decrypt", "gcm", det("other-key", 16), gnonce, ct, AAD,
     decrypt_expectation("gcm", det("other-key", 16), gnonce, ct, AAD))
decrypt_case("gcm truncated by one byte", "gcm", gkey, gnonce, ct[:-1], AAD)
decrypt_case("gcm tag only, ciphertext removed", "gcm", gkey, gnonce, ct[-16:], AAD)
decrypt_case("gcm 15 bytes: shorter than the tag", "gcm", gkey, gnonce, ct[:15], AAD)
decrypt_case("gcm empty ciphertext", "gcm", gkey, gnonce, b"", AAD)

names = [c["name"] for c in cases]
assert len(names) == len(set(names)), "case names are unique"

doc = {
    "description": "SM4 (GB/T 32907-2016) encryption and decryption in ECB (legacy interop only), CBC and CTR with PKCS#7 for ECB/CBC, and GCM with associated data (12-byte nonce, 16-byte tag appended). Ops: sm4_encrypt (plaintext_hex → expect.ciphertext_hex) and sm4_decrypt (ciphertext_hex → expect.plaintext_hex); aad_hex is empty when absent; expect_error is the error code.",
    "source": "GB/T 32907-2016 Appendix A example 1; every other expected value computed by make_vectors.py with the Python cryptography package (OpenSSL SM4), not by govshare.",
    "cases": cases,
}
with open(OUT + "sm4.json", "w", encoding="utf-8") as f:
    json.dump(doc, f, ensure_ascii=False, indent=1)
    f.write("\n")
