"""Benchmark haivision.hmp: three ways to configure an HMP server, measured side by side in one run.

Approaches, each an ansible-playbook run against hmp_emulator (TLS, verified with its CA):
  hmp_config  the fleet role, `ansible-playbook haivision.hmp.site` (one hmp_config task per server)
  looped      benchmarks/playbooks/looped.yml: hmp_source / hmp_session / hmp_event / hmp_user with loop:
  uri         benchmarks/playbooks/uri.yml: ansible.builtin.uri, as a user without this collection writes it

Scenarios, for each approach x size x latency:
  initial     the declared state applied to an empty server
  noop        the same playbook again on the state the initial apply left: nothing to change
  drift       about 5% of the objects changed behind Ansible's back (scenario.drift), then re-applied

Request counts come from the emulator's counters and request log (exact); wall times are medians over
--repeat runs; every ratio compares runs of this one invocation. Before each measured run the emulator
is put back in the same state with reset(<state dump>), which also clears its counters and request log.
Markdown goes to stdout, progress to stderr, everything to the JSON file (--json).

    python benchmarks/run.py --quick
    python benchmarks/run.py --sizes 30,300,3000 --latencies 0,20 --repeat 3
"""

import argparse
import collections
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)
sys.path.insert(0, HERE)

from hmp_emulator.launcher import ADMIN_PASSWORD, ADMIN_USER, Emulator  # noqa: E402
import scenario  # noqa: E402

BIN = os.path.dirname(sys.executable)
ANSIBLE_PLAYBOOK = os.path.join(BIN, "ansible-playbook")
APPROACHES = collections.OrderedDict([
    ("hmp_config", "haivision.hmp.site"),
    ("looped", os.path.join(HERE, "playbooks", "looped.yml")),
    ("uri", os.path.join(HERE, "playbooks", "uri.yml")),
])
SLOW_APPROACHES = ("looped", "uri")
SCENARIOS = ("initial", "noop", "drift")
LOGIN = "/apis/authentication/login"
PAGE_SIZE = 100
DRIFT_FRACTION = 0.05
PLAYBOOK_TIMEOUT = 4 * 3600
# What the issue asks of the figures (checked in the "Claims" table).
SPAN_LIMIT = 1.5  # s of HTTP work for the no-op of 300 objects at 20 ms
URI_RATIO, LOOPED_RATIO = 5, 10


def log(message):
    print(message, file=sys.stderr, flush=True)


# -- the collection and the inventory -----------------------------------------------------------------

def collections_path(given, workdir):
    """A collections folder where haivision.hmp is this checkout (a symlink), unless one is given."""
    if given:
        return given
    namespace = os.path.join(workdir, "collections", "ansible_collections", "haivision")
    os.makedirs(namespace, exist_ok=True)
    os.symlink(ROOT, os.path.join(namespace, "hmp"))
    return os.path.join(workdir, "collections")


def host_vars(emulator, data):
    """One inventory host: the connection to ``emulator`` and the declared state ``data``."""
    connection = {"hmp_host": emulator.host, "hmp_port": emulator.port, "hmp_protocol": "https",
                  "hmp_username": ADMIN_USER, "hmp_password": ADMIN_PASSWORD, "hmp_ca_path": emulator.ca_path,
                  "ansible_connection": "local", "ansible_python_interpreter": sys.executable}
    return dict(connection, **data)


def write_inventory(path, hosts):
    """An inventory (JSON is YAML) with ``hosts`` ({name: vars}) in the group ``hmp``."""
    with open(path, "w") as out:
        json.dump({"hmp": {"hosts": hosts}}, out)
    return path


def ansible_env(collections):
    env = dict((k, v) for k, v in os.environ.items() if not k.startswith(("HMP_", "ANSIBLE_")))
    env.update({"ANSIBLE_COLLECTIONS_PATH": collections, "ANSIBLE_LOCALHOST_WARNING": "false",
                "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false", "ANSIBLE_NOCOLOR": "1",
                "ANSIBLE_RETRY_FILES_ENABLED": "false", "PATH": BIN + os.pathsep + env.get("PATH", "")})
    return env


