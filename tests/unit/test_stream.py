"""The hmp_stream planner: every transition of the stream state machine, the checks made before any
write, and the execution of a plan (the new stream's id in later steps, nothing sent in check mode)."""

import pytest

from ansible_collections.haivision.hmp.plugins.module_utils._resources import InvalidValue
from ansible_collections.haivision.hmp.plugins.module_utils.engine._operations import NEW, predict, run
from ansible_collections.haivision.hmp.plugins.module_utils.features._stream import is_stream_of
from ansible_collections.haivision.hmp.plugins.module_utils.features._stream import stream_steps as plan
from ansible_collections.haivision.hmp.plugins.module_utils.features._stream import stream_view as diff_view


class Recorder(object):
    """Answers a stream start with a new stream, everything else with an empty answer."""

    def __init__(self):
        self.writes = []

    retries = 0

    def confirm(self, ending=False):
        """Every 404 of this scripted server is a real answer."""

    def request(self, method, path, body=None, took_effect=None):
        self.writes.append((method, path, body))
        return dict(body, id="s-new") if path.endswith("/streams") else None

VIDEO = {"id": "v1", "title": "Keynote", "movieTrackCount": 1, "duration": 120.5}
TWO_TRACKS = {"id": "v2", "title": "Studio A", "movieTrackCount": 2, "duration": 60}
SINGLE = [{"trackId": 3, "address": "239.1.1.1", "port": 5000}]


def stream(sid="s1", state="playing", asset="v1", address="239.1.1.1", port=5000, destinations=None):
    return {"id": sid, "asset": asset, "address": address, "port": port, "state": state, "username": "haiadmin",
            "destinations": destinations if destinations is not None else
            [{"trackId": 3, "address": address, "port": port}]}


def want(state, position=None, address="239.1.1.1", port=5000, destinations=None):
    return {"state": state, "position": position, "address": address, "port": port, "destinations": destinations}


def calls(steps):
    return [(s.method, s.path, s.body) for s in steps]


# -- transitions ---------------------------------------------------------------------------------

def test_playing_from_none_starts_the_stream():
    steps = plan(None, want("playing"), video=VIDEO)
    assert calls(steps) == [("POST", "/apis/assets/v1/streams", {"address": "239.1.1.1", "port": 5000})]
    assert steps[0].makes
    assert steps[0].says == "start stream %s of video 'Keynote' to 239.1.1.1:5000" % NEW


def test_playing_from_paused_resumes_with_an_explicit_state():
    assert calls(plan(stream(state="paused"), want("playing"))) == [("PUT", "/apis/streams/s1", {"state": "playing"})]


def test_playing_from_playing_sends_nothing():
    assert plan(stream(state="playing"), want("playing")) == []


def test_a_stream_listed_without_state_is_playing():
    listed = stream()
    del listed["state"]
    assert plan(listed, want("playing")) == []
    assert calls(plan(listed, want("paused"))) == [("PUT", "/apis/streams/s1", {"state": "paused"})]


def test_paused_from_none_starts_then_pauses_the_new_stream():
    steps = plan(None, want("paused"), video=VIDEO)
    assert calls(steps) == [("POST", "/apis/assets/v1/streams", {"address": "239.1.1.1", "port": 5000}),
                            ("PUT", "/apis/streams/" + NEW, {"state": "paused"})]


def test_paused_from_playing_pauses_with_an_explicit_state():
    steps = plan(stream(state="playing"), want("paused"))
    assert calls(steps) == [("PUT", "/apis/streams/s1", {"state": "paused"})]
    assert steps[0].says == "pause stream s1"


def test_paused_from_paused_sends_nothing():
    assert plan(stream(state="paused"), want("paused")) == []


@pytest.mark.parametrize("state", ["playing", "paused"])
def test_stopped_stops_a_running_stream(state):
    steps = plan(stream(state=state), want("stopped"))
    assert calls(steps) == [("DELETE", "/apis/streams/s1", None)]
    assert steps[0].says == "stop stream s1"


def test_stopped_without_a_stream_sends_nothing():
    assert plan(None, want("stopped")) == []


