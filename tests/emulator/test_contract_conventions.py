"""Cross-cutting conventions (contract: base_path, envelope, errors, empty_list, paging,
names_not_unique, forbidden, content_type, session_expiry) and the emulator's control plane
(hmp_emulator/README.md); HTTPS at the end."""
import pytest
import requests

UNAUTHORIZED = ("020001", "UserNotAuthorized", "User is not authorized")
FORBIDDEN = ("030001", "Forbidden", "Forbidden")

# every endpoint the emulator serves, with placeholder ids (authentication is checked first)
PROTECTED = [
    ("GET", "/apis/system/version"), ("GET", "/apis/users/enabled"), ("GET", "/apis/groups/enabled"),
    ("GET", "/apis/roles"), ("GET", "/apis/users"), ("POST", "/apis/users"), ("GET", "/apis/users/x"),
    ("PUT", "/apis/users/x"), ("DELETE", "/apis/users/x"), ("PUT", "/apis/users/x/password"),
    ("GET", "/apis/sources"), ("POST", "/apis/sources"), ("GET", "/apis/sources/x"),
    ("PUT", "/apis/sources/x"), ("DELETE", "/apis/sources/x"), ("GET", "/apis/sources/x/metadata"),
    ("PUT", "/apis/sources/x/metadata"), ("DELETE", "/apis/sources/x/metadata"),
    ("GET", "/apis/sessions"), ("POST", "/apis/sessions"), ("GET", "/apis/sessions/x"),
    ("PUT", "/apis/sessions/x"), ("DELETE", "/apis/sessions/x"), ("GET", "/apis/sessions/x/assets"),
    ("GET", "/apis/sessions/x/metadata"), ("PUT", "/apis/sessions/x/metadata"),
    ("DELETE", "/apis/sessions/x/metadata"), ("GET", "/apis/sessions/x/sources"),
    ("POST", "/apis/sessions/x/sources"), ("DELETE", "/apis/sessions/x/sources/y"),
    ("GET", "/apis/sessions/x/recordings"), ("POST", "/apis/sessions/x/recordings"),
    ("GET", "/apis/sessions/x/events"), ("POST", "/apis/sessions/x/events"),
    ("GET", "/apis/sessions/x/events/y"), ("PUT", "/apis/sessions/x/events/y"),
    ("DELETE", "/apis/sessions/x/events/y"), ("GET", "/apis/recordings"),
    ("GET", "/apis/recordings/x"), ("PUT", "/apis/recordings/x"), ("DELETE", "/apis/recordings/x"),
    ("GET", "/apis/assets"), ("GET", "/apis/assets/x"), ("PUT", "/apis/assets/x"),
    ("DELETE", "/apis/assets/x"), ("GET", "/apis/assets/x/metadata"), ("PUT", "/apis/assets/x/metadata"),
    ("DELETE", "/apis/assets/x/metadata"), ("GET", "/apis/assets/x/streams"),
    ("POST", "/apis/assets/x/streams"), ("GET", "/apis/assets/x/streams/y"),
    ("DELETE", "/apis/assets/x/streams/y"), ("GET", "/apis/categories"), ("GET", "/apis/categories/x"),
    ("GET", "/apis/streams"), ("GET", "/apis/streams/x"), ("PUT", "/apis/streams/x"),
    ("DELETE", "/apis/streams/x"), ("POST", "/apis/streams/x/seek"), ("GET", "/apis/devices/stbs"),
    ("GET", "/apis/devices/stbs/x"), ("POST", "/apis/devices/stbs/x/commands"),
]


@pytest.mark.parametrize("method, path", PROTECTED, ids=[f"{m} {p}" for m, p in PROTECTED])
def test_no_cookie_is_401(anon, method, path):
    r = anon.request(method, path, json={} if method in ("POST", "PUT") else None)
    anon.err(r, 401, *UNAUTHORIZED)


