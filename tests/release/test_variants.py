"""Each documented variant of HMP (contract: V1 to V10), switched on alone in the emulator: the qualification
names it with its letter and status `variant`, and the fleet's site playbook still converges and is
idempotent (a second run: no change, no write). Set-top box commands that take effect later (V7b) are waited
for, so a second hmp_device run sends nothing."""

import json

import pytest

from harness import assert_site_converges, connection_inventory, fleet

SEED = {
    "sources": [{"name": "Cam %02d" % n, "type": "UDP", "host": "239.1.1.%d" % n, "port": 4900, "multicast": True}
                for n in range(1, 13)],
    "sessions": [{"title": "Studio A", "active": True, "sources": ["Cam 01", "Cam 02"],
                  "events": [{"startTime": 1798812000, "duration": 3600, "type": "one-time", "command": "record",
                              "active": True}]},
                 {"title": "Studio B", "sources": ["Cam 03"]}],
    "users": [{"username": "jdoe", "password": "Jdoe-pass-123", "roles": ["Viewer"]}],
    "videos": [{"title": "Keynote", "duration": 60.5, "session": "Studio A"}],
    "devices": [{"_id": "box-%d" % n, "name": "Lobby TV %d" % n, "status": "Online"} for n in range(1, 4)],
}

VARIANTS = [("V1", "b", "paging"), ("V1", "c", "paging"), ("V1", "bc", "paging"), ("V2", "b", "empty_list"),
            ("V3", "b", "recording_video"), ("V4", "b", "session_fields"), ("V5", "b", "roles"),
            ("V6", "b", "unknown_fields"), ("V7", "b", "device_commands"), ("V8", "b", "put_semantics"),
            ("V9", "b", "permissions"), ("V10", "b", "login_expiry"), ("V10", "c", "login_expiry")]


@pytest.mark.parametrize("variant, letter, check", VARIANTS, ids=["%s%s" % (v, letter) for v, letter, _ in VARIANTS])
def test_the_qualification_names_the_variant_and_the_site_converges_then_writes_nothing(
        emulator, playbook_file, playbook, tmp_path, variant, letter, check):
    emulator.reset(SEED)
    emulator.set_variants(**{variant: letter})
    inventory = connection_inventory(emulator, tmp_path, scratch=True, device="Lobby TV 1")

    run = fleet(playbook_file, inventory, "playbooks/qualify.yml")
    report = json.loads((tmp_path / "reports" / "montreal.json").read_text())
    assert run.returncode == 0, run.stdout + run.stderr
    assert report["variants"][variant] == letter, report["checks"]
    assert next(c["status"] for c in report["checks"] if c["id"] == check) == "variant", report["checks"]
    others = dict((v, seen) for v, seen in report["variants"].items() if v != variant)
    assert set(others.values()) <= {"a", None}, report["variants"]

    assert_site_converges(emulator, playbook_file, inventory)

    if variant == "V7":
        task = {"haivision.hmp.hmp_device": {"name": "Lobby TV 2", "muted": True, "standby": True}}
        done = playbook([task, task])
        assert [r["result"]["changed"] for r in done.results] == [True, False], done.stdout
        assert done.results[0]["result"]["device"]["standby"] is True
