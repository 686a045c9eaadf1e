"""Bad input across every module and hmp_config, in a table: each value is refused with a message that
starts with the option (or, in hmp_config, its path such as ``sessions[1].events[0].days``) and shows
the value, before anything is written. Non-ASCII text goes through unchanged where HMP takes it (names,
titles, descriptions, messages) and is refused where it does not (host names and addresses).

The rows run as the tasks of one play per table (``ignore_errors``); "nothing was written" is read from
the emulator's counters and its whole state dump, never assumed.
"""

import json
import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
START = 1798812000  # 2027-01-01T14:00:00Z: the seeded event of Studio A
LONG_PASSPHRASE = "Passphrase-far-too-long-" * 4  # 96 characters; SRT takes 10 to 79

SEED = {
    "users": [{"username": "jdoe", "password": "Jdoe-pass-123", "displayName": "Jane Doe", "roles": ["viewer"]}],
    "sources": [
        {"id": "cam-1", "name": "Cam 1", "type": "UDP", "host": "239.1.1.1", "port": 4900, "multicast": True},
        {"id": "cam-2", "name": "Cam 2", "type": "UDP", "port": 5002, "multicast": False},
        {"id": "cam-3", "name": "Cam 3", "type": "UDP", "port": 5003, "multicast": False},
        {"id": "twin-a", "name": "Twin", "type": "UDP", "port": 5000, "multicast": False},
        {"id": "twin-b", "name": "Twin", "type": "UDP", "port": 5001, "multicast": False},
    ],
    "sessions": [
        {"id": "studio-a", "title": "Studio A", "sources": ["Cam 1"],
         "events": [{"startTime": START, "duration": 3600, "type": "one-time", "command": "record", "active": True}]},
        {"id": "double-a", "title": "Double", "sources": []},
        {"id": "double-b", "title": "Double", "sources": []},
        {"id": "empty", "title": "Empty", "sources": []},
    ],
    "videos": [
        {"id": "keynote", "title": "Keynote", "description": "", "duration": 60.5, "movieTrackCount": 1},
        {"id": "rerun-a", "title": "Rerun", "description": "", "duration": 30, "movieTrackCount": 1},
        {"id": "rerun-b", "title": "Rerun", "description": "", "duration": 30, "movieTrackCount": 1},
    ],
    "devices": [
        {"_id": "lobbyBox", "name": "Lobby TV", "status": "Online"},
        {"_id": "twinBoxA", "name": "Twin TV", "status": "Online"},
        {"_id": "twinBoxB", "name": "Twin TV", "status": "Online"},
        {"_id": "darkBox", "name": "Dark TV", "status": "Offline"},
    ],
}


class Row(object):
    """One bad task: ``module`` (short name) with ``args`` fails with a message that starts with
    ``option`` and holds ``shown`` (the value's repr unless told) and each of ``more``."""

    def __init__(self, module, args, option, value=None, shown=None, more=()):
        self.module, self.args, self.option = module, args, option
        self.shown = shown if shown is not None else repr(value)
        self.more = tuple(more)

    def task(self, name):
        return {"name": name, "haivision.hmp." + self.module: self.args, "ignore_errors": True}


bad = Row  # a row reads: bad(module, args, option, value)


def ambiguous(module, args, option, value, *ids):
    """A name that several objects carry: the message names the option, the name and every id."""
    return Row(module, args, option, value, more=ids)


UDP = {"name": "New", "type": "udp", "multicast": False, "port": 6000}
SRT = {"name": "New", "type": "srt", "srt_mode": "listener", "port": 9000}
EVENT = {"session": "Studio A", "start_time": "2027-01-04T09:00:00Z", "duration": 3600, "action": "record"}
NEWBIE = {"username": "newbie", "password": "Newbie-pass-123"}
STREAM = {"video": "Keynote", "address": "239.3.3.3", "port": 6000}
ACCENTED_HOST = "caméra.example.com"  # its ASCII (punycode) form: xn--camra-dsa.example.com


