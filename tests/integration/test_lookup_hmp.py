"""The lookup plugin haivision.hmp.hmp in ansible-playbook against the emulator: for every kind, the objects the
matching info module returns for the same filters (by id, by name, by HMP's q, all, and their ids), read with the
same requests, over more than one page, without a write and without a secret; and the errors that name the
problem (an unknown kind, a filter the kind does not take, a name several objects share, nothing found with
on_missing=error, a refused login).

The counts come from the emulator's reading of HMP (tests/harness.py: page_reads), so the file passes under `make
integration-variants` too. One ansible-playbook run holds every task: each costs seconds of CPU.
"""

from collections import Counter

from harness import API_KEY, API_SECRET, page_reads

SOURCES = 130  # more than the 100 a page holds
PASSPHRASE = "Srt-passphrase-L7kQ2w"
PIN = "Box-admin-pin-3Jx8"
WRONG_PASSWORD = "Wrong-pass-5150-lookup"
LOGIN, LOGOUT = "POST /apis/authentication/login", "DELETE /apis/authentication/login"

SEED = {
    "users": [{"username": "jdoe", "password": "Stored-user-pass-0042", "displayName": "Jane Doe",
               "roles": ["viewer"]}],
    "sources": [{"name": "Cam %03d" % i, "type": "UDP", "host": "239.1.1.%d" % (i + 1), "port": 4900 + i,
                 "multicast": True} for i in range(SOURCES - 3)]
    + [{"name": "Contribution", "type": "SRT", "mode": "LISTENER", "port": 9000, "passphrase": PASSPHRASE}]
    + [{"name": "Twin", "type": "UDP", "port": 5000 + i, "multicast": False} for i in (1, 2)],
    "sessions": [
        {"title": "Morning show", "description": "Studio A", "sources": ["Cam 001", "Contribution"],
         "events": [{"startTime": 1798812000, "duration": 3600, "type": "one-time", "command": "record",
                     "active": True},
                    {"startTime": 1798898400, "duration": 1800, "type": "one-time", "command": "set-live",
                     "parameters": {"record": True}, "active": True}]},
        {"title": "Evening news", "description": "Studio B", "sources": ["Cam 002"],
         "events": [{"startTime": 1798840800, "duration": 900, "type": "one-time", "command": "record",
                     "active": False}]},
    ],
    "categories": [{"label": "Locations", "values": ["Montreal", "Ottawa"]}],
    "videos": [
        {"title": "Keynote", "description": "", "duration": 60.5, "movieTrackCount": 1, "session": "Morning show",
         "metadata": [{"name": "calypso:category:Locations", "field": [{"fieldType": "STRING",
                                                                        "valueString": "Montreal"}]}]},
        {"title": "Panel", "description": "", "duration": 30.0, "movieTrackCount": 1, "session": "Evening news"},
    ],
    "devices": [{"_id": "lobbyBox1", "name": "Lobby TV", "hostname": "37D78D000096", "status": "Online",
                 "standby": False, "muted": False, "volume": 0.5, "adminPin": PIN},
                {"_id": "hallBox2", "name": "Hall", "status": "Offline", "adminPin": PIN}],
    "recordings": [{"session": "Evening news", "state": "PAUSED", "duration": 12.5}],
    "streams": [{"video": "Keynote", "address": "239.2.2.2", "port": 5000, "state": "playing"}],
}


def query(kind, **options):
    """``query('haivision.hmp.hmp', kind, ...)`` as Jinja, each option a Python literal (Jinja reads them alike)."""
    given = "".join(", %s=%r" % (option, value) for option, value in options.items())
    return "query('haivision.hmp.hmp', %r%s)" % (kind, given)


def looked_up(name, expression):
    return {"name": name, "ansible.builtin.set_fact": {"found": "{{ %s }}" % expression}}


def info(task, module, /, **args):
    return {"name": task, "haivision.hmp.hmp_%s_info" % module: args}


def failing(name, expression):
    return dict(looked_up(name, expression), ignore_errors=True)


