"""hmp_watch across failing polls: outages reported once each way, nothing missed or reported twice, one
login kept, refusals at start, bad answers, lists that move while they are paged, the wait between polls."""

import json
import logging

import pytest
import requests

from ansible_collections.haivision.hmp.plugins.plugin_utils._watch import MAX_BACKOFF, WatchError

from fake_hmp import LOGIN, PASSWORD, FakeHmp

SOURCES, SESSIONS, USERS, DEVICES = "/apis/sources", "/apis/sessions", "/apis/users", "/apis/devices/stbs"


def hmp_events(watch):
    return [e["hmp"] for e in watch.poll()]


def kinds_and_types(events):
    return [(e["kind"], e["type"]) for e in events]


def everything_fails(call):
    return 503, {"code": "090002", "name": "ServiceUnavailable", "message": "Service unavailable"}


def test_an_outage_is_one_unreachable_event_then_one_reachable_event_and_the_changes_made_meanwhile():
    hmp = FakeHmp()
    watch = hmp.watch()
    watch.poll()
    hmp.fault = everything_fails
    outage = [hmp_events(watch) for _poll in range(4)]
    assert [kinds_and_types(events) for events in outage] == [[("server", "unreachable")], [], [], []]
    assert outage[0][0]["after"]["reachable"] is False and "503" in outage[0][0]["after"]["error"]
    assert outage[0][0]["before"] == {"reachable": True}
    assert (outage[0][0]["name"], outage[0][0]["changed"]) == ("hmp.test", [])  # changed names fields of updates only

    hmp.one(SOURCES, name="Cam 1")["port"] = 4999  # changed while the server does not answer the watch
    hmp.objects(USERS).pop()
    hmp.fault = None
    back = hmp_events(watch)
    assert kinds_and_types(back) == [("server", "reachable"), ("source", "updated"), ("user", "deleted")]
    assert back[0]["after"] == {"reachable": True} and back[0]["before"]["reachable"] is False
    assert (back[0]["name"], back[0]["changed"]) == ("hmp.test", [])
    assert hmp_events(watch) == []


def test_a_first_poll_without_answer_is_unreachable_without_a_before_and_starts_the_baseline_later():
    hmp = FakeHmp()
    hmp.fault = lambda call: requests.exceptions.ConnectionError("connection refused")
    watch = hmp.watch()
    first = hmp_events(watch)
    assert kinds_and_types(first) == [("server", "unreachable")] and first[0]["before"] is None
    hmp.fault = None
    assert kinds_and_types(hmp_events(watch)) == [("server", "reachable")]
    hmp.one(SOURCES, name="Cam 1")["port"] = 4999
    assert kinds_and_types(hmp_events(watch)) == [("source", "updated")]


def test_a_poll_that_fails_half_way_reports_nothing_and_keeps_the_previous_reading():
    hmp = FakeHmp()
    watch = hmp.watch()
    watch.poll()
    hmp.one(SOURCES, name="Cam 1")["port"] = 4999
    hmp.fault = lambda call: everything_fails(call) if call.path == DEVICES else None
    assert kinds_and_types(hmp_events(watch)) == [("server", "unreachable")]
    hmp.fault = None
    assert kinds_and_types(hmp_events(watch)) == [("server", "reachable"), ("source", "updated")]
    assert hmp_events(watch) == []


def test_answers_lost_one_time_in_five_are_retried_and_nothing_is_missed_or_reported_twice():
    hmp = FakeHmp()
    watch = hmp.watch(hmp_retries=5)
    watch.poll()
    calls = [0]

    def every_fifth(call):
        calls[0] += 1
        return requests.exceptions.ConnectionError("connection reset") if calls[0] % 5 == 0 else None

    hmp.fault = every_fifth
    seen = []
    for port in range(5000, 5010):
        hmp.one(SOURCES, name="Cam 1")["port"] = port
        seen += [(e["type"], e["after"]["port"]) for e in hmp_events(watch)]
    assert seen == [("updated", port) for port in range(5000, 5010)]


def test_an_expired_login_is_renewed_once_without_any_event():
    hmp = FakeHmp()
    watch = hmp.watch()
    watch.poll()
    hmp.expire_login()
    assert hmp_events(watch) == []
    assert hmp.logins == 2
    assert hmp_events(watch) == [] and hmp.logins == 2


