"""The engine over an in-memory client: plan, check mode, diff, lookups, validation."""

import pytest

from ansible_collections.haivision.hmp.plugins.module_utils.engine._lookup import Lookup, Planned, Reads
from ansible_collections.haivision.hmp.plugins.module_utils.engine._reconcile import ensure
from ansible_collections.haivision.hmp.plugins.module_utils._resources import EVENT, SESSION, SOURCE, USER, InvalidValue

from fakes import FakeClient

SOURCES = "/apis/sources"
PASSPHRASE = "very-secret-passphrase"


def udp(name="Cam 1", **extra):
    source = {"id": "id-" + name.replace(" ", "-").lower(), "name": name, "type": "UDP",
              "host": "239.1.1.1", "port": 4900, "multicast": True, "description": "",
              "continuous": False, "active": False, "bitrate": 0, "ctime": 1, "mtime": 1}
    source.update(extra)
    return source


def srt(name="Remote", **extra):
    source = {"id": "id-" + name.lower(), "name": name, "type": "SRT", "host": "0.0.0.0", "port": 9000,
              "mode": "LISTENER", "latency": 125, "passphrase": PASSPHRASE, "description": "",
              "continuous": True, "active": False, "bitrate": 0, "ctime": 1, "mtime": 1}
    source.update(extra)
    return source


def params(**options):
    base = dict((f.option, None) for f in SOURCE.fields)
    base.update(id=None, copy_from=None, state="present")
    base.update(options)
    return base


def run(client, check_mode=False, diff=True, **options):
    return ensure(client, SOURCE, params(**options), check_mode=check_mode, diff_mode=diff)


def test_creates_a_missing_source_with_only_the_fields_set():
    client = FakeClient()
    result = run(client, name="Cam 1", type="udp", host="239.1.1.1", port=4900, multicast=True)
    assert result["changed"] is True
    assert client.writes == [("POST", SOURCES, {"name": "Cam 1", "type": "UDP", "host": "239.1.1.1",
                                                "port": 4900, "multicast": True})]
    assert result["source"]["id"]
    assert result["diff"] == {"before": {}, "after": {"name": "Cam 1", "type": "udp", "host": "239.1.1.1",
                                                      "port": 4900, "multicast": True}}


def test_an_unchanged_source_sends_no_write():
    client = FakeClient({SOURCES: [udp()]})
    result = run(client, name="Cam 1", type="udp", port=4900, multicast=True, host="239.1.1.1", description="")
    assert result["changed"] is False
    assert client.writes == []


def test_an_update_sends_the_complete_object_with_the_change():
    client = FakeClient({SOURCES: [udp(description="old")]})
    result = run(client, name="Cam 1", port=5000)
    assert result["changed"] is True
    assert client.writes == [("PUT", SOURCES + "/id-cam-1", {
        "name": "Cam 1", "type": "UDP", "host": "239.1.1.1", "port": 5000, "multicast": True,
        "description": "old", "continuous": False})]
    assert result["diff"]["before"]["port"] == 4900 and result["diff"]["after"]["port"] == 5000


@pytest.mark.parametrize("options", [
    {"name": "Cam 9", "type": "udp", "port": 1, "multicast": False},
    {"name": "Cam 1", "port": 5000},
    {"name": "Cam 1", "state": "absent"},
])
def test_check_mode_reports_the_change_and_sends_no_write(options):
    client = FakeClient({SOURCES: [udp()]})
    result = run(client, check_mode=True, **options)
    assert result["changed"] is True
    assert client.writes == []


def test_check_mode_predicts_the_updated_object():
    client = FakeClient({SOURCES: [udp()]})
    result = run(client, check_mode=True, name="Cam 1", port=5000)
    assert result["source"]["port"] == 5000 and result["source"]["id"] == "id-cam-1"


def test_delete_then_delete_again():
    client = FakeClient({SOURCES: [udp()]})
    assert run(client, name="Cam 1", state="absent")["changed"] is True
    assert client.writes == [("DELETE", SOURCES + "/id-cam-1", None)]
    assert run(client, name="Cam 1", state="absent")["changed"] is False
    assert len(client.writes) == 1


def test_an_ambiguous_name_fails_and_lists_the_ids():
    client = FakeClient({SOURCES: [udp(id="a1"), udp(id="b2")]})
    with pytest.raises(InvalidValue) as raised:
        run(client, name="Cam 1", port=1)
    assert "a1, b2" in str(raised.value) and "'Cam 1'" in str(raised.value)
    assert client.writes == []


def test_an_ambiguous_name_is_not_deleted():
    client = FakeClient({SOURCES: [udp(id="a1"), udp(id="b2")]})
    with pytest.raises(InvalidValue):
        run(client, name="Cam 1", state="absent")
    assert client.writes == []


