"""hmp_device and hmp_device_info end to end: every command path, no-ops, check mode, diff, errors, paging.

Zero-write claims are read from the emulator's counters, never assumed; "nothing moved" claims
compare the emulator's whole state dump before and after.
"""

import json

import pytest
from harness import page_reads, tasks_of

DEVICE = "haivision.hmp.hmp_device"
INFO = "haivision.hmp.hmp_device_info"

COMMANDS = "POST /apis/devices/stbs/:stbId/commands"
LOBBY_ID = "bvgR95DKAXUTr402cyM8ew"
HALL_ID = "standbyBox0000000000002"
BASEMENT_ID = "offlineBox0000000000001"

BOXES = [
    {"_id": LOBBY_ID, "name": "Lobby TV", "hostname": "37D78D000096", "status": "Online",
     "standby": False, "muted": False, "volume": 0.5},
    {"_id": BASEMENT_ID, "name": "Basement", "hostname": "37D78D000097", "status": "Offline",
     "standby": False, "muted": False, "volume": 0.5},
    {"_id": HALL_ID, "name": "Hall", "hostname": "37D78D000098", "status": "Standby",
     "standby": True, "muted": True, "volume": 0.2},
    {"_id": "twinBox00000000000000A", "name": "Twin", "status": "Online"},
    {"_id": "twinBox00000000000000B", "name": "Twin", "status": "Online"},
]


task = tasks_of(DEVICE, "device")


def sent_commands(emulator):
    """The commands the box got, in order: (box id, body)."""
    return [(entry["path"].split("/")[4], json.loads(entry["body"]))
            for entry in emulator.requests_log() if entry["route"] == "/apis/devices/stbs/:stbId/commands"]


def seed(emulator, devices=BOXES):
    emulator.reset({
        "sources": [{"name": "Cam 1", "type": "UDP", "host": "239.1.1.1", "port": 4900, "multicast": True}],
        "sessions": [{"title": "Studio A", "sources": []}],
        "videos": [{"title": "Keynote", "description": "", "duration": 60.5, "movieTrackCount": 1}],
        "devices": list(devices),
    })
    state = emulator.state()
    ids = dict((s["name"], s["id"]) for s in state["sources"])
    ids.update((s["title"], s["id"]) for s in state["sessions"])
    ids.update((v["title"], v["id"]) for v in state["videos"])
    return ids


def box(emulator, box_id):
    [found] = [d for d in emulator.state()["devices"] if d["_id"] == box_id]
    return found


def managed(device):
    return dict((k, device[k]) for k in ("standby", "status", "muted", "volume", "channelId", "channelType",
                                         "channelName"))


def test_standby_mute_volume_channel_then_the_same_again_sends_nothing(emulator, playbook):
    ids = seed(emulator)
    night = {"name": "Lobby TV", "standby": True, "muted": True, "volume": 0.75,
             "channel": {"type": "source", "name": "Cam 1"}}

    emulator.reset_counters()
    emulator.clear_requests_log()
    run = playbook([task(night)], diff=True)
    assert run.returncode == 0, run.stdout
    result = run.result("device")
    assert result["changed"] is True
    # standby-on last: a box in standby cannot tune
    assert [c for _box, c in sent_commands(emulator)] == [
        {"command": "mute"},
        {"command": "set-volume", "parameters": {"volume": 0.75}},
        {"command": "set-channel", "parameters": {"id": ids["Cam 1"], "name": None, "type": "source"}},
        {"command": "standby-on"},
    ]
    assert set(b for b, _c in sent_commands(emulator)) == {LOBBY_ID}
    assert emulator.write_routes() == {COMMANDS: 4}
    assert [a.split(" ")[0] for a in result["actions"]] == ["mute", "set-volume", "set-channel", "standby-on"]
    expected = {"standby": True, "status": "Standby", "muted": True, "volume": 0.75, "channelId": ids["Cam 1"],
                "channelType": "source", "channelName": "Cam 1"}
    assert managed(box(emulator, LOBBY_ID)) == expected
    assert managed(result["device"]) == expected  # read again after the commands
    assert result["diff"] == {
        "before": {"standby": False, "muted": False, "volume": 0.5, "channel": None},
        "after": {"standby": True, "muted": True, "volume": 0.75,
                  "channel": {"type": "source", "id": ids["Cam 1"], "name": "Cam 1"}}}

    # the same task again, by name and by id, and the channel by id: no change, no write
    emulator.reset_counters()
    before = emulator.state()
    again = playbook([
        task(night, name="by name"),
        task({"id": LOBBY_ID, "standby": True, "muted": True, "volume": 0.75,
              "channel": {"type": "source", "id": ids["Cam 1"]}}, name="by id"),
        task({"name": "Lobby TV", "volume": 0.753}, name="within the tolerance"),
    ], diff=True)
    for name in ("by name", "by id", "within the tolerance"):
        assert again.result(name)["changed"] is False, name
        assert again.result(name)["actions"] == [], name
    assert again.result("by name")["diff"]["before"] == again.result("by name")["diff"]["after"]
    assert emulator.writes() == 0
    assert emulator.state() == before


