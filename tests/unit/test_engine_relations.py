"""The engine's relations between objects, over an in-memory client: members kept in sub-collections,
references by name or id, write-only fields, defaults at creation, objects under a parent, and the
guard against changing a session that is recording. Check mode sends no write for any of them."""

import pytest

from ansible_collections.haivision.hmp.plugins.module_utils.engine._reconcile import ensure
from ansible_collections.haivision.hmp.plugins.module_utils._resources import (
    EVENT,
    SESSION,
    USER,
    InvalidValue,
)

from fakes import FakeClient

SOURCES = "/apis/sources"
SESSIONS = "/apis/sessions"
USERS = "/apis/users"
ROLES = "/apis/roles"
TWO_PM = 1796220000  # 2026-12-02T14:00:00Z
PASSWORD = "Jdoe-Password-2026"
NEW_PASSWORD = "Jdoe-Password-2027"

ROLE_LIST = [{"id": "admin", "name": "Administrator", "admin": True},
             {"id": "creator", "name": "Content Creator", "admin": False},
             {"id": "contributor", "name": "Content Contributor", "admin": False},
             {"id": "viewer", "name": "Viewer", "admin": False},
             {"id": "stb", "name": "Set-Top Box", "admin": False}]


def source(letter):
    return {"id": "src-" + letter.lower(), "name": "Cam " + letter, "type": "UDP", "host": "0.0.0.0",
            "port": 5000, "multicast": False}


def session(sid="s1", title="Studio A", members=(), recording=False, **extra):
    found = {"id": sid, "title": title, "description": "", "syncrecord": False, "active": False,
             "sources": list(members), "recording": recording}
    found.update(extra)
    return found


def event(eid="e1", start=TWO_PM, **extra):
    found = {"id": eid, "module": "session", "startTime": start, "duration": 3600, "type": "one-time",
             "command": "record", "parameters": {}, "active": True}
    found.update(extra)
    return found


def user(uid="u1", username="jdoe", roles=("creator",), **extra):
    found = {"id": uid, "username": username, "displayName": "Jane Doe", "email": "jdoe@example.com",
             "roles": list(roles)}
    found.update(extra)
    return found


def sessions_client(*sessions, recordings=None, events=None, sources="ABCDE"):
    collections = {SOURCES: [source(letter) for letter in sources], SESSIONS: list(sessions)}
    for sid, listed in (recordings or {}).items():
        collections["%s/%s/recordings" % (SESSIONS, sid)] = listed
    for sid, listed in (events or {}).items():
        collections["%s/%s/events" % (SESSIONS, sid)] = listed
    return FakeClient(collections, members={"sources": "sourceId"})


def users_client(*users, roles=None):
    return FakeClient({USERS: list(users), ROLES: list(ROLE_LIST if roles is None else roles)},
                      actions=("password",))


def params(resource, **options):
    base = dict((f.option, None) for f in resource.fields)
    base.update(id=None, state="present", copy_from=None)
    for field in resource.fields:
        if field.write_only:
            base["update_" + field.option] = "on_create"
    if resource.parent:
        base[resource.parent] = None
    base.update(options)
    return base


def run(client, resource, check_mode=False, diff=True, **options):
    return ensure(client, resource, params(resource, **options), check_mode=check_mode, diff_mode=diff)


def refused(client, resource, check_mode=False, **options):
    with pytest.raises(InvalidValue) as raised:
        run(client, resource, check_mode=check_mode, **options)
    return str(raised.value)


# -- membership ------------------------------------------------------------------------------------

def test_membership_sends_exactly_the_adds_and_removes_with_removes_first_and_no_body_put():
    client = sessions_client(session(members=["src-a", "src-b"]))
    result = run(client, SESSION, title="Studio A", sources=["Cam B", "Cam C", "Cam D"])
    assert result["changed"] is True
    assert client.writes == [
        ("DELETE", SESSIONS + "/s1/sources/src-a", None),
        ("POST", SESSIONS + "/s1/sources", {"sourceId": "src-c"}),
        ("POST", SESSIONS + "/s1/sources", {"sourceId": "src-d"}),
    ]
    assert result["session"]["sources"] == ["src-b", "src-c", "src-d"]
    assert result["diff"]["before"]["sources"] == ["Cam A", "Cam B"]
    assert result["diff"]["after"]["sources"] == ["Cam B", "Cam C", "Cam D"]


def test_the_same_members_by_name_or_id_in_any_order_send_nothing():
    client = sessions_client(session(members=["src-a", "src-b"]))
    result = run(client, SESSION, title="Studio A", sources=["src-b", "Cam A", "Cam B"])
    assert result["changed"] is False
    assert client.writes == []


