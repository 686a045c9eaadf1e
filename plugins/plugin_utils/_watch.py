# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Watching one HMP server for Event-Driven Ansible: read it, compare with the last reading, say what changed.

``Watch.poll`` reads every watched collection once (events: one list per session), turns each object
into its *view* (the collection's option names where the modules have them, HMP's own fields for
recordings, streams and set-top boxes, never a secret), compares the views with the previous poll's by
id, and returns one event per object that was created, updated or deleted, plus ``server`` events when
polls start failing and when they succeed again.  A poll that fails anywhere reports nothing and keeps
the previous reading, so a change made during an outage arrives, once, with the first poll that works.

The event source ``haivision.hmp.hmp_watch`` (``extensions/eda/plugins/event_source/hmp_watch.py``) is an
asyncio loop around ``Watch``; everything that decides what an event is lives here, testable without
ansible-rulebook.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections import namedtuple
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.haivision.hmp.plugins.module_utils.engine._client import HAS_REQUESTS, HmpApiError, LoginLost, requests
from ansible_collections.haivision.hmp.plugins.module_utils.engine._lookup import READ_WORKERS, single
from ansible_collections.haivision.hmp.plugins.module_utils.engine._options import CONNECTION_ARGUMENT_SPEC, read_options
from ansible_collections.haivision.hmp.plugins.module_utils.engine._schema import InvalidValue
from ansible_collections.haivision.hmp.plugins.module_utils.features._export import event_options, options_of
from ansible_collections.haivision.hmp.plugins.module_utils._resources import (
    DEVICE,
    EVENT,
    RECORDING,
    SESSION,
    SOURCE,
    STREAM,
    USER,
    VIDEO,
)

LOG = logging.getLogger("haivision.hmp.hmp_watch")

MAX_BACKOFF = 300  # seconds: the longest wait between two failed polls (unless interval is longer)
REFUSALS = (400, 401, 403, 404, 405)  # answers to a first poll that another try will not change


class WatchError(Exception):
    """A watch that cannot start: a bad option, refused credentials or a missing permission."""


class BadAnswer(Exception):
    """An answer that is not what HMP sends for a list (an HTML page, a proxy's error, a truncated body)."""


# -- what each kind of object looks like in an event ---------------------------------------------


def _with_observed(resource, observed):
    """The object's options, plus the ``observed`` fields that HMP reports but no module sets (its names)."""
    def view(api_object):
        options = options_of(resource, api_object)
        options.update((field, api_object.get(field)) for field in observed)
        return options
    return view


def _event_view(api_object, session_id):
    view = event_options(api_object)
    view["session"] = session_id  # hmp_event's option takes an id as well as a title
    return view


def _session_title(snapshot, session_id):
    entry = snapshot.get("session", {}).get(session_id)
    return entry.view.get("title") if entry else None


def _source_context(snapshot, key, view):
    sessions = snapshot.get("session")
    if sessions is None:
        return {}
    holders = [e.view for e in sessions.values() if key in (e.view.get("sources") or ())]
    live = sorted(s.get("title") for s in holders if s.get("live"))
    return {"sessions": sorted(s.get("title") for s in holders), "live_sessions": live, "in_live_session": bool(live)}


def _session_context(snapshot, key, view):
    sources = snapshot.get("source")
    if sources is None:
        return {}
    return {"source_names": [sources[i].view.get("name") if i in sources else i for i in view.get("sources") or ()]}


def _event_context(snapshot, key, view):
    return {"session_title": _session_title(snapshot, view.get("session"))}


def _recording_context(snapshot, key, view):
    return {"session_title": _session_title(snapshot, view.get("session"))} if "session" in snapshot else {}


def _stream_context(snapshot, key, view):
    videos = snapshot.get("video")
    if videos is None:
        return {}
    entry = videos.get(view.get("asset"))
    return {"video_title": entry.view.get("title") if entry else None}


def _no_context(snapshot, key, view):
    return {}