def routes(run, task):
    return Counter("%s %s" % (e["method"], e["route"]) for e in run.requests(task))


def test_the_lookup_returns_what_each_info_module_returns_with_the_same_requests_and_nothing_else(
        emulator, playbook):
    emulator.reset(SEED)
    emulator.reset_counters()
    state = emulator.state()
    source_id = next(s["id"] for s in state["sources"] if s["name"] == "Cam 007")
    session_id = next(s["id"] for s in state["sessions"] if s["title"] == "Morning show")
    twins = sorted(s["id"] for s in state["sources"] if s["name"] == "Twin")

    # (what is compared, the info module's task, the lookup's expression, the key of the info module's result)
    pairs = [
        ("sources", info("info sources", "source"), query("sources"), "sources"),
        ("sources by id", info("info source by id", "source", id=source_id), query("sources", id=source_id),
         "sources"),
        ("sources by name", info("info sources by name", "source", name="Cam 042"), query("sources", name="Cam 042"),
         "sources"),
        ("sources by q", info("info sources by q", "source", q="cam 04"), query("sources", q="cam 04"), "sources"),
        ("sessions", info("info sessions", "session", events=True), query("sessions", events=True), "sessions"),
        ("sessions by id", info("info session by id", "session", id=session_id), query("sessions", id=session_id),
         "sessions"),
        ("events", info("info events", "event", session="Morning show"), query("events", session="Morning show"),
         "events"),
        ("every event", info("info every event", "event"), query("events"), "events"),
        ("users", info("info users", "user"), query("users"), "users"),
        ("users by username", info("info users by username", "user", username="jdoe"),
         query("users", username="jdoe"), "users"),
        ("recordings", info("info recordings", "recording"), query("recordings"), "recordings"),
        ("videos", info("info videos", "video", categories={"Locations": ["montreal"]}),
         query("videos", categories={"Locations": ["montreal"]}), "videos"),
        ("videos by title", info("info videos by title", "video", title="Panel", metadata=True),
         query("videos", title="Panel", metadata=True), "videos"),
        ("categories", info("info categories", "category", name="Locations"), query("categories", name="Locations"),
         "categories"),
        ("streams", info("info streams", "stream", video="Keynote"), query("streams", video="Keynote"), "streams"),
        ("devices", info("info devices", "device"), query("devices"), "devices"),
        ("devices by status", info("info devices by status", "device", status="Online"),
         query("devices", status="Online"), "devices"),
    ]
    tasks = []
    for what, info_task, expression, _key in pairs:
        tasks += [info_task, looked_up("lookup " + what, expression)]
    tasks += [
        looked_up("source ids", query("sources", **{"return": "ids"})),
        looked_up("device ids", query("devices", status="Online", **{"return": "ids"})),
        # the login the lookup names is used whole, beside HMP_USERNAME and HMP_PASSWORD (the one reader of options)
        looked_up("keyed", query("sources", hmp_api_key=API_KEY, hmp_api_secret=API_SECRET, **{"return": "ids"})),
        looked_up("one session", "lookup('haivision.hmp.hmp', 'sessions', title='Morning show')"),
        looked_up("none", query("sessions", title="Nobody's show")),
        looked_up("none, warned", query("videos", title="Lost tape", on_missing="warn")),
        looked_up("unverified", query("categories", hmp_validate_certs=False, **{"return": "ids"})),
        failing("unknown kind", query("sesions")),
        failing("unknown filter", query("sources", title="Morning show")),
        failing("ambiguous name", query("sources", name="Twin")),
        failing("nothing, on_missing=error", query("sessions", title="Nobody's show", on_missing="error")),
        failing("refused login", query("sources", hmp_password=WRONG_PASSWORD)),
    ]
    run = playbook(tasks)
    assert run.returncode == 0, run.stdout + run.stderr

    for what, info_task, _expression, key in pairs:
        expected = run.result(info_task["name"])[key]
        assert expected, what  # every comparison is over something
        assert run.result("lookup " + what)["ansible_facts"]["found"] == expected, what
        # the same code reads with the same requests: one login, the same reads, one logout
        sent = routes(run, "lookup " + what)
        assert sent == routes(run, info_task["name"]), what
        assert (sent[LOGIN], sent[LOGOUT]) == (1, 1), what

    found = dict((what, run.result("lookup " + what)["ansible_facts"]["found"]) for what, _i, _e, _k in pairs)
    every_source = found["sources"]
    assert len(every_source) == SOURCES
    assert routes(run, "lookup sources") == Counter({LOGIN: 1, "GET /apis/sources": page_reads(emulator, SOURCES),
                                                     LOGOUT: 1})
    assert [s["name"] for s in found["sources by q"]] == ["Cam %03d" % i for i in range(40, 50)]
    assert [s["id"] for s in found["sources by id"]] == [source_id]
    [contribution] = [s for s in every_source if s["name"] == "Contribution"]
    assert contribution["type"] == "SRT" and "passphrase" not in contribution
    assert [s["source_names"] for s in found["sessions by id"]] == [["Cam 001", "Contribution"]]
    assert [e["start_time_utc"] for e in found["events"]] == ["2027-01-01T14:00:00Z", "2027-01-02T14:00:00Z"]
    assert set(e["session_title"] for e in found["every event"]) == {"Morning show", "Evening news"}
    [jdoe] = found["users by username"]
    assert jdoe["role_names"] == [r["name"] for r in state["roles"] if r["id"] in jdoe["roles"]] != jdoe["roles"]
    assert [v["title"] for v in found["videos"]] == ["Keynote"]
    assert [s["video_title"] for s in found["streams"]] == ["Keynote"]
    assert [d["_id"] for d in found["devices by status"]] == ["lobbyBox1"]
    assert all("adminPin" not in d and "last_connected_utc" in d for d in found["devices"])

    assert run.result("source ids")["ansible_facts"]["found"] == [s["id"] for s in every_source]
    assert run.result("device ids")["ansible_facts"]["found"] == ["lobbyBox1"]
    assert run.result("keyed")["ansible_facts"]["found"] == [s["id"] for s in every_source]
    assert routes(run, "keyed") == Counter({"POST /apis/authentication/login/key": 1,
                                            "GET /apis/sources": page_reads(emulator, SOURCES)})  # a token: no logout
    # lookup() rather than query(): the one object itself
    assert run.result("one session")["ansible_facts"]["found"] == run.result("info session by id")["sessions"][0]
    assert run.result("none")["ansible_facts"]["found"] == run.result("none, warned")["ansible_facts"]["found"] == []
    warnings = " ".join(run.stderr.split())  # wrapped at the terminal's width
    assert "[WARNING]: videos: no video matches title='Lost tape' on https://" in warnings
    assert run.result("unverified")["ansible_facts"]["found"] == [c["id"] for c in found["categories"]]
    assert warnings.count("[WARNING]: hmp_validate_certs is false: the identity of localhost is not verified") == 1

    def failure(task):
        assert run.status(task) == "failed", task
        return run.result(task)["msg"]

    assert "_terms: 'sesions' is not a kind of objects this lookup reads; the kinds are categories, devices, " \
        "events, recordings, sessions, sources, streams, users, videos" in failure("unknown kind")
    assert "title: not a filter of sources (their filters are id, name, q); title='Morning show' filters sessions " \
        "and videos" in failure("unknown filter")
    assert "name: 2 sources have the name 'Twin' (ids %s); give the id of the one you mean" % ", ".join(twins) \
        in failure("ambiguous name")
    assert "sessions: no session matches title=\"Nobody's show\" on https://" in failure("nothing, on_missing=error")
    refused = failure("refused login")
    assert "POST /apis/authentication/login failed: HTTP 401" in refused and WRONG_PASSWORD not in refused

    assert emulator.writes() == 0
    everything = run.stdout + run.stderr + repr(run.results)
    for secret in (PASSPHRASE, PIN, WRONG_PASSWORD, API_SECRET):
        assert secret not in everything
