"""haivision.hmp.hmp_watch loaded by ansible-rulebook from the installed collection, against an emulator: a quiet
server gives no event and costs the read floor per poll on one login; under faults (answers lost or 503, a
forced login expiry, then an outage) every change arrives once and the outage is reported once each way."""

import os
import sys
import time

import pytest

from conftest import INTERVAL, ROOT, Rest, wait_for

sys.path.insert(0, os.path.join(ROOT, "tests", "unit", "data"))

from record_watch_server import SEED  # noqa: E402  (the server the unit tests' answers were recorded from)

from hmp_emulator.launcher import Emulator  # noqa: E402

API_KEY = ("eda-test-key", "eda-test-secret-0042")
LOGIN = "POST /apis/authentication/login"
LOGOUT = "DELETE /apis/authentication/login"
PROBE = "GET /apis/authentication/login"  # one look at the login (contract: login_expiry)
FIRST_READ = "GET /apis/sources"
WATCH_READS = ["GET /apis/sources", "GET /apis/sessions", "GET /apis/sessions/:sessionId/events",
               "GET /apis/users", "GET /apis/recordings", "GET /apis/streams", "GET /apis/devices/stbs"]


# Twelve sources: one page by default, three where the server pages by five (page_cap, contract: paging).
FEEDS = [{"name": "Feed %02d" % i, "type": "UDP", "host": "239.1.2.%d" % i, "port": 5000, "multicast": True}
         for i in range(10)]


@pytest.fixture
def emulator(tmp_path):
    with Emulator(seed=dict(SEED, sources=SEED["sources"] + FEEDS), workdir=tmp_path / "emulator") as running:
        yield running


