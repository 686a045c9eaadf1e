"""The export role and playbook: a seeded server written as the config role's variables, and back."""

import yaml

from harness import built_in_users

PASSPHRASE = "Export-passphrase-0042"
PASSWORD = "Export-operator-pass-1"

SEED = {
    "users": [{"username": "studio-op", "password": PASSWORD, "displayName": "Studio operator",
               "email": "operator@example.com", "roles": ["creator", "viewer"]}],
    "sources": [
        {"name": "Cam 1", "type": "UDP", "host": "239.1.1.1", "port": 4900, "multicast": True},
        {"name": "Lobby", "type": "UDP", "port": 5004, "multicast": False, "description": "Unicast feed"},
        {"name": "Remote", "type": "SRT", "host": "0.0.0.0", "port": 9000, "mode": "LISTENER", "latency": 250,
         "passphrase": PASSPHRASE},
    ],
    "sessions": [
        {"title": "Studio A", "active": True, "syncrecord": True, "description": "Morning show",
         "sources": ["Cam 1", "Remote"],
         "events": [
             {"startTime": 1796220000, "duration": 5400, "type": "weekly-recurring",
              "typeData": {"days": ["WED", "FRI"]}, "command": "set-live", "parameters": {"record": True},
              "active": True},
             {"startTime": 1796133600, "duration": 600, "type": "one-time", "command": "record",
              "active": False},
         ]},
        {"title": "Spare", "active": False, "syncrecord": False, "sources": []},
    ],
}

EXPECTED = {
    "hmp_sources": [
        {"name": "Cam 1", "type": "udp", "host": "239.1.1.1", "port": 4900, "multicast": True,
         "description": "", "continuous": False},
        {"name": "Lobby", "type": "udp", "host": "0.0.0.0", "port": 5004, "multicast": False, "description": "Unicast feed",
         "continuous": False},
        {"name": "Remote", "type": "srt", "host": "0.0.0.0", "port": 9000, "description": "", "continuous": True,
         "srt_mode": "listener", "latency": 250},
    ],
    "hmp_sessions": [
        {"title": "Spare", "description": "", "sync_record": False, "live": False, "sources": [], "events": []},
        {"title": "Studio A", "description": "Morning show", "sync_record": True, "live": True,
         "sources": ["Cam 1", "Remote"],
         "events": [
             {"start_time": "2026-12-01T14:00:00Z", "duration": 600, "recurrence": "one_time", "action": "record",
              "enabled": False},
             {"start_time": "2026-12-02T14:00:00Z", "duration": 5400, "recurrence": "weekly",
              "days": ["WED", "FRI"], "action": "live_and_record", "enabled": True},
         ]},
    ],
    "hmp_users": [
        {"username": "studio-op", "display_name": "Studio operator", "email": "operator@example.com",
         "roles": ["Content Creator", "Viewer"]},
    ],
}


def built_in_exported(emulator):
    """The built-in accounts of the emulator (haiadmin, and operator: V5 b) as the export writes them."""
    state = emulator.state()
    role_names = dict((r["id"], r["name"]) for r in state["roles"])
    exported = [{"username": u["username"], "display_name": u["displayName"], "email": u["email"],
                 "roles": sorted(role_names[r] for r in u["roles"])} for u in state["users"]
                if u["username"] in built_in_users(emulator)]
    assert [u["username"] for u in exported] == built_in_users(emulator)
    return exported


def expected(emulator):
    """What exporting SEED writes: its objects, and the accounts HMP comes with beside its own."""
    users = sorted(built_in_exported(emulator) + EXPECTED["hmp_users"], key=lambda u: u["username"])
    return dict(EXPECTED, hmp_users=users)

READ_TASK = "haivision.hmp.export : Read the current state of the HMP server"
EXPORT_TASK = "haivision.hmp.export : Write the state as the variables of the config role"
SITE_TASK = "haivision.hmp.config : Bring the HMP server to the declared state"


def inventory(tmp_path):
    """An inventory with one HMP server, site1; the connection comes from the HMP_* environment."""
    path = tmp_path / "inventory" / "hosts.yml"
    path.parent.mkdir(exist_ok=True)
    path.write_text("hmp:\n  hosts:\n    site1:\n")
    return str(path)


QUICK_RETRIES = {"HMP_RETRIES": "1", "HMP_RETRY_DELAY": "0.01"}  # a read that keeps failing fails at once


def export(playbook_file, tmp_path, export_dir=None, **kwargs):
    extra = {"hmp_export_dir": str(export_dir)} if export_dir else None
    return playbook_file("playbooks/export.yml", extra_vars=extra, args=["-i", inventory(tmp_path)], **kwargs)


