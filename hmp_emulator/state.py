"""The in-memory store: every HMP object, login sessions, and the seed load/dump.

One RLock guards everything; app.py holds it for the whole of each /apis request.
Stored objects are kept in the shape GET returns them; side tables hold what GET shows
elsewhere (metadata, session membership, events).
"""
import collections
import json
import threading
import uuid
from typing import Callable, NamedTuple

import yaml

from . import auth, devices, events, recordings, releases, sessions, sources, streams, users, variants, videos
from .traffic import Traffic


class SeedError(ValueError):
    pass


def read_seed_file(path):
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    try:
        data = json.loads(text)
    except ValueError:
        data = yaml.safe_load(text)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SeedError(f"{path}: a seed must be a mapping")
    return data


class Kind(NamedTuple):
    """A kind of object in seeds and dumps."""
    key: str                # its key in a seed or dump
    tables: tuple           # the State attributes that hold it; the first maps id -> object
    load: Callable          # load(state, seed object)
    dump: Callable          # dump(state, stored object) -> seed object


def _as_stored(st, obj):
    return dict(obj)


# Loaded in this order: each kind may refer to those before it.
KINDS = (
    Kind("users", ("users",), users.from_seed, users.to_seed),
    Kind("sources", ("sources", "source_meta"), sources.from_seed, sources.to_seed),
    Kind("sessions", ("sessions", "session_sources", "session_meta", "events"),
         events.session_from_seed, sessions.to_seed),
    Kind("categories", ("categories",), videos.category_from_seed, _as_stored),
    Kind("videos", ("videos", "video_meta"), videos.from_seed, videos.to_seed),
    Kind("devices", ("devices",), devices.from_seed, _as_stored),
    Kind("recordings", ("recordings",), recordings.from_seed, recordings.to_seed),
    Kind("streams", ("streams",), streams.from_seed, _as_stored),
)
SEED_KEYS = {"version", "roles", *(kind.key for kind in KINDS)}


