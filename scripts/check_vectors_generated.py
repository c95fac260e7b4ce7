#!/usr/bin/env python3
"""Checks that the committed vectors are exactly what their generators write.

Each generator runs with `--out` into a temporary directory and every file it
writes is compared byte for byte with the committed file of the same name, so
a vector edited by hand (or a generator changed without being rerun) fails
here: the expectations must stay those of the independent implementation.

    python3 scripts/check_vectors_generated.py [--quiet]

Exit 0: every file matches; 1: a file differs or is not committed, or a
generator wrote into the tree; 2: a generator could not run (for instance the
audit generator's rfc8785 and cryptography, pinned in
python/requirements-dev.txt, are missing: run scripts/bootstrap.sh, which
installs them into .venv). Generators run under .venv/bin/python when it
exists, otherwise under the interpreter running this script.
"""
import argparse
import difflib
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VECTORS = ROOT / "tests" / "vectors"

# (generator, the directory its files belong in, modules it needs beyond the standard library)
GENERATORS = [
    ("tests/vectors/request/make_vectors.py", "tests/vectors/request", ()),
    ("tests/vectors/request/make_deadline_vectors.py", "tests/vectors/request", ()),
    ("tests/vectors/audit/make_vectors.py", "tests/vectors/audit", ("rfc8785", "cryptography")),
    ("tests/vectors/platform/make_vectors.py", "tests/vectors/platform", ("cryptography",)),
    ("tests/vectors/crypto/make_vectors.py", "tests/vectors/crypto", ("cryptography",)),
    ("tests/vectors/crypto/make_sm2_vectors.py", "tests/vectors/crypto", ("gmssl",)),
    ("tests/vectors/crypto/make_envelope_vectors.py", "tests/vectors/crypto", ("gmssl", "cryptography")),
    ("tests/vectors/sign/make_gateway_vectors.py", "tests/vectors/sign", ()),
    # Before the published vectors: they copy search.json's cases.
    ("tests/vectors/catalog/make_search_score_vectors.py", "tests/vectors/catalog", ()),
    ("tests/vectors/catalog/make_published_vectors.py", "tests/vectors/catalog", ("cryptography", "gmssl")),
    ("tests/vectors/catalog/make_snapshot_vectors.py", "tests/vectors/catalog", ()),
    ("tests/vectors/mask/make_deid_vectors.py", "tests/vectors/mask", ("pycanon", "pandas")),
    ("tests/vectors/mask/make_sheet_vectors.py", "tests/vectors/mask", ("openpyxl", "odf", "xlwt", "pycanon", "pandas")),
    # Last: it lists the committed files, which the generators above have just checked.
    ("scripts/vectors_manifest.py", "tests/vectors", ()),
]
DIFF_LINES = 20


def interpreter():
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def snapshot():
    """The bytes of every file under tests/vectors, to notice (and undo) a generator writing there."""
    return {p: p.read_bytes() for p in VECTORS.rglob("*") if p.is_file()}


def restore(before):
    for path in set(snapshot()) - set(before):
        path.unlink()
    for path, data in before.items():
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)


def show_diff(committed, generated, name):
    lines = difflib.unified_diff(
        committed.decode("utf-8", "replace").splitlines(),
        generated.decode("utf-8", "replace").splitlines(),
        f"{name} (committed)",
        f"{name} (generated)",
        lineterm="",
    )
    for i, line in enumerate(lines):
        if i == DIFF_LINES:
            print("    ...")
            break
        print("    " + line[:200])


def unlisted_generators():
    """Generators under tests/vectors this script does not run (a new one must be added above)."""
    listed = {script for script, _, _ in GENERATORS}
    found = {p.relative_to(ROOT).as_posix() for p in VECTORS.rglob("make_*vectors.py")}
    return sorted(found - listed)


def main():
    args = argparse.ArgumentParser(description="Checks the committed vectors against their generators.")
    args.add_argument("--quiet", action="store_true", help="print only the problems")
    quiet = args.parse_args().quiet
    python = interpreter()
    differ, failed = [], []
    for script in unlisted_generators():
        print(f"NOT CHECKED {script}: add it to GENERATORS in scripts/check_vectors_generated.py")
        differ.append(script)
    with tempfile.TemporaryDirectory(prefix="govshare-vectors-") as tmp:
        for index, (script, home, needs) in enumerate(GENERATORS):
            if needs:
                probe = subprocess.run([python, "-c", "import " + ", ".join(needs)], capture_output=True)
                if probe.returncode != 0:
                    print(f"CANNOT RUN {script}: {python} lacks {', '.join(needs)} "
                          "(python/requirements-dev.txt; scripts/bootstrap.sh installs them into .venv)")
                    failed.append(script)
                    continue
            out = Path(tmp) / str(index)
            out.mkdir()
            before = snapshot()
            run = subprocess.run([python, script, "--out", str(out)], cwd=ROOT, capture_output=True, text=True)
            if snapshot() != before:
                restore(before)
                print(f"WROTE INTO THE TREE {script}: it must write only into --out (tests/vectors restored)")
                differ.append(script)
            if run.returncode != 0:
                print(f"CANNOT RUN {script} (exit {run.returncode}):\n{run.stderr.rstrip()}")
                failed.append(script)
                continue
            written = sorted(p for p in out.rglob("*") if p.is_file())
            if not written:
                print(f"WROTE NOTHING {script}")
                failed.append(script)
            for generated in written:
                name = (Path(home) / generated.relative_to(out)).as_posix()
                committed = ROOT / name
                if not committed.exists():
                    print(f"NOT COMMITTED {name} (written by {script})")
                    differ.append(name)
                elif committed.read_bytes() != generated.read_bytes():
                    print(f"DIFFERS {name}: the committed file is not what {script} writes")
                    show_diff(committed.read_bytes(), generated.read_bytes(), name)
                    differ.append(name)
                elif not quiet:
                    print(f"ok {name}")
    if differ:
        print(f"\n{len(differ)} problem(s): the committed vectors must be what their generators write. "
              "Change the generator, rerun it (then python3 scripts/vectors_manifest.py), commit both.")
        return 1
    if failed:
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
