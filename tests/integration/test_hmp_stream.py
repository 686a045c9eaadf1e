"""hmp_stream and hmp_stream_info end to end: every transition of the stream state machine (the no-op
ones with zero writes, read from the emulator's counters), check mode, --diff, seeking, streams by id
and by destinations, addresses in use, and the info module over more streams than one page holds."""

import json
from harness import tasks_of

STREAM = "haivision.hmp.hmp_stream"
INFO = "haivision.hmp.hmp_stream_info"

START = "POST /apis/assets/:assetId/streams"
PUT = "PUT /apis/streams/:streamId"
STOP = "DELETE /apis/streams/:streamId"
SEEK = "POST /apis/streams/:streamId/seek"
GROUP = "239.10.0.1"


task = tasks_of(STREAM, "stream")


VIDEOS = [{"title": "Keynote", "duration": 120.5, "movieTrackCount": 1},
          {"title": "Trailer", "duration": 30, "movieTrackCount": 1},
          {"title": "Studio A", "duration": 600, "movieTrackCount": 2}]


def seed(emulator, streams=(), sources=(), videos=VIDEOS):
    emulator.reset({"videos": list(videos), "streams": list(streams), "sources": list(sources)})
    state = emulator.state()
    return dict((v["title"], v["id"]) for v in state["videos"])


def streams(emulator):
    return emulator.state()["streams"]


def on_port(emulator, port):
    found = [s for s in streams(emulator) if s["port"] == port]
    assert len(found) <= 1
    return found[0] if found else None


def to(port, video="Keynote", **extra):
    return dict({"video": video, "address": GROUP, "port": port}, **extra)


def test_the_transitions_that_change_a_stream(emulator, playbook):
    videos = seed(emulator, streams=[to(5000, state="playing"), to(5001, state="paused"),
                                     to(5004, state="playing"), to(5005, state="paused")])
    ids = dict((s["port"], s["id"]) for s in streams(emulator))
    emulator.reset_counters()
    emulator.clear_requests_log()
    run = playbook([
        task(to(5002, state="playing"), name="none to playing"),
        task(to(5003, state="paused"), name="none to paused"),
        task(to(5000, state="paused"), name="playing to paused"),
        task(to(5001, state="playing"), name="paused to playing"),
        task(to(5004, state="stopped"), name="playing to stopped"),
        task(to(5005, state="stopped"), name="paused to stopped"),
    ], diff=True)
    assert run.returncode == 0, run.stdout
    assert emulator.write_routes() == {START: 2, PUT: 3, STOP: 2}

    started = run.result("none to playing")
    assert started["changed"] is True
    new = on_port(emulator, 5002)
    assert new["state"] == "playing" and new["asset"] == videos["Keynote"]
    assert started["actions"] == ["start stream %s of video 'Keynote' to %s:5002" % (new["id"], GROUP)]
    assert started["stream"]["id"] == new["id"] and started["stream"]["video_title"] == "Keynote"
    assert started["diff"] == {"before": {"state": "stopped"},
                               "after": {"state": "playing", "video": "Keynote", "address": GROUP, "port": 5002,
                                         "destinations": [{"track_id": 3, "address": GROUP, "port": 5002}]}}

    paused_new = run.result("none to paused")
    new_paused = on_port(emulator, 5003)
    assert new_paused["state"] == "paused"
    assert paused_new["actions"] == ["start stream %s of video 'Keynote' to %s:5003" % (new_paused["id"], GROUP),
                                     "pause stream %s" % new_paused["id"]]
    assert paused_new["stream"]["state"] == "paused"

    paused = run.result("playing to paused")
    assert paused["actions"] == ["pause stream %s" % ids[5000]]
    assert (paused["diff"]["before"]["state"], paused["diff"]["after"]["state"]) == ("playing", "paused")
    assert on_port(emulator, 5000)["state"] == "paused"

    resumed = run.result("paused to playing")
    assert resumed["actions"] == ["resume stream %s" % ids[5001]]
    assert on_port(emulator, 5001)["state"] == "playing"

    for name, port in (("playing to stopped", 5004), ("paused to stopped", 5005)):
        stopped = run.result(name)
        assert stopped["changed"] is True and stopped["stream"] is None
        assert stopped["actions"] == ["stop stream %s" % ids[port]]
        assert stopped["diff"]["after"] == {"state": "stopped"}
        assert on_port(emulator, port) is None

    # every PUT said which state it wanted: an empty body would have toggled
    bodies = [json.loads(r["body"]) for r in emulator.requests_log() if r["route"] == "/apis/streams/:streamId"
              and r["method"] == "PUT"]
    assert sorted(b["state"] for b in bodies) == ["paused", "paused", "playing"]


