"""The emulator as a process: command line, TLS, signals, seeds and the /_emulator control plane.

Each test starts the real `python -m hmp_emulator` in its own process (loopback only), through
hmp_emulator/launcher.py. The fixtures live here on purpose (conftest.py belongs to the contract
tests).
"""
import http.client
import json
import signal
import socket
import time
from urllib.parse import urlsplit

import pytest
import requests
import yaml

from hmp_emulator.launcher import Emulator

ADMIN = {"username": "haiadmin", "password": "hmp-emulator"}


class Proc(Emulator):
    """The launcher's emulator on 127.0.0.1 (plain HTTP unless tls=True), plus what these tests
    check: ``line``, the first line it printed on stdout, and ``url``, the URL that line names."""

    def __init__(self, workdir, *args, tls=False):
        super().__init__(tls=tls, args=args, startup_timeout=30, workdir=workdir, host="127.0.0.1")
        self.line = self.listening_line()
        self.url = self.line.rsplit(" ", 1)[-1]


@pytest.fixture
def run(tmp_path):
    procs = []

    def start(*args, tls=False):
        p = Proc(tmp_path / f"p{len(procs)}", *args, tls=tls)
        procs.append(p)
        return p

    yield start
    for p in procs:
        p.stop()


def client(verify=False):
    s = requests.Session()
    s.trust_env = False  # REQUESTS_CA_BUNDLE in the environment would override verify
    s.verify = verify
    return s


def login(url, verify=False):
    s = client(verify)
    r = s.post(url + "/apis/authentication/login", json=ADMIN, timeout=10)
    assert r.status_code == 200, r.text
    return s


@pytest.fixture(scope="module")
def emu(tmp_path_factory):
    p = Proc(tmp_path_factory.mktemp("emu"), "--api-key", "k1", "--api-secret", "s1")
    yield p
    p.stop()


@pytest.fixture
def url(emu):
    emu.reset()
    return emu.url


def ctl(url, method, path, **kw):
    """A raw control-plane call (these tests check the control plane itself), asserting 200."""
    r = requests.request(method, url + "/_emulator/" + path, timeout=10, **kw)
    assert r.status_code == 200, r.text
    return r.json() if r.content else None


# --------------------------------------------------------------------------- command line
def test_ready_with_port_file_and_listening_line(run):
    p = run()  # how soon: benchmarks/emulator_throughput.py measures it
    assert p.line == f"HMP emulator listening on http://127.0.0.1:{p.port}"
    assert client().get(p.url + "/apis/system/version", timeout=5).status_code == 401


def test_tls_by_default_verifies_with_the_ca_from_ca_out(run):
    p = run(tls=True)  # no TLS option on the command line, only --ca-out
    ca = p.ca_path
    assert p.url == f"https://127.0.0.1:{p.port}"
    s = login(p.url, verify=ca)
    assert s.get(p.url + "/apis/system/version", timeout=5).json()["data"]["version"]
    for host in ("localhost", "127.0.0.1"):
        r = client(ca).get(f"https://{host}:{p.port}/apis/system/version", timeout=5)
        assert r.status_code == 401
    with pytest.raises(requests.exceptions.SSLError):
        client(True).get(p.url + "/apis/system/version", timeout=5)


def test_no_tls_serves_plain_http(run):
    p = run()
    assert p.url.startswith("http://")
    assert login(p.url).get(p.url + "/apis/system/version", timeout=5).status_code == 200


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_clean_exit_on_signal(run, sig):
    p = run()
    login(p.url)  # with a kept-alive connection open
    assert p.stop(sig) == 0


def test_admin_and_api_key_options(run):
    p = run("--admin-user", "boss", "--admin-password", "pw1", "--api-key", "kk",
            "--api-secret", "ss")
    s = client()
    assert s.post(p.url + "/apis/authentication/login", json=ADMIN, timeout=5).status_code == 401
    r = s.post(p.url + "/apis/authentication/login", json={"username": "boss", "password": "pw1"}, timeout=5)
    assert r.status_code == 200 and r.json()["data"]["username"] == "boss"
    r = client().post(p.url + "/apis/authentication/login/key", json={"apiKey": "kk", "apiSecret": "ss"}, timeout=5)
    token = r.json()["data"]["authToken"]
    r = client().get(p.url + "/apis/system/version", headers={"Authorization": "Bearer " + token}, timeout=5)
    assert r.status_code == 200


