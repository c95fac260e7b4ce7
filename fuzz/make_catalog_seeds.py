#!/usr/bin/env python3
"""Writes the seeds of the catalog_snapshot, catalog_published and
catalog_lazy targets with the govshare CLI: snapshots and published
sections of the test catalogs, each prefixed with the target's mode byte.
Run it after a change of the snapshot layout (SNAPSHOT_VERSION);
core/tests/vectors_catalog.rs (fuzz_seeds_are_of_this_layout) fails until
the seeds are of the build's layout.

    cargo build --release -p govshare-cli
    python3 fuzz/make_catalog_seeds.py [--govshare target/release/govshare]

Needs `cryptography` (the fuzz targets' fixed Ed25519 keys, as PEM).
"""
import argparse
import json
import os
import struct
import subprocess
import tempfile

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "tests", "vectors", "catalog", "data")
CORPUS = os.path.join(ROOT, "fuzz", "corpus")
BLOCK = "4096"  # the targets' block size

args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
args.add_argument("--govshare", default=os.path.join(ROOT, "target", "release", "govshare"))
ARGS = args.parse_args()
TMP = tempfile.mkdtemp()


def write(path, data):
    with open(os.path.join(CORPUS, path), "wb") as f:
        f.write(data)


def publish(catalog, seed, keyid):
    """The manifest and the sections of the catalog published with the key
    whose 32 seed bytes are all `seed` (the target's fixed key)."""
    key = Ed25519PrivateKey.from_private_bytes(bytes([seed]) * 32)
    pem = os.path.join(TMP, f"key{seed}.pem")
    with open(pem, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
    out = os.path.join(TMP, f"index-{catalog}")
    subprocess.run([ARGS.govshare, "catalog", "publish", os.path.join(DATA, f"{catalog}.json"), "--key", pem,
                    "--out", out, "--block-size", BLOCK, "--keyid", keyid], check=True, capture_output=True)
    with open(os.path.join(out, "manifest.json"), "rb") as f:
        manifest = f.read()
    sections = []
    for section in json.loads(manifest)["sections"]:
        with open(os.path.join(out, section["file"]), "rb") as f:
            sections.append(f.read())
    return manifest, sections


# catalog_snapshot: mode byte, then a snapshot.
for name in ["lint-sample", "national", "zhejiang"]:
    path = os.path.join(TMP, f"{name}.snap")
    subprocess.run([ARGS.govshare, "catalog", "snapshot", os.path.join(DATA, f"{name}.json"), path],
                   check=True, capture_output=True)
    with open(path, "rb") as f:
        snapshot = f.read()
    for mode in (0, 1):
        write(f"catalog_snapshot/{name}-mode{mode}.snap", bytes([mode]) + snapshot)

# catalog_published: the Zhejiang catalog (key of 7s). Mode 0 is a manifest;
# 1 the genuine sections; 3 the sections re-published.
manifest, sections = publish("zhejiang", 7, "eGZZ0cpf8yPoLT71PpzdBY_PoF0m2UgzTrdMfe3qqJM")
write("catalog_published/genuine-manifest", b"\x00" + manifest)
write("catalog_published/genuine-body", b"\x01" + b"".join(sections))
write("catalog_published/genuine-body-republished", b"\x03" + b"".join(sections))

# catalog_lazy: the national catalog (key of 9s). Mode 0 is section bytes;
# mode 1 a run of ranges (section, start u32, length u16, bytes).
_, sections = publish("national", 9, "national-fuzz")
write("catalog_lazy/genuine-sections", b"\x00" + b"".join(sections))
ranges = b"\x01"
for i, section in enumerate(sections):
    piece = section[:400]
    ranges += bytes([i]) + struct.pack("<IH", 0, len(piece)) + piece
write("catalog_lazy/ranges", ranges)
print("catalog seeds written")
