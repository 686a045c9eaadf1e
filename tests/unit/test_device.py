"""The set-top box planner (_device.py): commands only where the box differs, order, checks, prediction."""

import pytest

from ansible_collections.haivision.hmp.plugins.module_utils.features._device import (
    commands as plan,
    desired_options,
    resolve_channel,
    state_view,
)
from ansible_collections.haivision.hmp.plugins.module_utils.engine._lookup import Lookup
from ansible_collections.haivision.hmp.plugins.module_utils.engine._operations import predict
from ansible_collections.haivision.hmp.plugins.module_utils.engine._schema import InvalidValue

from fakes import FakeClient

BOX_ID = "bvgR95DKAXUTr402cyM8ew"
COMMANDS = "/apis/devices/stbs/%s/commands" % BOX_ID


def box(**extra):
    device = {"_id": BOX_ID, "name": "Lobby TV", "status": "Online", "standby": False, "muted": False,
              "volume": 0.5, "channelId": None, "channelType": None, "channelName": None}
    device.update(extra)
    return device


def options(**given):
    base = {"name": "Lobby TV", "id": None, "standby": None, "muted": None, "volume": None, "channel": None,
            "text_message": None, "reboot": False}
    base.update(given)
    return desired_options(base)


def bodies(steps):
    assert all(s.method == "POST" and s.path == COMMANDS for s in steps)
    return [s.body for s in steps]


def commands(steps):
    return [s.body["command"] for s in steps]


SOURCE_CHANNEL = {"type": "source", "api_type": "source", "id": "src-1", "name": "Cam 1"}


def test_a_box_already_in_the_desired_state_needs_no_command():
    desired = options(standby=False, muted=False, volume=0.5)
    desired["channel"] = SOURCE_CHANNEL
    assert plan(box(channelId="src-1", channelType="source"), desired) == []


def test_nothing_asked_is_nothing_sent():
    assert plan(box(), options()) == []


@pytest.mark.parametrize("current, wanted, command", [
    (False, True, "standby-on"),
    (True, False, "standby-off"),
])
def test_standby_is_sent_only_when_it_differs(current, wanted, command):
    assert commands(plan(box(standby=current, status="Standby" if current else "Online"),
                         options(standby=wanted))) == [command]
    assert plan(box(standby=wanted, status="Standby" if wanted else "Online"), options(standby=wanted)) == []


@pytest.mark.parametrize("current, wanted, command", [(False, True, "mute"), (True, False, "unmute")])
def test_mute_is_sent_only_when_it_differs(current, wanted, command):
    steps = plan(box(muted=current), options(muted=wanted))
    assert bodies(steps) == [{"command": command}]  # no parameters member for a bare command
    assert plan(box(muted=wanted), options(muted=wanted)) == []


def test_volume_is_compared_with_a_tolerance_of_0_005():
    assert plan(box(volume=0.5), options(volume=0.504)) == []
    assert plan(box(volume=0.5), options(volume=0.496)) == []
    steps = plan(box(volume=0.5), options(volume=0.51))
    assert bodies(steps) == [{"command": "set-volume", "parameters": {"volume": 0.51}}]
    assert "0.51" in steps[0].says and "0.5" in steps[0].says


def test_a_box_that_reports_no_volume_gets_one():
    assert commands(plan(box(volume=None), options(volume=0.3))) == ["set-volume"]


@pytest.mark.parametrize("volume", [1.5, -0.1, 1.0001])
def test_a_volume_out_of_range_fails_naming_the_option_and_the_value(volume):
    with pytest.raises(InvalidValue) as error:
        options(volume=volume)
    assert str(error.value).startswith("volume: %r" % volume)
    assert "0.0 to 1.0" in str(error.value)


@pytest.mark.parametrize("volume", [0, 0.0, 1, 1.0])
def test_the_volume_bounds_are_allowed(volume):
    assert options(volume=volume)["volume"] == float(volume)


