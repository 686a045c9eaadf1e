"""Start an emulator in its own process and drive its control plane: for tests, demos and benchmarks."""

import json
import os
import subprocess
import sys
import tempfile
import time
from signal import SIGTERM

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADMIN_USER = "haiadmin"
ADMIN_PASSWORD = "hmp-emulator"


class Emulator(object):
    """One ``python -m hmp_emulator`` process on a free loopback port.

    ``tls`` serves HTTPS with the throwaway CA (written to ``ca_path``), else plain HTTP;
    ``seed`` (a dict) is loaded with --seed; ``release`` (e.g. "3.9") is the HMP release to play
    (--release; the newest when None); ``args`` are more command-line options.
    ``workdir`` receives the port file, the CA, the seed and the process's stdout/stderr
    (``stdout_path``, ``stderr_path``); a new temporary folder when not given. ``host`` is the
    host name in ``url`` and in connection_env(). ``ready_after`` is how long (s) the process
    took from its start to writing its port file.
    """

    def __init__(self, tls=True, seed=None, args=(), startup_timeout=15, workdir=None, host="localhost",
                 release=None):
        self.workdir = str(workdir) if workdir else tempfile.mkdtemp(prefix="hmp-emulator-")
        os.makedirs(self.workdir, exist_ok=True)
        self.tls, self.host = tls, host
        port_file = os.path.join(self.workdir, "port")
        self.ca_path = os.path.join(self.workdir, "ca.pem") if tls else None
        command = [sys.executable, "-m", "hmp_emulator", "--port", "0", "--port-file", port_file]
        command += ["--ca-out", self.ca_path] if tls else ["--no-tls"]
        if seed is not None:
            seed_path = os.path.join(self.workdir, "seed.json")
            with open(seed_path, "w") as out:
                json.dump(seed, out)
            command += ["--seed", seed_path]
        if release is not None:
            command += ["--release", release]
        command += list(args)
        self.stdout_path = os.path.join(self.workdir, "stdout.txt")
        self.stderr_path = os.path.join(self.workdir, "stderr.txt")
        self._stdout = open(self.stdout_path, "w")
        self._stderr = open(self.stderr_path, "w")
        started = time.monotonic()
        self.process = subprocess.Popen(command, cwd=ROOT, stdout=self._stdout, stderr=self._stderr)
        self.port = self._wait_for_port(port_file, startup_timeout)
        self.ready_after = time.monotonic() - started
        scheme = "https" if tls else "http"
        self.url = "%s://%s:%d" % (scheme, host, self.port)
        self.control = requests.Session()
        self.verify = self.ca_path or True  # per request: REQUESTS_CA_BUNDLE beats Session.verify

    def _wait_for_port(self, port_file, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.stop()
                raise RuntimeError("the emulator exited with %s:\n%s"
                                   % (self.process.returncode, self.log()))
            try:
                with open(port_file) as handle:
                    text = handle.read().strip()
                if text:
                    return int(text)
            except (OSError, ValueError):
                pass
            time.sleep(0.02)
        self.stop()
        raise RuntimeError("the emulator did not start within %s s:\n%s" % (timeout, self.log()))

    def listening_line(self, timeout=5):
        """The first line of stdout ("HMP emulator listening on <url>"), as printed, without its newline.

        The emulator prints it just after writing its port file, so it may take a moment to arrive.
        """
        deadline = time.monotonic() + timeout
        while True:
            exited = self.process.poll() is not None
            with open(self.stdout_path) as handle:
                line = handle.readline()
            if line.endswith("\n"):
                return line[:-1]
            if exited or time.monotonic() > deadline:
                raise RuntimeError("no listening line on stdout:\n%s" % self.log())
            time.sleep(0.01)

    def log(self):
        """What the process printed so far: stdout, then stderr."""
        with open(self.stdout_path) as out, open(self.stderr_path) as err:
            return out.read() + err.read()

    def stop(self, sig=SIGTERM):
        """Send ``sig`` if still running, wait (kill after 10 s); return the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._stdout.close()
        self._stderr.close()
        return self.process.returncode

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stop()
        return False

    # -- control plane ----------------------------------------------------------------------------
    def _call(self, method, path, body=None):
        response = self.control.request(method, self.url + "/_emulator/" + path, json=body, timeout=30,
                                        verify=self.verify)
        response.raise_for_status()
        return response.json() if response.content else None

    def reset(self, seed=None):
        return self._call("POST", "reset", seed)

    def state(self):
        return self._call("GET", "state")

    def counters(self):
        return self._call("GET", "counters")

    def writes(self):
        """How many writes (POST, PUT, DELETE outside /apis/authentication) the emulator counted."""
        return self.counters()["writes"]

    def write_routes(self):
        """The counted writes by route, e.g. ``{"POST /apis/sources": 1}``."""
        return self.counters()["writes_by_route"]

    def reset_counters(self):
        return self._call("DELETE", "counters")

    def requests_log(self):
        return self._call("GET", "requests")

    def clear_requests_log(self):
        return self._call("DELETE", "requests")

    def faults(self):
        return self._call("GET", "faults")

    def set_faults(self, **faults):
        return self._call("PUT", "faults", faults)

    def clear_faults(self):
        return self._call("DELETE", "faults")

    def expire_sessions(self):
        return self._call("POST", "expire-sessions")

    def variants(self):
        """The readings the emulator speaks: {"V1": "a", ..., "page_cap": 5, "stb_command_delay": 3.0}."""
        return self._call("GET", "variants")

    def set_variants(self, **changes):
        """Switch readings, e.g. ``set_variants(V4="b")`` or ``set_variants(all=True)``; returns them all."""
        return self._call("PUT", "variants", changes)

    def clear_variants(self):
        """Every variant back to its reading "a"."""
        return self._call("DELETE", "variants")

    def release(self):
        """The HMP release the emulator plays: {"release": "4.1.1", "version": {"version", "build"},
        "releases": ["3.8", ..., "4.1.1"]}."""
        return self._call("GET", "release")

    def set_release(self, release):
        """Play another release, e.g. ``set_release("3.9")``; returns as release() does."""
        return self._call("PUT", "release", {"release": release})

    def clear_release(self):
        """Back to the newest release."""
        return self._call("DELETE", "release")

    def signal(self, source_id, active=None, bitrate=None):
        """Set what the server observes of a source's input (``active``, ``bitrate`` in bits/s);
        returns the source as GET shows it."""
        return self._call("PUT", "sources/%s/signal" % source_id, _given(active=active, bitrate=bitrate))

    def presence(self, stb_id, status=None, standby=None):
        """Set a set-top box's connection ``status`` and/or ``standby``; returns the box."""
        return self._call("PUT", "devices/%s/presence" % stb_id, _given(status=status, standby=standby))

    def connection_env(self):
        """The HMP_* environment variables that point the collection's modules at this emulator."""
        env = {"HMP_HOST": self.host, "HMP_PORT": str(self.port),
               "HMP_PROTOCOL": "https" if self.tls else "http",
               "HMP_USERNAME": ADMIN_USER, "HMP_PASSWORD": ADMIN_PASSWORD}
        if self.ca_path:
            env["HMP_CA_PATH"] = self.ca_path
        return env


def _given(**values):
    return dict((key, value) for key, value in values.items() if value is not None)
