"""playbooks/site.yml and the config role, run as a user runs them: an inventory whose host in the group
`hmp` carries the connection and the declared state as variables (no HMP_* environment)."""

import json

SITE = "playbooks/site.yml"
TASK = "Bring the HMP server to the declared state"
CONNECTION_ENV = ("HMP_HOST", "HMP_PORT", "HMP_PROTOCOL", "HMP_USERNAME", "HMP_PASSWORD", "HMP_CA_PATH")
OPERATOR_PASSWORD = "Role-operator-pass-7"
PASSPHRASE = "Role-passphrase-0042"

DECLARED = {
    "hmp_sources": [
        {"name": "Program feed", "type": "udp", "multicast": True, "host": "239.10.0.1", "port": 4900},
        {"name": "Remote contributor", "type": "srt", "srt_mode": "listener", "host": "0.0.0.0", "port": 9000,
         "latency": 250, "passphrase": PASSPHRASE},
    ],
    "hmp_sessions": [
        {"title": "Morning show", "live": True, "sync_record": True,
         "sources": ["Program feed", "Remote contributor"],
         "events": [
             {"start_time": "2026-12-07T12:00:00Z", "duration": "2h", "recurrence": "weekly",
              "days": ["MON", "TUE", "WED", "THU", "FRI"], "action": "live_and_record"},
             {"start_time": "2026-12-12T14:00:00Z", "duration": 3600, "recurrence": "weekly",
              "days": "SAT", "action": "record"},
         ]},
    ],
    "hmp_users": [{"username": "studio-op", "display_name": "Operator", "password": "{{ operator_password }}",
                   "roles": ["Content Creator"]}],
}


def inventory(emulator, tmp_path, **host_vars):
    """An inventory file with one host, `site1`, in the group `hmp`: the emulator's connection as host
    variables, plus ``host_vars``. JSON is YAML."""
    env = emulator.connection_env()
    variables = {"hmp_host": env["HMP_HOST"], "hmp_port": int(env["HMP_PORT"]), "hmp_protocol": env["HMP_PROTOCOL"],
                 "hmp_username": env["HMP_USERNAME"], "hmp_password": env["HMP_PASSWORD"],
                 "hmp_ca_path": env["HMP_CA_PATH"], "operator_password": OPERATOR_PASSWORD}
    variables.update(host_vars)
    path = tmp_path / "inventory.yml"
    path.write_text(json.dumps({"hmp": {"hosts": {"site1": variables}}}, indent=1))
    return str(path)


def site(playbook_file, inventory_path, *args, **kwargs):
    """Run playbooks/site.yml on the inventory, without the HMP_* environment."""
    return playbook_file(SITE, unset=CONNECTION_ENV, args=("-i", inventory_path) + args, **kwargs)


def config_result(run):
    """The result of the role's hmp_config task."""
    matches = [r for r in run.results if r["task"].endswith(TASK)]
    assert matches, "the role's task did not run; output:\n%s\n%s" % (run.stdout, run.stderr)
    return matches[-1]


def test_the_site_playbook_applies_the_inventory_then_a_second_run_changes_nothing_and_writes_nothing(
        emulator, playbook_file, tmp_path):
    path = inventory(emulator, tmp_path, **DECLARED)
    emulator.reset_counters()
    first = site(playbook_file, path, diff=True)
    assert first.returncode == 0, first.stdout + first.stderr
    result = config_result(first)
    assert result["status"] == "ok" and result["result"]["changed"] is True
    summary = result["result"]["summary"]
    assert summary["sources"]["created"] == ["Program feed", "Remote contributor"]
    assert summary["sessions"]["created"] == ["Morning show"]
    assert sorted(summary["events"]["created"]) == ["Morning show @ 2026-12-07T12:00:00Z",
                                                    "Morning show @ 2026-12-12T14:00:00Z"]
    assert summary["users"]["created"] == ["studio-op"]
    assert "diff" in result["result"]  # --diff reaches the module
    assert emulator.counters()["writes"] > 0
    state = emulator.state()
    [session] = state["sessions"]
    assert session["title"] == "Morning show" and len(session["sources"]) == 2 and len(session["events"]) == 2
    assert "studio-op" in [u["username"] for u in state["users"]]
    assert "site1 " in first.stdout and "changed=1" in first.stdout

    emulator.reset_counters()
    second = site(playbook_file, path, diff=True)
    assert second.returncode == 0, second.stdout + second.stderr
    result = config_result(second)
    assert result["status"] == "ok" and result["result"]["changed"] is False
    assert result["result"]["summary"]["sources"]["unchanged"] == 2
    assert "changed=0" in second.stdout and "changed=1" not in second.stdout
    assert emulator.counters()["writes"] == 0