class State:
    def __init__(self, admin_user="haiadmin", admin_password="hmp-emulator", api_key=None,
                 api_secret=None, idle_timeout=1800, seed=None, operator_password="hmp-operator",
                 variant_choices=None, release=releases.NEWEST):
        self.lock = threading.RLock()
        self.admin = _account("admin", admin_user, admin_password, ["admin"], api_key, api_secret)
        self.operator = _account("operator", "operator", operator_password, [])  # V5 b only: a Content Creator
        self.idle_timeout = idle_timeout
        self.start_seed = seed or {}
        self.start_variants = variants.merge(variants.DEFAULTS, variant_choices or {})
        self.start_release = self.release = releases.check(release)
        self.set_variants(self.start_variants, follow=False)
        self.traffic = Traffic(self.lock)  # counters, request log, faults
        self.reset(self.start_seed)

    # --- variants -------------------------------------------------------------------------
    def set_variants(self, chosen, follow=True):
        """Speak the readings ``chosen`` (a full, checked dict: variants.merge). ``follow``
        brings the objects that depend on them up to date (in-progress videos, built-in accounts)."""
        with self.lock:
            self.variants = dict(chosen)
            self.behaviour = variants.behaviour(self.variants, self.release)
            if follow:
                self._follow_variants()

    # --- release --------------------------------------------------------------------------
    def set_release(self, release):
        """Play ``release`` (one of releases.RELEASES; ReleaseError otherwise, and nothing changes)."""
        with self.lock:
            self.release = releases.check(release)
            self.behaviour = variants.behaviour(self.variants, self.release)

    @property
    def version(self):
        """The version answer: the seed's, else the release's (releases.py)."""
        return dict(self.seed_version or releases.version(self.release))

    def _follow_variants(self):
        users.sync_built_in_accounts(self)
        recordings.sync_videos(self)

    def settle(self):
        """Bring about what time alone changes: delayed set-top box commands (V7 b)."""
        devices.apply_due_commands(self)

    # --- seed -----------------------------------------------------------------------------
    def reset(self, seed, chosen_variants=None, release=None):
        """Replace the whole state by ``seed`` (the format of README.md / dump()), speaking
        ``chosen_variants`` and playing ``release`` (each unchanged when None)."""
        if not isinstance(seed, dict):
            raise SeedError("a seed must be a JSON object")
        unknown = set(seed) - SEED_KEYS
        if unknown:
            raise SeedError(f"unknown seed key(s): {', '.join(sorted(unknown))}")
        with self.lock:
            previous = self.dump() if hasattr(self, "sources") else None
            previous_variants, previous_release = self.variants, self.release
            try:
                if release is not None:
                    self.set_release(release)
                if chosen_variants is not None:
                    self.set_variants(chosen_variants, follow=False)
                self._fill(seed)
            except Exception:
                if previous is not None:  # a rejected seed leaves the state as it was
                    logins, tokens = self.logins, self.tokens
                    self.set_release(previous_release)
                    self.set_variants(previous_variants, follow=False)
                    self._fill(previous)
                    self.logins, self.tokens = logins, tokens
                raise

    def _fill(self, seed):
        self.seed_version, self.roles = None, []
        for kind in KINDS:
            for table in kind.tables:
                setattr(self, table, {})
        self.logins, self.tokens = {}, {}
        self.pending_commands = collections.deque()  # (due, stbId, changes): V7 b
        self.recorder_seq = 0
        try:
            self._load(seed)
            self._follow_variants()
        except SeedError:
            raise
        except Exception as exc:  # an HmpError or a type problem in the seed
            raise SeedError(f"invalid seed: {getattr(exc, 'message', exc)}") from exc

    def _load(self, seed):
        if "version" in seed:
            v = seed["version"]
            if not isinstance(v, dict):
                raise SeedError("version must be a mapping {version, build}")
            self.seed_version = {key: str(v.get(key, default)) for key, default in self.version.items()}
        self.roles = [auth.stored_role(r) for r in seed.get("roles") or auth.DEFAULT_ROLES]
        self.users[self.admin["id"]] = dict(self.admin)  # a seed user of that name replaces it
        for kind in KINDS:
            for obj in seed.get(kind.key) or []:
                kind.load(self, obj)

    def dump(self):
        with self.lock:
            self.settle()
            out = {"version": dict(self.seed_version)} if self.seed_version else {}  # absent: the release's
            out["roles"] = [{**r, "id": auth.role_id(self, r)} for r in self.roles]
            for kind in KINDS:
                out[kind.key] = [kind.dump(self, obj) for obj in getattr(self, kind.tables[0]).values()]
            return out

    def resolve(self, kind, collection, ref, key):
        """A seed reference: an id of ``collection`` or the unique object whose ``key`` equals it."""
        if ref in collection:
            return ref
        hits = [oid for oid, obj in collection.items() if obj.get(key) == ref]
        if len(hits) != 1:
            raise SeedError(f"{kind} reference {ref!r} matches {len(hits)} objects")
        return hits[0]

    # --- helpers used by several resources -------------------------------------------------
    def find_user(self, username):
        return next((u for u in self.users.values() if u["username"] == username), None)

    def user_roles(self, user):
        by_id = {r["id"]: r for r in self.roles}
        return [by_id[r] for r in user.get("roles", []) if r in by_id]

    def session_recording(self, session_id):
        return any(r["session"] == session_id for r in self.recordings.values())

    def expire_logins(self):
        with self.lock:
            self.logins.clear()
            self.tokens.clear()


def _account(kind, username, password, roles, api_key=None, api_secret=None):
    """A built-in account; its id depends on its kind and name only, the same in every run."""
    return {"id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"hmp-emulator-{kind}:{username}")),
            "username": username, "password": password, "displayName": username, "email": "",
            "roles": roles, "apiKey": api_key, "apiSecret": api_secret}
