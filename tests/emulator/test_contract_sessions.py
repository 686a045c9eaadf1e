"""Sessions, session assets and session metadata (contract: sessions, empty_list, names_not_unique,
put_semantics, read_only_fields, busy_session)."""
import pytest

NOT_FOUND = ("040006", "SessionNotFound", "Session not found")  # (contract: not_found_codes)


def test_create_session_201(admin):
    body = {"title": "InfoDevSource", "description": "UDP", "syncrecord": True}
    d = admin.ok(admin.post("/apis/sessions", body), 201)
    assert (d["title"], d["description"], d["syncrecord"]) == ("InfoDevSource", "UDP", True)
    # the create example: new session, no sources, ctime == mtime, not live, not recording
    assert d["active"] is False and d["recording"] is False
    assert d["sources"] == [] and d["movieTrackCount"] == 0 and d["duration"] == 0
    assert d["ctime"] == d["mtime"] and isinstance(d["id"], str)


def test_create_session_defaults(admin):
    d = admin.ok(admin.post("/apis/sessions", {"title": "Only title"}), 201)
    assert d["description"] == "" and d["syncrecord"] is False and d["active"] is False


def test_create_session_ignores_sources_in_body(admin, make):
    # `sources` in a session body is ignored (contract: session_sources)
    src = make.source()
    d = admin.ok(admin.post("/apis/sessions", {"title": "S", "sources": [src["id"]]}), 201)
    assert d["sources"] == [] and d["movieTrackCount"] == 0


def test_create_session_without_title_is_400(admin, state):
    before = state()
    body = admin.err(admin.post("/apis/sessions", {"description": "no title"}), 400, "010001",
                     "InputValidation")
    assert "title" in body.get("message", "")
    assert state() == before


def test_duplicate_session_titles_allowed(admin, make):
    a, b = make.session(title="Same"), make.session(title="Same")
    assert a["id"] != b["id"]


def test_list_sessions(admin, make):
    a, b = make.session(), make.session()
    data, paging = admin.ok_list(admin.get("/apis/sessions"))
    assert {s["id"] for s in data} == {a["id"], b["id"]}
    assert (paging["results"], paging["pageSize"]) == (2, 15)


def test_list_sessions_empty_is_404(admin):
    admin.err(admin.get("/apis/sessions"), 404, "040012", "NoResults", "No results")


def test_list_sessions_q_search_title_and_description(admin, make):
    a = make.session(title="Board MEETING")
    b = make.session(title="Other", description="weekly meeting room")
    make.session(title="Lecture")
    data, _ = admin.ok_list(admin.get("/apis/sessions", params={"q": "Meeting"}))
    assert {s["id"] for s in data} == {a["id"], b["id"]}


def test_get_session(admin, make):
    s = make.session(title="Studio A")
    assert admin.ok(admin.get(f"/apis/sessions/{s['id']}")) == s


def test_get_unknown_session_is_404(admin):
    admin.err(admin.get("/apis/sessions/unknown-id"), 404, *NOT_FOUND)


def test_put_session_sets_live_flag(admin, make):
    s = make.session(title="T", description="D", syncrecord=True)
    d = admin.ok(admin.put(f"/apis/sessions/{s['id']}",
                           {"title": "T2", "description": "D", "syncrecord": True, "active": True}))
    assert (d["title"], d["active"], d["syncrecord"]) == ("T2", True, True)
    assert d["id"] == s["id"] and d["ctime"] == s["ctime"]
    assert admin.ok(admin.get(f"/apis/sessions/{s['id']}"))["active"] is True


def test_put_session_resets_omitted_optional_fields(admin, make):
    # PUT replaces; Optional fields left out go back to their defaults (contract: put_semantics)
    s = make.session(title="T", description="D", syncrecord=True)
    admin.ok(admin.put(f"/apis/sessions/{s['id']}",
                       {"title": "T", "description": "D", "syncrecord": True, "active": True}))
    d = admin.ok(admin.put(f"/apis/sessions/{s['id']}", {"title": "T"}))
    assert d["description"] == "" and d["syncrecord"] is False and d["active"] is False


def test_put_session_ignores_sources_and_read_only_fields(admin, make):
    sess, (src,) = make.session_with_sources(1)
    other = make.source()
    d = admin.ok(admin.put(f"/apis/sessions/{sess['id']}",
                           {"title": "T", "sources": [other["id"]], "recording": True,
                            "movieTrackCount": 7, "duration": 99, "ctime": 1}))
    assert d["sources"] == [src["id"]] and d["movieTrackCount"] == 1
    assert d["recording"] is False and d["ctime"] == sess["ctime"]


