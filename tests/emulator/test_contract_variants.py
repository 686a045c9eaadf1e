"""The readings the API documentation leaves open, V1-V10 (hmp_emulator/README.md, "Variants";
docs/docsite/rst/contract.rst, the entries paging, empty_list, recording_video, session_fields,
roles, unknown_fields, device_commands, put_semantics, permissions and session_expiry).

Reading "a" of every variant is what the other contract tests check; here each other letter is
switched on alone through the control plane (the autouse reset switches it back), then all at once.
"""
import subprocess
import sys
import time
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from conftest import Client
from hmp_emulator.launcher import ROOT
from test_contract_conventions import PROTECTED

ALL_A = {"V1": "a", "V2": "a", "V3": "a", "V4": "a", "V5": "a", "V6": "a", "V7": "a", "V8": "a", "V9": "a",
         "V10": "a", "page_cap": 5, "stb_command_delay": 3.0}
LOBBY = {"_id": "bvgR95DKAXUTr402cyM8ew", "name": "Lobby TV", "hostname": "37D78D000096",
         "status": "Online", "standby": False, "muted": False, "volume": 0.5}
OFFLINE = {"_id": "offlineBox0000000000001", "name": "Basement", "status": "Offline"}


def wait_for(read, wanted, timeout=10.0):
    """Read until ``wanted(value)`` holds (returns the value) or the timeout passes (fails)."""
    deadline = time.monotonic() + timeout
    while True:
        value = read()
        if wanted(value):
            return value
        assert time.monotonic() < deadline, f"still {value!r} after {timeout} s"
        time.sleep(0.05)


# ================================================================ the control plane
def test_variants_default_to_a(emulator):
    assert emulator.variants() == ALL_A


def test_put_variants_merges_and_delete_goes_back_to_a(emulator):
    assert emulator.set_variants(V4="b") == dict(ALL_A, V4="b")
    assert emulator.set_variants(V1="c", page_cap=2) == dict(ALL_A, V4="b", V1="c", page_cap=2)
    assert emulator.variants()["V4"] == "b"
    assert emulator.clear_variants() == ALL_A


def test_put_all_switches_every_variant_to_its_other_reading(emulator):
    chosen = emulator.set_variants(all=True)
    assert chosen == dict(ALL_A, V1="bc", **{f"V{i}": "b" for i in range(2, 11)})


@pytest.mark.parametrize("body, named", [
    ({"V11": "b"}, "V11"), ({"V10": "d"}, "V10"), ({"v4": "b"}, "v4"), ({"V4": "c"}, "V4"), ({"V1": "d"}, "V1"),
    ({"page_cap": 0}, "page_cap"), ({"stb_command_delay": -1}, "stb_command_delay"), ({"all": "yes"}, "all"),
])
def test_unknown_variant_keys_and_letters_are_400_naming_them(emulator, admin, body, named):
    r = requests.put(emulator.url + "/_emulator/variants", json=body, timeout=10)
    assert named in admin.err(r, 400, "010001")["message"]
    assert emulator.variants() == ALL_A


def test_reset_restores_the_variants_of_the_command_line(start_emulator):
    emu = start_emulator(extra=["--variant", "V4=b", "--variant", "page_cap=3"])
    assert emu.variants() == dict(ALL_A, V4="b", page_cap=3)
    emu.set_variants(V4="a", V6="b")
    emu.reset()
    assert emu.variants() == dict(ALL_A, V4="b", page_cap=3)


def test_command_line_all(start_emulator):
    emu = start_emulator(extra=["--variant", "all"])
    assert emu.variants() == dict(ALL_A, V1="bc", **{f"V{i}": "b" for i in range(2, 11)})


@pytest.mark.parametrize("option, named", [("V4=z", "V4"), ("V12=b", "V12"), ("page_cap=many", "page_cap")])
def test_bad_command_line_variant_is_refused(option, named):
    done = subprocess.run([sys.executable, "-m", "hmp_emulator", "--no-tls", "--port", "0", "--variant", option],
                          cwd=ROOT, capture_output=True, text=True, timeout=30)
    assert done.returncode == 2 and named in done.stderr


# ================================================================ V1 paging
def _pages(admin, path, **params):
    r = admin.get(path, params=params)
    data, paging = admin.ok_list(r)
    return data, paging


