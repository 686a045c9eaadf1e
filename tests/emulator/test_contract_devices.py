"""Set-top boxes (contract: devices, device_commands)."""
import pytest

DEVICE_NOT_FOUND = ("040000", "NotFound")
COMMAND_OK = {"type": "Send Commands to Device", "status": "ok",
              "message": "Successfully sent command to device"}
BOXES = [
    {"_id": "bvgR95DKAXUTr402cyM8ew", "name": "Lobby TV", "hostname": "37D78D000096",
     "status": "Online", "standby": False, "muted": False, "volume": 0.5},
    {"_id": "offlineBox0000000000001", "name": "Basement", "hostname": "37D78D000097",
     "status": "Offline", "standby": False, "muted": False, "volume": 0.5},
    {"_id": "standbyBox0000000000002", "name": "Hall", "hostname": "37D78D000098",
     "status": "Standby", "standby": True, "muted": False, "volume": 0.2},
]
LOBBY = BOXES[0]["_id"]


@pytest.fixture
def boxes(seed):
    return seed({"devices": BOXES})


def _cmd(c, stb_id, command, parameters=None):
    body = {"command": command}
    if parameters is not None:
        body["parameters"] = parameters
    return c.post(f"/apis/devices/stbs/{stb_id}/commands", body)


def test_list_devices(boxes):
    data = boxes.ok(boxes.get("/apis/devices/stbs"))
    assert {d["_id"] for d in data} == {b["_id"] for b in BOXES}
    paging = boxes.get("/apis/devices/stbs").json()["paging"]
    # devices paging object (contract: paging)
    assert paging == {"numResults": 3, "numPages": 1, "hasMoreData": False}
    lobby = next(d for d in data if d["_id"] == LOBBY)
    for k in ("name", "hostname", "status", "standby", "muted", "volume"):
        assert lobby[k] == BOXES[0][k], k


def test_list_devices_pages(boxes):
    p1 = boxes.get("/apis/devices/stbs", params={"page": 1, "pageSize": 2}).json()
    p2 = boxes.get("/apis/devices/stbs", params={"page": 2, "pageSize": 2}).json()
    assert len(p1["data"]) == 2 and len(p2["data"]) == 1
    assert p1["paging"]["numPages"] == 2 and p1["paging"]["hasMoreData"] is True
    assert p2["paging"]["hasMoreData"] is False
    assert {d["_id"] for d in p1["data"] + p2["data"]} == {b["_id"] for b in BOXES}


def test_list_devices_empty_is_404_device_not_found(admin):
    admin.err(admin.get("/apis/devices/stbs"), 404, *DEVICE_NOT_FOUND, "Device not found")


def test_get_device(boxes):
    d = boxes.ok(boxes.get(f"/apis/devices/stbs/{LOBBY}"))
    assert d["_id"] == LOBBY and d["name"] == "Lobby TV" and d["status"] == "Online"


def test_get_unknown_device_is_404(boxes):
    boxes.err(boxes.get("/apis/devices/stbs/noSuchBox"), 404, *DEVICE_NOT_FOUND, "Device not found")


def test_devices_require_stb_administration(boxes, login_as):
    for role in ("viewer", "creator"):
        c = login_as(role)
        c.err(c.get("/apis/devices/stbs"), 403, "030001", "Forbidden", "Forbidden")
        c.err(c.get(f"/apis/devices/stbs/{LOBBY}"), 403, "030001", "Forbidden")
        c.err(_cmd(c, LOBBY, "mute"), 403, "030001", "Forbidden")


def test_stb_role_can_use_devices(boxes, login_as):
    c = login_as("stb")
    c.ok(c.get(f"/apis/devices/stbs/{LOBBY}"))
    c.ok(_cmd(c, LOBBY, "mute"), 201)


@pytest.mark.parametrize("command, parameters, expect", [
    ("standby-on", None, {"standby": True, "status": "Standby"}),
    ("mute", None, {"muted": True}),
    ("set-volume", {"volume": 0.75}, {"volume": 0.75}),
    ("set-volume", {"volume": 0}, {"volume": 0}),
    ("set-volume", {"volume": 1}, {"volume": 1}),
])
def test_command_changes_state(boxes, command, parameters, expect):
    assert boxes.ok(_cmd(boxes, LOBBY, command, parameters), 201) == COMMAND_OK
    d = boxes.ok(boxes.get(f"/apis/devices/stbs/{LOBBY}"))
    for k, v in expect.items():
        assert d[k] == v, k


