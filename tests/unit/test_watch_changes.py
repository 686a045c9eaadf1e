"""Change detection of the hmp_watch event source (plugins/plugin_utils/_watch.py) on recorded answers.

Each test polls a FakeHmp serving what the emulator answered (data/watch_server.json), edits the answers
the way HMP's web interface, another tool or the server's own observation would, polls again, and checks
the events of that poll.
"""

import json

import pytest

from fake_hmp import PASSWORD, FakeHmp

SOURCES, SESSIONS, USERS = "/apis/sources", "/apis/sessions", "/apis/users"
RECORDINGS, STREAMS, DEVICES, VIDEOS = "/apis/recordings", "/apis/streams", "/apis/devices/stbs", "/apis/assets"
ENVELOPE = ["after", "before", "changed", "context", "id", "kind", "name", "server", "type"]


def changes(hmp, watch, edit):
    """The events of the poll after ``edit(hmp)``; the watch has its baseline already."""
    edit(hmp)
    return [e["hmp"] for e in watch.poll()]


@pytest.fixture
def hmp():
    return FakeHmp()


@pytest.fixture
def watch(hmp):
    """A watch of every kind, video included, whose first poll has recorded the baseline."""
    one = hmp.watch(kinds=["source", "session", "event", "user", "recording", "stream", "device", "video"])
    assert one.poll() == []
    return one


def summary(events):
    return [(e["kind"], e["type"], e["name"], e["changed"]) for e in events]


# -- baseline --------------------------------------------------------------------------------------

def test_first_poll_records_the_baseline_and_reports_nothing(hmp):
    assert hmp.watch().poll() == []


def test_initial_all_reports_one_created_event_per_existing_object_of_the_watched_kinds(hmp):
    events = [e["hmp"] for e in hmp.watch(initial="all").poll()]
    expected = {"source": 2, "session": 2, "event": 2, "user": 2, "recording": 1, "stream": 1, "device": 2}
    counted = {}
    for event in events:
        assert event["type"] == "created" and event["before"] is None and event["changed"] == []
        counted[event["kind"]] = counted.get(event["kind"], 0) + 1
    assert counted == expected


def test_a_poll_without_change_reports_nothing_and_reads_each_list_once(hmp, watch):
    sessions = [s["id"] for s in hmp.objects(SESSIONS)]
    floor = ["GET " + SOURCES, "GET " + SESSIONS] + ["GET /apis/sessions/%s/events" % i for i in sessions]
    floor += ["GET " + USERS, "GET " + RECORDINGS, "GET " + STREAMS, "GET " + DEVICES, "GET " + VIDEOS]
    for _poll in range(10):
        before = len(hmp.reads())
        assert watch.poll() == []
        assert sorted(hmp.reads()[before:]) == sorted(floor)
    assert hmp.logins == 1


def test_every_event_has_the_same_envelope(hmp, watch):
    def edit(h):
        h.objects(SOURCES).append(dict(h.objects(SOURCES)[0], id="new-source", name="Cam 9"))
        h.one(DEVICES, name="Lobby TV")["status"] = "Offline"
        h.objects(USERS).pop()

    events = changes(hmp, watch, edit)
    hmp.fault = lambda call: (503, {"code": "090002"})
    events += [e["hmp"] for e in watch.poll()]
    assert {e["type"] for e in events} == {"created", "updated", "deleted", "unreachable"}
    for event in events:
        assert sorted(event) == ENVELOPE
        assert event["server"] == "hmp.test"