def test_set_channel_only_when_the_channel_id_or_type_differ():
    desired = options(channel={"type": "source", "name": "Cam 1", "id": None})
    desired["channel"] = SOURCE_CHANNEL
    steps = plan(box(), desired)
    assert bodies(steps) == [{"command": "set-channel", "parameters": {"id": "src-1", "name": None, "type": "source"}}]
    assert "Cam 1" in steps[0].says
    assert plan(box(channelId="src-1", channelType="source"), desired) == []
    # the same id under another type is another channel
    assert commands(plan(box(channelId="src-1", channelType="session"), desired)) == ["set-channel"]


def test_a_video_channel_is_an_asset_to_hmp():
    desired = options(channel={"type": "video", "id": "vid-1", "name": None})
    assert desired["channel"]["api_type"] == "asset"
    steps = plan(box(), desired)
    assert steps[0].body["parameters"] == {"id": "vid-1", "name": None, "type": "asset"}
    assert plan(box(channelId="vid-1", channelType="asset"), desired) == []


@pytest.mark.parametrize("channel, fragment", [  # types, choices and keys are the argument spec's to check
    ({"type": "source"}, "exactly one of name and id"),
    ({"type": "source", "name": "a", "id": "b"}, "exactly one of name and id"),
])
def test_a_channel_needs_exactly_one_of_name_and_id(channel, fragment):
    with pytest.raises(InvalidValue) as error:
        options(channel=channel)
    assert fragment in str(error.value)
    assert str(error.value).startswith("channel")


def test_a_text_message_always_sends_show_text_message():
    steps = plan(box(), options(text_message="Fire drill at 3"))
    assert bodies(steps) == [{"command": "show-text-message",
                              "parameters": {"data": [{"message": "Fire drill at 3"}], "useFades": True}}]


def test_a_message_dict_maps_to_the_documented_parameters():
    desired = options(text_message={"text": "Town hall", "duration": "5m", "color": "#ffffff", "blink": False,
                               "position": "bottom", "offset": 10, "background_color": "#ff0000",
                               "repeat": -1, "show_mode": "static"})
    assert desired["message"] == {
        "data": [{"message": "Town hall", "duration": 300000, "color": "#ffffff", "blink": False}],
        "useFades": True, "repeat": -1, "showMode": "static",
        "location": {"position": "bottom", "offset": 10}, "backgroundColor": "#ff0000"}


@pytest.mark.parametrize("message, fragment", [
    ({"duration": 5}, "text_message.text"),
    ("   ", "text_message.text"),
    ({"text": "x", "color": "white"}, "text_message.color: 'white'"),
    ({"text": "x", "position": "middle"}, "text_message.position: 'middle'"),
    ({"text": "x", "font": "Arial"}, "unknown key(s) font"),
    ({"text": "x", "duration": "soon"}, "text_message.duration: 'soon'"),
    ({"text": "x", "blink": "maybe"}, "text_message.blink"),
    (42, "neither a text nor a dictionary"),
])
def test_a_malformed_message_fails_clearly(message, fragment):
    with pytest.raises(InvalidValue) as error:
        options(text_message=message)
    assert fragment in str(error.value)


def test_reboot_always_acts_and_comes_last():
    assert commands(plan(box(), options(reboot=True))) == ["reboot"]
    steps = plan(box(standby=False, muted=True), options(reboot=True, standby=True, muted=False, text_message="bye"))
    assert commands(steps) == ["unmute", "show-text-message", "standby-on", "reboot"]


def test_leave_standby_first_go_to_standby_last():
    desired = options(standby=False, muted=True, volume=0.8, text_message="hi")
    desired["channel"] = SOURCE_CHANNEL
    steps = plan(box(standby=True, status="Standby"), desired)
    assert commands(steps) == ["standby-off", "mute", "set-volume", "set-channel", "show-text-message"]
    desired["standby"] = True
    steps = plan(box(standby=False), desired)
    assert commands(steps) == ["mute", "set-volume", "set-channel", "show-text-message", "standby-on"]