# --------------------------------------------------------------------------- seeds
SEED = {
    "version": {"version": "4.1.0", "build": "12345"},
    "users": [{"username": "jdoe", "password": "secret-pass", "displayName": "Jane Doe",
               "email": "jdoe@example.com", "roles": ["viewer"]}],
    "sources": [{"name": "Cam 1", "type": "UDP", "host": "239.1.1.1", "port": 4900, "multicast": True},
                {"name": "Cam 2", "type": "SRT", "host": "0.0.0.0", "port": 9000, "mode": "LISTENER"}],
    "sessions": [{"title": "Studio A", "active": False, "syncrecord": False, "sources": ["Cam 1", "Cam 2"],
                  "events": [{"startTime": 1798812000, "duration": 3600, "type": "one-time",
                              "command": "record", "active": True}],
                  "metadata": []}],
    "categories": [{"label": "Locations", "values": ["Montreal", "Ottawa"]}],
    "videos": [{"title": "Keynote", "description": "", "duration": 60.5, "movieTrackCount": 1,
                "session": "Studio A",
                "metadata": [{"name": "calypso:category:Locations",
                              "field": [{"fieldType": "STRING", "valueString": "Montreal"}]}]}],
    "devices": [{"_id": "bvgR95DKAXUTr402cyM8ew", "name": "Lobby TV", "hostname": "37D78D000096",
                 "status": "Online", "standby": False, "muted": False, "volume": 0.5}],
    "recordings": [{"session": "Studio A", "state": "RECORDING"}],
    "streams": [{"video": "Keynote", "address": "239.2.2.2", "port": 5000, "state": "playing"}],
}


def check_seeded(url):
    s = login(url)
    assert s.get(url + "/apis/system/version", timeout=5).json()["data"] == {"version": "4.1.0", "build": "12345"}
    sources = s.get(url + "/apis/sources", timeout=5).json()["data"]
    assert sorted(x["name"] for x in sources) == ["Cam 1", "Cam 2"]
    sess = s.get(url + "/apis/sessions", timeout=5).json()["data"]
    assert [x["title"] for x in sess] == ["Studio A"] and len(sess[0]["sources"]) == 2
    assert sess[0]["recording"] is True
    events = s.get(f"{url}/apis/sessions/{sess[0]['id']}/events", timeout=5).json()["data"]
    assert events[0]["command"] == "record"
    videos = s.get(f"{url}/apis/sessions/{sess[0]['id']}/assets", timeout=5).json()["data"]
    assert [v["title"] for v in videos] == ["Keynote"]
    streams = s.get(url + "/apis/streams", timeout=5).json()["data"]
    assert streams[0]["asset"] == videos[0]["id"] and streams[0]["port"] == 5000
    assert s.get(url + "/apis/devices/stbs/bvgR95DKAXUTr402cyM8ew", timeout=5).json()["data"]["name"] == "Lobby TV"
    assert s.get(url + "/apis/categories", timeout=5).json()["data"][0]["label"] == "Locations"
    r = client().post(url + "/apis/authentication/login", json={"username": "jdoe", "password": "secret-pass"}, timeout=5)
    assert r.status_code == 200


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_seed_file_is_loaded(run, tmp_path, fmt):
    path = tmp_path / f"seed.{fmt}"
    path.write_text(yaml.safe_dump(SEED) if fmt == "yaml" else json.dumps(SEED))
    p = run("--seed", str(path))
    check_seeded(p.url)


def test_reset_without_body_returns_to_the_start_seed(run, tmp_path):
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(SEED))
    p = run("--seed", str(path))
    s = login(p.url)
    r = s.post(p.url + "/apis/sources", json={"name": "Extra", "type": "UDP", "host": "239.3.3.3",
                                             "port": 4000, "multicast": True}, timeout=5)
    assert r.status_code == 201
    ctl(p.url, "POST", "reset")
    check_seeded(p.url)


