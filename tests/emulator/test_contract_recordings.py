"""Recordings (contract: recordings, recording_video, busy_session)."""

REC_NOT_FOUND = ("040001", "RecordingNotFound", "Active recording not found")
SESSION_NOT_FOUND = ("040006", "SessionNotFound", "Session not found")


def test_start_recording_201(admin, make):
    sess, (a, b) = make.session_with_sources(2, title="Studio A")
    d = admin.ok(admin.post(f"/apis/sessions/{sess['id']}/recordings", {}), 201)
    assert d["session"] == sess["id"] and d["state"] == "RECORDING"
    assert d["username"] == "haiadmin" and d["title"].startswith("Studio A")
    # recorders omitted -> every source of the session (documented)
    assert sorted(r["source"] for r in d["recorders"]) == sorted([a["id"], b["id"]])
    assert isinstance(d["id"], str) and d["id"]


def test_start_recording_with_recorders_subset(admin, make):
    sess, (a, b) = make.session_with_sources(2)
    stranger = make.source()
    body = {"recorders": [{"source": b["id"]}, {"source": stranger["id"]}]}
    d = admin.ok(admin.post(f"/apis/sessions/{sess['id']}/recordings", body), 201)
    # ids not belonging to the session are skipped
    assert [r["source"] for r in d["recorders"]] == [b["id"]]


def test_start_recording_without_sources_is_409(admin, make, state):
    sess = make.session()
    before = state()
    r = admin.post(f"/apis/sessions/{sess['id']}/recordings", {})
    admin.err(r, 409, "060009", "SessionHasNoSource", "Session requires at least one source")
    assert state() == before


def test_start_recording_unknown_session_is_404(admin):
    admin.err(admin.post("/apis/sessions/unknown-id/recordings", {}), 404, *SESSION_NOT_FOUND)


def test_session_recording_flag_follows_active_recordings(admin, make):
    sess, _ = make.session_with_sources(1)
    rec = make.recording(sess["id"])
    assert admin.ok(admin.get(f"/apis/sessions/{sess['id']}"))["recording"] is True
    admin.ok(admin.put(f"/apis/recordings/{rec['id']}", {"state": "PAUSED"}))
    assert admin.ok(admin.get(f"/apis/sessions/{sess['id']}"))["recording"] is True
    admin.ok_empty(admin.delete(f"/apis/recordings/{rec['id']}"))
    assert admin.ok(admin.get(f"/apis/sessions/{sess['id']}"))["recording"] is False


def test_several_active_recordings_of_one_session(admin, make):
    # (contract: recordings)
    sess, _ = make.session_with_sources(1)
    r1, r2 = make.recording(sess["id"]), make.recording(sess["id"])
    assert r1["id"] != r2["id"]
    data, paging = admin.ok_list(admin.get(f"/apis/sessions/{sess['id']}/recordings"))
    assert {r["id"] for r in data} == {r1["id"], r2["id"]} and paging["results"] == 2
    admin.ok_empty(admin.delete(f"/apis/recordings/{r1['id']}"))
    assert admin.ok(admin.get(f"/apis/sessions/{sess['id']}"))["recording"] is True


def test_list_session_recordings_none_is_404_no_results(admin, make):
    sess, _ = make.session_with_sources(1)
    admin.err(admin.get(f"/apis/sessions/{sess['id']}/recordings"), 404, "040012", "NoResults")


def test_list_recordings_of_unknown_session_is_404(admin):
    admin.err(admin.get("/apis/sessions/unknown-id/recordings"), 404, *SESSION_NOT_FOUND)


def test_list_all_recordings(admin, make):
    s1, _ = make.session_with_sources(1)
    s2, _ = make.session_with_sources(1)
    r1, r2 = make.recording(s1["id"]), make.recording(s2["id"])
    data, paging = admin.ok_list(admin.get("/apis/recordings"))
    assert {r["id"] for r in data} == {r1["id"], r2["id"]}
    assert paging["results"] == 2


def test_list_all_recordings_empty_is_404(admin):
    admin.err(admin.get("/apis/recordings"), 404, "040012", "NoResults", "No results")


def test_get_recording(admin, make):
    sess, _ = make.session_with_sources(1)
    rec = make.recording(sess["id"])
    d = admin.ok(admin.get(f"/apis/recordings/{rec['id']}"))
    assert d["id"] == rec["id"] and d["session"] == sess["id"] and d["state"] == "RECORDING"


