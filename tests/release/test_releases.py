"""Every published HMP release, 3.8 to 4.1.1 (contract: releases), played by the emulator: the fleet's site
playbook converges and its second run writes nothing; a read-only qualification names the release, finds nothing
that differs and writes nothing; an API key on a release without key login (3.x, 4.0) fails before any write,
naming 4.1 and the username login."""

import json

import pytest

from hmp_emulator.releases import RELEASES

from harness import API_KEY, API_SECRET, assert_site_converges, connection_inventory, fleet

# How the qualification names each: before 4.0 there is no version call, and 3.8 and 3.9 answer alike.
NAMED = {"3.8": "HMP 3.8 or 3.9", "3.9": "HMP 3.8 or 3.9", "3.10": "HMP 3.10", "4.0": "HMP 4.0.0, release 4.0",
         "4.1": "HMP 4.1.0, release 4.1", "4.1.1": "HMP 4.1.1 (build"}
WITHOUT_KEYS = ["3.8", "3.9", "3.10", "4.0"]

SEED = {
    "sources": [{"name": "Cam %02d" % n, "type": "UDP", "host": "239.1.1.%d" % n, "port": 4900, "multicast": True}
                for n in range(1, 5)],
    "sessions": [{"title": "Studio A", "sources": ["Cam 01"],
                  "events": [{"startTime": 1798812000, "duration": 3600, "type": "one-time", "command": "record",
                              "active": True}]}],
    "devices": [{"_id": "box-1", "name": "Lobby TV 1", "status": "Online", "ip": "10.0.0.9, fe80::1"}],
}


@pytest.mark.parametrize("release", list(RELEASES))  # every release the emulator plays
def test_each_release_is_qualified_without_a_difference_and_the_site_converges_then_writes_nothing(
        emulator, playbook_file, tmp_path, release):
    emulator.reset(SEED)
    emulator.set_release(release)
    inventory = connection_inventory(emulator, tmp_path)

    emulator.reset_counters()
    run = fleet(playbook_file, inventory, "playbooks/qualify.yml")
    assert run.returncode == 0, run.stdout + run.stderr
    report = json.loads((tmp_path / "reports" / "montreal.json").read_text())
    assert report["summary"]["differs"] == 0, report["checks"]
    version = next(c for c in report["checks"] if c["id"] == "version")
    assert version["status"] == "holds" and version["detail"].startswith(NAMED[release]), version
    assert emulator.writes() == 0

    assert_site_converges(emulator, playbook_file, inventory)


@pytest.mark.parametrize("release", WITHOUT_KEYS)
def test_an_api_key_on_a_release_without_key_login_fails_before_any_write_naming_the_way_out(
        emulator, playbook, release):
    emulator.reset(SEED)
    emulator.set_release(release)
    emulator.reset_counters()
    keyed = {"hmp_username": "", "hmp_password": "", "hmp_api_key": API_KEY, "hmp_api_secret": API_SECRET}
    task = {"name": "with a key", "haivision.hmp.hmp_source": dict(keyed, name="Cam 99", type="udp", port=5000,
                                                                   multicast=False), "ignore_errors": True}
    run = playbook([task])
    assert run.status("with a key") == "failed"
    message = run.result("with a key")["msg"]
    assert "no API key login (HMP has it from 4.1 on): log in with hmp_username and hmp_password" in message
    assert emulator.writes() == 0
