"""hmp_config's engine over an in-memory client: declaration checks, dry run before writing, purge."""

import pytest

from ansible_collections.haivision.hmp.plugins.module_utils._config import purge_types, reconcile_server
from ansible_collections.haivision.hmp.plugins.module_utils._schema import InvalidValue

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


def test_check_mode_plans_references_to_sources_it_would_create_and_writes_nothing():
    fake = client()
    result = reconcile_server(fake, {"sources": [cam("Cam 1")], "sessions": [{"title": "S", "sources": ["Cam 1"]}]},
                              check_mode=True, diff_mode=True)
    assert fake.writes == []
    assert result["diff"]["after"]["sessions"]["S"]["sources"] == ["Cam 1"]


def test_purge_never_deletes_the_login_account():
    fake = client(users=[{"id": "u1", "username": "haiadmin", "roles": ["admin"]},
                         {"id": "u2", "username": "old", "roles": ["viewer"]}])
    result = reconcile_server(fake, {"users": [], "purge": ["users"]}, login_username="haiadmin")
    assert result["summary"]["users"]["deleted"] == ["old"]
    assert fake.writes == [("DELETE", USERS + "/u2", None)]


def test_declared_twice_is_refused_with_both_paths():
    with pytest.raises(InvalidValue) as raised:
        reconcile_server(client(), {"sources": [cam("A"), cam("B"), cam("A", 5000)]})
    assert str(raised.value) == "sources[2].name: 'A' is declared twice (also at sources[0])"


def test_purge_asks_hmp_who_an_api_key_logs_in_as_and_keeps_that_account():
    fake = client(users=[{"id": "u1", "username": "keyholder", "roles": ["admin"]},
                         {"id": "u2", "username": "old", "roles": ["viewer"]}])
    fake.session_info = lambda: {"username": "keyholder"}
    result = reconcile_server(fake, {"users": [], "purge": True})
    assert result["summary"]["users"]["deleted"] == ["old"]
    assert fake.writes == [("DELETE", USERS + "/u2", None)]
