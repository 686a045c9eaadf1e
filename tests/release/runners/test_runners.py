"""The fleet playbook (haivision.hmp.site) and the device playbook (haivision.hmp.devices) as AWX and the
automation controller run them, from the installed artifact:

- through ansible-runner, the engine under both: each run succeeds, changes what it declares, and a second
  run changes nothing and sends no write (counted by the emulators);
- through ``ansible-navigator run --ee false``;
- with AWX's job slicing: the inventory is synced once (``ansible-inventory --list --export``), its hosts
  dealt into slices (each host in exactly one; here every third host in name order), every slice a job of
  its own with an inventory of only its hosts (and every group, with its variables), all slices side by side; the end state must be the one a single job over the whole inventory reaches.
"""

import json
import os
import stat
import subprocess
from concurrent.futures import ThreadPoolExecutor

import ansible_runner
import yaml

from release_support import BIN, commands, synced_inventory, writes

SLICES = 3


def runner(environment, tmp_path, name, playbook, inventory, extravars=None, limit=None):
    """ansible_runner.run in a private data folder of its own; the Runner."""
    folder = tmp_path / ("runner-" + name)
    folder.mkdir()
    return ansible_runner.run(private_data_dir=str(folder), playbook=playbook, inventory=inventory,
                              envvars=environment, extravars=extravars or {}, limit=limit, quiet=True)


def succeeded(run):
    assert (run.rc, run.status) == (0, "successful"), run.stdout.read()
    return run


def changed_hosts(run):
    return set(host for host, count in (run.stats or {}).get("changed", {}).items() if count)


def ran_from(run, root):
    """The folders the role tasks of the run came from."""
    paths = set()
    for event in run.events:
        path = (event.get("event_data") or {}).get("task_path") or ""
        if "/roles/" in path:
            paths.add(os.path.realpath(path.split("/roles/")[0]))
    return paths


def script_inventory(folder, data):
    """An inventory script that prints ``data``, as AWX hands a job its synced inventory."""
    os.makedirs(folder)
    path = os.path.join(folder, "hosts")
    with open(path, "w") as out:
        out.write("#!/bin/sh\ncat <<'INVENTORY'\n%s\nINVENTORY\n" % json.dumps(data))
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)
    return path


def all_hosts(data):
    hosts = set(data.get("_meta", {}).get("hostvars", {}))
    for group, body in data.items():
        if group != "_meta":
            hosts.update(body.get("hosts", []))
    return sorted(hosts)


def sliced(data, count):
    """The inventories of ``count`` slices: the hosts sorted by name, host i in slice i % count, each group
    keeping its variables, its children and only the slice's hosts."""
    hosts = all_hosts(data)
    slices = []
    for index in range(count):
        mine = set(hosts[index::count])
        part = {"_meta": {"hostvars": dict((h, v) for h, v in data.get("_meta", {}).get("hostvars", {}).items()
                                           if h in mine)}}
        for group, body in data.items():
            if group != "_meta":
                part[group] = dict(body, hosts=[h for h in body.get("hosts", []) if h in mine])
        slices.append(part)
    assert sorted(h for part in slices for h in all_hosts(part)) == hosts
    return slices


def run_slices(environment, tmp_path, name, playbook, data, extravars=None, limit=None):
    """Every slice as a job of its own, all at once; the Runners, in slice order."""
    inventories = [script_inventory(str(tmp_path / ("%s-slice%d" % (name, i))), part)
                   for i, part in enumerate(sliced(data, SLICES))]
    with ThreadPoolExecutor(SLICES) as pool:
        jobs = [pool.submit(runner, environment, tmp_path, "%s-slice%d" % (name, i), playbook, inventory,
                            extravars, limit) for i, inventory in enumerate(inventories)]
        return [succeeded(job.result()) for job in jobs]


def exported(environment, tmp_path, name, inventory):
    """{site: its state as haivision.hmp.export writes it (the variables of the config role)}."""
    folder = tmp_path / ("export-" + name)
    succeeded(runner(environment, tmp_path, "export-" + name, "haivision.hmp.export", inventory,
                     extravars={"hmp_export_dir": str(folder)}))
    return dict((path[:-4], yaml.safe_load((folder / path).read_text())) for path in os.listdir(str(folder)))


def boxes(emulator):
    """The boxes as the emulator holds them, without the time of their last update."""
    return dict((box["_id"], dict((k, v) for k, v in box.items() if k != "lastAcceptedUpdate"))
                for box in emulator.state()["devices"])


NIGHT = {"lobby_night": True}