class Kind(object):
    """One kind of watched object: the ``resource`` that describes where HMP lists it, and how it shows
    in an event.

    ``view(api_object)`` gives what ``before``/``after`` show: the modules' options where they have them
    (``options``: the object's options, plus the ``observed`` fields HMP reports but no module sets), else the
    object as HMP gives it. The resource's ``secret_keys`` are compared (as a salted digest) but
    never shown nor kept; ``label`` reads ``event.hmp.name``; ``context(snapshot, key, view)`` gives
    readable names of related objects from the same poll, never compared.
    """

    def __init__(self, resource, options=False, observed=(), label=None, context=_no_context):
        self.resource = resource
        self.name = resource.name
        self.key = resource.id_key
        self.parent = resource.parent if resource.parent_resource is not None and "{parent}" in \
            resource.collection_template else None  # the kind whose objects hold these (events under sessions)
        self.options = options  # the view is in the modules' option names
        if resource is EVENT:
            self.view = _event_view
        elif options:
            self.view = _with_observed(resource, observed)
        else:
            self.view = resource.public
        self.secrets = resource.secret_keys
        self.label = label or resource.name_of
        self.context = context

    def path(self, parent_id=None):
        return self.resource.collection(parent_id)


def _nameless(api_object):
    return None


KINDS = (
    Kind(SOURCE, options=True, observed=("active", "bitrate"), context=_source_context),
    Kind(SESSION, options=True, context=_session_context),
    Kind(EVENT, options=True, label=_nameless, context=_event_context),
    Kind(USER, options=True),
    Kind(RECORDING, context=_recording_context),
    Kind(STREAM, label=_nameless, context=_stream_context),
    Kind(DEVICE),
    Kind(VIDEO, options=True, observed=("recording",)),  # a video still being recorded (contract: recording_video)
)
KIND_BY_NAME = dict((k.name, k) for k in KINDS)
KIND_ORDER = tuple(k.name for k in KINDS)
DEFAULT_KINDS = ("source", "session", "event", "user", "recording", "stream", "device")

# Fields that move on their own: a recording's duration grows, a set-top box reports when it last
# called in. ``kind.field`` limits an entry to one kind; a bare name applies to every kind.
DEFAULT_IGNORED = ("ctime", "mtime", "recording.duration", "device.lastConnectedAt", "device.lastConnection",
                   "device.statusDetails", "device.lastAcceptedUpdate")


def _crosses_zero(before, after):
    """A bit rate that falls to zero or comes back from zero (None reads as zero)."""
    return ((before or 0) == 0) != ((after or 0) == 0)


# Fields whose change counts only in some cases: {(kind, field): {bitrate_change choice: test(before, after)}}.
CHANGE_TESTS = {("source", "bitrate"): {"zero": _crosses_zero, "any": lambda before, after: True}}


# -- options -------------------------------------------------------------------------------------

WATCH_ARGUMENT_SPEC = {
    "interval": {"type": "float", "default": 30},
    "kinds": {"type": "list", "elements": "str", "choices": [k.name for k in KINDS], "default": list(DEFAULT_KINDS)},
    "ignore_fields": {"type": "list", "elements": "str", "default": list(DEFAULT_IGNORED)},
    "bitrate_change": {"type": "str", "choices": ["zero", "any"], "default": "zero"},
    "initial": {"type": "str", "choices": ["none", "all"], "default": "none"},
    "inventory_host": {"type": "str"},
}
ARGUMENT_SPEC = dict(CONNECTION_ARGUMENT_SPEC, **WATCH_ARGUMENT_SPEC)
RULEBOOK_ARGS = ("eda_feedback_queue",)  # what ansible-rulebook itself may add to a source's arguments


def watch_options(args):
    """The source's arguments read by the collection's one reader of options (defaults, HMP_* environment, the
    modules' words for a refusal), with the ``connection`` they make; WatchError names the option and the value it
    refuses (never a secret's value)."""
    args = dict((k, v) for k, v in (args or {}).items() if k not in RULEBOOK_ARGS)
    unknown = sorted(str(k) for k in args if k not in ARGUMENT_SPEC)
    if unknown:
        raise WatchError("%s: not an option of haivision.hmp.hmp_watch (the options are %s)"
                         % (unknown[0], ", ".join(sorted(ARGUMENT_SPEC))))
    try:
        options, connection = read_options(ARGUMENT_SPEC, args)
    except InvalidValue as error:
        raise WatchError(str(error))
    _check_watch(options)
    return dict(options, connection=connection)