@pytest.mark.parametrize("method, path", [("GET", "/apis/sources"), ("POST", "/apis/sessions"),
                                          ("DELETE", "/apis/assets/x")])
def test_unknown_cookie_is_401(anon, method, path):
    anon.use_cookie("b34f71d6-d0b2-470a-9aeb-43ba7a3bb831")
    anon.err(anon.request(method, path, json={} if method == "POST" else None), 401, *UNAUTHORIZED)


def test_logged_out_cookie_is_401(admin):
    admin.ok_empty(admin.delete("/apis/authentication/login"))
    admin.err(admin.get("/apis/sources"), 401, *UNAUTHORIZED)


def test_unauthenticated_write_changes_nothing(admin, make, anon, state):
    s = make.source()
    before = state()
    anon.err(anon.delete(f"/apis/sources/{s['id']}"), 401, *UNAUTHORIZED)
    assert state() == before


# ---------------------------------------------------------------- 403 (contract: forbidden)
def test_viewer_gets_403_on_writes(admin, make, login_as, state):
    src = make.source()
    sess, _ = make.session_with_sources(1)
    viewer = login_as("viewer")
    before = state()
    writes = [
        ("POST", "/apis/sources", {"name": "V", "type": "UDP", "host": "239.9.9.9", "port": 1,
                                   "multicast": True}),
        ("PUT", f"/apis/sources/{src['id']}", {"name": "V", "type": "UDP", "host": "239.9.9.9",
                                                "port": 1, "multicast": True}),
        ("DELETE", f"/apis/sources/{src['id']}", None),
        ("POST", "/apis/sessions", {"title": "V"}),
        ("PUT", f"/apis/sessions/{sess['id']}", {"title": "V"}),
        ("DELETE", f"/apis/sessions/{sess['id']}", None),
        ("POST", f"/apis/sessions/{sess['id']}/recordings", {}),
        ("POST", f"/apis/sessions/{sess['id']}/events",
         {"module": "session", "startTime": 1798812000, "duration": 60, "type": "one-time",
          "command": "record", "active": True}),
    ]
    for method, path, body in writes:
        viewer.err(viewer.request(method, path, json=body), 403, *FORBIDDEN)
    assert state() == before


def test_creator_cannot_write_sources_but_can_create_sessions(login_as):
    # HMP's default roles: Content Creator = sessions, recordings, feeds; no control over sources
    creator = login_as("creator")
    creator.err(creator.post("/apis/sources", {"name": "C", "type": "UDP", "host": "239.9.9.9",
                                               "port": 1, "multicast": True}), 403, *FORBIDDEN)
    creator.ok(creator.post("/apis/sessions", {"title": "Mine"}), 201)


def test_viewer_may_read_version(login_as):
    viewer = login_as("viewer")
    viewer.ok(viewer.get("/apis/system/version"))  # Authorization: All


# ---------------------------------------------------------------- 415 (contract: content_type)
@pytest.mark.parametrize("method, path", [("POST", "/apis/sources"), ("POST", "/apis/sessions"),
                                          ("PUT", "/apis/sources/{sid}"),
                                          ("POST", "/apis/authentication/login")])
@pytest.mark.parametrize("ctype", ["text/plain", "application/x-www-form-urlencoded", None])
def test_non_json_content_type_is_415(admin, make, state, method, path, ctype):
    s = make.source()
    before = state()
    headers = {"Content-Type": ctype} if ctype else {}
    body = '{"name": "X", "type": "UDP", "host": "239.1.1.1", "port": 1, "multicast": true}'
    r = admin.request(method, path.format(sid=s["id"]), data=body.encode(), headers=headers)
    admin.err(r, 415, "100000")
    assert state() == before


def test_json_content_type_with_charset_is_accepted(admin):
    r = admin.post("/apis/sessions", data=b'{"title": "charset"}',
                   headers={"Content-Type": "application/json; charset=utf-8"})
    admin.ok(r, 201)