SOURCE_SESSION_EVENT_USER_ROWS = [
    # hmp_source: ranges, choices, types, empty and long strings, non-ASCII hosts, references
    bad("hmp_source", dict(UDP, port=70000), "port", 70000),
    bad("hmp_source", dict(UDP, port="many"), "port", "many"),
    bad("hmp_source", dict(UDP, type="rtmp"), "type", "rtmp"),
    bad("hmp_source", dict(SRT, latency=19), "latency", 19),
    bad("hmp_source", dict(UDP, name=""), "name", ""),
    bad("hmp_source", dict(UDP, multicast=True, host=""), "host", ""),
    bad("hmp_source", dict(UDP, multicast=True, host=ACCENTED_HOST), "host", ACCENTED_HOST,
        more=["xn--camra-dsa.example.com"]),
    bad("hmp_source", dict(UDP, multicast=True, host="a" * 300), "host", "a" * 300),
    bad("hmp_source", dict(SRT, passphrase=LONG_PASSPHRASE), "passphrase", shown="96 characters"),
    ambiguous("hmp_source", {"name": "New", "copy_from": "Twin"}, "copy_from", "Twin", "twin-a", "twin-b"),
    bad("hmp_source", {"id": "no-such-source", "port": 6000}, "id", "no-such-source"),
    # hmp_session
    ambiguous("hmp_session", {"title": "Studio A", "sources": ["Twin"]}, "sources", "Twin", "twin-a", "twin-b"),
    bad("hmp_session", {"title": "New", "sources": ["Cam 1", "Cam 2", "Cam 3", "twin-a", "twin-b"]}, "sources",
        ["Cam 1", "Cam 2", "Cam 3", "twin-a", "twin-b"]),
    bad("hmp_session", {"title": "New", "sources": {"Cam 1": True}}, "sources", {"Cam 1": True}),
    bad("hmp_session", {"title": "Studio A", "live": "perhaps"}, "live", "perhaps"),
    # hmp_event: malformed times and durations, choices, references; an event shows as its ISO 8601 start
    bad("hmp_event", dict(EVENT, start_time="next tuesday"), "start_time", "next tuesday"),
    bad("hmp_event", dict(EVENT, start_time="2027-01-04T09:00:00"), "start_time", "2027-01-04T09:00:00"),
    bad("hmp_event", dict(EVENT, start_time="2027-02-30T09:00:00Z"), "start_time", "2027-02-30T09:00:00Z"),
    bad("hmp_event", dict(EVENT, start_time=-5), "start_time", -5),
    bad("hmp_event", dict(EVENT, duration="soon"), "duration", "soon"),
    bad("hmp_event", dict(EVENT, recurrence="daily"), "recurrence", "daily"),
    bad("hmp_event", dict(EVENT, recurrence="weekly", days="MON;FUN"), "days", "FUN"),
    bad("hmp_event", dict(EVENT, days=["WED"]), "days", ["WED"], more=["event 2027-01-04T09:00:00Z"]),
    bad("hmp_event", {"session": "Studio A", "start_time": START + 3600, "duration": 60}, "action",
        shown="event 2027-01-01T15:00:00Z"),
    ambiguous("hmp_event", dict(EVENT, session="Double"), "session", "Double", "double-a", "double-b"),
    # hmp_user
    bad("hmp_user", dict(NEWBIE, roles=["Viewer", "Nobody"]), "roles", "Nobody"),
    bad("hmp_user", {"username": "newbie", "display_name": "New Bie"}, "password", "newbie"),
    bad("hmp_user", {"username": "haiadmin", "state": "absent"}, "username", "haiadmin"),
]