def run_playbook(playbook, inventory, env, output_path, forks=None, extra=()):
    """Run ansible-playbook (``extra``: more of its arguments); return (wall seconds, return code, epoch start,
    epoch end).

    Its output goes to ``output_path``."""
    command = [ANSIBLE_PLAYBOOK, "-i", inventory, playbook]
    if forks:
        command += ["--forks", str(forks)]
    command += list(extra)
    with open(output_path, "w") as out:
        epoch, started = time.time(), time.perf_counter()
        process = subprocess.run(command, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT,
                                 timeout=PLAYBOOK_TIMEOUT)
        wall = time.perf_counter() - started
        return wall, process.returncode, epoch, epoch + wall


def tail(path, lines=25):
    with open(path) as handle:
        return "".join(handle.readlines()[-lines:])


# -- what the emulator saw ------------------------------------------------------------------------------

def pages(count):
    """Requests to read a collection of ``count`` items: HMP has no total, so a short page (or 404) ends it."""
    return count // PAGE_SIZE + 1


def noop_requests(state, data):
    """The (method, route) requests a no-op reconcile cannot avoid, with how many of each.

    One login; each page of sources, sessions, users and roles; one events list (per page) of each
    declared session that exists on the server; one logout; no write.
    """
    titles = set(s["title"] for s in data["hmp_sessions"])
    expected = collections.Counter({
        ("POST", LOGIN): 1, ("DELETE", LOGIN): 1,
        ("GET", "/apis/sources"): pages(len(state["sources"])),
        ("GET", "/apis/sessions"): pages(len(state["sessions"])),
        ("GET", "/apis/users"): pages(len(state["users"])),
        ("GET", "/apis/roles"): pages(len(state["roles"])),
    })
    events = sum(pages(len(s["events"])) for s in state["sessions"] if s["title"] in titles)
    if events:
        expected[("GET", "/apis/sessions/:sessionId/events")] = events
    return expected


def requests_by_route(by_route):
    """The emulator's ``by_route`` counters ({"GET /apis/sources": 2}) keyed like noop_requests."""
    return collections.Counter(dict((tuple(key.split(" ", 1)), n) for key, n in by_route.items()))


def route_differences(expected, measured):
    """Lines naming each (method, route) whose measured count is not the expected one."""
    return ["%s %s: expected %d, measured %d" % (method, route, expected[(method, route)], measured[(method, route)])
            for method, route in sorted(set(expected) | set(measured))
            if expected[(method, route)] != measured[(method, route)]]


def http_span(request_log):
    """Seconds from the first request's arrival to the last answer: the HTTP work of the run."""
    if not request_log:
        return 0.0
    return max(r["received"] + r["seconds"] for r in request_log) - min(r["received"] for r in request_log)


def per_task_sessions(request_log):
    """The most logins and logouts any one module run sent, and how many module runs there were.

    Module runs of one host follow each other, each ending with its logout, so the requests between
    two logouts belong to one run. A run that logged in twice, or forgot its logout, shows as a run
    with two logins.
    """
    runs, current = [], collections.Counter()
    for entry in request_log:
        if entry["route"] == LOGIN:
            current[entry["method"]] += 1
        if entry["route"] == LOGIN and entry["method"] == "DELETE":
            runs.append(current)
            current = collections.Counter()
    if sum(current.values()):
        runs.append(current)
    return {"max_logins": max([r["POST"] for r in runs] or [0]),
            "max_logouts": max([r["DELETE"] for r in runs] or [0]), "module_runs": len(runs)}


def measure(emulators, pre_states, latency_ms, playbook, inventory, env, output_path, forks=None):
    """One measured run: every server back to its pre-state, counters and log cleared, the playbook run."""
    for emulator, pre_state in zip(emulators, pre_states):
        emulator.reset(pre_state)
        emulator.reset_counters()
        emulator.clear_requests_log()
        emulator.set_faults(latency_ms=latency_ms)
    wall, returncode, started, ended = run_playbook(playbook, inventory, env, output_path, forks)
    servers = []
    for emulator in emulators:
        counters, request_log = emulator.counters(), emulator.requests_log()
        servers.append({"counters": counters, "request_log": request_log, "started": started, "ended": ended,
                        "log_complete": len(request_log) == counters["total"]})
    return {"wall": wall, "returncode": returncode, "output": output_path, "servers": servers}


