"""hmp_source end to end: create, repeat, check mode, update, copy, delete, errors, secrets.

Zero-write claims are read from the emulator's counters, never assumed.
"""

from harness import variant, tasks_of


SOURCE = "haivision.hmp.hmp_source"
PASSPHRASE = "Srt-Passphrase-0123456789"
CAM = {"name": "Cam 1", "type": "udp", "multicast": True, "host": "239.1.1.1", "port": 4900,
       "description": "Studio A"}


task = tasks_of(SOURCE, "source")


def sources(emulator):
    return emulator.state()["sources"]


def test_the_lifecycle_of_a_source(emulator, playbook):
    """Create, the same again, an update in check mode, the update, again, a copy, delete, delete again: one
    play, each task's writes read from the emulator's request log."""
    steps = ["create", "again", "update in check mode", "update", "update again", "copy", "delete", "delete again"]
    run = playbook([
        task(CAM, name="create", diff=True),
        task(CAM, name="again"),
        task(dict(CAM, port=4902), name="update in check mode", check_mode=True, diff=True),
        task({"name": "Cam 1", "port": 4902}, name="update", diff=True),
        task({"name": "Cam 1", "port": 4902}, name="update again"),
        task({"name": "Cam 2", "copy_from": "Cam 1", "port": 4904}, name="copy"),
        task({"name": "Cam 2", "state": "absent"}, name="delete", diff=True),
        task({"name": "Cam 2", "state": "absent"}, name="delete again"),
    ])
    assert run.returncode == 0, run.stdout
    assert run.changes(*steps) == {"create": True, "again": False, "update in check mode": True, "update": True,
                                   "update again": False, "copy": True, "delete": True, "delete again": False}
    assert [run.writes(step) for step in steps] == [
        ["POST /apis/sources"], [], [], ["PUT /apis/sources/:sourceId"], [], ["POST /apis/sources"],
        ["DELETE /apis/sources/:sourceId"], []]

    created = run.result("create")
    assert created["diff"]["before"] == {} and created["diff"]["after"]["port"] == 4900
    [posted] = run.sent("create", "POST /apis/sources")
    assert (posted["name"], posted["port"], posted["multicast"]) == ("Cam 1", 4900, True)
    assert run.result("update in check mode")["diff"]["after"]["port"] == 4902
    updated = run.result("update")
    assert updated["diff"]["before"]["port"] == 4900 and updated["diff"]["after"]["port"] == 4902
    [put] = run.sent("update", "PUT /apis/sources/:sourceId")  # the whole source: what the task leaves out is kept
    assert (put["port"], put["description"], put["host"]) == (4902, "Studio A", "239.1.1.1")
    [copy] = run.sent("copy", "POST /apis/sources")  # the original's settings, the task's own win
    assert (copy["host"], copy["multicast"], copy["description"], copy["port"]) == ("239.1.1.1", True, "Studio A", 4904)
    assert run.result("delete")["diff"]["after"] == {}

    [stored] = sources(emulator)
    assert (stored["name"], stored["port"], stored["description"]) == ("Cam 1", 4902, "Studio A")
    assert created["source"]["id"] == stored["id"]


def test_a_task_sends_one_login_its_reads_its_write_and_one_logout(emulator, playbook):
    emulator.reset_counters()
    playbook([task(CAM)])
    routes = emulator.counters()["by_route"]
    # an empty list that answers 404 is believed once the login is known alive (contract: login_expiry)
    looks = {"GET /apis/authentication/login": 1} if variant(emulator, "V2") == "a" else {}
    assert routes == dict({"POST /apis/authentication/login": 1, "GET /apis/sources": 1,
                           "POST /apis/sources": 1, "DELETE /apis/authentication/login": 1}, **looks)


def test_an_ambiguous_name_fails_and_lists_the_ids(emulator, playbook):
    emulator.reset({"sources": [dict(type="UDP", name="Twin", port=5000, multicast=False),
                                dict(type="UDP", name="Twin", port=5001, multicast=False)]})
    ids = sorted(s["id"] for s in sources(emulator))
    emulator.reset_counters()
    run = playbook([task({"name": "Twin", "port": 6000})])
    assert run.returncode != 0
    message = run.result("source")["msg"]
    assert "2 sources have the name 'Twin'" in message and ", ".join(ids) in message
    assert emulator.writes() == 0


def test_invalid_values_fail_before_any_write(emulator, playbook):
    cases = [
        ({"name": "Bad", "type": "udp", "multicast": False, "port": 70000}, "port: 70000 is out of range"),
        ({"name": "Bad", "type": "rtmp", "port": 1}, "type: 'rtmp' is not one of udp, srt"),
        ({"name": "Bad", "type": "srt", "port": 9000}, "srt_mode: required for an srt source"),
        ({"name": "Bad", "type": "udp", "port": "many", "multicast": False}, "port"),
        ({"name": "Bad", "type": "srt", "port": 9000, "srt_mode": "listener", "latency": 9},
         "latency: 9 is out of range"),
    ]
    emulator.reset_counters()
    run = playbook([task(args, name="bad %d" % i, ignore_errors=True) for i, (args, _) in enumerate(cases)])
    for i, (_args, expected) in enumerate(cases):
        assert run.status("bad %d" % i) == "failed"
        assert expected in run.result("bad %d" % i)["msg"]
    assert emulator.writes() == 0
    assert sources(emulator) == []