def test_an_empty_list_removes_every_member():
    client = sessions_client(session(members=["src-a", "src-b"]))
    run(client, SESSION, title="Studio A", sources=[])
    assert client.writes == [("DELETE", SESSIONS + "/s1/sources/src-a", None),
                             ("DELETE", SESSIONS + "/s1/sources/src-b", None)]


def test_a_body_change_with_member_changes_puts_the_body_without_members_then_writes_the_members():
    client = sessions_client(session(members=["src-a"]))
    run(client, SESSION, title="Studio A", description="Main", sources=["Cam B"])
    (method, path, body), remove, add = client.writes
    assert (method, path) == ("PUT", SESSIONS + "/s1")
    assert body["description"] == "Main" and "sources" not in body
    assert remove == ("DELETE", SESSIONS + "/s1/sources/src-a", None)
    assert add == ("POST", SESSIONS + "/s1/sources", {"sourceId": "src-b"})


def test_a_new_session_gets_its_members_after_the_post_under_its_new_id():
    client = sessions_client()
    result = run(client, SESSION, title="Studio N", sources=["Cam A", "src-b"])
    (method, path, body), first, second = client.writes
    assert (method, path, body) == ("POST", SESSIONS, {"title": "Studio N"})
    new_id = result["session"]["id"]
    assert first == ("POST", "%s/%s/sources" % (SESSIONS, new_id), {"sourceId": "src-a"})
    assert second == ("POST", "%s/%s/sources" % (SESSIONS, new_id), {"sourceId": "src-b"})
    assert result["session"]["sources"] == ["src-a", "src-b"]


def test_more_than_four_sources_are_refused_before_any_write():
    client = sessions_client(session(members=["src-a"]))
    message = refused(client, SESSION, title="Studio A", sources=["Cam A", "Cam B", "Cam C", "Cam D", "Cam E"])
    assert message == ("sources: ['Cam A', 'Cam B', 'Cam C', 'Cam D', 'Cam E'] names 5 sources, "
                       "and a session holds at most 4")
    assert client.writes == []


def test_the_limit_counts_each_source_once_whether_named_or_given_by_id():
    client = sessions_client(session())
    run(client, SESSION, title="Studio A", sources=["Cam A", "src-a", "Cam B", "Cam C", "src-d", "Cam D"])
    assert sorted(body["sourceId"] for _m, _p, body in client.writes) == ["src-a", "src-b", "src-c", "src-d"]


@pytest.mark.parametrize("options", [
    {"title": "Studio A", "sources": ["Cam B", "Cam C"]},
    {"title": "Studio A", "sources": []},
    {"title": "Studio A", "description": "Main", "sources": ["Cam C"]},
    {"title": "Studio N", "sources": ["Cam A"]},
])
def test_check_mode_reports_a_member_change_and_sends_no_write(options):
    client = sessions_client(session(members=["src-a"]))
    result = run(client, SESSION, check_mode=True, **options)
    assert result["changed"] is True
    assert client.writes == []
    wanted = sorted("src-" + name[-1].lower() for name in options["sources"])
    assert result["session"]["sources"] == wanted


# -- references ------------------------------------------------------------------------------------

def test_roles_by_name_or_id_are_compared_as_a_set_of_ids():
    client = users_client(user(roles=["creator", "viewer"]))
    assert run(client, USER, username="jdoe", roles=["Viewer", "creator", "Content Creator"])["changed"] is False
    assert client.writes == []
    result = run(client, USER, username="jdoe", roles=["viewer", "Administrator"])
    assert client.writes == [("PUT", USERS + "/u1", {"displayName": "Jane Doe", "email": "jdoe@example.com",
                                                      "roles": ["admin", "viewer"]})]
    assert result["diff"]["before"]["roles"] == ["Content Creator", "Viewer"]
    assert result["diff"]["after"]["roles"] == ["Administrator", "Viewer"]


def test_an_unknown_reference_names_the_option_the_value_and_what_exists_before_any_write():
    client = users_client(user())
    message = refused(client, USER, username="jdoe", roles=["Viewer", "Ghost"])
    assert message == ("roles: no role has the name or id 'Ghost' (there are: Administrator, Content "
                       "Contributor, Content Creator, Set-Top Box, Viewer)")
    assert client.writes == []


def test_an_unknown_reference_among_many_does_not_list_them_all():
    roles = [{"id": "r%d" % i, "name": "Role %d" % i, "admin": False} for i in range(21)]
    client = users_client(roles=roles)
    message = refused(client, USER, username="new", password=PASSWORD, roles=["Ghost"])
    assert message == "roles: no role has the name or id 'Ghost'"
    assert client.writes == []