def loaded(path):
    with open(str(path)) as handle:
        return yaml.safe_load(handle)


def test_export_writes_the_config_role_variables_of_the_server_and_sends_no_write(emulator, playbook_file, tmp_path):
    emulator.reset(SEED)
    emulator.reset_counters()
    run = export(playbook_file, tmp_path, tmp_path / "out")
    assert run.returncode == 0, run.stdout + run.stderr
    assert emulator.counters()["writes"] == 0
    assert loaded(tmp_path / "out" / "site1.yml") == expected(emulator)


def test_the_export_leaves_secrets_out_and_its_header_says_which_and_why(emulator, playbook_file, tmp_path):
    emulator.reset(SEED)
    run = export(playbook_file, tmp_path, tmp_path / "out")
    assert run.returncode == 0, run.stdout + run.stderr
    text = (tmp_path / "out" / "site1.yml").read_text()
    assert PASSPHRASE not in text and PASSWORD not in text
    assert PASSPHRASE not in run.stdout + repr(run.results)
    header = text.split("\n---\n")[0]
    assert all(line.startswith("#") for line in header.splitlines())
    assert "- users: the password of %s." % ", ".join(sorted(built_in_users(emulator) + ["studio-op"])) in header
    assert "HMP never returns passwords" in header
    assert "- sources: the passphrase of Remote." in header
    assert "does not belong in a plain-text file" in header


def test_applying_the_export_with_site_changes_nothing_and_sends_no_write(emulator, playbook_file, tmp_path):
    emulator.reset(SEED)
    run = export(playbook_file, tmp_path, tmp_path / "out")
    assert run.returncode == 0, run.stdout + run.stderr
    before = emulator.state()
    emulator.reset_counters()
    site = playbook_file("playbooks/site.yml", args=["-i", inventory(tmp_path), "-e", "@%s" % (tmp_path / "out" / "site1.yml")])
    assert site.returncode == 0, site.stdout + site.stderr
    result = site.result(SITE_TASK)
    assert result["changed"] is False, result["summary"]
    assert result["summary"]["events"]["unchanged"] == 2
    assert result["summary"]["sources"]["unchanged"] == 3
    assert emulator.counters()["writes"] == 0
    assert emulator.state() == before


def test_exporting_an_unchanged_server_again_leaves_the_file_alone(emulator, playbook_file, tmp_path):
    emulator.reset(SEED)
    first = export(playbook_file, tmp_path, tmp_path / "out")
    assert first.result(EXPORT_TASK)["changed"] is True
    second = export(playbook_file, tmp_path, tmp_path / "out")
    assert second.returncode == 0, second.stdout + second.stderr
    assert second.result(EXPORT_TASK)["changed"] is False


def test_the_export_goes_beside_the_inventory_by_default(emulator, playbook_file, tmp_path):
    emulator.reset(SEED)
    run = export(playbook_file, tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert loaded(tmp_path / "inventory" / "exports" / "site1.yml") == expected(emulator)
    assert str(tmp_path / "inventory" / "exports" / "site1.yml") in run.stdout


def test_an_empty_server_exports_empty_lists_and_only_the_password_of_the_administrator(emulator, playbook_file, tmp_path):
    emulator.reset({})
    built_in = built_in_exported(emulator)  # haiadmin (and operator: V5 b)
    run = export(playbook_file, tmp_path, tmp_path / "out")
    assert run.returncode == 0, run.stdout + run.stderr
    text = (tmp_path / "out" / "site1.yml").read_text()
    assert loaded(tmp_path / "out" / "site1.yml") == {"hmp_sources": [], "hmp_sessions": [], "hmp_users": built_in}
    assert "passphrase" not in text


def test_a_failed_read_fails_the_host_and_writes_no_file(emulator, playbook_file, tmp_path):
    emulator.reset(SEED)
    emulator.set_faults(error_rate=1.0, error_statuses=[500])
    try:
        run = export(playbook_file, tmp_path, tmp_path / "out", env=QUICK_RETRIES)
    finally:
        emulator.clear_faults()
    assert run.returncode != 0
    assert "HTTP 500" in run.result(READ_TASK)["msg"]
    assert not (tmp_path / "out" / "site1.yml").exists()


def test_check_mode_shows_the_file_it_would_write_and_writes_nothing(emulator, playbook_file, tmp_path):
    emulator.reset(SEED)
    emulator.reset_counters()
    run = export(playbook_file, tmp_path, tmp_path / "out", check=True, diff=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.result(EXPORT_TASK)["changed"] is True
    assert '+    srt_mode: "listener"' in run.stdout
    assert not (tmp_path / "out").exists()
    assert emulator.counters()["writes"] == 0
