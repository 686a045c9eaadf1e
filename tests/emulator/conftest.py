"""Fixtures for the contract tests of hmp_emulator.

The expectations in tests/emulator/test_contract_*.py come from the project's contract
(docs/docsite/rst/contract.rst; the entry ids are named in brackets, "contract: <id>") and from
HMP's vendor documentation, never from the emulator's code. The control plane is driven through
hmp_emulator.launcher.Emulator.
"""
import sys
from pathlib import Path

import pytest
import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # hmp_emulator, also under a bare `pytest`
from hmp_emulator.launcher import Emulator  # noqa: E402

ADMIN_USER = "haiadmin"
ADMIN_PASSWORD = "hmp-emulator"
API_KEY = "test-key"
API_SECRET = "test-secret"
COOKIE = "calypso-session-id"


# ----------------------------------------------------------------------------- process control
def start(workdir, tls=False, extra=()):
    """One `python -m hmp_emulator` subprocess (loopback only) with the administrator's API key pair.

    Returns the launcher's Emulator: url (http(s)://127.0.0.1:port), ca_path, process,
    stdout_path, listening_line(), stop() -> exit status.
    """
    args = ["--bind", "127.0.0.1", "--admin-password", ADMIN_PASSWORD,
            "--api-key", API_KEY, "--api-secret", API_SECRET, *extra]
    return Emulator(tls=tls, args=args, startup_timeout=30, workdir=workdir, host="127.0.0.1")


@pytest.fixture(scope="session")
def emulator(tmp_path_factory):
    emu = start(tmp_path_factory.mktemp("hmp-emulator"))
    yield emu
    emu.stop()


@pytest.fixture(scope="session")
def base_url(emulator):
    return emulator.url


@pytest.fixture
def start_emulator(tmp_path):
    """Start extra emulators (e.g. with TLS); they are stopped after the test."""
    started = []

    def start_one(tls=False, extra=()):
        emu = start(tmp_path / f"emu{len(started)}", tls=tls, extra=extra)
        started.append(emu)
        return emu

    yield start_one
    for emu in started:
        emu.stop()


@pytest.fixture(autouse=True)
def _reset(emulator):
    """Back to the start seed and variants before each test (also drops logins, counters and faults)."""
    emulator.reset()


