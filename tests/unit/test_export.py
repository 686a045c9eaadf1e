"""hmp_config_info's conversion (_export.py): HMP objects to hmp_config's option schema, over an in-memory client."""

import copy

from ansible_collections.haivision.hmp.plugins.module_utils.features._config import reconcile_server
from ansible_collections.haivision.hmp.plugins.module_utils.features._export import export_server, options_of
from ansible_collections.haivision.hmp.plugins.module_utils.engine._lookup import Lookup
from ansible_collections.haivision.hmp.plugins.module_utils._resources import EVENT, SOURCE

from fakes import FakeClient

SOURCES, SESSIONS, USERS, ROLES = "/apis/sources", "/apis/sessions", "/apis/users", "/apis/roles"
PASSPHRASE = "srt-passphrase-0042"

ROLE_LIST = [{"id": "admin", "name": "Administrator", "admin": True},
             {"id": "creator", "name": "Content Creator", "admin": False},
             {"id": "viewer", "name": "Viewer", "admin": False}]

# As HMP returns them: read-only fields (ctime, bitrate, recording, ...) beside the declarable ones.
CAM = {"id": "s1", "name": "Cam 1", "type": "UDP", "host": "239.1.1.1", "port": 4900, "multicast": True,
       "description": "", "continuous": False, "ctime": 1795675009, "mtime": 1795675009, "iptv": False,
       "retransmitPort": 0, "rtcPort": 0, "detectedFeatures": {"autodetectEnabled": True}, "active": False,
       "bitrate": 0}
REMOTE = {"id": "s2", "name": "Remote", "type": "SRT", "host": "0.0.0.0", "port": 9000, "mode": "LISTENER",
          "latency": 200, "passphrase": PASSPHRASE, "description": "Field unit", "continuous": True,
          "ctime": 1795675009, "bitrate": 1200}
STUDIO = {"id": "x1", "title": "Studio A", "description": "", "active": True, "syncrecord": False,
          "sources": ["s2", "s1"], "duration": 0, "movieTrackCount": 2, "recording": False, "ctime": 1795675009}
WEEKLY = {"id": "e1", "startTime": 1796220000, "duration": 5400, "type": "weekly-recurring",
          "typeData": {"days": ["FRI", "WED"]}, "command": "set-live", "parameters": {"record": True},
          "active": True, "module": "session", "title": "Studio A"}
ONCE = {"id": "e2", "startTime": 1796133600, "duration": 600, "type": "one-time", "typeData": {"days": []},
        "command": "record", "parameters": {}, "active": False, "module": "session"}
JDOE = {"id": "u2", "username": "jdoe", "displayName": "Jane Doe", "email": "jdoe@example.com",
        "roles": ["viewer", "creator"]}
ADMIN = {"id": "u1", "username": "haiadmin", "displayName": "haiadmin", "email": "", "roles": ["admin"]}


def client(sources=(CAM, REMOTE), sessions=(STUDIO,), events=None, users=(ADMIN, JDOE)):
    collections = {SOURCES: list(sources), SESSIONS: list(sessions), USERS: list(users), ROLES: list(ROLE_LIST)}
    for session in sessions:
        collections["%s/%s/events" % (SESSIONS, session["id"])] = []
    for session_id, listed in (events if events is not None else {"x1": [WEEKLY, ONCE]}).items():
        collections["%s/%s/events" % (SESSIONS, session_id)] = list(listed)
    return FakeClient(copy.deepcopy(collections), members={"sources": "sourceId"}, actions=("password",))


def export(fake):
    return export_server(Lookup(fake))


def test_a_server_becomes_the_option_schema_of_hmp_config():
    result = export(client())
    assert result["sources"] == [
        {"name": "Cam 1", "type": "udp", "host": "239.1.1.1", "port": 4900, "multicast": True,
         "description": "", "continuous": False},
        {"name": "Remote", "type": "srt", "host": "0.0.0.0", "port": 9000, "description": "Field unit",
         "continuous": True, "srt_mode": "listener", "latency": 200},
    ]
    assert result["sessions"] == [{
        "title": "Studio A", "description": "", "sync_record": False, "live": True, "sources": ["Cam 1", "Remote"],
        "events": [
            {"start_time": "2026-12-01T14:00:00Z", "duration": 600, "recurrence": "one_time", "action": "record",
             "enabled": False},
            {"start_time": "2026-12-02T14:00:00Z", "duration": 5400, "recurrence": "weekly", "days": ["WED", "FRI"],
             "action": "live_and_record", "enabled": True},
        ],
    }]
    assert result["users"] == [
        {"username": "haiadmin", "display_name": "haiadmin", "email": "", "roles": ["Administrator"]},
        {"username": "jdoe", "display_name": "Jane Doe", "email": "jdoe@example.com", "roles": ["Content Creator", "Viewer"]},
    ]
    assert result["changed"] is False and result["warnings"] == []


