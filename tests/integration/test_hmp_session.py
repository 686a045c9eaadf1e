"""hmp_session and hmp_session_info end to end: lifecycle, copy, membership, errors, recordings, info.

Zero-write claims are read from the emulator's counters, never assumed; "nothing moved" claims
compare the emulator's whole state dump before and after.
"""

from harness import tasks_of


SESSION = "haivision.hmp.hmp_session"
INFO = "haivision.hmp.hmp_session_info"

MEMBER_POST = "POST /apis/sessions/:sessionId/sources"
MEMBER_DELETE = "DELETE /apis/sessions/:sessionId/sources/:sourceId"
SESSION_PUT = "PUT /apis/sessions/:sessionId"


task = tasks_of(SESSION, "session")


def udp(name, port):
    return {"name": name, "type": "UDP", "port": port, "multicast": False}


CAMERAS = [udp("Cam A", 5000), udp("Cam B", 5001), udp("Cam C", 5002), udp("Cam D", 5003), udp("Cam E", 5004)]


def seed(emulator, sessions=(), recordings=(), sources=CAMERAS):
    emulator.reset({"sources": list(sources), "sessions": list(sessions), "recordings": list(recordings)})
    state = emulator.state()
    return dict((s["name"], s["id"]) for s in state["sources"])


def sessions(emulator):
    return emulator.state()["sessions"]


def session_named(emulator, title):
    [found] = [s for s in sessions(emulator) if s["title"] == title]
    return found


def member_ids(session):
    return sorted(m["sourceId"] for m in session["sources"])


def test_the_lifecycle_of_a_session(emulator, playbook):
    ids = seed(emulator)
    studio = {"title": "Studio A", "description": "Morning show", "live": True, "sync_record": True,
              "sources": ["Cam A", "Cam B"]}

    # create: changed, a diff with the sources by name, the session and its members on the server
    emulator.reset_counters()
    run = playbook([task(studio)], diff=True)
    assert run.returncode == 0, run.stdout
    created = run.result("session")
    assert created["changed"] is True
    assert created["diff"]["before"] == {}
    after = created["diff"]["after"]
    assert (after["title"], after["description"], after["live"], after["sync_record"]) == \
        ("Studio A", "Morning show", True, True)
    assert sorted(after["sources"]) == ["Cam A", "Cam B"]
    assert emulator.write_routes() == {"POST /apis/sessions": 1, MEMBER_POST: 2}
    stored = session_named(emulator, "Studio A")
    assert (stored["description"], stored["active"], stored["syncrecord"]) == ("Morning show", True, True)
    assert member_ids(stored) == sorted([ids["Cam A"], ids["Cam B"]])
    assert created["session"]["id"] == stored["id"]

    # the same task again: ok, no write
    emulator.reset_counters()
    again = playbook([task(studio)])
    assert again.result("session")["changed"] is False
    assert emulator.writes() == 0

    # an update in check mode: changed, no write, nothing moved
    emulator.reset_counters()
    before = emulator.state()
    checked = playbook([task(dict(studio, description="Evening show"))], check=True, diff=True)
    assert checked.result("session")["changed"] is True
    assert checked.result("session")["diff"]["after"]["description"] == "Evening show"
    assert emulator.writes() == 0
    assert emulator.state() == before

    # the update: diff.after shows it, the server has it, what the task leaves out is kept
    emulator.reset_counters()
    updated = playbook([task({"title": "Studio A", "description": "Evening show"})], diff=True)
    result = updated.result("session")
    assert result["changed"] is True
    assert result["diff"]["before"]["description"] == "Morning show"
    assert result["diff"]["after"]["description"] == "Evening show"
    assert emulator.write_routes() == {SESSION_PUT: 1}
    stored = session_named(emulator, "Studio A")
    assert (stored["description"], stored["active"], stored["syncrecord"]) == ("Evening show", True, True)
    assert member_ids(stored) == sorted([ids["Cam A"], ids["Cam B"]])

    # again: ok
    emulator.reset_counters()
    assert playbook([task({"title": "Studio A", "description": "Evening show"})]).result("session")["changed"] is False
    assert emulator.writes() == 0

    # delete, then delete again
    emulator.reset_counters()
    deleted = playbook([task({"title": "Studio A", "state": "absent"})], diff=True)
    assert deleted.result("session")["changed"] is True
    assert deleted.result("session")["diff"]["after"] == {}
    assert deleted.result("session")["session"] is None
    assert sessions(emulator) == []
    assert emulator.write_routes() == {"DELETE /apis/sessions/:sessionId": 1}
    emulator.reset_counters()
    assert playbook([task({"title": "Studio A", "state": "absent"})]).result("session")["changed"] is False
    assert emulator.writes() == 0