def test_v1_b_results_is_the_total_and_next_links_the_next_page(emulator, admin, make):
    for i in range(7):
        make.source(name=f"Cam {i}", description="lobby" if i < 5 else "")
    emulator.set_variants(V1="b")
    data, paging = _pages(admin, "/apis/sources", pageSize=3, q="lobby")
    assert len(data) == 3 and paging["results"] == 5 and paging["pageSize"] == 3
    link = urlsplit(paging["next"])
    assert f"{link.scheme}://{link.netloc}" == emulator.url and link.path == "/apis/sources"
    assert parse_qs(link.query) == {"pageSize": ["3"], "q": ["lobby"], "page": ["2"]}
    data, paging = admin.ok_list(requests.get(paging["next"], headers=admin.s.headers, timeout=10))
    assert len(data) == 2 and paging["results"] == 5 and "next" not in paging  # the last page
    _, paging = _pages(admin, "/apis/sources", page=1, pageSize=2)
    assert paging["next"] == emulator.url + "/apis/sources?page=2&pageSize=2"  # the same query, page + 1


def test_v1_c_caps_the_page_size(emulator, admin, make):
    for _ in range(7):
        make.source()
    emulator.set_variants(V1="c")
    data, paging = _pages(admin, "/apis/sources", pageSize=100)
    assert len(data) == 5 and paging == {"results": 5, "pageSize": 5}
    emulator.set_variants(page_cap=2)
    data, paging = _pages(admin, "/apis/sources", page=4, pageSize=3)
    assert len(data) == 1 and paging == {"results": 1, "pageSize": 2}


def test_v1_bc_total_next_and_cap(emulator, admin, make):
    for _ in range(7):
        make.source()
    emulator.set_variants(V1="bc")
    data, paging = _pages(admin, "/apis/sources", pageSize=50)
    assert len(data) == 5 and (paging["results"], paging["pageSize"]) == (7, 5)
    assert parse_qs(urlsplit(paging["next"]).query) == {"pageSize": ["50"], "page": ["2"]}


def test_v1_set_top_boxes_are_capped_by_c_and_untouched_by_b(emulator, seed):
    admin = seed({"devices": [dict(LOBBY, _id=f"box{i}") for i in range(7)]})
    emulator.set_variants(V1="b")
    assert admin.get("/apis/devices/stbs", params={"pageSize": 3}).json()["paging"] == \
        {"numResults": 7, "numPages": 3, "hasMoreData": True}
    emulator.set_variants(V1="c")
    body = admin.get("/apis/devices/stbs", params={"pageSize": 10}).json()
    assert len(body["data"]) == 5 and body["paging"] == {"numResults": 7, "numPages": 2, "hasMoreData": True}


# ================================================================ V2 empty collections
def test_v2_b_empty_collections_are_200_with_zero_counts(emulator, admin, make):
    sess = make.session()
    emulator.set_variants(V2="b")
    for path in ("/apis/sources", "/apis/assets", "/apis/recordings", "/apis/streams", "/apis/groups/enabled",
                 f"/apis/sessions/{sess['id']}/events", f"/apis/sessions/{sess['id']}/sources",
                 f"/apis/sessions/{sess['id']}/assets"):
        assert admin.ok_list(admin.get(path)) == ([], {"results": 0, "pageSize": 15}), path
    assert admin.ok(admin.get(f"/apis/sessions/{sess['id']}/metadata")) != []  # its creator
    admin.ok_empty(admin.delete(f"/apis/sessions/{sess['id']}/metadata"))
    assert admin.ok(admin.get(f"/apis/sessions/{sess['id']}/metadata")) == []
    body = admin.get("/apis/devices/stbs").json()
    assert body == {"data": [], "paging": {"numResults": 0, "numPages": 0, "hasMoreData": False}}


def test_v2_b_page_past_the_end_is_empty(emulator, admin, make):
    make.source()
    emulator.set_variants(V2="b")
    assert admin.ok_list(admin.get("/apis/sources", params={"page": 3})) == ([], {"results": 0, "pageSize": 15})


def test_v2_b_a_missing_parent_stays_its_own_404(emulator, admin):
    emulator.set_variants(V2="b")
    admin.err(admin.get("/apis/sessions/unknown-id/events"), 404, "040006", "SessionNotFound")
    admin.err(admin.get("/apis/sources/unknown-id/metadata"), 404, "040009", "SourceNotFound")


