# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Whole-server reconcile (hmp_config): every declared source, session, event and user in one task.

Each declared object goes through the same pipeline as the per-object modules (``Reconciler.ensure``):
nothing is implemented twice.  Order: validate the whole declaration (failing with the path of the bad
value, e.g. ``sessions[3].events[0].days``), read every collection it needs once, then plan and apply in
dependency order (sources, sessions with their memberships, events, users), and purge in reverse.  Check
mode plans everything and writes nothing; without check mode, a dry run comes first, so that any refusal
stops the task before its first write.
"""

from __future__ import annotations

from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait

from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.haivision.hmp.plugins.module_utils.engine._lookup import READ_WORKERS, Planned, Reads
from ansible_collections.haivision.hmp.plugins.module_utils.engine._reconcile import Account, Reconciler, Wanted
from ansible_collections.haivision.hmp.plugins.module_utils._resources import EVENT, SESSION, SOURCE, USER
from ansible_collections.haivision.hmp.plugins.module_utils.engine._schema import InvalidValue
from ansible_collections.haivision.hmp.plugins.module_utils.engine._values import iso_utc

DECLARED = ("sources", "sessions", "events", "users")  # the kinds of object hmp_config declares
RESOURCES = {"sources": SOURCE, "sessions": SESSION, "events": EVENT, "users": USER}
NESTED = "events"  # a session's own events, declared inside it
DEFAULT_WORKERS = READ_WORKERS  # requests that go out together: enough to hide latency, gentle on the server


def at(path, error):
    """``error`` with ``path`` in front of the option it names: ``sessions[3].events[0].days: ...``."""
    return InvalidValue("%s.%s" % (path, error) if not str(error).startswith(path) else str(error))


def purge_types(purge):
    """``purge`` as the tuple of types to purge: false/none → (), true → every type, or a list of types."""
    if isinstance(purge, str):
        try:
            purge = boolean(purge, strict=True)
        except TypeError:
            purge = [purge]
    if purge in (None, False):
        return ()
    if purge is True:
        return DECLARED
    if not isinstance(purge, (list, tuple)):
        raise InvalidValue("purge: %r is not true, false or a list of %s" % (purge, ", ".join(DECLARED)))
    unknown = [t for t in purge if t not in DECLARED]
    if unknown:
        raise InvalidValue("purge: %r is not true, false or a list of %s" % (unknown[0], ", ".join(DECLARED)))
    return tuple(purge)


class Declared(object):
    """One declared object: where it was written and what it wants."""

    def __init__(self, path, resource, item):
        self.path = path
        self.resource = resource
        try:
            self.wanted = Wanted(resource, item)
        except InvalidValue as error:
            raise at(path, error)
        if self.name is None:
            raise InvalidValue("%s.%s: required" % (path, resource.identity))
        self.events = []

    @property
    def name(self):
        return self.wanted.identity(self.resource)

    @property
    def state(self):
        return self.wanted.state


def declare(params):
    """Every declared object, checked and normalised; duplicates refused. Nothing is read yet."""
    declared = {"sources": [], "sessions": [], "users": []}
    for kind in ("sources", "sessions", "users"):
        seen = {}
        for index, item in enumerate(params.get(kind) or []):
            path = "%s[%d]" % (kind, index)
            if not isinstance(item, dict):
                raise InvalidValue("%s: %r is not a dictionary of options" % (path, item))
            one = Declared(path, RESOURCES[kind], item)
            if one.name in seen:
                raise InvalidValue("%s.%s: %r is declared twice (also at %s)" % (
                    path, one.resource.identity, one.name, seen[one.name]))
            seen[one.name] = path
            if kind == "sessions":
                one.events = declare_events(path, item.get(NESTED) or [])
            declared[kind].append(one)
    return declared


def declare_events(session_path, items):
    events, seen = [], {}
    for index, item in enumerate(items):
        path = "%s.events[%d]" % (session_path, index)
        if not isinstance(item, dict):
            raise InvalidValue("%s: %r is not a dictionary of options" % (path, item))
        one = Declared(path, EVENT, item)
        if one.name in seen:
            raise InvalidValue("%s.start_time: %s is declared twice (also at %s)"
                               % (path, EVENT.identity_field().readable(one.name, quoted=True), seen[one.name]))
        seen[one.name] = path
        events.append(one)
    return events


class Summary(object):
    """What happened to each type: the names of the objects created, updated and deleted, and how many were left
    unchanged (a result that named every one of thousands of unchanged objects would cost more than the task);
    what purge kept; with ``diff_mode``, each changed object before and after."""

    def __init__(self, diff_mode=False):
        self.warnings = []
        self.diff_mode = diff_mode
        self.kept = []  # the undeclared objects of purged types that purge leaves in place, and why
        self.by_type = dict((t, {"created": [], "updated": [], "deleted": [], "unchanged": 0}) for t in DECLARED)
        self.diff = {"before": dict((t, {}) for t in DECLARED), "after": dict((t, {}) for t in DECLARED)}

    def record(self, kind, label, change, after, lookup):
        if not change.changed:
            self.by_type[kind]["unchanged"] += 1
            return
        self.by_type[kind][{"create": "created", "update": "updated", "delete": "deleted"}[change.action]].append(label)
        if self.diff_mode:
            views = change.result(after, True, lookup)["diff"]
            self.diff["before"][kind][label] = views["before"]
            self.diff["after"][kind][label] = views["after"]

    @property
    def changed(self):
        return any(v["created"] or v["updated"] or v["deleted"] for v in self.by_type.values())


def declared_counts(params):
    """hmp_config's ``invocation``: its options, each declared list as how many objects it holds (the declaration
    is the task's own input; repeating it in the result would cost as much as the task itself)."""
    shown = dict(params)
    for kind in ("sources", "sessions", "users"):
        if isinstance(shown.get(kind), list):
            shown[kind] = "%d declared" % len(shown[kind])
    return shown