def test_the_envelope_of_every_type_of_every_kind(hmp, watch):
    """``changed`` names fields for ``updated`` only (an empty list for created, deleted, unreachable and
    reachable); ``name`` is null for events of sessions and streams only, and the server's hmp_host for the server;
    ``before`` is null for created, ``after`` for deleted."""
    updates = {SOURCES: ("description", "changed"), SESSIONS: ("description", "changed"),
               USERS: ("displayName", "Changed"), RECORDINGS: ("state", "PAUSED"), STREAMS: ("state", "paused"),
               DEVICES: ("volume", 0.25), VIDEOS: ("description", "changed"), hmp.events_path("Studio A"): ("duration", 60)}
    copies = {}

    def create_and_update(h):
        for path, (field, value) in updates.items():
            original = h.objects(path)[0]
            key = "_id" if path == DEVICES else "id"
            copy = dict(original, **{key: "copy-of-%s" % original[key]})
            for name_key in ("name", "title", "username"):
                if name_key in copy:
                    copy[name_key] = "%s copy" % copy[name_key]
            if "startTime" in copy:
                copy["startTime"] += 86400
            if path == SESSIONS:
                h.lists["/apis/sessions/%s/events" % copy["id"]] = []
            h.objects(path).append(copy)
            copies[path] = copy
            original[field] = value

    events = changes(hmp, watch, create_and_update)
    events += changes(hmp, watch, lambda h: [h.objects(path).remove(copy) for path, copy in copies.items()])
    hmp.fault = lambda call: (503, {"code": "090002"})
    events += [e["hmp"] for e in watch.poll()]
    hmp.fault = None
    events += [e["hmp"] for e in watch.poll()]

    kinds = ["source", "session", "event", "user", "recording", "stream", "device", "video"]
    seen = set((e["kind"], e["type"]) for e in events)
    assert seen == set((k, t) for k in kinds for t in ("created", "updated", "deleted")) | {
        ("server", "unreachable"), ("server", "reachable")}
    for event in events:
        assert sorted(event) == ENVELOPE and event["server"] == "hmp.test"
        if event["type"] == "updated":
            assert event["changed"] and all(isinstance(f, str) for f in event["changed"]), event
        else:
            assert event["changed"] == [], event
        if event["kind"] in ("event", "stream"):
            assert event["name"] is None, event
        elif event["kind"] == "server":
            assert event["name"] == "hmp.test" and event["id"] == "https://hmp.test" and event["context"] == {}
        else:
            assert isinstance(event["name"], str) and event["name"], event
        assert (event["before"] is None) == (event["type"] == "created") or event["kind"] == "server"
        assert (event["after"] is None) == (event["type"] == "deleted")
    [down] = [e for e in events if e["type"] == "unreachable"]
    [up] = [e for e in events if e["type"] == "reachable"]
    assert down["before"] == {"reachable": True} and down["after"]["reachable"] is False and down["after"]["error"]
    assert up["before"] == {"reachable": False, "error": down["after"]["error"]} and up["after"] == {"reachable": True}


# -- configuration ---------------------------------------------------------------------------------

def test_a_created_source_is_one_created_event_in_option_names_without_its_passphrase(hmp, watch):
    remote = hmp.one(SOURCES, name="Remote contributor")
    added = dict(remote, id="added-source", name="Remote 2", port=9002, passphrase="another-passphrase-1")
    events = changes(hmp, watch, lambda h: h.objects(SOURCES).append(added))
    assert summary(events) == [("source", "created", "Remote 2", [])]
    assert events[0]["id"] == "added-source"
    assert events[0]["after"] == {"name": "Remote 2", "type": "srt", "host": "0.0.0.0", "port": 9002,
                                  "description": "", "continuous": True, "srt_mode": "listener", "latency": 250,
                                  "active": True, "bitrate": 2000000}
    assert "another-passphrase-1" not in json.dumps(events)


def test_a_deleted_user_is_one_deleted_event_with_the_user_before(hmp, watch):
    jdoe = hmp.one(USERS, username="jdoe")
    events = changes(hmp, watch, lambda h: h.objects(USERS).remove(jdoe))
    assert summary(events) == [("user", "deleted", "jdoe", [])]
    assert events[0]["id"] == jdoe["id"]
    assert events[0]["before"] == {"username": "jdoe", "display_name": "Jane Doe", "email": "jdoe@example.com",
                                   "roles": ["viewer"]}
    assert events[0]["after"] is None


def test_an_updated_source_names_the_changed_field_and_shows_both_states(hmp, watch):
    events = changes(hmp, watch, lambda h: h.one(SOURCES, name="Cam 1").update(port=4902))
    assert summary(events) == [("source", "updated", "Cam 1", ["port"])]
    assert (events[0]["before"]["port"], events[0]["after"]["port"]) == (4900, 4902)
    assert dict(events[0]["before"], port=4902) == events[0]["after"]


def test_a_renamed_source_is_one_updated_event_not_a_deletion_and_a_creation(hmp, watch):
    cam = hmp.one(SOURCES, name="Cam 1")
    events = changes(hmp, watch, lambda h: cam.update(name="Camera one"))
    assert summary(events) == [("source", "updated", "Camera one", ["name"])]
    assert events[0]["id"] == cam["id"]
    assert (events[0]["before"]["name"], events[0]["after"]["name"]) == ("Cam 1", "Camera one")