# ----------------------------------------------------------------------------- HTTP client
class Client:
    """A requests.Session against the emulator, with contract assertions."""

    def __init__(self, base_url):
        self.base = base_url
        self.s = requests.Session()
        self.session_id = None

    def request(self, method, path, **kw):
        kw.setdefault("timeout", 15)
        return self.s.request(method, self.base + path, **kw)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, json=None, **kw):
        return self.request("POST", path, json=json, **kw)

    def put(self, path, json=None, **kw):
        return self.request("PUT", path, json=json, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    # cookie login (contract: login); the cookie is sent explicitly so that cookie attributes
    # (Secure, Path) set by the server cannot hide it from plain-HTTP test requests.
    def login(self, username=ADMIN_USER, password=ADMIN_PASSWORD):
        r = self.post("/apis/authentication/login", {"username": username, "password": password})
        assert r.status_code == 200, r.text
        self.use_cookie(r.json()["data"]["sessionId"])
        return r

    def use_cookie(self, session_id):
        self.s.cookies.clear()
        self.session_id = session_id
        self.s.headers["Cookie"] = f"{COOKIE}={session_id}"

    def login_key(self, key=API_KEY, secret=API_SECRET):
        r = self.post("/apis/authentication/login/key", {"apiKey": key, "apiSecret": secret})
        assert r.status_code == 200, r.text
        self.s.headers["Authorization"] = "Bearer " + r.json()["data"]["authToken"]
        return r

    # ---- contract assertions (contract: envelope, errors, paging)
    @staticmethod
    def ok(r, status=200):
        """Assert a success answer and return its `data`."""
        assert r.status_code == status, f"{r.request.method} {r.url}: {r.status_code} {r.text[:500]}"
        body = r.json()
        assert isinstance(body, dict) and "data" in body, body
        return body["data"]

    @staticmethod
    def ok_list(r):
        """Assert a 200 collection answer with {"data": [...], "paging": {...}}."""
        data = Client.ok(r)
        body = r.json()
        assert isinstance(data, list), body
        assert isinstance(body.get("paging"), dict), body
        return data, body["paging"]

    @staticmethod
    def ok_empty(r):
        """DELETE success: 200 with an empty body (contract: envelope)."""
        assert r.status_code == 200, f"{r.request.method} {r.url}: {r.status_code} {r.text[:500]}"
        assert r.content.strip() == b"", r.content[:200]

    @staticmethod
    def err(r, status, code, name=None, message=None):
        """Assert an HMP error: status + {"code","name","message"?,"httpStatusCode": number}."""
        assert r.status_code == status, f"{r.request.method} {r.url}: {r.status_code} {r.text[:500]}"
        assert r.headers.get("Content-Type", "").startswith("application/json"), r.headers
        body = r.json()
        assert isinstance(body, dict) and "data" not in body, body
        assert body.get("code") == code, body
        assert isinstance(body.get("name"), str) and body["name"], body
        if name is not None:
            if isinstance(name, (tuple, list, set)):
                assert body["name"] in name, body
            else:
                assert body["name"] == name, body
        assert type(body.get("httpStatusCode")) is int and body["httpStatusCode"] == status, body
        if message is not None:
            assert body.get("message") == message, body
        return body


@pytest.fixture
def new_client(base_url, _reset):
    """new_client() -> a fresh Client without login."""
    return lambda: Client(base_url)


@pytest.fixture
def anon(base_url, _reset):
    """A client without any login."""
    return Client(base_url)


@pytest.fixture
def admin(base_url, _reset):
    """A client logged in as the administrator with the session cookie."""
    c = Client(base_url)
    c.login()
    return c


@pytest.fixture
def state(emulator):
    """Read the whole emulator state (GET /_emulator/state)."""
    return emulator.state


@pytest.fixture
def counters(emulator):
    return emulator.counters


@pytest.fixture
def seed(emulator, admin):
    """Reset to a given seed (format of hmp_emulator/README.md), then log the admin in again."""
    def load(data):
        emulator.reset(data)
        admin.login()
        return admin
    return load


@pytest.fixture
def expire_sessions(emulator):
    return emulator.expire_sessions


# ----------------------------------------------------------------------------- object factories
class Factory:
    """Creates objects through the documented endpoints, as the admin."""

    def __init__(self, client, base_url):
        self.c = client
        self.base = base_url
        self.n = 0

    def _next(self):
        self.n += 1
        return self.n

    def source(self, **fields):
        n = self._next()
        body = {"name": f"Source {n}", "type": "UDP", "host": f"239.10.0.{n}", "port": 5000 + n,
                "multicast": True, "description": ""}
        body.update(fields)
        return self.c.ok(self.c.post("/apis/sources", body), 201)

    def srt_source(self, **fields):
        n = self._next()
        body = {"name": f"SRT {n}", "type": "SRT", "host": "0.0.0.0", "port": 9000 + n,
                "mode": "LISTENER", "description": ""}
        body.update(fields)
        return self.c.ok(self.c.post("/apis/sources", body), 201)

    def session(self, **fields):
        n = self._next()
        body = {"title": f"Session {n}", "description": "", "syncrecord": False}
        body.update(fields)
        return self.c.ok(self.c.post("/apis/sessions", body), 201)

    def add_source(self, session_id, source_id):
        return self.c.ok(self.c.post(f"/apis/sessions/{session_id}/sources",
                                     {"sourceId": source_id}), 201)

    def session_with_sources(self, count=1, **fields):
        sess = self.session(**fields)
        srcs = [self.source() for _ in range(count)]
        for s in srcs:
            self.add_source(sess["id"], s["id"])
        return sess, srcs

    def recording(self, session_id, body=None):
        return self.c.ok(self.c.post(f"/apis/sessions/{session_id}/recordings",
                                     body if body is not None else {}), 201)

    def video(self, sources=1, **session_fields):
        """A finished video: record a session and stop (contract: recording_video). Returns the asset."""
        sess, _ = self.session_with_sources(sources, **session_fields)
        rec = self.recording(sess["id"])
        self.c.ok_empty(self.c.delete(f"/apis/recordings/{rec['id']}"))
        return self.c.ok(self.c.get(f"/apis/assets/{rec['id']}"))

    def stream(self, asset_id, address=None, port=None, **fields):
        n = self._next()
        body = {"address": address or f"239.20.0.{n}", "port": port or 6000 + n}
        body.update(fields)
        return self.c.ok(self.c.post(f"/apis/assets/{asset_id}/streams", body), 201)

    def event(self, session_id, **fields):
        body = {"module": "session", "startTime": 1798812000, "duration": 3600,
                "type": "one-time", "command": "record", "active": True}
        body.update(fields)
        return self.c.ok(self.c.post(f"/apis/sessions/{session_id}/events", body), 201)

    def user(self, role="viewer", username=None, password="user-pass-123", **fields):
        """Create a local user (contract: users). roles=[] gives a user without role."""
        n = self._next()
        username = username or f"{role or 'norole'}{n}"
        body = {"username": username, "displayName": f"User {n}", "email": f"{username}@example.com",
                "password": password, "roles": [role] if role else []}
        body.update(fields)
        return self.c.ok(self.c.post("/apis/users", body), 201)

    def login_as(self, role="viewer"):
        """Create a user with that role and return a client logged in as them."""
        password = "user-pass-123"
        user = self.user(role, password=password)
        c = Client(self.base)
        c.login(user["username"], password)
        return c


@pytest.fixture
def make(admin, base_url):
    return Factory(admin, base_url)


@pytest.fixture
def login_as(make):
    """login_as("viewer") -> Client logged in as a new user with that role."""
    return make.login_as

