"""hmp_config's engine over an in-memory client: declaration checks, dry run before writing, purge."""

import calendar
import threading
import time

import pytest

from ansible_collections.haivision.hmp.plugins.module_utils.engine._client import HmpApiError
from ansible_collections.haivision.hmp.plugins.module_utils.features._config import purge_types, reconcile_server
from ansible_collections.haivision.hmp.plugins.module_utils.engine._schema import InvalidValue

from fakes import FakeClient

SOURCES, SESSIONS, USERS, ROLES = "/apis/sources", "/apis/sessions", "/apis/users", "/apis/roles"


def client(**collections):
    base = {SOURCES: [], SESSIONS: [], USERS: [], ROLES: [{"id": "viewer", "name": "Viewer"}]}
    base.update(dict(("/apis/" + k, v) for k, v in collections.items()))
    return FakeClient(base, members={"sources": "sourceId"})


def cam(name, port=4900):
    return {"name": name, "type": "udp", "multicast": False, "port": port}


@pytest.mark.parametrize("purge, expected", [
    (False, ()), (None, ()), ("no", ()), (True, ("sources", "sessions", "events", "users")),
    ("yes", ("sources", "sessions", "events", "users")), ("events", ("events",)), (["users", "sources"], ("users", "sources")),
])
def test_purge_takes_booleans_and_lists_of_types(purge, expected):
    assert purge_types(purge) == expected


@pytest.mark.parametrize("purge", ["everything", ["sources", "widgets"], 3])
def test_purge_refuses_anything_else_naming_it(purge):
    with pytest.raises(InvalidValue) as raised:
        purge_types(purge)
    assert str(raised.value).startswith("purge: ")


def test_a_bad_reference_late_in_the_declaration_stops_the_task_before_the_first_write():
    fake = client()
    declared = {"sources": [cam("Cam 1")], "sessions": [{"title": "S", "sources": ["Cam 1", "Ghost"]}]}
    with pytest.raises(InvalidValue) as raised:
        reconcile_server(fake, declared)
    assert str(raised.value).startswith("sessions[0].sources: no source has the name or id 'Ghost'")
    assert fake.writes == []


def test_a_value_the_plan_refuses_names_its_path_and_nothing_is_written():
    fake = client()
    declared = {"sources": [cam("Cam 1"), {"name": "SRT", "type": "srt", "port": 9000}]}
    with pytest.raises(InvalidValue) as raised:
        reconcile_server(fake, declared)
    assert str(raised.value).startswith("sources[1].srt_mode: required for an srt source")
    assert fake.writes == []


def test_sessions_reference_sources_the_same_task_creates():
    fake = client()
    result = reconcile_server(fake, {"sources": [cam("Cam 1")], "sessions": [{"title": "S", "sources": ["Cam 1"]}]})
    source_id = fake.collections[SOURCES][0]["id"]
    session_id = fake.collections[SESSIONS][0]["id"]
    assert ("POST", "%s/%s/sources" % (SESSIONS, session_id), {"sourceId": source_id}) in fake.writes
    assert result["summary"]["sessions"]["created"] == ["S"]


def test_the_events_of_a_session_the_task_creates_are_created_without_reading_its_empty_list():
    fake = client()
    event = {"start_time": "2027-01-01T14:00:00Z", "duration": "1h", "action": "record"}
    result = reconcile_server(fake, {"sessions": [{"title": "S", "events": [event]}]})
    session_id = fake.collections[SESSIONS][0]["id"]
    assert result["summary"]["events"]["created"] == ["S @ 2027-01-01T14:00:00Z"]
    assert "%s/%s/events" % (SESSIONS, session_id) not in fake.reads
    assert [w[:2] for w in fake.writes] == [("POST", SESSIONS), ("POST", "%s/%s/events" % (SESSIONS, session_id))]


def test_check_mode_plans_references_to_sources_it_would_create_and_writes_nothing():
    fake = client()
    result = reconcile_server(fake, {"sources": [cam("Cam 1")], "sessions": [{"title": "S", "sources": ["Cam 1"]}]},
                              check_mode=True, diff_mode=True)
    assert fake.writes == []
    assert result["diff"]["after"]["sessions"]["S"]["sources"] == ["Cam 1"]


