"""Per-object modules: one task sends one login, the reads its lookups need, the writes its change needs,
and one logout. Each row below is one task of one playbook, in order, and exactly what it must send: each
list read once (page after page: tests/integration/test_hmp_config.py counts the pages), and, on a server that
lists sessions without their live flag (V4 b), the session the task changes read alone. A task whose reads met a
404 (an empty list, where the server answers it so) takes one look at its login before its first write (contract:
login_expiry), and none otherwise: its logout is the look of a task that only reads."""

from harness import variant

LOGIN = "/apis/authentication/login"
SOURCES, SESSIONS, USERS, ROLES = "/apis/sources", "/apis/sessions", "/apis/users", "/apis/roles"
EVENTS = "/apis/sessions/:sessionId/events"
ALONE = "GET /apis/sessions/:sessionId"  # only where the list leaves fields out (V4 b)

SOURCE = {"name": "Cam 1", "type": "udp", "multicast": True, "host": "239.1.1.1", "port": 4900}
SOURCE_2 = {"name": "Cam 2", "type": "udp", "multicast": True, "host": "239.1.1.2", "port": 4900}
SESSION = {"title": "Studio A", "sources": ["Cam 1"], "live": True}
EVENT = {"session": "Studio A", "start_time": "2027-03-01T10:00:00Z", "duration": "1h", "action": "record"}
USER = {"username": "studio-op", "password": "Budget-pass-0042", "roles": ["Viewer"]}


def absent(args, *keys):
    return dict(dict((k, args[k]) for k in keys), state="absent")


TASKS = [
    ("hmp_source", SOURCE, ["GET " + SOURCES, "POST " + SOURCES]),
    ("hmp_source", SOURCE, ["GET " + SOURCES]),
    ("hmp_source", dict(SOURCE, port=4902), ["GET " + SOURCES, "PUT /apis/sources/:sourceId"]),
    ("hmp_source", SOURCE_2, ["GET " + SOURCES, "POST " + SOURCES]),
    ("hmp_session", SESSION, ["GET " + SESSIONS, "GET " + SOURCES, "POST " + SESSIONS,
                              "POST /apis/sessions/:sessionId/sources"]),
    ("hmp_session", SESSION, ["GET " + SESSIONS, ALONE, "GET " + SOURCES]),
    ("hmp_session", dict(SESSION, sources=["Cam 2"]), [
        "GET " + SESSIONS, ALONE, "GET " + SOURCES, "DELETE /apis/sessions/:sessionId/sources/:sourceId",
        "POST /apis/sessions/:sessionId/sources"]),
    ("hmp_event", EVENT, ["GET " + SESSIONS, "GET " + EVENTS, "POST " + EVENTS]),
    ("hmp_event", EVENT, ["GET " + SESSIONS, "GET " + EVENTS]),
    ("hmp_event", dict(EVENT, duration="2h"), ["GET " + SESSIONS, "GET " + EVENTS, "PUT " + EVENTS + "/:eventId"]),
    ("hmp_user", USER, ["GET " + USERS, "GET " + ROLES, "POST " + USERS]),
    ("hmp_user", USER, ["GET " + USERS, "GET " + ROLES]),
    ("hmp_user", dict(USER, roles=["Content Creator"]), ["GET " + USERS, "GET " + ROLES, "PUT /apis/users/:userId"]),
    ("hmp_user", absent(USER, "username"), ["GET " + USERS, "DELETE /apis/users/:userId"]),
    ("hmp_user", absent(USER, "username"), ["GET " + USERS]),
    ("hmp_event", absent(EVENT, "session", "start_time"), ["GET " + SESSIONS, "GET " + EVENTS,
                                                          "DELETE " + EVENTS + "/:eventId"]),
    ("hmp_event", absent(EVENT, "session", "start_time"), ["GET " + SESSIONS, "GET " + EVENTS]),
    ("hmp_session", absent(SESSION, "title"), ["GET " + SESSIONS, "DELETE /apis/sessions/:sessionId"]),
    ("hmp_session", absent(SESSION, "title"), ["GET " + SESSIONS]),
    ("hmp_source", absent(SOURCE, "name"), ["GET " + SOURCES, "DELETE /apis/sources/:sourceId"]),
    ("hmp_source", absent(SOURCE, "name"), ["GET " + SOURCES]),
]


def per_task(emulator):
    """The request log cut into one list of ('METHOD route', status) per task (each starts with its login), the
    pages of one list read as one."""
    segments = []
    for entry in emulator.requests_log():
        if entry["route"] == LOGIN and entry["method"] == "POST":
            segments.append([])
        sent = "%s %s" % (entry["method"], entry["route"])
        if not (segments[-1] and segments[-1][-1][0] == sent and entry["method"] == "GET" and "page=" in entry["query"]
                and "page=1&" not in entry["query"]):
            segments[-1].append((sent, entry["status"]))
    return segments


def with_the_look(expected, requests):
    """``expected`` with the look at the login before the first write, where a read before it answered 404."""
    writes = [i for i, route in enumerate(expected) if not route.startswith("GET ")]
    if not writes:
        return expected
    met_404 = any(status == 404 for route, status in requests[:writes[0] + 1] if route.startswith("GET /apis/")
                  and route != "GET " + LOGIN)
    return expected[:writes[0]] + ["GET " + LOGIN] * met_404 + expected[writes[0]:]


def test_each_task_sends_one_login_its_reads_its_writes_and_one_logout(emulator, playbook):
    tasks = [{"name": "%d %s" % (n, module), "haivision.hmp." + module: args}
             for n, (module, args, _expected) in enumerate(TASKS)]
    emulator.clear_requests_log()
    run = playbook(tasks)
    assert run.returncode == 0, run.stdout
    sent = per_task(emulator)
    assert len(sent) == len(TASKS)
    alone = variant(emulator, "V4") == "b"
    looks = 0
    for task, requests, (_module, _args, expected) in zip(tasks, sent, TASKS):
        expected = with_the_look([e for e in expected if e != ALONE or alone], requests[1:])
        looks += expected.count("GET " + LOGIN)
        assert [route for route, _status in requests] == ["POST " + LOGIN] + expected + ["DELETE " + LOGIN], task["name"]
    # the first source, session and event, each created after its list read empty
    assert looks == (3 if variant(emulator, "V2") == "a" else 0)
