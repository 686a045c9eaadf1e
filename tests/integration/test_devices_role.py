"""playbooks/devices.yml and the devices role, run as a user runs them: the inventory plugin makes the boxes
hosts, group_vars declare the state of a group of lobby screens, host_vars that of one box, and the
credentials come from the environment.

Commands are counted by the emulator (its counters and request log), never assumed; the offline box is a box
the emulator reports Offline. The decisions of the engine (hmp_device's ``offline`` option) are those the
role is built on: ``report`` sends an offline box nothing, returns ``offline`` and ``pending`` and warns.
"""

import json

import yaml

PLAYBOOK = "playbooks/devices.yml"
TASK = "Bring the set-top box to its declared state"
SUMMARY = "List the boxes that were not connected, and what they did not get"
COMMANDS = "/apis/devices/stbs/:stbId/commands"


def box(box_id, name, status="Online", standby=False, muted=False, volume=0.5):
    return {"_id": box_id, "name": name, "hostname": box_id.upper(), "status": status, "standby": standby,
            "muted": muted, "volume": volume}


BOXES = [
    box("lobby1", "Lobby 1"),                                            # differs: set-volume, standby-on
    box("lobby2", "Lobby 2", status="Standby", standby=True, volume=0.3),  # already as declared
    box("lobby3", "Lobby 3", status="Offline"),                          # differs, but offline: nothing sent
    box("lobby4", "Lobby 4", standby=False, volume=0.5),                 # its host_vars: set-volume, set-channel
    box("lobby5", "Lobby 5", status="Offline", standby=True, volume=0.3),  # offline, but already as declared
    box("lobby6", "Lobby 6", status="Standby", standby=True, muted=True, volume=0.3),  # differs: unmute
    box("floor1", "Floor 1", volume=0.9),                                # declares nothing: no request at all
]
LOBBY = {"hmp_device_standby": True, "hmp_device_volume": 0.3, "hmp_device_muted": False}
LOBBY_4 = {"hmp_device_standby": False, "hmp_device_volume": 0.8,
           "hmp_device_channel": {"type": "source", "name": "Cam 1"}}
EXPECTED = {  # the commands each box gets, in order
    "lobby1": ["set-volume", "standby-on"],
    "lobby4": ["set-volume", "set-channel"],
    "lobby6": ["unmute"],
}


def fleet_inventory(emulator, tmp_path):
    """An inventory folder: the plugin's file (where the server is; no credential), group_vars for the
    lobby screens and host_vars for one of them."""
    folder = tmp_path / "inventory"
    (folder / "group_vars").mkdir(parents=True)
    (folder / "host_vars").mkdir()
    (folder / "boxes.hmp_devices.yml").write_text(yaml.safe_dump({
        "plugin": "haivision.hmp.hmp_devices",
        "servers": [{"hmp_host": "localhost", "hmp_port": emulator.port, "hmp_ca_path": emulator.ca_path,
                     "group": "site"}],
        "groups": {"lobby": "hmp_device.name is match('Lobby')"},
    }))
    (folder / "group_vars" / "lobby.yml").write_text(yaml.safe_dump(LOBBY))
    (folder / "host_vars" / "Lobby 4.yml").write_text(yaml.safe_dump(LOBBY_4))
    return str(folder)


def seed(emulator):
    emulator.reset({"sources": [{"name": "Cam 1", "type": "UDP", "host": "239.1.1.1", "port": 4900,
                                 "multicast": True}],
                    "devices": BOXES})
    emulator.reset_counters()
    emulator.clear_requests_log()


def sent(emulator):
    """{box id: [command, ...]} of the commands the emulator received."""
    commands = {}
    for entry in emulator.requests_log():
        if entry["route"] == COMMANDS:
            commands.setdefault(entry["path"].split("/")[4], []).append(json.loads(entry["body"])["command"])
    return commands


def touched(emulator):
    """The box ids any request named (reads and commands)."""
    return set(entry["path"].split("/")[4] for entry in emulator.requests_log()
               if entry["path"].startswith("/apis/devices/stbs/"))


