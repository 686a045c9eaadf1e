"""Benchmark scenarios: a declared HMP server of a given size, and drift applied behind Ansible's back.

``generate(objects, seed)`` returns the inventory variables the fleet role takes (hmp_sources,
hmp_sessions with their events, hmp_users), with about ``objects`` objects in all:
40% sources (UDP multicast, UDP unicast, SRT listener, SRT caller), 20% sessions (one to four
sources each), 30% events (one to three per session; one-time and weekly; live, record,
live_and_record) and 10% users (roles among the emulator's built-in roles, with a password).
The same arguments always give the same data.

``drift(emulator, data, fraction, seed)`` changes about ``fraction`` of those objects on the
server through its REST API, the way someone in the web interface would, and returns how many it
changed. Each drifted object takes exactly one write to put back, so a reconcile that writes only
what differs sends as many writes as ``drift`` returned.

    python benchmarks/scenario.py 300        # print the generated variables as YAML
"""

import random
import sys
from datetime import datetime, timedelta, timezone

import requests

SHARE = {"sources": 0.4, "sessions": 0.2, "events": 0.3, "users": 0.1}
SOURCE_KINDS = ("udp_multicast", "udp_unicast", "srt_listener", "srt_caller")
ROLE_NAMES = ("Administrator", "Content Creator", "Content Contributor", "Viewer", "Set-Top Box")
DAYS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")
ACTIONS = ("live", "record", "live_and_record")
FIRST_EVENT = datetime(2027, 1, 4, 6, 0, tzinfo=timezone.utc)  # a Monday; every event is later
EVENTS_PER_SESSION = 3
SOURCES_PER_SESSION = 4
ADMIN = ("haiadmin", "hmp-emulator")


def counts(objects):
    """How many of each type make ``objects`` in all (every type at least one, sessions ≥ events / 3)."""
    sessions = max(1, round(objects * SHARE["sessions"]))
    events = min(max(sessions, round(objects * SHARE["events"])), sessions * EVENTS_PER_SESSION)
    return {"sources": max(1, round(objects * SHARE["sources"])), "sessions": sessions,
            "events": events, "users": max(1, round(objects * SHARE["users"]))}


def generate(objects, seed=0):
    """The declared state of one server with about ``objects`` objects (see the module docstring)."""
    rng = random.Random("%s/%s" % (seed, objects))
    n = counts(objects)
    sources = [make_source(i, rng) for i in range(1, n["sources"] + 1)]
    sessions = [make_session(i, rng, sources) for i in range(1, n["sessions"] + 1)]
    for session, how_many in zip(sessions, events_per_session(n["events"], len(sessions), rng)):
        session["events"] = [make_event(session["title"], k, rng) for k in range(how_many)]
    users = [make_user(i, rng) for i in range(1, n["users"] + 1)]
    return {"hmp_sources": sources, "hmp_sessions": sessions, "hmp_users": users}


def object_count(data):
    """The number of declared objects: sources, sessions, events and users."""
    return (len(data["hmp_sources"]) + len(data["hmp_sessions"]) + len(data["hmp_users"])
            + sum(len(s["events"]) for s in data["hmp_sessions"]))


