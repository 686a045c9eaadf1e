"""What the release tests of the runners share besides fixtures: paths, the emulators' counters, the synced
inventory. A module of its own name (not ``conftest``) so that the tests import it whatever other
conftest.py files pytest loads."""

import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from hmp_emulator.launcher import ADMIN_PASSWORD, ADMIN_USER, Emulator  # noqa: E402,F401

BIN = os.path.dirname(sys.executable)
SITES = ("montreal", "ottawa", "toronto")
COMMANDS = "POST /apis/devices/stbs/:stbId/commands"


def boxes_seed(count=60):
    """The demo's seed (examples/devices/make_seed.py, a script of the repository, not of the artifact)."""
    sys.path.insert(0, os.path.join(ROOT, "examples", "devices"))
    import make_seed  # noqa: E402
    return make_seed.seed(count)


def writes(emulators):
    return sum(e.counters()["writes"] for e in emulators)


def commands(emulator):
    return emulator.counters()["by_route"].get(COMMANDS, 0)


def synced_inventory(environment, source):
    """The inventory as AWX keeps it after a sync: ansible-inventory --list --export of the source, once."""
    run = subprocess.run([os.path.join(BIN, "ansible-inventory"), "-i", source, "--list", "--export"],
                         env=environment, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)
