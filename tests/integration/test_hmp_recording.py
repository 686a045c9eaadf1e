"""hmp_recording and hmp_recording_info end to end: every transition of the recording state machine.

Each task logs in and out once, so the emulator's request log splits into one segment per task
(``per_task``): the writes a task sent are read from its own segment, never assumed. Zero-write
claims over a whole run read the counters; "nothing moved" claims compare the whole state dump.
"""

from harness import page_reads, tasks_of


RECORDING = "haivision.hmp.hmp_recording"
INFO = "haivision.hmp.hmp_recording_info"
LOGIN = "/apis/authentication/login"

START = "POST /apis/sessions/:sessionId/recordings"
SET_STATE = "PUT /apis/recordings/:recordingId"
STOP = "DELETE /apis/recordings/:recordingId"


task = tasks_of(RECORDING, "recording")


def udp(name, port):
    return {"name": name, "type": "UDP", "port": port, "multicast": False}


CAMERAS = [udp("Cam A", 5000), udp("Cam B", 5001), udp("Cam C", 5002)]


def seed(emulator, sessions=None, recordings=(), videos=()):
    sessions = sessions if sessions is not None else [
        {"title": "Studio A", "sources": ["Cam A", "Cam B"]},
        {"title": "Studio B", "sources": ["Cam C"]},
        {"title": "Empty", "sources": []},
    ]
    emulator.reset({"sources": CAMERAS, "sessions": sessions, "recordings": list(recordings),
                    "videos": list(videos)})
    state = emulator.state()
    ids = dict((s["name"], s["id"]) for s in state["sources"])
    ids.update((s["title"], s["id"]) for s in state["sessions"])
    return ids


def per_task(emulator):
    """The request log cut into one list of (method, route, body) per task (each starts with its login)."""
    segments = []
    for entry in emulator.requests_log():
        if entry["route"] == LOGIN and entry["method"] == "POST":
            segments.append([])
        elif segments:
            segments[-1].append((entry["method"], entry["route"], entry["body"]))
    return segments


def task_writes(segment):
    return ["%s %s" % (m, r) for m, r, _b in segment if m in ("POST", "PUT", "DELETE") and r != LOGIN]


def recordings(emulator, session_id=None):
    return [r for r in emulator.state()["recordings"] if session_id is None or r["session"] == session_id]


def video_ids(emulator):
    return sorted(v["id"] for v in emulator.state()["videos"])


def test_every_transition_of_one_recording_from_start_to_stop(emulator, playbook):
    ids = seed(emulator)
    emulator.clear_requests_log()
    studio = {"session": "Studio A"}
    run = playbook([
        task(dict(studio, state="recording"), name="none to recording"),
        task(dict(studio, state="recording"), name="recording to recording"),
        task(dict(studio, state="paused"), name="recording to paused"),
        task(dict(studio, state="paused"), name="paused to paused"),
        task(dict(studio, state="recording"), name="paused to recording"),
        task(dict(studio, state="stopped"), name="recording to stopped"),
        task(dict(studio, state="stopped"), name="stopped to stopped"),
    ], diff=True)
    assert run.returncode == 0, run.stdout
    segments = per_task(emulator)
    assert [task_writes(s) for s in segments] == [[START], [], [SET_STATE], [], [SET_STATE], [STOP], []]

    started = run.result("none to recording")
    assert started["changed"] is True
    rid = started["recording"]["id"]
    assert started["recording"]["session"] == ids["Studio A"]
    assert started["recording"]["state"] == "RECORDING"
    assert sorted(r["source"] for r in started["recording"]["recorders"]) == sorted([ids["Cam A"], ids["Cam B"]])
    assert [r["id"] for r in started["recordings"]] == [rid]
    assert started["actions"] == ["start recording session 'Studio A'"]
    assert started["diff"] == {"before": {"session": "Studio A", "recordings": {}},
                               "after": {"session": "Studio A", "recordings": {rid: "recording"}}}
    assert [b for m, r, b in segments[0] if m == "POST" and r != LOGIN] == ["{}"]

    same = run.result("recording to recording")
    assert (same["changed"], same["actions"], same["recording"]["id"]) == (False, [], rid)
    assert same["diff"]["before"] == same["diff"]["after"]

    paused = run.result("recording to paused")
    assert paused["changed"] is True and paused["recording"]["state"] == "PAUSED"
    assert paused["actions"] == ["pause recording %s of session 'Studio A'" % rid]
    assert paused["diff"]["after"]["recordings"] == {rid: "paused"}
    put_bodies = [b for m, r, b in segments[2] if m == "PUT"]
    assert put_bodies == ['{"state": "PAUSED"}']

    assert run.result("paused to paused")["changed"] is False
    assert run.result("paused to paused")["recording"]["state"] == "PAUSED"

    resumed = run.result("paused to recording")
    assert resumed["changed"] is True and resumed["recording"]["state"] == "RECORDING"
    assert [b for m, r, b in segments[4] if m == "PUT"] == ['{"state": "RECORDING"}']

    stopped = run.result("recording to stopped")
    assert stopped["changed"] is True
    assert (stopped["videos"], stopped["recording"], stopped["recordings"]) == ([rid], None, [])
    assert stopped["diff"]["after"]["recordings"] == {rid: "stopped"}

    again = run.result("stopped to stopped")
    assert (again["changed"], again["videos"], again["recordings"]) == (False, [], [])

    assert recordings(emulator) == []
    assert rid in video_ids(emulator)