def test_copy_from_fills_fields_and_sources_the_task_leaves_out(emulator, playbook):
    ids = seed(emulator, sessions=[{"title": "Studio A", "description": "Morning show", "active": True,
                                    "syncrecord": True, "sources": ["Cam A", "Cam B"]}])
    run = playbook([task({"title": "Studio B", "copy_from": "Studio A", "live": False}, name="copy"),
                    task({"title": "Studio C", "copy_from": "Studio A", "sources": ["Cam C"]}, name="own sources"),
                    task({"title": "Studio B", "copy_from": "Studio A", "live": False}, name="copy again")])
    assert run.returncode == 0, run.stdout
    assert run.result("copy")["changed"] is True
    copy = session_named(emulator, "Studio B")
    assert (copy["description"], copy["syncrecord"], copy["active"]) == ("Morning show", True, False)
    assert member_ids(copy) == sorted([ids["Cam A"], ids["Cam B"]])
    own = session_named(emulator, "Studio C")
    assert (own["description"], own["syncrecord"], own["active"]) == ("Morning show", True, True)
    assert member_ids(own) == [ids["Cam C"]]
    assert run.result("copy again")["changed"] is False
    original = session_named(emulator, "Studio A")
    assert (original["active"], member_ids(original)) == (True, sorted([ids["Cam A"], ids["Cam B"]]))
    assert len(sessions(emulator)) == 3


def test_a_membership_change_sends_exactly_one_delete_and_one_post(emulator, playbook):
    ids = seed(emulator, sessions=[{"title": "Studio A", "sources": ["Cam A", "Cam B"]}])
    emulator.reset_counters()
    run = playbook([task({"title": "Studio A", "sources": [ids["Cam B"], "Cam C"]})], diff=True)
    assert run.returncode == 0, run.stdout
    result = run.result("session")
    assert result["changed"] is True
    assert sorted(result["diff"]["before"]["sources"]) == ["Cam A", "Cam B"]
    assert sorted(result["diff"]["after"]["sources"]) == ["Cam B", "Cam C"]
    assert emulator.write_routes() == {MEMBER_DELETE: 1, MEMBER_POST: 1}
    removed = [r for r in emulator.requests_log() if r["route"] == "/apis/sessions/:sessionId/sources/:sourceId"]
    assert [r["path"].rsplit("/", 1)[1] for r in removed] == [ids["Cam A"]]
    assert member_ids(session_named(emulator, "Studio A")) == sorted([ids["Cam B"], ids["Cam C"]])


def test_a_membership_and_field_change_sends_one_put_and_only_the_member_writes(emulator, playbook):
    ids = seed(emulator, sessions=[{"title": "Studio A", "sources": ["Cam A"]}])
    emulator.reset_counters()
    run = playbook([task({"title": "Studio A", "description": "New", "sources": ["Cam A", "Cam B", "Cam C"]})])
    assert run.result("session")["changed"] is True
    assert emulator.write_routes() == {SESSION_PUT: 1, MEMBER_POST: 2}
    stored = session_named(emulator, "Studio A")
    assert stored["description"] == "New"
    assert member_ids(stored) == sorted([ids["Cam A"], ids["Cam B"], ids["Cam C"]])


def test_a_full_session_swaps_a_source_by_removing_before_adding(emulator, playbook):
    ids = seed(emulator, sessions=[{"title": "Studio A", "sources": ["Cam A", "Cam B", "Cam C", "Cam D"]}])
    emulator.reset_counters()
    emulator.clear_requests_log()
    run = playbook([task({"title": "Studio A", "sources": ["Cam A", "Cam B", "Cam C", "Cam E"]})])
    assert run.returncode == 0, run.stdout
    assert emulator.write_routes() == {MEMBER_DELETE: 1, MEMBER_POST: 1}
    member_writes = [(r["method"], r["status"]) for r in emulator.requests_log()
                     if r["route"].startswith("/apis/sessions/:sessionId/sources")]
    assert member_writes == [("DELETE", 200), ("POST", 201)]
    assert member_ids(session_named(emulator, "Studio A")) == \
        sorted([ids["Cam A"], ids["Cam B"], ids["Cam C"], ids["Cam E"]])


def test_membership_is_a_set_of_names_and_ids_in_any_order(emulator, playbook):
    ids = seed(emulator, sessions=[{"title": "Studio A", "sources": ["Cam A", "Cam B", "Cam C"]}])
    variants = [["Cam C", "Cam A", "Cam B"],
                [ids["Cam B"], "Cam C", ids["Cam A"]],
                [ids["Cam C"], ids["Cam B"], ids["Cam A"]],
                ["Cam A", ids["Cam A"], "Cam B", "Cam C"]]
    emulator.reset_counters()
    run = playbook([task({"title": "Studio A", "sources": v}, name="variant %d" % i) for i, v in enumerate(variants)])
    assert run.returncode == 0, run.stdout
    for i in range(len(variants)):
        assert run.result("variant %d" % i)["changed"] is False, i
    assert emulator.writes() == 0


