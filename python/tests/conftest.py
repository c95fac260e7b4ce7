"""Shared fixtures: where the conformance vectors are, and a guard that the
tests import the installed wheel, not the source tree."""

import json
import os
import pathlib

import pytest

import govshare

VECTORS = pathlib.Path(os.environ.get("GOVSHARE_VECTORS", pathlib.Path(__file__).parents[2] / "tests" / "vectors"))
EXAMPLES = pathlib.Path(os.environ.get("GOVSHARE_EXAMPLES", pathlib.Path(__file__).parents[2] / "examples"))


def vector_cases(module: str):
    """(id, file data, case) for every case of tests/vectors/<module>/*.json."""
    out = []
    for path in sorted((VECTORS / module).glob("*.json")):
        if path.name.startswith("_"):
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
            continue
        COLLECTED[f"{module}/{path.name}"] = len(data["cases"])
        for case in data["cases"]:
            out.append(pytest.param(data, case, id=f"{path.name}:{case['name']}"))
    assert out, f"no vectors in {VECTORS / module}"
    return out



#: Cases collected per vector file ("module/name.json" → count), checked
#: against tests/vectors/MANIFEST.json by test_vectors_manifest.py.
COLLECTED = {}