def test_the_identity_comes_first_in_each_object():
    result = export(client())
    assert [list(o)[0] for o in result["sources"]] == ["name", "name"]
    assert list(result["sessions"][0])[0] == "title"
    assert list(result["sessions"][0]["events"][0])[0] == "start_time"
    assert [list(o)[0] for o in result["users"]] == ["username", "username"]


def test_read_only_api_fields_are_left_out():
    options = options_of(SOURCE, CAM)
    assert set(options) == {"name", "type", "host", "port", "multicast", "description", "continuous"}


def test_secrets_are_left_out_and_named():
    result = export(client())
    assert PASSPHRASE not in repr(result)
    assert all("passphrase" not in s for s in result["sources"])
    assert all("password" not in u for u in result["users"])
    assert result["secrets_left_out"] == {"sources": {"passphrase": ["Remote"]},
                                          "users": {"password": ["haiadmin", "jdoe"]}}


def test_an_srt_source_without_a_passphrase_is_not_named_as_left_out():
    bare = dict(REMOTE, passphrase="")
    result = export(client(sources=(CAM, bare), users=()))
    assert result["secrets_left_out"] == {}


def test_fields_that_do_not_apply_to_the_kind_of_object_are_left_out():
    assert "multicast" not in options_of(SOURCE, dict(REMOTE, multicast=False))
    assert "srt_mode" not in options_of(SOURCE, dict(CAM, mode="CALLER"))
    assert "latency" not in options_of(SOURCE, dict(CAM, latency=120))
    assert "days" not in options_of(EVENT, dict(ONCE, typeData={"days": ["MON"]}))


def test_values_hmp_does_not_have_are_left_out_not_exported_as_none():
    sparse = {"id": "s9", "name": "Sparse", "type": "UDP", "port": 5000, "multicast": False}
    assert options_of(SOURCE, sparse) == {"name": "Sparse", "type": "udp", "port": 5000, "multicast": False}


def test_start_times_are_iso_8601_utc_text_and_durations_seconds():
    [session] = export(client())["sessions"]
    assert [e["start_time"] for e in session["events"]] == ["2026-12-01T14:00:00Z", "2026-12-02T14:00:00Z"]
    assert [e["duration"] for e in session["events"]] == [600, 5400]


def test_references_are_names_and_an_ambiguous_name_stays_an_id():
    twin = dict(CAM, id="s3")
    studio = dict(STUDIO, sources=["s1", "s2", "s3"])
    result = export(client(sources=(CAM, REMOTE, twin), sessions=(studio,)))
    assert result["sessions"][0]["sources"] == ["Remote", "s1", "s3"]
    assert any("2 sources have the name 'Cam 1'" in w for w in result["warnings"])


def test_an_unknown_reference_stays_the_id_it_is():
    result = export(client(users=(dict(JDOE, roles=["gone", "viewer"]),)))
    assert result["users"][0]["roles"] == ["Viewer", "gone"]


def test_two_events_at_the_same_time_are_warned_about():
    result = export(client(events={"x1": [WEEKLY, dict(ONCE, startTime=WEEKLY["startTime"])]}))
    assert any("several events starting at 2026-12-02T14:00:00Z" in w for w in result["warnings"])


def test_objects_are_sorted_by_identity_for_stable_files():
    zulu, alpha = dict(CAM, id="a", name="zulu"), dict(CAM, id="b", name="Alpha")
    result = export(client(sources=(zulu, alpha), sessions=()))
    assert [s["name"] for s in result["sources"]] == ["Alpha", "zulu"]


def test_a_session_without_events_or_sources_exports_empty_lists():
    bare = dict(STUDIO, id="x2", title="Empty", sources=[])
    result = export(client(sessions=(bare,), events={}))
    assert result["sessions"][0]["sources"] == [] and result["sessions"][0]["events"] == []


def test_an_empty_server_exports_empty_lists():
    result = export(client(sources=(), sessions=(), users=()))
    assert (result["sources"], result["sessions"], result["users"], result["secrets_left_out"]) == ([], [], [], {})


def test_each_collection_is_read_once():
    fake = client()
    export(fake)
    assert sorted(fake.reads) == sorted([SOURCES, SESSIONS, USERS, ROLES, SESSIONS + "/x1/events"])
    assert fake.writes == []


def test_declaring_the_export_with_hmp_config_changes_nothing():
    fake = client()
    fake.username = "haiadmin"
    exported = export(fake)
    result = reconcile_server(fake, {"sources": exported["sources"], "sessions": exported["sessions"],
                                     "users": exported["users"]})
    assert result["changed"] is False, result["summary"]
    assert fake.writes == []
    assert result["summary"]["events"]["unchanged"] == 2