def test_put_session_with_other_id_is_400(admin, make, state):
    s = make.session()
    before = state()
    r = admin.put(f"/apis/sessions/{s['id']}", {"title": "T", "id": "3a655931-24b4-4d3d-a897-6e58d361786a"})
    admin.err(r, 400, "010001", "InputValidation")
    assert state() == before


def test_put_unknown_session_is_404(admin):
    admin.err(admin.put("/apis/sessions/unknown-id", {"title": "T"}), 404, *NOT_FOUND)


@pytest.mark.parametrize("body, field", [({"title": "T", "active": "yes"}, "active"),
                                         ({"title": None}, "title"),
                                         ({"title": "T", "syncrecord": 1}, "syncrecord")])
def test_put_session_wrong_types_is_400(admin, make, state, body, field):
    s = make.session()
    before = state()
    b = admin.err(admin.put(f"/apis/sessions/{s['id']}", body), 400, "010001", "InputValidation")
    assert field in b.get("message", "")
    assert state() == before


def test_delete_session(admin, make):
    s = make.session()
    admin.ok_empty(admin.delete(f"/apis/sessions/{s['id']}"))
    admin.err(admin.get(f"/apis/sessions/{s['id']}"), 404, *NOT_FOUND)


def test_delete_unknown_session_is_404(admin):
    admin.err(admin.delete("/apis/sessions/unknown-id"), 404, *NOT_FOUND)


# ---------------------------------------------------------------- session assets
def test_session_assets_lists_videos_recorded_from_it(admin, make):
    sess, _ = make.session_with_sources(1)
    rec = make.recording(sess["id"])
    admin.ok_empty(admin.delete(f"/apis/recordings/{rec['id']}"))
    data, paging = admin.ok_list(admin.get(f"/apis/sessions/{sess['id']}/assets"))
    assert [a["id"] for a in data] == [rec["id"]]  # same id (contract: recordings)
    assert paging["results"] == 1


def test_session_assets_none_is_404_no_results(admin, make):
    s = make.session()
    admin.err(admin.get(f"/apis/sessions/{s['id']}/assets"), 404, "040012", "NoResults")


def test_session_assets_of_unknown_session_is_404_session_not_found(admin):
    # a missing parent answers its own NotFound code, not NoResults (contract: empty_list)
    admin.err(admin.get("/apis/sessions/unknown-id/assets"), 404, *NOT_FOUND)


# ---------------------------------------------------------------- session metadata
META = [
    {"name": "calypso:creator", "field": [{"fieldType": "STRING", "valueString": "haiadmin7"}]},
    {"name": "calypso:category:Locations", "field": [{"fieldType": "STRING", "valueString": "Montreal"}]},
]


def test_put_and_get_session_metadata(admin, make):
    s = make.session()
    assert admin.ok(admin.put(f"/apis/sessions/{s['id']}/metadata", META)) == META
    assert admin.ok(admin.get(f"/apis/sessions/{s['id']}/metadata")) == META


def test_put_session_metadata_replaces_whole_set(admin, make):
    # metadata PUT replaces the whole set
    s = make.session()
    admin.ok(admin.put(f"/apis/sessions/{s['id']}/metadata", META))
    admin.ok(admin.put(f"/apis/sessions/{s['id']}/metadata", META[:1]))
    assert admin.ok(admin.get(f"/apis/sessions/{s['id']}/metadata")) == META[:1]


def test_delete_session_metadata(admin, make):
    s = make.session()
    admin.ok(admin.put(f"/apis/sessions/{s['id']}/metadata", META))
    admin.ok_empty(admin.delete(f"/apis/sessions/{s['id']}/metadata"))
    admin.err(admin.get(f"/apis/sessions/{s['id']}/metadata"), 404, "040012", "NoResults",
              "No results")


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_session_metadata_of_unknown_session_is_404(admin, method):
    r = admin.request(method, "/apis/sessions/unknown-id/metadata",
                      json=META if method == "PUT" else None)
    admin.err(r, 404, "040006", "SessionNotFound")


def test_put_session_metadata_invalid_is_400(admin, make, state):
    s = make.session()
    before = state()
    r = admin.put(f"/apis/sessions/{s['id']}/metadata", [{"name": "x", "field": "not-a-list"}])
    admin.err(r, 400, "010001", "InputValidation")
    assert state() == before