def test_invalid_input_fails_naming_option_and_value_and_changes_nothing(emulator, playbook):
    twins = [udp("Twin", 6000), udp("Twin", 6001)]
    seed(emulator, sources=CAMERAS + twins, sessions=[{"title": "Studio A", "sources": ["Cam A"]}])
    twin_ids = sorted(s["id"] for s in emulator.state()["sources"] if s["name"] == "Twin")
    cases = [
        ({"title": "Studio A", "sources": ["Cam A", "Cam Z"]}, ["sources", "'Cam Z'"]),
        ({"title": "Studio N", "sources": ["Cam Z"]}, ["sources", "'Cam Z'"]),
        ({"title": "Studio A", "sources": ["Twin"]}, ["'Twin'", twin_ids[0], twin_ids[1]]),
        ({"title": "Studio A", "sources": ["Cam A", "Cam B", "Cam C", "Cam D", "Cam E"]},
         ["sources", "5", "at most 4"]),
        ({"title": "Studio N", "copy_from": "Studio Z"}, ["copy_from", "'Studio Z'"]),
        ({"id": "no-such-session", "description": "x"}, ["id", "'no-such-session'"]),
    ]
    before = emulator.state()
    emulator.reset_counters()
    run = playbook([task(args, name="bad %d" % i, ignore_errors=True) for i, (args, _) in enumerate(cases)])
    for i, (_args, expected) in enumerate(cases):
        assert run.status("bad %d" % i) == "failed", i
        message = run.result("bad %d" % i)["msg"]
        for part in expected:
            assert part in message, (i, part, message)
    assert emulator.writes() == 0
    assert emulator.state() == before


def test_a_recording_session_refuses_source_changes_and_deletion_naming_the_recording(emulator, playbook):
    seed(emulator, sessions=[{"title": "Studio A", "sources": ["Cam A"]}],
         recordings=[{"session": "Studio A", "state": "RECORDING"}])
    before = emulator.state()
    [recording] = before["recordings"]
    emulator.reset_counters()
    run = playbook([
        task({"title": "Studio A", "sources": ["Cam A", "Cam B"]}, name="add", ignore_errors=True),
        task({"title": "Studio A", "sources": []}, name="empty", ignore_errors=True),
        task({"title": "Studio A", "state": "absent"}, name="delete", ignore_errors=True),
    ])
    for name, doing in (("add", "changing its sources"), ("empty", "changing its sources"),
                        ("delete", "deleting the session")):
        assert run.status(name) == "failed", name
        message = run.result(name)["msg"]
        assert "'Studio A'" in message and recording["id"] in message and doing in message, message
    assert emulator.writes() == 0
    assert emulator.state() == before


def test_a_recording_session_still_takes_edits_that_keep_its_sources(emulator, playbook):
    ids = seed(emulator, sessions=[{"title": "Studio A", "sources": ["Cam A"]}],
               recordings=[{"session": "Studio A", "state": "RECORDING"}])
    emulator.reset_counters()
    run = playbook([task({"title": "Studio A", "description": "On air", "live": True, "sources": ["Cam A"]})])
    assert run.returncode == 0, run.stdout
    assert run.result("session")["changed"] is True
    assert emulator.write_routes() == {SESSION_PUT: 1}
    stored = session_named(emulator, "Studio A")
    assert (stored["description"], stored["active"], member_ids(stored)) == ("On air", True, [ids["Cam A"]])
    assert len(emulator.state()["recordings"]) == 1


def test_an_ambiguous_reference_fails_naming_the_tasks_option_and_both_ids(emulator, playbook):
    seed(emulator, sources=CAMERAS + [udp("Twin", 6000), udp("Twin", 6001)],
         sessions=[{"title": "Studio A", "sources": []}, {"title": "Double", "sources": []},
                   {"title": "Double", "sources": []}])
    state = emulator.state()
    twin_ids = sorted(s["id"] for s in state["sources"] if s["name"] == "Twin")
    double_ids = sorted(s["id"] for s in state["sessions"] if s["title"] == "Double")
    emulator.reset_counters()
    run = playbook([task({"title": "Studio A", "sources": ["Cam A", "Twin"]}, name="sources", ignore_errors=True),
                    task({"title": "Studio N", "copy_from": "Double"}, name="copy_from", ignore_errors=True)])
    for option, value, both in (("sources", "'Twin'", twin_ids), ("copy_from", "'Double'", double_ids)):
        assert run.status(option) == "failed"
        message = run.result(option)["msg"]
        assert message.startswith(option + ": "), message
        assert value in message and ", ".join(both) in message, message
    assert emulator.writes() == 0
    assert emulator.state() == state