def test_sources_that_share_a_name_are_told_apart_by_id(hmp, watch):
    cam = hmp.one(SOURCES, name="Cam 1")
    twin = dict(cam, id="twin-of-cam-1", host="239.1.1.9")
    assert summary(changes(hmp, watch, lambda h: h.objects(SOURCES).append(twin))) == [
        ("source", "created", "Cam 1", [])]
    events = changes(hmp, watch, lambda h: h.objects(SOURCES).remove(cam))
    assert summary(events) == [("source", "deleted", "Cam 1", [])]
    assert events[0]["id"] == cam["id"] and events[0]["before"]["host"] == "239.1.1.1"
    events = changes(hmp, watch, lambda h: h.one(SOURCES, id="twin-of-cam-1").update(description="the twin"))
    assert summary(events) == [("source", "updated", "Cam 1", ["description"])]
    assert events[0]["id"] == "twin-of-cam-1"


def test_a_session_that_loses_a_source_is_updated_with_its_source_ids(hmp, watch):
    studio = hmp.one(SESSIONS, title="Studio A")
    cam = hmp.one(SOURCES, name="Cam 1")
    events = changes(hmp, watch, lambda h: studio["sources"].remove(cam["id"]))
    assert summary(events) == [("session", "updated", "Studio A", ["sources"])]
    assert cam["id"] in events[0]["before"]["sources"] and cam["id"] not in events[0]["after"]["sources"]
    assert events[0]["context"] == {"source_names": ["Remote contributor"]}


def test_a_changed_event_of_a_session_is_an_event_updated_with_its_session(hmp, watch):
    path = hmp.events_path("Studio A")
    weekly = hmp.one(path, type="weekly-recurring")
    events = changes(hmp, watch, lambda h: weekly["typeData"].update(days=["MON", "WED", "FRI"]))
    assert summary(events) == [("event", "updated", None, ["days"])]
    assert events[0]["id"] == weekly["id"]
    assert events[0]["after"]["days"] == ["MON", "WED", "FRI"]
    assert events[0]["after"]["start_time"] == "2026-12-07T14:00:00Z"
    assert events[0]["after"]["session"] == hmp.one(SESSIONS, title="Studio A")["id"]
    assert events[0]["context"] == {"session_title": "Studio A"}


def test_a_deleted_session_takes_its_events_with_it(hmp, watch):
    studio = hmp.one(SESSIONS, title="Studio A")
    path = hmp.events_path("Studio A")

    def edit(h):
        h.objects(SESSIONS).remove(studio)
        del h.lists[path]

    events = changes(hmp, watch, edit)
    assert summary(events) == [("session", "deleted", "Studio A", []), ("event", "deleted", None, []),
                               ("event", "deleted", None, [])]
    assert [e["context"] for e in events[1:]] == [{"session_title": "Studio A"}] * 2


def test_a_changed_srt_passphrase_is_named_but_never_shown(hmp, watch):
    events = changes(hmp, watch, lambda h: h.one(SOURCES, name="Remote contributor").update(
        passphrase="a-new-passphrase-77"))
    assert summary(events) == [("source", "updated", "Remote contributor", ["passphrase"])]
    assert events[0]["before"] == events[0]["after"]
    text = json.dumps(events)
    assert "a-new-passphrase-77" not in text and "srt-passphrase-0042" not in text and "passphrase\":" not in text


def test_a_changed_set_top_box_pin_is_named_but_never_shown(hmp, watch):
    events = changes(hmp, watch, lambda h: h.one(DEVICES, name="Lobby TV").update(adminPin="9999"))
    assert summary(events) == [("device", "updated", "Lobby TV", ["adminPin"])]
    assert "adminPin" not in events[0]["after"] and "9999" not in json.dumps(events)


def test_a_user_password_is_never_read_nor_shown(hmp, watch):
    events = [e["hmp"] for e in FakeHmp().watch(initial="all").poll()]
    assert PASSWORD not in json.dumps(events) and "password" not in json.dumps(events)


# -- live state ------------------------------------------------------------------------------------

