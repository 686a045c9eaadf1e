"""Session events (contract: events, event_delete).
Validation errors on the events pages are 400 `010000` BadRequest (the code of the endpoint's own
page)."""
import pytest

SESSION_NOT_FOUND = ("040006", "SessionNotFound", "Session not found")
WEEKLY = {"module": "session", "startTime": 1592344800, "duration": 7200, "type": "weekly-recurring",
          "typeData": {"days": ["MON", "WED", "SAT"]}, "command": "set-live",
          "parameters": {"record": True}, "active": True}
ONE_TIME = {"module": "session", "startTime": 1798812000, "duration": 3600, "type": "one-time",
            "command": "record", "active": True}


def test_create_weekly_event_201(admin, make):
    sess = make.session(title="Test Session")
    d = admin.ok(admin.post(f"/apis/sessions/{sess['id']}/events", WEEKLY), 201)
    for k, v in WEEKLY.items():
        assert d[k] == v, k
    assert d["moduleId"] == sess["id"] and isinstance(d["id"], str) and d["id"]


def test_create_one_time_record_event(admin, make):
    sess = make.session()
    d = admin.ok(admin.post(f"/apis/sessions/{sess['id']}/events", ONE_TIME), 201)
    assert (d["type"], d["command"], d["startTime"], d["duration"]) == ("one-time", "record",
                                                                       1798812000, 3600)


def test_create_event_ignores_module_id_in_body(admin, make):
    sess, other = make.session(), make.session()
    d = admin.ok(admin.post(f"/apis/sessions/{sess['id']}/events",
                            dict(ONE_TIME, moduleId=other["id"])), 201)
    assert d["moduleId"] == sess["id"]  # moduleId is Ignored, set from the URL


def test_create_event_all_weekdays(admin, make):
    sess = make.session()
    days = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"]
    d = admin.ok(admin.post(f"/apis/sessions/{sess['id']}/events",
                            dict(WEEKLY, typeData={"days": days})), 201)
    assert d["typeData"]["days"] == days


def test_create_event_for_unknown_session_is_404(admin):
    admin.err(admin.post("/apis/sessions/unknown-id/events", ONE_TIME), 404, *SESSION_NOT_FOUND)


@pytest.mark.parametrize("change", [
    {"type": "daily"},
    {"command": "stream"},
    {"typeData": {"days": ["MON", "FUN"]}},
    {"typeData": None},
    {"startTime": "tomorrow"},
])
def test_create_invalid_event_is_400_bad_request(admin, make, state, change):
    sess = make.session()
    before = state()
    r = admin.post(f"/apis/sessions/{sess['id']}/events", dict(WEEKLY, **change))
    admin.err(r, 400, "010000", "BadRequest")
    assert state() == before


def test_create_set_live_event_without_parameters_is_400(admin, make):
    sess = make.session()
    body = {k: v for k, v in WEEKLY.items() if k != "parameters"}
    admin.err(admin.post(f"/apis/sessions/{sess['id']}/events", body), 400, "010000", "BadRequest")


def test_create_weekly_event_without_type_data_is_400(admin, make):
    sess = make.session()
    body = {k: v for k, v in WEEKLY.items() if k != "typeData"}
    admin.err(admin.post(f"/apis/sessions/{sess['id']}/events", body), 400, "010000", "BadRequest")


def test_list_events_carries_session_title(admin, make):
    sess = make.session(title="Test Session")
    e1 = make.event(sess["id"])
    e2 = make.event(sess["id"], **WEEKLY)
    data, paging = admin.ok_list(admin.get(f"/apis/sessions/{sess['id']}/events"))
    assert {e["id"] for e in data} == {e1["id"], e2["id"]}
    assert all(e["title"] == "Test Session" for e in data)
    assert paging["results"] == 2


def test_list_events_empty_is_404_no_results(admin, make):
    sess = make.session()
    admin.err(admin.get(f"/apis/sessions/{sess['id']}/events"), 404, "040012", "NoResults",
              "No results")


