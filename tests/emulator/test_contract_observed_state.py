"""Observed live state set through the control plane (hmp_emulator/README.md, "Control plane"):
a source's input signal (`active`, `bitrate`) and a set-top box's presence (`status`, `standby`),
which HMP observes and the API cannot set."""
import pytest
import requests

LOBBY = {"_id": "bvgR95DKAXUTr402cyM8ew", "name": "Lobby TV", "hostname": "37D78D000096",
         "status": "Online", "standby": False, "muted": False, "volume": 0.5}


def control(emulator, method, path, body):
    return requests.request(method, emulator.url + "/_emulator/" + path, json=body, timeout=10)


# ---------------------------------------------------------------- sources: signal
def test_signal_sets_active_and_bitrate_as_get_shows_them(emulator, admin, make):
    src = make.source()
    answer = emulator.signal(src["id"], active=True, bitrate=4_500_000)
    shown = admin.ok(admin.get(f"/apis/sources/{src['id']}"))
    assert answer == shown  # bare JSON, no envelope
    assert (shown["active"], shown["bitrate"]) == (True, 4_500_000)
    assert shown["mtime"] == src["mtime"]  # not configuration
    listed, _ = admin.ok_list(admin.get("/apis/sources"))
    assert (listed[0]["active"], listed[0]["bitrate"]) == (True, 4_500_000)


def test_signal_lost_sets_bitrate_to_zero_unless_given(emulator, make):
    src = make.source()
    emulator.signal(src["id"], active=True, bitrate=2000)
    assert emulator.signal(src["id"], active=False)["bitrate"] == 0
    emulator.signal(src["id"], active=True, bitrate=2000)
    assert emulator.signal(src["id"], active=False, bitrate=10)["bitrate"] == 10


def test_signal_with_bitrate_alone_keeps_active(emulator, make):
    src = make.source()
    emulator.signal(src["id"], active=True, bitrate=1000)
    answer = emulator.signal(src["id"], bitrate=3000.5)
    assert (answer["active"], answer["bitrate"]) == (True, 3000.5)


def test_signal_survives_a_source_put(emulator, admin, make):
    src = make.source()
    emulator.signal(src["id"], active=True, bitrate=1000)
    body = {k: src[k] for k in ("name", "type", "host", "port", "multicast")}
    d = admin.ok(admin.put(f"/apis/sources/{src['id']}", dict(body, description="x", active=False)))
    assert (d["active"], d["bitrate"]) == (True, 1000)


def test_signal_of_unknown_source_is_404(emulator, admin):
    r = control(emulator, "PUT", "sources/unknown-id/signal", {"active": True})
    admin.err(r, 404, "040009", "SourceNotFound")


@pytest.mark.parametrize("body, named", [
    ({"bitrate": -1}, "bitrate"), ({"bitrate": "fast"}, "bitrate"), ({"active": "yes"}, "active"),
    ({"active": True, "color": "red"}, "color"), ({}, "active"), ([True], "object"),
])
def test_bad_signal_is_400_and_changes_nothing(emulator, admin, make, state, body, named):
    src = make.source()
    before = state()
    r = control(emulator, "PUT", f"sources/{src['id']}/signal", body)
    assert named in admin.err(r, 400, "010001")["message"]
    assert state() == before


def test_signal_round_trips_through_dump_and_reset(emulator, make):
    src = make.source()
    emulator.signal(src["id"], active=True, bitrate=777)
    dump = emulator.state()
    emulator.reset(dump)
    assert emulator.state() == dump
    kept = next(s for s in emulator.state()["sources"] if s["id"] == src["id"])
    assert (kept["active"], kept["bitrate"]) == (True, 777)


def test_signal_is_not_counted_logged_or_faulted(emulator, make):
    src = make.source()
    emulator.reset_counters()
    emulator.clear_requests_log()
    emulator.set_faults(error_rate=1.0, drop_rate=1.0)
    assert emulator.signal(src["id"], active=True)["active"] is True
    emulator.clear_faults()
    assert emulator.counters()["total"] == 0
    assert emulator.requests_log() == []


# ---------------------------------------------------------------- set-top boxes: presence
@pytest.fixture
def lobby(seed):
    seed({"devices": [LOBBY]})
    return LOBBY["_id"]


def test_presence_sets_status_and_standby_as_get_shows_them(emulator, admin, lobby):
    answer = emulator.presence(lobby, status="Standby", standby=True)
    shown = admin.ok(admin.get(f"/apis/devices/stbs/{lobby}"))
    assert answer == shown
    assert (shown["status"], shown["standby"]) == ("Standby", True)
    assert emulator.presence(lobby, status="Warning")["standby"] is True  # the other key stays


def test_offline_box_refuses_commands_until_online_again(emulator, admin, lobby):
    emulator.presence(lobby, status="Offline")
    r = admin.post(f"/apis/devices/stbs/{lobby}/commands", {"command": "mute"})
    admin.err(r, 404, "040000", "NotFound", "Device offline")
    emulator.presence(lobby, status="Online")
    admin.ok(admin.post(f"/apis/devices/stbs/{lobby}/commands", {"command": "mute"}), 201)


def test_presence_of_unknown_box_is_404(emulator, admin):
    r = control(emulator, "PUT", "devices/noSuchBox/presence", {"status": "Online"})
    admin.err(r, 404, "040000", "NotFound", "Device not found")


@pytest.mark.parametrize("body, named", [
    ({"status": "Asleep"}, "status"), ({"standby": 1}, "standby"), ({"volume": 1}, "volume"), ({}, "status"),
])
def test_bad_presence_is_400_and_changes_nothing(emulator, admin, lobby, state, body, named):
    before = state()
    r = control(emulator, "PUT", f"devices/{lobby}/presence", body)
    assert named in admin.err(r, 400, "010001")["message"]
    assert state() == before


def test_presence_round_trips_through_dump_and_reset(emulator, lobby):
    emulator.presence(lobby, status="Never", standby=True)
    dump = emulator.state()
    emulator.reset(dump)
    box = emulator.state()["devices"][0]
    assert (box["status"], box["standby"]) == ("Never", True)