def test_stopped_stops_every_active_recording_of_the_session_and_returns_their_video_ids(emulator, playbook):
    seed(emulator, recordings=[{"id": "rec-running", "session": "Studio A", "state": "RECORDING"},
                               {"id": "rec-paused", "session": "Studio A", "state": "PAUSED"},
                               {"id": "rec-other", "session": "Studio B", "state": "RECORDING"}])
    emulator.reset_counters()
    run = playbook([task({"session": "Studio A", "state": "stopped"})])
    result = run.result("recording")
    assert result["changed"] is True
    assert sorted(result["videos"]) == ["rec-paused", "rec-running"]
    assert emulator.counters()["by_route"][STOP] == 2 and emulator.writes() == 2
    assert [r["id"] for r in recordings(emulator)] == ["rec-other"]
    finished = [v["id"] for v in emulator.state()["videos"] if v["id"].startswith("rec-") and not v["recording"]]
    assert sorted(finished) == ["rec-paused", "rec-running"]  # rec-other is a video too while it records: V3 b


def test_paused_pauses_every_recording_one_and_recording_leaves_a_session_with_one_running_alone(emulator, playbook):
    seed(emulator, recordings=[{"id": "rec-1", "session": "Studio A", "state": "RECORDING"},
                               {"id": "rec-2", "session": "Studio A", "state": "RECORDING"},
                               {"id": "rec-3", "session": "Studio A", "state": "PAUSED"}])
    emulator.clear_requests_log()
    run = playbook([task({"session": "Studio A", "state": "recording"}, name="already recording"),
                    task({"session": "Studio A", "state": "paused"}, name="pause all")])
    assert run.returncode == 0, run.stdout
    assert [task_writes(s) for s in per_task(emulator)] == [[], [SET_STATE, SET_STATE]]
    assert run.result("already recording")["changed"] is False
    assert sorted(run.result("pause all")["actions"]) == [
        "pause recording rec-1 of session 'Studio A'", "pause recording rec-2 of session 'Studio A'"]
    assert sorted((r["id"], r["state"]) for r in recordings(emulator)) == [
        ("rec-1", "PAUSED"), ("rec-2", "PAUSED"), ("rec-3", "PAUSED")]


def test_stop_by_id_stops_that_one_and_again_returns_its_video_without_a_write(emulator, playbook):
    seed(emulator, recordings=[{"id": "rec-1", "session": "Studio A", "state": "RECORDING"},
                               {"id": "rec-2", "session": "Studio A", "state": "PAUSED"}])
    emulator.clear_requests_log()
    run = playbook([task({"session": "Studio A", "id": "rec-2", "state": "stopped"}, name="stop"),
                    task({"session": "Studio A", "id": "rec-2", "state": "stopped"}, name="stop again")])
    assert run.returncode == 0, run.stdout
    segments = per_task(emulator)
    assert [task_writes(s) for s in segments] == [[STOP], []]
    assert [r for m, r, b in segments[0] if m == "DELETE" and r != LOGIN] == ["/apis/recordings/:recordingId"]
    first, second = run.result("stop"), run.result("stop again")
    assert (first["changed"], first["videos"]) == (True, ["rec-2"])
    assert [r["id"] for r in first["recordings"]] == ["rec-1"]
    assert (second["changed"], second["videos"]) == (False, ["rec-2"])
    assert [r["id"] for r in recordings(emulator)] == ["rec-1"]
    assert "rec-2" in video_ids(emulator)