# ================================================================ V3 the video of a recording in progress
def test_v3_b_the_video_is_listed_while_recording(emulator, admin, make):
    emulator.set_variants(V3="b")
    sess, _ = make.session_with_sources(2, title="Studio A")
    rec = make.recording(sess["id"])
    video = admin.ok(admin.get(f"/apis/assets/{rec['id']}"))
    assert (video["id"], video["title"], video["recording"], video["duration"]) == \
        (rec["id"], rec["title"], True, 0)
    listed, _ = admin.ok_list(admin.get("/apis/assets"))
    assert [v["id"] for v in listed] == [rec["id"]]
    of_session, _ = admin.ok_list(admin.get(f"/apis/sessions/{sess['id']}/assets"))
    assert [v["id"] for v in of_session] == [rec["id"]]


def test_v3_b_a_recording_video_cannot_be_deleted_or_streamed(emulator, admin, make, state):
    emulator.set_variants(V3="b")
    sess, _ = make.session_with_sources(1)
    rec = make.recording(sess["id"])
    before = state()
    admin.err(admin.delete(f"/apis/assets/{rec['id']}"), 409, "060003", "RecordingInProgress")
    admin.err(admin.post(f"/apis/assets/{rec['id']}/streams", {"address": "239.2.2.2", "port": 5000}),
              409, "060003", "RecordingInProgress")
    assert state() == before


def test_v3_b_edits_while_recording_survive_the_stop(emulator, admin, make):
    emulator.set_variants(V3="b")
    sess, _ = make.session_with_sources(2)
    rec = make.recording(sess["id"])
    admin.ok(admin.put(f"/apis/assets/{rec['id']}", {"title": "Keynote", "description": "day 1"}))
    admin.ok_empty(admin.delete(f"/apis/recordings/{rec['id']}"))
    video = admin.ok(admin.get(f"/apis/assets/{rec['id']}"))
    assert (video["title"], video["description"], video["recording"], video["movieTrackCount"]) == \
        ("Keynote", "day 1", False, 2)
    assert isinstance(video["duration"], (int, float)) and video["duration"] >= 0
    admin.ok_empty(admin.delete(f"/apis/assets/{rec['id']}"))  # no longer busy


def test_v3_switching_lists_or_hides_the_videos_of_running_recordings(emulator, admin, make):
    sess, _ = make.session_with_sources(1)
    rec = make.recording(sess["id"])
    admin.err(admin.get(f"/apis/assets/{rec['id']}"), 404, "040002")
    emulator.set_variants(V3="b")
    assert admin.ok(admin.get(f"/apis/assets/{rec['id']}"))["recording"] is True
    emulator.set_variants(V3="a")
    admin.err(admin.get(f"/apis/assets/{rec['id']}"), 404, "040002")


def test_v3_b_dump_and_reset_round_trip(emulator, make):
    emulator.set_variants(V3="b")
    sess, _ = make.session_with_sources(1)
    make.recording(sess["id"])
    dump = emulator.state()
    emulator.reset(dump)
    emulator.set_variants(V3="b")  # a reset goes back to the command line's readings
    assert emulator.state() == dump


# ================================================================ V4 session fields
PLAYER = ("showExternalPlayer", "externalPlayerLinkActive")


def test_v4_b_write_and_list_answers_trade_the_live_fields_for_the_player_fields(emulator, admin):
    emulator.set_variants(V4="b")
    made = admin.ok(admin.post("/apis/sessions", {"title": "Studio", "syncrecord": True,
                                                  "showExternalPlayer": True}), 201)
    assert "active" not in made and "syncrecord" not in made
    assert (made["showExternalPlayer"], made["externalPlayerLinkActive"]) == (True, False)
    edited = admin.ok(admin.put(f"/apis/sessions/{made['id']}", {"title": "Studio", "syncrecord": True,
                                                                 "externalPlayerLinkActive": True}))
    assert "active" not in edited and "syncrecord" not in edited and edited["externalPlayerLinkActive"] is True
    for params in ({}, {"q": "stud"}):
        listed, _ = admin.ok_list(admin.get("/apis/sessions", params=params))
        assert "active" not in listed[0] and "syncrecord" not in listed[0] and PLAYER[0] in listed[0]
    one = admin.ok(admin.get(f"/apis/sessions/{made['id']}"))
    assert (one["active"], one["syncrecord"], one["showExternalPlayer"], one["externalPlayerLinkActive"]) == \
        (False, True, False, True)  # the PUT replaced the session: showExternalPlayer back to its default


