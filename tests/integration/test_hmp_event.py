"""hmp_event and hmp_event_info end to end: lifecycle, equivalent inputs, errors, info.

Zero-write claims are read from the emulator's counters, never assumed; "nothing moved" claims
compare the emulator's whole state dump before and after.
"""

import yaml
from harness import tasks_of

EVENT = "haivision.hmp.hmp_event"
INFO = "haivision.hmp.hmp_event_info"

START = 1796220000  # 2026-12-02T14:00:00Z, a Wednesday
WEEKLY = {"session": "Studio A", "start_time": "2026-12-02T14:00:00Z", "duration": "1h30m",
          "recurrence": "weekly", "days": "WED;FRI", "action": "live_and_record"}


task = tasks_of(EVENT, "event")


def seed(emulator, sessions=None):
    emulator.reset({"sessions": sessions if sessions is not None else
                    [{"title": "Studio A", "sources": []}, {"title": "Studio B", "sources": []}]})
    return dict((s["title"], s["id"]) for s in emulator.state()["sessions"])


def events_of(emulator, title):
    [session] = [s for s in emulator.state()["sessions"] if s["title"] == title]
    return session["events"]


def test_the_lifecycle_of_an_event(emulator, playbook):
    ids = seed(emulator)

    # create: changed, a diff in option names, the event on the server
    emulator.reset_counters()
    run = playbook([task(WEEKLY)], diff=True)
    assert run.returncode == 0, run.stdout
    created = run.result("event")
    assert created["changed"] is True
    assert created["diff"]["before"] == {}
    assert created["diff"]["after"] == {"start_time": "2026-12-02T14:00:00Z", "duration": 5400, "recurrence": "weekly",
                                        "days": ["WED", "FRI"], "action": "live_and_record", "enabled": True}
    assert emulator.write_routes() == {"POST /apis/sessions/:sessionId/events": 1}
    [stored] = events_of(emulator, "Studio A")
    assert (stored["startTime"], stored["duration"], stored["type"], stored["typeData"]) == \
        (START, 5400, "weekly-recurring", {"days": ["WED", "FRI"]})
    assert (stored["command"], stored["parameters"], stored["active"], stored["moduleId"]) == \
        ("set-live", {"record": True}, True, ids["Studio A"])
    assert created["event"]["id"] == stored["id"]
    assert events_of(emulator, "Studio B") == []

    # the same task again: ok, no write
    emulator.reset_counters()
    assert playbook([task(WEEKLY)]).result("event")["changed"] is False
    assert emulator.writes() == 0

    # an update in check mode: changed, no write, nothing moved
    update = dict(WEEKLY, days="MON;WED;FRI", enabled=False)
    emulator.reset_counters()
    before = emulator.state()
    checked = playbook([task(update)], check=True, diff=True)
    assert checked.result("event")["changed"] is True
    assert checked.result("event")["diff"]["after"]["days"] == ["MON", "WED", "FRI"]
    assert emulator.writes() == 0
    assert emulator.state() == before

    # the update: diff.after shows it, the server has it, the rest is kept
    emulator.reset_counters()
    updated = playbook([task({"session": "Studio A", "start_time": START, "days": ["mon", "wed", "fri"],
                              "enabled": False})], diff=True)
    result = updated.result("event")
    assert result["changed"] is True
    assert (result["diff"]["before"]["days"], result["diff"]["before"]["enabled"]) == (["WED", "FRI"], True)
    assert (result["diff"]["after"]["days"], result["diff"]["after"]["enabled"]) == (["MON", "WED", "FRI"], False)
    assert result["diff"]["after"]["action"] == "live_and_record"
    assert emulator.write_routes() == {"PUT /apis/sessions/:sessionId/events/:eventId": 1}
    [stored] = events_of(emulator, "Studio A")
    assert (stored["typeData"], stored["active"], stored["duration"], stored["command"], stored["parameters"]) == \
        ({"days": ["MON", "WED", "FRI"]}, False, 5400, "set-live", {"record": True})

    # again: ok
    emulator.reset_counters()
    assert playbook([task(update)]).result("event")["changed"] is False
    assert emulator.writes() == 0

    # delete, then delete again
    emulator.reset_counters()
    deleted = playbook([task({"session": "Studio A", "start_time": "2026-12-02T14:00:00Z", "state": "absent"})],
                       diff=True)
    assert deleted.result("event")["changed"] is True
    assert deleted.result("event")["diff"]["after"] == {}
    assert deleted.result("event")["event"] is None
    assert events_of(emulator, "Studio A") == []
    assert emulator.write_routes() == {"DELETE /apis/sessions/:sessionId/events/:eventId": 1}
    emulator.reset_counters()
    again = playbook([task({"session": "Studio A", "start_time": START, "state": "absent"})])
    assert again.result("event")["changed"] is False
    assert emulator.writes() == 0