def test_ansible_runner_runs_the_fleet_and_device_playbooks_from_the_artifact(
        environment, collection, fleet, fleet_emulators, devices, boxes_emulator, tmp_path):
    servers = fleet_emulators.values()
    first = succeeded(runner(environment, tmp_path, "site", "haivision.hmp.site", fleet))
    assert changed_hosts(first) == set(fleet_emulators)
    assert ran_from(first, collection[1]) == {os.path.realpath(collection[1])}
    assert all(e.state()["sources"] for e in servers)
    for emulator in servers:
        emulator.reset_counters()
    again = succeeded(runner(environment, tmp_path, "site-again", "haivision.hmp.site", fleet))
    assert changed_hosts(again) == set() and writes(servers) == 0

    night = succeeded(runner(environment, tmp_path, "devices", "haivision.hmp.devices", devices, NIGHT, "lobby"))
    assert ran_from(night, collection[1]) == {os.path.realpath(collection[1])}
    assert commands(boxes_emulator) > 0 and changed_hosts(night)
    assert all(host.startswith("Lobby ") for host in changed_hosts(night))
    boxes_emulator.reset_counters()
    again = succeeded(runner(environment, tmp_path, "devices-again", "haivision.hmp.devices", devices, NIGHT,
                             "lobby"))
    assert changed_hosts(again) == set() and commands(boxes_emulator) == 0


def test_ansible_navigator_runs_them_without_an_execution_environment(
        environment, collection, fleet, fleet_emulators, devices, boxes_emulator, tmp_path):
    def navigator(name, playbook, inventory, *args):
        run = subprocess.run([os.path.join(BIN, "ansible-navigator"), "run", playbook, "-i", inventory,
                              "--ee", "false", "--mode", "stdout", "--pae", "false",
                              "--lf", str(tmp_path / (name + ".log"))] + list(args),
                             env=environment, cwd=str(tmp_path), capture_output=True, text=True, timeout=600)
        assert run.returncode == 0, run.stdout + run.stderr
        return run.stdout

    site = navigator("site", "haivision.hmp.site", fleet)
    assert all(site_name in site for site_name in fleet_emulators) and "failed=0" in site
    assert all(e.state()["sessions"] for e in fleet_emulators.values())

    night = navigator("devices", "haivision.hmp.devices", devices, "--limit", "lobby", "-e", "lobby_night=true")
    assert commands(boxes_emulator) > 0 and "failed=0" in night
    states = boxes(boxes_emulator)
    assert all(box["standby"] for box in states.values()
               if box["name"].startswith("Lobby ") and box["name"] != "Lobby 07" and box["status"] in ("Online", "Standby"))


def test_job_slicing_reaches_the_same_end_state_as_one_job(
        environment, fleet, fleet_emulators, devices, boxes_emulator, tmp_path):
    servers = list(fleet_emulators.values())

    # the fleet of servers: one job, then the same inventory in slices on emptied servers
    synced = synced_inventory(environment, fleet)
    succeeded(runner(environment, tmp_path, "site-whole", "haivision.hmp.site",
                     script_inventory(str(tmp_path / "site-whole"), synced)))
    whole = exported(environment, tmp_path, "whole", fleet)
    for emulator in servers:
        emulator.reset()
    slices = run_slices(environment, tmp_path, "site", "haivision.hmp.site", synced)
    assert sorted(h for run in slices for h in changed_hosts(run)) == sorted(fleet_emulators)
    assert exported(environment, tmp_path, "sliced", fleet) == whole
    assert set(whole) == set(fleet_emulators) and all(whole[site]["hmp_sessions"] for site in whole)

    # the set-top boxes: the plugin's inventory synced once, the night job in one job, then in slices
    synced = synced_inventory(environment, devices)
    assert len(all_hosts(synced)) == len(boxes_emulator.state()["devices"])
    initial = boxes_emulator.state()
    succeeded(runner(environment, tmp_path, "devices-whole", "haivision.hmp.devices",
                     script_inventory(str(tmp_path / "devices-whole"), synced), NIGHT, "lobby"))
    whole = boxes(boxes_emulator)
    assert whole != dict((b["_id"], dict((k, v) for k, v in b.items() if k != "lastAcceptedUpdate"))
                         for b in initial["devices"])
    boxes_emulator.reset(initial)
    slices = run_slices(environment, tmp_path, "devices", "haivision.hmp.devices", synced, NIGHT, "lobby")
    assert all(changed_hosts(run) for run in slices)  # each slice had lobby screens to change
    assert boxes(boxes_emulator) == whole