def server_figures(server):
    """Totals of one server's counters and request log."""
    counters, request_log = server["counters"], server["request_log"]
    by_route = counters["by_route"]
    figures = {"requests": counters["total"], "writes": counters["writes"],
               "logins": by_route.get("POST " + LOGIN, 0), "logouts": by_route.get("DELETE " + LOGIN, 0),
               "reads": counters["by_method"].get("GET", 0),
               "span": http_span(request_log) if server["log_complete"] else None,
               "by_route": by_route}
    if request_log:  # where the rest of the wall time goes: before the first request, after the last answer
        figures["before_first_request"] = min(r["received"] for r in request_log) - server["started"]
        figures["after_last_answer"] = server["ended"] - max(r["received"] + r["seconds"] for r in request_log)
    figures.update(per_task_sessions(request_log) if server["log_complete"] else {})
    return figures


def declared_counts(data):
    return {"sources": len(data["hmp_sources"]), "sessions": len(data["hmp_sessions"]),
            "events": sum(len(s["events"]) for s in data["hmp_sessions"]), "users": len(data["hmp_users"])}


def state_counts(state):
    """Objects on the server, the administrator the emulator starts with left out."""
    return {"sources": len(state["sources"]), "sessions": len(state["sessions"]),
            "events": sum(len(s["events"]) for s in state["sessions"]),
            "users": len([u for u in state["users"] if u["username"] != ADMIN_USER])}


# -- one benchmark cell: an approach on one server, at one size and latency ----------------------------

class Cell(object):
    """Runs the scenarios of one approach x size x latency and keeps their rows."""

    def __init__(self, bench, approach, objects, latency_ms, data, inventory):
        self.bench, self.approach, self.objects, self.latency_ms = bench, approach, objects, latency_ms
        self.data, self.inventory = data, inventory
        self.emulator = bench.emulator
        self.applied_state = None

    def label(self, scenario_name):
        return "%s, %d objects, %d ms, %s" % (self.approach, self.objects, self.latency_ms, scenario_name)

    def runs(self, pre_state, scenario_name, repeat):
        results = []
        for index in range(repeat):
            output = self.bench.output_path(self.approach, self.objects, self.latency_ms, scenario_name, index)
            result = measure([self.emulator], [pre_state], self.latency_ms, APPROACHES[self.approach],
                             self.inventory, self.bench.env, output)
            log("  %-48s run %d/%d: %7.1f s, %5d requests, %4d writes%s" % (
                self.label(scenario_name), index + 1, repeat, result["wall"],
                result["servers"][0]["counters"]["total"], result["servers"][0]["counters"]["writes"],
                "" if result["returncode"] == 0 else "  FAILED (rc %d, %s)" % (result["returncode"], output)))
            results.append(result)
        return results

    def initial(self, measured):
        repeat = self.bench.args.repeat_initial if measured else 1
        results = self.runs({}, "initial" if measured else "initial (to build the no-op state)", repeat)
        self.applied_state = self.emulator.state()
        if not measured:
            return None
        present, declared = state_counts(self.applied_state), declared_counts(self.data)
        ok = present == declared and results[-1]["returncode"] == 0
        note = "" if ok else "server holds %s, declared %s" % (present, declared)
        return self.row("initial", results, check=ok, note=note)

    def noop(self, repeat):
        results = self.runs(self.applied_state, "noop", repeat)
        expected = noop_requests(self.applied_state, self.data)
        writes = [r["servers"][0]["counters"]["writes"] for r in results]
        ok = all(w == 0 for w in writes) if self.approach != "uri" else None
        row = self.row("noop", results, check=ok, floor=sum(expected.values()))
        if self.approach == "hmp_config":
            differences = route_differences(expected, requests_by_route(row["by_route"]))
            row["floor_differences"] = differences
            row["floor_check"] = row["requests"] == row["floor"] and not differences
        return row

    def drift(self, repeat):
        self.emulator.reset(self.applied_state)
        drifted = scenario.drift(self.emulator, self.data, DRIFT_FRACTION, seed=self.bench.args.seed)
        drifted_state = self.emulator.state()
        results = self.runs(drifted_state, "drift", repeat)
        expected = noop_requests(drifted_state, self.data)
        writes = [r["servers"][0]["counters"]["writes"] for r in results]
        ok = all(w == drifted for w in writes) if self.approach != "uri" else None
        return self.row("drift", results, check=ok, floor=sum(expected.values()) + drifted, drifted=drifted)

    def row(self, scenario_name, results, check=None, floor=None, drifted=None, note=""):
        figures = [server_figures(r["servers"][0]) for r in results]
        last = figures[-1]
        failed = [r["output"] for r in results if r["returncode"] != 0]
        if failed:
            check, note = False, "ansible-playbook failed: %s\n%s" % (failed[0], tail(failed[0]))
        row = {"approach": self.approach, "objects": self.objects, "latency_ms": self.latency_ms,
               "scenario": scenario_name, "runs": len(results),
               "wall": statistics.median(r["wall"] for r in results), "walls": [r["wall"] for r in results],
               "floor": floor, "drifted": drifted, "check": check, "note": note,
               "declared": declared_counts(self.data)}
        for key in ("requests", "writes", "logins", "logouts", "reads", "by_route"):
            row[key] = last[key]
        row["requests_each_run"] = [f["requests"] for f in figures]
        spans = [f["span"] for f in figures if f["span"] is not None]
        row["span"] = statistics.median(spans) if spans else None
        for key in ("before_first_request", "after_last_answer"):
            values = [f[key] for f in figures if key in f]
            row[key] = statistics.median(values) if values else None
        if self.approach == "looped" and "max_logins" in last:
            row["max_logins_per_task"] = max(f["max_logins"] for f in figures)
            row["max_logouts_per_task"] = max(f["max_logouts"] for f in figures)
            row["module_runs"] = last["module_runs"]
        return row

    def run(self, scenarios, repeat):
        rows = []
        if "initial" in scenarios or "noop" in scenarios or "drift" in scenarios:
            row = self.initial(measured="initial" in scenarios)
            if row:
                rows.append(row)
        if "noop" in scenarios:
            rows.append(self.noop(repeat))
        if "drift" in scenarios:
            rows.append(self.drift(repeat))
        return rows