def test_an_ambiguous_reference_lists_the_ids_before_any_write():
    client = sessions_client(session(), sources="AB")
    client.collections[SOURCES].append(dict(source("A"), id="src-a2"))
    message = refused(client, SESSION, title="Studio A", sources=["Cam A"])
    assert "2 sources have the name 'Cam A' (ids src-a, src-a2)" in message
    assert client.writes == []
    run(client, SESSION, title="Studio A", sources=["src-a2"])  # the id settles it
    assert client.writes == [("POST", SESSIONS + "/s1/sources", {"sourceId": "src-a2"})]


def test_an_ambiguous_reference_names_the_option_the_task_gave():
    client = sessions_client(session(), sources="AB")
    client.collections[SOURCES].append(dict(source("A"), id="src-a2"))
    assert refused(client, SESSION, title="Studio A", sources=["Cam A"]).startswith("sources: ")


def test_check_mode_with_references_resolves_them_and_sends_no_write():
    client = users_client(user())
    result = run(client, USER, check_mode=True, username="jdoe", roles=["Viewer"])
    assert result["changed"] is True and result["user"]["roles"] == ["viewer"]
    assert client.writes == []
    assert refused(client, USER, check_mode=True, username="jdoe", roles=["Ghost"]).startswith("roles: ")


def test_the_diff_names_roles_even_when_the_task_leaves_them_out():
    client = users_client(user(roles=["creator", "viewer"]))
    result = run(client, USER, username="jdoe", display_name="J. Doe")
    assert result["diff"]["before"]["roles"] == ["Content Creator", "Viewer"]
    assert result["diff"]["after"]["roles"] == ["Content Creator", "Viewer"]


def test_the_diff_names_sources_even_when_the_task_leaves_them_out():
    client = sessions_client(session(members=["src-a"]))
    result = run(client, SESSION, title="Studio A", description="Main")
    assert result["diff"]["before"]["sources"] == ["Cam A"]
    assert result["diff"]["after"]["sources"] == ["Cam A"]


# -- write-only fields -----------------------------------------------------------------------------

def test_a_new_user_is_posted_with_its_password_and_results_hide_it():
    client = users_client()
    result = run(client, USER, username="jdoe", password=PASSWORD, roles=["Viewer"])
    assert client.writes == [("POST", USERS, {"username": "jdoe", "password": PASSWORD, "roles": ["viewer"]})]
    assert "password" not in result["user"]
    assert PASSWORD not in repr(result)
    assert PASSWORD in client.secrets


def test_the_diff_of_a_new_user_shows_the_password_masked():
    client = users_client()
    result = run(client, USER, username="jdoe", password=PASSWORD)
    assert result["diff"]["after"]["password"] == "********"
    assert PASSWORD not in repr(result)


def test_a_new_user_without_a_password_is_refused_before_any_write():
    # POST /apis/users needs a password (contract: users); like a source's type and port, say so before writing
    client = users_client()
    assert refused(client, USER, username="jdoe", roles=["Viewer"]).startswith("password: required to create user")
    assert client.writes == []


def test_a_password_is_never_compared():
    client = users_client(user())
    result = run(client, USER, username="jdoe", password=NEW_PASSWORD, display_name="Jane Doe")
    assert result["changed"] is False
    assert client.writes == []


def test_update_password_always_sends_one_put_to_the_password_path():
    client = users_client(user())
    result = run(client, USER, username="jdoe", password=NEW_PASSWORD, update_password="always")
    assert result["changed"] is True
    assert client.writes == [("PUT", USERS + "/u1/password", {"password": NEW_PASSWORD})]
    assert result["diff"]["after"]["password"] == "******** (changed)"
    assert NEW_PASSWORD not in repr(result)
    assert NEW_PASSWORD in client.secrets


def test_update_password_always_with_another_change_puts_the_body_without_the_password_then_the_password():
    client = users_client(user())
    run(client, USER, username="jdoe", display_name="J. Doe", password=NEW_PASSWORD, update_password="always")
    assert client.writes == [
        ("PUT", USERS + "/u1", {"displayName": "J. Doe", "email": "jdoe@example.com", "roles": ["creator"]}),
        ("PUT", USERS + "/u1/password", {"password": NEW_PASSWORD}),
    ]


def test_update_password_always_without_a_password_changes_nothing():
    client = users_client(user())
    assert run(client, USER, username="jdoe", update_password="always")["changed"] is False
    assert client.writes == []


