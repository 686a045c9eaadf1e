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

from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.haivision.hmp.plugins.module_utils.engine._lookup import Planned, Reads
from ansible_collections.haivision.hmp.plugins.module_utils.engine._reconcile import Account, Reconciler, Wanted
from ansible_collections.haivision.hmp.plugins.module_utils._resources import EVENT, SESSION, SOURCE, USER
from ansible_collections.haivision.hmp.plugins.module_utils.engine._schema import InvalidValue
from ansible_collections.haivision.hmp.plugins.module_utils.engine._values import iso_utc

DECLARED = ("sources", "sessions", "events", "users")  # the kinds of object hmp_config declares
RESOURCES = {"sources": SOURCE, "sessions": SESSION, "events": EVENT, "users": USER}
NESTED = "events"  # a session's own events, declared inside it


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
    """What happened to each type: created, updated, deleted, unchanged, by name; and what purge kept."""

    def __init__(self):
        self.warnings = []
        self.kept = []  # the undeclared objects of purged types that purge leaves in place, and why
        self.by_type = dict((t, {"created": [], "updated": [], "deleted": [], "unchanged": []}) for t in DECLARED)
        self.diff = {"before": dict((t, {}) for t in DECLARED), "after": dict((t, {}) for t in DECLARED)}

    def record(self, kind, label, change, after, lookup):
        outcome = {"create": "created", "update": "updated", "delete": "deleted", None: "unchanged"}[change.action]
        self.by_type[kind][outcome].append(label)
        if change.changed:
            views = change.result(after, True, lookup)["diff"]
            self.diff["before"][kind][label] = views["before"]
            self.diff["after"][kind][label] = views["after"]

    @property
    def changed(self):
        return any(v["created"] or v["updated"] or v["deleted"] for v in self.by_type.values())


class ServerReconcile(object):
    """One task's reconcile of one server: the declaration, the reads its passes share, and the passes: a dry
    run first (without check mode: any refusal fails there, before the first write), then the run."""

    def __init__(self, client, params, check_mode):
        self.client = client
        self.check_mode = check_mode
        self.reads = Reads(client)
        self.account = Account(client)
        self.purge = purge_types(params.get("purge"))
        self.declared = declare(params)
        for kind in ("sources", "users"):  # before anything is read: errors of the reads are scrubbed too
            for one in self.declared[kind]:
                for field in one.resource.secrets:
                    client.add_secret(one.wanted.options.get(field.option))

    def read(self):
        """Every collection the plan needs, before any write: a failed read stops the task here."""
        for kind in ("sources", "sessions", "users"):
            if self.declared[kind] or kind in self.purge:
                self.reads.read(RESOURCES[kind])
        # Events live under their session: only the declared sessions' events can change.
        titles = set(one.name for one in self.declared["sessions"] if one.state == "present")
        if titles:
            sessions = [SESSION.id_of(s) for s in self.reads.read(SESSION) if SESSION.name_of(s) in titles]
            self.reads.read_each(EVENT, sessions)

    def run(self):
        self.read()
        if not self.check_mode:
            Pass(self, Reconciler(self.reads, check_mode=True, account=self.account)).apply_all()
        task = Reconciler(self.reads, self.check_mode, assume_missing=self.check_mode, account=self.account)
        return Pass(self, task).apply_all()


class Pass(object):
    """One pass over the whole declaration, with its own view of the server (``task.lookup``) and summary."""

    def __init__(self, server, task):
        self.server = server
        self.declared = server.declared
        self.purge = server.purge
        self.task = task
        self.summary = Summary()
        self.declared_ids = set()  # the objects the declaration names, renamed ones included: never purged

    @property
    def lookup(self):
        return self.task.lookup

    def apply_all(self):
        for one in self.declared["sources"]:
            self.apply("sources", one)
        for one in self.declared["sessions"]:
            session = self.apply("sessions", one)
            self.apply_events(one, session)
        for one in self.declared["users"]:
            self.apply("users", one)
        self.purge_undeclared()
        warning = self.lookup.assumed_warning()
        if warning:
            self.summary.warnings.append(warning)
        return self.summary

    def apply(self, kind, one, parent_id=None):
        try:
            change, after = self.task.ensure(one.resource, one.wanted, parent_id)
        except InvalidValue as error:
            raise at(one.path, error)
        self.declared_ids.add(one.resource.id_of(change.before or after))
        self.summary.record(kind, self.label(kind, one.name, parent_id), change, after, self.lookup)
        return after

    def label(self, kind, name, parent_id):
        if kind != "events":
            return name
        return "%s @ %s" % (self.lookup.name_for(SESSION, parent_id), iso_utc(name) or name)

    def apply_events(self, session_declared, session):
        if session is None or session_declared.state == "absent":
            return
        session_id = SESSION.id_of(session)
        declared_times = set()
        for one in session_declared.events:
            declared_times.add(one.name)
            self.apply("events", one, session_id)
        if "events" in self.purge:
            for event in list(self.lookup.all(EVENT, session_id)):
                if EVENT.name_of(event) not in declared_times and not isinstance(event, Planned):
                    self.delete("events", event, session_id)

    def delete(self, kind, current, parent_id=None):
        resource = RESOURCES[kind]
        change, after = self.task.remove(resource, current, parent_id)
        self.summary.record(kind, self.label(kind, resource.name_of(current), parent_id), change, after, self.lookup)

    def purge_undeclared(self):
        """Objects of the purged types that the declaration does not name, in reverse dependency order. Never a
        built-in account nor the account the task is logged in with, declared or not (contract: built_in_accounts):
        those are kept, and the summary's ``kept`` says which and why."""
        for kind in ("users", "sessions", "sources"):
            if kind not in self.purge:
                continue
            resource = RESOURCES[kind]
            names = set(one.name for one in self.declared[kind])
            for current in list(self.lookup.all(resource)):
                name = resource.name_of(current)
                if (name in names or resource.id_of(current) in self.declared_ids
                        or isinstance(current, Planned)):
                    continue
                why = self.kept_because(resource, name)
                if why:
                    self.summary.kept.append({"type": kind, "name": name, "why": why})
                    continue
                self.delete(kind, current)

    def kept_because(self, resource, name):
        """Why purge keeps the undeclared object ``name`` of ``resource``; None when purge deletes it."""
        if name in resource.built_in:
            return "a built-in account of HMP"
        if resource.login_identity and name == self.task.account.username():
            return ("the account this task is logged in with%s, which HMP refuses to delete"
                    % (" (through hmp_api_key)" if self.task.account.by_key else ""))
        return None


def reconcile_server(client, params, check_mode=False, diff_mode=False):
    """The hmp_config result for one server."""
    summary = ServerReconcile(client, params, check_mode).run()
    result = {"changed": summary.changed, "summary": summary.by_type, "kept": summary.kept}
    if diff_mode:
        result["diff"] = summary.diff
    if summary.warnings:
        result["warnings"] = summary.warnings
    return result


def item_spec(resource, nested=None):
    """The argument spec of one declared object: its module's options (``run_resource_module``: identity included,
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
    }
