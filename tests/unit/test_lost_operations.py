"""Operations whose answer never came (a set-top box command, a recording start, a stream start): read back what
the POST would have done, and send it again only when it did not take effect. Against a scripted server through
the real HmpClient: its answers, lost answers and delays are those of HMP (contract: device_commands)."""

import pytest

from ansible_collections.haivision.hmp.plugins.module_utils.engine._client import HmpApiError
from ansible_collections.haivision.hmp.plugins.module_utils.features._device import commands, ensure_device
from ansible_collections.haivision.hmp.plugins.module_utils.features._recording import ensure_recording
from ansible_collections.haivision.hmp.plugins.module_utils.features._stream import ensure_stream

from fakes import LOST, NO_RESULTS, FaultyServer, scripted_client
BOX = "/apis/devices/stbs/box-1"
COMMANDS = BOX + "/commands"
RECORDINGS = "/apis/sessions/s1/recordings"
VIDEO_STREAMS = "/apis/assets/v1/streams"
EFFECTS = {"mute": {"muted": True}, "unmute": {"muted": False}, "standby-on": {"standby": True},
           "standby-off": {"standby": False}}


class Server(FaultyServer):
    """One set-top box, one session and one video in memory. ``faults`` maps 'METHOD /path' to what its next
    answers go wrong with: 'lost' (carried out, answer lost), a status (refused, nothing done). ``delay``: a
    command takes effect only after that many reads of the box (a box that applies a command late, V7 b)."""

    def __init__(self, faults=None, delay=0):
        super(Server, self).__init__(faults)
        self.box = {"_id": "box-1", "name": "Lobby TV", "status": "Online", "standby": False, "muted": False,
                    "volume": 0.5}
        self.recordings, self.streams = [], []
        self.delay = delay
        self.pending = []  # [reads left, command body]
        self.received = []  # the command bodies that reached the box

    def apply(self, body):
        command = body["command"]
        if command == "set-volume":
            self.box["volume"] = body["parameters"]["volume"]
        else:
            self.box.update(EFFECTS.get(command, {}))

    def answer(self, call, key):
        if key == "POST /apis/authentication/login":
            return 200, {"data": {"sessionId": "sess-1"}}
        if key in ("DELETE /apis/authentication/login", "GET /apis/authentication/login"):
            return 200, {"data": {"username": "haiadmin"}}
        if key == "GET " + BOX:
            for waiting in self.pending:
                waiting[0] -= 1
            for waiting in [w for w in self.pending if w[0] < 0]:
                self.pending.remove(waiting)
                self.apply(waiting[1])
            return 200, {"data": dict(self.box)}
        if key == "POST " + COMMANDS:
            self.received.append(call.body)
            if self.delay:
                self.pending.append([self.delay, call.body])
            else:
                self.apply(call.body)
            return 201, {"data": {"command": call.body["command"]}}
        if key == "GET /apis/sessions":
            return 200, {"data": [{"id": "s1", "title": "Studio", "sources": ["src-1"]}],
                         "paging": {"results": 1, "pageSize": 100}}
        if key == "GET " + RECORDINGS or key == "GET /apis/recordings":
            return self.listed(self.recordings)
        if key == "POST " + RECORDINGS:
            made = {"id": "rec-%d" % (len(self.recordings) + 1), "session": "s1", "state": "RECORDING"}
            self.recordings.append(made)
            return 201, {"data": made}
        if key == "GET /apis/assets":
            return 200, {"data": [{"id": "v1", "title": "Keynote", "movieTrackCount": 1, "duration": 60}],
                         "paging": {"results": 1, "pageSize": 100}}
        if key in ("GET /apis/streams", "GET " + VIDEO_STREAMS):
            return self.listed(self.streams)
        if key == "GET /apis/sources":
            return self.listed([])
        if key == "POST " + VIDEO_STREAMS:
            made = dict(call.body, id="st-%d" % (len(self.streams) + 1), asset="v1", state="playing")
            self.streams.append(made)
            return 201, {"data": made}
        if call.method == "GET" and call.path.startswith("/apis/streams/"):
            return 200, {"data": next(s for s in self.streams if s["id"] == call.path.rsplit("/", 1)[-1])}
        raise AssertionError("unexpected %s" % key)

    @staticmethod
    def listed(items):
        if not items:
            return NO_RESULTS
        return 200, {"data": list(items), "paging": {"results": len(items), "pageSize": 100}}


def connect(server):
    slept = []
    client, transport = scripted_client(server, sleep=slept.append)
    return client, transport, slept


def device(**options):
    params = {"id": "box-1", "name": None, "standby": None, "muted": None, "volume": None, "channel": None,
              "text_message": None, "reboot": False, "offline": "fail", "settle_timeout": 15}
    params.update(options)
    return params


# -- set-top box commands ----------------------------------------------------------------------------

def test_the_commands_whose_effect_the_box_reports_are_read_back_the_others_are_sent_once():
    box = {"_id": "box-1", "status": "Online", "standby": True, "muted": False, "volume": 0.5}
    desired = {"standby": False, "muted": True, "volume": 0.2, "message": {"data": [{"message": "hi"}]},
               "reboot": True, "channel": {"type": "source", "api_type": "source", "id": "src-1", "name": "Cam"}}
    steps = commands(box, desired)
    read_back = dict((s.body["command"], s.took_effect is not None) for s in steps)
    assert read_back == {"standby-off": True, "mute": True, "set-volume": True, "set-channel": True,
                         "show-text-message": False, "reboot": False}