def test_standby_off_and_unmute(boxes):
    boxes.ok(_cmd(boxes, LOBBY, "standby-on"), 201)
    boxes.ok(_cmd(boxes, LOBBY, "mute"), 201)
    boxes.ok(_cmd(boxes, LOBBY, "standby-off"), 201)
    boxes.ok(_cmd(boxes, LOBBY, "unmute"), 201)
    d = boxes.ok(boxes.get(f"/apis/devices/stbs/{LOBBY}"))
    assert (d["standby"], d["status"], d["muted"]) == (False, "Online", False)


def test_standby_box_accepts_commands(boxes):
    hall = BOXES[2]["_id"]
    boxes.ok(_cmd(boxes, hall, "standby-off"), 201)
    d = boxes.ok(boxes.get(f"/apis/devices/stbs/{hall}"))
    assert (d["standby"], d["status"]) == (False, "Online")


def test_set_channel(boxes, make):
    src = make.source(name="Cam 1")
    r = _cmd(boxes, LOBBY, "set-channel", {"id": src["id"], "name": None, "type": "source"})
    assert boxes.ok(r, 201) == COMMAND_OK
    d = boxes.ok(boxes.get(f"/apis/devices/stbs/{LOBBY}"))
    assert (d["channelId"], d["channelType"]) == (src["id"], "source")


def test_show_text_message(boxes):
    params = {"data": [{"message": "This is an important message", "duration": 300000,
                        "color": "#ffffff", "blink": False}],
              "useFades": True, "repeat": -1, "showMode": "static",
              "location": {"position": "bottom", "offset": 0}, "backgroundColor": "#ff0000"}
    assert boxes.ok(_cmd(boxes, LOBBY, "show-text-message", params), 201) == COMMAND_OK


def test_reboot(boxes):
    before = boxes.ok(boxes.get(f"/apis/devices/stbs/{LOBBY}"))
    assert boxes.ok(_cmd(boxes, LOBBY, "reboot"), 201) == COMMAND_OK
    after = boxes.ok(boxes.get(f"/apis/devices/stbs/{LOBBY}"))
    assert {k: after[k] for k in ("standby", "muted", "volume")} == \
        {k: before[k] for k in ("standby", "muted", "volume")}


def test_command_to_offline_box_is_404(boxes, state):
    before = state()
    boxes.err(_cmd(boxes, BOXES[1]["_id"], "mute"), 404, *DEVICE_NOT_FOUND)
    assert state() == before


def test_command_to_unknown_box_is_404(boxes):
    boxes.err(_cmd(boxes, "noSuchBox", "reboot"), 404, *DEVICE_NOT_FOUND)


@pytest.mark.parametrize("command, parameters", [
    ("set-volume", {"volume": 1.5}),
    ("set-volume", {"volume": -0.1}),
    ("set-volume", {"volume": "loud"}),
    ("self-destruct", None),
])
def test_bad_command_is_400(boxes, state, command, parameters):
    before = state()
    boxes.err(_cmd(boxes, LOBBY, command, parameters), 400, "010001")
    assert state() == before


def test_set_channel_reports_the_name_of_what_the_box_shows(boxes, make):
    """The commands page: set-channel sets channelId, channelType and channelName (resolved from the
    source name, session title or video title; the command's own name is not checked)."""
    src = make.source(name="Cam 1")
    ses = make.session(title="Studio A")
    video = make.video(title="Keynote")  # the video's title is the session's, with the recording date
    for ref, kind, name in ((src["id"], "source", "Cam 1"), (ses["id"], "session", "Studio A"),
                            (video["id"], "asset", video["title"])):
        boxes.ok(_cmd(boxes, LOBBY, "set-channel", {"id": ref, "name": None, "type": kind}), 201)
        d = boxes.ok(boxes.get(f"/apis/devices/stbs/{LOBBY}"))
        assert (d["channelId"], d["channelType"], d["channelName"]) == (ref, kind, name)


def test_standby_box_can_be_muted_tuned_and_set_back_to_standby(boxes, make):
    hall = BOXES[2]["_id"]
    src = make.source(name="Cam 2")
    boxes.ok(_cmd(boxes, hall, "mute"), 201)
    boxes.ok(_cmd(boxes, hall, "set-volume", {"volume": 0.9}), 201)
    boxes.ok(_cmd(boxes, hall, "set-channel", {"id": src["id"], "name": None, "type": "source"}), 201)
    d = boxes.ok(boxes.get(f"/apis/devices/stbs/{hall}"))
    assert (d["standby"], d["status"], d["muted"], d["volume"], d["channelName"]) == \
        (True, "Standby", True, 0.9, "Cam 2")
