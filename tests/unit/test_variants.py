"""The engine on servers that speak the other documented readings of HMP's pages (contract: paging,
session_fields, put_semantics): what a server leaves out is read another way, never taken as a value."""

import pytest

from ansible_collections.haivision.hmp.plugins.module_utils.engine._reconcile import ensure
from ansible_collections.haivision.hmp.plugins.module_utils._resources import SESSION, SOURCE, InvalidValue

from fakes import FakeClient

SESSIONS = "/apis/sessions"


class ListsWithout(FakeClient):
    """A server whose lists leave ``hidden`` keys out of each object, as some HMP answers do; GET of one
    object carries them unless ``hidden_everywhere``."""

    def __init__(self, collections, hidden, hidden_everywhere=False):
        super(ListsWithout, self).__init__(collections, members={"sources": "sourceId"})
        self.hidden = hidden
        self.hidden_everywhere = hidden_everywhere

    def _without(self, item):
        return dict((k, v) for k, v in item.items() if k not in self.hidden)

    def list(self, path, params=None, empty_codes=None):
        return [self._without(o) for o in super(ListsWithout, self).list(path, params, empty_codes)]

    def get_or_none(self, path, not_found_codes):
        found = super(ListsWithout, self).get_or_none(path, not_found_codes)
        return self._without(found) if found is not None and self.hidden_everywhere else found


def session(**extra):
    item = {"id": "s1", "title": "Studio A", "description": "", "active": True, "syncrecord": False,
            "sources": [], "ctime": 1, "mtime": 1, "duration": 0, "movieTrackCount": 0, "recording": False,
            "distributionPolicies": ["edge-a"], "showExternalPlayer": False}
    item.update(extra)
    return item


def params(resource, **options):
    base = dict((f.option, None) for f in resource.fields)
    base.update(id=None, copy_from=None, state="present")
    base.update(options)
    return base


def test_a_listed_session_without_active_is_read_alone_and_live_true_is_no_change():
    client = ListsWithout({SESSIONS: [session()]}, hidden=("active", "syncrecord"))
    result = ensure(client, SESSION, params(SESSION, title="Studio A", live=True, sync_record=False))
    assert result["changed"] is False
    assert client.writes == []
    assert client.reads == [SESSIONS, SESSIONS + "/s1"]
    assert result["session"]["active"] is True


def test_a_session_that_reports_active_nowhere_is_refused_before_any_write():
    client = ListsWithout({SESSIONS: [session()]}, hidden=("active",), hidden_everywhere=True)
    with pytest.raises(InvalidValue) as refused:
        ensure(client, SESSION, params(SESSION, title="Studio A", live=True))
    assert str(refused.value).startswith("live: HMP does not report 'active' of session 'Studio A' (id s1)")
    assert "cannot be known" in str(refused.value)
    assert client.writes == []


def test_a_field_reported_nowhere_blocks_an_update_that_would_send_it_back_blind():
    client = ListsWithout({SESSIONS: [session()]}, hidden=("active",), hidden_everywhere=True)
    with pytest.raises(InvalidValue) as refused:
        ensure(client, SESSION, params(SESSION, title="Studio A", description="new"))
    assert "'active'" in str(refused.value)
    assert client.writes == []


def test_a_field_reported_nowhere_is_harmless_when_nothing_is_written():
    client = ListsWithout({SESSIONS: [session()]}, hidden=("active",), hidden_everywhere=True)
    result = ensure(client, SESSION, params(SESSION, title="Studio A", description=""))
    assert result["changed"] is False and client.writes == []


def test_an_update_sends_back_what_the_collection_does_not_manage_and_drops_read_only_fields():
    client = FakeClient({SESSIONS: [session()]}, members={"sources": "sourceId"})
    ensure(client, SESSION, params(SESSION, title="Studio A", description="Morning show"))
    assert client.writes == [("PUT", SESSIONS + "/s1", {
        "title": "Studio A", "description": "Morning show", "active": True, "syncrecord": False,
        "distributionPolicies": ["edge-a"], "showExternalPlayer": False})]


def test_an_update_that_changes_a_source_type_sends_nothing_of_the_old_type():
    srt = {"id": "r1", "name": "Remote", "type": "SRT", "host": "0.0.0.0", "port": 9000, "mode": "LISTENER",
           "latency": 125, "passphrase": "", "description": "", "continuous": True, "active": True,
           "bitrate": 500, "iptvIndex": 3}
    client = FakeClient({"/apis/sources": [srt]})
    ensure(client, SOURCE, params(SOURCE, name="Remote", type="udp", multicast=False))
    method, path, body = client.writes[0]
    assert (method, path) == ("PUT", "/apis/sources/r1")
    assert body == {"name": "Remote", "type": "UDP", "host": "0.0.0.0", "port": 9000, "multicast": False,
                    "description": "", "continuous": True}


def test_a_create_answer_without_active_shows_what_was_sent():
    class AnswersWithout(FakeClient):
        def request(self, method, path, body=None, params=None, took_effect=None):
            answer = super(AnswersWithout, self).request(method, path, body, params)
            return dict((k, v) for k, v in answer.items() if k not in ("active", "syncrecord"))

    client = AnswersWithout(members={"sources": "sourceId"})
    result = ensure(client, SESSION, params(SESSION, title="Studio B", live=True), diff_mode=True)
    assert result["session"]["active"] is True
    assert result["diff"]["after"]["live"] is True


def test_copy_from_copies_what_the_list_of_the_original_leaves_out():
    client = ListsWithout({SESSIONS: [session(syncrecord=True)]}, hidden=("active", "syncrecord"))
    ensure(client, SESSION, params(SESSION, title="Studio B", copy_from="Studio A"))
    [(method, path, body)] = client.writes
    assert (method, path) == ("POST", SESSIONS)
    assert (body["active"], body["syncrecord"]) == (True, True)