def test_state_dump_reset_round_trip_is_identical(url):
    ctl(url, "POST", "reset", json=SEED)
    s = login(url)
    # a little more life: a paused recording and a user created over the API
    rec = s.get(url + "/apis/recordings", timeout=5).json()["data"][0]
    assert s.put(f"{url}/apis/recordings/{rec['id']}", json={"state": "PAUSED"}, timeout=5).status_code == 200
    assert s.post(url + "/apis/users", json={"username": "x1", "password": "pw", "roles": ["creator"]},
                  timeout=5).status_code == 201
    first = ctl(url, "GET", "state")
    ctl(url, "POST", "reset", json=first)
    assert ctl(url, "GET", "state") == first
    ctl(url, "POST", "reset", data=json.dumps(first), headers={"Content-Type": "application/json"})
    assert ctl(url, "GET", "state") == first


def test_invalid_seed_is_rejected_and_leaves_the_state(url):
    ctl(url, "POST", "reset", json=SEED)
    before = ctl(url, "GET", "state")
    r = requests.post(url + "/_emulator/reset", json={"sources": [{"name": "x", "type": "RTMP", "port": 1}]}, timeout=5)
    assert r.status_code == 400 and r.json()["code"] == "010001"
    assert ctl(url, "GET", "state") == before


# --------------------------------------------------------------------------- counters and log
def test_counters_use_route_templates_and_reset(url):
    s = login(url)
    r = s.post(url + "/apis/sources", json={"name": "A", "type": "UDP", "host": "239.9.9.9", "port": 4000,
                                           "multicast": True}, timeout=5)
    sid = r.json()["data"]["id"]
    s.get(f"{url}/apis/sources/{sid}", timeout=5)
    s.get(f"{url}/apis/sources/{sid}", timeout=5)
    s.put(f"{url}/apis/sources/{sid}", json={"name": "B", "type": "UDP", "host": "239.9.9.9", "port": 4000,
                                            "multicast": True}, timeout=5)
    ctl(url, "GET", "state")  # control plane: never counted
    c = ctl(url, "GET", "counters")
    assert c["total"] == 5
    assert c["writes"] == 2  # the login POST is not a write
    assert c["by_method"] == {"POST": 2, "GET": 2, "PUT": 1}
    assert c["by_route"] == {"POST /apis/authentication/login": 1, "POST /apis/sources": 1,
                             "GET /apis/sources/:sourceId": 2, "PUT /apis/sources/:sourceId": 1}
    assert c["writes_by_route"] == {"POST /apis/sources": 1, "PUT /apis/sources/:sourceId": 1}
    ctl(url, "DELETE", "counters")
    assert ctl(url, "GET", "counters") == {"total": 0, "writes": 0, "by_method": {}, "by_route": {},
                                           "writes_by_route": {}}


def test_request_log_records_requests_oldest_first(url):
    s = login(url)
    s.get(url + "/apis/sessions?page=1&pageSize=5", timeout=5)
    body = '{"title": "T"}'
    s.post(url + "/apis/sessions", data=body, headers={"Content-Type": "application/json"}, timeout=5)
    log = ctl(url, "GET", "requests")
    assert [(e["method"], e["route"], e["status"]) for e in log] == [
        ("POST", "/apis/authentication/login", 200), ("GET", "/apis/sessions", 404),
        ("POST", "/apis/sessions", 201)]
    assert log[1]["path"] == "/apis/sessions" and log[1]["query"] == "page=1&pageSize=5"
    assert log[2]["body"] == body
    assert log[0]["received"] <= log[1]["received"] <= log[2]["received"] <= time.time()
    assert all(e["seconds"] >= 0 for e in log)
    ctl(url, "DELETE", "requests")
    assert ctl(url, "GET", "requests") == []