# -- the whole benchmark --------------------------------------------------------------------------------

class Benchmark(object):
    def __init__(self, args, workdir):
        self.args, self.workdir = args, workdir
        self.env = ansible_env(collections_path(args.collections_path, workdir))
        self.emulator = None
        self.fleet = []
        self.running = []  # every emulator started, stopped at the end whatever happens
        self.rows, self.fleet_rows, self.errors = [], [], []

    def output_path(self, *parts):
        return os.path.join(self.workdir, "-".join(str(p).replace(" ", "_") for p in parts) + ".log")

    def start(self, name):
        """A TLS emulator whose files (CA, output) are in the work folder."""
        emulator = Emulator(tls=True, workdir=os.path.join(self.workdir, "emulator-" + name))
        self.running.append(emulator)
        return emulator

    def stop_all(self):
        for emulator in self.running:
            emulator.stop()

    def single_server(self):
        args = self.args
        self.emulator = self.start("single")
        for objects in args.sizes:
            data = scenario.generate(objects, seed=args.seed)
            inventory = write_inventory(os.path.join(self.workdir, "inventory-%d.json" % objects),
                                        {"hmp-1": host_vars(self.emulator, data)})
            for latency_ms in args.latencies:
                for approach in args.approaches:
                    if approach in SLOW_APPROACHES and objects > args.slow_max_objects:
                        continue
                    repeat = args.repeat_slow if approach in SLOW_APPROACHES else args.repeat
                    cell = Cell(self, approach, objects, latency_ms, data, inventory)
                    try:
                        self.rows.extend(cell.run(args.scenarios, repeat))
                    except Exception as error:  # one broken cell must not lose the others' figures
                        self.errors.append("%s: %r" % (cell.label("*"), error))
                        log("  %s: ERROR %r" % (cell.label("*"), error))

    def fleet_run(self):
        args = self.args
        self.fleet = [self.start("fleet-%02d" % (i + 1)) for i in range(args.fleet_servers)]
        datas = [scenario.generate(args.fleet_objects, seed=args.seed + index) for index in range(len(self.fleet))]
        hosts = dict(("hmp-%02d" % (i + 1), host_vars(e, d)) for i, (e, d) in enumerate(zip(self.fleet, datas)))
        inventory = write_inventory(os.path.join(self.workdir, "inventory-fleet.json"), hosts)
        latency_ms = max(args.latencies)
        label = "hmp_config fleet %dx%d, %d ms" % (len(self.fleet), args.fleet_objects, latency_ms)

        def runs(pre_states, scenario_name, repeat):
            results = []
            for index in range(repeat):
                output = self.output_path("fleet", scenario_name, index)
                result = measure(self.fleet, pre_states, latency_ms, APPROACHES["hmp_config"], inventory,
                                 self.env, output, forks=args.fleet_forks)
                log("  %-48s run %d/%d: %7.1f s%s" % ("%s, %s" % (label, scenario_name), index + 1, repeat,
                                                     result["wall"], "" if result["returncode"] == 0
                                                     else "  FAILED (%s)" % output))
                results.append(result)
            return results

        initial = runs([{}] * len(self.fleet), "initial", args.repeat_initial)
        applied = [e.state() for e in self.fleet]
        ok = all(state_counts(s) == declared_counts(d) for s, d in zip(applied, datas))
        self.fleet_rows.append(fleet_row("initial", initial, ok, None, latency_ms, args))
        noop = runs(applied, "noop", args.repeat)
        floor = sum(sum(noop_requests(s, d).values()) for s, d in zip(applied, datas))
        ok = all(server["counters"]["writes"] == 0 for r in noop for server in r["servers"])
        self.fleet_rows.append(fleet_row("noop", noop, ok, floor, latency_ms, args))