def test_update_password_always_on_a_new_user_sends_only_the_post():
    client = users_client()
    run(client, USER, username="jdoe", password=PASSWORD, update_password="always")
    assert client.writes == [("POST", USERS, {"username": "jdoe", "password": PASSWORD})]


def test_check_mode_with_update_password_always_reports_a_change_and_sends_no_write():
    client = users_client(user())
    result = run(client, USER, check_mode=True, username="jdoe", password=NEW_PASSWORD, update_password="always")
    assert result["changed"] is True
    assert client.writes == []
    assert NEW_PASSWORD not in repr(result)


def test_check_mode_creating_a_user_sends_no_write_and_hides_the_password():
    client = users_client()
    result = run(client, USER, check_mode=True, username="jdoe", password=PASSWORD, roles=["Viewer"])
    assert result["changed"] is True
    assert client.writes == []
    assert PASSWORD not in repr(result)


# -- defaults at creation --------------------------------------------------------------------------

def test_a_new_event_is_one_time_and_enabled_unless_the_task_says_otherwise():
    client = sessions_client(session(), events={"s1": []})
    run(client, EVENT, session="Studio A", start_time="2026-12-02T14:00:00Z", duration="1h", action="record")
    assert client.writes == [("POST", SESSIONS + "/s1/events", {
        "module": "session", "startTime": TWO_PM, "duration": 3600, "type": "one-time", "command": "record",
        "parameters": {}, "active": True})]


def test_the_tasks_values_beat_the_defaults_at_creation():
    client = sessions_client(session(), events={"s1": []})
    run(client, EVENT, session="s1", start_time=TWO_PM, duration=60, action="live", recurrence="weekly",
        days="FRI;MON", enabled=False)
    [(method, path, body)] = client.writes
    assert (method, path) == ("POST", SESSIONS + "/s1/events")
    assert (body["type"], body["active"], body["typeData"], body["command"], body["parameters"]) == (
        "weekly-recurring", False, {"days": ["MON", "FRI"]}, "set-live", {"record": False})


def test_defaults_do_not_change_an_existing_event():
    client = sessions_client(session(), events={"s1": [event(active=False)]})
    result = run(client, EVENT, session="Studio A", start_time=TWO_PM, action="record")
    assert result["changed"] is False
    assert client.writes == []


def test_check_mode_creating_an_event_sends_no_write_and_predicts_the_defaults():
    client = sessions_client(session(), events={"s1": []})
    result = run(client, EVENT, check_mode=True, session="Studio A", start_time=TWO_PM, action="record")
    assert result["changed"] is True
    assert client.writes == []
    assert (result["event"]["type"], result["event"]["active"]) == ("one-time", True)


# -- objects under a parent ------------------------------------------------------------------------

def two_studios():
    return sessions_client(session("s1", "Studio A"), session("s2", "Studio B"),
                           events={"s1": [event("e1")], "s2": [event("e2")]})


def test_an_event_is_found_by_its_session_and_start_time():
    client = two_studios()
    run(client, EVENT, session="Studio B", start_time="2026-12-02T09:00:00-05:00", duration=7200)
    [(method, path, body)] = client.writes
    assert (method, path) == ("PUT", SESSIONS + "/s2/events/e2")
    assert body["duration"] == 7200 and body["startTime"] == TWO_PM


def test_an_event_of_another_session_at_the_same_time_is_not_the_tasks():
    client = sessions_client(session("s1", "Studio A"), session("s2", "Studio B"),
                             events={"s1": [event("e1")], "s2": []})
    run(client, EVENT, session="s2", start_time=TWO_PM, action="record")
    assert [(m, p) for m, p, _b in client.writes] == [("POST", SESSIONS + "/s2/events")]


def test_an_event_id_alone_is_searched_under_every_session():
    client = two_studios()
    result = run(client, EVENT, id="e2", duration=7200)
    assert [(m, p) for m, p, _b in client.writes] == [("PUT", SESSIONS + "/s2/events/e2")]
    assert result["event"]["duration"] == 7200
    run(client, EVENT, id="e2", state="absent")
    assert client.writes[-1] == ("DELETE", SESSIONS + "/s2/events/e2", None)


def test_an_unknown_event_id_fails_when_present_and_is_already_absent():
    client = two_studios()
    assert refused(client, EVENT, id="nope", duration=60).startswith("id: no event has the id 'nope'")
    assert run(client, EVENT, id="nope", state="absent")["changed"] is False
    assert client.writes == []


def test_an_event_without_session_or_id_is_refused():
    client = two_studios()
    assert refused(client, EVENT, start_time=TWO_PM, action="record").startswith("session: required to find")
    assert client.writes == []


