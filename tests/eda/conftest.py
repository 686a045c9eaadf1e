"""The event source haivision.hmp.hmp_watch under the real ansible-rulebook, against emulators.

`make eda` runs these tests from .venv's pytest with HMP_EDA_VENV (.venv-eda: ansible-rulebook, ansible-galaxy,
ansible-playbook) and HMP_EDA_COLLECTIONS (build/collections, where `make build` installed the collection).
Run directly, they use those two folders of the checkout, which `make eda` makes.
"""

import json
import os
import subprocess
import sys
import time

import pytest
import requests

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, ROOT)

from hmp_emulator.launcher import ADMIN_PASSWORD, ADMIN_USER  # noqa: E402

EDA_VENV = os.environ.get("HMP_EDA_VENV") or os.path.join(ROOT, ".venv-eda")
COLLECTIONS = os.environ.get("HMP_EDA_COLLECTIONS") or os.path.join(ROOT, "build", "collections")
INTERVAL = 2  # seconds between polls in these tests; an action's effect is awaited for INTERVAL + 5 s
DEADLINE = INTERVAL + 5


def pytest_configure(config):
    missing = [what for what, path in (
        ("ansible-rulebook (make .venv-eda/.installed)", os.path.join(EDA_VENV, "bin", "ansible-rulebook")),
        ("the built collection (make build)", os.path.join(COLLECTIONS, "ansible_collections", "haivision", "hmp")),
    ) if not os.path.exists(path)]
    if missing:
        raise pytest.UsageError("tests/eda needs %s: run them with `make eda`" % " and ".join(missing))


@pytest.fixture(scope="session")
def eda_environment():
    """The environment of ansible-rulebook: .venv-eda first on PATH, the built collection, Java 17+."""
    java_home = subprocess.run([os.path.join(ROOT, ".ci", "find-java")], check=True, stdout=subprocess.PIPE,
                               text=True).stdout.strip()
    environment = dict(os.environ)
    for name in list(environment):
        if name.startswith("HMP_") or name.startswith("ANSIBLE_"):
            del environment[name]
    environment.update({
        "PATH": os.path.join(EDA_VENV, "bin") + os.pathsep + environment["PATH"],
        "JAVA_HOME": java_home,
        "ANSIBLE_COLLECTIONS_PATH": COLLECTIONS,
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_LOCALHOST_WARNING": "false",
        "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
        "PYTHONUNBUFFERED": "1",
        # The JVM of the rule engine ends the process on SIGTERM unless told not to handle signals: with -Xrs,
        # ansible-rulebook handles it, and the event source gets to log out.
        "JAVA_TOOL_OPTIONS": "-Xrs",
    })
    return environment


class Control(object):
    """The control plane and request log of an emulator that something else started (run.sh)."""

    def __init__(self, url, ca_path):
        self.url = url
        self.ca_path = ca_path
        self.http = requests.Session()

    def call(self, method, path, body=None):
        answer = self.http.request(method, "%s/_emulator/%s" % (self.url, path), json=body, verify=self.ca_path,
                                   timeout=30)
        answer.raise_for_status()
        return answer.json() if answer.content else None

    def state(self):
        return self.call("GET", "state")

    def requests_log(self):
        return self.call("GET", "requests")

    def count(self, route):
        """How many requests to ``route`` ("GET /apis/sources") the emulator counted since its last reset."""
        return self.call("GET", "counters")["by_route"].get(route, 0)

    def signal(self, source_id, **observed):
        return self.call("PUT", "sources/%s/signal" % source_id, observed)

    def presence(self, stb_id, **observed):
        return self.call("PUT", "devices/%s/presence" % stb_id, observed)

    def id_of(self, kind, field, value):
        key = "_id" if kind == "devices" else "id"
        return next(o[key] for o in self.state()[kind] if o.get(field) == value)

    def rest(self):
        """A logged-in REST session, as another tool or the web interface would use."""
        return Rest(self.url, self.ca_path)


class Rest(object):
    """A REST session of another tool: logs in with the administrator's password, or with an API key pair
    (``api_key``: its own login route, apart from the watch's in the request log); logs in again on a 401."""

    def __init__(self, url, ca_path, api_key=None):
        self.url, self.verify, self.api_key = url, ca_path, api_key
        self.http = requests.Session()
        self.login()

    def login(self):
        if self.api_key:
            data = self.send("POST", "/apis/authentication/login/key",
                             {"apiKey": self.api_key[0], "apiSecret": self.api_key[1]}, again=False)
            self.http.headers["Authorization"] = "Bearer %s" % data["authToken"]
        else:
            self.send("POST", "/apis/authentication/login", {"username": ADMIN_USER, "password": ADMIN_PASSWORD},
                      again=False)

    def send(self, method, path, body=None, again=True):
        answer = self.http.request(method, self.url + path, json=body, verify=self.verify, timeout=30)
        if answer.status_code == 401 and again:
            self.login()
            return self.send(method, path, body, again=False)
        answer.raise_for_status()
        return answer.json().get("data") if answer.content else None


