"""Benchmark: authenticated GETs per second against hmp_emulator over one keep-alive session.

Starts the emulator twice (plain HTTP, then TLS with its throwaway CA), logs in, and hammers
GET /apis/system/version and GET /apis/sources (one page) for a few seconds each on a single
requests.Session. Prints how soon each emulator listens, the rates, and (on Linux) the emulator
process's CPU time per request, which depends less than the rate on what else the machine runs.
Not a test: nothing is asserted.

    python benchmarks/emulator_throughput.py [--seconds 3]
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
SEED = '{"sources": [' + ",".join(
    f'{{"name": "Cam {i}", "type": "UDP", "host": "239.1.1.{i}", "port": 4900, "multicast": true}}'
    for i in range(1, 21)) + "]}"


def start(tmp, tls):
    port_file, ca = os.path.join(tmp, f"port-{tls}"), os.path.join(tmp, "ca.pem")
    seed = os.path.join(tmp, "seed.json")
    Path(seed).write_text(SEED)
    args = [sys.executable, "-m", "hmp_emulator", "--port", "0", "--port-file", port_file, "--seed", seed]
    args += ["--ca-out", ca] if tls else ["--no-tls"]
    started = time.perf_counter()
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    url = proc.stdout.readline().split()[-1]
    print(f"{'https' if tls else 'http ':5} listening after {time.perf_counter() - started:.2f} s")
    return proc, url, ca if tls else False


def cpu_seconds(pid):
    """User + system CPU time of a process so far (Linux /proc), or None elsewhere."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(session, url, seconds, pid):
    """(requests per second, emulator CPU milliseconds per request or None)."""
    count, deadline = 0, time.perf_counter() + seconds
    started, cpu_before = time.perf_counter(), cpu_seconds(pid)
    while time.perf_counter() < deadline:
        r = session.get(url, timeout=10)
        if r.status_code != 200:
            raise SystemExit(f"unexpected {r.status_code}: {r.text[:200]}")
        count += 1
    rate, cpu_after = count / (time.perf_counter() - started), cpu_seconds(pid)
    return rate, (None if cpu_before is None else 1000 * (cpu_after - cpu_before) / count)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=3.0)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for tls in (False, True):
            proc, url, verify = start(tmp, tls)
            try:
                s = requests.Session()
                s.trust_env = False  # REQUESTS_CA_BUNDLE would override s.verify
                s.verify = verify
                r = s.post(url + "/apis/authentication/login",
                           json={"username": "haiadmin", "password": "hmp-emulator"}, timeout=10)
                r.raise_for_status()
                for path in ("/apis/system/version", "/apis/sources?pageSize=15"):
                    rate, cpu_ms = measure(s, url + path, args.seconds, proc.pid)
                    cpu = "" if cpu_ms is None else f", {cpu_ms:.2f} ms emulator CPU per request"
                    print(f"{'https' if tls else 'http ':5} GET {path:28} {rate:8.0f} requests/s{cpu}")
            finally:
                proc.terminate()
                proc.wait(10)


if __name__ == "__main__":
    main()