def test_waking_a_box_comes_first_and_every_channel_type_tunes(emulator, playbook):
    ids = seed(emulator)
    emulator.reset_counters()
    emulator.clear_requests_log()
    run = playbook([
        task({"name": "Hall", "standby": False, "muted": False, "volume": 0.4,
              "channel": {"type": "session", "name": "Studio A"}}, name="wake"),
        task({"name": "Hall", "channel": {"type": "video", "name": "Keynote"}}, name="video"),
        task({"name": "Hall", "channel": {"type": "composition", "id": "layout-1"}}, name="composition"),
    ])
    assert run.returncode == 0, run.stdout
    commands = [c for _box, c in sent_commands(emulator)]
    assert commands == [
        {"command": "standby-off"},
        {"command": "unmute"},
        {"command": "set-volume", "parameters": {"volume": 0.4}},
        {"command": "set-channel", "parameters": {"id": ids["Studio A"], "name": None, "type": "session"}},
        {"command": "set-channel", "parameters": {"id": ids["Keynote"], "name": None, "type": "asset"}},
        {"command": "set-channel", "parameters": {"id": "layout-1", "name": None, "type": "composition"}},
    ]
    assert all(run.result(n)["changed"] for n in ("wake", "video", "composition"))
    hall = box(emulator, HALL_ID)
    assert (hall["standby"], hall["status"], hall["muted"], hall["volume"]) == (False, "Online", False, 0.4)
    assert (hall["channelId"], hall["channelType"]) == ("layout-1", "composition")
    assert managed(run.result("video")["device"])["channelName"] == "Keynote"

    # each again: nothing to do
    emulator.reset_counters()
    again = playbook([
        task({"name": "Hall", "standby": False, "muted": False, "volume": 0.4}, name="awake"),
        task({"name": "Hall", "channel": {"type": "composition", "id": "layout-1"}}, name="composition"),
    ])
    assert again.result("awake")["changed"] is False
    assert again.result("composition")["changed"] is False
    assert emulator.writes() == 0


NIGHT = {"name": "Lobby TV", "standby": True, "muted": True, "volume": 0.75,
         "channel": {"type": "source", "name": "Cam 1"}}
NIGHT_COMMANDS = ["mute", "set-volume", "set-channel", "standby-on"]


def command_log(emulator):
    """(command, fault) of every command request the emulator saw, in order (fault: None, "drop", "lost_answer")."""
    return [(json.loads(e["body"])["command"], e["fault"]) for e in emulator.requests_log()
            if e["route"] == "/apis/devices/stbs/:stbId/commands"]


def night_state(ids):
    return {"standby": True, "status": "Standby", "muted": True, "volume": 0.75, "channelId": ids["Cam 1"],
            "channelType": "source", "channelName": "Cam 1"}


@pytest.mark.parametrize("reading", ["a", "b"])
def test_commands_whose_answers_are_lost_are_read_back_and_each_reaches_the_box_once(emulator, playbook, reading):
    """Every answer of the commands route lost (the emulator carries each command out, then closes the connection):
    each command is read back, found done, and not sent again, also where the box applies it a second later (V7 b).
    A text message leaves nothing to read back: sent once, and the task fails."""
    ids = seed(emulator)
    if reading == "b":
        emulator.set_variants(V7="b", stb_command_delay=1.0)
    emulator.set_faults(lost_answer_rate=1.0, routes=[COMMANDS])
    emulator.reset_counters()
    emulator.clear_requests_log()
    run = playbook([task(dict(NIGHT, settle_timeout=10), name="night"),
                    task({"name": "Lobby TV", "text_message": "Closing"}, name="message", ignore_errors=True)])
    emulator.clear_faults()
    assert run.status("night") == "ok", run.stdout
    result = run.result("night")
    assert result["changed"] is True and "warnings" not in result
    assert command_log(emulator) == [(c, "lost_answer") for c in NIGHT_COMMANDS + ["show-text-message"]]
    assert emulator.counters()["writes_by_route"] == {COMMANDS: 5}  # exactly one of each
    assert managed(box(emulator, LOBBY_ID)) == night_state(ids)
    assert run.status("message") == "failed"
    assert run.result("message")["msg"].startswith("POST /apis/devices/stbs/%s/commands failed" % LOBBY_ID)