def test_a_source_that_stops_receiving_is_updated_active_and_bitrate_in_a_live_session(hmp, watch):
    events = changes(hmp, watch, lambda h: h.one(SOURCES, name="Remote contributor").update(active=False, bitrate=0))
    assert summary(events) == [("source", "updated", "Remote contributor", ["active", "bitrate"])]
    assert events[0]["after"]["active"] is False and events[0]["after"]["bitrate"] == 0
    assert events[0]["context"] == {"sessions": ["Studio A"], "live_sessions": ["Studio A"], "in_live_session": True}


def test_a_bit_rate_that_stays_above_zero_is_not_an_event_by_default(hmp, watch):
    remote = hmp.one(SOURCES, name="Remote contributor")
    assert changes(hmp, watch, lambda h: remote.update(bitrate=1500000)) == []
    assert summary(changes(hmp, watch, lambda h: remote.update(bitrate=0))) == [
        ("source", "updated", "Remote contributor", ["bitrate"])]
    events = changes(hmp, watch, lambda h: remote.update(bitrate=1800000))
    assert summary(events) == [("source", "updated", "Remote contributor", ["bitrate"])]
    assert (events[0]["before"]["bitrate"], events[0]["after"]["bitrate"]) == (0, 1800000)


def test_bitrate_change_any_reports_every_new_bit_rate(hmp):
    watch = hmp.watch(bitrate_change="any", kinds=["source"])
    watch.poll()
    events = changes(hmp, watch, lambda h: h.one(SOURCES, name="Cam 1").update(bitrate=4400000))
    assert summary(events) == [("source", "updated", "Cam 1", ["bitrate"])]


def test_a_bit_rate_in_ignore_fields_is_never_an_event(hmp):
    watch = hmp.watch(ignore_fields=["source.bitrate"], kinds=["source"])
    watch.poll()
    assert changes(hmp, watch, lambda h: h.one(SOURCES, name="Cam 1").update(bitrate=0)) == []


def test_a_session_going_off_air_is_updated_live(hmp, watch):
    events = changes(hmp, watch, lambda h: h.one(SESSIONS, title="Studio A").update(active=False))
    assert summary(events) == [("session", "updated", "Studio A", ["live"])]
    assert (events[0]["before"]["live"], events[0]["after"]["live"]) == (True, False)


def test_a_recording_that_starts_pauses_resumes_and_stops(hmp, watch):
    running = dict(hmp.objects(RECORDINGS)[0], id="second-recording", title="Studio A - second", duration=0.0)
    started = changes(hmp, watch, lambda h: h.objects(RECORDINGS).append(running))
    assert summary(started) == [("recording", "created", "Studio A - second", [])]

    def pause(h):
        running.update(state="PAUSED", duration=12.5,
                       recorders=[dict(r, state="PAUSED") for r in running["recorders"]])

    paused = changes(hmp, watch, pause)
    assert summary(paused) == [("recording", "updated", "Studio A - second", ["recorders", "state"])]
    assert paused[0]["context"] == {"session_title": "Studio A"}
    resumed = changes(hmp, watch, lambda h: running.update(
        state="RECORDING", recorders=[dict(r, state="RECORDING") for r in running["recorders"]]))
    assert summary(resumed) == [("recording", "updated", "Studio A - second", ["recorders", "state"])]
    assert resumed[0]["after"]["state"] == "RECORDING"

    def stop(h):  # HMP makes the video, with the recording's id
        h.objects(RECORDINGS).remove(running)
        h.objects(VIDEOS).append({"id": running["id"], "title": running["title"], "description": ""})

    stopped = changes(hmp, watch, stop)
    assert summary(stopped) == [("recording", "deleted", "Studio A - second", []),
                                ("video", "created", "Studio A - second", [])]
    assert stopped[0]["id"] == stopped[1]["id"] == "second-recording"


def test_a_growing_recording_duration_is_not_an_event(hmp, watch):
    assert changes(hmp, watch, lambda h: h.objects(RECORDINGS)[0].update(duration=99.5)) == []


def test_a_restream_that_pauses_and_stops(hmp, watch):
    stream = hmp.objects(STREAMS)[0]
    paused = changes(hmp, watch, lambda h: stream.update(state="paused"))
    assert summary(paused) == [("stream", "updated", None, ["state"])]
    assert paused[0]["context"] == {"video_title": "Keynote"}
    stopped = changes(hmp, watch, lambda h: h.objects(STREAMS).remove(stream))
    assert summary(stopped) == [("stream", "deleted", None, [])]