def test_a_command_whose_answer_was_lost_is_read_back_and_not_sent_again():
    server = Server({"POST " + COMMANDS: ["lost"]})
    client, transport, _slept = connect(server)
    result = ensure_device(client, device(muted=True))
    assert result["changed"] is True and result["device"]["muted"] is True
    assert server.received == [{"command": "mute"}]
    assert transport.routes().count("POST " + COMMANDS) == 1


@pytest.mark.parametrize("status", [500, 502, 503])
def test_a_command_the_server_failed_is_sent_again_once_the_box_shows_it_did_not_take_effect(status):
    server = Server({"POST " + COMMANDS: [status]})
    client, transport, slept = connect(server)
    result = ensure_device(client, device(volume=0.2, settle_timeout=4))
    assert result["device"]["volume"] == 0.2
    assert server.received == [{"command": "set-volume", "parameters": {"volume": 0.2}}]
    assert transport.routes().count("POST " + COMMANDS) == 2
    posts = [i for i, route in enumerate(transport.routes()) if route == "POST " + COMMANDS]
    between = transport.routes()[posts[0] + 1:posts[1]]
    assert between and set(between) == {"GET " + BOX}  # the box read back before the command went again
    assert sum(slept) >= 4  # for the whole settle_timeout: a box may apply a command late


def test_a_box_that_applies_a_lost_command_late_is_waited_for_and_gets_it_once():
    server = Server({"POST " + COMMANDS: ["lost"]}, delay=2)  # shows the command at the third read
    client, transport, _slept = connect(server)
    result = ensure_device(client, device(standby=True))
    assert result["device"]["standby"] is True and "warnings" not in result
    assert server.received == [{"command": "standby-on"}]


def test_without_time_to_settle_a_late_box_would_get_the_command_twice():
    """Why the read-back waits: a box that applies a command three reads later looks, at once, as if it had not
    taken it. With settle_timeout 0 the command goes again (and HMP queues it twice)."""
    server = Server({"POST " + COMMANDS: ["lost"]}, delay=2)
    client, _transport, _slept = connect(server)
    ensure_device(client, device(muted=True, settle_timeout=0))
    assert server.received == [{"command": "mute"}, {"command": "mute"}]


def test_a_text_message_whose_answer_was_lost_is_not_sent_again_and_the_task_fails():
    server = Server({"POST " + COMMANDS: ["lost"]})
    client, _transport, _slept = connect(server)
    with pytest.raises(HmpApiError) as raised:
        ensure_device(client, device(text_message="Doors close in 5 minutes"))
    assert raised.value.status is None
    assert [b["command"] for b in server.received] == ["show-text-message"]


def test_a_command_that_keeps_failing_gives_up_after_the_retries():
    server = Server({"POST " + COMMANDS: [503] * 10})
    client, transport, _slept = connect(server)
    with pytest.raises(HmpApiError) as raised:
        ensure_device(client, device(muted=True, settle_timeout=1))
    assert raised.value.status == 503 and server.box["muted"] is False
    assert transport.routes().count("POST " + COMMANDS) == 4  # the first attempt and 3 retries


# -- recording and stream starts -------------------------------------------------------------------

def recording(**options):
    params = {"session": "Studio", "state": "recording", "id": None, "sources": None}
    params.update(options)
    return params


def test_a_recording_start_whose_answer_was_lost_is_read_back_and_not_sent_again():
    server = Server({"POST " + RECORDINGS: ["lost"]})
    client, transport, _slept = connect(server)
    result = ensure_recording(client, recording())
    assert [r["id"] for r in server.recordings] == ["rec-1"]
    assert result["recording"]["id"] == "rec-1"  # the id read back, as the lost answer would have said
    assert transport.routes().count("POST " + RECORDINGS) == 1


def test_a_recording_start_the_server_failed_is_sent_again_once_the_read_back_finds_no_new_recording():
    server = Server({"POST " + RECORDINGS: [503]})
    client, transport, _slept = connect(server)
    result = ensure_recording(client, recording())
    assert [r["id"] for r in server.recordings] == ["rec-1"] and result["recording"]["id"] == "rec-1"
    routes = transport.routes()
    assert routes.count("POST " + RECORDINGS) == 2
    first = routes.index("POST " + RECORDINGS)
    assert routes[first + 1] == "GET " + RECORDINGS


def stream(**options):
    params = {"video": "Keynote", "state": "playing", "address": "239.2.2.2", "port": 5000, "destinations": None,
              "position": None, "id": None}
    params.update(options)
    return params


def test_a_stream_start_whose_answer_was_lost_is_read_back_and_not_sent_again():
    server = Server({"POST " + VIDEO_STREAMS: ["lost"]})
    client, transport, _slept = connect(server)
    result = ensure_stream(client, stream())
    assert [s["id"] for s in server.streams] == ["st-1"] and result["stream"]["id"] == "st-1"
    assert transport.routes().count("POST " + VIDEO_STREAMS) == 1
    assert "GET " + VIDEO_STREAMS in transport.routes()


def test_a_stream_start_the_server_failed_is_sent_again_once_no_stream_goes_to_that_address():
    server = Server({"POST " + VIDEO_STREAMS: [502]})
    client, transport, _slept = connect(server)
    result = ensure_stream(client, stream())
    assert [s["id"] for s in server.streams] == ["st-1"] and result["stream"]["address"] == "239.2.2.2"
    assert transport.routes().count("POST " + VIDEO_STREAMS) == 2