def test_id_finds_the_source_and_name_renames_it():
    client = FakeClient({SOURCES: [udp(id="a1"), udp(id="b2")]})
    result = run(client, id="b2", name="Cam 2")
    assert client.writes[0][0:2] == ("PUT", SOURCES + "/b2")
    assert client.writes[0][2]["name"] == "Cam 2"
    assert result["source"]["name"] == "Cam 2"


def test_an_unknown_id_fails_for_present_and_is_fine_for_absent():
    client = FakeClient({SOURCES: []})
    with pytest.raises(InvalidValue) as raised:
        run(client, id="nope", port=1)
    assert "id: no source has the id 'nope'" in str(raised.value)
    assert run(client, id="nope", state="absent")["changed"] is False


def test_copy_from_fills_what_the_task_leaves_out():
    client = FakeClient({SOURCES: [srt()]})
    result = run(client, name="Remote 2", copy_from="Remote", port=9001)
    method, path, body = client.writes[0]
    assert (method, path) == ("POST", SOURCES)
    assert body == {"name": "Remote 2", "type": "SRT", "host": "0.0.0.0", "port": 9001, "mode": "LISTENER",
                    "latency": 125, "passphrase": PASSPHRASE, "description": "", "continuous": True}
    assert "passphrase" not in result["source"]


def test_copy_from_an_unknown_source_names_the_option():
    client = FakeClient({SOURCES: []})
    with pytest.raises(InvalidValue) as raised:
        run(client, name="X", copy_from="Ghost")
    assert str(raised.value) == "copy_from: no source has the name or id 'Ghost'"


def test_changing_type_drops_the_fields_of_the_old_type():
    client = FakeClient({SOURCES: [srt()]})
    run(client, name="Remote", type="udp", multicast=False)
    body = client.writes[0][2]
    assert body["type"] == "UDP" and body["multicast"] is False
    assert not {"mode", "latency", "passphrase"} & set(body)


def test_passphrase_is_compared_but_never_shown():
    client = FakeClient({SOURCES: [srt()]})
    same = run(client, name="Remote", passphrase=PASSPHRASE)
    assert same["changed"] is False
    changed = run(client, name="Remote", passphrase="another-passphrase")
    assert changed["changed"] is True
    assert changed["diff"] == {
        "before": dict(changed["diff"]["before"], passphrase="********"),
        "after": dict(changed["diff"]["after"], passphrase="******** (changed)"),
    }
    assert PASSPHRASE not in repr(changed) and "another-passphrase" not in repr(changed)
    assert {PASSPHRASE, "another-passphrase"} <= client.secrets


@pytest.mark.parametrize("options, message", [
    ({"name": "X", "type": "udp", "port": 70000, "multicast": False}, "port: 70000 is out of range (1 to 65535)"),
    ({"name": "X", "type": "udp", "port": 0, "multicast": False}, "port: 0 is out of range (1 to 65535)"),
    ({"name": "X", "type": "srt", "port": 9, "srt_mode": "listener", "latency": 5},
     "latency: 5 is out of range (20 to 8000 ms)"),
    ({"name": "  ", "type": "udp", "port": 9, "multicast": False}, "name: '  ' must not be empty"),
    ({"name": "X", "type": "udp", "port": 9}, "multicast: required for a udp source"),
    ({"name": "X", "type": "udp", "port": 9, "multicast": True}, "host: required for a multicast udp source"),
    ({"name": "X", "type": "srt", "port": 9}, "srt_mode: required for an srt source"),
    ({"name": "X", "type": "srt", "port": 9, "srt_mode": "caller"}, "host: required for an srt source in caller mode"),
    ({"name": "X", "type": "srt", "port": 9, "srt_mode": "listener", "continuous": False},
     "continuous: false is not possible for an srt source"),
    ({"name": "X", "type": "udp", "port": 9, "multicast": False, "srt_mode": "caller"},
     "srt_mode: 'caller' applies only when type is srt, and source 'X' has type udp"),
    ({"name": "X", "port": 9}, "type: required to create source 'X'"),
    ({"name": "X", "type": "udp", "multicast": False}, "port: required to create source 'X'"),
])
def test_bad_values_fail_naming_the_option_and_the_value_before_any_write(options, message):
    client = FakeClient({SOURCES: [udp()]})
    with pytest.raises(InvalidValue) as raised:
        run(client, **options)
    assert str(raised.value).startswith(message)
    assert client.writes == []


def test_a_short_passphrase_is_refused_without_showing_it():
    client = FakeClient()
    with pytest.raises(InvalidValue) as raised:
        run(client, name="X", type="srt", port=9, srt_mode="listener", passphrase="short")
    assert "passphrase: a value of 5 characters is not allowed" in str(raised.value)
    assert "short" not in str(raised.value).replace("passphrase", "")


def test_field_values_are_checked_before_anything_is_read():
    client = FakeClient({SOURCES: [udp()]})
    with pytest.raises(InvalidValue):
        run(client, name="Cam 1", port=99999)
    assert client.reads == []


