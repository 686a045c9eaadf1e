"""One engine: the same declarations, once through the per-object modules and once through hmp_config, send
the same writes (by route), end in the same state, and fail with the same messages; and the account a task
is logged in with, also through an API key, is never deleted: the task fails before any write."""

import json

import pytest

ADMIN_KEY, ADMIN_SECRET = "ops-admin-key", "ops-admin-secret-0042"
OPS_PASSWORD = "Ops-new-password-77"
SEED = {
    "sources": [{"id": "old-cam", "name": "Old cam", "type": "UDP", "host": "239.9.9.9", "port": 4900,
                 "multicast": True}],
    "sessions": [{"title": "Old show", "sources": ["Old cam"]}],
    "users": [{"username": "ops", "password": "Ops-old-password-1", "roles": ["viewer"]},
              {"username": "ops-admin", "password": "Ops-admin-pass-1", "roles": ["admin"],
               "apiKey": ADMIN_KEY, "apiSecret": ADMIN_SECRET}],
}
WITH_KEY = {"HMP_USERNAME": "", "HMP_PASSWORD": "", "HMP_API_KEY": ADMIN_KEY, "HMP_API_SECRET": ADMIN_SECRET}

# (module, its options); hmp_config takes the same options under sources, sessions and users
DECLARATIONS = [
    ("hmp_source", {"name": "Cam A", "type": "udp", "multicast": True, "host": "239.1.1.1", "port": 4900}),
    ("hmp_source", {"name": "Cam B", "copy_from": "Cam A", "host": "239.1.1.2"}),
    ("hmp_source", {"id": "old-cam", "name": "Renamed cam", "description": "was Old cam"}),
    ("hmp_session", {"title": "Show", "live": True, "sources": ["Cam A", "Renamed cam", "Cam B"]}),
    ("hmp_session", {"title": "Old show", "state": "absent"}),
    ("hmp_user", {"username": "ops", "password": OPS_PASSWORD, "update_password": "always",
                  "roles": ["Content Creator"]}),
]
KINDS = {"hmp_source": "sources", "hmp_session": "sessions", "hmp_user": "users"}
REFUSED = [  # (module, options, what the message says): each refused before any write
    ("hmp_user", {"username": "ops-admin", "state": "absent"},
     "username: 'ops-admin' is the account this task is logged in with (through hmp_api_key)"),
    ("hmp_source", {"name": "Cam C", "copy_from": "Nowhere"}, "copy_from: no source has the name or id 'Nowhere'"),
    ("hmp_session", {"title": "Show", "sources": ["Old cam", "Cam A2"]}, "sources: no source has the name or id 'Cam A2'"),
]


def as_config(declarations):
    config = {}
    for module, options in declarations:
        config.setdefault(KINDS[module], []).append(options)
    return config


def by_name(state):
    """The dump with names for ids, and nothing the server makes up (ids, times, the order of a session's sources,
    which follows their ids: the collection adds them as a set)."""
    names = dict((s["id"], s["name"]) for s in state["sources"])
    volatile = ("id", "ctime", "mtime")
    return {
        "sources": sorted([dict((k, v) for k, v in s.items() if k not in volatile) for s in state["sources"]],
                          key=lambda s: s["name"]),
        "sessions": sorted([dict([(k, v) for k, v in s.items() if k not in volatile + ("sources", "metadata")],
                                 sources=sorted(names[m["sourceId"]] for m in s["sources"])) for s in state["sessions"]],
                           key=lambda s: s["title"]),
        "users": sorted([dict((k, v) for k, v in u.items() if k != "id") for u in state["users"]],
                        key=lambda u: u["username"]),
    }


def test_modules_and_hmp_config_send_the_same_writes_end_alike_and_refuse_alike(emulator, playbook):
    emulator.reset(SEED)
    modules = playbook([{"name": "%d" % n, "haivision.hmp." + module: options}
                        for n, (module, options) in enumerate(DECLARATIONS)], env=WITH_KEY)
    assert all(modules.result("%d" % n)["changed"] for n in range(len(DECLARATIONS))), modules.stdout
    writes_by_modules, state_by_modules = emulator.write_routes(), by_name(emulator.state())

    emulator.reset(SEED)
    config = playbook([{"name": "config", "haivision.hmp.hmp_config": as_config(DECLARATIONS)}], env=WITH_KEY)
    assert config.result("config")["changed"], config.stdout
    assert emulator.write_routes() == writes_by_modules
    assert by_name(emulator.state()) == state_by_modules
    assert state_by_modules["sources"][1]["host"] == "239.1.1.2" and state_by_modules["sources"][1]["port"] == 4900
    assert [u["password"] for u in state_by_modules["users"] if u["username"] == "ops"] == [OPS_PASSWORD]

    emulator.reset(SEED)
    emulator.reset_counters()
    refused = playbook([{"name": "module %d" % n, "haivision.hmp." + module: options, "ignore_errors": True}
                        for n, (module, options, _says) in enumerate(REFUSED)]
                       + [{"name": "config %d" % n, "haivision.hmp.hmp_config": {KINDS[module]: [options]},
                           "ignore_errors": True} for n, (module, options, _says) in enumerate(REFUSED)],
                       env=WITH_KEY)
    for n, (module, _options, says) in enumerate(REFUSED):
        from_module, from_config = refused.result("module %d" % n)["msg"], refused.result("config %d" % n)["msg"]
        assert from_module.startswith(says), from_module
        assert from_config == "%s[0].%s" % (KINDS[module], from_module)
    assert emulator.writes() == 0


def test_hmp_config_logged_in_with_an_api_key_never_deletes_that_account(emulator, playbook):
    """Declared absent, the account the task logs in with is refused before any write; purged, it is kept and the
    result says why (contract: built_in_accounts)."""
    emulator.reset(SEED)
    before = emulator.state()
    absent = {"users": [{"username": "ops-admin", "state": "absent"}]}
    run = playbook([{"name": "config", "haivision.hmp.hmp_config": absent}], env=WITH_KEY)
    assert run.status("config") == "failed"
    message = run.result("config")["msg"]
    assert "'ops-admin' is the account this task is logged in with (through hmp_api_key)" in message, message
    assert "log in as another administrator" in message or "as another administrator" in message
    assert emulator.writes() == 0 and emulator.state() == before

    purged = {"users": [{"username": "ops"}], "purge": ["users"]}
    run = playbook([{"name": "config", "haivision.hmp.hmp_config": purged}], env=WITH_KEY)
    assert run.status("config") == "ok", run.stdout
    kept = [k for k in run.result("config")["kept"] if k["name"] == "ops-admin"]
    assert kept and "logged in with (through hmp_api_key)" in kept[0]["why"], run.result("config")["kept"]
    assert "ops-admin" in [u["username"] for u in emulator.state()["users"]]
    assert json.dumps(run.results).count(ADMIN_SECRET) == 0
