"""What the control plane counts, logs and injects on /apis traffic (README.md, "Control plane").

Each step takes the state's lock for what it reads and writes, and no longer.
"""
import collections
import random

AUTH_PREFIX = "/apis/authentication/"
WRITE_METHODS = ("POST", "PUT", "DELETE")
DEFAULT_FAULTS = {"error_rate": 0.0, "error_statuses": [500, 502, 503], "latency_ms": 0,
                  "drop_rate": 0.0, "lost_answer_rate": 0.0, "expire_sessions_after": None, "random_seed": None,
                  "routes": None}  # None: every /apis request; else only these "METHOD /route" keys
REQUEST_LOG_SIZE = 10_000


def is_write(method, route):
    """A write changes the server's objects: POST, PUT or DELETE outside /apis/authentication."""
    return method in WRITE_METHODS and not route.startswith(AUTH_PREFIX)


def _is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def fault_problem(f):
    """What is wrong with the fault settings ``f`` (a message), or None."""
    for key in ("error_rate", "drop_rate", "lost_answer_rate"):
        if not _is_number(f[key]) or not 0 <= f[key] <= 1:
            return f"{key} must be a number between 0 and 1"
    if not _is_number(f["latency_ms"]) or f["latency_ms"] < 0:
        return "latency_ms must be a non-negative number"
    after = f["expire_sessions_after"]
    if after is not None and (not isinstance(after, int) or isinstance(after, bool) or after < 0):
        return "expire_sessions_after must be null or a non-negative integer"
    statuses = f["error_statuses"]
    if (not isinstance(statuses, list) or not statuses
            or not all(isinstance(s, int) and 400 <= s <= 599 for s in statuses)):
        return "error_statuses must be a non-empty array of HTTP error statuses (400-599)"
    if f["random_seed"] is not None and not isinstance(f["random_seed"], (int, str)):
        return "random_seed must be an integer, a string or null"
    routes = f["routes"]
    if routes is not None and not (isinstance(routes, list) and all(isinstance(r, str) for r in routes)):
        return 'routes must be null or an array of "METHOD /apis/route" strings'
    return None


class Traffic:
    def __init__(self, lock):
        self.lock = lock
        self.reset()

    def reset(self):
        with self.lock:
            self.clear_counters()
            self.request_log = collections.deque(maxlen=REQUEST_LOG_SIZE)
            self.set_faults(DEFAULT_FAULTS)

    # --- counters -------------------------------------------------------------------------
    def clear_counters(self):
        with self.lock:
            self.counters = {"total": 0, "writes": 0, "by_method": {}, "by_route": {}, "writes_by_route": {}}

    def count(self, method, route):
        with self.lock:
            c, key = self.counters, f"{method} {route}"
            c["total"] += 1
            c["by_method"][method] = c["by_method"].get(method, 0) + 1
            c["by_route"][key] = c["by_route"].get(key, 0) + 1
            if is_write(method, route):
                c["writes"] += 1
                c["writes_by_route"][key] = c["writes_by_route"].get(key, 0) + 1

    def counters_copy(self):
        with self.lock:
            return {k: dict(v) if isinstance(v, dict) else v for k, v in self.counters.items()}

    # --- request log ----------------------------------------------------------------------
    def log(self, entry):
        with self.lock:
            self.request_log.append(entry)

    def log_copy(self):
        with self.lock:
            return list(self.request_log)

    def clear_log(self):
        with self.lock:
            self.request_log.clear()

    # --- faults ---------------------------------------------------------------------------
    def set_faults(self, faults):
        """Replace the fault settings (checked by the caller: fault_problem) and re-seed the draws."""
        with self.lock:
            self.faults = dict(faults)
            self.fault_rng = random.Random(self.faults["random_seed"])

    def faults_copy(self):
        with self.lock:
            return dict(self.faults)

    def draw_fault(self, method, route):
        """The fault for this request: (None | "drop" | "error" | "lost_answer", error status, latency s)."""
        with self.lock:
            f, rng = self.faults, self.fault_rng
            latency = f["latency_ms"] / 1000.0
            if f["routes"] is not None and f"{method} {route}" not in f["routes"]:
                return None, None, latency
            if f["drop_rate"] > 0 and rng.random() < f["drop_rate"]:
                return "drop", None, latency
            if f["error_rate"] > 0 and rng.random() < f["error_rate"]:
                return "error", rng.choice(f["error_statuses"]), latency
            if f["lost_answer_rate"] > 0 and rng.random() < f["lost_answer_rate"]:
                return "lost_answer", None, latency
            return None, None, latency

    def session_expiry_due(self):
        """expire_sessions_after counts /apis requests down; True once, just before the N+1th."""
        with self.lock:
            after = self.faults["expire_sessions_after"]
            if after is None:
                return False
            self.faults["expire_sessions_after"] = None if after == 0 else after - 1
            return after == 0
