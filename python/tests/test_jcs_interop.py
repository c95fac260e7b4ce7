"""Interop: govshare's RFC 8785 canonicalization agrees byte for byte with the
independent PyPI ``rfc8785`` implementation on 500 seeded random documents,
written with random spacing and number spellings."""

import json
import math
import random
import struct

import pytest

import govshare

rfc8785 = pytest.importorskip("rfc8785")

PIECES = ["a", "Z", "0", " ", '"', "\\", "/", "\n", "\t", "\x01", "\x1f", "\x7f", "é", "€", "中", "文",
          "\u2028", "\ufeff", "😀", "𝄞", "ö", "ﬀ", "\x00"]


def make_string(r):
    return "".join(r.choice(PIECES) for _ in range(r.randrange(8)))


def make_number(r):
    kind = r.randrange(6)
    if kind == 0:
        return r.randrange(-1000, 1001)
    if kind == 1:
        return (r.random() - 0.5) * 10.0 ** r.randrange(-20, 20)
    if kind == 2:
        # rfc8785 takes ints only within the IEEE-754 safe range.
        return 2**53 - 1 - r.randrange(10)
    if kind == 3:
        return r.choice([0.0, -0.0, 1e21, 1e-7, 9.999999999999999e20, 5e-324, 1.7976931348623157e308, 0.1, 1 / 3])
    while True:
        f = struct.unpack("<d", r.getrandbits(64).to_bytes(8, "little"))[0]
        if math.isfinite(f):
            return f


def make_value(r, depth):
    k = r.randrange(5 if depth > 3 else 7)
    if k == 0:
        return None
    if k == 1:
        return r.random() < 0.5
    if k in (2, 3):
        return make_number(r)
    if k == 4:
        return make_string(r)
    if k == 5:
        return [make_value(r, depth + 1) for _ in range(r.randrange(5))]
    return {make_string(r): make_value(r, depth + 1) for _ in range(r.randrange(6))}


def write(r, v):
    sp = lambda: r.choice([" ", "\n", "\t", "\r", ""])  # noqa: E731
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return json.dumps(v, ensure_ascii=r.random() < 0.5)
    if isinstance(v, (int, float)):
        alt = r.randrange(3)
        if alt == 1:
            return f"{float(v):.17e}".replace("e+", "E+" if r.random() < 0.5 else "e")
        if alt == 2 and isinstance(v, int):
            return f"{v}.{'0' * (1 + r.randrange(3))}"
        return json.dumps(v)
    if isinstance(v, list):
        return "[" + sp() + f"{sp()},{sp()}".join(write(r, x) for x in v) + sp() + "]"
    members = [json.dumps(k) + sp() + ":" + sp() + write(r, x) for k, x in v.items()]
    return "{" + sp() + f"{sp()},{sp()}".join(members) + sp() + "}"


def test_canonicalize_agrees_with_rfc8785():
    r = random.Random(0x8785)
    for i in range(500):
        text = write(r, make_value(r, 0))
        want = rfc8785.dumps(json.loads(text))
        got = govshare.canonicalize(text if r.random() < 0.5 else text.encode())
        assert got == want, f"document {i}: {text!r}"
