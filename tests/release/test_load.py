"""Load: 20 hosts, run with 20 forks, each sends 25 per-object module tasks to the one emulator (500 tasks in
all, up to 20 at a time). Every task succeeds, no request is refused, and the server ends up holding exactly the
declared objects: nothing missing, nothing doubled, nothing else.

The tasks are templated on ``inventory_hostname``; the same helpers build the templates and the names the
emulator must hold afterwards."""

import collections
import json
import re
import sys

WORKERS = ["worker%02d" % n for n in range(1, 21)]
HOST = "{{ inventory_hostname }}"
PASSWORD = "Load-operator-pass-0042"

CAMERAS = range(1, 11)
STUDIOS = [("A", [1, 2]), ("B", [3, 4]), ("C", [5, 6, 7]), ("D", [8, 9, 10])]  # every camera in one studio
EVENTS = [  # per studio
    {"start_time": "2027-03-01T10:00:00Z", "duration": "1h", "action": "record"},
    {"start_time": "2027-03-03T18:00:00Z", "duration": "30m", "recurrence": "weekly", "days": "MON;WED",
     "action": "live"},
]
EVENTS_HELD = [[1803895200, "one-time"], [1804096800, "weekly-recurring"]]  # the two above, as HMP stores them
OPERATORS = [("op1", ["Viewer"]), ("op2", ["Content Creator"]), ("op3", ["Viewer", "Content Contributor"])]
EMPTY_LISTS = {  # the lists a task may read while they are still empty: HMP answers 404 NoResults
    "/apis/sources", "/apis/sessions", "/apis/sessions/:sessionId/events", "/apis/users"}


def camera(host, n):
    return "%s cam %02d" % (host, n)


def studio(host, letter):
    return "%s studio %s" % (host, letter)


def operator(host, suffix):
    return "%s-%s" % (host, suffix)


def worker_tasks():
    """The 25 tasks every worker runs: 10 sources, 4 sessions over them, 8 events on those, 3 users."""
    tasks = [{"name": "source %d" % n, "haivision.hmp.hmp_source": {
        "name": camera(HOST, n), "type": "udp", "multicast": True, "host": "239.20.{{ worker }}.%d" % n,
        "port": 5000}} for n in CAMERAS]
    tasks += [{"name": "session " + letter, "haivision.hmp.hmp_session": {
        "title": studio(HOST, letter), "live": True, "sources": [camera(HOST, n) for n in cameras]}}
        for letter, cameras in STUDIOS]
    tasks += [{"name": "event %s%d" % (letter, n), "haivision.hmp.hmp_event": dict(event, session=studio(HOST, letter))}
              for letter, _cameras in STUDIOS for n, event in enumerate(EVENTS)]
    tasks += [{"name": "user " + suffix, "haivision.hmp.hmp_user": {
        "username": operator(HOST, suffix), "password": PASSWORD, "roles": roles}} for suffix, roles in OPERATORS]
    return tasks


def write_inventory(path):
    """The 20 workers, each running its modules on the controller with this interpreter; ``worker`` is its number."""
    inventory = {"workers": {
        "hosts": dict((name, {"worker": n}) for n, name in enumerate(WORKERS, 1)),
        "vars": {"ansible_connection": "local", "ansible_python_interpreter": sys.executable}}}
    path.write_text(json.dumps(inventory))  # JSON is YAML
    return str(path)


def recap(stdout):
    """PLAY RECAP as {host: {"ok": n, "changed": n, "unreachable": n, "failed": n, ...}}."""
    rows = re.findall(r"^(\S+)\s+:\s+(ok=.*)$", stdout.split("PLAY RECAP", 1)[-1], re.MULTILINE)
    return dict((host, dict((k, int(v)) for k, v in re.findall(r"(\w+)=(\d+)", counts))) for host, counts in rows)