def test_srt_passphrase_never_appears_in_verbose_diff_output(emulator, playbook):
    srt = {"name": "Remote", "type": "srt", "srt_mode": "listener", "host": "0.0.0.0", "port": 9000,
           "passphrase": PASSPHRASE}
    tasks = [
        task(srt, name="create"),
        task(srt, name="same"),
        task(dict(srt, passphrase=PASSPHRASE + "-new"), name="change"),
        task({"name": "Remote 2", "copy_from": "Remote", "port": 9001}, name="copy"),
        task({"name": "Remote", "port": 70000}, name="refused", ignore_errors=True),
        task({}, name="list", module="haivision.hmp.hmp_source_info"),
    ]
    run = playbook(tasks, diff=True, verbosity=4)
    assert run.returncode == 0, run.stdout
    assert run.result("same")["changed"] is False
    assert run.result("change")["diff"]["after"]["passphrase"] == "******** (changed)"
    everything = run.stdout + run.stderr + repr(run.results)
    assert PASSPHRASE not in everything
    stored = next(s for s in sources(emulator) if s["name"] == "Remote 2")
    assert stored["passphrase"] == PASSPHRASE + "-new"  # copied to the server, never shown


def test_source_info_lists_and_filters(emulator, playbook):
    emulator.reset({"sources": [dict(type="UDP", name="Cam %d" % i, port=5000 + i, multicast=False,
                                     description="studio" if i % 2 else "")
                                for i in range(120)]})
    info = "haivision.hmp.hmp_source_info"
    run = playbook([
        task({}, name="all", module=info),
        task({"name": "Cam 7"}, name="by name", module=info),
        task({"q": "STUDIO"}, name="by q", module=info),
        task({"name": "nobody"}, name="none", module=info),
    ])
    assert len(run.result("all")["sources"]) == 120  # more than one page
    assert [s["port"] for s in run.result("by name")["sources"]] == [5007]
    assert len(run.result("by q")["sources"]) == 60
    assert run.result("none")["sources"] == []
    cam7, cam8 = [s["id"] for s in run.result("all")["sources"] if s["name"] in ("Cam 7", "Cam 8")]
    by_id = playbook([task({"id": cam7}, name="by id", module=info),
                      task({"id": cam7, "q": "studio"}, name="by id and q", module=info),
                      task({"id": cam8, "q": "studio"}, name="by id not in q", module=info)])
    assert [s["name"] for s in by_id.result("by id")["sources"]] == ["Cam 7"]
    assert [s["name"] for s in by_id.result("by id and q")["sources"]] == ["Cam 7"]  # both filters apply
    assert by_id.result("by id not in q")["sources"] == []  # Cam 8 has no "studio" in its description
    searches = [e["query"] for e in by_id.requests("by id and q") if e["route"] == "/apis/sources"]
    assert searches and all("q=studio" in q for q in searches)  # HMP searches, on the server


def test_system_info_reports_version_and_roles(playbook):
    run = playbook([task({}, name="system", module="haivision.hmp.hmp_system_info")])
    result = run.result("system")
    assert result["version"].startswith("4.1")
    assert result["user"]["username"] == "haiadmin"
    assert "Administrator" in [r["name"] for r in result["user"]["roles"]]


def test_module_defaults_group_sets_the_connection_once(emulator, playbook):
    env = emulator.connection_env()
    defaults = {"group/haivision.hmp.hmp": {
        "hmp_host": "localhost", "hmp_port": int(env["HMP_PORT"]), "hmp_username": "haiadmin",
        "hmp_password": env["HMP_PASSWORD"], "hmp_ca_path": env["HMP_CA_PATH"]}}
    blank = {"HMP_HOST": "", "HMP_PORT": "", "HMP_USERNAME": "", "HMP_PASSWORD": "", "HMP_CA_PATH": ""}
    run = playbook([task(CAM)], play={"module_defaults": defaults}, env=blank)
    assert run.result("source")["changed"] is True
    assert [s["name"] for s in sources(emulator)] == ["Cam 1"]


def test_wrong_password_fails_once_with_hmps_message(emulator, playbook):
    emulator.reset_counters()
    run = playbook([task(CAM)], env={"HMP_PASSWORD": "wrong-password-42"})
    assert run.returncode != 0
    message = run.result("source")["msg"]
    assert "401 020002 InvalidCredentials" in message
    assert emulator.counters()["by_route"] == {"POST /apis/authentication/login": 1}
    assert "wrong-password-42" not in run.stdout + run.stderr
