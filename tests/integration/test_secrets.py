"""Secrets at every verbosity: every module, run at -vvvv with --diff, on success and on failure.

Each module gets one playbook: the task that works (password login from the environment), the same
kind of task with an API key, the task with a wrong password, a change in check mode, and a task HMP
refuses (409 from the emulator's faults, injected just before it on the route the task needs).
Values refused before anything is sent get one playbook of their own.

Every secret value is unique and greppable; none may appear in stdout, stderr, the callback's results
or the ANSIBLE_LOG_PATH file, and in the emulator's request log only in the field of the request that
needed it (the login POST for the login secrets, the source POST/PUT for a passphrase, the user POST
or password PUT for an account password; a set-top box's adminPin, in none). Secrets the server holds and no task gives (a stored
passphrase, a stored account's password) are searched for too: Ansible's own no_log masking does not
know them. An HMP answer that echoes a secret is scrubbed by the client: the emulator never echoes
one, so tests/unit/test_client.py covers that with a scripted transport.
"""

import json
import os

import pytest

from harness import ROOT

MODULES = os.path.join(ROOT, "plugins", "modules")

ADMIN_PASSWORD = "Admin-pass-Q7xK2r"
WRONG_PASSWORD = "Wrong-pass-Z9vL4t"
API_KEY = "Api-key-K3yR8mwq"
API_SECRET = "Api-secret-S5tW1nb"
PASSPHRASE = "Srt-passphrase-P4qJ6h"
NEW_PASSPHRASE = "Srt-passphrase-N8cB3d"
STORED_PASSPHRASE = "Stored-passphrase-T2mV9f"
USER_PASSWORD = "User-pass-U6hD1sxa"
NEW_USER_PASSWORD = "User-pass-N3wE7kzc"
STORED_USER_PASSWORD = "Stored-user-pass-J5rP0a"
SHORT_PASSPHRASE = "Short-P4x"  # 9 characters: refused before anything is sent
BOX_PIN = "Box-admin-pin-8R2w"  # a set-top box's adminPin: HMP returns it, no request needs it

LOGIN = {"POST /apis/authentication/login": "password"}
SOURCE_WRITE = {"POST /apis/sources": "passphrase", "PUT /apis/sources/:sourceId": "passphrase"}
USER_WRITE = {"POST /apis/users": "password", "PUT /apis/users/:userId/password": "password"}

# secret -> {"METHOD /route": the body field that carries it}: the only requests it may travel in
WHERE_NEEDED = {
    ADMIN_PASSWORD: LOGIN,
    WRONG_PASSWORD: LOGIN,
    API_KEY: {"POST /apis/authentication/login/key": "apiKey"},
    API_SECRET: {"POST /apis/authentication/login/key": "apiSecret"},
    PASSPHRASE: SOURCE_WRITE,
    NEW_PASSPHRASE: SOURCE_WRITE,
    STORED_PASSPHRASE: SOURCE_WRITE,
    SHORT_PASSPHRASE: SOURCE_WRITE,
    USER_PASSWORD: USER_WRITE,
    NEW_USER_PASSWORD: USER_WRITE,
    STORED_USER_PASSWORD: USER_WRITE,
    BOX_PIN: {},
}

SEED = {
    "users": [
        {"username": "haiadmin", "password": ADMIN_PASSWORD, "roles": ["admin"],
         "apiKey": API_KEY, "apiSecret": API_SECRET},
        {"username": "jdoe", "password": STORED_USER_PASSWORD, "roles": ["viewer"]},
    ],
    "sources": [
        {"name": "Cam 1", "type": "UDP", "host": "239.1.1.1", "port": 4900, "multicast": True},
        {"name": "Stored SRT", "type": "SRT", "mode": "LISTENER", "port": 9000, "passphrase": STORED_PASSPHRASE},
    ],
    "sessions": [
        {"title": "Studio A", "sources": ["Cam 1", "Stored SRT"],
         "events": [{"startTime": 1798812000, "duration": 3600, "type": "one-time", "command": "record",
                     "active": True}]},
        {"title": "Studio B", "sources": ["Stored SRT"]},
    ],
    "categories": [{"label": "Locations", "values": ["Montreal"]}],
    "videos": [{"title": "Keynote", "description": "", "duration": 60.5, "movieTrackCount": 1,
                "session": "Studio A"}],
    "devices": [{"_id": "bvgR95DKAXUTr402cyM8ew", "name": "Lobby TV", "hostname": "37D78D000096",
                 "status": "Online", "standby": False, "muted": False, "volume": 0.5, "adminPin": BOX_PIN}],
    "recordings": [{"session": "Studio B", "state": "RECORDING"}],
    "streams": [{"video": "Keynote", "address": "239.2.2.2", "port": 5000, "state": "playing"}],
}