def test_pause_and_resume_by_id_touch_only_that_recording(emulator, playbook):
    seed(emulator, recordings=[{"id": "rec-1", "session": "Studio A", "state": "RECORDING"},
                               {"id": "rec-2", "session": "Studio A", "state": "RECORDING"}])
    emulator.clear_requests_log()
    run = playbook([task({"session": "Studio A", "id": "rec-2", "state": "paused"}, name="pause"),
                    task({"session": "Studio A", "id": "rec-2", "state": "recording"}, name="resume")])
    assert run.returncode == 0, run.stdout
    assert [task_writes(s) for s in per_task(emulator)] == [[SET_STATE], [SET_STATE]]
    assert run.result("pause")["recording"]["id"] == "rec-2"
    assert run.result("pause")["recording"]["state"] == "PAUSED"
    assert sorted((r["id"], r["state"]) for r in run.result("pause")["recordings"]) == [
        ("rec-1", "RECORDING"), ("rec-2", "PAUSED")]
    assert sorted((r["id"], r["state"]) for r in recordings(emulator)) == [("rec-1", "RECORDING"), ("rec-2", "RECORDING")]


def test_start_with_a_subset_of_sources_records_only_those(emulator, playbook):
    ids = seed(emulator)
    emulator.clear_requests_log()
    run = playbook([task({"session": "Studio A", "state": "recording", "sources": ["Cam B"]})])
    result = run.result("recording")
    assert result["changed"] is True
    assert [r["source"] for r in result["recording"]["recorders"]] == [ids["Cam B"]]
    assert result["actions"] == ["start recording session 'Studio A' (sources Cam B)"]
    [segment] = per_task(emulator)
    assert [b for m, r, b in segment if m == "POST" and r != LOGIN] == [
        '{"recorders": [{"source": "%s"}]}' % ids["Cam B"]]
    [stored] = recordings(emulator)
    assert [r["source"] for r in stored["recorders"]] == [ids["Cam B"]]


def test_invalid_requests_fail_with_a_clear_message_and_change_nothing(emulator, playbook):
    seed(emulator, recordings=[{"id": "rec-1", "session": "Studio A", "state": "RECORDING"}],
         videos=[{"title": "Old show", "description": "", "duration": 10, "movieTrackCount": 1}])
    cases = [
        ({"session": "Empty", "state": "recording"},
         ["session", "'Empty' has no sources", "at least one source"]),
        ({"session": "Studio B", "state": "paused"}, ["'Studio B'", "nothing to pause"]),
        ({"session": "Studio A", "id": "no-such-recording", "state": "stopped"},
         ["id", "'no-such-recording'", "stopping a recording that is not there", "rec-1"]),
        ({"session": "Studio B", "id": "rec-1", "state": "stopped"},
         ["'rec-1'", "stopping a recording that is not there"]),
        ({"session": "Studio A", "id": "no-such-recording", "state": "paused"},
         ["id", "no active recording with the id 'no-such-recording'"]),
        ({"session": "Studio B", "state": "recording", "sources": ["Cam A"]},
         ["sources", "'Cam A'", "not a source of session 'Studio B'", "Cam C"]),
        ({"session": "Studio Z", "state": "stopped"}, ["session", "'Studio Z'"]),
        ({"session": "Studio A", "state": "stopped", "sources": ["Cam A"]}, ["sources", "only to start"]),
    ]
    before = emulator.state()
    emulator.reset_counters()
    run = playbook([task(args, name="bad %d" % i, ignore_errors=True) for i, (args, _) in enumerate(cases)])
    for i, (_args, expected) in enumerate(cases):
        assert run.status("bad %d" % i) == "failed", i
        message = run.result("bad %d" % i)["msg"]
        for part in expected:
            assert part in message, (i, part, message)
    assert emulator.writes() == 0
    assert emulator.state() == before


def test_check_mode_predicts_every_transition_and_writes_nothing(emulator, playbook):
    ids = seed(emulator, recordings=[{"id": "rec-b", "session": "Studio B", "state": "RECORDING"}])
    before = emulator.state()
    emulator.reset_counters()
    run = playbook([
        task({"session": "Studio A", "state": "recording", "sources": ["Cam A"]}, name="start"),
        task({"session": "Studio B", "state": "paused"}, name="pause"),
        task({"session": "Studio B", "state": "stopped"}, name="stop"),
        task({"session": "Studio B", "state": "recording"}, name="no-op"),
    ], check=True, diff=True)
    assert run.returncode == 0, run.stdout
    assert emulator.writes() == 0
    assert emulator.state() == before

    start = run.result("start")
    assert start["changed"] is True and start["actions"] == ["start recording session 'Studio A' (sources Cam A)"]
    assert (start["recording"]["id"], start["recording"]["state"]) == (None, "RECORDING")
    assert [r["source"] for r in start["recording"]["recorders"]] == [ids["Cam A"]]
    assert start["diff"]["after"]["recordings"] == {"(new)": "recording"}

    pause = run.result("pause")
    assert pause["changed"] is True and pause["recording"]["state"] == "PAUSED"
    assert pause["diff"] == {"before": {"session": "Studio B", "recordings": {"rec-b": "recording"}},
                             "after": {"session": "Studio B", "recordings": {"rec-b": "paused"}}}

    stop = run.result("stop")
    assert (stop["changed"], stop["videos"], stop["recordings"]) == (True, ["rec-b"], [])
    assert stop["diff"]["after"]["recordings"] == {"rec-b": "stopped"}

    assert run.result("no-op")["changed"] is False