def test_commands_that_never_reached_the_box_are_sent_again_once_the_box_shows_they_did_not_take_effect(
        emulator, playbook):
    """Half of the command requests dropped unanswered and not carried out (a repeatable draw): each dropped command
    is read back for settle_timeout, found not done, and sent again; the box takes each command exactly once."""
    ids = seed(emulator)
    emulator.set_variants(stb_command_delay=0.5)  # where the box applies commands late (V7 b), within settle_timeout
    emulator.set_faults(drop_rate=0.5, random_seed=23, routes=[COMMANDS])
    emulator.reset_counters()
    emulator.clear_requests_log()
    run = playbook([task(dict(NIGHT, settle_timeout=2), name="night")], env={"HMP_RETRY_DELAY": "0.1"})
    emulator.clear_faults()
    assert run.status("night") == "ok", run.stdout
    log = command_log(emulator)
    assert [c for c, fault in log if fault != "drop"] == NIGHT_COMMANDS  # carried out: each once, in order
    dropped = [c for c, fault in log if fault == "drop"]
    assert dropped  # the draw dropped some: they were sent again
    assert emulator.counters()["writes_by_route"] == {COMMANDS: len(NIGHT_COMMANDS) + len(dropped)}
    assert managed(box(emulator, LOBBY_ID)) == night_state(ids)
    requests = run.requests("night")
    for index, entry in enumerate(requests):  # after each dropped command, the box read before the next command
        if entry["route"].endswith("/commands") and entry["fault"] == "drop":
            following = [e["route"] for e in requests[index + 1:]]
            assert following[0] == "/apis/devices/stbs/:stbId"


def test_check_mode_predicts_and_sends_nothing(emulator, playbook):
    ids = seed(emulator)
    emulator.reset_counters()
    before = emulator.state()
    run = playbook([task({"name": "Lobby TV", "standby": True, "volume": 0.1,
                          "channel": {"type": "session", "name": "Studio A"},
                          "text_message": "Closing in 5 minutes", "reboot": True})], check=True, diff=True)
    result = run.result("device")
    assert result["changed"] is True
    assert [a.split(" ")[0] for a in result["actions"]] == \
        ["set-volume", "set-channel", "show-text-message", "standby-on", "reboot"]
    assert managed(result["device"]) == {"standby": True, "status": "Standby", "muted": False, "volume": 0.1,
                                         "channelId": ids["Studio A"], "channelType": "session",
                                         "channelName": "Studio A"}
    assert result["diff"]["after"] == {"standby": True, "muted": False, "volume": 0.1,
                                       "channel": {"type": "session", "id": ids["Studio A"], "name": "Studio A"}}
    assert emulator.writes() == 0
    assert emulator.state() == before


def test_message_and_reboot_always_act(emulator, playbook):
    seed(emulator)
    emulator.reset_counters()
    emulator.clear_requests_log()
    message = {"text": "Fire drill at 3", "duration": "30s", "color": "#ffffff", "blink": True,
               "position": "top", "background_color": "#aa0000"}
    run = playbook([
        task({"name": "Lobby TV", "text_message": message}, name="message 1"),
        task({"name": "Lobby TV", "text_message": message}, name="message 2"),
        task({"name": "Lobby TV", "text_message": "plain text"}, name="text"),
        task({"name": "Lobby TV", "reboot": True}, name="reboot 1"),
        task({"name": "Lobby TV", "reboot": True}, name="reboot 2"),
    ])
    for name in ("message 1", "message 2", "text", "reboot 1", "reboot 2"):
        assert run.result(name)["changed"] is True, name
    assert emulator.write_routes() == {COMMANDS: 5}
    commands = [c for _box, c in sent_commands(emulator)]
    shown = {"command": "show-text-message", "parameters": {
        "data": [{"message": "Fire drill at 3", "duration": 30000, "color": "#ffffff", "blink": True}],
        "useFades": True, "location": {"position": "top"}, "backgroundColor": "#aa0000"}}
    assert commands == [shown, shown,
                        {"command": "show-text-message",
                         "parameters": {"data": [{"message": "plain text"}], "useFades": True}},
                        {"command": "reboot"}, {"command": "reboot"}]