# ---------------------------------------------------------------- envelope (contract: envelope, errors, empty_list)
def test_error_bodies_are_not_wrapped_and_status_is_a_number(admin):
    r = admin.get("/apis/sources/nope")
    body = admin.err(r, 404, "040009")
    assert set(body) <= {"code", "name", "message", "httpStatusCode"}
    assert len(body["code"]) == 6 and body["code"].isdigit()


def test_delete_answers_have_empty_bodies(admin, make):
    s = make.source()
    r = admin.delete(f"/apis/sources/{s['id']}")
    assert r.status_code == 200 and r.content == b""


# ---------------------------------------------------------------- paging (contract: paging)
@pytest.fixture
def twenty_sources(make):
    return [make.source(name=f"Paged {i:02d}")["id"] for i in range(20)]


def test_default_page_size_is_15(admin, twenty_sources):
    data, paging = admin.ok_list(admin.get("/apis/sources"))
    assert len(data) == 15 and (paging["results"], paging["pageSize"]) == (15, 15)


def test_second_page_holds_the_rest(admin, twenty_sources):
    data, paging = admin.ok_list(admin.get("/apis/sources", params={"page": 2}))
    assert len(data) == 5 and (paging["results"], paging["pageSize"]) == (5, 15)


def test_pages_cover_everything_once(admin, twenty_sources):
    seen = []
    for page in (1, 2, 3):
        data, paging = admin.ok_list(admin.get("/apis/sources", params={"page": page, "pageSize": 7}))
        assert paging == {**paging, "results": len(data), "pageSize": 7}
        seen += [s["id"] for s in data]
    assert [len(seen[:7]), len(seen[7:14]), len(seen[14:])] == [7, 7, 6]
    assert sorted(seen) == sorted(twenty_sources)


def test_page_past_the_end_is_404_no_results(admin, twenty_sources):
    admin.err(admin.get("/apis/sources", params={"page": 3}), 404, "040012", "NoResults")


def test_page_size_is_clamped_to_100(admin, twenty_sources):
    data, paging = admin.ok_list(admin.get("/apis/sources", params={"pageSize": 500}))
    assert len(data) == 20 and (paging["results"], paging["pageSize"]) == (20, 100)


def test_page_size_clamp_with_more_than_100_items(admin, make):
    for i in range(105):
        make.source(name=f"Many {i}")
    data, paging = admin.ok_list(admin.get("/apis/sources", params={"pageSize": 1000}))
    assert len(data) == 100 and paging["pageSize"] == 100 and paging["results"] == 100
    data, paging = admin.ok_list(admin.get("/apis/sources", params={"page": 2, "pageSize": 1000}))
    assert len(data) == 5


def test_paging_applies_to_sessions(admin, make):
    for i in range(17):
        make.session(title=f"S{i}")
    data, paging = admin.ok_list(admin.get("/apis/sessions", params={"page": 2}))
    assert len(data) == 2 and paging["results"] == 2


def test_unknown_query_parameters_are_ignored(admin, make):
    make.source()
    data, _ = admin.ok_list(admin.get("/apis/sources", params={"foo": "bar"}))
    assert len(data) == 1


# ---------------------------------------------------------------- control plane
def test_state_round_trips_through_reset(admin, make, state, emulator):
    sess, _ = make.session_with_sources(2, title="Round trip")
    make.event(sess["id"])
    make.video()
    dump = state()
    emulator.reset()
    assert state() != dump
    emulator.reset(dump)
    assert state() == dump


def test_counters_count_api_requests_by_route_template(admin, make, counters, emulator):
    s = make.source()
    emulator.reset_counters()
    admin.get(f"/apis/sources/{s['id']}")
    admin.put(f"/apis/sources/{s['id']}", {"name": "x", "type": "UDP", "host": "239.1.1.1",
                                            "port": 1, "multicast": True})
    admin.post("/apis/authentication/login", {"username": "haiadmin", "password": "hmp-emulator"})
    c = counters()
    assert c["total"] == 3 and c["writes"] == 1  # auth POSTs are not writes
    assert c["by_route"]["GET /apis/sources/:sourceId"] == 1
    assert c["by_route"]["PUT /apis/sources/:sourceId"] == 1
    assert c["by_method"]["GET"] == 1