def test_recording_info_names_sessions_and_sources_and_filters(emulator, playbook):
    ids = seed(emulator, recordings=[{"id": "rec-a", "session": "Studio A", "state": "PAUSED"},
                                     {"id": "rec-b", "session": "Studio B", "state": "RECORDING"}])
    emulator.reset_counters()
    run = playbook([task({}, name="all", module=INFO),
                    task({"session": "Studio A"}, name="one session", module=INFO),
                    task({"session": ids["Studio B"]}, name="by session id", module=INFO),
                    task({"id": "rec-b"}, name="by id", module=INFO),
                    task({"id": "rec-gone"}, name="unknown id", module=INFO),
                    task({"session": "Empty"}, name="none", module=INFO),
                    task({"session": "Studio Z"}, name="unknown session", module=INFO, ignore_errors=True)],
                   check=True)
    listed = dict((r["id"], r) for r in run.result("all")["recordings"])
    assert sorted(listed) == ["rec-a", "rec-b"]
    assert (listed["rec-a"]["session_title"], listed["rec-a"]["state"]) == ("Studio A", "PAUSED")
    assert listed["rec-a"]["source_names"] == ["Cam A", "Cam B"]
    assert (listed["rec-b"]["session_title"], listed["rec-b"]["source_names"]) == ("Studio B", ["Cam C"])
    assert [r["id"] for r in run.result("one session")["recordings"]] == ["rec-a"]
    assert [r["id"] for r in run.result("by session id")["recordings"]] == ["rec-b"]
    assert [r["id"] for r in run.result("by id")["recordings"]] == ["rec-b"]
    assert run.result("by id")["recordings"][0]["session_title"] == "Studio B"
    assert run.result("unknown id")["recordings"] == []
    assert run.result("none")["recordings"] == []
    assert run.status("unknown session") == "failed"
    assert "'Studio Z'" in run.result("unknown session")["msg"]
    assert emulator.writes() == 0


def test_recording_info_reads_every_page(emulator, playbook):
    recs = [{"id": "rec-%03d" % i, "session": "Studio A" if i % 2 else "Studio B",
             "state": "PAUSED" if i % 3 else "RECORDING"} for i in range(130)]
    seed(emulator, recordings=recs)
    emulator.clear_requests_log()
    run = playbook([task({}, name="all", module=INFO), task({"session": "Studio B"}, name="studio b", module=INFO)])
    listed = run.result("all")["recordings"]
    assert sorted(r["id"] for r in listed) == ["rec-%03d" % i for i in range(130)]
    assert next(r for r in listed if r["id"] == "rec-117")["session_title"] == "Studio A"
    assert sorted(r["id"] for r in run.result("studio b")["recordings"]) == ["rec-%03d" % i for i in range(0, 130, 2)]
    pages = [r["query"] for r in emulator.requests_log() if r["method"] == "GET" and r["path"] == "/apis/recordings"]
    assert len(pages) == 2 * page_reads(emulator, 130) and sum("page=2&" in q for q in pages) == 2, pages


def test_a_start_whose_answer_is_lost_is_read_back_and_sent_once(emulator, playbook):
    """The answer of every recording start lost (the emulator starts the recording, then closes the connection):
    the session's recordings are read back, the new one is the task's, and no second start is sent."""
    ids = seed(emulator)
    emulator.set_faults(lost_answer_rate=1.0, routes=[START])
    emulator.reset_counters()
    run = playbook([task({"session": "Studio A", "state": "recording"})])
    emulator.clear_faults()
    assert run.status("recording") == "ok", run.stdout
    [made] = recordings(emulator, ids["Studio A"])
    assert run.result("recording")["recording"]["id"] == made["id"]
    assert emulator.counters()["writes_by_route"] == {START: 1}