# --------------------------------------------------------------------------- faults
def test_error_rate_answers_configured_statuses_without_changing_state(url):
    s = login(url)
    before = ctl(url, "GET", "state")
    faults = ctl(url, "PUT", "faults", json={"error_rate": 1.0, "error_statuses": [503, 500], "random_seed": 7})
    assert faults["error_rate"] == 1.0 and faults["drop_rate"] == 0.0  # PUT merges
    seen = set()
    for i in range(12):
        r = s.post(url + "/apis/sessions", json={"title": f"S{i}"}, timeout=5)
        assert r.status_code in (500, 503), r.text
        body = r.json()
        assert body["httpStatusCode"] == r.status_code and len(body["code"]) == 6
        seen.add(r.status_code)
    assert seen == {500, 503}
    assert ctl(url, "GET", "state") == before
    assert ctl(url, "GET", "counters")["by_route"]["POST /apis/sessions"] == 12
    ctl(url, "DELETE", "faults")
    assert s.post(url + "/apis/sessions", json={"title": "S"}, timeout=5).status_code == 201


def test_faults_can_target_some_routes_only(url):
    s = login(url)
    ctl(url, "PUT", "faults", json={"error_rate": 1.0, "error_statuses": [503], "routes": ["GET /apis/users"]})
    assert s.get(url + "/apis/users", timeout=5).status_code == 503
    assert s.get(url + "/apis/roles", timeout=5).status_code == 200
    assert s.post(url + "/apis/sessions", json={"title": "S"}, timeout=5).status_code == 201
    bad = requests.put(url + "/_emulator/faults", json={"routes": "GET /apis/users"}, timeout=5)
    assert bad.status_code == 400
    ctl(url, "DELETE", "faults")


def test_drop_rate_closes_the_connection_without_answer(url):
    s = login(url)
    before = ctl(url, "GET", "state")
    ctl(url, "PUT", "faults", json={"drop_rate": 1.0})
    with pytest.raises(requests.exceptions.ConnectionError):
        s.post(url + "/apis/sessions", json={"title": "dropped"}, timeout=5)
    assert ctl(url, "GET", "state") == before
    assert ctl(url, "GET", "requests")[-1]["status"] is None
    ctl(url, "DELETE", "faults")
    assert login(url).get(url + "/apis/system/version", timeout=5).status_code == 200


def test_lost_answer_carries_out_the_request_then_closes_without_answer(url):
    s = login(url)
    ctl(url, "PUT", "faults", json={"lost_answer_rate": 1.0, "routes": ["POST /apis/sessions"]})
    with pytest.raises(requests.exceptions.ConnectionError):
        s.post(url + "/apis/sessions", json={"title": "made, answer lost"}, timeout=5)
    assert [x["title"] for x in ctl(url, "GET", "state")["sessions"]] == ["made, answer lost"]
    entry = ctl(url, "GET", "requests")[-1]
    assert (entry["route"], entry["status"], entry["fault"]) == ("/apis/sessions", None, "lost_answer")
    bad = requests.put(url + "/_emulator/faults", json={"lost_answer_rate": 2}, timeout=5)
    assert bad.status_code == 400 and "lost_answer_rate" in bad.text
    ctl(url, "DELETE", "faults")


@pytest.mark.parametrize("fault", ["drop_rate", "lost_answer_rate"])
def test_a_faulted_request_gets_not_one_byte_of_answer(url, fault):
    """Pins what hmp_emulator/server.py relies on in the serving library (cheroot): when the
    application raises a socket error that the server ignores, the connection closes before any
    byte of the answer is written. An upgrade that answers instead fails here."""
    s = login(url)
    ctl(url, "PUT", "faults", json={fault: 1.0, "routes": ["GET /apis/system/version"]})
    target = urlsplit(url)
    request = (f"GET /apis/system/version HTTP/1.1\r\nHost: {target.netloc}\r\n"
               f"Cookie: calypso-session-id={s.cookies['calypso-session-id']}\r\n\r\n").encode()
    received = b""
    with socket.create_connection((target.hostname, target.port), timeout=5) as sock:
        sock.sendall(request)
        try:
            while True:
                chunk = sock.recv(4096)
                if not chunk:
                    break
                received += chunk
        except ConnectionResetError:
            pass
    assert received == b""
    assert ctl(url, "GET", "requests")[-1]["fault"] == fault.replace("_rate", "")
    ctl(url, "DELETE", "faults")


