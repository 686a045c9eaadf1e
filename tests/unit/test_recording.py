"""The recording planner: every transition of the state machine, from what HMP reports, without HTTP."""

import pytest

from ansible_collections.haivision.hmp.plugins.module_utils.features._recording import ensure_recording, recording_change
from ansible_collections.haivision.hmp.plugins.module_utils.engine._schema import InvalidValue

from fakes import FakeClient

SESSION = {"id": "s1", "title": "Studio A", "sources": ["cam-a", "cam-b"]}
EMPTY_SESSION = {"id": "s2", "title": "Empty", "sources": []}
CAM_A = {"id": "cam-a", "name": "Cam A"}
CAM_B = {"id": "cam-b", "name": "Cam B"}
CAM_C = {"id": "cam-c", "name": "Cam C"}
NAMES = {"cam-a": "Cam A", "cam-b": "Cam B", "cam-c": "Cam C"}


def rec(rid, state="RECORDING", session="s1"):
    return {"id": rid, "session": session, "state": state, "recorders": [{"source": "cam-a", "state": state}]}


def writes(plan):
    return [(s.method, s.path, s.body) for s in plan.steps]


# -- recording ------------------------------------------------------------------------------------

def test_recording_starts_one_with_every_source_when_the_session_has_none():
    plan = recording_change(SESSION, [], "recording")
    assert writes(plan) == [("POST", "/apis/sessions/s1/recordings", {})]
    assert plan.changed and plan.starts
    assert [r["state"] for r in plan.after] == ["RECORDING"]
    assert [r["source"] for r in plan.after[0]["recorders"]] == ["cam-a", "cam-b"]
    assert "start recording session 'Studio A'" in plan.steps[0].says


def test_recording_with_sources_starts_one_with_those_recorders_only():
    plan = recording_change(SESSION, [], "recording", sources=[CAM_B, CAM_B], source_names=NAMES)
    assert writes(plan) == [("POST", "/apis/sessions/s1/recordings", {"recorders": [{"source": "cam-b"}]})]
    assert "Cam B" in plan.steps[0].says
    assert [r["source"] for r in plan.after[0]["recorders"]] == ["cam-b"]


def test_recording_with_a_source_outside_the_session_fails_naming_it():
    with pytest.raises(InvalidValue) as error:
        recording_change(SESSION, [], "recording", sources=[CAM_A, CAM_C], source_names=NAMES)
    message = str(error.value)
    assert message.startswith("sources:")
    assert "'Cam C' (id cam-c) is not a source of session 'Studio A'" in message
    assert "Cam A, Cam B" in message


def test_recording_with_an_empty_sources_list_fails():
    with pytest.raises(InvalidValue, match="^sources: \\[\\] names no source"):
        recording_change(SESSION, [], "recording", sources=[])


def test_recording_on_a_session_without_sources_fails_before_any_step():
    with pytest.raises(InvalidValue) as error:
        recording_change(EMPTY_SESSION, [], "recording")
    assert str(error.value).startswith("session: 'Empty' has no sources")


def test_recording_does_nothing_when_one_is_recording():
    active = [rec("r1", "PAUSED"), rec("r2", "RECORDING")]
    plan = recording_change(SESSION, active, "recording")
    assert plan.steps == [] and not plan.changed
    assert plan.target == "r2"
    assert plan.after == active


def test_recording_resumes_the_paused_ones_when_none_is_recording():
    plan = recording_change(SESSION, [rec("r1", "PAUSED"), rec("r2", "PAUSED")], "recording")
    assert writes(plan) == [("PUT", "/apis/recordings/r1", {"state": "RECORDING"}),
                            ("PUT", "/apis/recordings/r2", {"state": "RECORDING"})]
    assert [r["state"] for r in plan.after] == ["RECORDING", "RECORDING"]
    assert plan.target == "r1"


