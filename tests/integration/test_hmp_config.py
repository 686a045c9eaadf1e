"""hmp_config: a whole server in one task — plan, apply, repeat, purge, bad input, check mode."""

import copy
import json

from harness import built_in_users, page_reads, tasks_of, variant

CONFIG = "haivision.hmp.hmp_config"
PASSPHRASE = "Config-passphrase-0042"
PASSWORD = "Config-operator-pass-1"

DECLARED = {
    "sources": [
        {"name": "Cam 1", "type": "udp", "multicast": True, "host": "239.1.1.1", "port": 4900},
        {"name": "Remote", "type": "srt", "srt_mode": "listener", "host": "0.0.0.0", "port": 9000,
         "passphrase": PASSPHRASE},
    ],
    "sessions": [
        {"title": "Studio A", "live": True, "sources": ["Cam 1", "Remote"],
         "events": [{"start_time": "2026-12-07T14:00:00Z", "duration": "1h30m", "recurrence": "weekly",
                     "days": "MON;WED", "action": "live_and_record"}]},
    ],
    "users": [{"username": "studio-op", "password": PASSWORD, "roles": ["Content Creator"]}],
}


task = tasks_of(CONFIG, "config")


def test_a_server_is_built_then_left_alone(emulator, playbook):
    emulator.reset_counters()
    first = playbook([task(DECLARED)], diff=True)
    assert first.returncode == 0, first.stdout
    summary = first.result("config")["summary"]
    assert summary["sources"]["created"] == ["Cam 1", "Remote"]
    assert summary["sessions"]["created"] == ["Studio A"]
    assert summary["events"]["created"] == ["Studio A @ 2026-12-07T14:00:00Z"]
    assert summary["users"]["created"] == ["studio-op"]
    # 2 sources, 1 session, 2 memberships, 1 event, 1 user
    assert emulator.writes() == 7
    state = emulator.state()
    [session] = state["sessions"]
    assert len(session["sources"]) == 2 and session["active"] is True

    emulator.reset_counters()
    second = playbook([task(DECLARED)])
    assert second.result("config")["changed"] is False
    assert second.result("config")["summary"]["sources"]["unchanged"] == 2
    assert emulator.writes() == 0
    assert PASSPHRASE not in first.stdout + repr(first.results) and PASSWORD not in repr(first.results)


def test_a_no_op_sends_one_login_the_reads_and_one_logout(emulator, playbook):
    playbook([task(DECLARED)])
    emulator.reset_counters()
    playbook([task(DECLARED)])
    routes = emulator.counters()["by_route"]
    state = emulator.state()
    expected = {  # each list once, page after page
        "POST /apis/authentication/login": 1,
        "GET /apis/sources": page_reads(emulator, len(state["sources"])),
        "GET /apis/sessions": page_reads(emulator, len(state["sessions"])),
        "GET /apis/sessions/:sessionId/events": page_reads(emulator, len(state["sessions"][0]["events"])),
        "GET /apis/users": page_reads(emulator, len(state["users"])),
        "GET /apis/roles": page_reads(emulator, len(state["roles"])),
        "DELETE /apis/authentication/login": 1,
    }
    if variant(emulator, "V4") == "b":  # the list leaves out active and syncrecord: the session is read alone
        expected["GET /apis/sessions/:sessionId"] = 1
    assert routes == expected