def test_equivalent_days_times_and_durations_are_the_same_event(emulator, playbook):
    seed(emulator)
    assert playbook([task(WEEKLY)]).result("event")["changed"] is True
    before = emulator.state()
    variants = [  # the days as a playbook writes them: text, a flow list, a flow list of quoted strings
        {"days": yaml.safe_load("WED;FRI")},
        {"days": yaml.safe_load("[fri, wed]")},
        {"days": yaml.safe_load("['WED','FRI']")},
        {"days": "fri;WED"},
        {"days": ["Friday", "wednesday"]},
        {"start_time": "2026-12-02T09:00:00-05:00"},
        {"start_time": "2026-12-02 15:00:00+01:00"},
        {"start_time": START},
        {"start_time": str(START)},
        {"duration": 5400},
        {"duration": "90m"},
        {"duration": "5400"},
        {"duration": "1h 30m"},
    ]
    emulator.reset_counters()
    run = playbook([task(dict(WEEKLY, **v), name="variant %d" % i) for i, v in enumerate(variants)])
    assert run.returncode == 0, run.stdout
    for i, variant in enumerate(variants):
        assert run.result("variant %d" % i)["changed"] is False, variant
    assert emulator.writes() == 0
    assert emulator.state() == before
    assert len(events_of(emulator, "Studio A")) == 1


def test_days_stored_out_of_week_order_match_the_same_set(emulator, playbook):
    seed(emulator, [{"title": "Studio A", "sources": [], "events": [
        {"startTime": START, "duration": 5400, "type": "weekly-recurring", "typeData": {"days": ["FRI", "WED"]},
         "command": "set-live", "parameters": {"record": True}, "active": True}]}])
    emulator.reset_counters()
    run = playbook([task(WEEKLY, name="text"), task(dict(WEEKLY, days=["WED", "FRI"]), name="list")])
    assert run.result("text")["changed"] is False
    assert run.result("list")["changed"] is False
    assert emulator.writes() == 0


def test_invalid_input_fails_naming_option_and_value_and_changes_nothing(emulator, playbook):
    seed(emulator, [{"title": "Studio A", "sources": [], "events": [
        {"startTime": START, "duration": 3600, "type": "one-time", "command": "record", "active": True}]}])
    base = {"session": "Studio A", "start_time": "2026-12-09T14:00:00Z", "duration": 3600, "action": "record"}
    cases = [
        (dict(base, recurrence="weekly", days="WED;FUN"), ["days", "'FUN'"]),
        (dict(base, recurrence="weekly", days=["WED", "Someday"]), ["days", "'Someday'"]),
        (dict(base, recurrence="weekly"), ["days", "weekly"]),
        (dict(base, recurrence="one_time", days="WED"), ["days", "one_time"]),
        (dict(base, days=["WED"]), ["days", "one_time"]),
        # onto the stored one-time event
        ({"session": "Studio A", "start_time": START, "days": "WED"}, ["days", "one_time"]),
        (dict(base, start_time="2026-12-09T14:00:00"), ["start_time", "'2026-12-09T14:00:00'", "offset"]),
        (dict(base, start_time="2026-12-09 14:00"), ["start_time", "'2026-12-09 14:00'"]),
        (dict(base, start_time="next tuesday"), ["start_time", "'next tuesday'"]),
        (dict(base, session="Studio Z"), ["session", "'Studio Z'"]),
        (dict(base, duration=-60), ["duration", "-60"]),
        (dict(base, duration="-1h"), ["duration", "'-1h'"]),
        (dict(base, duration="1h30x"), ["duration", "'1h30x'"]),
        (dict(base, duration="soon"), ["duration", "'soon'"]),
        (dict(base, duration=0), ["duration", "0"]),
    ]
    before = emulator.state()
    emulator.reset_counters()
    run = playbook([task(args, name="bad %d" % i, ignore_errors=True) for i, (args, _) in enumerate(cases)])
    for i, (args, expected) in enumerate(cases):
        assert run.status("bad %d" % i) == "failed", (i, args)
        message = run.result("bad %d" % i)["msg"]
        for part in expected:
            assert part in message, (i, part, message)
    assert emulator.writes() == 0
    assert emulator.state() == before