def test_v4_a_the_player_fields_are_unknown(admin):
    r = admin.post("/apis/sessions", {"title": "Studio", "showExternalPlayer": True})
    assert "showExternalPlayer" in admin.err(r, 400, "010001")["message"]
    made = admin.ok(admin.post("/apis/sessions", {"title": "Studio"}), 201)
    assert not set(PLAYER) & set(made) and not set(PLAYER) & set(admin.ok(admin.get(f"/apis/sessions/{made['id']}")))


# ================================================================ V5 role ids
def _roles(admin):
    """Role ids by name, following the next links where the server gives them (V1 b)."""
    data, paging = admin.ok_list(admin.get("/apis/roles"))
    while "next" in paging:
        more, paging = admin.ok_list(requests.get(paging["next"], headers=admin.s.headers, timeout=10))
        data += more
    return {r["name"]: r["id"] for r in data}


def test_v5_b_role_ids_are_uuids_and_users_refer_to_them(emulator, admin, make):
    emulator.set_variants(V5="b")
    roles = _roles(admin)
    assert set(roles) == {"Administrator", "Content Creator", "Content Contributor", "Viewer", "Set-Top Box"}
    assert all(str(uuid.UUID(rid)) == rid for rid in roles.values())
    admin.err(admin.post("/apis/users", {"username": "jo", "password": "pw-123456", "roles": ["viewer"]}),
              400, "010001")
    user = admin.ok(admin.post("/apis/users", {"username": "jo", "password": "pw-123456",
                                               "roles": [roles["Viewer"]]}), 201)
    assert user["roles"] == [roles["Viewer"]]
    login = Client(emulator.url).login("jo", "pw-123456").json()["data"]
    assert login["roleIds"] == [roles["Viewer"]]
    assert [{k: r[k] for k in ("id", "name", "admin")} for r in login["roles"]] == \
        [{"id": roles["Viewer"], "name": "Viewer", "admin": False}]
    key_login = Client(emulator.url)
    key = key_login.login_key().json()["data"]
    assert key["roleIds"] == [roles["Administrator"]] and key["roles"][0]["id"] == roles["Administrator"]


def test_v5_b_role_ids_are_the_same_in_every_run(emulator, admin, start_emulator):
    emulator.set_variants(V5="b")
    other = start_emulator(extra=["--variant", "V5=b"])
    other_admin = Client(other.url)
    other_admin.login()
    ids = _roles(admin)
    assert ids == _roles(other_admin) and all(str(uuid.UUID(rid)) == rid for rid in ids.values())


def test_v5_b_operator_is_a_built_in_content_creator(emulator, admin):
    emulator.set_variants(V5="b")
    op = Client(emulator.url).login("operator", "hmp-operator").json()["data"]
    assert [r["name"] for r in op["roles"]] == ["Content Creator"]
    users, _ = admin.ok_list(admin.get("/apis/users"))
    assert "operator" in {u["username"] for u in users}
    assert "operator" in {u["username"] for u in emulator.state()["users"]}
    emulator.set_variants(V5="a")
    assert "operator" not in {u["username"] for u in emulator.state()["users"]}


def test_v5_b_operator_password_from_the_command_line(start_emulator):
    emu = start_emulator(extra=["--variant", "V5=b", "--operator-password", "op-secret"])
    assert Client(emu.url).post("/apis/authentication/login",
                                {"username": "operator", "password": "op-secret"}).status_code == 200


def test_v5_b_seed_users_name_roles_by_id_or_name_and_dumps_round_trip(emulator, new_client):
    emulator.set_variants(V5="b")
    emulator.reset({"users": [{"username": "a1", "password": "pw-1", "roles": ["viewer"]},
                              {"username": "a2", "password": "pw-2", "roles": ["Content Creator"]}]})
    emulator.set_variants(V5="b")
    dump = emulator.state()
    roles = {r["name"]: r["id"] for r in dump["roles"]}
    assert str(uuid.UUID(roles["Viewer"])) == roles["Viewer"]
    by_name = {u["username"]: u["roles"] for u in dump["users"]}
    assert by_name["a1"] == [roles["Viewer"]] and by_name["a2"] == [roles["Content Creator"]]
    emulator.reset(dump)
    emulator.set_variants(V5="b")
    assert emulator.state() == dump
    new_client().login("a1", "pw-1")