def test_an_unknown_session_is_named_with_the_sessions_that_exist():
    client = two_studios()
    message = refused(client, EVENT, session="Ghost", start_time=TWO_PM, action="record")
    assert message == "session: no session has the title or id 'Ghost' (there are: Studio A, Studio B)"
    assert client.writes == []


@pytest.mark.parametrize("options", [
    {"id": "e2", "duration": 7200},
    {"id": "e2", "state": "absent"},
    {"session": "Studio B", "start_time": TWO_PM, "duration": 7200},
    {"session": "Studio B", "start_time": TWO_PM + 3600, "action": "live"},
])
def test_check_mode_with_a_parent_sends_no_write(options):
    client = two_studios()
    result = run(client, EVENT, check_mode=True, **options)
    assert result["changed"] is True
    assert client.writes == []


# -- the Busy guard --------------------------------------------------------------------------------

RECORDINGS = {"s1": [{"id": "r2", "state": "RECORDING"}, {"id": "r1", "state": "PAUSED"}]}


def recording_studio():
    return sessions_client(session(members=["src-a"], recording=True), recordings=RECORDINGS)


@pytest.mark.parametrize("check_mode", [False, True])
def test_a_recording_session_is_not_deleted_and_the_recordings_are_named(check_mode):
    client = recording_studio()
    message = refused(client, SESSION, check_mode=check_mode, title="Studio A", state="absent")
    assert message == ("session 'Studio A' has a recording in progress (id r1, r2); "
                       "stop it before deleting the session")
    assert client.writes == []


@pytest.mark.parametrize("check_mode", [False, True])
@pytest.mark.parametrize("options", [
    {"sources": ["Cam A", "Cam B"]},
    {"sources": []},
    {"sources": ["Cam B"], "description": "Main"},
])
def test_a_recording_session_keeps_its_members_and_nothing_is_written(options, check_mode):
    client = recording_studio()
    message = refused(client, SESSION, check_mode=check_mode, title="Studio A", **options)
    assert message == ("session 'Studio A' has a recording in progress (id r1, r2); "
                       "stop it before changing its sources")
    assert client.writes == []


def test_a_recording_session_still_takes_a_change_to_its_own_fields():
    client = recording_studio()
    assert run(client, SESSION, title="Studio A", description="Main", sources=["src-a"])["changed"] is True
    assert [(m, p) for m, p, _b in client.writes] == [("PUT", SESSIONS + "/s1")]


def test_a_session_that_is_not_recording_is_deleted_without_reading_recordings():
    client = sessions_client(session(members=["src-a"]), recordings=RECORDINGS)
    run(client, SESSION, title="Studio A", state="absent")
    assert client.writes == [("DELETE", SESSIONS + "/s1", None)]
    assert SESSIONS + "/s1/recordings" not in client.reads


# -- check mode across tasks: references to objects an earlier task would create ----------------------

def test_in_check_mode_sources_not_on_the_server_are_planned_as_an_earlier_tasks_with_one_warning():
    client = sessions_client(sources="A")
    result = run(client, SESSION, check_mode=True, title="Show", sources=["Cam A", "Cam X", "Cam Y"])
    assert result["changed"] is True and client.writes == []
    assert result["diff"]["after"]["sources"] == ["Cam A", "Cam X (not on the server yet)", "Cam Y (not on the server yet)"]
    [warning] = result["warnings"]
    assert warning.startswith("sources 'Cam X', sources 'Cam Y': not on the server; check mode takes each")


def test_without_check_mode_a_source_not_on_the_server_still_fails_before_any_write():
    client = sessions_client(sources="A")
    assert refused(client, SESSION, title="Show", sources=["Cam A", "Cam X"]).startswith(
        "sources: no source has the name or id 'Cam X'")
    assert client.writes == []


def test_in_check_mode_an_event_of_a_session_an_earlier_task_would_create_is_planned_without_a_read():
    client = sessions_client()
    result = run(client, EVENT, check_mode=True, session="Show", start_time=TWO_PM, action="record")
    assert result["changed"] is True and client.writes == []
    assert "session 'Show': not on the server" in result["warnings"][0]
    assert client.reads == [SESSIONS]  # the events of a session not made yet are not read


def test_in_check_mode_what_no_task_creates_is_still_refused():
    client = users_client(user())
    assert refused(client, USER, check_mode=True, username="jdoe", roles=["Ghost"]).startswith("roles: ")
    client = sessions_client(session(title="Studio A"))
    assert refused(client, SESSION, check_mode=True, title="Copy", copy_from="Nowhere").startswith("copy_from: ")