def test_get_unknown_recording_is_404(admin):
    admin.err(admin.get("/apis/recordings/unknown-id"), 404, *REC_NOT_FOUND)


def test_pause_and_resume(admin, make):
    sess, _ = make.session_with_sources(1)
    rec = make.recording(sess["id"])
    d = admin.ok(admin.put(f"/apis/recordings/{rec['id']}", {"state": "PAUSED"}))
    assert d["state"] == "PAUSED" and d["id"] == rec["id"]
    assert admin.ok(admin.get(f"/apis/recordings/{rec['id']}"))["state"] == "PAUSED"
    d = admin.ok(admin.put(f"/apis/recordings/{rec['id']}", {"state": "RECORDING"}))
    assert d["state"] == "RECORDING"


def test_same_state_put_is_a_200_no_op(admin, make):
    # (contract: recordings)
    sess, _ = make.session_with_sources(1)
    rec = make.recording(sess["id"])
    d = admin.ok(admin.put(f"/apis/recordings/{rec['id']}", {"state": "RECORDING"}))
    assert d["state"] == "RECORDING"
    admin.ok(admin.put(f"/apis/recordings/{rec['id']}", {"state": "PAUSED"}))
    d = admin.ok(admin.put(f"/apis/recordings/{rec['id']}", {"state": "PAUSED"}))
    assert d["state"] == "PAUSED"


def test_put_invalid_state_is_400(admin, make, state):
    sess, _ = make.session_with_sources(1)
    rec = make.recording(sess["id"])
    before = state()
    r = admin.put(f"/apis/recordings/{rec['id']}", {"state": "STOPPED"})
    admin.err(r, 400, "010001", "InputValidation", "State should be either'RECORDING' or PAUSED'")
    assert state() == before


def test_put_unknown_recording_is_404(admin):
    admin.err(admin.put("/apis/recordings/unknown-id", {"state": "PAUSED"}), 404, *REC_NOT_FOUND)


def test_stop_turns_recording_into_video_with_same_id(admin, make):
    sess, _ = make.session_with_sources(1)
    rec = make.recording(sess["id"])
    admin.ok_empty(admin.delete(f"/apis/recordings/{rec['id']}"))
    admin.err(admin.get(f"/apis/recordings/{rec['id']}"), 404, *REC_NOT_FOUND)
    video = admin.ok(admin.get(f"/apis/assets/{rec['id']}"))
    assert video["id"] == rec["id"] and video["recording"] is False
    assets, _ = admin.ok_list(admin.get(f"/apis/sessions/{sess['id']}/assets"))
    assert rec["id"] in [a["id"] for a in assets]


def test_stop_paused_recording(admin, make):
    sess, _ = make.session_with_sources(1)
    rec = make.recording(sess["id"])
    admin.ok(admin.put(f"/apis/recordings/{rec['id']}", {"state": "PAUSED"}))
    admin.ok_empty(admin.delete(f"/apis/recordings/{rec['id']}"))
    admin.ok(admin.get(f"/apis/assets/{rec['id']}"))


def test_stop_twice_is_404(admin, make):
    sess, _ = make.session_with_sources(1)
    rec = make.recording(sess["id"])
    admin.ok_empty(admin.delete(f"/apis/recordings/{rec['id']}"))
    admin.err(admin.delete(f"/apis/recordings/{rec['id']}"), 404, *REC_NOT_FOUND)


def test_delete_session_while_recording_is_409(admin, make, state):
    # (contract: busy_session)
    sess, _ = make.session_with_sources(1)
    make.recording(sess["id"])
    before = state()
    admin.err(admin.delete(f"/apis/sessions/{sess['id']}"), 409, "060003", "RecordingInProgress",
              "Recording currently in progress")
    assert state() == before



def test_video_of_multi_source_session_has_one_track_per_source(admin, make):
    # movieTrackCount = number of sources recorded (the video field table)
    v = make.video(sources=3)
    assert v["movieTrackCount"] == 3
    assets, _ = admin.ok_list(admin.get("/apis/assets"))
    assert [a["movieTrackCount"] for a in assets if a["id"] == v["id"]] == [3]