def test_every_put_carries_a_state():
    for current in (None, stream(state="playing"), stream(state="paused")):
        for state in ("playing", "paused"):
            for step in plan(current, want(state), video=VIDEO):
                if step.method == "PUT":
                    assert step.body.get("state") in ("playing", "paused")


# -- position --------------------------------------------------------------------------------------

def test_a_position_seeks_on_every_run_even_in_the_wanted_state():
    steps = plan(stream(state="playing"), want("playing", position=60.5), video=VIDEO)
    assert calls(steps) == [("POST", "/apis/streams/s1/seek", {"time": 60.5})]
    assert steps[0].says == "seek stream s1 to 60.5 s"


def test_a_position_seeks_after_the_state_change():
    steps = plan(None, want("paused", position=0), video=VIDEO)
    assert [(s.method, s.path) for s in steps] == [("POST", "/apis/assets/v1/streams"), ("PUT", "/apis/streams/" + NEW),
                                                   ("POST", "/apis/streams/%s/seek" % NEW)]
    assert steps[-1].body == {"time": 0}


def test_a_position_past_the_end_of_the_video_is_refused():
    with pytest.raises(InvalidValue) as caught:
        plan(stream(), want("playing", position=121), video=VIDEO)
    assert str(caught.value) == "position: 121 is past the end of video 'Keynote' (120.5 seconds long)"


def test_a_position_with_stopped_is_refused():
    with pytest.raises(InvalidValue) as caught:
        plan(stream(), want("stopped", position=10))
    assert str(caught.value).startswith("position: 10 asks to seek, and a stopped stream has no position")


# -- checks before starting --------------------------------------------------------------------------

def test_an_address_another_stream_uses_is_refused_naming_it():
    other = stream(sid="s9", asset="v7", state="paused")
    with pytest.raises(InvalidValue) as caught:
        plan(None, want("playing"), streams=[other], video=VIDEO, video_titles={"v7": "Trailer"})
    assert str(caught.value) == ("address: 239.1.1.1:5000 is already in use by stream s9 (video 'Trailer', paused); "
                                 "stop that stream or choose another address or port")


def test_an_address_a_source_uses_is_refused_naming_it():
    cam = {"id": "src-1", "name": "Cam 1", "host": "239.1.1.1", "port": 5000}
    with pytest.raises(InvalidValue) as caught:
        plan(None, want("paused"), sources=[cam], video=VIDEO)
    assert str(caught.value) == ("address: 239.1.1.1:5000 is already in use by source 'Cam 1' (id src-1); "
                                 "choose another address or port")


def test_another_port_on_the_same_address_is_free():
    cam = {"id": "src-1", "name": "Cam 1", "host": "239.1.1.1", "port": 5002}
    steps = plan(None, want("playing"), streams=[stream(sid="s9", port=5001)], sources=[cam], video=VIDEO)
    assert [s.method for s in steps] == ["POST"]


def test_a_multi_track_video_needs_destinations():
    with pytest.raises(InvalidValue) as caught:
        plan(None, want("playing"), video=TWO_TRACKS)
    assert str(caught.value).startswith("destinations: video 'Studio A' has 2 tracks")


def test_a_video_still_being_recorded_is_not_streamed():
    recording = dict(VIDEO, recording=True, duration=0)
    with pytest.raises(InvalidValue) as caught:
        plan(None, want("playing"), video=recording)
    assert str(caught.value).startswith("video: 'Keynote' (id v1) is still being recorded")


def test_destinations_start_with_the_first_address_and_every_destination():
    dests = [{"trackId": 3, "address": "239.1.1.1", "port": 5000}, {"trackId": 4, "address": "239.1.1.1", "port": 5002}]
    steps = plan(None, want("playing", address=None, port=None, destinations=dests), video=TWO_TRACKS)
    assert calls(steps) == [("POST", "/apis/assets/v2/streams",
                             {"address": "239.1.1.1", "port": 5000, "destinations": dests})]