def test_a_box_that_is_not_connected_but_already_as_asked_needs_nothing():
    assert plan(box(status="Offline", muted=True), options(muted=True)) == []


def test_a_box_in_standby_takes_commands():
    assert commands(plan(box(status="Standby", standby=True), options(standby=False))) == ["standby-off"]


def test_predict_applies_the_documented_effects():
    desired = options(standby=True, muted=True, volume=0.7, text_message="x", reboot=True)
    desired["channel"] = SOURCE_CHANNEL
    before = box()
    after = predict(before, plan(before, desired))
    assert (after["standby"], after["status"], after["muted"], after["volume"]) == (True, "Standby", True, 0.7)
    assert (after["channelId"], after["channelType"], after["channelName"]) == ("src-1", "source", "Cam 1")
    assert before["standby"] is False  # the box as read is left alone
    waking = predict(box(standby=True, status="Standby"), plan(box(standby=True, status="Standby"),
                                                                 options(standby=False)))
    assert (waking["standby"], waking["status"]) == (False, "Online")


def test_state_view_shows_the_managed_state_in_option_names():
    assert state_view(box(channelId="v1", channelType="asset", channelName="Keynote")) == {
        "standby": False, "muted": False, "volume": 0.5,
        "channel": {"type": "video", "id": "v1", "name": "Keynote"}}
    assert state_view(box())["channel"] is None


SOURCES = "/apis/sources"
SESSIONS = "/apis/sessions"


def lookup():
    return Lookup(FakeClient({
        SOURCES: [{"id": "src-1", "name": "Cam 1"}, {"id": "src-2", "name": "Twin"}, {"id": "src-3", "name": "Twin"}],
        SESSIONS: [{"id": "ses-1", "title": "Studio A"}],
        "/apis/assets": [{"id": "vid-1", "title": "Keynote"}],
    }))


def test_resolve_channel_by_name_or_id():
    found = resolve_channel(options(channel={"type": "source", "name": "Cam 1", "id": None})["channel"], lookup())
    assert (found["id"], found["name"], found["api_type"]) == ("src-1", "Cam 1", "source")
    found = resolve_channel(options(channel={"type": "session", "name": None, "id": "ses-1"})["channel"], lookup())
    assert (found["id"], found["name"]) == ("ses-1", "Studio A")
    found = resolve_channel(options(channel={"type": "video", "name": "Keynote", "id": None})["channel"], lookup())
    assert (found["id"], found["name"], found["api_type"]) == ("vid-1", "Keynote", "asset")


@pytest.mark.parametrize("channel, fragment", [
    ({"type": "source", "name": "Nope"}, "channel.name: no source has the name or id 'Nope'"),
    ({"type": "source", "name": "Twin"}, "src-2, src-3"),
    ({"type": "session", "id": "ses-9"}, "channel.id: no session has the id 'ses-9'"),
    ({"type": "composition", "name": "Grid"}, "channel.name: a composition channel is chosen by id only"),
])
def test_resolve_channel_fails_clearly(channel, fragment):
    with pytest.raises(InvalidValue) as error:
        resolve_channel(options(channel=channel)["channel"], lookup())
    assert fragment in str(error.value)


def test_a_composition_goes_by_id_without_a_read():
    client = FakeClient({})
    found = resolve_channel(options(channel={"type": "composition", "id": "layout-1"})["channel"], Lookup(client))
    assert (found["id"], found["api_type"]) == ("layout-1", "composition")
    assert client.reads == []


# -- the module's work: offline boxes, delayed commands ---------------------------------------------

from ansible_collections.haivision.hmp.plugins.module_utils.engine._client import HmpApiError  # noqa: E402
from ansible_collections.haivision.hmp.plugins.module_utils.features._device import ensure_device  # noqa: E402

BOXES = "/apis/devices/stbs"
EFFECTS = {"mute": {"muted": True}, "unmute": {"muted": False}, "standby-on": {"standby": True, "status": "Standby"},
           "standby-off": {"standby": False, "status": "Online"}}