def test_purge_keeps_the_login_account_undeclared_and_says_so_and_purges_the_others():
    fake = client(users=[{"id": "u1", "username": "ops-admin", "roles": ["admin"]},
                         {"id": "u2", "username": "old", "roles": ["viewer"]}])
    fake.username = "ops-admin"
    result = reconcile_server(fake, {"users": [], "purge": ["users"]})
    assert result["summary"]["users"]["deleted"] == ["old"]
    assert result["summary"]["users"]["unchanged"] == 0
    assert result["kept"] == [{"type": "users", "name": "ops-admin",
                               "why": "the account this task is logged in with, which HMP refuses to delete"}]
    assert fake.writes == [("DELETE", USERS + "/u2", None)]
    assert "warnings" not in result


def test_purge_keeps_the_login_account_once_declared_too_and_reports_nothing_kept():
    fake = client(users=[{"id": "u1", "username": "ops-admin", "roles": ["admin"]},
                         {"id": "u2", "username": "old", "roles": ["viewer"]}])
    fake.username = "ops-admin"
    result = reconcile_server(fake, {"users": [{"username": "ops-admin"}], "purge": ["users"]})
    assert result["summary"]["users"]["deleted"] == ["old"] and result["kept"] == []
    assert fake.writes == [("DELETE", USERS + "/u2", None)]


@pytest.mark.parametrize("declared", [{"username": "ops-admin", "state": "absent"},
                                      {"id": "u1", "username": "ops-admin", "state": "absent"}])
def test_a_declared_absent_login_account_is_still_refused_before_any_write(declared):
    fake = client(users=[{"id": "u1", "username": "ops-admin", "roles": ["admin"]},
                         {"id": "u2", "username": "old", "roles": ["viewer"]}])
    fake.username = "ops-admin"
    with pytest.raises(InvalidValue) as raised:
        reconcile_server(fake, {"users": [{"username": "new", "password": "New-pass-1234"}, declared],
                                "purge": ["users"]})
    assert str(raised.value).startswith("users[1].username: 'ops-admin' is the account this task is logged in with")
    assert fake.writes == []


def test_purge_never_deletes_the_built_in_accounts_but_a_declaration_can():
    fake = client(users=[{"id": "u1", "username": "haiadmin", "roles": ["admin"]},
                         {"id": "u2", "username": "operator", "roles": ["creator"]},
                         {"id": "u3", "username": "old", "roles": ["viewer"]}])
    fake.username = "ops-admin"
    result = reconcile_server(fake, {"users": [], "purge": ["users"]})
    assert result["summary"]["users"]["deleted"] == ["old"]
    assert result["kept"] == [{"type": "users", "name": "haiadmin", "why": "a built-in account of HMP"},
                              {"type": "users", "name": "operator", "why": "a built-in account of HMP"}]
    result = reconcile_server(fake, {"users": [{"username": "operator", "state": "absent"}], "purge": ["users"]})
    assert result["summary"]["users"]["deleted"] == ["operator"]


def test_declared_twice_is_refused_with_both_paths():
    with pytest.raises(InvalidValue) as raised:
        reconcile_server(client(), {"sources": [cam("A"), cam("B"), cam("A", 5000)]})
    assert str(raised.value) == "sources[2].name: 'A' is declared twice (also at sources[0])"


def test_an_event_declared_twice_is_shown_by_its_time_not_epoch_seconds():
    event = {"start_time": "2027-01-01T14:00:00Z", "duration": "1h", "action": "record"}
    with pytest.raises(InvalidValue) as raised:
        reconcile_server(client(), {"sessions": [{"title": "S", "events": [event, dict(event, duration="2h")]}]})
    assert str(raised.value) == ("sessions[0].events[1].start_time: 2027-01-01T14:00:00Z is declared twice "
                                 "(also at sessions[0].events[0])")


def test_purge_asks_hmp_once_who_an_api_key_logs_in_as_and_keeps_that_account():
    fake = client(users=[{"id": "u1", "username": "keyholder", "roles": ["admin"]},
                         {"id": "u2", "username": "old", "roles": ["viewer"]}])
    asked = []
    fake.api_key = "key-of-keyholder"
    fake.session_info = lambda: asked.append(1) or {"username": "keyholder"}
    result = reconcile_server(fake, {"users": [], "purge": True})
    assert result["kept"] == [{"type": "users", "name": "keyholder", "why": "the account this task is logged in "
                               "with (through hmp_api_key), which HMP refuses to delete"}]
    assert fake.writes == [("DELETE", USERS + "/u2", None)] and asked == [1]