def test_no_password_or_passphrase_is_printed_even_at_vvv(emulator, playbook_file, tmp_path):
    path = inventory(emulator, tmp_path, **DECLARED)
    run = site(playbook_file, path, "-vvv", diff=True)
    assert run.returncode == 0, run.stdout + run.stderr
    printed = run.stdout + run.stderr
    # the result was shown whole: its invocation (the declaration counted, not repeated) and what was created
    assert '"sources": "2 declared"' in printed and "Program feed" in printed
    for secret in (OPERATOR_PASSWORD, PASSPHRASE, emulator.connection_env()["HMP_PASSWORD"]):
        assert secret not in printed, secret


def test_purge_deletes_what_was_added_behind_ansibles_back_and_reports_it(emulator, playbook_file, tmp_path):
    path = inventory(emulator, tmp_path, **dict(DECLARED, hmp_purge=["sources", "users"]))
    assert site(playbook_file, path).returncode == 0
    state = emulator.state()
    state["sources"].append({"name": "Rogue feed", "type": "UDP", "port": 5100, "multicast": False})
    state["users"].append({"username": "intruder", "password": "Intruder-pass-1", "roles": ["viewer"]})
    emulator.reset(state)

    # check mode first: the deletions are shown, nothing is written
    emulator.reset_counters()
    check = site(playbook_file, path, check=True, diff=True)
    assert check.returncode == 0, check.stdout + check.stderr
    summary = config_result(check)["result"]["summary"]
    assert summary["sources"]["deleted"] == ["Rogue feed"] and summary["users"]["deleted"] == ["intruder"]
    assert emulator.counters()["writes"] == 0
    assert "Rogue feed" in [s["name"] for s in emulator.state()["sources"]]

    emulator.reset_counters()
    run = site(playbook_file, path)
    assert run.returncode == 0, run.stdout + run.stderr
    result = config_result(run)["result"]
    assert result["changed"] is True
    assert result["summary"]["sources"]["deleted"] == ["Rogue feed"]
    assert result["summary"]["users"]["deleted"] == ["intruder"]
    assert result["summary"]["sources"]["unchanged"] == 2
    state = emulator.state()
    assert sorted(s["name"] for s in state["sources"]) == ["Program feed", "Remote contributor"]
    users = [u["username"] for u in state["users"]]
    assert "intruder" not in users and "studio-op" in users
    assert emulator.connection_env()["HMP_USERNAME"] in users  # never the account the role logs in with
    assert emulator.counters()["writes"] == 2


def test_invalid_input_fails_naming_the_path_of_the_bad_value_and_writes_nothing(emulator, playbook_file, tmp_path):
    declared = json.loads(json.dumps(DECLARED))
    declared["hmp_sessions"][0]["events"][1]["days"] = ["SAT", "FUNDAY"]
    path = inventory(emulator, tmp_path, **declared)
    before = emulator.state()
    emulator.reset_counters()
    run = site(playbook_file, path)
    assert run.returncode != 0
    result = config_result(run)
    assert result["status"] == "failed"
    assert "sessions[0].events[1].days" in result["result"]["msg"], result["result"]["msg"]
    assert emulator.counters()["writes"] == 0
    assert emulator.state() == before


ROLE_ALONE = """- name: The config role on its own
  hosts: hmp
  gather_facts: false
  roles:
    - role: haivision.hmp.config
"""


def test_a_variable_of_the_wrong_type_is_refused_before_any_request_by_the_site_playbook_and_the_role_alone(
        emulator, playbook_file, tmp_path):
    path = inventory(emulator, tmp_path, hmp_sources="Program feed")
    emulator.reset_counters()
    run = site(playbook_file, path)  # the site playbook leaves the checks to hmp_config (rolespec_validate: false)
    assert run.returncode != 0
    result = config_result(run)
    assert result["status"] == "failed"
    assert result["result"]["msg"].startswith("sources[0]: 'Program feed' is not a dictionary"), result["result"]["msg"]
    assert emulator.counters()["total"] == 0

    role_alone = tmp_path / "role_alone.yml"
    role_alone.write_text(ROLE_ALONE)
    run = playbook_file(str(role_alone), unset=CONNECTION_ENV, args=("-i", path))
    assert run.returncode != 0
    assert "hmp_sources" in run.stdout + run.stderr  # the role's own argument spec
    assert [r["task"] for r in run.results if r["task"].endswith(TASK)] == []
    assert emulator.counters()["total"] == 0