def fleet_row(scenario_name, results, check, floor, latency_ms, args):
    per_run = [[server_figures(s) for s in r["servers"]] for r in results]
    last = per_run[-1]
    spans = [max(f["span"] or 0 for f in run) for run in per_run]
    failed = [r["output"] for r in results if r["returncode"] != 0]
    return {"scenario": scenario_name, "servers": len(last), "objects_each": args.fleet_objects,
            "forks": args.fleet_forks, "latency_ms": latency_ms, "runs": len(results),
            "wall": statistics.median(r["wall"] for r in results), "walls": [r["wall"] for r in results],
            "requests": sum(f["requests"] for f in last), "writes": sum(f["writes"] for f in last),
            "logins": sum(f["logins"] for f in last), "logouts": sum(f["logouts"] for f in last),
            "reads": sum(f["reads"] for f in last), "floor": floor,
            "max_span": statistics.median(spans), "check": check and not failed,
            "note": ("ansible-playbook failed: %s\n%s" % (failed[0], tail(failed[0]))) if failed else ""}


# -- reporting ------------------------------------------------------------------------------------------

def mark(value):
    return {True: "✓", False: "✗", None: "—"}[value]


def seconds(value, digits=2):
    return "—" if value is None else "%.*f" % (digits, value)


def table(headers, lines):
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out += ["| " + " | ".join(str(cell) for cell in line) + " |" for line in lines]
    return "\n".join(out)


def results_table(rows):
    headers = ["approach", "objects", "latency", "scenario", "runs", "wall (median s)", "requests", "floor",
               "logins", "logouts", "reads", "writes", "drifted", "HTTP span (s)", "max login/logout per task",
               "check"]
    lines = []
    for r in rows:
        per_task = "—"
        if "max_logins_per_task" in r:
            per_task = "%d/%d (%d runs)" % (r["max_logins_per_task"], r["max_logouts_per_task"], r["module_runs"])
        span = seconds(r["span"]) if r["approach"] == "hmp_config" else "—"
        floor = "—" if r["floor"] is None else r["floor"]
        if r.get("floor_check") is False:
            floor = "%s ≠" % floor
        lines.append([r["approach"], r["objects"], "%d ms" % r["latency_ms"], r["scenario"], r["runs"],
                      seconds(r["wall"], 1), r["requests"], floor, r["logins"], r["logouts"], r["reads"],
                      r["writes"], "—" if r["drifted"] is None else r["drifted"], span, per_task,
                      mark(r["check"])])
    return table(headers, lines)