def test_events_are_read_for_the_declared_sessions_only_once_each_and_in_threads():
    sessions = [{"id": "s%d" % n, "title": "Show %d" % n, "sources": []} for n in range(6)]
    fake = client(sessions=sessions)
    reader_threads = set()
    list_events = fake.list

    def list_in_a_thread(path, params=None, empty_codes=None):
        if path.endswith("/events"):
            reader_threads.add(threading.current_thread().name)
        return list_events(path, params, empty_codes)

    fake.list = list_in_a_thread
    declared = {"sessions": [{"title": "Show %d" % n, "state": state} for n, state in
                             ((0, "present"), (2, "present"), (3, "present"), (5, "absent"))]}
    reconcile_server(fake, declared)
    event_reads = [path for path in fake.reads if path.endswith("/events")]
    assert sorted(event_reads) == ["/apis/sessions/s0/events", "/apis/sessions/s2/events", "/apis/sessions/s3/events"]
    assert threading.current_thread().name not in reader_threads


def test_every_declared_object_takes_the_options_of_its_module_id_included():
    from ansible_collections.haivision.hmp.plugins.module_utils.features._config import argument_spec
    spec = argument_spec()
    for kind in ("sources", "sessions", "users"):
        assert spec[kind]["options"]["id"] == {"type": "str"}
    assert spec["sessions"]["options"]["events"]["options"]["id"] == {"type": "str"}
    assert "session" not in spec["sessions"]["options"]["events"]["options"]  # declared inside its session


def test_an_event_declared_by_id_is_found_under_its_session_and_moved_to_its_new_start_time():
    events = [{"id": "e1", "startTime": 1798812000, "duration": 3600, "type": "one-time", "command": "record",
               "parameters": {}, "active": True, "module": "session"}]
    fake = client(sessions=[{"id": "s1", "title": "S", "sources": []}], **{"sessions/s1/events": events})
    moved = {"id": "e1", "start_time": "2027-01-01T15:00:00Z"}
    result = reconcile_server(fake, {"sessions": [{"title": "S", "events": [moved]}], "purge": ["events"]})
    assert result["summary"]["events"]["updated"] == ["S @ 2027-01-01T15:00:00Z"]
    assert result["summary"]["events"]["deleted"] == []  # the event it moved is declared
    [(method, path, body)] = fake.writes
    assert (method, path, body["startTime"], body["duration"]) == ("PUT", SESSIONS + "/s1/events/e1", 1798815600, 3600)


def test_an_event_id_of_another_session_fails_naming_its_path_before_any_write():
    events = [{"id": "e1", "startTime": 1798812000, "duration": 3600, "type": "one-time", "command": "record",
               "parameters": {}, "active": True}]
    fake = client(sessions=[{"id": "s1", "title": "S", "sources": []}, {"id": "s2", "title": "T", "sources": []}],
                  **{"sessions/s1/events": events, "sessions/s2/events": []})
    declared = {"sessions": [{"title": "T", "events": [{"id": "e1", "start_time": "2027-01-01T15:00:00Z"}]}]}
    with pytest.raises(InvalidValue) as raised:
        reconcile_server(fake, declared)
    assert str(raised.value).startswith("sessions[0].events[0].id: no event has the id 'e1'")
    assert fake.writes == []


def test_a_user_declared_by_id_is_found_by_it_and_another_username_fails_before_any_write():
    def users():
        return [{"id": "u1", "username": "jdoe", "displayName": "Jane", "email": "", "roles": []},
                {"id": "u2", "username": "old", "displayName": "", "email": "", "roles": []}]
    fake = client(users=users())
    fake.username = "haiadmin"
    result = reconcile_server(fake, {"users": [{"id": "u1", "username": "jdoe", "display_name": "J. Doe"}],
                                     "purge": ["users"]})
    assert result["summary"]["users"] == {"created": [], "updated": ["jdoe"], "deleted": ["old"], "unchanged": 0}
    assert [w[:2] for w in fake.writes] == [("PUT", USERS + "/u1"), ("DELETE", USERS + "/u2")]
    fake = client(users=users())
    with pytest.raises(InvalidValue) as raised:
        reconcile_server(fake, {"users": [{"id": "u1", "username": "jane"}]})
    assert str(raised.value).startswith("users[0].username: HMP cannot rename a user account: the user with the id "
                                        "'u1' is 'jdoe', and this task asks for 'jane'")
    assert fake.writes == []


# -- workers ------------------------------------------------------------------------------------------------------
EVENT_TIMES = ["2027-01-0%dT10:00:00Z" % day for day in range(1, 4)]
EPOCHS = [calendar.timegm(time.strptime(t, "%Y-%m-%dT%H:%M:%SZ")) for t in EVENT_TIMES]