OPERATION_AND_INFO_ROWS = [
    # hmp_recording
    bad("hmp_recording", {"session": "Nowhere", "state": "recording"}, "session", "Nowhere"),
    bad("hmp_recording", {"session": "Studio A", "state": "recording", "sources": ["Cam 2"]}, "sources", "Cam 2"),
    bad("hmp_recording", {"session": "Empty", "state": "recording"}, "session", "Empty"),
    # hmp_stream
    bad("hmp_stream", dict(STREAM, address=""), "address", ""),
    bad("hmp_stream", dict(STREAM, address="flüx.example"), "address", "flüx.example"),
    bad("hmp_stream", dict(STREAM, address="239.1.1.1", port=4900), "address", shown="239.1.1.1:4900", more=["Cam 1"]),
    bad("hmp_stream", {"video": "Keynote", "destinations": [{"track_id": 1, "address": "ünï.example", "port": 6000}]},
        "destinations[0].address", "ünï.example"),
    bad("hmp_stream", dict(STREAM, position="halfway"), "position", "halfway"),
    ambiguous("hmp_stream", dict(STREAM, video="Rerun"), "video", "Rerun", "rerun-a", "rerun-b"),
    bad("hmp_stream", {"id": "no-such-stream"}, "id", "no-such-stream"),
    # hmp_video: never creates
    bad("hmp_video", {"title": "Nothing", "description": "x"}, "title", "Nothing"),
    ambiguous("hmp_video", {"title": "Rerun", "description": "x"}, "title", "Rerun", "rerun-a", "rerun-b"),
    bad("hmp_video", {"title": "Keynote", "new_title": ""}, "new_title", ""),
    # hmp_device
    bad("hmp_device", {"name": "Lobby TV", "volume": 1.5}, "volume", 1.5),
    bad("hmp_device", {"name": "Lobby TV", "volume": "loud"}, "volume", "loud"),
    bad("hmp_device", {"name": "Lobby TV", "channel": {"type": "radio", "name": "Cam 1"}}, "channel.type", "radio"),
    bad("hmp_device", {"name": "Lobby TV", "channel": {"type": "source", "id": "cam-1", "colour": "red"}}, "channel",
        "colour"),
    bad("hmp_device", {"name": "Lobby TV", "channel": "Cam 1"}, "channel", "Cam 1"),
    bad("hmp_device", {"name": "Lobby TV", "channel": {"type": "source", "name": "Cam 1", "id": "cam-1"}}, "channel",
        shown="exactly one of name and id"),
    ambiguous("hmp_device", {"name": "Lobby TV", "channel": {"type": "source", "name": "Twin"}}, "channel.name",
              "Twin", "twin-a", "twin-b"),
    bad("hmp_device", {"name": "Lobby TV", "text_message": {"text": "Hi", "color": "red"}}, "text_message.color",
        "red"),
    ambiguous("hmp_device", {"name": "Twin TV", "muted": True}, "name", "Twin TV", "twinBoxA", "twinBoxB"),
    bad("hmp_device", {"name": "Dark TV", "standby": True}, "name", "Dark TV", more=["Offline"]),
    # the *_info modules: filters and ids
    bad("hmp_source_info", {"id": ""}, "id", ""),
    bad("hmp_session_info", {"title": "Studio A", "events": "maybe"}, "events", "maybe"),
    ambiguous("hmp_event_info", {"session": "Double"}, "session", "Double", "double-a", "double-b"),
    bad("hmp_user_info", {"username": "  "}, "username", "  "),
    bad("hmp_recording_info", {"session": "Nowhere"}, "session", "Nowhere"),
    bad("hmp_video_info", {"categories": "Montreal"}, "categories", "Montreal"),
    bad("hmp_stream_info", {"video": "Nowhere"}, "video", "Nowhere"),
    bad("hmp_device_info", {"status": "Lost"}, "status", "Lost"),
    bad("hmp_category_info", {"label": ""}, "label", ""),
    bad("hmp_qualify", {"scratch": True, "scratch_prefix": "q-"}, "scratch_prefix", "q-"),
    bad("hmp_qualify", {"scratch": "perhaps"}, "scratch", "perhaps"),
    bad("hmp_qualify", {"device": "Twin TV", "settle_timeout": 0}, "device", "Twin TV", more=["twinBoxA", "twinBoxB"]),
    # connection options, the same on every module
    bad("hmp_system_info", {"hmp_port": 70000}, "hmp_port", 70000),
    bad("hmp_config_info", {"hmp_validate_certs": "perhaps"}, "hmp_validate_certs", "perhaps"),
]

CONFIG_ROWS = [  # hmp_config: the path of each bad value in the declaration
    bad("hmp_config", {"sources": [UDP, dict(UDP, name="Other", port=70000)]}, "sources[1].port", 70000),
    bad("hmp_config", {"sources": [dict(UDP, type="rtmp")]}, "sources[0].type", "rtmp"),
    bad("hmp_config", {"sources": [dict(UDP, multicast=True, host=ACCENTED_HOST)]}, "sources[0].host",
        ACCENTED_HOST),
    bad("hmp_config", {"sources": "Cam 1"}, "sources[0]", "Cam 1"),
    bad("hmp_config", {"sources": [UDP, UDP]}, "sources[1].name", "New", more=["sources[0]"]),
    bad("hmp_config", {"sessions": [{"title": "Studio A", "live": "perhaps"}]}, "sessions[0].live", "perhaps"),
    ambiguous("hmp_config", {"sessions": [{"title": "Studio A", "sources": ["Twin"]}]}, "sessions[0].sources",
              "Twin", "twin-a", "twin-b"),
    bad("hmp_config", {"sessions": [{"title": "Studio A"}, {"title": "New", "events": [
        {"start_time": "2027-01-04T09:00:00Z", "duration": 60, "action": "live", "recurrence": "weekly",
         "days": "MON;FUN"}]}]}, "sessions[1].events[0].days", "FUN"),
    bad("hmp_config", {"sessions": [{"title": "Studio A", "events": [
        {"start_time": START, "duration": "90 minutes", "action": "live"}]}]}, "sessions[0].events[0].duration",
        "90 minutes"),
    bad("hmp_config", {"sessions": [{"title": "Studio A", "events": [
        {"start_time": START, "action": "record"}, {"start_time": START + 3600, "duration": 60}]}]},
        "sessions[0].events[1].action", shown="event 2027-01-01T15:00:00Z"),
    bad("hmp_config", {"users": [dict(NEWBIE, colour="red")]}, "users[0]", "colour"),
    bad("hmp_config", {"purge": "everything"}, "purge", "everything"),
]

