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
    """Create, the same again, an update in check mode, the update, again, delete, delete again: one play, each
    task's writes read from the emulator's request log."""
    ids = seed(emulator)
    update = dict(WEEKLY, days="MON;WED;FRI", enabled=False)
    gone = {"session": "Studio A", "start_time": "2026-12-02T14:00:00Z", "state": "absent"}
    event_path = "/apis/sessions/:sessionId/events"
    steps = ["create", "again", "update in check mode", "update", "update again", "delete", "delete again"]
    run = playbook([
        task(WEEKLY, name="create", diff=True),
        task(WEEKLY, name="again"),
        task(update, name="update in check mode", check_mode=True, diff=True),
        task({"session": "Studio A", "start_time": START, "days": ["mon", "wed", "fri"], "enabled": False},
             name="update", diff=True),
        task(update, name="update again"),
        task(gone, name="delete", diff=True),
        task(dict(gone, start_time=START), name="delete again"),
    ])
    assert run.returncode == 0, run.stdout
    assert run.changes(*steps) == {"create": True, "again": False, "update in check mode": True, "update": True,
                                   "update again": False, "delete": True, "delete again": False}
    assert [run.writes(step) for step in steps] == [
        ["POST " + event_path], [], [], ["PUT %s/:eventId" % event_path], [], ["DELETE %s/:eventId" % event_path], []]

    created = run.result("create")  # a diff in option names; the event sent under its session
    assert created["diff"]["before"] == {}
    assert created["diff"]["after"] == {"start_time": "2026-12-02T14:00:00Z", "duration": 5400, "recurrence": "weekly",
                                        "days": ["WED", "FRI"], "action": "live_and_record", "enabled": True}
    [posted] = run.sent("create", "POST " + event_path)
    assert (posted["startTime"], posted["duration"], posted["type"], posted["typeData"]) == \
        (START, 5400, "weekly-recurring", {"days": ["WED", "FRI"]})
    assert (posted["command"], posted["parameters"], posted["active"]) == ("set-live", {"record": True}, True)
    [entry] = [e for e in run.requests("create") if e["method"] == "POST" and "/events" in e["path"]]
    assert entry["path"] == "/apis/sessions/%s/events" % ids["Studio A"]
    assert created["event"]["id"]

    assert run.result("update in check mode")["diff"]["after"]["days"] == ["MON", "WED", "FRI"]
    result = run.result("update")  # the rest is kept: the whole event is sent
    assert (result["diff"]["before"]["days"], result["diff"]["before"]["enabled"]) == (["WED", "FRI"], True)
    assert (result["diff"]["after"]["days"], result["diff"]["after"]["enabled"]) == (["MON", "WED", "FRI"], False)
    assert result["diff"]["after"]["action"] == "live_and_record"
    [put] = run.sent("update", "PUT %s/:eventId" % event_path)
    assert (put["typeData"], put["active"], put["duration"], put["command"], put["parameters"]) == \
        ({"days": ["MON", "WED", "FRI"]}, False, 5400, "set-live", {"record": True})

    deleted = run.result("delete")
    assert deleted["diff"]["after"] == {} and deleted["event"] is None
    assert events_of(emulator, "Studio A") == [] and events_of(emulator, "Studio B") == []


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


def test_event_info_filters_by_start_time_as_an_instant_read_then_filtered(emulator, playbook):
    once = {"startTime": START, "duration": 3600, "type": "one-time", "command": "record", "active": True}
    later = dict(once, startTime=START + 3600)
    seed(emulator, [{"title": "Studio A", "sources": [], "events": [once, later]},
                    {"title": "Studio B", "sources": [], "events": [dict(once)]}])
    emulator.reset_counters()
    emulator.clear_requests_log()
    run = playbook([
        task({"start_time": "2026-12-02T09:00:00-05:00"}, name="every session", module=INFO),
        task({"session": "Studio A", "start_time": START + 3600}, name="one session", module=INFO),
        task({"session": "Studio A", "start_time": "2026-12-02T15:00:01Z"}, name="none", module=INFO),
        task({"start_time": "2026-12-02 14:00:00"}, name="no offset", module=INFO, ignore_errors=True),
    ])
    assert sorted(e["session_title"] for e in run.result("every session")["events"]) == ["Studio A", "Studio B"]
    assert all(e["start_time_utc"] == "2026-12-02T14:00:00Z" for e in run.result("every session")["events"])
    assert [e["start_time_utc"] for e in run.result("one session")["events"]] == ["2026-12-02T15:00:00Z"]
    assert run.result("none")["events"] == []
    assert run.status("no offset") == "failed"
    assert run.result("no offset")["msg"].startswith("start_time: '2026-12-02 14:00:00' has no UTC offset")
    assert run.requests("no offset") == []  # refused before any request
    reads = [e for e in run.requests("one session") if e["route"] == "/apis/sessions/:sessionId/events"]
    assert len(reads) == 1 and all("startTime" not in (e["query"] or "") for e in reads)  # HMP has no such filter
    assert emulator.writes() == 0


def test_event_info_fails_on_an_unknown_session(emulator, playbook):
    seed(emulator)
    run = playbook([task({"session": "Studio Z"}, name="unknown", module=INFO, ignore_errors=True)])
    assert run.status("unknown") == "failed"
    message = run.result("unknown")["msg"]
    assert "session" in message and "'Studio Z'" in message