def mixed(extra=True):
    """Sources (one a copy of another), two sessions with sources and events, users; with ``extra``, one undeclared
    object of each type on the server for purge."""
    def event(start):
        return {"start_time": start, "duration": "1h", "action": "record"}
    declared = {
        "sources": [cam("Cam %d" % n, 4900 + n) for n in range(1, 6)] + [{"name": "Cam 6", "copy_from": "Cam 1",
                                                                            "port": 4906}],
        "sessions": [{"title": "Show A", "sources": ["Cam 1", "Cam 2"], "events": [event(EVENT_TIMES[0]),
                                                                                event(EVENT_TIMES[1])]},
                     {"title": "Show B", "sources": ["Cam 6"], "events": [event(EVENT_TIMES[2])]}],
        "users": [{"username": "op-%d" % n, "password": "Op-password-%04d" % n, "roles": ["Viewer"]} for n in (1, 2)],
        "purge": True,
    }
    fake = client(sources=[dict(cam("Old cam", 4800), id="x1")] if extra else [],
                  sessions=[{"id": "x2", "title": "Old show", "sources": []}] if extra else [],
                  users=[{"id": "x3", "username": "old-op", "roles": ["viewer"]}] if extra else [])
    fake.username = "admin"
    fake.actions = ("password",)
    return fake, declared


def by_name(fake):
    """Each write as (method, collection, name of what it is about): ids differ from run to run, names do not."""
    names = {}
    for path in (SOURCES, SESSIONS, USERS):
        for one in fake.collections.get(path, []):
            names[one["id"]] = one.get("name") or one.get("title") or one.get("username")
    for path, objects in fake.collections.items():
        if path.endswith("/events"):
            for one in objects:
                names[one["id"]] = one.get("startTime")
    shown = []
    for method, path, body in fake.writes:
        parts = [names.get(part, part) for part in path.split("/")]
        about = (body or {}).get("name") or (body or {}).get("title") or (body or {}).get("username")
        about = about or names.get((body or {}).get("sourceId")) or (body or {}).get("startTime")
        shown.append((method, "/".join(parts), about))
    return shown


def test_workers_1_sends_each_write_one_at_a_time_in_the_declaration_order():
    fake, declared = mixed()
    reconcile_server(fake, dict(declared, workers=1))
    writes = by_name(fake)
    # a session's new members go in the order of their ids (HMP's): compare them as a set
    members = [w for w in writes if w[1].startswith(SESSIONS + "/") and w[1].endswith("/sources")]
    assert sorted(members) == [("POST", "/apis/sessions/Show A/sources", "Cam 1"),
                               ("POST", "/apis/sessions/Show A/sources", "Cam 2"),
                               ("POST", "/apis/sessions/Show B/sources", "Cam 6")]
    member = ("POST", "member", None)
    assert [member if w in members else w for w in writes] == [
        ("POST", SOURCES, "Cam 1"), ("POST", SOURCES, "Cam 2"), ("POST", SOURCES, "Cam 3"), ("POST", SOURCES, "Cam 4"),
        ("POST", SOURCES, "Cam 5"),
        ("POST", SOURCES, "Cam 6"),  # the copy, once what it copies exists
        ("POST", SESSIONS, "Show A"), member, member,
        ("POST", SESSIONS + "/Show A/events", EPOCHS[0]), ("POST", SESSIONS + "/Show A/events", EPOCHS[1]),
        ("POST", SESSIONS, "Show B"), member, ("POST", SESSIONS + "/Show B/events", EPOCHS[2]),
        ("POST", USERS, "op-1"), ("POST", USERS, "op-2"),
        ("DELETE", USERS + "/x3", None), ("DELETE", SESSIONS + "/x2", None), ("DELETE", SOURCES + "/x1", None),
    ]  # purge last, in reverse dependency order


class Slow(object):
    """A client whose answers come back in another order than the requests went out: the earlier a source or user
    in the declaration, the slower its answer. Counts how many requests were in flight at once; ``refused`` names
    the objects HMP refuses (HTTP 400), the later one answered first."""

    def __init__(self, fake, refused=()):
        self.fake, self.refused = fake, set(refused)
        self.lock = threading.Lock()
        self.in_flight = self.most_in_flight = 0
        self.request_of = fake.request

    def __call__(self, method, path, body=None, params=None, took_effect=None):
        name = (body or {}).get("name") or (body or {}).get("username") or ""
        with self.lock:
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            digits = "".join(c for c in name if c.isdigit())
            time.sleep(0.05 * (10 - int(digits)) if digits else 0.01)
            if name in self.refused:
                raise HmpApiError(method, path, 400, "010000", "InvalidInput", "%s refused" % name)
            return self.request_of(method, path, body, params, took_effect)
        finally:
            with self.lock:
                self.in_flight -= 1


