"""A 404 is an answer only while the login is known alive (contract: login_expiry, V10): the emulator forgets every
login in the middle of a task, then answers as each reading says (a: 401; b: 404, a collection as if empty; c:
reads 404, writes 401). No write, no result and no inventory rests on a read made under the ended login: each
task reads afresh under a new login and completes, writes nothing twice, and the next run writes nothing."""

import collections
import json

import pytest

from harness import ansible_inventory, devices_config_file, devices_server

READINGS = ["a", "b", "c"]
SOURCES = [{"name": "Cam %03d" % n, "type": "UDP", "host": "239.1.%d.%d" % (n // 200, n % 200 + 1), "port": 4900,
            "multicast": True} for n in range(120)]  # two pages of 100


def declared(source):
    return {"name": source["name"], "type": "udp", "host": source["host"], "port": 4900, "multicast": True}


def forget_logins(emulator, reading, after):
    """From now on, V10 ``reading``, and every login ends just before the request after the next ``after``."""
    emulator.set_variants(V10=reading)
    emulator.set_faults(expire_sessions_after=after)


def names(emulator):
    return collections.Counter(s["name"] for s in emulator.state()["sources"])


@pytest.mark.parametrize("reading", READINGS)
def test_hmp_config_forgotten_between_two_pages_creates_nothing_twice_and_the_next_run_writes_nothing(
        emulator, playbook, reading):
    emulator.reset({"sources": SOURCES})
    wanted = [declared(s) for s in SOURCES] + [{"name": "Cam new", "type": "udp", "port": 5000, "multicast": False}]
    task = {"name": "declare", "haivision.hmp.hmp_config": {"sources": wanted}}
    forget_logins(emulator, reading, after=2)  # the login, page 1 of the sources: page 2 finds the login ended

    run = playbook([task])
    assert run.returncode == 0, run.stdout
    assert run.result("declare")["summary"]["sources"]["created"] == ["Cam new"]
    counted = names(emulator)
    assert [name for name, count in counted.items() if count > 1] == []
    assert len(counted) == 121
    logins = [e for e in emulator.requests_log() if e["route"] == "/apis/authentication/login" and e["method"] == "POST"]
    assert len(logins) == 2  # the first, and one more once the look at the login found it ended

    emulator.reset_counters()
    again = playbook([task])
    assert again.result("declare")["changed"] is False and emulator.writes() == 0


@pytest.mark.parametrize("reading", READINGS)
def test_a_module_an_info_module_and_an_export_read_afresh_under_a_new_login(emulator, playbook, reading):
    emulator.reset({"sources": SOURCES[:3]})
    tasks = [
        {"name": "source", "haivision.hmp.hmp_source": declared(SOURCES[1])},
        {"name": "info", "haivision.hmp.hmp_source_info": {}},
        {"name": "export", "haivision.hmp.hmp_config_info": {}},
    ]
    forget_logins(emulator, reading, after=1)  # each task's login ends before its first read
    run = playbook(tasks[:1])
    emulator.set_faults(expire_sessions_after=1)
    run_info = playbook(tasks[1:2])
    emulator.set_faults(expire_sessions_after=1)
    run_export = playbook(tasks[2:])
    assert run.result("source")["changed"] is False and run.result("source")["source"]["name"] == "Cam 001"
    assert [s["name"] for s in run_info.result("info")["sources"]] == ["Cam 000", "Cam 001", "Cam 002"]
    assert [s["name"] for s in run_export.result("export")["sources"]] == ["Cam 000", "Cam 001", "Cam 002"]
    assert emulator.writes() == 0 and sorted(names(emulator).values()) == [1, 1, 1]


@pytest.mark.parametrize("reading", ["b", "c"])
def test_the_inventory_plugin_lists_every_box_after_its_login_ended(emulator, collections_path, tmp_path, reading):
    emulator.reset({"devices": [{"_id": "box%d" % n, "name": "Lobby %d" % n, "status": "Online"} for n in range(3)]})
    path = devices_config_file(tmp_path, "lobby.hmp_devices.yml", servers=[devices_server(emulator)])
    forget_logins(emulator, reading, after=1)
    login = dict((name, emulator.connection_env()[name]) for name in ("HMP_USERNAME", "HMP_PASSWORD"))
    listed = ansible_inventory(collections_path, tmp_path, [path], "--list", env=login)
    assert listed.returncode == 0, listed.stderr
    hosts = json.loads(listed.stdout)["_meta"]["hostvars"]
    assert sorted(hosts) == ["Lobby 0", "Lobby 1", "Lobby 2"], listed.stderr


def test_the_qualification_names_the_reading_of_an_ended_login(emulator, playbook):
    emulator.set_variants(V10="b")
    run = playbook([{"name": "qualify", "haivision.hmp.hmp_qualify": {}}])
    check = next(c for c in run.result("qualify")["checks"] if c["id"] == "login_expiry")
    assert (check["status"], run.result("qualify")["variants"]["V10"]) == ("variant", "b"), check
    assert emulator.writes() == 0