class Case(object):
    """One module's playbook: ``works`` succeeds; ``with_key`` (default: ``works``) succeeds with the API
    key; ``refused`` runs in check mode (unless the module only reads), then is answered 409 on
    ``refuse`` ("METHOD /route"); ``sends`` are the module secrets the run must have sent (in the
    requests that needed them)."""

    def __init__(self, works, refuse, refused=None, with_key=None, sends=(), reads_only=False, reports=False):
        self.works = works
        self.reports = reports  # a refusal is reported in the result (hmp_qualify), not a failed task
        self.with_key = with_key if with_key is not None else works
        self.refused = refused if refused is not None else works
        self.refuse = refuse
        self.sends = sends
        self.reads_only = reads_only


def info(args, refuse):
    return Case(args, refuse, reads_only=True)


SRT = {"name": "Remote", "type": "srt", "srt_mode": "listener", "port": 9100}
OPERATOR = {"username": "studio-op", "roles": ["Viewer"]}
EVENT = {"session": "Studio A", "start_time": "2026-12-02T14:00:00Z", "action": "record"}
STREAM = {"video": "Keynote", "address": "239.2.2.3", "port": 5002}

CASES = {
    "hmp_source": Case(
        works=dict(SRT, passphrase=PASSPHRASE),
        with_key={"name": "Remote copy", "copy_from": "Stored SRT", "port": 9101},
        refused=dict(SRT, passphrase=NEW_PASSPHRASE), refuse="PUT /apis/sources/:sourceId",
        sends=(PASSPHRASE, STORED_PASSPHRASE, NEW_PASSPHRASE)),
    "hmp_user": Case(
        works=dict(OPERATOR, password=USER_PASSWORD),
        refused=dict(OPERATOR, password=NEW_USER_PASSWORD, update_password="always"),
        refuse="PUT /apis/users/:userId/password", sends=(USER_PASSWORD, NEW_USER_PASSWORD)),
    "hmp_config": Case(
        works={"sources": [dict(SRT, passphrase=PASSPHRASE)], "users": [dict(OPERATOR, password=USER_PASSWORD)]},
        refused={"sources": [dict(SRT, passphrase=NEW_PASSPHRASE)],
                 "users": [dict(OPERATOR, password=NEW_USER_PASSWORD, update_password="always")]},
        refuse="PUT /apis/sources/:sourceId", sends=(PASSPHRASE, USER_PASSWORD, NEW_PASSPHRASE)),
    "hmp_session": Case(
        works={"title": "Show", "sources": ["Stored SRT", "Cam 1"]},
        refused={"title": "Show", "description": "Changed"}, refuse="PUT /apis/sessions/:sessionId"),
    "hmp_event": Case(
        works=dict(EVENT, duration="1h"), refused=dict(EVENT, duration="2h"),
        refuse="PUT /apis/sessions/:sessionId/events/:eventId"),
    "hmp_recording": Case(
        works={"session": "Studio A", "state": "recording"}, refused={"session": "Studio A", "state": "paused"},
        refuse="PUT /apis/recordings/:recordingId"),
    "hmp_stream": Case(
        works=dict(STREAM, state="playing"), refused=dict(STREAM, state="paused"), refuse="PUT /apis/streams/:streamId"),
    "hmp_video": Case(
        works={"title": "Keynote", "description": "Opening talk"},
        refused={"title": "Keynote", "description": "Closing talk"}, refuse="PUT /apis/assets/:assetId"),
    "hmp_device": Case(
        works={"name": "Lobby TV", "muted": True}, refused={"name": "Lobby TV", "muted": False},
        refuse="POST /apis/devices/stbs/:stbId/commands"),
    "hmp_source_info": info({}, refuse="GET /apis/sources"),
    "hmp_session_info": info({"events": True}, refuse="GET /apis/sessions"),
    "hmp_event_info": info({"session": "Studio A"}, refuse="GET /apis/sessions/:sessionId/events"),
    "hmp_user_info": info({}, refuse="GET /apis/users"),
    "hmp_recording_info": info({}, refuse="GET /apis/recordings"),
    "hmp_video_info": info({}, refuse="GET /apis/assets"),
    "hmp_category_info": info({}, refuse="GET /apis/categories"),
    "hmp_stream_info": info({}, refuse="GET /apis/streams"),
    "hmp_device_info": info({}, refuse="GET /apis/devices/stbs"),
    "hmp_system_info": info({}, refuse="GET /apis/system/version"),
    "hmp_config_info": info({}, refuse="GET /apis/sources"),
    "hmp_qualify": Case(works={"scratch": True}, with_key={}, refused={"scratch": True}, refuse="POST /apis/sources",
                        reports=True),
}