def test_http_1_1_connections_are_kept_alive(url):
    target = urlsplit(url)
    conn = http.client.HTTPConnection(target.hostname, target.port, timeout=5)
    try:
        sockets = []
        for _ in range(3):
            conn.request("POST", "/apis/authentication/login", body=json.dumps(ADMIN),
                         headers={"Content-Type": "application/json"})
            answer = conn.getresponse()
            assert answer.status == 200 and answer.version == 11
            assert json.loads(answer.read())["data"]["username"] == "haiadmin"
            assert answer.getheader("Connection", "").lower() != "close"
            sockets.append(conn.sock)
        assert sockets[0] is not None and sockets.count(sockets[0]) == 3  # one connection throughout
    finally:
        conn.close()


def test_expire_sessions_after_ends_every_login_after_that_many_requests_once(url):
    s = login(url)
    ctl(url, "PUT", "faults", json={"expire_sessions_after": 2})
    statuses = [s.get(url + "/apis/system/version", timeout=5).status_code for _ in range(3)]
    assert statuses == [200, 200, 401]
    assert ctl(url, "GET", "faults")["expire_sessions_after"] is None
    s = login(url)
    assert [s.get(url + "/apis/system/version", timeout=5).status_code for _ in range(3)] == [200, 200, 200]
    bad = requests.put(url + "/_emulator/faults", json={"expire_sessions_after": -1}, timeout=5)
    assert bad.status_code == 400 and "expire_sessions_after" in bad.text


def test_latency_setting_is_kept_and_answers_still_arrive(url):
    s = login(url)
    assert ctl(url, "PUT", "faults", json={"latency_ms": 50})["latency_ms"] == 50
    assert ctl(url, "GET", "faults")["latency_ms"] == 50
    assert s.get(url + "/apis/system/version", timeout=5).status_code == 200
    assert ctl(url, "GET", "requests")[-1]["seconds"] >= 0.05  # the delay is part of the answer's time
    assert ctl(url, "GET", "faults")["error_rate"] == 0.0
    r = requests.put(url + "/_emulator/faults", json={"latency_ms": -1}, timeout=5)
    assert r.status_code == 400
    assert ctl(url, "DELETE", "faults")["latency_ms"] == 0


def test_control_plane_is_not_faulted(url):
    ctl(url, "PUT", "faults", json={"error_rate": 1.0, "drop_rate": 0.0})
    assert ctl(url, "GET", "state")["roles"]
    ctl(url, "PUT", "faults", json={"error_rate": 0.0, "drop_rate": 1.0})
    assert ctl(url, "GET", "counters")["total"] == 0


# --------------------------------------------------------------------------- sessions expiry
def test_expire_sessions_makes_cookie_and_token_invalid(url):
    s = login(url)
    r = client().post(url + "/apis/authentication/login/key", json={"apiKey": "k1", "apiSecret": "s1"}, timeout=5)
    bearer = {"Authorization": "Bearer " + r.json()["data"]["authToken"]}
    assert s.get(url + "/apis/system/version", timeout=5).status_code == 200
    assert client().get(url + "/apis/system/version", headers=bearer, timeout=5).status_code == 200
    ctl(url, "POST", "expire-sessions")
    for r in (s.get(url + "/apis/system/version", timeout=5),
              client().get(url + "/apis/system/version", headers=bearer, timeout=5)):
        assert r.status_code == 401 and r.json()["code"] == "020001"


def test_idle_timeout_expires_cookie_sessions(run):
    p = run("--session-idle-timeout", "0.3")
    s = login(p.url)
    assert s.get(p.url + "/apis/system/version", timeout=5).status_code == 200
    time.sleep(0.6)
    r = s.get(p.url + "/apis/system/version", timeout=5)
    assert r.status_code == 401 and r.json()["code"] == "020001"