@pytest.mark.parametrize("dead_login", ["a", "b"])
def test_a_login_that_ends_between_polls_costs_no_event_and_no_change_is_missed(dead_login):
    """V10 b: under an ended login every list reads 404 NoResults, as if empty (contract: login_expiry). The
    watch must not report every object deleted, and must not go blind."""
    hmp = FakeHmp(dead_login=dead_login)
    watch = hmp.watch()
    watch.poll()
    for _poll in range(3):
        hmp.expire_login()  # as an idle timeout shorter than the interval does
        assert hmp_events(watch) == []
    hmp.objects(SOURCES).append(dict(hmp.one(SOURCES, name="Cam 1"), id="new-src", name="Cam 9"))
    hmp.expire_login()
    assert [(e["kind"], e["type"], e["name"]) for e in hmp_events(watch)] == [("source", "created", "Cam 9")]
    assert hmp.logins == 5  # the first login, then one for each ended login, nothing more


def test_a_login_refused_at_start_ends_the_watch_with_what_to_check():
    hmp = FakeHmp()
    watch = hmp.watch(hmp_password="not-the-password")
    with pytest.raises(WatchError) as refused:
        watch.poll()
    assert "hmp.test refused the watch" in str(refused.value) and "hmp_password" in str(refused.value)
    assert "not-the-password" not in str(refused.value)


def test_a_missing_permission_at_start_ends_the_watch_naming_kinds():
    hmp = FakeHmp()
    hmp.fault = lambda call: (403, {"code": "030001", "name": "Forbidden", "message": "Permission denied"}) \
        if call.path == DEVICES else None
    with pytest.raises(WatchError) as refused:
        hmp.watch().poll()
    assert "GET /apis/devices/stbs" in str(refused.value) and "kinds" in str(refused.value)


def test_a_refusal_after_the_watch_started_is_an_outage_not_the_end():
    hmp = FakeHmp()
    watch = hmp.watch()
    watch.poll()
    hmp.fault = lambda call: (403, {"code": "030001", "name": "Forbidden", "message": "Permission denied"})
    assert kinds_and_types(hmp_events(watch)) == [("server", "unreachable")]


@pytest.mark.parametrize("answer", [
    (200, b"<html><body>Maintenance</body></html>"),
    (200, {"data": "maintenance"}),
    (200, {"data": [1, 2, 3]}),
    (200, {"data": [{"name": "no id"}]}),
], ids=["html-page", "text", "not-objects", "objects-without-id"])
def test_a_bad_answer_fails_the_poll_instead_of_reading_as_deleted_objects(answer):
    hmp = FakeHmp()
    watch = hmp.watch()
    watch.poll()
    hmp.fault = lambda call: answer if call.path == SOURCES else None
    events = hmp_events(watch)
    assert kinds_and_types(events) == [("server", "unreachable")]
    assert "GET /apis/sources" in events[0]["after"]["error"]
    hmp.fault = None
    assert kinds_and_types(hmp_events(watch)) == [("server", "reachable")]


def test_an_object_that_moves_to_another_page_while_the_list_is_read_is_not_reported_deleted():
    hmp = FakeHmp()
    template = hmp.one(SOURCES, name="Cam 1")
    hmp.lists[SOURCES] = [dict(template, id="s%03d" % i, name="Source %d" % i) for i in range(150)]
    watch = hmp.watch(kinds=["source"])
    watch.poll()
    deleted = hmp.objects(SOURCES)[5]
    after_deletion = [s for s in hmp.objects(SOURCES) if s is not deleted]

    def second_page_after_a_deletion(call):  # page 1 was read before s005 was deleted, page 2 after
        if call.path == SOURCES and call.query.get("page") == "2":
            hmp.lists[SOURCES] = after_deletion
        return None

    hmp.fault = second_page_after_a_deletion
    assert hmp_events(watch) == []  # s100 slid to page 1 unseen: confirmed by GET, not reported
    assert "GET /apis/sources/s100" in hmp.reads()
    hmp.fault = None
    events = hmp_events(watch)
    assert kinds_and_types(events) == [("source", "deleted")] and events[0]["id"] == "s005"