def find(rows, **where):
    return next((r for r in rows if all(r[k] == v for k, v in where.items())), None)


def ratio_lines(rows):
    lines = []
    for objects, latency_ms in sorted(set((r["objects"], r["latency_ms"]) for r in rows)):
        site = find(rows, approach="hmp_config", objects=objects, latency_ms=latency_ms, scenario="noop")
        if not site:
            continue
        uri = find(rows, approach="uri", objects=objects, latency_ms=latency_ms, scenario="noop")
        looped = find(rows, approach="looped", objects=objects, latency_ms=latency_ms, scenario="noop")
        lines.append({"objects": objects, "latency_ms": latency_ms, "site": site["wall"],
                      "uri": uri["wall"] if uri else None, "looped": looped["wall"] if looped else None,
                      "uri_ratio": uri["wall"] / site["wall"] if uri else None,
                      "looped_ratio": looped["wall"] / site["wall"] if looped else None})
    return lines


def ratio_table(ratios):
    headers = ["objects", "latency", "site.yml no-op (s)", "uri no-op (s)", "looped no-op (s)",
               "uri / site.yml", "looped / site.yml"]
    return table(headers, [[r["objects"], "%d ms" % r["latency_ms"], seconds(r["site"], 1), seconds(r["uri"], 1),
                            seconds(r["looped"], 1), "—" if r["uri_ratio"] is None else "%.1f×" % r["uri_ratio"],
                            "—" if r["looped_ratio"] is None else "%.1f×" % r["looped_ratio"]] for r in ratios])


def growth_table(rows):
    """hmp_config's cost per object at each size: flat per-object figures mean linear growth."""
    lines = []
    for latency_ms in sorted(set(r["latency_ms"] for r in rows)):
        for objects in sorted(set(r["objects"] for r in rows)):
            noop = find(rows, approach="hmp_config", objects=objects, latency_ms=latency_ms, scenario="noop")
            initial = find(rows, approach="hmp_config", objects=objects, latency_ms=latency_ms, scenario="initial")
            if not noop and not initial:
                continue
            line = ["%d ms" % latency_ms, objects]
            for row in (initial, noop):
                if row:
                    line += [row["requests"], "%.2f" % (row["requests"] / objects), seconds(row["wall"], 1),
                             "%.1f" % (1000 * row["wall"] / objects), seconds(row["span"])]
                else:
                    line += ["—"] * 5
            line.append(seconds(noop.get("before_first_request")) if noop else "—")
            lines.append(line)
    headers = ["latency", "objects", "initial requests", "per object", "initial wall (s)", "ms per object",
               "initial HTTP span (s)", "no-op requests", "per object", "no-op wall (s)", "ms per object",
               "no-op HTTP span (s)", "no-op: s before the first request"]
    return table(headers, lines)


def fleet_table(rows):
    headers = ["scenario", "servers × objects", "forks", "latency", "runs", "wall (median s)", "requests",
               "floor", "logins", "logouts", "writes", "longest server HTTP span (s)", "check"]
    return table(headers, [[r["scenario"], "%d × %d" % (r["servers"], r["objects_each"]), r["forks"],
                            "%d ms" % r["latency_ms"], r["runs"], seconds(r["wall"], 1), r["requests"],
                            "—" if r["floor"] is None else r["floor"], r["logins"], r["logouts"], r["writes"],
                            seconds(r["max_span"]), mark(r["check"])] for r in rows])