# One play each (one ansible-playbook run), so that the two workers share the rows.
TABLES = {"sources, sessions, events and users": SOURCE_SESSION_EVENT_USER_ROWS,
          "recordings, streams, videos, devices, info modules": OPERATION_AND_INFO_ROWS,
          "hmp_config": CONFIG_ROWS}
ROWS = [row for table in TABLES.values() for row in table]


def test_the_tables_hold_at_least_sixty_rows_and_cover_every_module():
    modules = set(name[:-3] for name in os.listdir(os.path.join(ROOT, "plugins", "modules"))
                  if name.startswith("hmp_") and name.endswith(".py"))
    assert len(ROWS) >= 60
    assert set(row.module for row in ROWS) == modules


@pytest.mark.parametrize("table", sorted(TABLES))
def test_each_bad_value_fails_naming_the_option_and_the_value_and_nothing_is_written(emulator, playbook, table):
    rows = TABLES[table]
    emulator.reset(SEED)
    before = emulator.state()
    emulator.reset_counters()
    names = ["row %d: %s" % (i, row.module) for i, row in enumerate(rows)]
    run = playbook([row.task(name) for name, row in zip(names, rows)])
    problems = []
    for name, row in zip(names, rows):
        result = run.result(name)
        message = result.get("msg") or ""
        if (run.status(name) != "failed" or not message.startswith(row.option + ": ")
                or any(part not in message for part in (row.shown,) + row.more)):
            problems.append("%s %r -> %s: %s" % (name, row.args, run.status(name), message))
    assert problems == [], "\n".join(problems)
    assert emulator.write_routes() == {}
    assert emulator.state() == before
    assert LONG_PASSPHRASE not in run.stdout + run.stderr + repr(run.results)


# -- where HMP takes non-ASCII text -----------------------------------------------------------------

CAMERA = "Caméra Zürich 東京"
STUDIO = "Studio Ærøskøbing — plateau 2"
TEXT = "Émission du matin · ünïcödé ✓"
PERSON = "Zoë Ångström-Öberg"
VIDEO = "Keynote à Montréal"


def unicode_tasks():
    return [
        {"name": "source", "haivision.hmp.hmp_source": {
            "name": CAMERA, "description": TEXT, "type": "udp", "multicast": True, "host": "239.5.5.5", "port": 5500}},
        {"name": "session", "haivision.hmp.hmp_session": {"title": STUDIO, "description": TEXT, "sources": [CAMERA]}},
        {"name": "user", "haivision.hmp.hmp_user": {
            "username": "zoe", "password": "Zoe-pass-1234", "display_name": PERSON, "roles": ["Viewer"]}},
        {"name": "video", "haivision.hmp.hmp_video": {"title": "Keynote", "new_title": VIDEO, "description": TEXT}},
        {"name": "config", "haivision.hmp.hmp_config": {"sessions": [
            {"title": STUDIO, "description": TEXT, "sources": [CAMERA],
             "events": [{"start_time": "2027-01-04T09:00:00Z", "duration": "1h", "action": "record"}]}]}},
    ]


def test_non_ascii_names_titles_and_descriptions_round_trip_unchanged(emulator, playbook):
    emulator.reset({"videos": [{"title": "Keynote", "description": "", "duration": 60, "movieTrackCount": 1}],
                    "devices": [{"_id": "lobbyBox", "name": "Lobby TV", "status": "Online"}]})
    first = playbook(unicode_tasks() + [
        {"name": "message", "haivision.hmp.hmp_device": {"name": "Lobby TV", "text_message": TEXT}},
        {"name": "read", "haivision.hmp.hmp_session_info": {"title": STUDIO}},
    ])
    assert first.returncode == 0, first.stdout
    assert first.result("read")["sessions"][0]["source_names"] == [CAMERA]
    state = emulator.state()
    [source] = state["sources"]
    assert (source["name"], source["description"]) == (CAMERA, TEXT)
    [session] = state["sessions"]
    assert (session["title"], session["description"]) == (STUDIO, TEXT)
    assert [member["sourceId"] for member in session["sources"]] == [source["id"]]
    assert [u["displayName"] for u in state["users"] if u["username"] == "zoe"] == [PERSON]
    [video] = state["videos"]
    assert (video["title"], video["description"]) == (VIDEO, TEXT)
    [command] = [entry for entry in emulator.requests_log() if entry["route"].endswith("/commands")]
    assert json.loads(command["body"])["parameters"]["data"][0]["message"] == TEXT

    emulator.reset_counters()
    again = playbook(unicode_tasks())  # the same text read back compares equal: nothing to change
    assert again.returncode == 0, again.stdout
    assert [again.result(task["name"])["changed"] for task in unicode_tasks()] == [False] * 5
    assert emulator.write_routes() == {}
