#!/usr/bin/env python3
"""Writes tests/vectors/MANIFEST.json: every vector file (a JSON document
with a "cases" array) under tests/vectors and its number of cases. Every
runner — Rust (core/tests/vectors_manifest.rs), Node and Chromium
(npm/test/node/vectors.test.mjs), Python (python/tests/test_vectors_manifest.py)
— checks that it ran exactly these. Run after adding or changing vectors:

    python3 scripts/vectors_manifest.py

(--out DIR writes MANIFEST.json into DIR instead, still listing the files under
tests/vectors; scripts/check_vectors_generated.py uses it.)
"""
import argparse
import json
import os

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "vectors")


def main():
    args = argparse.ArgumentParser(description="Writes tests/vectors/MANIFEST.json.")
    args.add_argument("--out", metavar="DIR", default=ROOT, help="where to write (default: tests/vectors)")
    out = args.parse_args().out
    files = {}
    for dirpath, _, names in os.walk(ROOT):
        for name in names:
            if not name.endswith(".json") or name == "MANIFEST.json" or name.startswith("_"):
                continue
            path = os.path.join(dirpath, name)
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
            if isinstance(doc, dict) and isinstance(doc.get("cases"), list):
                files[os.path.relpath(path, ROOT).replace(os.sep, "/")] = len(doc["cases"])
    manifest = {
        "description": "Every vector file and its number of cases; each runner must run them all "
                       "(written by scripts/vectors_manifest.py).",
        "files": dict(sorted(files.items())),
    }
    with open(os.path.join(out, "MANIFEST.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
