"""What a large declaration costs on Ansible's side, and what workers buy an initial apply.

For each size (objects of benchmarks/scenario.py's mixed declaration), against one emulator with --latency ms
added to every request, all in one run:

  site no-op   ``haivision.hmp.site`` on a server that already holds the declaration (median of --repeat runs)
  ping play    one ``ansible.builtin.ping`` over the same inventory, the same variables loaded
  HTTP span    from the first request the emulator received to its last answer, during the site no-op
  overhead     site no-op - HTTP span, against the ping play (target: <= 1.2 x the ping play)
  result       the size of hmp_config's result as it reaches the controller (JSON, bytes)
  unreachable  the site run against a port where nothing answers, against the ping play: what the task costs
               before its first request

and, at --workers-size objects, the initial apply of an empty server with ``hmp_workers`` 1, 2, 4 and 8, then the
repair of a drift of --drift-fraction of the objects (scenario.drift) with each of them.

    .venv/bin/python benchmarks/overhead.py --sizes 300,1000,3000 --latency 20
    .venv/bin/python benchmarks/overhead.py --collections-path /tmp/before/collections   # another checkout
    .venv/bin/python benchmarks/overhead.py --inventory yaml   # the declaration in host_vars/*.yml, as users keep it

Markdown to stdout, progress to stderr, every figure to the JSON file (--json).
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)
sys.path.insert(0, HERE)

from hmp_emulator.launcher import Emulator  # noqa: E402
import scenario  # noqa: E402
from run import (ansible_env, collections_path, host_vars, http_span, integers, log, run_playbook,  # noqa: E402
                 write_inventory)

PING = """- name: The same inventory, one ping
  hosts: hmp
  gather_facts: false
  tasks:
    - name: Ping
      ansible.builtin.ping:
"""
CALLBACKS = os.path.join(HERE, "callback_plugins")


def run(playbook, inventory, env, output, extra=()):
    """Wall seconds and return code of one ansible-playbook run (its output in ``output``)."""
    return run_playbook(playbook, inventory, env, output, extra=extra)[:2]


def median(values):
    return round(statistics.median(values), 2)


class Bench(object):
    def __init__(self, args, workdir):
        self.args, self.workdir = args, workdir
        self.sizes_file = os.path.join(workdir, "result-sizes.jsonl")
        self.env = dict(ansible_env(collections_path(args.collections_path, workdir)),
                        ANSIBLE_CALLBACK_PLUGINS=CALLBACKS, ANSIBLE_CALLBACKS_ENABLED="result_size",
                        HMP_BENCH_RESULT_SIZES=self.sizes_file)
        self.ping = os.path.join(workdir, "ping.yml")
        with open(self.ping, "w") as handle:
            handle.write(PING)
        self.emulator = Emulator(tls=True, workdir=os.path.join(workdir, "emulator"))

    def path(self, *parts):
        return os.path.join(self.workdir, "-".join(str(p) for p in parts))

    def result_size(self):
        with open(self.sizes_file) as handle:
            return json.loads(handle.read().splitlines()[-1])["bytes"]

    def site(self, inventory, name, state, extra=()):
        """One site run from ``state`` (a dump): wall, HTTP span, requests, writes, the result's size."""
        emulator = self.emulator
        emulator.reset(state)
        emulator.set_faults(latency_ms=self.args.latency)
        wall, code = run("haivision.hmp.site", inventory, self.env, self.path(name, "site.log"), extra)
        if code != 0:
            raise RuntimeError("site failed: see %s" % self.path(name, "site.log"))
        counters = emulator.counters()
        return {"wall": wall, "span": http_span(emulator.requests_log()), "requests": counters["total"],
                "writes": counters["writes"], "bytes": self.result_size()}

    def inventory(self, name, host):
        """An inventory of the one host ``hmp-1``: one JSON file, or (``--inventory yaml``) a YAML inventory with
        the host's variables in ``host_vars/hmp-1.yml``, as the export role writes them."""
        if self.args.inventory == "json":
            return write_inventory(self.path(name) + ".json", {"hmp-1": host})
        folder = self.path(name)
        os.makedirs(os.path.join(folder, "host_vars"))
        with open(os.path.join(folder, "host_vars", "hmp-1.yml"), "w") as handle:
            yaml.safe_dump(host, handle, default_flow_style=False, sort_keys=False)
        with open(os.path.join(folder, "inventory.yml"), "w") as handle:
            handle.write("hmp:\n  hosts:\n    hmp-1:\n")
        return os.path.join(folder, "inventory.yml")

    def size(self, objects):
        args, emulator = self.args, self.emulator
        data = scenario.generate(objects, seed=0)
        inventory = self.inventory("inventory-%d" % objects, host_vars(emulator, data))
        log("%d objects: initial apply" % objects)
        initial = self.site(inventory, "initial-%d" % objects, {})
        state = emulator.state()
        noops, pings = [], []
        for attempt in range(args.repeat):
            log("%d objects: no-op and ping, run %d" % (objects, attempt + 1))
            noops.append(self.site(inventory, "noop-%d-%d" % (objects, attempt), state))
            wall, code = run(self.ping, inventory, self.env, self.path("ping", objects, attempt) + ".log")
            if code != 0:
                raise RuntimeError("ping play failed")
            pings.append(wall)
        dead = self.inventory("dead-%d" % objects, dict(host_vars(emulator, data), hmp_port=1, hmp_retries=0))
        unreachable, _code = run("haivision.hmp.site", dead, self.env, self.path("dead", objects) + ".log")
        site, span, ping = median([n["wall"] for n in noops]), median([n["span"] for n in noops]), median(pings)
        return {"objects": scenario.object_count(data), "initial": initial, "noops": noops, "pings": pings,
                "site": site, "span": span, "ping": ping, "overhead": round(site - span, 2),
                "ratio": round((site - span) / ping, 2), "bytes": noops[-1]["bytes"],
                "requests": noops[-1]["requests"], "writes": noops[-1]["writes"],
                "unreachable": round(unreachable, 2), "unreachable_over_ping": round(unreachable - ping, 2)}

    def workers(self, objects):
        data = scenario.generate(objects, seed=0)
        inventory = self.inventory("inventory-workers-%d" % objects, host_vars(self.emulator, data))
        found = []
        for workers in self.args.workers:
            log("%d objects: initial apply with hmp_workers %d" % (objects, workers))
            measured = self.site(inventory, "workers-%d-%d" % (objects, workers), {},
                                 extra=("-e", "hmp_workers=%d" % workers))
            found.append(dict(measured, workers=workers))
        self.emulator.set_faults(latency_ms=0)
        drifted = scenario.drift(self.emulator, data, self.args.drift_fraction)
        state = self.emulator.state()
        for one in found:
            log("%d objects: repair of %d drifted with hmp_workers %d" % (objects, drifted, one["workers"]))
            one["drift"] = dict(self.site(inventory, "drift-%d-%d" % (objects, one["workers"]), state,
                                          extra=("-e", "hmp_workers=%d" % one["workers"])), drifted=drifted)
        return found


