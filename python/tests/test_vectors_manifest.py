"""The vector contract: every file of tests/vectors/MANIFEST.json was
collected by a runner of this suite, with all its cases."""

import json

from conftest import COLLECTED, VECTORS


def test_every_vector_file_of_the_manifest_runs_every_case():
    manifest = json.loads((VECTORS / "MANIFEST.json").read_text(encoding="utf-8"))
    assert COLLECTED == manifest["files"]
