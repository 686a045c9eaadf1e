"""The cost of one poll of the event source haivision.hmp.hmp_watch, by server size.

    .venv/bin/python benchmarks/watch.py                      # 300, 1000 and 3000 objects, 7 quiet polls each
    .venv/bin/python benchmarks/watch.py --sizes 3000 --polls 15 --json build/benchmarks/watch.json

For each size, ``scenario.generate(objects)`` (40% sources, 20% sessions, 30% events, 10% users) is loaded
into an emulator (TLS, verified) as its seed, and a ``Watch`` (plugins/plugin_utils/_watch.py: what the event
source runs each interval) of the default kinds polls it in this process:

- quiet polls: the baseline, then ``--polls`` polls of a server that does not change: CPU time of this
  process per poll (the watch's threads included; the emulator is another process), wall time, requests
  (the emulator's counters) against the read floor, and no event;
- the watch's own work: the same quiet polls answered from the answers of one of them, kept in memory
  (``Replay``): the CPU time left is what the watch does besides HTTP (views, comparison);
- memory: with tracemalloc, what the watch keeps between polls (its last reading) and the peak of one poll
  above that, in a separate pass (tracemalloc slows Python down, so it is not timed);
- drift: ``scenario.drift`` changes 5% of the objects through the REST API, the next poll must report
  exactly those objects, and its CPU time is shown too.

Markdown goes to stdout, progress to stderr, every figure to --json (default build/benchmarks/watch-<time>.json).
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import tracemalloc

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from hmp_emulator.launcher import ADMIN_PASSWORD, ADMIN_USER, Emulator  # noqa: E402
from scenario import drift, generate, object_count  # noqa: E402


def importable_collection():
    """This checkout as ansible_collections.haivision.hmp (a link in a temporary folder)."""
    top = tempfile.mkdtemp(prefix="hmp-watch-bench-")
    os.makedirs(os.path.join(top, "ansible_collections", "haivision"))
    os.symlink(ROOT, os.path.join(top, "ansible_collections", "haivision", "hmp"))
    sys.path.insert(0, top)


importable_collection()

from ansible_collections.haivision.hmp.plugins.module_utils.engine._client import HmpApiError  # noqa: E402
from ansible_collections.haivision.hmp.plugins.module_utils.engine._reconcile import canonical_options  # noqa: E402
from ansible_collections.haivision.hmp.plugins.module_utils._resources import EVENT, SOURCE, USER  # noqa: E402
from ansible_collections.haivision.hmp.plugins.plugin_utils._watch import Watch, watch_options  # noqa: E402


def log(message):
    sys.stderr.write("[watch bench] %s\n" % message)
    sys.stderr.flush()


def seed_of(data):
    """The declared state of ``scenario.generate`` as an emulator seed (the API's own field names)."""
    def api(resource, options):
        return resource.to_api(canonical_options(resource, dict(resource.defaults, **options)), create=True)

    sessions = []
    for session in data["hmp_sessions"]:
        sessions.append({"title": session["title"], "description": session["description"],
                         "active": session["live"], "syncrecord": session["sync_record"],
                         "sources": session["sources"], "events": [api(EVENT, e) for e in session["events"]]})
    return {"sources": [api(SOURCE, s) for s in data["hmp_sources"]], "sessions": sessions,
            "users": [api(USER, u) for u in data["hmp_users"]]}


def read_floor(state):
    """One poll of the default kinds: each page of each list (n // 100 + 1 pages for n items), one events
    list per session; set-top boxes stop at the last full page."""
    def pages(n):
        return n // 100 + 1

    return (pages(len(state["sources"])) + pages(len(state["sessions"]))
            + sum(pages(len(s.get("events", []))) for s in state["sessions"]) + pages(len(state["users"]))
            + pages(len(state["recordings"])) + pages(len(state["streams"])) + max(1, -(-len(state["devices"]) // 100)))


def new_watch(emulator):
    return Watch(watch_options({"hmp_host": "localhost", "hmp_port": emulator.port, "hmp_ca_path": emulator.ca_path,
                                "hmp_username": ADMIN_USER, "hmp_password": ADMIN_PASSWORD, "interval": 30}))


class Replay(object):
    """Answers the watch's reads from what the server answered before, without HTTP: what is left of a
    poll's CPU time is the watch's own work (views, comparison, events)."""

    def __init__(self, answers):
        self.answers = answers

    def request(self, method, path, body=None, params=None, with_paging=False):
        answer = self.answers[(method, path, tuple(sorted((params or {}).items())))]
        if isinstance(answer, Exception):  # an empty list: 404 NoResults
            raise answer
        return answer


def recording(client, answers):
    """``client.request`` that also keeps each answer (or refusal) in ``answers`` (for Replay)."""
    send = client.request

    def request(method, path, body=None, params=None, with_paging=False):
        key = (method, path, tuple(sorted((params or {}).items())))
        try:
            answers[key] = send(method, path, body, params, with_paging)
        except HmpApiError as error:
            answers[key] = error
            raise
        return answers[key]
    return request


def timed_poll(watch):
    cpu, wall = time.process_time(), time.perf_counter()
    events = watch.poll()
    return events, time.process_time() - cpu, time.perf_counter() - wall


def measure(objects, polls, seed_value):
    data = generate(objects, seed_value)
    with Emulator(seed=seed_of(data)) as emulator:
        state = emulator.state()
        counted = len(state["sources"]) + len(state["sessions"]) + len(state["users"]) \
            + sum(len(s.get("events", [])) for s in state["sessions"])
        floor = read_floor(state)
        log("%d objects (%d on the server with the administrator): read floor %d requests per poll"
            % (object_count(data), counted, floor))

        watch = new_watch(emulator)
        baseline_events, baseline_cpu, baseline_wall = timed_poll(watch)
        assert baseline_events == [], baseline_events
        cpu, wall, requests = [], [], []
        for _poll in range(polls):
            before = emulator.counters()["total"]
            events, cpu_s, wall_s = timed_poll(watch)
            assert events == [], events[:3]
            cpu.append(cpu_s)
            wall.append(wall_s)
            requests.append(emulator.counters()["total"] - before)
        answers = {}
        watch.client.request = recording(watch.client, answers)
        assert watch.poll() == []
        live_client, watch.reader.client = watch.reader.client, Replay(answers)
        own = [timed_poll(watch)[1] for _poll in range(polls)]
        watch.reader.client = live_client
        drifted = drift(emulator, data, 0.05, seed_value)
        drift_events, drift_cpu, drift_wall = timed_poll(watch)
        changed = [e for e in drift_events if e["hmp"]["kind"] != "server"]
        assert len(changed) == drifted, (len(changed), drifted)
        watch.close()

        tracemalloc.start()
        watch = new_watch(emulator)
        start = tracemalloc.get_traced_memory()[0]
        watch.poll()
        kept = tracemalloc.get_traced_memory()[0] - start
        tracemalloc.reset_peak()
        settled = tracemalloc.get_traced_memory()[0]
        watch.poll()
        peak = tracemalloc.get_traced_memory()[1] - settled
        tracemalloc.stop()
        watch.close()

    return {"objects": object_count(data), "on_server": counted, "floor": floor, "requests_per_poll": requests,
            "baseline_cpu_s": baseline_cpu, "baseline_wall_s": baseline_wall, "cpu_s": cpu, "wall_s": wall,
            "own_cpu_s": own,
            "drifted": drifted, "drift_events": len(changed), "drift_cpu_s": drift_cpu, "drift_wall_s": drift_wall,
            "kept_bytes": kept, "poll_peak_bytes": peak}


def markdown(results, polls):
    lines = ["| objects | requests per poll (floor) | CPU per quiet poll: median, least (of %d) | per object: median, "
             "least | of which the watch's own (no HTTP), per object | wall per poll (median) | kept between polls "
             "| peak of a poll | 5%% drift: events, CPU |" % polls,
             "|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        cpu, least, own = statistics.median(r["cpu_s"]), min(r["cpu_s"]), statistics.median(r["own_cpu_s"])
        requests = sorted(set(r["requests_per_poll"]))
        lines.append("| %d | %s (%d) | %.0f ms, %.0f ms | %.0f µs, %.0f µs | %.1f ms, %.1f µs | %.0f ms | %.1f MB | %.1f MB "
                     "| %d, %.0f ms |" % (
                         r["objects"], "/".join(str(n) for n in requests), r["floor"], cpu * 1000, least * 1000,
                         cpu / r["objects"] * 1e6, least / r["objects"] * 1e6, own * 1000, own / r["objects"] * 1e6,
                         statistics.median(r["wall_s"]) * 1000, r["kept_bytes"] / 1e6, r["poll_peak_bytes"] / 1e6,
                         r["drift_events"], r["drift_cpu_s"] * 1000))
    smallest, largest = results[0], results[-1]
    if len(results) > 1:
        lines.append("")
        lines.append("From %d to %d objects (%.1f times as many), the CPU time of a quiet poll grows %.1f times "
                     "(median; least: %.1f times; the watch's own work %.1f times), the memory kept %.1f times." % (
                         smallest["objects"], largest["objects"], largest["objects"] / smallest["objects"],
                         statistics.median(largest["cpu_s"]) / statistics.median(smallest["cpu_s"]),
                         min(largest["cpu_s"]) / min(smallest["cpu_s"]),
                         statistics.median(largest["own_cpu_s"]) / statistics.median(smallest["own_cpu_s"]),
                         largest["kept_bytes"] / smallest["kept_bytes"]))
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="300,1000,3000", help="objects per server, comma-separated")
    parser.add_argument("--polls", type=int, default=7, help="quiet polls measured per size (after the baseline)")
    parser.add_argument("--seed", type=int, default=0, help="scenario seed")
    parser.add_argument("--json", help="where to write every figure")
    args = parser.parse_args()
    results = []
    for size in [int(s) for s in args.sizes.split(",")]:
        results.append(measure(size, args.polls, args.seed))
        log("%d objects: median CPU %.3f s per quiet poll" % (size, statistics.median(results[-1]["cpu_s"])))
    load = os.getloadavg()
    print("Load average during the run: %.1f %.1f %.1f (2 cores)\n" % load)
    print(markdown(results, args.polls))
    path = args.json or os.path.join(ROOT, "build", "benchmarks", "watch-%s.json" % time.strftime("%Y%m%d-%H%M%S"))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as out:
        json.dump({"load_average": load, "results": results}, out, indent=1)
    log("figures in %s" % path)


if __name__ == "__main__":
    main()