# ---------------------------------------------------------------- HTTPS (contract: base_path; README)
def test_https_with_the_emulator_ca(start_emulator):
    emu = start_emulator(tls=True)
    assert emu.url.startswith("https://")
    r = requests.post(emu.url + "/apis/authentication/login",
                      json={"username": "haiadmin", "password": "hmp-emulator"},
                      verify=emu.ca_path, timeout=10)
    assert r.status_code == 200
    sid = r.json()["data"]["sessionId"]
    r = requests.get(emu.url + "/apis/system/version", headers={"Cookie": f"calypso-session-id={sid}"},
                     verify=emu.ca_path, timeout=10)
    assert r.status_code == 200 and "version" in r.json()["data"]


def test_https_certificate_names_localhost(start_emulator):
    emu = start_emulator(tls=True)
    url = emu.url.replace("127.0.0.1", "localhost")
    r = requests.post(url + "/apis/authentication/login",
                      json={"username": "haiadmin", "password": "hmp-emulator"},
                      verify=emu.ca_path, timeout=10)
    assert r.status_code == 200


def test_https_without_the_ca_fails_verification(start_emulator):
    emu = start_emulator(tls=True)
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(emu.url + "/apis/system/version", timeout=10)


def test_https_emulator_exits_cleanly_on_sigterm(start_emulator):
    emu = start_emulator(tls=True)
    assert emu.stop() == 0


# ---------------------------------------------------------------- more paging
def test_paging_applies_to_events(admin, make):
    sess = make.session()
    for i in range(16):
        make.event(sess["id"], startTime=1798812000 + i * 3600)
    data, paging = admin.ok_list(admin.get(f"/apis/sessions/{sess['id']}/events"))
    assert len(data) == 15 and paging == {**paging, "results": 15, "pageSize": 15}
    data, paging = admin.ok_list(admin.get(f"/apis/sessions/{sess['id']}/events", params={"page": 2}))
    assert len(data) == 1 and paging["results"] == 1


def test_paging_applies_to_users(admin, make):
    for _ in range(15):
        make.user("viewer")  # + haiadmin = 16 users
    data, paging = admin.ok_list(admin.get("/apis/users", params={"page": 2}))
    assert len(data) == 1 and (paging["results"], paging["pageSize"]) == (1, 15)


# ---------------------------------------------------------------- more 403
def test_viewer_gets_403_on_video_stream_recording_writes(admin, make, login_as, state):
    video = make.video()
    stream = make.stream(video["id"])
    sess, (src,) = make.session_with_sources(1)
    rec = make.recording(sess["id"])
    viewer = login_as("viewer")
    before = state()
    writes = [
        ("PUT", f"/apis/assets/{video['id']}", {"title": "V"}),
        ("DELETE", f"/apis/assets/{video['id']}", None),
        ("PUT", f"/apis/assets/{video['id']}/metadata", []),
        ("POST", f"/apis/assets/{video['id']}/streams", {"address": "239.77.7.7", "port": 7}),
        ("PUT", f"/apis/streams/{stream['id']}", {"state": "paused"}),
        ("DELETE", f"/apis/streams/{stream['id']}", None),
        ("PUT", f"/apis/recordings/{rec['id']}", {"state": "PAUSED"}),
        ("DELETE", f"/apis/recordings/{rec['id']}", None),
        ("DELETE", f"/apis/sessions/{sess['id']}/sources/{src['id']}", None),
        ("PUT", f"/apis/sources/{src['id']}/metadata", []),
    ]
    for method, path, body in writes:
        viewer.err(viewer.request(method, path, json=body), 403, *FORBIDDEN)
    assert state() == before