def test_check_mode_diff_shows_sources_by_name_and_writes_nothing(emulator, playbook):
    ids = seed(emulator, sessions=[{"title": "Studio A", "sources": ["Cam A", "Cam B"]}])
    before = emulator.state()
    emulator.reset_counters()
    run = playbook([
        task({"title": "Studio N", "sources": ["Cam C", ids["Cam D"]]}, name="create"),
        task({"title": "Studio A", "sources": ["Cam B", ids["Cam C"]]}, name="members"),
    ], check=True, diff=True)
    assert run.returncode == 0, run.stdout
    create = run.result("create")
    assert create["changed"] is True
    assert create["diff"]["before"] == {}
    assert sorted(create["diff"]["after"]["sources"]) == ["Cam C", "Cam D"]
    members = run.result("members")
    assert members["changed"] is True
    assert sorted(members["diff"]["before"]["sources"]) == ["Cam A", "Cam B"]
    assert sorted(members["diff"]["after"]["sources"]) == ["Cam B", "Cam C"]
    assert "Cam C" in run.stdout and ids["Cam C"] not in run.stdout  # the printed diff names them too
    assert emulator.writes() == 0
    assert emulator.state() == before


def test_session_info_names_sources_filters_and_returns_events(emulator, playbook):
    event = {"startTime": 1796220000, "duration": 5400, "type": "weekly-recurring",
             "typeData": {"days": ["WED", "FRI"]}, "command": "set-live", "parameters": {"record": True},
             "active": True}
    ids = seed(emulator, sessions=[
        {"title": "Studio A", "description": "Morning SHOW", "sources": ["Cam A", "Cam B"], "events": [event]},
        {"title": "Studio B", "description": "Evening", "sources": []},
        {"title": "Studio B", "description": "Late show", "sources": ["Cam C"]},
    ])
    by_title = dict((s["title"] + "/" + s["description"], s["id"]) for s in sessions(emulator))
    run = playbook([
        task({}, name="all", module=INFO),
        task({"title": "Studio B"}, name="by title", module=INFO),
        task({"id": by_title["Studio A/Morning SHOW"]}, name="by id", module=INFO),
        task({"q": "show"}, name="by q", module=INFO),
        task({"title": "Nobody"}, name="none", module=INFO),
        task({"title": "Studio A", "events": True}, name="events", module=INFO),
    ])
    assert run.returncode == 0, run.stdout
    listed = dict((s["id"], s) for s in run.result("all")["sessions"])
    assert len(listed) == 3
    studio_a = listed[by_title["Studio A/Morning SHOW"]]
    assert sorted(zip(studio_a["sources"], studio_a["source_names"])) == \
        sorted([(ids["Cam A"], "Cam A"), (ids["Cam B"], "Cam B")])
    assert listed[by_title["Studio B/Evening"]]["source_names"] == []
    assert listed[by_title["Studio B/Late show"]]["source_names"] == ["Cam C"]
    assert "events" not in studio_a
    assert sorted(s["description"] for s in run.result("by title")["sessions"]) == ["Evening", "Late show"]
    assert [s["title"] for s in run.result("by id")["sessions"]] == ["Studio A"]
    assert sorted(s["description"] for s in run.result("by q")["sessions"]) == ["Late show", "Morning SHOW"]
    assert run.result("none")["sessions"] == []
    [with_events] = run.result("events")["sessions"]
    [listed_event] = with_events["events"]
    assert (listed_event["startTime"], listed_event["duration"], listed_event["typeData"]) == \
        (1796220000, 5400, {"days": ["WED", "FRI"]})
    assert (listed_event["start_time_utc"], listed_event["end_time_utc"]) == \
        ("2026-12-02T14:00:00Z", "2026-12-02T15:30:00Z")


def test_session_info_reads_every_page(emulator, playbook):
    seed(emulator, sessions=[{"title": "Session %03d" % i, "sources": ["Cam A"] if i == 117 else []}
                             for i in range(130)])
    emulator.clear_requests_log()
    run = playbook([task({}, name="all", module=INFO)])
    listed = run.result("all")["sessions"]
    assert sorted(s["title"] for s in listed) == ["Session %03d" % i for i in range(130)]
    assert next(s for s in listed if s["title"] == "Session 117")["source_names"] == ["Cam A"]
    pages = [r["query"] for r in emulator.requests_log() if r["method"] == "GET" and r["path"] == "/apis/sessions"]
    assert len(pages) >= 2 and any("page=2" in q for q in pages), pages