def test_recording_by_id_resumes_that_one_only():
    plan = recording_change(SESSION, [rec("r1", "PAUSED"), rec("r2", "PAUSED")], "recording", recording_id="r2")
    assert writes(plan) == [("PUT", "/apis/recordings/r2", {"state": "RECORDING"})]
    assert [r["state"] for r in plan.after] == ["PAUSED", "RECORDING"]


def test_recording_by_id_of_a_recording_one_does_nothing():
    plan = recording_change(SESSION, [rec("r1", "PAUSED"), rec("r2")], "recording", recording_id="r2")
    assert plan.steps == [] and plan.target == "r2"


def test_recording_by_an_unknown_id_fails_naming_the_active_ones():
    with pytest.raises(InvalidValue, match="^id: session 'Studio A' has no active recording with the id 'zz'.*r1"):
        recording_change(SESSION, [rec("r1")], "recording", recording_id="zz")


# -- paused ---------------------------------------------------------------------------------------

def test_paused_pauses_every_recording_one():
    plan = recording_change(SESSION, [rec("r1"), rec("r2", "PAUSED"), rec("r3")], "paused")
    assert writes(plan) == [("PUT", "/apis/recordings/r1", {"state": "PAUSED"}),
                            ("PUT", "/apis/recordings/r3", {"state": "PAUSED"})]
    assert [r["state"] for r in plan.after] == ["PAUSED", "PAUSED", "PAUSED"]
    assert plan.steps[0].says == "pause recording r1 of session 'Studio A'"


def test_paused_does_nothing_when_all_are_paused():
    plan = recording_change(SESSION, [rec("r1", "PAUSED")], "paused")
    assert plan.steps == [] and plan.target == "r1"


def test_paused_by_id_pauses_that_one_only():
    plan = recording_change(SESSION, [rec("r1"), rec("r2")], "paused", recording_id="r2")
    assert writes(plan) == [("PUT", "/apis/recordings/r2", {"state": "PAUSED"})]


def test_paused_without_an_active_recording_fails():
    with pytest.raises(InvalidValue, match="nothing to pause"):
        recording_change(SESSION, [], "paused")


# -- stopped --------------------------------------------------------------------------------------

def test_stopped_stops_every_active_one_and_names_the_videos():
    plan = recording_change(SESSION, [rec("r1"), rec("r2", "PAUSED")], "stopped")
    assert writes(plan) == [("DELETE", "/apis/recordings/r1", None), ("DELETE", "/apis/recordings/r2", None)]
    assert plan.videos == ["r1", "r2"]
    assert plan.after == []


def test_stopped_without_an_active_recording_does_nothing():
    plan = recording_change(SESSION, [], "stopped")
    assert plan.steps == [] and plan.videos == []


def test_stopped_by_id_stops_that_one_only():
    plan = recording_change(SESSION, [rec("r1"), rec("r2")], "stopped", recording_id="r2")
    assert writes(plan) == [("DELETE", "/apis/recordings/r2", None)]
    assert plan.videos == ["r2"]
    assert [r["id"] for r in plan.after] == ["r1"]


def test_stopped_by_the_id_of_a_video_does_nothing_and_names_it():
    plan = recording_change(SESSION, [], "stopped", recording_id="v1", video={"id": "v1"})
    assert plan.steps == [] and plan.videos == ["v1"]


def test_stopped_by_the_id_of_a_video_still_recorded_for_another_session_fails():
    recording_video = {"id": "r9", "recording": True}  # a server that lists a video while it records (V3 b)
    with pytest.raises(InvalidValue, match="^id: 'r9' is neither .* stopping a recording that is not there"):
        recording_change(SESSION, [rec("r1")], "stopped", recording_id="r9", video=recording_video)


def test_stopped_by_an_id_that_is_not_there_fails():
    with pytest.raises(InvalidValue, match="^id: 'zz' is neither .* stopping a recording that is not there"):
        recording_change(SESSION, [rec("r1")], "stopped", recording_id="zz", video=None)


