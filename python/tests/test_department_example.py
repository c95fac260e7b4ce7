"""examples/department.py against a real sandbox (`govshare sandbox`), as a
department would run it: exit 0 and a verified audit trail against an honest
platform; exit 1 against each misbehaving one."""

import hashlib
import os
import pathlib
import subprocess
import sys

import pytest

import govshare
from conftest import EXAMPLES

ROOT = pathlib.Path(__file__).parents[2]
BIN = pathlib.Path(os.environ.get("GOVSHARE_BIN", ROOT / "target" / "debug" / "govshare"))


@pytest.fixture
def sandbox(tmp_path, request):
    assert BIN.exists(), f"the govshare binary is needed at {BIN} (cargo build -p govshare-cli, or set GOVSHARE_BIN)"
    args = [str(BIN), "sandbox", "--port", "0", "--data", str(tmp_path / "platform")]
    misbehave = getattr(request, "param", None)
    if misbehave:
        args += ["--misbehave", misbehave]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:"), url
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def run_department(url, *extra):
    return subprocess.run(
        [sys.executable, str(EXAMPLES / "department.py"), "--url", url, "--no-progress", *extra],
        capture_output=True, text=True, timeout=120,
    )


def test_honest_platform(sandbox, tmp_path):
    audit = tmp_path / "audit.jsonl"
    r = run_department(sandbox, "--audit", str(audit))
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.strip().endswith("ok")
    assert "masking verified" in r.stdout
    # The verifier matches signatures by key id: the demo department's.
    verdict = govshare.AuditVerifier()
    key = govshare.Key.from_raw(
        govshare.Algorithm.ED25519, hashlib.sha256(b"govshare sandbox demo department - not a secret").digest(), True)
    key.set_key_id("demo-department")
    verdict.add_key(key)
    verdict.require_signatures(True)
    result = verdict.verify(audit.read_bytes())
    assert result.valid and result.entries >= 5, result


@pytest.mark.parametrize("sandbox", ["unmasked", "bad-digest", "bad-signature"], indirect=True)
def test_misbehaving_platform_is_caught(sandbox):
    r = run_department(sandbox)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "✘" in r.stderr