def test_list_events_of_unknown_session_is_404_session_not_found(admin):
    # the code tells a missing parent from an empty list (contract: empty_list)
    admin.err(admin.get("/apis/sessions/unknown-id/events"), 404, *SESSION_NOT_FOUND)


def test_events_belong_to_their_session(admin, make):
    s1, s2 = make.session(), make.session()
    e = make.event(s1["id"])
    admin.err(admin.get(f"/apis/sessions/{s2['id']}/events"), 404, "040012", "NoResults")
    admin.err(admin.get(f"/apis/sessions/{s2['id']}/events/{e['id']}"), 404, "040031")


def test_get_event(admin, make):
    sess = make.session()
    e = make.event(sess["id"], **WEEKLY)
    d = admin.ok(admin.get(f"/apis/sessions/{sess['id']}/events/{e['id']}"))
    assert d["id"] == e["id"] and d["typeData"] == WEEKLY["typeData"]


def test_get_unknown_event_is_404(admin, make):
    sess = make.session()
    r = admin.get(f"/apis/sessions/{sess['id']}/events/unknown-id")
    admin.err(r, 404, "040031", "ScheduleEventNotFound", "Scheduled event not found")


def test_put_event(admin, make):
    sess = make.session()
    e = make.event(sess["id"], **WEEKLY)
    body = dict(WEEKLY, moduleId=sess["id"], duration=3600, typeData={"days": ["TUE", "THU", "SUN"]})
    d = admin.ok(admin.put(f"/apis/sessions/{sess['id']}/events/{e['id']}", body))
    assert d["duration"] == 3600 and d["typeData"]["days"] == ["TUE", "THU", "SUN"]
    assert d["id"] == e["id"] and d["moduleId"] == sess["id"]
    again = admin.ok(admin.get(f"/apis/sessions/{sess['id']}/events/{e['id']}"))
    assert again["typeData"]["days"] == ["TUE", "THU", "SUN"]


def test_put_event_deactivates(admin, make):
    sess = make.session()
    e = make.event(sess["id"])
    d = admin.ok(admin.put(f"/apis/sessions/{sess['id']}/events/{e['id']}",
                           dict(ONE_TIME, active=False)))
    assert d["active"] is False


def test_put_unknown_event_is_404(admin, make):
    sess = make.session()
    r = admin.put(f"/apis/sessions/{sess['id']}/events/unknown-id", ONE_TIME)
    admin.err(r, 404, "040031", "ScheduledEventNotFound", "Scheduled event not found")


def test_put_event_of_unknown_session_is_404(admin):
    r = admin.put("/apis/sessions/unknown-id/events/unknown-id", ONE_TIME)
    admin.err(r, 404, *SESSION_NOT_FOUND)


def test_put_invalid_event_is_400(admin, make, state):
    sess = make.session()
    e = make.event(sess["id"])
    before = state()
    r = admin.put(f"/apis/sessions/{sess['id']}/events/{e['id']}", dict(ONE_TIME, command="explode"))
    admin.err(r, 400, "010000", "BadRequest")
    assert state() == before


def test_delete_event_extension(admin, make):
    # undocumented extension, 200 with empty body (contract: event_delete)
    sess = make.session()
    e = make.event(sess["id"])
    admin.ok_empty(admin.delete(f"/apis/sessions/{sess['id']}/events/{e['id']}"))
    admin.err(admin.get(f"/apis/sessions/{sess['id']}/events/{e['id']}"), 404, "040031")
    admin.err(admin.get(f"/apis/sessions/{sess['id']}/events"), 404, "040012", "NoResults")


def test_delete_unknown_event_is_404(admin, make):
    sess = make.session()
    r = admin.delete(f"/apis/sessions/{sess['id']}/events/unknown-id")
    admin.err(r, 404, "040031", ("ScheduleEventNotFound", "ScheduledEventNotFound"),
              "Scheduled event not found")


def test_delete_event_of_unknown_session_is_404(admin):
    admin.err(admin.delete("/apis/sessions/unknown-id/events/unknown-id"), 404, *SESSION_NOT_FOUND)