def module_task(name, module, args, **extra):
    return dict({"name": name, "haivision.hmp." + module: args}, **extra)


def refuse_from_now_on(emulator, route):
    """A task that makes the emulator answer every ``route`` request with HMP's 409 from then on."""
    return {"name": "HMP starts refusing", "ansible.builtin.uri": {
        "url": emulator.url + "/_emulator/faults", "method": "PUT", "ca_path": emulator.ca_path,
        "body_format": "json", "body": {"error_rate": 1.0, "error_statuses": [409], "routes": [route]}}}


# how each task of a module's playbook ends
OUTCOMES = {"works": "ok", "works with an API key": "ok", "wrong password": "failed", "checked": "ok",
            "refused": "failed"}


def playbook_for(emulator, module, case):
    key_login = {"hmp_username": "", "hmp_password": "", "hmp_api_key": API_KEY, "hmp_api_secret": API_SECRET}
    checked = [] if case.reads_only else [module_task("checked", module, case.refused, check_mode=True)]
    return [
        module_task("works", module, case.works),
        module_task("works with an API key", module, dict(case.with_key, **key_login)),
        module_task("wrong password", module, dict(case.works, hmp_password=WRONG_PASSWORD), ignore_errors=True),
    ] + checked + [
        refuse_from_now_on(emulator, case.refuse),
        module_task("refused", module, case.refused, ignore_errors=True),
    ]


def around(text, secret):
    at = text.index(secret)
    return text[max(0, at - 120):at + len(secret) + 40]


def leaks_in_outputs(outputs):
    """Each (where, secret, context) for a secret that appears in one of ``outputs`` ({where: text})."""
    return [(where, secret, around(text, secret))
            for where, text in outputs.items() for secret in WHERE_NEEDED if secret in text]


def leaks_in_requests(entries):
    """Each request that carries a secret outside the one field of the one kind of request that needs it."""
    found = []
    for entry in entries:
        body, route = entry["body"] or "", "%s %s" % (entry["method"], entry["route"])
        for secret, needed in WHERE_NEEDED.items():
            if secret not in body:
                continue
            field = needed.get(route)
            if field is None or body.count(secret) != 1 or json.loads(body).get(field) != secret:
                found.append((route, secret, body))
    return found


def sent_where_needed(entries, secret):
    return any(secret in (e["body"] or "") and "%s %s" % (e["method"], e["route"]) in WHERE_NEEDED[secret]
               for e in entries)


def run_logged(playbook, tasks, tmp_path):
    """Run ``tasks`` at -vvvv with --diff, logged in with ADMIN_PASSWORD from the environment and with
    ANSIBLE_LOG_PATH set; return the Run and the log's text."""
    log_path = tmp_path / "ansible.log"
    run = playbook(tasks, diff=True, verbosity=4,
                   env={"HMP_PASSWORD": ADMIN_PASSWORD, "ANSIBLE_LOG_PATH": str(log_path)})
    log = log_path.read_text()
    assert "PLAY RECAP" in log  # the log holds the whole run
    return run, log


def outputs(run, log):
    return {"stdout": run.stdout, "stderr": run.stderr, "results": json.dumps(run.results), "ANSIBLE_LOG_PATH": log}


def test_every_module_has_a_case():
    modules = sorted(name[:-3] for name in os.listdir(MODULES) if name.endswith(".py") and not name.startswith("_"))
    assert modules == sorted(CASES)