def make_source(i, rng):
    kind = SOURCE_KINDS[i % len(SOURCE_KINDS)]
    source = {"name": "bench-source-%04d" % i, "type": kind[:3]}
    if kind == "udp_multicast":
        source.update(multicast=True, host="239.%d.%d.%d" % (10 + i // 65536 % 200, i // 256 % 256, i % 256))
    elif kind == "udp_unicast":
        source["multicast"] = False
    else:
        source["srt_mode"] = kind[4:]
        source["host"] = "0.0.0.0" if source["srt_mode"] == "listener" else "192.0.2.%d" % (1 + i % 254)
        source["latency"] = rng.choice((120, 250, 500, 1000))
    source.update(port=4000 + i % 60000, description="Benchmark feed %d" % i)
    return source


def make_session(i, rng, sources):
    members = rng.sample(sources, min(len(sources), rng.randint(1, SOURCES_PER_SESSION)))
    return {"title": "bench-session-%04d" % i, "description": "Benchmark channel %d" % i,
            "live": rng.random() < 0.5, "sync_record": rng.random() < 0.5,
            "sources": sorted(s["name"] for s in members), "events": []}


def events_per_session(total, sessions, rng):
    """One event per session, the rest spread at random, at most EVENTS_PER_SESSION each."""
    spread = [1] * sessions
    room = [i for i in range(sessions)]
    for _ in range(total - sessions):
        i = rng.choice(room)
        spread[i] += 1
        if spread[i] == EVENTS_PER_SESSION:
            room.remove(i)
    return spread


def make_event(title, k, rng):
    """The k-th event of a session: fixed UTC times from 2027 on, distinct within the session."""
    start = FIRST_EVENT + timedelta(days=7 * k + rng.randint(0, 6), hours=rng.randint(0, 14),
                                    minutes=rng.choice((0, 15, 30, 45)))
    event = {"start_time": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
             "duration": rng.choice((900, 1800, 3600, 5400, 7200)),
             "action": rng.choice(ACTIONS)}
    if rng.random() < 0.5:
        event.update(recurrence="weekly", days=sorted(rng.sample(DAYS, rng.randint(1, 5)), key=DAYS.index))
    else:
        event["recurrence"] = "one_time"
    return event


def make_user(i, rng):
    roles = sorted(rng.sample(ROLE_NAMES, rng.choice((1, 1, 2))))
    return {"username": "bench-user-%04d" % i, "display_name": "Bench user %d" % i,
            "email": "bench-user-%d@example.com" % i, "password": "Bench-pass-%04d" % i, "roles": roles}


# -- drift -----------------------------------------------------------------------------------------

class Api(object):
    """A logged-in REST conversation with an emulator (what someone with a browser would change)."""

    def __init__(self, emulator):
        self.url, self.verify = emulator.url, emulator.verify
        self.http = requests.Session()
        self.http.trust_env = False
        self.send("POST", "/apis/authentication/login", {"username": ADMIN[0], "password": ADMIN[1]})

    def send(self, method, path, body=None, **params):
        answer = self.http.request(method, self.url + path, json=body, params=params or None,
                                   verify=self.verify, timeout=60)
        answer.raise_for_status()
        return answer.json().get("data") if answer.content else None

    def all(self, path):
        items, page = [], 1
        while True:
            answer = self.http.get(self.url + path, params={"page": page, "pageSize": 100},
                                   verify=self.verify, timeout=60)
            if answer.status_code == 404:  # NoResults: an empty collection
                return items
            answer.raise_for_status()
            chunk = answer.json()["data"]
            items.extend(chunk)
            if len(chunk) < 100:
                return items
            page += 1

    def close(self):
        self.send("DELETE", "/apis/authentication/login")
        self.http.close()


def drift(emulator, data, fraction=0.05, seed=0):
    """Change about ``fraction`` of the declared objects on the server; return how many were changed.

    Sources get a new description or port, sessions a new description, events are deleted and users
    get a new display name: one write each to repair. The choice depends on names and ``seed`` only.
    """
    rng = random.Random("drift/%s" % seed)
    candidates = [("source", s["name"]) for s in data["hmp_sources"]]
    candidates += [("session", s["title"]) for s in data["hmp_sessions"]]
    candidates += [("event", (s["title"], e["start_time"])) for s in data["hmp_sessions"] for e in s["events"]]
    candidates += [("user", u["username"]) for u in data["hmp_users"]]
    chosen = rng.sample(candidates, max(1, round(len(candidates) * fraction)))
    api = Api(emulator)
    try:
        server = ServerIndex(api)
        for kind, name in chosen:
            CHANGES[kind](api, server, name, rng)
    finally:
        api.close()
    return len(chosen)


class ServerIndex(object):
    """The server's sources, sessions and users by name, and events by session id, read once."""

    def __init__(self, api):
        self.api = api
        self.sources = dict((s["name"], s) for s in api.all("/apis/sources"))
        self.sessions = dict((s["title"], s) for s in api.all("/apis/sessions"))
        self.users = dict((u["username"], u) for u in api.all("/apis/users"))

    def events(self, session_id):
        return self.api.all("/apis/sessions/%s/events" % session_id)


def change_source(api, server, name, rng):
    source = dict(server.sources[name])
    if rng.random() < 0.5:
        source["description"] = source["description"] + " (edited)"
    else:
        source["port"] = source["port"] + 1
    api.send("PUT", "/apis/sources/%s" % source["id"], source)


def change_session(api, server, title, rng):
    session = server.sessions[title]
    body = dict((k, session[k]) for k in ("title", "active", "syncrecord"))
    body["description"] = session["description"] + " (edited)"
    api.send("PUT", "/apis/sessions/%s" % session["id"], body)


def delete_event(api, server, where, rng):
    title, start_time = where
    session_id = server.sessions[title]["id"]
    instant = int(datetime.strptime(start_time, "%Y-%m-%dT%H:%M:%S%z").timestamp())
    event = next(e for e in server.events(session_id) if int(e["startTime"]) == instant)
    api.send("DELETE", "/apis/sessions/%s/events/%s" % (session_id, event["id"]))


def change_user(api, server, username, rng):
    user = server.users[username]
    body = {"displayName": user["displayName"] + " (edited)", "email": user["email"], "roles": user["roles"]}
    api.send("PUT", "/apis/users/%s" % user["id"], body)


CHANGES = {"source": change_source, "session": change_session, "event": delete_event, "user": change_user}


if __name__ == "__main__":
    import yaml

    generated = generate(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
    print("# %d objects: %s" % (object_count(generated), counts(int(sys.argv[1]) if len(sys.argv) > 1 else 30)))
    print(yaml.safe_dump(generated, sort_keys=False))