class ServerReconcile(object):
    """One task's reconcile of one server: the declaration, the reads its passes share, and the passes: a dry
    run first (without check mode: any refusal fails there, before the first write), then the run, ``workers``
    objects at a time."""

    def __init__(self, client, params, check_mode, diff_mode=False):
        self.client = client
        self.check_mode = check_mode
        self.diff_mode = diff_mode
        self.workers = workers_of(params)
        self.reads = Reads(client)
        self.account = Account(client)
        self.purge = purge_types(params.get("purge"))
        self.declared = declare(params)
        for kind in ("sources", "users"):  # before anything is read: errors of the reads are scrubbed too
            for one in self.declared[kind]:
                for field in one.resource.secrets:
                    client.add_secret(one.wanted.options.get(field.option))

    def read(self):
        """Every collection the plan needs, before any write: a failed read stops the task before its first write
        (here, or in the dry run for the events read ahead)."""
        for kind in ("sources", "sessions", "users"):
            if self.declared[kind] or kind in self.purge:
                self.reads.read(RESOURCES[kind])
        # Events live under their session: only the declared sessions' events can change. With workers, they are
        # read ahead, in the declaration's order, while the plan goes on (it waits for a session's events when it
        # reaches them); one at a time, before the plan.
        titles = [one.name for one in self.declared["sessions"] if one.state == "present"]
        if titles:
            ids = dict((SESSION.name_of(s), SESSION.id_of(s)) for s in self.reads.read(SESSION))
            sessions = [ids[title] for title in titles if title in ids]
            if self.workers > 1:
                self.reads.read_ahead(EVENT, sessions, self.workers)
            else:
                for session_id in sessions:
                    self.reads.read(EVENT, session_id)

    def run(self):
        try:
            self.read()
            if not self.check_mode:
                planned = Pass(self, Reconciler(self.reads, check_mode=True, account=self.account)).apply_all()
                self.reads.settle()  # no read still under way when the plan is the outcome, or before writes
                if not planned.changed:
                    return planned  # nothing to write: the plan is the outcome
            task = Reconciler(self.reads, self.check_mode, assume_missing=self.check_mode, account=self.account)
            return Pass(self, task, self.workers).apply_all()
        finally:
            self.reads.settle()