# ================================================================ V6 unknown request fields
def test_v6_b_unknown_fields_are_ignored_and_not_stored(emulator, admin, make, state):
    emulator.set_variants(V6="b")
    src = admin.ok(admin.post("/apis/sources", {"name": "Cam", "type": "UDP", "host": "239.1.1.1",
                                                "port": 4900, "multicast": True, "color": "red"}), 201)
    assert "color" not in src and "color" not in state()["sources"][0]
    sess = make.session()
    evt = make.event(sess["id"], command="set-live", parameters={"record": True, "loud": 1},
                     type="weekly-recurring", typeData={"days": ["MON"], "hours": [9]}, flavour="x")
    assert (evt["parameters"], evt["typeData"]) == ({"record": True}, {"days": ["MON"]}) and "flavour" not in evt


def test_v6_a_unknown_fields_are_400(admin):
    r = admin.post("/apis/sources", {"name": "Cam", "type": "UDP", "host": "239.1.1.1", "port": 4900,
                                     "multicast": True, "color": "red"})
    assert "color" in admin.err(r, 400, "010001")["message"]


# ================================================================ V7 set-top box commands
def _box(admin, stb_id=LOBBY["_id"]):
    return admin.ok(admin.get(f"/apis/devices/stbs/{stb_id}"))


def _cmd(admin, command, parameters=None, stb_id=LOBBY["_id"]):
    body = {"command": command, **({"parameters": parameters} if parameters else {})}
    return admin.post(f"/apis/devices/stbs/{stb_id}/commands", body)


def test_v7_b_a_command_takes_effect_later(emulator, seed):
    admin = seed({"devices": [LOBBY]})
    emulator.set_variants(V7="b", stb_command_delay=60)
    admin.ok(_cmd(admin, "mute"), 201)
    box = _box(admin)
    assert (box["muted"], box["lastAcceptedUpdate"]) == (False, 0)  # not yet


def test_v7_b_commands_apply_in_order_and_set_last_accepted_update(emulator, seed):
    admin = seed({"devices": [LOBBY]})
    emulator.set_variants(V7="b", stb_command_delay=0.2)
    admin.ok(_cmd(admin, "set-volume", {"volume": 0.2}), 201)
    admin.ok(_cmd(admin, "set-volume", {"volume": 0.9}), 201)
    admin.ok(_cmd(admin, "mute"), 201)
    box = wait_for(lambda: _box(admin), lambda b: b["muted"])
    assert box["volume"] == 0.9 and box["lastAcceptedUpdate"] > 0


def test_v7_b_offline_box_is_device_stream_not_found(emulator, seed):
    admin = seed({"devices": [LOBBY, OFFLINE]})
    emulator.set_variants(V7="b")
    admin.err(_cmd(admin, "mute", stb_id=OFFLINE["_id"]), 404, "040000", "NotFound", "Device stream not found")


# ================================================================ V8 PUT with fields left out
def test_v8_b_put_keeps_what_it_leaves_out(emulator, admin, make):
    emulator.set_variants(V8="b")
    src = make.srt_source(description="keep", latency=125)
    d = admin.ok(admin.put(f"/apis/sources/{src['id']}", {"name": "Renamed", "type": "SRT", "port": src["port"],
                                                          "mode": "LISTENER"}))
    assert (d["name"], d["description"], d["latency"]) == ("Renamed", "keep", 125)
    sess = make.session(description="keep", syncrecord=True)
    d = admin.ok(admin.put(f"/apis/sessions/{sess['id']}", {"title": "Renamed"}))
    assert (d["title"], d["description"], d["syncrecord"]) == ("Renamed", "keep", True)
    evt = make.event(sess["id"], duration=600)
    d = admin.ok(admin.put(f"/apis/sessions/{sess['id']}/events/{evt['id']}",
                           {k: evt[k] for k in ("module", "startTime", "type", "command", "active")}))
    assert d["duration"] == 600
    user = make.user("viewer", email="jo@example.com")
    d = admin.ok(admin.put(f"/apis/users/{user['id']}", {"displayName": "Jo"}))
    assert (d["displayName"], d["email"], d["roles"]) == ("Jo", "jo@example.com", ["viewer"])
    video = make.video()
    admin.ok(admin.put(f"/apis/assets/{video['id']}", {"title": "T", "description": "keep"}))
    assert admin.ok(admin.put(f"/apis/assets/{video['id']}", {"title": "T2"}))["description"] == "keep"


def test_v8_b_a_type_change_keeps_only_fields_of_the_new_type(emulator, admin, make):
    emulator.set_variants(V8="b")
    src = make.source(description="keep")
    d = admin.ok(admin.put(f"/apis/sources/{src['id']}", {"name": "S", "type": "SRT", "port": 9100,
                                                          "mode": "LISTENER"}))
    assert "multicast" not in d and d["description"] == "keep" and d["latency"] == 20


