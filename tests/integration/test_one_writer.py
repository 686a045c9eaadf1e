"""One writer per server on a controller (plugins/module_utils/engine/_lock.py; docs/reliability.md, "One writer per
server"): two site runs at once against one server, and a run killed while it writes. HMP keeps no name unique, so
without the lock both runs would read "missing" and both create."""

import collections
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from harness import BIN, emulator_connection

SOURCES = [{"name": "Feed %03d" % n, "type": "udp", "multicast": True, "host": "239.5.%d.%d" % (n // 200, n % 200 + 1),
            "port": 5000} for n in range(150)]
SESSIONS = [{"title": "Show %02d" % n, "sources": ["Feed %03d" % (4 * n + k) for k in range(3)]} for n in range(10)]


def site_inventory(emulator, tmp_path):
    host = dict(emulator_connection(emulator), hmp_sources=SOURCES, hmp_sessions=SESSIONS,
                ansible_python_interpreter=sys.executable)
    path = tmp_path / "site.json"
    path.write_text(json.dumps({"hmp": {"hosts": {"studio": host}}}))
    return str(path)


def start_site(collections_path, inventory, tmp_path, name):
    """``haivision.hmp.site`` in a process group of its own; its output goes to ``<name>.log``."""
    environment = dict((k, v) for k, v in os.environ.items() if not k.startswith(("HMP_", "ANSIBLE_")))
    environment.update(ANSIBLE_COLLECTIONS_PATH=collections_path, ANSIBLE_NOCOLOR="1", HMP_LOCK_DIR=str(tmp_path / "locks"),
                       ANSIBLE_LOCALHOST_WARNING="false")
    log = open(str(tmp_path / ("%s.log" % name)), "w")
    process = subprocess.Popen([os.path.join(BIN, "ansible-playbook"), "-i", inventory, "haivision.hmp.site"],
                               env=environment, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    process.log = log
    return process


def finished(process, timeout=240):
    process.wait(timeout=timeout)
    process.log.close()
    with open(process.log.name) as handle:
        return process.returncode, handle.read()


def names(emulator):
    state = emulator.state()
    return (collections.Counter(s["name"] for s in state["sources"]),
            collections.Counter(s["title"] for s in state["sessions"]))


def assert_each_once(emulator):
    sources, sessions = names(emulator)
    assert [n for n, c in sources.items() if c > 1] == [] and [t for t, c in sessions.items() if c > 1] == []
    assert len(sources) == len(SOURCES) and len(sessions) == len(SESSIONS)


def descendants(pid):
    """The processes started by ``pid``, and by them (Ansible's workers leave its process group: os.setsid)."""
    parents = {}
    for entry in os.listdir("/proc"):
        try:
            with open("/proc/%s/stat" % entry) as handle:
                parents.setdefault(int(handle.read().rsplit(")", 1)[1].split()[1]), []).append(int(entry))
        except (ValueError, OSError, IndexError):
            continue
    found, todo = [], [pid]
    while todo:
        children = parents.get(todo.pop(), [])
        found += children
        todo += children
    return found


def kill(pids, timeout=30):
    """SIGKILL each of ``pids``, and wait until none runs any more."""
    for pid in pids:
        os.kill(pid, signal.SIGKILL)
    deadline = time.time() + timeout
    while any(running(pid) for pid in pids[1:]):  # the first is a child of this process: finished() reaps it
        assert time.time() < deadline, "a killed process still runs"
        time.sleep(0.05)


def running(pid):
    try:
        with open("/proc/%d/stat" % pid) as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def writes_started(emulator, at_least=10, timeout=120):
    deadline = time.time() + timeout
    while emulator.counters()["writes"] < at_least:
        assert time.time() < deadline, "the run never started writing"
        time.sleep(0.1)


@pytest.mark.parametrize("apart", [0, 1], ids=["together", "a second apart"])
def test_two_site_runs_at_once_create_nothing_twice_and_the_second_says_it_waited(
        emulator, collections_path, tmp_path, apart):
    emulator.reset({})
    emulator.set_faults(latency_ms=60)  # each run writes for a few seconds: they overlap
    inventory = site_inventory(emulator, tmp_path)
    first = start_site(collections_path, inventory, tmp_path, "first")
    time.sleep(apart)
    second = start_site(collections_path, inventory, tmp_path, "second")
    outputs = [finished(first), finished(second)]
    assert [code for code, _output in outputs] == [0, 0], outputs
    assert_each_once(emulator)
    waited = [output for _code, output in outputs if "waiting for haivision.hmp.hmp_config task" in output]
    assert len(waited) == 1, outputs  # the one that came second, live ...
    assert "waited " in waited[0] and "one task at a time writes to a server" in waited[0]  # ... and in its result
    assert "changed=0" in waited[0]  # it read afresh, after the other had written everything

    emulator.reset_counters()
    code, output = finished(start_site(collections_path, inventory, tmp_path, "third"))
    assert code == 0 and "changed=0" in output and emulator.writes() == 0


@pytest.mark.parametrize("killed", ["the whole run", "the playbook, not its worker"])
def test_a_run_killed_while_it_writes_leaves_no_stale_lock_and_nothing_twice(emulator, collections_path, tmp_path,
                                                                             killed):
    emulator.reset({})
    emulator.set_faults(latency_ms=20)
    inventory = site_inventory(emulator, tmp_path)
    doomed = start_site(collections_path, inventory, tmp_path, "killed")
    writes_started(emulator)
    if killed == "the whole run":
        kill([doomed.pid] + descendants(doomed.pid))  # ansible-playbook and its worker: the lock goes with them
    else:
        kill([doomed.pid])  # Ansible's worker (a session of its own) goes on writing, and holds the lock while it does
    finished(doomed)
    started = time.time()
    code, output = finished(start_site(collections_path, inventory, tmp_path, "next"))
    assert code == 0, output
    if killed == "the whole run":
        assert "waiting for" not in output and time.time() - started < 60  # no stale lock to wait for
    else:
        assert "waiting for haivision.hmp.hmp_config task" in output  # the orphaned worker was still writing
    assert_each_once(emulator)
    emulator.reset_counters()
    code, output = finished(start_site(collections_path, inventory, tmp_path, "after"))
    assert code == 0 and emulator.writes() == 0, output