def test_a_no_op_reads_every_page_once_and_only_the_declared_sessions_events(emulator, playbook):
    declared = {
        "sources": [{"name": "Cam %03d" % n, "type": "udp", "multicast": True, "host": "239.1.1.1",
                     "port": 5000 + n} for n in range(150)],
        "sessions": [{"title": "Show %d" % n, "sources": ["Cam %03d" % n],
                      "events": [{"start_time": "2027-01-0%dT10:00:00Z" % (n + 1), "duration": "1h",
                                  "action": "record"}]}
                     for n in range(3)],
    }
    first = playbook([task(declared), {"name": "other", "haivision.hmp.hmp_session": {"title": "Not declared"}}])
    assert first.returncode == 0, first.stdout
    emulator.reset_counters()
    again = playbook([task(declared)])
    assert again.result("config")["changed"] is False
    expected = {
        "POST /apis/authentication/login": 1,
        "GET /apis/sources": page_reads(emulator, 150),  # 150 sources: a full page of 100, then a short one
        "GET /apis/sessions": page_reads(emulator, 4),
        "GET /apis/sessions/:sessionId/events": 3,  # not the undeclared session's
        "DELETE /apis/authentication/login": 1,
    }
    if variant(emulator, "V4") == "b":  # the declared sessions read alone, where the list leaves fields out
        expected["GET /apis/sessions/:sessionId"] = 3
    assert emulator.counters()["by_route"] == expected


def test_check_mode_with_diff_shows_every_drift_and_writes_nothing(emulator, playbook):
    playbook([task(DECLARED)])
    drifted = copy.deepcopy(DECLARED)
    drifted["sources"][0]["port"] = 4902
    drifted["sessions"][0]["sources"] = ["Cam 1"]
    drifted["sessions"][0]["events"][0]["days"] = ["MON", "WED", "FRI"]
    drifted["users"][0]["roles"] = ["Viewer"]
    before = emulator.state()
    emulator.reset_counters()
    run = playbook([task(drifted)], check=True, diff=True)
    result = run.result("config")
    assert result["changed"] is True
    assert result["summary"]["sources"]["updated"] == ["Cam 1"]
    assert result["summary"]["sessions"]["updated"] == ["Studio A"]
    assert result["summary"]["events"]["updated"] == ["Studio A @ 2026-12-07T14:00:00Z"]
    assert result["summary"]["users"]["updated"] == ["studio-op"]
    diff = result["diff"]
    assert diff["before"]["sources"]["Cam 1"]["port"] == 4900 and diff["after"]["sources"]["Cam 1"]["port"] == 4902
    assert diff["after"]["sessions"]["Studio A"]["sources"] == ["Cam 1"]
    assert diff["after"]["events"]["Studio A @ 2026-12-07T14:00:00Z"]["days"] == ["MON", "WED", "FRI"]
    assert diff["after"]["users"]["studio-op"]["roles"] == ["Viewer"]
    assert emulator.writes() == 0
    assert emulator.state() == before


def test_check_mode_on_an_empty_server_plans_everything_and_writes_nothing(emulator, playbook):
    emulator.reset_counters()
    run = playbook([task(DECLARED)], check=True, diff=True)
    summary = run.result("config")["summary"]
    assert summary["sessions"]["created"] == ["Studio A"]
    assert summary["events"]["created"] == ["Studio A @ 2026-12-07T14:00:00Z"]
    assert run.result("config")["diff"]["after"]["sessions"]["Studio A"]["sources"] == ["Cam 1", "Remote"]
    assert emulator.writes() == 0
    assert emulator.state()["sources"] == []


def test_purge_deletes_what_was_added_behind_ansibles_back(emulator, playbook):
    playbook([task(DECLARED)])
    seeded = emulator.state()
    seeded["sources"].append({"name": "Rogue", "type": "UDP", "port": 5555, "multicast": False})
    seeded["users"].append({"username": "intruder", "password": "Intruder-pass-1", "roles": ["viewer"]})
    emulator.reset(seeded)
    checked = playbook([task(dict(DECLARED, purge=True))], check=True)
    assert checked.result("config")["summary"]["sources"]["deleted"] == ["Rogue"]
    assert {s["name"] for s in emulator.state()["sources"]} == {"Cam 1", "Remote", "Rogue"}
    emulator.reset_counters()
    run = playbook([task(dict(DECLARED, purge=["sources", "users"]))])
    summary = run.result("config")["summary"]
    assert summary["sources"]["deleted"] == ["Rogue"]
    assert summary["users"]["deleted"] == ["intruder"]  # never haiadmin, the login account
    state = emulator.state()
    assert {s["name"] for s in state["sources"]} == {"Cam 1", "Remote"}
    assert "haiadmin" in {u["username"] for u in state["users"]}
    assert emulator.writes() == 2