def wait_for(what, condition, timeout, step=0.1):
    """``condition()``'s first true value within ``timeout`` seconds; fails naming ``what`` otherwise."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail("%s: not within %.1f s" % (what, timeout))
        time.sleep(step)


def stop(process, timeout=30):
    """SIGTERM, as Ctrl-C would; the exit status."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


class Example(object):
    """``examples/eda/run.sh NAME`` running as a user runs it, with its work folder in ``work``."""

    def __init__(self, name, work, environment):
        self.work = str(work)
        self.log_path = os.path.join(self.work, "run.log")
        environment = dict(environment, HMP_EDA_WORK=self.work, HMP_WATCH_INTERVAL=str(INTERVAL))
        os.makedirs(self.work, exist_ok=True)
        self._log = open(self.log_path, "w")
        self.process = subprocess.Popen([os.path.join(ROOT, "examples", "eda", "run.sh"), name], env=environment,
                                        stdout=self._log, stderr=subprocess.STDOUT, cwd=ROOT)
        wait_for("run.sh %s starting ansible-rulebook" % name, lambda: self.running("==> ansible-rulebook"), 180)

    def running(self, marker):
        if self.process.poll() is not None:
            pytest.fail("run.sh exited with %s:\n%s" % (self.process.returncode, self.output()))
        return marker in self.output()

    def output(self):
        with open(self.log_path) as handle:
            return handle.read()

    def emulator(self, site):
        with open(os.path.join(self.work, site, "port")) as handle:
            port = int(handle.read())
        return Control("https://localhost:%d" % port, os.path.join(self.work, site, "ca.pem"))

    def lines(self, name):
        path = os.path.join(self.work, name)
        if not os.path.exists(path):
            return []
        with open(path) as handle:
            return [line for line in handle.read().splitlines() if line.strip()]

    def stop(self):
        stop(self.process)
        self._log.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    if call.when == "call":
        item.failed_call = outcome.get_result().failed


@pytest.fixture
def example(request, tmp_path, eda_environment):
    """Start ``examples/eda/run.sh NAME``; stopped (emulators included) at the end of the test, its output
    shown when the test failed."""
    started = []

    def start(name):
        started.append(Example(name, tmp_path / name, eda_environment))
        return started[-1]

    yield start
    for one in started:
        one.stop()
        if getattr(request.node, "failed_call", True):
            print("run.sh output:\n" + one.output()[-6000:])


class Rulebook(object):
    """ansible-rulebook with tests/eda/rulebooks/record_events.yml: every event the watch puts on the queue
    is written, as it arrives, to ``events_path`` (tests/eda/filters/record_events.py)."""

    def __init__(self, work, environment, emulator, **watch):
        self.work = str(work)
        self.events_path = os.path.join(self.work, "events.jsonl")
        settings = {"hmp_port": emulator.port, "hmp_ca_path": emulator.ca_path, "interval": INTERVAL,
                    "retries": 5, "retry_delay": 0.5, "hmp_username": ADMIN_USER}
        settings.update(watch)
        vars_path = os.path.join(self.work, "vars.json")
        with open(vars_path, "w") as handle:
            json.dump(settings, handle)
        self.log_path = os.path.join(self.work, "ansible-rulebook.log")
        self._log = open(self.log_path, "w")
        environment = dict(environment, HMP_PASSWORD=ADMIN_PASSWORD, HMP_EDA_EVENTS=self.events_path)
        self.process = subprocess.Popen(
            ["ansible-rulebook", "-r", os.path.join(HERE, "rulebooks", "record_events.yml"), "-i",
             os.path.join(ROOT, "examples", "eda", "inventory.yml"), "--vars", vars_path, "-F",
             os.path.join(HERE, "filters")],
            env=environment, stdout=self._log, stderr=subprocess.STDOUT, cwd=self.work)

    def events(self):
        if not os.path.exists(self.events_path):
            return []
        with open(self.events_path) as handle:
            return [json.loads(line) for line in handle if line.strip()]

    def output(self):
        with open(self.log_path) as handle:
            return handle.read()

    def alive(self):
        if self.process.poll() is not None:
            pytest.fail("ansible-rulebook exited with %s:\n%s" % (self.process.returncode, self.output()))
        return True

    def stop(self):
        status = stop(self.process)
        self._log.close()
        return status


@pytest.fixture
def rulebook(request, tmp_path, eda_environment):
    started = []

    def start(emulator, **watch):
        started.append(Rulebook(tmp_path, eda_environment, emulator, **watch))
        return started[-1]

    yield start
    for one in started:
        one.stop()
        if getattr(request.node, "failed_call", True):
            print("ansible-rulebook output:\n" + one.output()[-6000:])