def report(sizes, workers, args):
    lines = ["# haivision.hmp: a large declaration against Ansible's own cost", "",
             "%s; %d CPU(s), load %s; latency %d ms per request; medians of %d runs; %s inventory." % (
                 time.strftime("%Y-%m-%d %H:%M"), os.cpu_count(), " ".join("%.1f" % x for x in os.getloadavg()),
                 args.latency, args.repeat, args.inventory.upper()), "",
             "| objects | site no-op (s) | ping play (s) | HTTP span (s) | site - span (s) | (site - span) / ping "
             "| no-op result (bytes) | no-op requests | unreachable - ping (s) | initial apply (s) |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for one in sizes:
        lines.append("| %d | %.1f | %.1f | %.1f | %.1f | %.2f | %d | %d | %.1f | %.1f |" % (
            one["objects"], one["site"], one["ping"], one["span"], one["overhead"], one["ratio"], one["bytes"],
            one["requests"], one["unreachable_over_ping"], one["initial"]["wall"]))
    if workers:
        base = workers[0]["wall"]
        drift_base = workers[0]["drift"]["wall"]
        lines += ["", "Initial apply of %d objects, then the repair of %d drifted objects, by hmp_workers:"
                  % (args.workers_size, workers[0]["drift"]["drifted"]), "",
                  "| workers | initial (s) | / workers 1 | requests | writes | HTTP span (s) "
                  "| drift repair (s) | / workers 1 | requests | writes |", "|---|---|---|---|---|---|---|---|---|---|"]
        for one in workers:
            drift = one["drift"]
            lines.append("| %d | %.1f | %.2f | %d | %d | %.1f | %.1f | %.2f | %d | %d |" % (
                one["workers"], one["wall"], one["wall"] / base, one["requests"], one["writes"], one["span"],
                drift["wall"], drift["wall"] / drift_base, drift["requests"], drift["writes"]))
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=integers, default=[300, 1000, 3000])
    parser.add_argument("--latency", type=int, default=20, help="ms added to every request (default 20)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--inventory", choices=["json", "yaml"], default="json",
                        help="the inventory's format: one JSON file (default), or YAML host_vars")
    parser.add_argument("--workers", type=integers, default=[1, 2, 4, 8])
    parser.add_argument("--workers-size", type=int, default=1000, help="0: no workers table")
    parser.add_argument("--drift-fraction", type=float, default=0.2,
                        help="the share of the --workers-size objects changed before the repair (default 0.2)")
    parser.add_argument("--collections-path", help="a collections folder holding haivision.hmp (default: this "
                                                   "checkout)")
    parser.add_argument("--json", default=os.path.join(ROOT, "build", "benchmarks", "overhead-%s.json"
                                                       % time.strftime("%Y%m%d-%H%M%S")))
    args = parser.parse_args(argv)
    workdir = tempfile.mkdtemp(prefix="hmp-overhead-")
    bench = Bench(args, workdir)
    try:
        sizes = [bench.size(objects) for objects in args.sizes]
        workers = bench.workers(args.workers_size) if args.workers_size else []
    finally:
        bench.emulator.stop()
    os.makedirs(os.path.dirname(args.json), exist_ok=True)
    with open(args.json, "w") as handle:
        json.dump({"args": vars(args), "sizes": sizes, "workers": workers}, handle, indent=1)
    print(report(sizes, workers, args))
    log("figures: %s; work folder: %s" % (args.json, workdir))


if __name__ == "__main__":
    main()