ANSIBLE_PASSWORD = "Ansible-account-pass-77"
CONNECTION_ENV = ("HMP_HOST", "HMP_PORT", "HMP_PROTOCOL", "HMP_USERNAME", "HMP_PASSWORD", "HMP_CA_PATH")


def test_purge_everything_logged_in_as_an_undeclared_account_keeps_it_reports_it_and_purges_the_rest(
        emulator, playbook_file, tmp_path):
    """The fleet guide's inventory: the play logs in as `ansible`, an administrator that no hmp_users declares, and
    purges everything: the task succeeds, keeps that account (and the built-in ones), says so, deletes the rest."""
    emulator.reset({
        "users": [{"username": "ansible", "password": ANSIBLE_PASSWORD, "roles": ["Administrator"]},
                  {"username": "intruder", "password": "Intruder-pass-1", "roles": ["Viewer"]}],
        "sources": [{"name": "Rogue", "type": "UDP", "port": 5555, "multicast": False}],
        "sessions": [{"title": "Old show", "active": False, "syncrecord": False}],
    })
    env = emulator.connection_env()
    host = {"hmp_host": env["HMP_HOST"], "hmp_port": int(env["HMP_PORT"]), "hmp_protocol": env["HMP_PROTOCOL"],
            "hmp_ca_path": env["HMP_CA_PATH"], "hmp_username": "ansible", "hmp_password": ANSIBLE_PASSWORD,
            "hmp_purge": True}
    inventory = tmp_path / "inventory.yml"
    inventory.write_text(json.dumps({"hmp": {"hosts": {"site1": host}}}))
    emulator.reset_counters()
    run = playbook_file("playbooks/site.yml", unset=CONNECTION_ENV, args=("-i", str(inventory)))
    assert run.returncode == 0, run.stdout + run.stderr
    [result] = [r["result"] for r in run.results if r["task"].endswith("Bring the HMP server to the declared state")]
    assert result["changed"] is True
    assert result["summary"]["users"]["deleted"] == ["intruder"]
    assert result["summary"]["sources"]["deleted"] == ["Rogue"]
    assert result["summary"]["sessions"]["deleted"] == ["Old show"]
    kept = dict((k["name"], k["why"]) for k in result["kept"])
    assert kept.pop("ansible") == "the account this task is logged in with, which HMP refuses to delete"
    assert kept == dict((name, "a built-in account of HMP") for name in built_in_users(emulator))
    assert emulator.writes() == 3
    state = emulator.state()
    assert sorted(u["username"] for u in state["users"]) == sorted(["ansible"] + built_in_users(emulator))
    assert state["sources"] == [] and state["sessions"] == []

    emulator.reset_counters()
    again = playbook_file("playbooks/site.yml", unset=CONNECTION_ENV, args=("-i", str(inventory)))
    assert again.returncode == 0 and emulator.writes() == 0


