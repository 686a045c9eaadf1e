"""The CI tools that lean on what ansible-test does not publish: a release of ansible-core that moves it fails here."""

import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_prepare_ansible_test_puts_the_pip_bootstrap_where_this_ansible_test_looks_for_it(tmp_path):
    run = subprocess.run([os.path.join(ROOT, ".ci", "prepare-ansible-test"), sys.executable], capture_output=True,
                         text=True, env=dict(os.environ, HOME=str(tmp_path)))
    assert run.returncode == 0, run.stderr
    made = os.listdir(tmp_path / ".ansible" / "test" / "cache")
    assert len(made) == 1 and re.match(r"^get_pip_\d+_\d+(_\d+)?\.py$", made[0]), made
    with open(os.path.join(ROOT, ".ci", "get-pip-offline.py")) as original:
        assert (tmp_path / ".ansible" / "test" / "cache" / made[0]).read_text() == original.read()


EMULATOR_NEEDS = ("Flask", "Werkzeug", "cryptography", "PyYAML", "cheroot", "jaraco.functools", "more-itertools")


def pins(path):
    with open(os.path.join(ROOT, path)) as handle:
        return dict(line.strip().split("==") for line in handle if "==" in line and not line.startswith("#"))


def test_the_venvs_that_start_emulators_pin_what_the_emulator_needs_as_the_dev_venv_does():
    dev = pins("requirements-dev.txt")
    for path in ("requirements/runners.txt",):
        assert dict((name, pins(path).get(name)) for name in EMULATOR_NEEDS) == \
            dict((name, dev[name]) for name in EMULATOR_NEEDS), path