def test_asking_for_the_state_a_stream_is_in_sends_no_write(emulator, playbook):
    seed(emulator, streams=[to(5000, state="playing"), to(5001, state="paused")])
    playing_id = on_port(emulator, 5000)["id"]
    before = emulator.state()
    emulator.reset_counters()
    run = playbook([
        task(to(5000, state="playing"), name="playing to playing"),
        task(to(5001, state="paused"), name="paused to paused"),
        task({"id": playing_id, "state": "playing"}, name="playing by id"),
        task(to(5009, state="stopped"), name="none to stopped"),
        task({"id": "no-such-stream", "state": "stopped"}, name="unknown id to stopped"),
        task(to(5000, video="Deleted long ago", state="stopped"), name="unknown video to stopped"),
    ], diff=True)
    assert run.returncode == 0, run.stdout
    for name in ("playing to playing", "paused to paused", "playing by id", "none to stopped",
                 "unknown id to stopped", "unknown video to stopped"):
        result = run.result(name)
        assert result["changed"] is False, name
        assert result["actions"] == [], name
        assert result["diff"]["before"] == result["diff"]["after"], name
    assert run.result("paused to paused")["stream"]["state"] == "paused"
    assert run.result("none to stopped")["stream"] is None
    assert emulator.writes() == 0
    assert emulator.state() == before


def test_check_mode_reports_every_change_and_sends_no_write(emulator, playbook):
    seed(emulator, streams=[to(5000, state="playing"), to(5001, state="paused")])
    playing_id = on_port(emulator, 5000)["id"]
    before = emulator.state()
    emulator.reset_counters()
    run = playbook([
        task(to(5002, state="paused"), name="start paused"),
        task(to(5000, state="paused"), name="pause"),
        task(to(5001, state="playing"), name="resume"),
        task({"id": playing_id, "state": "stopped"}, name="stop"),
        task(to(5000, position=10), name="seek"),
    ], check=True, diff=True)
    assert run.returncode == 0, run.stdout
    start = run.result("start paused")
    assert start["changed"] is True
    assert start["actions"] == ["start stream (new) of video 'Keynote' to %s:5002" % GROUP, "pause stream (new)"]
    assert start["stream"]["id"] is None and start["stream"]["state"] == "paused"
    assert start["diff"]["after"]["state"] == "paused"
    assert run.result("pause")["stream"]["state"] == "paused"
    assert run.result("resume")["stream"]["state"] == "playing"
    assert run.result("stop")["stream"] is None and run.result("stop")["changed"] is True
    assert run.result("seek")["actions"] == ["seek stream %s to 10 s" % playing_id]
    assert emulator.writes() == 0
    assert emulator.state() == before


def test_a_position_seeks_on_every_run(emulator, playbook):
    seed(emulator, streams=[to(5000, state="paused")])
    stream_id = on_port(emulator, 5000)["id"]
    emulator.reset_counters()
    emulator.clear_requests_log()
    run = playbook([task(to(5000, state="paused", position=30.5), name="seek"),
                    task(to(5000, state="paused", position=30.5), name="seek again")], diff=True)
    assert run.returncode == 0, run.stdout
    for name in ("seek", "seek again"):
        result = run.result(name)
        assert result["changed"] is True
        assert result["actions"] == ["seek stream %s to 30.5 s" % stream_id]
        assert result["diff"]["after"]["position"] == 30.5
    assert emulator.write_routes() == {SEEK: 2}
    assert [json.loads(r["body"]) for r in emulator.requests_log()
            if r["route"] == "/apis/streams/:streamId/seek"] == [{"time": 30.5}] * 2
    assert on_port(emulator, 5000)["state"] == "paused"


def test_a_new_stream_with_a_position_starts_then_seeks(emulator, playbook):
    seed(emulator)
    emulator.reset_counters()
    run = playbook([task(to(5000, position=0))])
    assert run.returncode == 0, run.stdout
    assert emulator.write_routes() == {START: 1, SEEK: 1}
    assert run.result("stream")["actions"][1] == "seek stream %s to 0 s" % on_port(emulator, 5000)["id"]


def test_a_stream_by_id(emulator, playbook):
    seed(emulator, streams=[to(5000)])
    stream_id = on_port(emulator, 5000)["id"]
    emulator.reset_counters()
    run = playbook([task({"id": stream_id, "state": "paused"}, name="pause"),
                    task({"id": stream_id, "state": "stopped"}, name="stop")])
    assert run.returncode == 0, run.stdout
    assert run.result("pause")["stream"]["video_title"] == "Keynote"
    assert emulator.write_routes() == {PUT: 1, STOP: 1}
    assert streams(emulator) == []


