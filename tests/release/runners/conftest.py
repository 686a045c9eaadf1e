"""The collection as AWX and the automation controller run it: from the artifact of `make build`, through
ansible-runner and ansible-navigator, with emulators for servers.

Run by `make release-runners` from .venv-runners (requirements/runners.txt), whose bin/ is first on PATH: the
ansible-playbook, ansible-inventory, ansible-galaxy and ansible-navigator of that venv are the ones used.
"""

import glob
import os
import shutil
import subprocess
import sys

import pytest
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from release_support import ADMIN_PASSWORD, ADMIN_USER, BIN, ROOT, SITES, Emulator, boxes_seed  # noqa: E402


@pytest.fixture(scope="session")
def collection(tmp_path_factory):
    """The artifact of `make build` installed into a folder of its own: (collections path, collection root)."""
    artifacts = sorted(glob.glob(os.path.join(ROOT, "build", "haivision-hmp-*.tar.gz")))
    assert artifacts, "no build/haivision-hmp-*.tar.gz: `make release-runners` runs `make build` first"
    top = str(tmp_path_factory.mktemp("collections"))
    subprocess.run([os.path.join(BIN, "ansible-galaxy"), "collection", "install", "--offline", "-p", top,
                    artifacts[-1]], check=True, capture_output=True, text=True,
                   env=dict(os.environ, ANSIBLE_COLLECTIONS_PATH=top))
    root = os.path.join(top, "ansible_collections", "haivision", "hmp")
    assert os.path.isfile(os.path.join(root, "MANIFEST.json"))
    return top, root


@pytest.fixture
def environment(collection):
    """What every run gets: this venv's tools first on PATH, the installed artifact as the only collection, the
    emulators' administrator in HMP_USERNAME/HMP_PASSWORD, and no other HMP_* variable."""
    env = dict((k, v) for k, v in os.environ.items() if not k.startswith(("HMP_", "ANSIBLE_")))
    env.update({"PATH": BIN + os.pathsep + os.environ.get("PATH", ""), "ANSIBLE_COLLECTIONS_PATH": collection[0],
                "ANSIBLE_PYTHON_INTERPRETER": sys.executable, "ANSIBLE_NOCOLOR": "1",
                "ANSIBLE_LOCALHOST_WARNING": "false", "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
                "HMP_USERNAME": ADMIN_USER, "HMP_PASSWORD": ADMIN_PASSWORD})
    return env


@pytest.fixture(scope="session")
def fleet_emulators():
    """One emulator per site of examples/fleet."""
    running = dict((site, Emulator(tls=True)) for site in SITES)
    yield running
    for emulator in running.values():
        emulator.stop()


@pytest.fixture(scope="session")
def boxes_emulator():
    """One emulator for the set-top boxes, seeded by the test."""
    with Emulator(tls=True) as running:
        yield running


@pytest.fixture
def fleet(fleet_emulators, collection, tmp_path):
    """examples/fleet of the installed artifact as an inventory folder, with the connection of each site's
    (emptied) emulator as a second file, as examples/fleet/run.sh does."""
    for emulator in fleet_emulators.values():
        emulator.reset()
    folder = tmp_path / "fleet"
    shutil.copytree(os.path.join(collection[1], "examples", "fleet"), str(folder))
    (folder / "connection.yml").write_text(yaml.safe_dump({"hmp": {"hosts": dict(
        (site, {"hmp_host": "localhost", "hmp_port": e.port, "hmp_protocol": "https", "hmp_ca_path": e.ca_path})
        for site, e in fleet_emulators.items())}}))
    return str(folder)


@pytest.fixture
def devices(boxes_emulator, collection, tmp_path):
    """examples/devices/inventory of the installed artifact, its plugin file pointed at the boxes' emulator
    (reset to ``boxes_seed()``)."""
    boxes_emulator.reset(boxes_seed())
    folder = tmp_path / "devices"
    shutil.copytree(os.path.join(collection[1], "examples", "devices", "inventory"), str(folder))
    path = folder / "fleet.hmp_devices.yml"
    config = yaml.safe_load(path.read_text())
    config["servers"][0].update(hmp_host="localhost", hmp_port=boxes_emulator.port, hmp_ca_path=boxes_emulator.ca_path)
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return str(folder)