def _check_watch(p):
    if not p["interval"] > 0:
        raise WatchError("interval: %r is not a positive number of seconds" % p["interval"])
    if not p["kinds"]:
        raise WatchError("kinds: an empty list watches nothing; leave kinds out to watch %s" % ", ".join(DEFAULT_KINDS))
    for entry in p["ignore_fields"]:
        kind, dot, field = entry.rpartition(".")
        if not field or (dot and kind not in KIND_BY_NAME):
            raise WatchError("ignore_fields: %r is not a field name or kind.field (the kinds are %s)"
                             % (entry, ", ".join(KIND_BY_NAME)))
    if p["inventory_host"] is not None and not p["inventory_host"].strip():
        raise WatchError("inventory_host: %r is empty; leave it out or give the server's inventory host name"
                         % p["inventory_host"])


# -- one reading of the server -------------------------------------------------------------------


# One object of a reading: what HMP listed and what the watch made of it, less its secrets (the same unless
# the list left fields out, ``unreported``, and the object was read alone), its view, the digests of its
# secrets, its name.
Entry = namedtuple("Entry", ("listed", "unreported", "raw", "view", "digests", "name"))


class Reader(object):
    """Reads the watched kinds of one server into a snapshot ``{kind: {key: Entry}}``."""

    def __init__(self, client, kinds, salt):
        self.client = client
        self.kinds = kinds  # the kinds read: the watched ones, plus sessions when only events are watched
        self.salt = salt
        self.pool = ThreadPoolExecutor(max_workers=READ_WORKERS, thread_name_prefix="hmp_watch_read")

    def close(self):
        self.pool.shutdown(wait=False)

    def read(self, previous):
        snapshot = {}
        for kind in self.kinds:
            if kind.parent:
                lists = self.pool.map(lambda p: (p, self.listed(kind, p)), list(snapshot[kind.parent]))
                snapshot[kind.name] = entries = {}
                for parent, listed in lists:
                    entries.update(self.entries(kind, listed, previous, parent))
            else:
                snapshot[kind.name] = self.entries(kind, self.listed(kind), previous)
        return snapshot

    def listed(self, kind, parent=None):
        empty_codes = kind.resource.empty_codes
        if parent:  # a session deleted since the sessions were read: no events (it shows deleted next poll)
            empty_codes += kind.resource.parent_resource.not_found
        path = kind.path(parent)
        items, pages = self.client.list(path, empty_codes=empty_codes, counted=True)
        for item in items:
            if item.get(kind.key) in (None, ""):
                raise BadAnswer("GET %s: an object without %s" % (path, kind.key))
        return items, pages

    def fetch(self, kind, object_id, parent=None):
        return single(kind.resource, self.client.get_or_none(kind.resource.item(object_id, parent),
                                                             kind.resource.not_found), object_id)

    def entries(self, kind, listed, previous, parent=None):
        items, pages = listed
        before = (previous or {}).get(kind.name, {})
        entries = {}
        for item in items:
            key = (parent, item[kind.key]) if parent else item[kind.key]
            if key not in entries:  # an object listed twice (it moved down a page while read) counts once
                entries[key] = self.entry(kind, item, parent, before.get(key))
        if pages > 1:  # objects that moved up a page while the list was read must not look deleted
            for key in set(before) - set(entries):
                if not parent or key[0] == parent:
                    found = self.fetch(kind, key[1] if parent else key, parent)
                    if isinstance(found, dict) and found.get(kind.key) == (key[1] if parent else key):
                        entries[key] = self.entry(kind, found, parent, before[key])
        return entries

    def entry(self, kind, item, parent, previous):
        """The entry of ``item``: the previous poll's when HMP gave the same object (the usual case, and the
        cheap one: no view to build). An object listed without fields that apply to it is read alone
        (contract: session_fields: some servers list sessions without ``active``), at every poll."""
        listed = self.without_secrets(kind, item)
        if previous is not None and previous.listed == listed:
            unreported = previous.unreported
        else:
            unreported = kind.options and kind.resource.unreported(item)
        raw = listed
        if unreported:
            item = dict(item, **(self.fetch(kind, item[kind.key], parent) or {}))
            raw = self.without_secrets(kind, item)
        digests = dict((field, self.digest(item[field])) for field in kind.secrets if item.get(field))
        if previous is not None and previous.raw == raw and previous.digests == digests:
            return previous
        view = kind.view(item, parent) if kind.parent else kind.view(item)
        return Entry(listed, unreported, raw, view, digests, kind.label(item))

    @staticmethod
    def without_secrets(kind, item):
        return dict((k, v) for k, v in item.items() if k not in kind.secrets) if kind.secrets else item

    def digest(self, secret):
        return hashlib.sha256(self.salt + ("%s" % secret).encode("utf-8")).hexdigest()