def test_a_multi_track_video_streams_to_destinations(emulator, playbook):
    seed(emulator)
    destinations = [{"track_id": 4, "address": GROUP, "port": 5002}, {"track_id": 3, "address": GROUP, "port": 5000}]
    emulator.reset_counters()
    run = playbook([task({"video": "Studio A", "destinations": destinations}, name="start"),
                    task({"video": "Studio A", "destinations": list(reversed(destinations))}, name="again"),
                    task({"video": "Studio A", "destinations": destinations, "state": "paused"}, name="pause")])
    assert run.returncode == 0, run.stdout
    assert run.result("start")["changed"] is True
    assert run.result("again")["changed"] is False
    assert emulator.write_routes() == {START: 1, PUT: 1}
    [stream] = streams(emulator)
    assert (stream["address"], stream["port"], stream["state"]) == ("multiple", 0, "paused")
    assert sorted((d["trackId"], d["port"]) for d in stream["destinations"]) == [(3, 5000), (4, 5002)]


def test_what_hmp_would_refuse_fails_clearly_and_changes_nothing(emulator, playbook):
    cam = {"name": "Cam 1", "type": "UDP", "host": "239.10.0.2", "port": 6000, "multicast": True}
    seed(emulator, streams=[to(5000, state="paused")], sources=[cam])
    [used] = streams(emulator)
    [source] = emulator.state()["sources"]
    cases = [
        (to(5000, video="Trailer"), ["address", "%s:5000" % GROUP, used["id"], "'Keynote'", "in use by stream"]),
        (to(5000, video="Trailer", state="paused"), ["in use by stream", used["id"]]),
        ({"video": "Trailer", "address": "239.10.0.2", "port": 6000},
         ["address", "239.10.0.2:6000", "in use by source 'Cam 1'", source["id"]]),
        ({"video": "Studio A", "destinations": [{"track_id": 3, "address": GROUP, "port": 5000},
                                                {"track_id": 4, "address": GROUP, "port": 5001}]},
         ["destinations", "%s:5000" % GROUP, used["id"]]),
        (to(5001, video="Studio A"), ["destinations", "'Studio A'", "2 tracks"]),
        (to(5001, video="No such video"), ["video", "'No such video'"]),
        ({"id": "no-such-stream"}, ["id", "'no-such-stream'"]),
        (to(5000, position=500), ["position", "500", "past the end", "'Keynote'"]),
        (to(5000, state="stopped", position=5), ["position", "stopped"]),
        ({"video": "Keynote", "state": "stopped"}, ["address and port"]),
        (to(70000), ["port", "70000", "out of range"]),
        ({"video": "Studio A", "destinations": []}, ["destinations", "no destination"]),
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


def test_stream_info_reads_every_page_and_names_the_videos(emulator, playbook):
    videos = seed(emulator, streams=[to(6000 + i, video="Keynote" if i % 2 else "Trailer") for i in range(105)])
    some = on_port(emulator, 6001)
    emulator.reset_counters()
    run = playbook([task({}, name="all", module=INFO),
                    task({"video": "Keynote"}, name="keynote", module=INFO),
                    task({"video": videos["Trailer"]}, name="trailer by id", module=INFO),
                    task({"id": some["id"]}, name="one", module=INFO),
                    task({"id": "no-such-stream"}, name="none", module=INFO)], check=True)
    assert run.returncode == 0, run.stdout
    every = run.result("all")["streams"]
    assert len(every) == 105 and len(set(s["id"] for s in every)) == 105
    assert all(s["video_title"] == ("Keynote" if s["port"] % 2 else "Trailer") for s in every)
    assert len(run.result("keynote")["streams"]) == 52
    assert set(s["asset"] for s in run.result("keynote")["streams"]) == {videos["Keynote"]}
    assert len(run.result("trailer by id")["streams"]) == 53
    [one] = run.result("one")["streams"]
    assert (one["id"], one["video_title"], one["port"]) == (some["id"], "Keynote", 6001)
    assert run.result("none")["streams"] == []
    assert emulator.counters()["by_route"]["GET /apis/streams"] >= 2 * 3  # two pages per full listing
    assert emulator.writes() == 0


def test_stream_info_with_no_stream_is_an_empty_list(emulator, playbook):
    seed(emulator)
    run = playbook([task({}, name="all", module=INFO)])
    assert run.result("all")["streams"] == []


def test_a_start_whose_answer_is_lost_is_read_back_and_sent_once(emulator, playbook):
    """The answer of every stream start lost (the emulator starts the stream, then closes the connection): the
    video's streams are read back, the one to the task's address is the task's, and no second start is sent."""
    seed(emulator)
    emulator.set_faults(lost_answer_rate=1.0, routes=[START])
    emulator.reset_counters()
    run = playbook([task(to(5010, state="paused"))])
    emulator.clear_faults()
    assert run.status("stream") == "ok", run.stdout
    [made] = streams(emulator)
    assert (made["port"], made["state"]) == (5010, "paused")
    assert run.result("stream")["stream"]["id"] == made["id"]
    assert emulator.counters()["writes_by_route"] == {START: 1, PUT: 1}