def test_without_diff_mode_there_is_no_diff():
    client = FakeClient()
    result = run(client, diff=False, name="X", type="udp", port=9, multicast=False)
    assert "diff" not in result


def test_lookups_by_name_and_id_see_objects_that_join_the_list_after_the_first_lookup():
    lookup = Lookup(FakeClient({SOURCES: [udp("Cam 1")]}))
    assert lookup.named(SOURCE, "Cam 2") is None
    lookup.all(SOURCE).append(udp("Cam 2"))  # what a create does
    assert lookup.named(SOURCE, "Cam 2")["id"] == "id-cam-2"
    assert lookup.by_id(SOURCE, "id-cam-2")["name"] == "Cam 2"
    lookup.all(SOURCE).append(udp("Cam 2", id="id-other"))
    with pytest.raises(InvalidValue) as raised:
        lookup.named(SOURCE, "Cam 2")
    assert "2 sources have the name 'Cam 2' (ids id-cam-2, id-other)" in str(raised.value)
    assert lookup.name_for(SOURCE, "id-other") == "Cam 2"
    assert lookup.declared_names(SOURCE, ["id-other", "id-cam-1"]) == ["Cam 1", "id-other"]  # a shared name: the id


def test_a_planned_object_is_found_by_name_and_stand_in_id_in_its_pass_only():
    reads = Reads(FakeClient({SOURCES: [udp("Cam 1")], "/apis/sessions": []}))
    dry_run = Lookup(reads)
    dry_run.all(SOURCE)
    planned = dry_run.add(SOURCE, {"name": "Cam 9", "type": "UDP", "port": 1}, planned=True)
    assert isinstance(planned, Planned) and planned["id"] == "(new source Cam 9)"
    assert dry_run.named(SOURCE, "Cam 9") is planned and dry_run.by_id(SOURCE, planned["id"]) is planned
    session = dry_run.add(SESSION, {"title": "New show"}, planned=True)
    assert dry_run.all(EVENT, session["id"]) == []  # a planned session has no events, and none is read
    run = Lookup(reads)  # the next pass over the same reads sees nothing of the dry run's
    assert run.named(SOURCE, "Cam 9") is None and run.name_for(SOURCE, "id-cam-1") == "Cam 1"
    assert reads.client.reads == [SOURCES]  # and reads nothing again


@pytest.mark.parametrize("check_mode", [False, True])
def test_a_user_found_by_id_and_named_otherwise_is_refused_before_any_write_hmp_does_not_rename_accounts(check_mode):
    users = [{"id": "u1", "username": "jdoe", "displayName": "Jane", "email": "", "roles": []}]
    fake = FakeClient({"/apis/users": users, "/apis/roles": []})
    wanted = {"id": "u1", "username": "jane", "display_name": "Jane Doe", "state": "present"}
    with pytest.raises(InvalidValue) as raised:
        ensure(fake, USER, wanted, check_mode=check_mode)
    assert str(raised.value).startswith(
        "username: HMP cannot rename a user account: the user with the id 'u1' is 'jdoe', and this task asks for "
        "'jane'; nothing was written")
    assert fake.writes == []


@pytest.mark.parametrize("username", ["jdoe", None])
def test_a_user_found_by_id_with_its_own_username_or_none_is_updated_or_left_alone(username):
    users = [{"id": "u1", "username": "jdoe", "displayName": "Jane", "email": "", "roles": []}]
    fake = FakeClient({"/apis/users": users, "/apis/roles": []})
    same = ensure(fake, USER, {"id": "u1", "username": username, "display_name": "Jane", "state": "present"})
    assert same["changed"] is False and fake.writes == []
    updated = ensure(fake, USER, {"id": "u1", "username": username, "display_name": "J. Doe", "state": "present"})
    assert updated["changed"] is True and [w[:2] for w in fake.writes] == [("PUT", "/apis/users/u1")]


def test_a_name_held_twice_says_what_it_most_likely_is_with_the_ids_and_creation_times():
    twins = [udp("Cam 1", id="a1", ctime=1796680000), udp("Cam 1", id="a2", ctime=1796680003)]
    with pytest.raises(InvalidValue) as raised:
        Lookup(FakeClient({SOURCES: twins})).named(SOURCE, "Cam 1")
    message = str(raised.value)
    assert message.startswith("name: 2 sources have the name 'Cam 1' (ids a1, a2); give the id of the one you mean")
    assert "made at 2026-12-07T21:46:40Z and 2026-12-07T21:46:43Z, 3 s apart: most likely two runs" in message
    assert "keep the writes to one server in one queue" in message
    apart = [udp("Cam 1", id="a1", ctime=1790000000), udp("Cam 1", id="a2", ctime=1796680003)]
    with pytest.raises(InvalidValue) as raised:
        Lookup(FakeClient({SOURCES: apart})).named(SOURCE, "Cam 1")
    assert "the name was given twice (in HMP's web interface, say); rename or delete all but one" in str(raised.value)
