"""Real ansible-playbook runs against a running emulator (TLS, verified with the emulator's CA): the fixtures of
tests/integration/ and tests/release/ (each conftest.py imports them), and the helpers their tests share."""

import json
import os
import subprocess
import sys

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from hmp_emulator.launcher import Emulator  # noqa: E402
from hmp_emulator.traffic import is_write  # noqa: E402

CALLBACKS = os.path.join(ROOT, "tests", "integration", "callback_plugins")
BIN = os.path.dirname(sys.executable)
API_KEY = "integration-api-key"
API_SECRET = "integration-api-secret-0042"


def variant_args():
    """``--variant`` options from HMP_EMULATOR_VARIANTS (``all``, or ``V4=b,V1=c``): `make
    integration-variants` runs the whole suite against a server that speaks every other documented reading."""
    wanted = os.environ.get("HMP_EMULATOR_VARIANTS", "")
    return [arg for one in wanted.split(",") if one.strip() for arg in ("--variant", one.strip())]


@pytest.fixture(scope="session")
def emulator():
    with Emulator(tls=True, args=["--api-key", API_KEY, "--api-secret", API_SECRET] + variant_args()) as running:
        yield running


@pytest.fixture(autouse=True)
def fresh_emulator(emulator):
    emulator.reset()
    yield


@pytest.fixture(scope="session")
def collections_path(tmp_path_factory):
    top = tmp_path_factory.mktemp("collections")
    namespace = top / "ansible_collections" / "haivision"
    namespace.mkdir(parents=True)
    (namespace / "hmp").symlink_to(ROOT)
    return str(top)


PAGE_SIZE = 100  # the page size the collection asks for