# ================================================================ V9 "OWN" rights on sessions
@pytest.mark.parametrize("role", ["viewer", "contributor"])  # a Content Creator may do all this under a too
def test_v9_b_own_sessions_can_be_created_edited_recorded_and_deleted(emulator, make, login_as, role):
    emulator.set_variants(V9="b")
    src = make.source()
    c = login_as(role)
    sess = c.ok(c.post("/apis/sessions", {"title": "Mine"}), 201)
    c.ok(c.put(f"/apis/sessions/{sess['id']}", {"title": "Mine", "active": True}))
    c.ok(c.post(f"/apis/sessions/{sess['id']}/sources", {"sourceId": src["id"]}), 201)
    rec = c.ok(c.post(f"/apis/sessions/{sess['id']}/recordings", {}), 201)
    make.c.ok_empty(make.c.delete(f"/apis/recordings/{rec['id']}"))
    c.ok_empty(c.delete(f"/apis/sessions/{sess['id']}/sources/{src['id']}"))
    c.ok_empty(c.delete(f"/apis/sessions/{sess['id']}"))


def test_v9_b_other_sessions_and_other_areas_stay_forbidden(emulator, make, login_as, state):
    emulator.set_variants(V9="b")
    theirs, (src,) = make.session_with_sources(1)
    c = login_as("viewer")
    before = state()
    for method, path, body in (("PUT", f"/apis/sessions/{theirs['id']}", {"title": "x"}),
                               ("DELETE", f"/apis/sessions/{theirs['id']}", None),
                               ("POST", f"/apis/sessions/{theirs['id']}/recordings", {}),
                               ("DELETE", f"/apis/sessions/{theirs['id']}/sources/{src['id']}", None),
                               ("POST", "/apis/sources", {"name": "V", "type": "UDP", "host": "239.9.9.9",
                                                          "port": 1, "multicast": True})):
        c.err(c.request(method, path, json=body), 403, "030001", "Forbidden")
    assert state() == before


def test_v9_a_a_viewer_cannot_create_a_session(login_as):
    c = login_as("viewer")
    c.err(c.post("/apis/sessions", {"title": "Mine"}), 403, "030001", "Forbidden")


# ================================================================ V10 what a dead login answers
# "Beginner's Guide to Using the HMP REST API" (4.0): "If you receive a HTTP 401 Unauthorized or a 404 Not
# Found response, your session cookie may have expired." A dead login (missing, unknown or expired) answers
# 401 020001 (a), a 404 to everything (b), or a 404 to reads and 401 to writes (c). Under b and c, a read of a
# collection answers what its list page documents for an empty collection (NoResults; set-top boxes: their
# "Device not found"), so that it looks like one.
DEAD = ("040000", "NotFound", "Not found")
NO_RESULTS = ("040012", "NoResults", "No results")
UNKNOWN_SESSION = ("040022", "AuthSessionNotFound", "Unknown session")
UNAUTHORIZED = ("020001", "UserNotAuthorized", "User is not authorized")
COLLECTIONS = {"/apis/users/enabled", "/apis/groups/enabled", "/apis/roles", "/apis/users", "/apis/sources",
               "/apis/sources/x/metadata", "/apis/sessions", "/apis/sessions/x/assets", "/apis/sessions/x/metadata",
               "/apis/sessions/x/sources", "/apis/sessions/x/recordings", "/apis/sessions/x/events",
               "/apis/recordings", "/apis/assets", "/apis/assets/x/metadata", "/apis/assets/x/streams",
               "/apis/categories", "/apis/streams"}
BOXES = "/apis/devices/stbs"


def _dead_answer(letter, method, path):
    """What a request under a dead login answers under V10 ``letter``: (status, code, name, message)."""
    if letter == "a" or (letter == "c" and method != "GET"):
        return (401,) + UNAUTHORIZED
    if method != "GET":
        return (404,) + DEAD
    if path in COLLECTIONS:
        return (404,) + NO_RESULTS
    if path == BOXES:
        return 404, "040000", "NotFound", "Device not found"
    return (404,) + DEAD


@pytest.mark.parametrize("letter", ["a", "b", "c"])
@pytest.mark.parametrize("method, path", PROTECTED, ids=[f"{m} {p}" for m, p in PROTECTED])
def test_v10_every_route_under_a_dead_login(emulator, anon, letter, method, path):
    emulator.set_variants(V10=letter)
    anon.use_cookie("b34f71d6-d0b2-470a-9aeb-43ba7a3bb831")  # unknown: the server cannot tell it from expired
    status, *error = _dead_answer(letter, method, path)
    anon.err(anon.request(method, path, json={} if method in ("POST", "PUT") else None), status, *error)