# ---------------------------------------------------------------- control plane: faults, log, seed
@pytest.fixture
def control(emulator):
    """The launcher's control plane; the faults are cleared after the test."""
    yield emulator
    emulator.clear_faults()


def test_faults_default_and_merge(control):
    default = {"error_rate": 0.0, "error_statuses": [500, 502, 503], "latency_ms": 0, "drop_rate": 0.0,
               "lost_answer_rate": 0.0, "expire_sessions_after": None, "random_seed": None, "routes": None}
    assert control.faults() == default
    control.set_faults(error_rate=0.5)
    got = control.faults()
    assert got["error_rate"] == 0.5 and got["error_statuses"] == [500, 502, 503]
    assert control.clear_faults()["error_rate"] == 0.0


def test_injected_errors_are_hmp_errors_without_state_change(admin, control, state):
    control.set_faults(error_rate=1.0, error_statuses=[503])
    before = state()
    r = admin.post("/apis/sessions", {"title": "never stored"})
    body = admin.err(r, 503, r.json().get("code"))
    assert body["code"].startswith("09")  # HMP's code families: 09xxxx <-> 503 (contract: errors)
    assert state() == before
    control.clear_faults()
    admin.ok(admin.post("/apis/sessions", {"title": "stored"}), 201)


def test_dropped_connections_change_nothing(admin, control, state):
    control.set_faults(drop_rate=1.0)
    before = state()
    with pytest.raises(requests.exceptions.ConnectionError):
        admin.post("/apis/sessions", {"title": "never stored"})
    assert state() == before


def test_request_log_records_api_calls(admin, control):
    control.clear_requests_log()
    admin.post("/apis/sessions", {"title": "logged"})
    admin.get("/apis/sessions", params={"q": "logged"})
    log = control.requests_log()
    post = next(e for e in log if e["method"] == "POST")
    assert post["path"] == "/apis/sessions" and post["route"] == "/apis/sessions"
    assert post["status"] == 201 and '"logged"' in post["body"]
    get = next(e for e in log if e["method"] == "GET")
    assert get["status"] == 200 and "logged" in str(get["query"])
    assert all(not e["path"].startswith("/_emulator") for e in log)


def test_seed_file_and_reset_to_start_seed(start_emulator, tmp_path):
    seed = tmp_path / "seed.json"
    seed.write_text('{"sources": [{"name": "Seeded Cam", "type": "UDP", "host": "239.1.1.1", '
                    '"port": 4900, "multicast": true}], "users": [{"username": "jdoe", '
                    '"password": "secret-pass", "displayName": "Jane Doe", '
                    '"email": "jdoe@example.com", "roles": ["viewer"]}]}')
    emu = start_emulator(extra=["--seed", str(seed)])
    s = requests.Session()
    r = s.post(emu.url + "/apis/authentication/login",
               json={"username": "haiadmin", "password": "hmp-emulator"}, timeout=10)
    s.headers["Cookie"] = "calypso-session-id=" + r.json()["data"]["sessionId"]
    s.cookies.clear()
    names = [x["name"] for x in s.get(emu.url + "/apis/sources", timeout=10).json()["data"]]
    assert names == ["Seeded Cam"]
    src_id = s.get(emu.url + "/apis/sources", timeout=10).json()["data"][0]["id"]
    assert s.delete(emu.url + f"/apis/sources/{src_id}", timeout=10).status_code == 200
    emu.reset()  # back to the start seed
    r = requests.post(emu.url + "/apis/authentication/login",
                      json={"username": "jdoe", "password": "secret-pass"}, timeout=10)
    assert r.status_code == 200
    assert [x["name"] for x in emu.state()["sources"]] == ["Seeded Cam"]


def test_ready_line_and_clean_exit(start_emulator):
    emu = start_emulator()
    assert emu.stop() == 0
    with open(emu.stdout_path) as out:
        lines = out.read().splitlines()
    assert lines == [f"HMP emulator listening on {emu.url}"]