def page_reads(emulator, count, has_more_data=False):
    """How many GETs the collection sends to read a list of ``count`` items from ``emulator``, as the reading of
    paging it speaks says (contract: paging): its page size (the one asked for, or its cap), and whether its
    answers say where the list ends (set-top boxes' ``hasMoreData``; a total with a next link) or a client reads
    on after a full page."""
    variants = emulator.variants()
    size = min(PAGE_SIZE, variants["page_cap"]) if "c" in variants["V1"] else PAGE_SIZE
    if has_more_data:
        return max(1, -(-count // size))
    if "b" in variants["V1"] and count > size:  # the last page holds fewer than the total
        return -(-count // size)
    return count // size + 1


def role_id(emulator, name):
    """The id this emulator gives the role ``name`` (short names, or UUIDs: contract: roles)."""
    return next(r["id"] for r in emulator.state()["roles"] if r["name"] == name)


def built_in_users(emulator):
    """The usernames of the accounts this emulator has before anything is made (contract: built_in_accounts)."""
    return ["haiadmin"] + (["operator"] if emulator.variants()["V5"] == "b" else [])


def variant(emulator, name):
    """The reading ``name`` (V1 to V10) this emulator speaks: ``a`` unless switched on."""
    return emulator.variants()[name]


def tasks_of(module, name):
    """The ``task()`` helper of a module's tests: ``task(args, name=name, module=module, **task_keywords)``
    is one task of a play, with its name (results are found by it) and keywords such as ``ignore_errors``."""
    def task(args, name=name, module=module, **extra):
        return dict({"name": name, module: args}, **extra)
    return task


class Run(object):
    """The outcome of one ansible-playbook run: its output, every task's result, and (``emulator`` given)
    the requests each task sent, told apart by when the task ran."""

    def __init__(self, process, results, emulator=None):
        self.returncode = process.returncode
        self.stdout = process.stdout
        self.stderr = process.stderr
        self.results = results
        self.emulator = emulator
        self._log = None

    def requests(self, task):
        """The emulator's log entries of the requests ``task`` sent (the last run of that name)."""
        if self._log is None:
            self._log = self.emulator.requests_log()
        ran = [r for r in self.results if r["task"] == task][-1]
        return [e for e in self._log if ran["started"] <= e["received"] <= ran["ended"]]

    def writes(self, task):
        """``METHOD /route`` of each write ``task`` sent, in order."""
        return ["%s %s" % (e["method"], e["route"]) for e in self.requests(task) if is_write(e["method"], e["route"])]

    def sent(self, task, route):
        """The JSON bodies ``task`` sent to ``METHOD /route``, in order."""
        return [json.loads(e["body"]) if e["body"] else None for e in self.requests(task)
                if "%s %s" % (e["method"], e["route"]) == route]

    def changes(self, *tasks):
        """``{task: changed}`` for each of ``tasks``."""
        return dict((task, self.result(task).get("changed")) for task in tasks)

    def result(self, task):
        matches = [r for r in self.results if r["task"] == task]
        assert matches, "no result for task %r; output:\n%s\n%s" % (task, self.stdout, self.stderr)
        return matches[-1]["result"]

    def status(self, task):
        return [r for r in self.results if r["task"] == task][-1]["status"]


@pytest.fixture
def ansible_playbook(emulator, collections_path, tmp_path):
    """Run ansible-playbook on localhost against the emulator; return a Run with every task result.

    The environment points the collection's modules at the emulator (HMP_*), less the variables in
    ``unset``, plus ``env``; ``extra_vars`` go in as JSON; ``timeout`` (s) bounds the whole run."""
    counter = [0]

    def run(playbook_path, extra_vars=None, check=False, diff=False, verbosity=0, env=None, unset=(), args=(),
            timeout=300):
        counter[0] += 1
        results_path = tmp_path / ("results%d.json" % counter[0])
        environment = dict(os.environ)
        environment.update(emulator.connection_env())
        environment.update({
            "ANSIBLE_COLLECTIONS_PATH": collections_path,
            "ANSIBLE_CALLBACK_PLUGINS": CALLBACKS,
            "ANSIBLE_CALLBACKS_ENABLED": "record_results",
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_LOCALHOST_WARNING": "false",
            "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
            "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
            "ANSIBLE_PIPELINING": "1",  # one process per task instead of copy, chmod, run, remove: less CPU
            "HMP_TEST_RESULTS": str(results_path),
        })
        environment.update(env or {})
        for name in unset:
            environment.pop(name, None)
        command = [os.path.join(BIN, "ansible-playbook"), "-i", "localhost,", "-c", "local", playbook_path]
        command += ["-e", json.dumps(extra_vars)] if extra_vars is not None else []
        command += ["--check"] if check else []
        command += ["--diff"] if diff else []
        command += ["-" + "v" * verbosity] if verbosity else []
        command += list(args)
        process = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=timeout)
        results = json.loads(results_path.read_text()) if results_path.exists() else []
        return Run(process, results, emulator)

    return run


@pytest.fixture
def playbook(ansible_playbook, tmp_path):
    """Run a list of tasks on localhost (``play`` overrides keys of the play, e.g. ``hosts``; ``args`` are
    more ansible-playbook arguments, e.g. another ``-i``; ``unset`` drops variables from the environment,
    e.g. ``HMP_CA_PATH`` to run with the default settings; ``timeout`` as for ansible_playbook); return a Run
    with every task result."""
    counter = [0]

    def run(tasks, check=False, diff=False, verbosity=0, env=None, play=None, args=(), unset=(), timeout=300):
        counter[0] += 1
        path = tmp_path / ("play%d.yml" % counter[0])
        document = dict({"hosts": "localhost", "gather_facts": False, "tasks": tasks}, **(play or {}))
        path.write_text(json.dumps([document], indent=1))  # JSON is YAML
        return ansible_playbook(str(path), check=check, diff=diff, verbosity=verbosity, env=env, args=args,
                                unset=unset, timeout=timeout)

    return run


@pytest.fixture
def playbook_file(ansible_playbook):
    """Run a playbook file of the collection (``playbooks/...``, or a collection playbook name such as
    ``haivision.hmp.stop_recordings``) as a user would; return a Run with every task result."""

    def run(path, extra_vars=None, check=False, diff=False, env=None, unset=(), args=()):
        local = os.path.join(ROOT, path)
        return ansible_playbook(local if os.path.exists(local) else path, extra_vars=extra_vars, check=check,
                                diff=diff, env=env, unset=unset, args=args)

    return run


FLEET = os.path.join(ROOT, "examples", "fleet", "inventory.yml")
CONNECTION_ENV = ("HMP_HOST", "HMP_PORT", "HMP_PROTOCOL", "HMP_USERNAME", "HMP_PASSWORD", "HMP_CA_PATH")


def emulator_connection(emulator):
    """The connection options of ``emulator`` as host variables (hmp_host, hmp_port...)."""
    env = emulator.connection_env()
    return {"hmp_host": env["HMP_HOST"], "hmp_port": int(env["HMP_PORT"]), "hmp_protocol": env["HMP_PROTOCOL"],
            "hmp_username": env["HMP_USERNAME"], "hmp_password": env["HMP_PASSWORD"], "hmp_ca_path": env["HMP_CA_PATH"]}


def connection_inventory(emulator, tmp_path, scratch=False, device=None, **variables):
    """A second inventory source for the fleet of examples/fleet: the emulator's connection for its site `montreal`,
    with the qualification's report folder, ``scratch`` and ``device``, and any other host ``variables``."""
    host = dict(emulator_connection(emulator), hmp_qualify_report_dir=str(tmp_path / "reports"),
                hmp_qualify_scratch=scratch)
    if device:
        host["hmp_qualify_device"] = device
    host.update(variables)
    path = tmp_path / "connection.yml"
    path.write_text(json.dumps({"hmp": {"hosts": {"montreal": host}}}))
    return str(path)


def fleet(playbook_file, inventory, name):
    """Run a playbook of the collection on the fleet's site `montreal`, connected by ``inventory`` alone."""
    return playbook_file(name, unset=CONNECTION_ENV, args=("-i", FLEET, "-i", inventory, "--limit", "montreal"))


def assert_site_converges(emulator, playbook_file, inventory):
    """The fleet's site playbook on `montreal` succeeds, and its second run changes nothing and sends no write."""
    first = fleet(playbook_file, inventory, "playbooks/site.yml")
    assert first.returncode == 0, first.stdout + first.stderr
    emulator.reset_counters()
    second = fleet(playbook_file, inventory, "playbooks/site.yml")
    assert second.returncode == 0, second.stdout + second.stderr
    assert "changed=0" in second.stdout and emulator.writes() == 0, second.stdout


def devices_config_file(tmp_path, name, **options):
    """A configuration file of the inventory plugin haivision.hmp.hmp_devices; ``name`` must end in hmp_devices.yml."""
    path = tmp_path / name
    path.write_text(yaml.safe_dump(dict({"plugin": "haivision.hmp.hmp_devices"}, **options), sort_keys=False))
    return str(path)


def devices_server(emulator, **options):
    """A ``servers`` item of that file for ``emulator``: its host, port and CA."""
    return dict({"hmp_host": "localhost", "hmp_port": emulator.port, "hmp_ca_path": emulator.ca_path}, **options)


def ansible_inventory(collections_path, tmp_path, sources, *args, env=None):
    """Run ansible-inventory on ``sources``, without any HMP_* variable in the environment but ``env``."""
    environment = dict((k, v) for k, v in os.environ.items() if not k.startswith("HMP_"))
    environment.update({"ANSIBLE_COLLECTIONS_PATH": collections_path, "ANSIBLE_NOCOLOR": "1",
                        "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false"})
    environment.update(env or {})
    command = [os.path.join(BIN, "ansible-inventory")]
    for source in sources:
        command += ["-i", source]
    return subprocess.run(command + list(args), env=environment, cwd=str(tmp_path), capture_output=True, text=True,
                          timeout=120)