@pytest.mark.parametrize("letter", ["b", "c"])
def test_v10_an_expired_login_reads_as_nothing_and_changes_nothing(emulator, admin, make, state, letter):
    src = make.source()
    sess = make.session()
    emulator.set_variants(V10=letter)
    before = state()
    emulator.expire_sessions()
    admin.err(admin.get("/apis/sources"), 404, *NO_RESULTS)  # exactly as if there were no source
    admin.err(admin.get(f"/apis/sessions/{sess['id']}/metadata"), 404, *NO_RESULTS)
    admin.err(admin.get(f"/apis/sources/{src['id']}"), 404, *DEAD)
    admin.err(admin.get("/apis/system/version"), 404, *DEAD)
    writes = (admin.put(f"/apis/sources/{src['id']}", dict(src, name="Renamed")),
              admin.delete(f"/apis/sessions/{sess['id']}"),
              admin.post("/apis/sessions", {"title": "New"}))
    for r in writes:
        if letter == "b":
            admin.err(r, 404, *DEAD)
        else:
            admin.err(r, 401, *UNAUTHORIZED)
    assert state() == before


def test_v10_b_the_error_body_of_a_dead_write_is_exactly_not_found(emulator, anon):
    emulator.set_variants(V10="b")
    r = anon.post("/apis/sources", {"name": "Cam"})
    assert r.status_code == 404 and r.json() == {"code": "040000", "name": "NotFound", "message": "Not found",
                                                 "httpStatusCode": 404}


@pytest.mark.parametrize("letter, status, error", [("a", 401, UNAUTHORIZED), ("b", 404, UNKNOWN_SESSION),
                                                   ("c", 404, UNKNOWN_SESSION)])
def test_v10_the_session_probes_under_a_dead_login(emulator, admin, anon, letter, status, error):
    emulator.set_variants(V10=letter)
    anon.login_key()
    emulator.expire_sessions()
    admin.err(admin.get("/apis/authentication/login"), status, *error)
    anon.err(anon.get("/apis/authentication/login/key"), status, *error)
    nobody = Client(emulator.url)  # no cookie at all: the same
    nobody.err(nobody.get("/apis/authentication/login"), status, *error)


@pytest.mark.parametrize("letter", ["b", "c"])
def test_v10_logins_and_logouts_answer_as_in_every_reading(emulator, admin, anon, letter):
    emulator.set_variants(V10=letter)
    emulator.expire_sessions()
    admin.err(admin.delete("/apis/authentication/login"), 404, *UNKNOWN_SESSION)
    anon.err(anon.post("/apis/authentication/login", {"username": "haiadmin", "password": "wrong"}),
             401, "020002", "InvalidCredentials")
    anon.err(anon.post("/apis/authentication/login/key", {"apiKey": "test-key", "apiSecret": "wrong"}),
             401, "020002", "InvalidCredentials")
    admin.login()  # a new login works at once
    assert admin.ok(admin.get("/apis/authentication/login"))["username"] == "haiadmin"
    anon.login_key()
    anon.ok(anon.get("/apis/system/version"))


@pytest.mark.parametrize("letter", ["b", "c"])
def test_v10_an_expired_bearer_token_reads_as_nothing(emulator, anon, make, letter):
    make.source()
    emulator.set_variants(V10=letter)
    anon.login_key()
    anon.ok_list(anon.get("/apis/sources"))
    emulator.expire_sessions()
    anon.err(anon.get("/apis/sources"), 404, *NO_RESULTS)


def test_v10_b_with_v2_b_a_dead_login_still_reads_as_no_results(emulator, admin):
    emulator.set_variants(V10="b", V2="b")
    assert admin.ok_list(admin.get("/apis/sources")) == ([], {"results": 0, "pageSize": 15})  # live: an empty list
    emulator.expire_sessions()
    admin.err(admin.get("/apis/sources"), 404, *NO_RESULTS)  # dead: HMP's NoResults, not 200 []
    admin.err(admin.get("/apis/devices/stbs"), 404, "040000", "NotFound", "Device not found")


@pytest.mark.parametrize("letter, status, error", [("a", 401, UNAUTHORIZED), ("b", 404, NO_RESULTS),
                                                   ("c", 404, NO_RESULTS)])
