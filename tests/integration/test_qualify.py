"""haivision.hmp.qualify (the hmp_qualify module and the qualify role) against the emulator: a read-only run
writes nothing, a scratch run leaves the server as it was (also when a step fails), cleanup removes only what
the prefix names, and a server that breaks an assumption gets `differs` and a failed play."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from harness import CONNECTION_ENV, emulator_connection

PLAYBOOK = "playbooks/qualify.yml"
PREFIX = "ansible-qualify-"

SEED = {
    "sources": [
        {"name": "Cam 1", "type": "UDP", "host": "239.1.1.1", "port": 4900, "multicast": True},
        {"name": "Remote", "type": "SRT", "host": "0.0.0.0", "port": 9000, "mode": "LISTENER", "latency": 120},
        {"name": "Cam 2", "type": "UDP", "host": "239.1.1.2", "port": 4900, "multicast": True},
    ],
    "sessions": [
        {"title": "Studio A", "active": True, "sources": ["Cam 1", "Remote"],
         "events": [{"startTime": 1798812000, "duration": 3600, "type": "weekly-recurring",
                     "typeData": {"days": ["MON", "WED"]}, "command": "set-live", "parameters": {"record": True},
                     "active": True}]},
        {"title": "Studio B", "sources": ["Cam 2"]},
    ],
    "users": [{"username": "jdoe", "password": "Jdoe-pass-123", "displayName": "Jane Doe", "roles": ["Viewer"]}],
    "videos": [{"title": "Keynote", "duration": 60.5, "session": "Studio A"}],
    "streams": [{"video": "Keynote", "address": "239.2.2.2", "port": 5000}],
    "devices": [{"_id": "box-1", "name": "Lobby TV", "status": "Online"},
                {"_id": "box-2", "name": "Bar TV", "status": "Offline"}],
}


def inventory(tmp_path, connection, **host_vars):
    variables = dict(connection, hmp_qualify_report_dir=str(tmp_path / "reports"), **host_vars)
    path = tmp_path / "inventory.yml"
    path.write_text(json.dumps({"hmp": {"hosts": {"lab": variables}}}))
    return str(path)


def qualify(playbook_file, tmp_path, connection, **host_vars):
    run = playbook_file(PLAYBOOK, unset=CONNECTION_ENV, args=("-i", inventory(tmp_path, connection, **host_vars)))
    report_path = tmp_path / "reports" / "lab.json"
    report = json.loads(report_path.read_text()) if report_path.exists() else None
    return run, report


VARIANT_CHECKS = {"V1": "paging", "V2": "empty_list", "V3": "recording_video", "V4": "session_fields", "V5": "roles",
                  "V6": "unknown_fields", "V7": "device_commands", "V8": "put_semantics", "V9": "permissions",
                  "V10": "login_expiry"}


def statuses(report):
    return dict((c["id"], c["status"]) for c in report["checks"])


def speaks(emulator, observed):
    """The variants the report should name (the emulator's letters for those ``observed``, else None), and the
    status of each variant's check: holds for reading a, variant for another."""
    letters = emulator.variants()
    named = dict((v, letters[v] if v in observed else None) for v in VARIANT_CHECKS)
    return named, dict((VARIANT_CHECKS[v], "holds" if letters[v] == "a" else "variant") for v in observed)


def without_volatile(state):
    """The dump, less what moves on its own: the running recordings' clocks, and when a box last took a
    command (the box the qualification muted and unmuted)."""
    return dict(state, recordings=[dict(r, duration=None) for r in state["recordings"]],
                devices=[dict(d, lastAcceptedUpdate=None) for d in state["devices"]])


def test_a_read_only_run_on_the_default_emulator_holds_and_writes_nothing(emulator, playbook_file, tmp_path):
    emulator.reset(dict(SEED, recordings=[{"session": "Studio B"}]))
    run, report = qualify(playbook_file, tmp_path, emulator_connection(emulator))
    assert run.returncode == 0, run.stdout + run.stderr
    assert emulator.writes() == 0
    found = statuses(report)
    named, status_of = speaks(emulator, ("V1", "V2", "V3", "V4", "V5", "V10"))
    for check in ("login", "version", "not_found_codes", "sources", "sessions", "events", "users", "videos",
                  "streams", "devices"):
        assert found[check] == "holds", (check, report["checks"])
    for check, status in status_of.items():
        assert found[check] == status, (check, report["checks"])
    assert found["put_semantics"] == found["device_commands"] == "skipped"
    assert set(found.values()) <= {"holds", "variant", "skipped"}, report["checks"]
    assert report["variants"] == named
    assert report["summary"]["differs"] == 0 and report["server"]["username"] == "haiadmin"
    markdown = (tmp_path / "reports" / "lab.md").read_text()
    assert "## Nothing differs" in markdown
    assert "| V4 | session fields in lists and create answers | %s |" % named["V4"] in markdown


def test_a_scratch_run_leaves_the_server_exactly_as_it_was(emulator, playbook_file, tmp_path):
    emulator.reset(SEED)
    before = emulator.state()
    run, report = qualify(playbook_file, tmp_path, emulator_connection(emulator), hmp_qualify_scratch=True,
                          hmp_qualify_device="Lobby TV")
    assert run.returncode == 0, run.stdout + run.stderr
    assert without_volatile(emulator.state()) == without_volatile(before)
    found = statuses(report)
    named, status_of = speaks(emulator, VARIANT_CHECKS)
    assert report["variants"] == named
    assert dict((c, found[c]) for c in status_of) == status_of, report["checks"]
    assert set(s for c, s in found.items() if c not in status_of) == {"holds"}, report["checks"]
    assert report["scratch"]["left"] == [] and len(report["scratch"]["removed"]) >= 6
    assert all(PREFIX in one or "recording of " + PREFIX in one for one in report["scratch"]["removed"])
    routes = emulator.write_routes()
    assert routes.get("POST /apis/users") == 1 and routes.get("DELETE /apis/users/:userId") == 1
    assert routes.get("POST /apis/sessions/:sessionId/recordings") == 1  # the scratch session, recorded a moment


def test_a_fault_in_the_middle_of_the_lifecycle_still_removes_every_scratch_object(emulator, playbook_file,
                                                                                 tmp_path):
    emulator.reset(SEED)
    before = emulator.state()
    emulator.set_faults(error_rate=1.0, error_statuses=[500], routes=["POST /apis/sessions/:sessionId/sources"])
    run, report = qualify(playbook_file, tmp_path, emulator_connection(emulator), hmp_qualify_scratch=True,
                          hmp_retries=1, hmp_retry_delay=0.01)
    assert run.returncode != 0
    assert "session_lifecycle: " in run.stdout and "POST /apis/sessions/" in run.stdout
    found = statuses(report)
    assert found["session_lifecycle"] == "differs" and found["cleanup"] == "holds"
    assert found["source_lifecycle"] == "holds" and found["user_lifecycle"] == "holds"
    emulator.clear_faults()
    assert without_volatile(emulator.state()) == without_volatile(before)


def test_cleanup_removes_what_the_prefix_names_and_nothing_else(emulator, playbook_file, tmp_path):
    leftovers = dict(SEED)
    leftovers["sources"] = SEED["sources"] + [{"name": PREFIX + "udp-1", "type": "UDP", "port": 20001,
                                                "multicast": False}]
    leftovers["sessions"] = SEED["sessions"] + [{"title": PREFIX + "session-1", "sources": [PREFIX + "udp-1"]},
                                                {"title": "Not " + PREFIX + "mine"}]
    leftovers["users"] = SEED["users"] + [{"username": PREFIX + "user-1", "password": "Scratch-pass-1",
                                           "roles": ["Viewer"]}]
    leftovers["recordings"] = [{"session": PREFIX + "session-1"}]
    emulator.reset(leftovers)
    run, report = qualify(playbook_file, tmp_path, emulator_connection(emulator), hmp_qualify_cleanup=True)
    assert run.returncode == 0, run.stdout + run.stderr
    emulator.reset(SEED)
    expected = emulator.state()
    emulator.reset(leftovers)
    run, report = qualify(playbook_file, tmp_path, emulator_connection(emulator), hmp_qualify_cleanup=True)
    after = emulator.state()
    names = [s["name"] for s in after["sources"]], [s["title"] for s in after["sessions"]]
    assert names == (["Cam 1", "Remote", "Cam 2"], ["Studio A", "Studio B", "Not " + PREFIX + "mine"])
    assert [u["username"] for u in after["users"]] == [u["username"] for u in expected["users"]]
    assert [v["title"] for v in after["videos"]] == ["Keynote"]  # the stopped scratch recording's video went too
    assert statuses(report)["cleanup"] == "holds" and len(report["scratch"]["removed"]) == 4


class DroppingProxy(object):
    """A server that breaks an assumption: it forwards to the emulator and drops ``field`` from every source
    it answers with."""

    def __init__(self, emulator, field):
        target, verify = emulator.url, emulator.ca_path

        class Handler(BaseHTTPRequestHandler):
            def forward(self):
                length = int(self.headers.get("Content-Length") or 0)
                headers = dict((k, v) for k, v in self.headers.items() if k.lower() not in ("host", "content-length"))
                answer = requests.request(self.command, target + self.path, headers=headers, verify=verify,
                                          data=self.rfile.read(length) if length else None, timeout=30)
                body = answer.content
                if self.path.startswith("/apis/sources") and body:
                    document = answer.json()
                    items = document.get("data")
                    for item in items if isinstance(items, list) else [items] if isinstance(items, dict) else []:
                        item.pop(field, None)
                    body = json.dumps(document).encode()
                self.send_response(answer.status_code)
                if "Content-Type" in answer.headers:  # no Set-Cookie: the login answer's sessionId gives the cookie
                    self.send_header("Content-Type", answer.headers["Content-Type"])
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = do_DELETE = forward

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


@pytest.fixture
def dropping_proxy(emulator):
    proxy = DroppingProxy(emulator, "port")
    yield proxy
    proxy.close()


def test_a_server_that_drops_a_compared_field_differs_and_the_play_fails_naming_it(emulator, dropping_proxy,
                                                                                  playbook_file, tmp_path):
    emulator.reset(SEED)
    connection = dict(emulator_connection(emulator), hmp_host="127.0.0.1", hmp_port=dropping_proxy.port,
                      hmp_protocol="http")
    run, report = qualify(playbook_file, tmp_path, connection)
    assert run.returncode != 0
    detail = next(c["detail"] for c in report["checks"] if c["id"] == "sources")
    assert statuses(report)["sources"] == "differs"
    assert "source 'Cam 1': no 'port' (option port)" in detail and "hmp_source" in detail and "hmp_config" in detail
    assert "lab differs from what haivision.hmp handles" in run.stdout and "no 'port' (option port)" in run.stdout
    assert "## What differs: fix before using the collection on this server" in (
        tmp_path / "reports" / "lab.md").read_text()
    assert emulator.writes() == 0