def claims(rows, ratios):
    """The issue's statements, each with what this run measured."""
    out = []
    noops = [r for r in rows if r["approach"] == "hmp_config" and r["scenario"] == "noop"]
    if noops:
        equal = all(r.get("floor_check") for r in noops)
        out.append(("hmp_config no-op requests = floor (1 login, each page, one events list per session, "
                    "1 logout, 0 writes)", ", ".join("%d obj/%d ms: %d vs %d" % (
                        r["objects"], r["latency_ms"], r["requests"], r["floor"]) for r in noops), equal))
    at_300 = find(rows, approach="hmp_config", objects=300, latency_ms=20, scenario="noop")
    if at_300 and at_300["span"] is not None:
        out.append(("no-op of 300 objects at 20 ms: HTTP span < %.1f s" % SPAN_LIMIT,
                    "%.2f s" % at_300["span"], at_300["span"] < SPAN_LIMIT))
    ratio = next((r for r in ratios if r["objects"] == 300 and r["latency_ms"] == 20), None)
    if ratio and ratio["uri_ratio"] is not None:
        out.append(("site.yml no-op ≥ %d× faster than uri (300 objects, 20 ms)" % URI_RATIO,
                    "%.1f×" % ratio["uri_ratio"], ratio["uri_ratio"] >= URI_RATIO))
    if ratio and ratio["looped_ratio"] is not None:
        out.append(("site.yml no-op ≥ %d× faster than looped modules (300 objects, 20 ms)" % LOOPED_RATIO,
                    "%.1f×" % ratio["looped_ratio"], ratio["looped_ratio"] >= LOOPED_RATIO))
    looped = [r for r in rows if "max_logins_per_task" in r]
    if looped:
        worst = max(max(r["max_logins_per_task"], r["max_logouts_per_task"]) for r in looped)
        out.append(("per-object modules: at most one login and one logout per task (module run)",
                    "max %d login(s), %d logout(s) in one task" % (
                        max(r["max_logins_per_task"] for r in looped), max(r["max_logouts_per_task"] for r in looped)),
                    worst <= 1))
    biggest = [r for r in rows if r["approach"] == "hmp_config" and r["objects"] >= 3000]
    if biggest:
        out.append(("the 3000-object scenarios complete", ", ".join(
            "%s %d ms %s" % (r["scenario"], r["latency_ms"], mark(r["check"])) for r in biggest),
            all(r["check"] is not False for r in biggest)))
    return table(["claim", "measured", ""], [[c, m, mark(ok)] for c, m, ok in out])


def report(bench, started):
    rows, args = bench.rows, bench.args
    ratios = ratio_lines(rows)
    parts = ["# haivision.hmp benchmark", "",
             "%s; %d CPU(s), load average %s; sizes %s; latencies %s ms; repeat %d (looped and uri: %d; "
             "initial: %d); %.0f min in all." % (
                 time.strftime("%Y-%m-%d %H:%M", time.localtime(started)), os.cpu_count(),
                 " ".join("%.1f" % x for x in os.getloadavg()), ",".join(map(str, args.sizes)),
                 ",".join(map(str, args.latencies)), args.repeat, args.repeat_slow, args.repeat_initial,
                 (time.time() - started) / 60)]
    if rows:
        skipped = [s for s in args.sizes if s > args.slow_max_objects]
        parts += ["", "## Every run", "", results_table(rows)]
        if skipped and any(a in SLOW_APPROACHES for a in args.approaches):
            parts += ["", "looped and uri are measured up to %d objects only: at %s objects one run of them takes "
                      "far too long (a module run per object, ~1 s each)." % (
                          args.slow_max_objects, ",".join(map(str, skipped)))]
        if ratios:
            parts += ["", "## No-op: site.yml against the other two (same run)", "", ratio_table(ratios)]
        parts += ["", "## hmp_config by size", "", growth_table(rows)]
    if bench.fleet_rows:
        parts += ["", "## Fleet: site.yml on %d servers, --forks %d" % (args.fleet_servers, args.fleet_forks), "",
                  fleet_table(bench.fleet_rows), "",
                  "hmp_config only: the looped modules would need %d module runs per pass and the uri playbook "
                  "hundreds of uri tasks, which --forks cannot make fit on this machine." % (
                      args.fleet_servers * args.fleet_objects)]
    parts += ["", "## Claims", "", claims(rows, ratios)]
    for error in bench.errors:
        parts += ["", "**error** %s" % error]
    problems = [r for r in rows + bench.fleet_rows if r.get("note") or r.get("floor_differences")]
    for r in problems:
        parts += ["", "**%s %s %s**: %s %s" % (r.get("approach", "fleet"), r.get("objects", ""), r["scenario"],
                                            r.get("note", ""), "; ".join(r.get("floor_differences") or []))]
    return "\n".join(parts) + "\n"