def test_a_destination_given_twice_is_refused():
    dests = [{"trackId": 3, "address": "239.1.1.1", "port": 5000}, {"trackId": 4, "address": "239.1.1.1", "port": 5000}]
    with pytest.raises(InvalidValue) as caught:
        plan(None, want("playing", destinations=dests), video=TWO_TRACKS)
    assert str(caught.value).startswith("destinations: 239.1.1.1:5000 is given twice")


def test_a_running_stream_is_not_checked_against_addresses():
    other = stream(sid="s9")  # would conflict if the task started a stream
    assert plan(stream(state="paused"), want("playing"), streams=[other]) != []


# -- which stream ----------------------------------------------------------------------------------

def test_matching_by_video_address_and_port():
    assert is_stream_of(stream(), "v1", want("playing"))
    assert not is_stream_of(stream(asset="v9"), "v1", want("playing"))
    assert not is_stream_of(stream(port=5001), "v1", want("playing"))


def test_matching_by_destinations_as_a_set():
    dests = [{"trackId": 4, "address": "239.1.1.1", "port": 5002}, {"trackId": 3, "address": "239.1.1.1", "port": 5000}]
    running = stream(asset="v2", address="multiple", port=0, destinations=list(reversed(dests)))
    assert is_stream_of(running, "v2", want("playing", destinations=dests))
    assert not is_stream_of(running, "v2", want("playing", destinations=dests[:1]))
    assert not is_stream_of(running, "v2", want("playing"))


def test_a_stream_listed_without_destinations_is_found_by_its_address():
    listed = stream()
    del listed["destinations"]
    assert is_stream_of(listed, "v1", want("playing"))
    assert is_stream_of(listed, "v1", want("playing", destinations=SINGLE))


# -- execution -------------------------------------------------------------------------------------

def test_the_runner_puts_the_new_id_into_later_steps_and_actions():
    client = Recorder()
    ran = run(client, plan(None, want("paused", position=5), video=VIDEO), check_mode=False)
    new_id, actions = ran.made, ran.says
    assert new_id == "s-new"
    assert [(m, p) for m, p, _b in client.writes] == [
        ("POST", "/apis/assets/v1/streams"), ("PUT", "/apis/streams/" + new_id), ("POST", "/apis/streams/%s/seek" % new_id)]
    assert actions == ["start stream %s of video 'Keynote' to 239.1.1.1:5000" % new_id, "pause stream " + new_id,
                       "seek stream %s to 5 s" % new_id]


def test_the_runner_in_check_mode_sends_nothing():
    client = Recorder()
    ran = run(client, plan(None, want("paused"), video=VIDEO), check_mode=True)
    new_id, actions = ran.made, ran.says
    assert client.writes == []
    assert new_id is None
    assert actions == ["start stream (new) of video 'Keynote' to 239.1.1.1:5000", "pause stream (new)"]


# -- what check mode shows ---------------------------------------------------------------------------

def predicted(current, wanted, video_id):
    return predict(current, plan(current, wanted, video=dict(VIDEO, id=video_id)))


def test_check_mode_predicts_a_new_stream_without_inventing_a_track():
    assert predicted(None, want("paused"), "v1") == {"id": None, "asset": "v1", "state": "paused",
                                                     "address": "239.1.1.1", "port": 5000}


def test_check_mode_predicts_multiple_destinations_as_hmp_shows_them():
    dests = [{"trackId": 3, "address": "239.1.1.1", "port": 5000}, {"trackId": 4, "address": "239.1.1.1", "port": 5002}]
    after = predict(None, plan(None, want("playing", destinations=dests), video=TWO_TRACKS))
    assert (after["address"], after["port"], after["destinations"]) == ("multiple", 0, dests)


def test_check_mode_predicts_the_new_state_and_no_stream_once_stopped():
    assert predicted(stream(state="playing"), want("paused"), "v1")["state"] == "paused"
    assert predicted(stream(), want("stopped"), "v1") is None


def test_the_diff_view_uses_option_names():
    assert diff_view(None, "Keynote") == {"state": "stopped"}
    assert diff_view(stream(state="paused"), "Keynote") == {
        "state": "paused", "video": "Keynote", "address": "239.1.1.1", "port": 5000,
        "destinations": [{"track_id": 3, "address": "239.1.1.1", "port": 5000}]}