def test_the_wait_is_the_rest_of_the_interval_then_doubles_after_each_failed_poll():
    hmp = FakeHmp()
    watch = hmp.watch(interval=10)
    watch.poll()
    assert watch.wait(2.5) == 7.5
    assert watch.wait(12) == 0
    hmp.fault = everything_fails
    waits = []
    for _poll in range(8):
        watch.poll()
        waits.append(watch.wait(1))
    assert waits == [10, 20, 40, 80, 160, MAX_BACKOFF, MAX_BACKOFF, MAX_BACKOFF]
    hmp.fault = None
    watch.poll()
    assert watch.wait(1) == 9


def test_a_long_interval_is_never_shortened_by_the_backoff_cap():
    hmp = FakeHmp()
    watch = hmp.watch(interval=900)
    hmp.fault = everything_fails
    watch.poll()
    assert watch.wait(1) == 900


def test_secrets_stay_out_of_the_log_and_of_the_events(caplog):
    hmp = FakeHmp()
    caplog.set_level(logging.DEBUG)
    watch = hmp.watch(initial="all")
    events = watch.poll()
    hmp.fault = lambda call: requests.exceptions.ConnectionError("reset while sending %s" % PASSWORD)
    events += watch.poll() + watch.poll()
    hmp.fault = None
    events += watch.poll()
    watch.close()
    assert PASSWORD not in caplog.text and PASSWORD not in json.dumps(events)
    assert "unreachable" in caplog.text and "answers again" in caplog.text


def test_close_logs_out_once():
    hmp = FakeHmp()
    watch = hmp.watch()
    watch.poll()
    watch.close()
    # one login, one look at it (an empty list read as 404 is believed once the login is known alive), one logout
    assert [c.method for c in hmp.calls if c.path == LOGIN] == ["POST", "GET", "DELETE"]


# -- the readings of the API that its documentation leaves open (docs/docsite/rst/contract.rst) -----------

def many_sources(hmp, count):
    template = hmp.one(SOURCES, name="Cam 1")
    hmp.lists[SOURCES] = [dict(template, id="s%03d" % i, name="Source %d" % i) for i in range(count)]


@pytest.mark.parametrize("next_links", [False, True], ids=["page-size-reported", "total-and-next-link"])
def test_a_server_that_pages_by_a_smaller_size_is_read_to_the_end(next_links):
    hmp = FakeHmp(page_size=7, next_links=next_links)
    many_sources(hmp, 50)
    watch = hmp.watch(kinds=["source"])
    watch.poll()
    assert len(watch.snapshot["source"]) == 50
    assert hmp.reads().count("GET " + SOURCES) == 8  # 7 full pages and a short one: the end either way
    hmp.objects(SOURCES)[49]["port"] = 4999
    events = hmp_events(watch)
    assert [(e["type"], e["id"], e["changed"]) for e in events] == [("updated", "s049", ["port"])]


def test_a_server_that_lists_sessions_without_their_live_flag_reads_each_session_alone():
    hmp = FakeHmp(sessions_listed_without=("active", "syncrecord"))
    watch = hmp.watch(kinds=["session"])
    watch.poll()
    studio = hmp.one(SESSIONS, title="Studio A")
    before = len(hmp.reads())
    studio["active"] = False
    events = hmp_events(watch)
    assert [(e["name"], e["changed"], e["after"]["live"]) for e in events] == [("Studio A", ["live"], False)]
    sessions = [s["id"] for s in hmp.objects(SESSIONS)]
    assert sorted(hmp.reads()[before:]) == sorted(["GET " + SESSIONS] + ["GET /apis/sessions/%s" % i for i in sessions])


def test_a_paging_that_leads_back_to_a_page_already_read_fails_the_poll():
    hmp = FakeHmp()
    watch = hmp.watch(kinds=["source"])
    watch.poll()
    hmp.fault = lambda call: (200, {"data": hmp.objects(SOURCES), "paging": {"next": SOURCES + "?page=1&pageSize=100"}}) \
        if call.path == SOURCES else None
    events = hmp_events(watch)
    assert kinds_and_types(events) == [("server", "unreachable")] and "page already read" in events[0]["after"]["error"]