# -- comparing two readings ----------------------------------------------------------------------


# One difference between two readings: its kind, its type (created, updated, deleted), the object's key and name,
# the fields that changed, and the views before and after.
Difference = namedtuple("Difference", ("kind", "type", "key", "name", "changed", "before", "after"))


class Comparison(object):
    """What counts as a change: the ignored fields and the bit rate rule, from the options."""

    def __init__(self, ignore_fields=DEFAULT_IGNORED, bitrate_change="zero"):
        self.everywhere = set(f for f in ignore_fields if "." not in f)
        self.by_kind = set(tuple(f.rsplit(".", 1)) for f in ignore_fields if "." in f)
        self.bitrate_change = bitrate_change

    def counts(self, kind, field, before, after):
        if field in self.everywhere or (kind, field) in self.by_kind:
            return False
        tests = CHANGE_TESTS.get((kind, field))
        return tests[self.bitrate_change](before, after) if tests else True

    def changed_fields(self, kind, old, new):
        if old.view == new.view and old.digests == new.digests:
            return []
        fields = [f for f in new.view if old.view.get(f) != new.view.get(f)]
        fields += [f for f in old.view if f not in new.view and old.view.get(f) is not None]
        fields += [f for f in new.digests if old.digests.get(f) != new.digests[f]]
        fields += [f for f in old.digests if f not in new.digests]
        return [f for f in dict.fromkeys(fields) if self.counts(kind, f, old.view.get(f), new.view.get(f))]

    def changes(self, kinds, before, after):
        """The changes from reading ``before`` to reading ``after``, kind by kind: deletions first (in the
        old order), then creations and updates in the order HMP lists the objects."""
        found = []
        for kind in kinds:
            old, new = before.get(kind, {}), after.get(kind, {})
            for key, entry in old.items():
                if key not in new:
                    found.append(Difference(kind, "deleted", key, entry.name, [], entry.view, None))
            for key, entry in new.items():
                previous = old.get(key)
                if previous is None:
                    found.append(Difference(kind, "created", key, entry.name, [], None, entry.view))
                    continue
                changed = self.changed_fields(kind, previous, entry)
                if changed:
                    found.append(Difference(kind, "updated", key, entry.name, changed, previous.view, entry.view))
        return found


def created_all(kinds, snapshot):
    return [Difference(kind, "created", key, entry.name, [], None, entry.view)
            for kind in kinds for key, entry in snapshot.get(kind, {}).items()]


# -- the watch -----------------------------------------------------------------------------------

# What a failed poll may raise: no answer or an error answer (the client's), a bad answer, or a transfer
# that broke in a way the client does not wrap (a truncated chunked body, for example).
POLL_ERRORS = (HmpApiError, BadAnswer, LoginLost) + ((requests.exceptions.RequestException,) if HAS_REQUESTS else ())


