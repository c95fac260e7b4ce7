#!/usr/bin/env python3
"""Writes the damaged-snapshot cases of snapshot.json for this build's layout.

The native snapshot of data/zhejiang.json is govshare's own: the committed
case `native_snapshot_loads_everywhere`, or, after a snapshot layout change,
what the CLI writes (`--cli target/release/govshare`). Every other case it
owns is forged here from the snapshot format as docs/catalog-format.md §8
describes it (header, CRC-32 of the payload, arrays as a u64 count then
little-endian elements), with the standard library only. The digest case's
expectation is the native snapshot's size and SHA-256, and
core/tests/vectors_catalog.rs checks it against the snapshot the build
writes: a stale native snapshot fails there.

    python3 tests/vectors/catalog/make_snapshot_vectors.py [--cli GOVSHARE] [--out DIR]

The other cases of snapshot.json (round trips) are kept as they are.
"""

import argparse
import base64
import hashlib
import json
import os
import struct
import subprocess
import tempfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
MAGIC = b"GVSCSNAP"
VERSION = 5
# Element widths of the layout's 58 arrays (docs/catalog-format.md §8), in order.
WIDTHS = [1, 4, 1, 4, 2, 4, 1, 4, 1, 4] + [4] * 10 + [1] * 7 + [8, 4, 4, 4, 2, 2] + [
    2, 4, 4, 2, 4, 4, 1, 1, 2, 4,  # item kinds, wide kinds, the kind table, pi kinds
] + [8, 4, 1, 4, 4, 1, 4, 4, 4, 4, 4, 1, 4, 4, 4]
ARRAY = {
    "prose": 4,
    "item kinds": 33,
    "item kinds, wide": 34,
    "kind item-name ids": 35,
    "kind lengths": 36,
    "kind grades": 39,
    "kind flags": 40,
    "kind personal information": 41,
}
KIND_TABLE = range(35, 42)
assert len(WIDTHS) == 58


def parse(snapshot):
    magic, version, length, crc = struct.unpack_from("<8sIQI", snapshot)
    assert magic == MAGIC and version == VERSION, "a snapshot of another layout"
    payload = snapshot[24:]
    assert len(payload) == length and zlib.crc32(payload) == crc
    arrays, at = [], 0
    for width in WIDTHS:
        (count,) = struct.unpack_from("<Q", payload, at)
        at += 8
        code = {1: "B", 2: "H", 4: "I", 8: "Q"}[width]
        arrays.append(list(struct.unpack_from("<%d%s" % (count, code), payload, at)))
        at += count * width
    assert at == len(payload), "trailing bytes"
    return arrays


def serialize(arrays, version=VERSION):
    payload = b""
    for width, values in zip(WIDTHS, arrays):
        code = {1: "B", 2: "H", 4: "I", 8: "Q"}[width]
        payload += struct.pack("<Q", len(values)) + struct.pack("<%d%s" % (len(values), code), *values)
    return struct.pack("<8sIQI", MAGIC, version, len(payload), zlib.crc32(payload)) + payload


def native_from_cli(cli):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "zhejiang.gsnap")
        subprocess.run([cli, "catalog", "snapshot", os.path.join(HERE, "data/zhejiang.json"), out],
                       check=True, stdout=subprocess.DEVNULL)
        with open(out, "rb") as f:
            return f.read()


def header(version, length=0, crc=0):
    return struct.pack("<8sIQI", MAGIC, version, length, crc)


def b64(b):
    return {"base64": base64.b64encode(b).decode()}