def test_a_set_top_box_going_offline_and_into_standby(hmp, watch):
    box = hmp.one(DEVICES, name="Lobby TV")
    offline = changes(hmp, watch, lambda h: box.update(status="Offline", statusDetails="Not seen for 5 minutes",
                                                        lastConnection="5m"))
    assert summary(offline) == [("device", "updated", "Lobby TV", ["status"])]
    assert (offline[0]["before"]["status"], offline[0]["after"]["status"]) == ("Online", "Offline")
    standby = changes(hmp, watch, lambda h: box.update(status="Standby", standby=True))
    assert summary(standby) == [("device", "updated", "Lobby TV", ["standby", "status"])]


def test_a_set_top_box_calling_in_is_not_an_event(hmp, watch):
    box = hmp.one(DEVICES, name="Lobby TV")
    assert changes(hmp, watch, lambda h: box.update(lastConnectedAt=1796650000000, lastConnection="<1m",
                                                    statusDetails="Device has connected within the past 2 seconds.")) == []


# -- ignore_fields and kinds -----------------------------------------------------------------------

def test_ignore_fields_replaces_the_defaults_and_a_kind_prefix_limits_an_entry_to_that_kind(hmp):
    watch = hmp.watch(ignore_fields=["session.description", "duration"], kinds=["source", "session", "event",
                                                                             "recording"])
    watch.poll()

    def edit(h):
        h.one(SESSIONS, title="Studio A")["description"] = "edited in the web interface"
        h.one(SOURCES, name="Cam 1")["description"] = "edited in the web interface"
        h.objects(h.events_path("Studio A"))[0]["duration"] = 7200
        h.objects(RECORDINGS)[0]["ctime"] = 1  # ctime is no longer ignored: the list was replaced

    assert summary(changes(hmp, watch, edit)) == [("source", "updated", "Cam 1", ["description"]),
                                                  ("recording", "updated", hmp.objects(RECORDINGS)[0]["title"],
                                                   ["ctime"])]


def test_an_update_of_ignored_fields_only_moves_the_baseline(hmp, watch):
    recording = hmp.objects(RECORDINGS)[0]
    assert changes(hmp, watch, lambda h: recording.update(duration=50.0)) == []
    events = changes(hmp, watch, lambda h: recording.update(state="PAUSED", duration=60.0))
    assert [e["before"]["duration"] for e in events] == [50.0]


def test_kinds_limits_the_reads_and_the_events(hmp):
    watch = hmp.watch(kinds=["device"])
    watch.poll()
    before = len(hmp.reads())
    hmp.one(SOURCES, name="Cam 1")["port"] = 1
    events = [e["hmp"] for e in watch.poll()]
    assert events == [] and hmp.reads()[before:] == ["GET " + DEVICES]


def test_events_without_sessions_read_the_sessions_but_report_only_events(hmp):
    watch = hmp.watch(kinds=["event"])
    watch.poll()

    def edit(h):
        h.one(SESSIONS, title="Studio A")["description"] = "edited"
        h.objects(h.events_path("Studio A"))[0]["active"] = False

    events = changes(hmp, watch, edit)
    assert summary(events) == [("event", "updated", None, ["enabled"])]
    assert events[0]["context"] == {"session_title": "Studio A"}


def test_inventory_host_goes_in_the_meta_hosts_of_every_event(hmp):
    watch = hmp.watch(inventory_host="montreal", kinds=["source"])
    watch.poll()
    hmp.one(SOURCES, name="Cam 1")["port"] = 1
    events = watch.poll()
    assert [e["meta"] for e in events] == [{"hosts": "montreal"}]


def test_without_inventory_host_an_event_has_no_meta(hmp):
    watch = hmp.watch(initial="all", kinds=["source"])
    assert all("meta" not in e for e in watch.poll())


def test_secrets_are_not_kept_between_polls(hmp, watch):
    kept = repr([(e.raw, e.view, e.digests) for entries in watch.snapshot.values() for e in entries.values()])
    assert "srt-passphrase-0042" not in kept and "'4242'" not in kept
    assert any("passphrase" in e.digests for e in watch.snapshot["source"].values())  # a salted digest only
    assert any("adminPin" in e.digests for e in watch.snapshot["device"].values())