def by_name(pairs):
    """{name: what} from (name, what) pairs; a name held twice maps to the list of all its whats, so a double shows."""
    grouped = collections.defaultdict(list)
    for name, what in pairs:
        grouped[name].append(what)
    return dict((name, whats[0] if len(whats) == 1 else whats) for name, whats in grouped.items())


def declared_state():
    """What the server must hold afterwards: every object by name, with what the tasks said about it."""
    return {
        "sources": by_name((camera(host, n), "239.20.%d.%d" % (worker, n))
                           for worker, host in enumerate(WORKERS, 1) for n in CAMERAS),
        "sessions": by_name((studio(host, letter), {"live": True, "events": EVENTS_HELD,
                                                    "sources": sorted(camera(host, n) for n in cameras)})
                            for host in WORKERS for letter, cameras in STUDIOS),
        "users": by_name([("haiadmin", ["Administrator"])] +
                         [(operator(host, suffix), sorted(roles)) for host in WORKERS for suffix, roles in OPERATORS]),
    }


def held_state(dump):
    """The same view of an emulator state dump."""
    source_names = dict((s["id"], s["name"]) for s in dump["sources"])
    role_names = dict((r["id"], r["name"]) for r in dump["roles"])
    return {
        "sources": by_name((s["name"], s["host"]) for s in dump["sources"]),
        "sessions": by_name((s["title"], {"live": s["active"],
                                          "events": sorted([e["startTime"], e["type"]] for e in s["events"]),
                                          "sources": sorted(source_names[m["sourceId"]] for m in s["sources"])})
                            for s in dump["sessions"]),
        "users": by_name((u["username"], sorted(role_names[r] for r in u["roles"])) for u in dump["users"]),
    }


def refused(requests_log):
    """Every request HMP did not answer with success, less the 404 NoResults an empty list reads as (contract: empty_list):
    a dropped connection, a 409 from two workers racing, a 5xx from the server's handler would all show here."""
    return [(r["method"], r["path"], r["status"]) for r in requests_log
            if r["status"] is None
            or (r["status"] >= 400 and not (r["status"] == 404 and r["method"] == "GET" and r["route"] in EMPTY_LISTS))]


def emulator_stderr(emulator):
    """What the emulator process printed on stderr so far: where a failure no request log entry shows lands
    (a connection reset, a TLS error, a crash of the emulator's server)."""
    with open(emulator.stderr_path) as stderr:
        return stderr.read()


def test_twenty_forks_run_500_tasks_and_the_server_holds_exactly_what_they_declare(emulator, playbook, tmp_path,
                                                                                    record_property):
    tasks = worker_tasks()
    assert len(tasks) * len(WORKERS) == 500
    emulator.reset_counters()
    emulator.clear_requests_log()
    quiet_until = len(emulator_stderr(emulator))

    run = playbook(tasks, play={"hosts": "workers"},
                   args=["--forks", "20", "-i", write_inventory(tmp_path / "workers.yml")], timeout=900)

    assert run.returncode == 0, run.stdout[-5000:] + run.stderr[-5000:]
    assert recap(run.stdout) == dict((host, {"ok": 25, "changed": 25, "unreachable": 0, "failed": 0,
                                             "skipped": 0, "rescued": 0, "ignored": 0}) for host in WORKERS)
    outcomes = collections.Counter((r["host"], r["task"], r["status"], r["result"].get("changed"))
                                   for r in run.results)
    assert outcomes == collections.Counter((host, t["name"], "ok", True) for host in WORKERS for t in tasks)

    requests_log, counted = emulator.requests_log(), emulator.counters()["total"]
    record_property("hmp_requests", counted)
    assert len(requests_log) == counted  # the log (10,000 at most) holds every request: none escapes the next check
    assert refused(requests_log) == []
    assert emulator_stderr(emulator)[quiet_until:] == ""
    assert held_state(emulator.state()) == declared_state()
    assert PASSWORD not in run.stdout + run.stderr + repr(run.results)