def main():
    args = argparse.ArgumentParser(description="Writes the damaged-snapshot cases of snapshot.json.")
    args.add_argument("--cli", metavar="GOVSHARE", help="take the native snapshot from this CLI")
    args.add_argument("--out", metavar="DIR", default=HERE, help="where to write (default: this folder)")
    args = args.parse_args()
    path = os.path.join(HERE, "snapshot.json")
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    by_name = {c["name"]: c for c in doc["cases"]}
    if args.cli:
        snap = native_from_cli(args.cli)
    else:
        snap = base64.b64decode(by_name["native_snapshot_loads_everywhere"]["input"]["base64"])
    arrays = parse(snap)
    assert serialize(arrays) == snap, "the parser does not read back what govshare writes"

    def forged(change):
        a = [list(v) for v in arrays]
        change(a)
        return serialize(a)

    # The first abstract: resource 0's units are prose[ends[0]:ends[1]].
    prose, ends = arrays[ARRAY["prose"]], arrays[ARRAY["prose"] + 1]
    start = ends[0]
    assert ends[1] - start >= 2 and all(u < 0xD800 or u > 0xDFFF for u in prose[start:start + 2])

    def set_units(units):
        return lambda a: a[ARRAY["prose"]].__setitem__(slice(start, start + len(units)), units)

    kinds = arrays[ARRAY["item kinds"]]
    assert kinds[:2] == [0, 1] and not arrays[ARRAY["item kinds, wide"]]

    def swap_first_kinds(a):
        a[ARRAY["item kinds"]][0:2] = [1, 0]

    def kind_out_of_range(a):
        a[ARRAY["item kinds"]][-1] = 0xFFFF

    def kinds_wide_though_few(a):
        a[ARRAY["item kinds, wide"]] = a[ARRAY["item kinds"]]
        a[ARRAY["item kinds"]] = []

    def a_kind_no_item_uses(a):
        for k in KIND_TABLE:
            if k not in (37, 38):  # the long lengths list only kinds of LEN_BIG
                a[k].append(a[k][0])

    def flags_of_no_type(a):
        a[ARRAY["kind flags"]][0] = 0x0F

    owned = [
        ("future_version", header(VERSION + 1), "snapshot_version"),
        ("empty_payload", header(VERSION), "snapshot_invalid"),
        ("bad_checksum", header(VERSION, 16, 1) + bytes(16), "snapshot_invalid"),
        # One array declaring 2^60 elements (an allocation it must not try).
        ("huge_declared_array", header(VERSION, 8, zlib.crc32(struct.pack("<Q", 1 << 60)))
         + struct.pack("<Q", 1 << 60), "snapshot_invalid"),
        ("length_mismatch", header(VERSION, 100, zlib.crc32(bytes(8))) + bytes(8), "snapshot_invalid"),
        ("native_snapshot_loads_everywhere", snap, None),
        # U+1F600 as a surrogate pair in place of two characters: well formed.
        ("supplementary_character_in_an_abstract_loads", forged(set_units([0xD83D, 0xDE00])), None),
        ("lone_high_surrogate_in_an_abstract_refused", forged(set_units([0xD83D])), "snapshot_invalid"),
        ("lone_low_surrogate_in_an_abstract_refused", forged(set_units([0xDE00])), "snapshot_invalid"),
        # Layout 5: items name their kind; the kinds are numbered in the
        # order items first use them, every kind used, 16 bits while few.
        ("item_kinds_out_of_first_use_order_refused", forged(swap_first_kinds), "snapshot_invalid"),
        ("item_kind_out_of_range_refused", forged(kind_out_of_range), "snapshot_invalid"),
        ("item_kinds_wide_though_few_refused", forged(kinds_wide_though_few), "snapshot_invalid"),
        ("item_kind_no_item_uses_refused", forged(a_kind_no_item_uses), "snapshot_invalid"),
        ("item_kind_flags_of_no_type_refused", forged(flags_of_no_type), "snapshot_invalid"),
    ]
    for name, data, error in owned:
        case = by_name.get(name)
        if case is None:
            case = {"name": name, "op": "from_snapshot"}
            doc["cases"].append(case)
            by_name[name] = case
        case["input"] = b64(data)
        case.pop("expect", None)
        case.pop("expect_error", None)
        if error:
            case["expect_error"] = error
        else:
            case["expect"] = {"id": "zhejiang", "resources": 6}
    digest = by_name["snapshot_bytes_identical_in_every_runtime"]
    digest["expect"] = {"bytes": len(snap), "sha256": hashlib.sha256(snap).hexdigest()}
    with open(os.path.join(args.out, "snapshot.json"), "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