class Watch(object):
    """One server watched poll after poll: ``poll()`` returns the events of one poll, ``wait()`` how long
    to wait before the next one."""

    def __init__(self, options, client_factory=None):
        self.options = options
        connection = options["connection"]
        self.server, self.url = connection.host, connection.url
        self.interval = options["interval"]
        self.watched = tuple(k for k in KIND_ORDER if k in options["kinds"])
        reads = set(self.watched) | set(KIND_BY_NAME[k].parent for k in self.watched if KIND_BY_NAME[k].parent)
        self.comparison = Comparison(options["ignore_fields"], options["bitrate_change"])
        if not HAS_REQUESTS:
            raise WatchError("haivision.hmp.hmp_watch needs the Python library requests: pip install requests")
        warning = connection.warning()
        if warning:
            LOG.warning(warning)
        self.client = client_factory(connection) if client_factory else connection.client()
        self.reader = Reader(self.client, [KIND_BY_NAME[k] for k in KIND_ORDER if k in reads], os.urandom(16))
        self.snapshot = None  # the last reading that worked
        self.failures = 0  # polls failed in a row
        self.down_error = None  # why the server is unreachable, while it is
        LOG.info("watching %s every %s s: %s", self.url, self.interval, ", ".join(self.watched))

    def close(self):
        self.reader.close()
        self.client.close()

    def poll(self):
        """The events of one poll. Raises WatchError only when the server refuses the first poll outright
        (credentials, permissions); any later failure is an outage: reported once, polled again."""
        try:  # no event rests on a 404 under a login that had ended (contract: login_expiry)
            snapshot = self.client.trusted(lambda client: self.reader.read(self.snapshot), ending=False)
        except POLL_ERRORS as error:
            return self.failed(error)
        events = []
        if self.down_error is not None:
            LOG.info("%s answers again after %d failed poll(s)", self.server, self.failures)
            events.append(self.server_event("reachable", {"reachable": False, "error": self.down_error},
                                            {"reachable": True}))
        if self.snapshot is None:
            changes = created_all(self.watched, snapshot) if self.options["initial"] == "all" else []
        else:
            changes = self.comparison.changes(self.watched, self.snapshot, snapshot)
        for change in changes:
            events.append(self.event(change, self.snapshot if change.type == "deleted" else snapshot))
        self.snapshot, self.failures, self.down_error = snapshot, 0, None
        return events

    def failed(self, error):
        message = self.client.scrub(str(error))
        status = getattr(error, "status", None)
        if self.snapshot is None and status in REFUSALS:
            raise WatchError("%s refused the watch: %s%s" % (self.server, message, _advice(error)))
        self.failures += 1
        if self.down_error is not None:
            LOG.debug("%s still unreachable (%d failed polls): %s", self.server, self.failures, message)
            self.down_error = message
            return []
        LOG.warning("%s unreachable, polling again with backoff: %s", self.server, message)
        self.down_error = message
        before = {"reachable": True} if self.snapshot is not None else None
        return [self.server_event("unreachable", before, {"reachable": False, "error": message})]

    def wait(self, elapsed):
        """Seconds to wait before the next poll, given that this one took ``elapsed`` seconds."""
        if self.failures:
            return min(self.interval * 2 ** (self.failures - 1), max(self.interval, MAX_BACKOFF))
        return max(0.0, self.interval - elapsed)

    def envelope(self, kind, type_, object_id, name, changed, before, after, context):
        event = {"hmp": {"server": self.server, "kind": kind, "type": type_, "id": object_id, "name": name,
                         "changed": changed, "before": before, "after": after, "context": context}}
        if self.options["inventory_host"]:
            event["meta"] = {"hosts": self.options["inventory_host"]}
        return event

    def event(self, change, snapshot):
        kind = KIND_BY_NAME[change.kind]
        view = change.after if change.after is not None else change.before
        object_id = change.key[1] if kind.parent else change.key
        return self.envelope(change.kind, change.type, object_id, change.name, change.changed, change.before,
                             change.after, kind.context(snapshot, change.key, view))

    def server_event(self, type_, before, after):
        """``unreachable`` or ``reachable``: named by ``hmp_host``, its id the server's URL, ``changed`` empty (only
        an ``updated`` event names fields), ``before``/``after`` its ``reachable`` (and the ``error``)."""
        return self.envelope("server", type_, self.url, self.server, [], before, after, {})


def _advice(error):
    status = getattr(error, "status", None)
    if status == 401:
        return "; check hmp_username and hmp_password (or hmp_api_key and hmp_api_secret)"
    if status == 403:
        return "; the account lacks a permission to read that list: grant it, or leave that kind out of kinds"
    if status == 404:
        return "; this server has no such list: leave that kind out of kinds"
    return ""