@pytest.mark.parametrize("module", sorted(CASES))
def test_no_secret_leaves_the_request_that_needs_it(emulator, playbook, tmp_path, module):
    assert_no_secret_leaves(emulator, playbook, tmp_path, module, as_module_process=False)


@pytest.mark.parametrize("module", ["hmp_config", "hmp_source", "hmp_user"])
def test_no_secret_leaves_a_module_process_either(emulator, playbook, tmp_path, module):
    """The other way a task runs (``async``, or another host): the module process, its arguments and its result
    travelling as JSON (engine/_module.py's ``Module.main``), for the modules that take secrets as options."""
    assert_no_secret_leaves(emulator, playbook, tmp_path, module, as_module_process=True)


def assert_no_secret_leaves(emulator, playbook, tmp_path, module, as_module_process):
    case = CASES[module]
    emulator.reset(SEED)
    tasks = playbook_for(emulator, module, case)
    if as_module_process:
        for task in tasks:
            if "haivision.hmp." + module in task:
                task.update({"async": 60, "poll": 1})
    run, log = run_logged(playbook, tasks, tmp_path)
    sent = [line for line in run.stdout.splitlines() if line.startswith("Using module file")]  # Ansible's, at -vvv
    assert any(line.endswith("/plugins/modules/%s.py" % module) for line in sent) is as_module_process, sent
    entries = emulator.requests_log()

    # every path ran as intended
    names = [t["name"] for t in tasks if t["name"] in OUTCOMES]
    expected = dict(OUTCOMES, refused="ok") if case.reports else OUTCOMES
    assert dict((n, run.status(n)) for n in names) == dict((n, expected[n]) for n in names), run.stdout
    assert "HTTP 401" in run.result("wrong password")["msg"]
    refused = run.result("refused")
    assert "HTTP 409" in (json.dumps(refused["checks"]) if case.reports else refused["msg"])

    # the secrets reached the requests that need them, and nothing else
    for secret in (ADMIN_PASSWORD, WRONG_PASSWORD, API_KEY, API_SECRET) + case.sends:
        assert sent_where_needed(entries, secret), secret
    assert leaks_in_requests(entries) == []
    assert leaks_in_outputs(outputs(run, log)) == []


# (task name, module, arguments, the option the message names): refused before any write
BAD_VALUES = [
    ("passphrase too short", "hmp_source", dict(SRT, passphrase=SHORT_PASSPHRASE), "passphrase"),
    ("passphrase on a UDP source", "hmp_source",
     {"name": "Cam 2", "type": "udp", "port": 5000, "multicast": False, "passphrase": PASSPHRASE}, "passphrase"),
    ("passphrase too short in a config", "hmp_config", {"sources": [dict(SRT, passphrase=SHORT_PASSPHRASE)]},
     "passphrase"),
    ("sources not a list", "hmp_config", {"sources": dict(SRT, passphrase=PASSPHRASE)}, "sources"),
    ("users not a list", "hmp_config", {"users": dict(OPERATOR, password=USER_PASSWORD)}, "users"),
    ("update_password not a choice", "hmp_config",
     {"users": [dict(OPERATOR, password=USER_PASSWORD, update_password="sometimes")]}, "update_password"),
    ("unknown role", "hmp_user", dict(OPERATOR, password=USER_PASSWORD, roles=["Nobody"]), "roles"),
    ("port out of range", "hmp_system_info", {"hmp_port": 70000, "hmp_password": ADMIN_PASSWORD}, "hmp_port"),
    ("API secret without its key", "hmp_system_info",
     {"hmp_username": "", "hmp_password": "", "hmp_api_secret": API_SECRET}, "hmp_api_key"),
]


def test_refused_values_never_show_the_secrets_beside_them(emulator, playbook, tmp_path):
    emulator.reset(SEED)
    emulator.reset_counters()
    tasks = [module_task(name, module, args, ignore_errors=True) for name, module, args, _option in BAD_VALUES]
    run, log = run_logged(playbook, tasks, tmp_path)
    for name, _module, _args, option in BAD_VALUES:
        assert run.status(name) == "failed", name
        assert option in run.result(name)["msg"], (name, run.result(name)["msg"])
    assert emulator.writes() == 0
    assert leaks_in_requests(emulator.requests_log()) == []
    assert leaks_in_outputs(outputs(run, log)) == []