def read_floor(state, readings):
    """The requests of one poll of the default kinds: each page of each list, one events list per session;
    every session alone too where the list leaves out their live flag (contract: session_fields, V4 b).
    Pages hold 100 objects, or page_cap where the server pages by a smaller size (contract: paging, V1 c); a
    server that gives the total stops at the last page, one that does not at the first page shorter than a
    full one (an empty one after a full last page); set-top boxes say whether more pages follow."""
    size = readings["page_cap"] if "c" in readings["V1"] else 100

    def pages(count):
        return max(1, -(-count // size)) if "b" in readings["V1"] else count // size + 1

    floor = {"GET /apis/sources": pages(len(state["sources"])), "GET /apis/sessions": pages(len(state["sessions"])),
             "GET /apis/sessions/:sessionId/events": sum(pages(len(s.get("events", []))) for s in state["sessions"]),
             "GET /apis/users": pages(len(state["users"])), "GET /apis/recordings": pages(len(state["recordings"])),
             "GET /apis/streams": pages(len(state["streams"])),
             "GET /apis/devices/stbs": max(1, -(-len(state["devices"]) // size))}
    if readings["V4"] == "b":
        floor["GET /apis/sessions/:sessionId"] = len(state["sessions"])
    empty = [route for route, count in counts(state).items() if count == 0]
    if empty and readings["V2"] == "a":  # an empty list reads as 404: believed once the login is known alive
        floor[PROBE] = 1
    return floor


def counts(state):
    """How many objects each watched list holds (each session's events apart)."""
    found = {"sources": len(state["sources"]), "sessions": len(state["sessions"]), "users": len(state["users"]),
             "recordings": len(state["recordings"]), "streams": len(state["streams"]),
             "devices": len(state["devices"])}
    found.update(("events of %s" % s["title"], len(s.get("events", []))) for s in state["sessions"])
    return found


def polls_of(log):
    """The watch's requests cut into polls (each begins with the sources list); logins and logouts apart."""
    polls = []
    for entry in log:
        route = "%s %s" % (entry["method"], entry["route"])
        if route in (LOGIN, LOGOUT):
            continue
        if route == FIRST_READ and entry["query"].startswith("page=1&"):
            polls.append({})
        polls[-1][route] = polls[-1].get(route, 0) + 1
    return polls


@pytest.mark.parametrize("readings", ["default", "all"])
def test_a_quiet_server_gives_no_event_over_ten_polls_at_the_read_floor_on_one_login(emulator, rulebook, readings):
    """``all``: every reading the documentation leaves open at once (pages of 5 with the total and a link to
    the next one, empty lists as 200, sessions listed without their live flag...)."""
    if readings == "all":
        emulator.set_variants(all=True)
    emulator.clear_requests_log()
    watch = rulebook(emulator)
    wait_for("eleven polls (the baseline and ten more)",
             lambda: watch.alive() and len(polls_of(emulator.requests_log())) >= 12, 120)
    log = emulator.requests_log()
    polls = polls_of(log)[:11]  # the twelfth may still be running
    floor = read_floor(emulator.state(), emulator.variants())
    print("%s readings: requests per poll: %s (read floor of the watched kinds: %d: %s)"
          % (readings, [sum(p.values()) for p in polls], sum(floor.values()), floor))
    assert polls == [floor] * 11
    assert set(WATCH_READS) <= set(floor)
    assert watch.events() == []
    assert [e["method"] for e in log if e["route"] == "/apis/authentication/login"].count("POST") == 1
    assert all(e["method"] == "GET" for e in log if not e["route"].startswith("/apis/authentication/"))
    assert watch.stop() == 0
    assert [e["method"] for e in emulator.requests_log() if e["route"] == "/apis/authentication/login"
            and e["method"] != "GET"] == ["POST", "DELETE"]  # stopped with SIGTERM, the watch logs out
    # (JAVA_TOOL_OPTIONS=-Xrs: see conftest)


def event_keys(recorded):
    """(kind, type, id, {changed field: new value}) of each recorded event: what must arrive once each."""
    keys = []
    for one in recorded:
        hmp = one["event"]["hmp"]
        changed = tuple((f, (hmp["after"] or {}).get(f)) for f in hmp["changed"] if hmp["kind"] != "server")
        keys.append((hmp["kind"], hmp["type"], hmp["id"], changed))
    return keys


def test_under_faults_every_change_arrives_once_and_an_outage_is_reported_once_each_way(tmp_path, rulebook):
    emulator = Emulator(seed=SEED, workdir=tmp_path / "emulator", args=["--api-key", API_KEY[0], "--api-secret",
                                                                         API_KEY[1]])
    try:
        run_under_faults(emulator, rulebook)
    finally:
        emulator.stop()


def run_under_faults(emulator, rulebook):
    state = emulator.state()
    cam = next(s for s in state["sources"] if s["name"] == "Cam 1")
    remote = next(s for s in state["sources"] if s["name"] == "Remote contributor")
    studio_a = next(s for s in state["sessions"] if s["title"] == "Studio A")
    studio_b = next(s for s in state["sessions"] if s["title"] == "Studio B")
    lobby = next(d for d in state["devices"] if d["name"] == "Lobby TV")
    rest = Rest(emulator.url, emulator.verify, api_key=API_KEY)  # never faulted: not the watch's routes
    watch = rulebook(emulator, interval=1, retries=5, retry_delay=0.1)
    wait_for("the baseline", lambda: watch.alive() and emulator.counters()["by_route"].get(FIRST_READ, 0) >= 2, 60)
    expected = []

    def arrives(key):
        expected.append(key)
        wait_for("the event of %s" % (key,), lambda: watch.alive() and key in event_keys(watch.events()), 60)

    # 20% of the watch's reads lose their answer or get a 503, and the logins expire once, soon.
    emulator.set_faults(lost_answer_rate=0.1, error_rate=0.1, error_statuses=[503], random_seed=15,
                        routes=WATCH_READS, expire_sessions_after=25)
    rest.send("PUT", "/apis/sources/%s" % cam["id"], dict(rest.send("GET", "/apis/sources/%s" % cam["id"]),
                                                          description="edited under faults"))
    arrives(("source", "updated", cam["id"], (("description", "edited under faults"),)))
    emulator.signal(remote["id"], active=False)
    arrives(("source", "updated", remote["id"], (("active", False), ("bitrate", 0))))
    emulator.presence(lobby["_id"], status="Offline")
    arrives(("device", "updated", lobby["_id"], (("status", "Offline"),)))
    session_b = "/apis/sessions/%s" % studio_b["id"]
    rest.send("PUT", session_b, dict(rest.send("GET", session_b), description="edited under faults"))
    arrives(("session", "updated", studio_b["id"], (("description", "edited under faults"),)))
    event = studio_a["events"][0]
    rest.send("DELETE", "/apis/sessions/%s/events/%s" % (studio_a["id"], event["id"]))
    arrives(("event", "deleted", event["id"], ()))
    user = rest.send("POST", "/apis/users", {"username": "ops", "password": "Ops-password-0042", "roles": ["viewer"]})
    arrives(("user", "created", user["id"], ()))

    faulty = [e["fault"] for e in emulator.requests_log() if e["fault"]]
    # An outage: every read of the watch fails. The changes made meanwhile arrive once it answers again.
    emulator.set_faults(error_rate=1.0, lost_answer_rate=0.0)
    wait_for("the unreachable event", lambda: ("server", "unreachable") in [k[:2] for k in event_keys(watch.events())],
             60)
    rest.send("PUT", "/apis/sources/%s" % cam["id"], dict(rest.send("GET", "/apis/sources/%s" % cam["id"]), port=4999))
    emulator.signal(remote["id"], active=True, bitrate=2500000)
    rest.send("DELETE", "/apis/users/%s" % user["id"])
    during_outage = [("source", "updated", cam["id"], (("port", 4999),)),
                     ("source", "updated", remote["id"], (("active", True), ("bitrate", 2500000))),
                     ("user", "deleted", user["id"], ())]
    time.sleep(3 * INTERVAL)
    assert not any(k in event_keys(watch.events()) for k in during_outage)
    emulator.clear_faults()
    for key in during_outage:
        arrives(key)
    reads = emulator.counters()["by_route"].get(FIRST_READ, 0)
    wait_for("three more polls", lambda: emulator.counters()["by_route"].get(FIRST_READ, 0) >= reads + 3, 60)

    recorded = event_keys(watch.events())
    servers = [k[1] for k in recorded if k[0] == "server"]
    changes = [k for k in recorded if k[0] != "server"]
    logins = emulator.counters()["by_route"].get(LOGIN, 0)
    print("events: %d changes, server: %s; watch logins: %d; faults before the outage: %d answers lost, %d 503"
          % (len(changes), servers, logins, faulty.count("lost_answer"), faulty.count("error")))
    assert sorted(changes) == sorted(expected)  # each change once, nothing else
    assert servers == ["unreachable", "reachable"]
    reachable_at = recorded.index(next(k for k in recorded if k[:2] == ("server", "reachable")))
    assert sorted(recorded[reachable_at + 1:reachable_at + 4]) == sorted(during_outage)
    assert logins == 2  # the first login, and one after the forced expiry
    assert faulty.count("lost_answer") > 0 and faulty.count("error") > 0


def test_a_login_that_ends_between_polls_under_404_costs_no_event_and_a_change_still_arrives(tmp_path, rulebook):
    """V10 b with a login idle timeout shorter than the interval: every poll finds its login ended and every
    list answering 404 NoResults, as if empty (contract: login_expiry). No event while nothing changes; a
    source created meanwhile arrives within INTERVAL + 5 s."""
    emulator = Emulator(seed=SEED, workdir=tmp_path / "emulator", args=[
        "--variant", "V10=b", "--session-idle-timeout", "1", "--api-key", API_KEY[0], "--api-secret", API_KEY[1]])
    try:
        watch = rulebook(emulator)
        wait_for("six polls", lambda: watch.alive() and emulator.counters()["by_route"].get(FIRST_READ, 0) >= 6, 90)
        assert watch.events() == []
        rest = Rest(emulator.url, emulator.verify, api_key=API_KEY)
        made = rest.send("POST", "/apis/sources", {"name": "Cam late", "type": "UDP", "port": 5999, "multicast": False})
        created = time.time()
        wait_for("the created event", lambda: watch.alive() and ("source", "created", made["id"], ())
                 in event_keys(watch.events()), INTERVAL + 5)
        print("V10 b, idle timeout 1 s, interval %d s: the created event %.1f s after the change; watch logins: %d "
              "over %d polls" % (INTERVAL, time.time() - created, emulator.counters()["by_route"].get(LOGIN, 0),
                                 emulator.counters()["by_route"].get(FIRST_READ, 0)))
        assert [k[:2] for k in event_keys(watch.events())] == [("source", "created")]
    finally:
        emulator.stop()