class BoxServer(object):
    """One set-top box behind HMP's commands: each command takes effect ``delay`` reads later (0: at
    once); ``offline_after`` commands, the box drops off and HMP answers 404 "Device stream not found"."""

    retries = 0

    def confirm(self, ending=False):
        """Every 404 of this scripted server is a real answer."""

    def __init__(self, device, delay=0, offline_after=None):
        self.device = dict(device)
        self.delay = delay
        self.offline_after = offline_after
        self.queue = []
        self.commands = []
        self.slept = []

    def sleep(self, seconds):
        self.slept.append(seconds)

    def _tick(self):
        due = [q for q in self.queue if q[0] <= 0]
        for _wait, effect in due:
            self.device.update(effect)
        self.queue = [(wait - 1, effect) for wait, effect in self.queue if wait > 0]

    def list(self, path, params=None, empty_codes=None):
        return [dict(self.device)]

    def get(self, path):
        self._tick()
        return dict(self.device)

    def get_or_none(self, path, not_found_codes):
        return self.get(path)

    def add_secret(self, value):
        pass

    def pause(self, attempt):
        pass

    def request(self, method, path, body=None, params=None, took_effect=None):
        if self.offline_after is not None and len(self.commands) >= self.offline_after:
            self.device["status"] = "Offline"
            raise HmpApiError(method, path, 404, "040000", "NotFound", "Device stream not found")
        self.commands.append(body["command"])
        self.queue.append((self.delay, EFFECTS.get(body["command"], {})))
        if self.delay == 0:
            self._tick()
        return {"status": "ok"}


def device_params(**given):
    base = {"name": "Lobby TV", "id": None, "standby": None, "muted": None, "volume": None, "channel": None,
            "text_message": None, "reboot": False, "offline": "fail", "settle_timeout": 15}
    base.update(given)
    return base


def test_an_offline_box_fails_before_any_command_naming_what_was_needed():
    server = BoxServer(box(status="Offline"))
    with pytest.raises(InvalidValue) as error:
        ensure_device(server, device_params(muted=True, standby=True))
    text = str(error.value)
    assert text.startswith("name: the set-top box 'Lobby TV' (id %s) is Offline" % BOX_ID)
    assert "nothing was sent (needed: mute, standby-on)" in text
    assert server.commands == []


def test_an_offline_box_is_reported_not_failed_when_asked():
    server = BoxServer(box(status="Offline"))
    result = ensure_device(server, device_params(muted=True, offline="report"))
    assert (result["changed"], result["offline"], result["pending"]) == (False, True, ["mute"])
    assert "is Offline" in result["warnings"][0] and server.commands == []


def test_a_command_that_takes_effect_later_is_waited_for_and_the_box_reported_as_it_became():
    server = BoxServer(box(), delay=3)
    result = ensure_device(server, device_params(muted=True, standby=True))
    assert server.commands == ["mute", "standby-on"]
    assert (result["device"]["muted"], result["device"]["standby"]) == (True, True)
    assert "warnings" not in result and len(server.slept) >= 3
    again = ensure_device(server, device_params(muted=True, standby=True))
    assert again["changed"] is False and server.commands == ["mute", "standby-on"]


def test_a_box_that_never_reports_the_change_is_a_warning_after_the_settle_timeout():
    server = BoxServer(box(), delay=1000)
    result = ensure_device(server, device_params(muted=True, settle_timeout=4))
    assert result["changed"] is True and sum(server.slept) == 4
    assert "does not report muted as commanded after 4 s" in result["warnings"][0]


def test_a_box_that_goes_offline_between_commands_says_what_was_sent():
    server = BoxServer(box(), offline_after=1)
    with pytest.raises(InvalidValue) as error:
        ensure_device(server, device_params(muted=True, standby=True))
    assert "is Offline" in str(error.value) and "sent: mute; not sent: standby-on" in str(error.value)