def test_an_ambiguous_session_fails_naming_the_session_option_and_both_ids(emulator, playbook):
    seed(emulator, [{"title": "Double", "sources": []}, {"title": "Double", "sources": []}])
    before = emulator.state()
    both = sorted(s["id"] for s in before["sessions"])
    emulator.reset_counters()
    run = playbook([task(dict(WEEKLY, session="Double"), ignore_errors=True)])
    assert run.status("event") == "failed"
    message = run.result("event")["msg"]
    assert message.startswith("session: "), message
    assert "'Double'" in message and ", ".join(both) in message, message
    assert emulator.writes() == 0
    assert emulator.state() == before


def test_event_info_lists_one_session_or_every_session_with_readable_times(emulator, playbook):
    weekly = {"startTime": START, "duration": 5400, "type": "weekly-recurring", "typeData": {"days": ["WED", "FRI"]},
              "command": "set-live", "parameters": {"record": True}, "active": True}
    once = {"startTime": 1798812000, "duration": 3600, "type": "one-time", "command": "record", "active": False}
    ids = seed(emulator, [{"title": "Studio A", "sources": [], "events": [weekly]},
                          {"title": "Studio B", "sources": [], "events": [once]},
                          {"title": "Studio C", "sources": []}])
    event_ids = dict((s["title"], [e["id"] for e in s["events"]]) for s in emulator.state()["sessions"])
    run = playbook([
        task({"session": "Studio A"}, name="one", module=INFO),
        task({"session": ids["Studio B"]}, name="by session id", module=INFO),
        task({"session": "Studio C"}, name="empty", module=INFO),
        task({}, name="every", module=INFO),
        task({"id": event_ids["Studio B"][0]}, name="by id", module=INFO),
    ])
    assert run.returncode == 0, run.stdout
    [a] = run.result("one")["events"]
    assert (a["id"], a["session_id"], a["session_title"]) == (event_ids["Studio A"][0], ids["Studio A"], "Studio A")
    assert (a["startTime"], a["duration"], a["typeData"], a["command"]) == \
        (START, 5400, {"days": ["WED", "FRI"]}, "set-live")
    assert (a["start_time_utc"], a["end_time_utc"]) == ("2026-12-02T14:00:00Z", "2026-12-02T15:30:00Z")
    [b] = run.result("by session id")["events"]
    assert (b["session_title"], b["start_time_utc"], b["end_time_utc"]) == \
        ("Studio B", "2027-01-01T14:00:00Z", "2027-01-01T15:00:00Z")
    assert run.result("empty")["events"] == []
    every = run.result("every")["events"]
    assert sorted((e["session_title"], e["start_time_utc"]) for e in every) == \
        [("Studio A", "2026-12-02T14:00:00Z"), ("Studio B", "2027-01-01T14:00:00Z")]
    assert [e["session_title"] for e in run.result("by id")["events"]] == ["Studio B"]


def test_event_info_fails_on_an_unknown_session(emulator, playbook):
    seed(emulator)
    run = playbook([task({"session": "Studio Z"}, name="unknown", module=INFO, ignore_errors=True)])
    assert run.status("unknown") == "failed"
    message = run.result("unknown")["msg"]
    assert "session" in message and "'Studio Z'" in message