def test_users_and_events_are_found_by_id_as_their_modules_find_them(emulator, playbook):
    emulator.reset({
        "users": [{"username": "jdoe", "password": "Jdoe-pass-12345", "displayName": "Jane", "roles": ["Viewer"]}],
        "sessions": [{"title": "Studio A", "active": False, "syncrecord": False,
                      "events": [{"startTime": 1798812000, "duration": 3600, "type": "one-time", "command": "record",
                                  "active": True}]}],
    })
    state = emulator.state()
    user_id = next(u["id"] for u in state["users"] if u["username"] == "jdoe")
    event_id = state["sessions"][0]["events"][0]["id"]
    declared = {"users": [{"id": user_id, "username": "jdoe", "display_name": "Jane Doe"}],
                "sessions": [{"title": "Studio A",
                              "events": [{"id": event_id, "start_time": "2027-01-01T15:00:00Z"}]}]}
    emulator.reset_counters()
    run = playbook([task(declared, name="by id"), task(declared, name="again"),
                    task({"users": [{"id": user_id, "username": "jane"}]}, name="rename", ignore_errors=True),
                    task({"sessions": [{"title": "Studio A", "events": [{"id": "no-such-event",
                                                                         "start_time": "2027-01-01T15:00:00Z"}]}]},
                         name="unknown event", ignore_errors=True)])
    summary = run.result("by id")["summary"]
    assert summary["users"]["updated"] == ["jdoe"]
    assert summary["events"]["updated"] == ["Studio A @ 2027-01-01T15:00:00Z"]
    assert sorted(run.writes("by id")) == ["PUT /apis/sessions/:sessionId/events/:eventId", "PUT /apis/users/:userId"]
    assert run.result("again")["changed"] is False and run.writes("again") == []
    assert run.result("rename")["msg"].startswith("users[0].username: HMP cannot rename a user account")
    assert run.result("unknown event")["msg"].startswith("sessions[0].events[0].id: no event has the id")
    assert run.writes("rename") == [] and run.writes("unknown event") == []
    [event] = emulator.state()["sessions"][0]["events"]
    assert (event["id"], event["startTime"], event["duration"]) == (event_id, 1798815600, 3600)


def test_purge_deletes_nothing_when_a_read_fails(emulator, playbook):
    playbook([task(DECLARED)])
    seeded = emulator.state()
    seeded["sources"].append({"name": "Rogue", "type": "UDP", "port": 5555, "multicast": False})
    emulator.reset(seeded)
    before = emulator.state()
    # the sources read succeeds and names "Rogue"; the users read, the last, fails
    emulator.set_faults(error_rate=1.0, error_statuses=[503], routes=["GET /apis/users"])
    emulator.reset_counters()
    run = playbook([task(dict(DECLARED, purge=True))], env={"HMP_RETRIES": "1", "HMP_RETRY_DELAY": "0.01"})
    emulator.clear_faults()
    assert run.returncode != 0
    assert run.result("config")["msg"].startswith("GET /apis/users failed: HTTP 503")
    assert emulator.counters()["by_route"]["GET /apis/sources"] == 1
    assert emulator.writes() == 0
    assert emulator.state() == before


def test_invalid_input_fails_before_any_write_naming_the_path(emulator, playbook):
    cases = [
        ({"sessions": [{"title": "S", "sources": ["Nowhere"]}]}, "sessions[0].sources: no source has the name or id 'Nowhere'"),
        ({"sources": [DECLARED["sources"][0], DECLARED["sources"][0]]}, "sources[1].name: 'Cam 1' is declared twice (also at sources[0])"),
        ({"sessions": [{"title": "S", "events": [{"start_time": "2026-12-07T14:00:00Z", "recurrence": "weekly",
                                                   "days": "MON;FUN", "action": "live"}]}]},
         "sessions[0].events[0].days: 'FUN' is not a day"),
        ({"sources": [{"name": "P", "type": "udp", "multicast": False, "port": 70000}]}, "sources[0].port: 70000 is out of range"),
        ({"users": [{"username": "u", "password": "Some-pass-123", "roles": ["Nobody"]}]}, "users[0].roles: no role has the name or id 'Nobody'"),
        ({"purge": "everything"}, "purge: 'everything' is not true, false or a list"),
    ]
    before = emulator.state()
    emulator.reset_counters()
    run = playbook([task(dict(DECLARED, **args), name="bad %d" % i, ignore_errors=True)
                    for i, (args, _) in enumerate(cases)])
    for i, (_args, expected) in enumerate(cases):
        assert run.status("bad %d" % i) == "failed"
        assert run.result("bad %d" % i)["msg"].startswith(expected), run.result("bad %d" % i)["msg"]
    assert emulator.writes() == 0
    assert emulator.state() == before
