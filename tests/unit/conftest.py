"""Make the repository importable as ``ansible_collections.haivision.hmp`` for plain pytest."""

import os
import sys
import tempfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _collection_root():
    top = tempfile.mkdtemp(prefix="hmp-unit-")
    namespace = os.path.join(top, "ansible_collections", "haivision")
    os.makedirs(namespace)
    os.symlink(ROOT, os.path.join(namespace, "hmp"))
    return top


sys.path.insert(0, _collection_root())


@pytest.fixture
def no_hmp_environment(monkeypatch):
    """No HMP_* variable in the environment of the test."""
    for name in list(os.environ):
        if name.startswith("HMP_"):
            monkeypatch.delenv(name)