def test_sources_with_another_state_than_recording_fails():
    with pytest.raises(InvalidValue, match="^sources: .*used only to start a recording"):
        recording_change(SESSION, [rec("r1")], "stopped", sources=[CAM_A])


# -- the module's work over an in-memory client ---------------------------------------------------

class RecordingClient(FakeClient):
    """Sessions, sources and recordings as HMP serves them; writes change the recordings."""

    def __init__(self, sessions, sources, recordings, videos=()):
        super(RecordingClient, self).__init__({"/apis/sessions": sessions, "/apis/sources": sources,
                                               "/apis/assets": list(videos)})
        self.recordings = recordings

    def list(self, path, params=None, empty_codes=None):
        if path.endswith("/recordings"):
            self.reads.append(path)
            sid = path.split("/")[3]
            return [dict(r) for r in self.recordings if r["session"] == sid]
        return super(RecordingClient, self).list(path, params, empty_codes)

    def request(self, method, path, body=None, params=None, took_effect=None):
        self.writes.append((method, path, body))
        if method == "POST":
            sid = path.split("/")[3]
            created = {"id": "new", "session": sid, "state": "RECORDING",
                       "recorders": [{"source": r["source"]} for r in (body or {}).get("recorders", [])]}
            self.recordings.append(created)
            return created
        rid = path.rsplit("/", 1)[-1]
        found = next(r for r in self.recordings if r["id"] == rid)
        if method == "DELETE":
            self.recordings.remove(found)
            return None
        found["state"] = body["state"]
        return dict(found)


def params(**options):
    return dict({"session": "Studio A", "id": None, "state": "recording", "sources": None}, **options)


def client(recordings=()):
    return RecordingClient([dict(SESSION)], [CAM_A, CAM_B, CAM_C], [dict(r) for r in recordings])


def test_ensure_in_check_mode_sends_nothing_and_predicts_the_result():
    fake = client([rec("r1")])
    result = ensure_recording(fake, params(state="paused"), check_mode=True, diff_mode=True)
    assert fake.writes == []
    assert result["changed"] is True
    assert result["recording"]["state"] == "PAUSED"
    assert result["diff"] == {"before": {"session": "Studio A", "recordings": {"r1": "recording"}},
                              "after": {"session": "Studio A", "recordings": {"r1": "paused"}}}


def test_ensure_start_in_check_mode_predicts_a_recording_without_id():
    fake = client()
    result = ensure_recording(fake, params(sources=["Cam B"]), check_mode=True, diff_mode=True)
    assert fake.writes == []
    assert result["recording"]["id"] is None and result["recording"]["state"] == "RECORDING"
    assert result["diff"]["after"]["recordings"] == {"(new)": "recording"}


def test_ensure_start_returns_the_started_recording_read_again():
    fake = client()
    result = ensure_recording(fake, params(sources=["cam-a"]))
    assert fake.writes == [("POST", "/apis/sessions/s1/recordings", {"recorders": [{"source": "cam-a"}]})]
    assert result["recording"]["id"] == "new"
    assert [r["id"] for r in result["recordings"]] == ["new"]


def test_ensure_stop_returns_the_videos_and_no_recording():
    fake = client([rec("r1"), rec("r2", "PAUSED")])
    result = ensure_recording(fake, params(state="stopped"), diff_mode=True)
    assert result["videos"] == ["r1", "r2"]
    assert result["recording"] is None and result["recordings"] == []
    assert result["diff"]["after"]["recordings"] == {"r1": "stopped", "r2": "stopped"}


def test_ensure_stop_by_id_reads_the_video_only_when_the_id_is_not_active():
    fake = RecordingClient([dict(SESSION)], [CAM_A], [], videos=[{"id": "v9", "title": "Done"}])
    result = ensure_recording(fake, params(state="stopped", id="v9"))
    assert result["changed"] is False and result["videos"] == ["v9"]
    assert "/apis/assets/v9" in fake.reads and fake.writes == []