class Pass(object):
    """One pass over the whole declaration, with its own view of the server (``task.lookup``) and summary.

    What depends on something else waits for it: sources first, then each session with its sources and then its
    events, then users, then the purge. Within each of these, objects are independent of one another, and go
    ``workers`` at a time; their outcome is recorded in the declaration's order whatever order HMP answers in, and
    the first failure in that order is the one reported."""

    def __init__(self, server, task, workers=1):
        self.server = server
        self.declared = server.declared
        self.purge = server.purge
        self.task = task
        self.workers = workers
        self.summary = Summary(server.diff_mode)
        self.declared_ids = set()  # the objects the declaration names, renamed ones included: never purged

    @property
    def lookup(self):
        return self.task.lookup

    def apply_all(self):
        for kind, work in (("sources", lambda one: self.apply("sources", one)), ("sessions", self.apply_session),
                           ("users", lambda one: self.apply("users", one))):
            for wave in copied_last(self.declared[kind]) if self.workers > 1 else [self.declared[kind]]:
                self.each(wave, work)
        self.purge_undeclared()
        warning = self.lookup.assumed_warning()
        if warning:
            self.summary.warnings.append(warning)
        return self.summary

    def each(self, items, work):
        """``work(item)`` for every item, ``workers`` at a time; each returns the outcomes to record, in order."""
        if self.workers == 1 or len(items) < 2:
            outcomes = [work(item) for item in items]
        else:
            with ThreadPoolExecutor(max_workers=min(self.workers, len(items))) as pool:
                futures = [pool.submit(work, item) for item in items]
                wait(futures, return_when=FIRST_EXCEPTION)
                for future in futures:
                    future.cancel()  # what has not started yet: the task stops at a failure, as one at a time would
                wait(futures)
                failures = [f.exception() for f in futures if not f.cancelled() and f.exception() is not None]
                if failures:
                    raise failures[0]
                outcomes = [f.result() for f in futures]
        for recorded in outcomes:
            for outcome in recorded:
                self.summary.record(*outcome)

    def apply(self, kind, one, parent_id=None):
        """Bring one declared object to its state: ``[(kind, label, change, after, lookup)]`` to record."""
        try:
            change, after = self.task.ensure(one.resource, one.wanted, parent_id)
        except InvalidValue as error:
            raise at(one.path, error)
        self.declared_ids.add(one.resource.id_of(change.before or after))
        return [(kind, self.label(kind, one.name, parent_id), change, after, self.lookup)]

    def label(self, kind, name, parent_id):
        if kind != "events":
            return name
        return "%s @ %s" % (self.lookup.name_for(SESSION, parent_id), iso_utc(name) or name)

    def apply_session(self, one):
        """A session, then its events (they live under it)."""
        recorded = self.apply("sessions", one)
        session = recorded[0][3]
        if session is None or one.state == "absent":
            return recorded
        session_id = SESSION.id_of(session)
        declared_times = set()
        for event in one.events:
            declared_times.add(event.name)
            recorded += self.apply("events", event, session_id)
        if "events" in self.purge:
            for event in list(self.lookup.all(EVENT, session_id)):
                if EVENT.name_of(event) not in declared_times and not isinstance(event, Planned):
                    recorded += self.delete("events", event, session_id)
        return recorded

    def delete(self, kind, current, parent_id=None):
        resource = RESOURCES[kind]
        change, after = self.task.remove(resource, current, parent_id)
        return [(kind, self.label(kind, resource.name_of(current), parent_id), change, after, self.lookup)]

    def purge_undeclared(self):
        """Objects of the purged types that the declaration does not name, in reverse dependency order. Never a
        built-in account nor the account the task is logged in with, declared or not (contract: built_in_accounts):
        those are kept, and the summary's ``kept`` says which and why."""
        for kind in ("users", "sessions", "sources"):
            if kind not in self.purge:
                continue
            resource = RESOURCES[kind]
            names = set(one.name for one in self.declared[kind])
            undeclared = []
            for current in list(self.lookup.all(resource)):
                name = resource.name_of(current)
                if (name in names or resource.id_of(current) in self.declared_ids
                        or isinstance(current, Planned)):
                    continue
                why = self.kept_because(resource, name)
                if why:
                    self.summary.kept.append({"type": kind, "name": name, "why": why})
                    continue
                undeclared.append(current)
            self.each(undeclared, lambda current, kind=kind: self.delete(kind, current))

    def kept_because(self, resource, name):
        """Why purge keeps the undeclared object ``name`` of ``resource``; None when purge deletes it."""
        if name in resource.built_in:
            return "a built-in account of HMP"
        if resource.login_identity and name == self.task.account.username():
            return ("the account this task is logged in with%s, which HMP refuses to delete"
                    % (" (through hmp_api_key)" if self.task.account.by_key else ""))
        return None


def copied_last(declared):
    """``declared`` in two waves: what copies nothing, then what copies another object (it may be one of the first
    wave, made by this task: contract of hmp_config's order)."""
    return [one for one in declared if not one.wanted.copy_from], [one for one in declared if one.wanted.copy_from]


def workers_of(params):
    """``workers``: how many requests go out together, 1 or more (1: one at a time)."""
    workers = DEFAULT_WORKERS if params.get("workers") is None else params["workers"]
    if not isinstance(workers, int) or isinstance(workers, bool) or workers < 1:
        raise InvalidValue("workers: %r is not a whole number of 1 or more (1 sends one request at a time)" % (workers,))
    return workers


def reconcile_server(client, params, check_mode=False, diff_mode=False):
    """The hmp_config result for one server."""
    summary = ServerReconcile(client, params, check_mode, diff_mode).run()
    result = {"changed": summary.changed, "summary": summary.by_type, "kept": summary.kept}
    if diff_mode:
        result["diff"] = summary.diff
    if summary.warnings:
        result["warnings"] = summary.warnings
    return result


def item_spec(resource, nested=None):
    """The argument spec of one declared object: its module's options (``resource_module``: identity included,
    ``id``, ``state``, and ``copy_from`` for the objects a module can copy), less the option that names the parent
    of a nested object (an event's ``session``: it is declared inside its session)."""
    spec = resource.argument_spec()
    spec["id"] = {"type": "str"}  # found by id (an event: under its session); the identity is its new value
    spec["state"] = {"type": "str", "choices": ["present", "absent"], "default": "present"}
    if resource.copyable:
        spec["copy_from"] = {"type": "str"}
    spec.update(nested or {})
    return spec


def argument_spec():
    events = {"type": "list", "elements": "dict", "options": item_spec(EVENT)}
    return {
        "sources": {"type": "list", "elements": "dict", "options": item_spec(SOURCE)},
        "sessions": {"type": "list", "elements": "dict", "options": item_spec(SESSION, {NESTED: events})},
        "users": {"type": "list", "elements": "dict", "options": item_spec(USER)},
        "purge": {"type": "raw", "default": False},
        "workers": {"type": "int", "default": DEFAULT_WORKERS},
    }