def write_json(path, bench, started):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    document = {"started": started, "args": vars(bench.args), "cpus": os.cpu_count(), "loadavg": os.getloadavg(),
                "rows": bench.rows, "ratios": ratio_lines(bench.rows), "fleet": bench.fleet_rows,
                "errors": bench.errors}
    with open(path, "w") as out:
        json.dump(document, out, indent=1, default=str)


# -- command line ---------------------------------------------------------------------------------------

def integers(text):
    return [int(part) for part in text.split(",") if part.strip()]


def names(choices):
    def parse(text):
        chosen = [part.strip() for part in text.split(",") if part.strip()]
        unknown = [c for c in chosen if c not in choices]
        if unknown:
            raise argparse.ArgumentTypeError("unknown: %s (choose from %s)" % (", ".join(unknown), ", ".join(choices)))
        return chosen
    return parse


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="See benchmarks/README.md for what each column means.")
    parser.add_argument("--sizes", type=integers, default=[30, 300, 3000], help="objects per server (default 30,300,3000)")
    parser.add_argument("--latencies", type=integers, default=[0, 20], help="emulator latency per request, ms (default 0,20)")
    parser.add_argument("--approaches", type=names(tuple(APPROACHES)), default=list(APPROACHES),
                        help="hmp_config,looped,uri (default all)")
    parser.add_argument("--scenarios", type=names(SCENARIOS), default=list(SCENARIOS),
                        help="initial,noop,drift (default all)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each no-op and drift; the median is shown (default 3)")
    parser.add_argument("--repeat-slow", type=int, default=None,
                        help="runs of each looped and uri no-op and drift (default: --repeat); one looped run "
                             "of 300 objects takes minutes")
    parser.add_argument("--repeat-initial", type=int, default=1, help="runs of each initial apply (default 1)")
    parser.add_argument("--slow-max-objects", type=int, default=300,
                        help="largest size measured for looped and uri (default 300)")
    parser.add_argument("--fleet", dest="fleet", action="store_true", default=True,
                        help="also run the fleet: site.yml on several servers (default)")
    parser.add_argument("--no-fleet", dest="fleet", action="store_false")
    parser.add_argument("--fleet-servers", type=int, default=10)
    parser.add_argument("--fleet-objects", type=int, default=300)
    parser.add_argument("--fleet-forks", type=int, default=10)
    parser.add_argument("--quick", action="store_true",
                        help="sizes 30,300, latency 20 ms, repeat 1, no fleet")
    parser.add_argument("--seed", type=int, default=0, help="scenario and drift seed (default 0)")
    parser.add_argument("--collections-path", help="a collections folder holding haivision.hmp (default: a "
                                                   "temporary one linking to this checkout)")
    parser.add_argument("--json", help="where to write the results (default build/benchmarks/<timestamp>.json)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (inventories, playbook output)")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.latencies, args.repeat, args.fleet = [30, 300], [20], 1, False
        args.repeat_slow = args.repeat_initial = 1
    if args.repeat_slow is None:
        args.repeat_slow = args.repeat
    if args.json is None:
        args.json = os.path.join(ROOT, "build", "benchmarks", time.strftime("%Y%m%d-%H%M%S") + ".json")
    return args


def main(argv=None):
    args = parse_args(argv)
    started = time.time()
    workdir = tempfile.mkdtemp(prefix="hmp-bench-")
    bench = Benchmark(args, workdir)
    log("work folder %s" % workdir)
    try:
        bench.single_server()
        if args.fleet:
            bench.fleet_run()
    finally:
        bench.stop_all()
    print(report(bench, started))
    write_json(args.json, bench, started)
    log("results written to %s" % args.json)
    if not args.keep:
        subprocess.run(["rm", "-rf", workdir])
    failed = [r for r in bench.rows + bench.fleet_rows if r["check"] is False]
    return 1 if failed or bench.errors else 0


if __name__ == "__main__":
    sys.exit(main())