def test_refusals_fail_clearly_before_any_write(emulator, playbook):
    seed(emulator)
    emulator.reset_counters()
    before = emulator.state()
    run = playbook([
        task({"name": "Lobby TV", "muted": True, "volume": 1.5}, name="too loud", ignore_errors=True),
        task({"name": "Lobby TV", "volume": -0.2}, name="negative", ignore_errors=True),
        task({"name": "Basement", "muted": True}, name="offline", ignore_errors=True),
        task({"id": BASEMENT_ID, "reboot": True}, name="offline reboot", ignore_errors=True),
        task({"name": "Twin", "muted": True}, name="ambiguous", ignore_errors=True),
        task({"name": "Nobody", "muted": True}, name="unknown", ignore_errors=True),
        task({"id": "noSuchBox", "muted": True}, name="unknown id", ignore_errors=True),
        task({"name": "Lobby TV", "channel": {"type": "source", "name": "No such camera"}}, name="bad channel",
             ignore_errors=True),
        task({"name": "Lobby TV", "text_message": {"text": "hi", "color": "red"}}, name="bad message",
             ignore_errors=True),
        task({"name": "Basement", "muted": False}, name="offline, as asked"),
    ])
    failures = dict((n, run.result(n)) for n in ("too loud", "negative", "offline", "offline reboot", "ambiguous",
                                                  "unknown", "unknown id", "bad channel", "bad message"))
    for name in failures:
        assert run.status(name) == "failed", name
    assert failures["too loud"]["msg"].startswith("volume: 1.5 is out of range (0.0 to 1.0")
    assert failures["negative"]["msg"].startswith("volume: -0.2 is out of range")
    assert "'Basement'" in failures["offline"]["msg"] and "is Offline" in failures["offline"]["msg"]
    assert "Online or in Standby" in failures["offline reboot"]["msg"]
    assert failures["ambiguous"]["msg"].startswith("name: 2 devices have the name 'Twin'")
    assert "twinBox00000000000000A, twinBox00000000000000B" in failures["ambiguous"]["msg"]
    assert failures["unknown"]["msg"].startswith("name: no set-top box has the name 'Nobody'")
    assert failures["unknown id"]["msg"] == "id: no set-top box has the id 'noSuchBox'"
    assert failures["bad channel"]["msg"].startswith("channel.name: no source has the name or id 'No such camera'")
    assert failures["bad message"]["msg"].startswith("text_message.color: 'red'")
    # an offline box that already reports what the task asks needs no command, so nothing fails
    assert run.result("offline, as asked")["changed"] is False
    assert emulator.writes() == 0
    assert emulator.state() == before


def test_device_info_follows_every_page_and_filters(emulator, playbook):
    many = [{"_id": "box%04d" % n, "name": "Screen %d" % n, "status": "Offline" if n % 10 == 0 else "Online",
             "lastConnectedAt": 1690398265316} for n in range(105)]
    seed(emulator, devices=many)
    emulator.reset_counters()
    run = playbook([
        task({}, name="all", module=INFO),
        task({"name": "Screen 104"}, name="by name", module=INFO),
        task({"id": "box0042"}, name="by id", module=INFO),
        task({"id": "noSuchBox"}, name="unknown id", module=INFO),
        task({"status": "Offline"}, name="offline", module=INFO),
        task({"status": "Standby"}, name="none in standby", module=INFO),
    ])
    assert run.returncode == 0, run.stdout
    boxes = run.result("all")["devices"]
    assert len(boxes) == 105
    assert sorted(b["_id"] for b in boxes) == sorted(d["_id"] for d in many)
    assert boxes[0]["last_connected_utc"] == "2023-07-26T19:04:25Z"
    assert [b["_id"] for b in run.result("by name")["devices"]] == ["box0104"]
    assert [b["name"] for b in run.result("by id")["devices"]] == ["Screen 42"]
    assert run.result("unknown id")["devices"] == []
    assert sorted(b["_id"] for b in run.result("offline")["devices"]) == ["box%04d" % n for n in range(0, 105, 10)]
    assert run.result("none in standby")["devices"] == []
    # four list tasks, each reading every page (100 + 5); the id lookups read one box each
    assert emulator.counters()["by_route"]["GET /apis/devices/stbs"] == 4 * page_reads(emulator, 105, has_more_data=True)
    assert emulator.counters()["by_route"]["GET /apis/devices/stbs/:stbId"] == 2
    assert emulator.writes() == 0


def test_device_info_with_no_boxes_is_an_empty_list(emulator, playbook):
    seed(emulator, devices=[])
    run = playbook([task({}, name="none", module=INFO)])
    assert run.returncode == 0, run.stdout
    assert run.result("none")["devices"] == []