def test_v10_logins_forgotten_between_two_pages_of_a_list(emulator, admin, make, letter, status, error):
    for _ in range(3):
        make.source()
    emulator.set_variants(V10=letter)
    emulator.set_faults(expire_sessions_after=1)  # the next /apis request passes, the one after finds no login
    data, _ = admin.ok_list(admin.get("/apis/sources", params={"page": 1, "pageSize": 2}))
    assert len(data) == 2
    admin.err(admin.get("/apis/sources", params={"page": 2, "pageSize": 2}), status, *error)
    assert emulator.faults()["expire_sessions_after"] is None  # once
    admin.login()
    data, _ = admin.ok_list(admin.get("/apis/sources", params={"page": 2, "pageSize": 2}))
    assert len(data) == 1


def test_v10_b_an_idle_login_expires_into_no_results(start_emulator):
    emu = start_emulator(extra=["--session-idle-timeout", "0.3", "--variant", "V10=b"])
    c = Client(emu.url)
    c.login()
    c.ok(c.get("/apis/system/version"))
    time.sleep(0.6)
    c.err(c.get("/apis/sources"), 404, *NO_RESULTS)
    c.err(c.get("/apis/authentication/login"), 404, *UNKNOWN_SESSION)
    c.err(c.delete("/apis/authentication/login"), 404, *UNKNOWN_SESSION)


def test_v10_b_an_unknown_path_answers_as_in_every_reading(emulator, anon):
    emulator.set_variants(V10="b")
    anon.err(anon.get("/apis/no-such-thing"), 404, "040000", "NotFound", "Not Found Error")


# ================================================================ every variant at once
def test_all_variants_at_once_a_lifecycle(emulator, seed, login_as):
    admin = seed({"devices": [LOBBY]})
    emulator.set_variants(all=True, stb_command_delay=0.2, page_cap=2)
    # V2: nothing yet, and that is a 200
    assert admin.ok_list(admin.get("/apis/sources")) == ([], {"results": 0, "pageSize": 2})
    # V6: an unknown field is ignored
    src = admin.ok(admin.post("/apis/sources", {"name": "Cam", "type": "UDP", "host": "239.1.1.1",
                                                "port": 4900, "multicast": True, "color": "red"}), 201)
    # V5 + V9: a viewer, named by its role's UUID, makes and records its own session
    viewer_id = _roles(admin)["Viewer"]
    admin.ok(admin.post("/apis/users", {"username": "vic", "password": "pw-vic-1", "roles": [viewer_id]}), 201)
    vic = Client(emulator.url)
    vic.login("vic", "pw-vic-1")
    sess = vic.ok(vic.post("/apis/sessions", {"title": "Vic's", "showExternalPlayer": True}), 201)
    assert "active" not in sess and sess["showExternalPlayer"] is True  # V4
    vic.ok(vic.post(f"/apis/sessions/{sess['id']}/sources", {"sourceId": src["id"]}), 201)
    recs = [vic.ok(vic.post(f"/apis/sessions/{sess['id']}/recordings", {}), 201) for _ in range(3)]
    # V3 + V1: the three videos are listed while recording, two a page, with the total and a link
    data, paging = admin.ok_list(admin.get("/apis/assets", params={"pageSize": 10}))
    assert len(data) == 2 and all(v["recording"] for v in data)
    assert (paging["results"], paging["pageSize"]) == (3, 2) and "page=2" in paging["next"]
    # V8: a PUT leaving the description out keeps it
    admin.ok(admin.put(f"/apis/assets/{recs[0]['id']}", {"title": "Take 1", "description": "first"}))
    admin.ok(admin.put(f"/apis/assets/{recs[0]['id']}", {"title": "Take 1b"}))
    admin.err(admin.delete(f"/apis/assets/{recs[0]['id']}"), 409, "060003")
    for rec in recs:
        admin.ok_empty(admin.delete(f"/apis/recordings/{rec['id']}"))
    video = admin.ok(admin.get(f"/apis/assets/{recs[0]['id']}"))
    assert (video["title"], video["description"], video["recording"]) == ("Take 1b", "first", False)
    # V7: a set-top box command takes effect a moment later
    admin.ok(_cmd(admin, "set-channel", {"id": sess["id"], "type": "session"}), 201)
    box = wait_for(lambda: _box(admin), lambda b: b["channelId"] == sess["id"])
    assert box["channelName"] == "Vic's"
    vic.ok_empty(vic.delete(f"/apis/sessions/{sess['id']}"))