def by_box(run, task=TASK):
    return dict((r["host"], r) for r in run.results if r["task"].endswith(task))


def test_the_devices_playbook_sends_only_what_differs_reports_offline_boxes_and_a_second_run_sends_nothing(
        emulator, playbook_file, tmp_path):
    seed(emulator)
    inventory = fleet_inventory(emulator, tmp_path)
    before = emulator.state()["devices"]

    # --check --diff: no command, and what would change
    check = playbook_file(PLAYBOOK, check=True, diff=True, args=("-i", inventory))
    assert check.returncode == 0, check.stdout + check.stderr
    assert emulator.writes() == 0 and emulator.state()["devices"] == before
    results = by_box(check)
    assert results["Floor 1"]["status"] == "skipped"
    for host, commands in (("Lobby 1", EXPECTED["lobby1"]), ("Lobby 4", EXPECTED["lobby4"]),
                           ("Lobby 6", EXPECTED["lobby6"])):
        result = results[host]["result"]
        assert result["changed"] is True, (host, result)
        assert [action.split(" ")[0] for action in result["actions"]] == commands
        assert "diff" in result
    assert results["Lobby 2"]["result"]["changed"] is False and results["Lobby 5"]["result"]["changed"] is False
    offline = results["Lobby 3"]["result"]
    assert results["Lobby 3"]["status"] == "ok" and offline["changed"] is False and offline["offline"] is True
    assert [p.split(" ")[0] for p in offline["pending"]] == ["set-volume", "standby-on"]

    # the run: the commands of the boxes that differ, nothing for the others
    emulator.clear_requests_log()
    applied = playbook_file(PLAYBOOK, args=("-i", inventory))
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert sent(emulator) == EXPECTED
    assert emulator.writes() == sum(len(c) for c in EXPECTED.values())
    assert "floor1" not in touched(emulator)
    results = by_box(applied)
    assert dict((h, r["result"].get("changed")) for h, r in results.items() if r["status"] == "ok") == {
        "Lobby 1": True, "Lobby 2": False, "Lobby 3": False, "Lobby 4": True, "Lobby 5": False, "Lobby 6": True}
    assert results["Lobby 3"]["result"]["offline"] is True
    summary = [r for r in applied.results if r["task"].endswith(SUMMARY) and r["status"] == "ok"]
    assert len(summary) == 1 and len(summary[0]["result"]["msg"]) == 1
    assert summary[0]["result"]["msg"][0].startswith("nothing sent to Lobby 3 (Offline, id lobby3): set-volume")
    assert "Lobby 3" in applied.stdout and "[WARNING]" in applied.stdout + applied.stderr
    state = dict((d["_id"], d) for d in emulator.state()["devices"])
    assert (state["lobby1"]["standby"], state["lobby1"]["volume"]) == (True, 0.3)
    assert (state["lobby4"]["standby"], state["lobby4"]["volume"], state["lobby4"]["channelName"]) == (
        False, 0.8, "Cam 1")
    assert state["lobby6"]["muted"] is False
    assert state["lobby3"] == dict((d["_id"], d) for d in before)["lobby3"]

    # again: nothing to send
    emulator.reset_counters()
    again = playbook_file(PLAYBOOK, args=("-i", inventory))
    assert again.returncode == 0, again.stdout + again.stderr
    assert emulator.writes() == 0
    assert not [h for h, r in by_box(again).items() if r["result"].get("changed")]

    # hmp_device_offline=fail: the offline box that needs a command fails, and only it (two offline boxes
    # and one in its state, to keep the run short)
    fail = playbook_file(PLAYBOOK, args=("-i", inventory, "-e", "hmp_device_offline=fail",
                                         "--limit", "Lobby 2,Lobby 3,Lobby 5"))
    assert fail.returncode != 0
    assert emulator.writes() == 0
    assert dict((h, r["status"]) for h, r in by_box(fail).items()) == {
        "Lobby 2": "ok", "Lobby 3": "failed", "Lobby 5": "ok"}
    assert "Offline" in by_box(fail)["Lobby 3"]["result"]["msg"]
