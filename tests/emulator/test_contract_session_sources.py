"""Session sources (contract: session_sources, busy_session)."""

SESSION_NOT_FOUND = ("040006", "SessionNotFound", "Session not found")
SOURCE_NOT_FOUND = ("040009", "SourceNotFound", "Source not found")
IN_PROGRESS = ("060003", "RecordingInProgress", "Recording currently in progress")


def test_add_source_201(admin, make):
    sess, src = make.session(), make.source()
    d = admin.ok(admin.post(f"/apis/sessions/{sess['id']}/sources", {"sourceId": src["id"]}), 201)
    assert d["sourceId"] == src["id"] and d["index"] == 0


def test_add_source_updates_session_sources_and_track_count(admin, make):
    sess = make.session()
    a, b = make.source(), make.source()
    make.add_source(sess["id"], a["id"])
    assert make.add_source(sess["id"], b["id"])["index"] == 1
    s = admin.ok(admin.get(f"/apis/sessions/{sess['id']}"))
    assert s["sources"] == [a["id"], b["id"]] and s["movieTrackCount"] == 2


def test_list_session_sources(admin, make):
    sess, srcs = make.session_with_sources(2)
    data, paging = admin.ok_list(admin.get(f"/apis/sessions/{sess['id']}/sources"))
    assert [(x["index"], x["sourceId"]) for x in data] == [(0, srcs[0]["id"]), (1, srcs[1]["id"])]
    assert paging["results"] == 2


def test_list_session_sources_empty_is_404_no_results(admin, make):
    sess = make.session()
    admin.err(admin.get(f"/apis/sessions/{sess['id']}/sources"), 404, "040012", "NoResults")


def test_list_sources_of_unknown_session_is_404_session_not_found(admin):
    admin.err(admin.get("/apis/sessions/unknown-id/sources"), 404, *SESSION_NOT_FOUND)


def test_add_source_twice_is_409(admin, make, state):
    sess, (src,) = make.session_with_sources(1)
    before = state()
    r = admin.post(f"/apis/sessions/{sess['id']}/sources", {"sourceId": src["id"]})
    admin.err(r, 409, "060008", "SessionSourceAlreadyExists", "Source already added to this session")
    assert state() == before


def test_add_unknown_source_is_404(admin, make):
    sess = make.session()
    r = admin.post(f"/apis/sessions/{sess['id']}/sources", {"sourceId": "unknown-id"})
    admin.err(r, 404, *SOURCE_NOT_FOUND)


def test_add_source_to_unknown_session_is_404(admin, make):
    src = make.source()
    r = admin.post("/apis/sessions/unknown-id/sources", {"sourceId": src["id"]})
    admin.err(r, 404, *SESSION_NOT_FOUND)


def test_add_source_without_source_id_is_400(admin, make):
    sess = make.session()
    admin.err(admin.post(f"/apis/sessions/{sess['id']}/sources", {}), 400, "010001",
              "InputValidation")


def test_fifth_source_is_400(admin, make, state):
    # at most 4 sources per session; a fifth -> 400 010001 (contract: session_sources)
    sess, _ = make.session_with_sources(4)
    fifth = make.source()
    before = state()
    r = admin.post(f"/apis/sessions/{sess['id']}/sources", {"sourceId": fifth["id"]})
    admin.err(r, 400, "010001", "InputValidation")
    assert state() == before


def test_remove_source(admin, make):
    sess, (a, b) = make.session_with_sources(2)
    admin.ok_empty(admin.delete(f"/apis/sessions/{sess['id']}/sources/{a['id']}"))
    s = admin.ok(admin.get(f"/apis/sessions/{sess['id']}"))
    assert s["sources"] == [b["id"]] and s["movieTrackCount"] == 1


def test_remove_source_not_in_session_is_404_track_not_found(admin, make):
    sess = make.session()
    src = make.source()
    r = admin.delete(f"/apis/sessions/{sess['id']}/sources/{src['id']}")
    admin.err(r, 404, "040015", "TrackNotFound", "Track not found")


def test_remove_unknown_source_is_404_source_not_found(admin, make):
    sess = make.session()
    admin.err(admin.delete(f"/apis/sessions/{sess['id']}/sources/unknown-id"), 404, *SOURCE_NOT_FOUND)


def test_remove_source_of_unknown_session_is_404(admin, make):
    src = make.source()
    admin.err(admin.delete(f"/apis/sessions/unknown-id/sources/{src['id']}"), 404,
              *SESSION_NOT_FOUND)


def test_add_source_while_recording_is_409(admin, make, state):
    # while a recording of the session is active, changing its sources -> 409 060003 (contract: busy_session)
    sess, _ = make.session_with_sources(1)
    make.recording(sess["id"])
    other = make.source()
    before = state()
    r = admin.post(f"/apis/sessions/{sess['id']}/sources", {"sourceId": other["id"]})
    admin.err(r, 409, *IN_PROGRESS)
    assert state() == before


def test_remove_source_while_recording_is_409(admin, make, state):
    sess, (src,) = make.session_with_sources(1)
    make.recording(sess["id"])
    before = state()
    admin.err(admin.delete(f"/apis/sessions/{sess['id']}/sources/{src['id']}"), 409, *IN_PROGRESS)
    assert state() == before


def test_remove_source_while_recording_paused_is_409(admin, make):
    sess, (src,) = make.session_with_sources(1)
    rec = make.recording(sess["id"])
    admin.ok(admin.put(f"/apis/recordings/{rec['id']}", {"state": "PAUSED"}))
    admin.err(admin.delete(f"/apis/sessions/{sess['id']}/sources/{src['id']}"), 409, *IN_PROGRESS)


def test_source_changes_allowed_again_after_stop(admin, make):
    sess, (src,) = make.session_with_sources(1)
    rec = make.recording(sess["id"])
    admin.ok_empty(admin.delete(f"/apis/recordings/{rec['id']}"))
    admin.ok_empty(admin.delete(f"/apis/sessions/{sess['id']}/sources/{src['id']}"))
