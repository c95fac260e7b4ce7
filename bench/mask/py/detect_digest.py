"""Digest of every detection in the benchmark data, for checking that a
detector change keeps behaviour: runs ``govshare.detect_identifiers`` on
every string value of raw.ndjson and masked.ndjson (plus each whole line)
and prints the count and a SHA-256 over (kind, reason, byte and char
offsets, excerpt). Run it with two builds and compare the lines:

    /path/to/old/venv/bin/python bench/mask/py/detect_digest.py --dir bench/mask/data/100000-5
    .venv/bin/python bench/mask/py/detect_digest.py --dir bench/mask/data/100000-5
"""

import argparse
import hashlib
import json
import os

import govshare


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    a = ap.parse_args()
    h = hashlib.sha256()
    n = 0
    for name in ("raw.ndjson", "masked.ndjson"):
        with open(os.path.join(a.dir, name), encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                texts = [line] + [v for v in json.loads(line).values() if isinstance(v, str)]
                for t in texts:
                    for d in govshare.detect_identifiers(t):
                        n += 1
                        h.update(
                            f"{d.kind}|{d.reason}|{d.start}|{d.end}|{d.char_start}|{d.char_end}|{d.excerpt}\n".encode()
                        )
    print(f"detections {n} sha256 {h.hexdigest()}")


if __name__ == "__main__":
    main()