def test_workers_send_the_same_writes_as_one_at_a_time_and_report_them_in_the_declaration_order():
    one_at_a_time, declared = mixed()
    expected = reconcile_server(one_at_a_time, dict(declared, workers=1), diff_mode=True)
    fake, declared = mixed()
    slow = fake.request = Slow(fake)
    result = reconcile_server(fake, dict(declared, workers=4), diff_mode=True)
    assert slow.most_in_flight == 4  # they did go out together ...
    assert sorted(by_name(fake), key=repr) == sorted(by_name(one_at_a_time), key=repr)  # ... the same writes ...
    assert result == expected  # ... the same summary, diff and order, though the answers came back reversed


def test_the_first_failure_in_the_declaration_order_is_reported_and_nothing_after_its_wave_is_sent():
    fake, declared = mixed(extra=False)
    fake.request = Slow(fake, refused=("Cam 2", "Cam 5"))  # Cam 5 fails first: its answer is the fastest
    with pytest.raises(HmpApiError) as raised:
        reconcile_server(fake, dict(declared, workers=4))
    assert "Cam 2 refused" in str(raised.value)
    assert [path for _m, path, _b in fake.writes] == [SOURCES] * len(fake.writes)  # no session, no user


def test_workers_must_be_a_whole_number_of_1_or_more_before_anything_is_read():
    for workers in (0, -2, "4", 2.5, True):
        fake, declared = mixed()
        with pytest.raises(InvalidValue) as raised:
            reconcile_server(fake, dict(declared, workers=workers))
        assert str(raised.value) == "workers: %r is not a whole number of 1 or more (1 sends one request at a time)" % (
            workers,)
        assert fake.reads == [] and fake.writes == []


def test_check_mode_with_workers_plans_the_same_and_writes_nothing():
    planned = []
    for workers in (1, 4):
        fake, declared = mixed()
        planned.append(reconcile_server(fake, dict(declared, workers=workers), check_mode=True, diff_mode=True))
        assert fake.writes == []
    assert planned[0] == planned[1] and planned[0]["changed"] is True


def test_the_events_read_ahead_that_fail_stop_the_task_before_any_write_and_no_read_outlives_it():
    sessions = [{"id": "s%d" % n, "title": "Show %d" % n, "sources": []} for n in range(6)]
    fake = client(sessions=sessions)
    list_of = fake.list

    def failing_list(path, params=None, empty_codes=None):
        if path == SESSIONS + "/s3/events":
            raise HmpApiError("GET", path, 500, None, None, "the server failed")
        time.sleep(0.05)
        return list_of(path, params, empty_codes)

    fake.list = failing_list
    event = {"start_time": EVENT_TIMES[0], "duration": "1h", "action": "record"}
    declared = {"sources": [cam("Cam 1")],
                "sessions": [{"title": "Show %d" % n, "events": [event]} for n in range(6)]}
    before = set(threading.enumerate())
    with pytest.raises(HmpApiError) as raised:
        reconcile_server(fake, declared)
    assert raised.value.path == SESSIONS + "/s3/events"
    assert fake.writes == []  # not even the source, which needs no events list
    assert set(threading.enumerate()) <= before  # every read ahead had ended when the task did


def test_workers_1_never_has_two_requests_in_flight_reads_included():
    sessions = [{"id": "s%d" % n, "title": "Show %d" % n, "sources": []} for n in range(6)]
    fake = client(sessions=sessions)
    lock, flight = threading.Lock(), {"now": 0, "most": 0}

    def one_at_a_time(call):
        def counted(*args, **kwargs):
            with lock:
                flight["now"] += 1
                flight["most"] = max(flight["most"], flight["now"])
            try:
                time.sleep(0.01)
                return call(*args, **kwargs)
            finally:
                with lock:
                    flight["now"] -= 1
        return counted

    fake.list, fake.request = one_at_a_time(fake.list), one_at_a_time(fake.request)
    event = {"start_time": EVENT_TIMES[0], "duration": "1h", "action": "record"}
    declared = {"sources": [cam("Cam %d" % n, 4900 + n) for n in range(4)],
                "sessions": [{"title": "Show %d" % n, "events": [event]} for n in range(6)], "workers": 1}
    reconcile_server(fake, declared)
    assert len(fake.writes) == 10 and flight["most"] == 1
    flight["most"] = 0
    fake2 = client(sessions=[dict(s) for s in sessions])
    fake2.list, fake2.request = one_at_a_time(fake2.list), one_at_a_time(fake2.request)
    reconcile_server(fake2, dict(declared, workers=4))
    assert flight["most"] > 1  # the same declaration with workers does read and write together
