# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Desired state against current state: the only place that decides to write.

``ensure`` reads what it needs once (through ``Lookup``), resolves names to ids, compares only the
options the task set, and plans one ``Change``: a create, an update (always the complete object:
HMP's PUT resets what a body leaves out), a delete or nothing, plus the membership and write-only
writes that go with it.  ``Change.apply`` sends them through ``Writer``, which refuses every write
in check mode.  The result carries the same keys for every resource type.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from functools import partial

from ansible_collections.haivision.hmp.plugins.module_utils._client import SECRET_MASK, HmpApiError
from ansible_collections.haivision.hmp.plugins.module_utils._schema import InvalidValue

CHANGED_SECRET = SECRET_MASK + " (changed)"
READ_WORKERS = 4  # concurrent reads of sub-collections: enough to hide latency, gentle on the server


class Writer(object):
    """Sends writes; in check mode it sends nothing and answers None."""

    def __init__(self, client, check_mode):
        self.client = client
        self.check_mode = check_mode

    def send(self, method, path, body=None, took_effect=None):
        """Send one write. ``took_effect`` (for a POST) reads the server and returns what the POST made,
        or None: after a POST without an answer, it decides whether the POST may be sent again."""
        if self.check_mode:
            return None
        if took_effect is None:
            return self.client.request(method, path, body)
        for attempt in range(self.client.retries + 1):
            try:
                return self.client.request(method, path, body)
            except HmpApiError as error:
                if not error.may_not_have_arrived or attempt == self.client.retries:
                    raise
            self.client.pause(attempt)
            made = took_effect()
            if made is not None:
                return made


class Step(object):
    """One write of an operation (a recording, a stream, a set-top box command) and what it does."""

    def __init__(self, method, path, body=None, says=None):
        self.method = method
        self.path = path
        self.body = body
        self.says = says or "%s %s" % (method, path)


def perform(client, steps, check_mode):
    """Send ``steps`` in order through the check-mode choke point; return HMP's answers (None in check mode).

    The planners in ``_operations.py`` decide the steps from what the server reports; operation
    modules return ``changed`` (any step), ``actions`` (each step's ``says``) and the object after.
    """
    writer = Writer(client, check_mode)
    return [writer.send(step.method, step.path, step.body) for step in steps]


class Lookup(object):
    """Finds objects by id or identity, reading each collection at most once per task."""

    def __init__(self, client):
        self.client = client
        self._lists = {}
        self._indexes = {}  # (resource name, parent id) -> Index of that list

    def index(self, resource, parent_id=None):
        """The list of ``resource`` by id and by identity: lookups in constant time, so a task that names
        thousands of objects does not scan thousands of lists. Objects appended to the list (a create)
        join it on the next call; a list replaced by ``restore`` gets a new index."""
        listed = self.all(resource, parent_id)
        key = (resource.name, parent_id)
        index = self._indexes.get(key)
        if index is None or index.listed is not listed or index.size > len(listed):
            index = self._indexes[key] = Index(resource, listed)
        index.catch_up()
        return index

    def all(self, resource, parent_id=None):
        key = (resource.name, parent_id)
        if key not in self._lists:
            self._lists[key] = self.client.list(resource.collection(parent_id), empty_codes=resource.empty_codes)
        return self._lists[key]

    def known(self, resource, listed, parent_id=None):
        """Take ``listed`` as the list of ``resource`` without reading it (the events of a session just made)."""
        self._lists[(resource.name, parent_id)] = listed

    def all_of_each(self, resource, parent_ids, workers=READ_WORKERS):
        """The lists of ``resource`` under each parent (a session's events), the unread ones read concurrently."""
        unread = [p for p in dict.fromkeys(parent_ids) if (resource.name, p) not in self._lists]
        if len(unread) > 1:
            with ThreadPoolExecutor(max_workers=min(workers, len(unread))) as pool:
                lists = pool.map(lambda p: self.client.list(resource.collection(p), empty_codes=resource.empty_codes),
                                 unread)
                self._lists.update(((resource.name, p), listed) for p, listed in zip(unread, lists))
        return [self.all(resource, p) for p in parent_ids]

    def by_id(self, resource, object_id, parent_id=None):
        if (resource.name, parent_id) in self._lists:
            return self.index(resource, parent_id).by_id.get(object_id)
        return self.fetch(resource, object_id, parent_id)

    def fetch(self, resource, object_id, parent_id=None):
        """GET one object by id; None when HMP says it does not exist."""
        return single(resource, self.client.get_or_none(resource.item(object_id, parent_id), resource.not_found),
                      object_id)

    def named(self, resource, value, parent_id=None, option=None):
        """The one object whose identity is ``value``, or None; several of them is an error."""
        matches = self.index(resource, parent_id).by_name.get(value, [])
        if len(matches) > 1:
            raise InvalidValue("%s: %d %s have the %s %s (ids %s); give the id of the one you mean"
                               % (option or resource.identity, len(matches), resource.plural, resource.identity,
                                  resource.identity_field().shown(value),
                                  ", ".join(sorted(resource.id_of(o) for o in matches))))
        return matches[0] if matches else None

    def resolve(self, resource, reference, option, parent_id=None):
        """The object ``reference`` (an id or an identity) points at; an error when there is none."""
        listed = self.all(resource, parent_id)
        found = self.index(resource, parent_id).by_id.get(reference) or self.named(resource, reference, parent_id, option)
        if found is None:
            known = ""
            if 0 < len(listed) <= 20:
                known = " (there are: %s)" % ", ".join(sorted("%s" % resource.name_of(o) for o in listed))
            raise InvalidValue("%s: no %s has the %s or id %r%s" % (option, resource.name, resource.identity,
                                                                    reference, known))
        return found

    def complete(self, resource, current, parent_id=None):
        """Fill in, from the object itself, what the listed ``current`` leaves out (some servers list
        sessions without ``active``, contract: session_fields); return the options still unknown."""
        if current is None or not resource.unreported(current):
            return ()
        current.update(self.fetch(resource, resource.id_of(current), parent_id) or {})
        return resource.unreported(current)

    def snapshot(self):
        """What has been read so far, to come back to after a dry run."""
        return dict((key, list(listed)) for key, listed in self._lists.items())

    def restore(self, snapshot, invented):
        """Back to ``snapshot``; lists read since then stay, without the objects ``invented`` made up."""
        for key, listed in self._lists.items():
            self._lists[key] = list(snapshot[key]) if key in snapshot else [o for o in listed if not invented(o)]

    def name_for(self, resource, object_id):
        """A readable name for an id, from what this task has read; the id itself otherwise."""
        for name, parent_id in list(self._lists):
            item = self.index(resource, parent_id).by_id.get(object_id) if name == resource.name else None
            if item is not None:
                return resource.name_of(item)
        return object_id


def single(resource, answer, object_id):
    """The object ``object_id`` from a GET of one object: some HMP pages answer such a GET with a list
    (contract: envelope), so a list is searched for it."""
    if isinstance(answer, list):
        return next((o for o in answer if resource.id_of(o) == object_id), None)
    return answer


class Index(object):
    """One listed collection by id and by identity (several objects may share an identity)."""

    def __init__(self, resource, listed):
        self.resource = resource
        self.listed = listed
        self.size = 0
        self.by_id = {}
        self.by_name = {}

    def catch_up(self):
        for item in self.listed[self.size:]:
            self.by_id.setdefault(self.resource.id_of(item), item)
            self.by_name.setdefault(self.resource.name_of(item), []).append(item)
        self.size = len(self.listed)


def merge(resource, base, overrides):
    """``overrides`` over ``base``, dropping base values that do not apply to the result
    (an srt_mode left over from an srt source that becomes udp, for example)."""
    merged = dict(base)
    merged.update(overrides)
    return dict((k, v) for k, v in merged.items()
                if v is not None and (k in overrides or resource.by_option[k].applies(merged)))


def canonical_options(resource, params):
    """The options the task set, normalised and checked, before anything is read."""
    return dict((f.option, f.canonical(params[f.option])) for f in resource.fields
                if params.get(f.option) is not None)


def resolve_references(resource, desired, lookup):
    """Names or ids of referenced objects become sorted ids (compared as sets)."""
    for field in resource.fields:
        values = desired.get(field.option)
        if field.reference is None or values is None:
            continue
        ids = sorted(set(field.reference.id_of(lookup.resolve(field.reference, value, field.option)) for value in values))
        limit = field.membership.limit if field.membership else None
        if limit is not None and len(ids) > limit:
            raise InvalidValue("%s: %r names %d %s, and a %s holds at most %d" % (
                field.option, values, len(ids), field.reference.plural, resource.name, limit))
        desired[field.option] = ids
    return desired


class Change(object):
    """The writes (or none) that bring one object to its desired state."""

    def __init__(self, resource, action=None, before=None, body=None, changed_options=(), parent_id=None,
                 members=None, secrets=None):
        self.resource = resource
        self.action = action  # None, "create", "update" or "delete"
        self.before = before
        self.body = body  # the object's own body, None when only members or secrets change
        self.changed_options = tuple(changed_options)
        self.parent_id = parent_id
        self.members = members or {}  # membership Field -> (ids to add, ids to remove)
        self.secrets = secrets or {}  # write-only Field -> the value to send

    @property
    def changed(self):
        return self.action is not None

    def touches_members(self):
        return any(adds or removes for adds, removes in self.members.values())

    def apply(self, writer):
        """Send the writes; return the object after them (predicted when the writer is in check mode)."""
        resource, parent = self.resource, self.parent_id
        if self.action == "delete":
            writer.send("DELETE", resource.item(resource.id_of(self.before), parent))
            return None
        if self.action is None:
            return self.before
        if self.action == "create":
            answer = writer.send("POST", resource.collection(parent), self.body,
                                 took_effect=partial(self.created, writer.client))
            # what the answer leaves out is what was sent (contract: session_fields)
            after = dict(self.body, **(answer or {}))
        elif self.body is not None:
            updated = writer.send("PUT", resource.item(resource.id_of(self.before), parent), self.body)
            after = dict(self.before, **(updated or self.body))
        else:
            after = dict(self.before)
        item = resource.item(resource.id_of(after), parent)
        for field, (adds, removes) in self.members.items():
            for member in removes:  # first, so that a full session can take its replacement
                writer.send("DELETE", "%s/%s/%s" % (item, field.membership.path, member))
            for member in adds:
                writer.send("POST", "%s/%s" % (item, field.membership.path), {field.membership.key: member},
                            took_effect=partial(self.member_added, writer.client, item, field, member))
            kept = set(after.get(field.api) or []) - set(removes)
            after[field.api] = sorted(kept | set(adds))
        if self.action == "update":
            for field, value in self.secrets.items():
                writer.send("PUT", "%s/%s" % (item, field.api), {field.api: value})
        return after

    def created(self, client):
        """The object this create made, read back by its identity; None when the server has none."""
        resource, name = self.resource, self.resource.name_of(self.body)
        listed = client.list(resource.collection(self.parent_id), empty_codes=resource.empty_codes)
        return next((o for o in listed if resource.name_of(o) == name), None)

    def member_added(self, client, item, field, member):
        """True when the object at ``item`` lists ``member``; None otherwise."""
        current = single(self.resource, client.get(item), item.rsplit("/", 1)[-1])
        return True if member in ((current or {}).get(field.api) or []) else None

    def result(self, after, diff_mode, lookup=None):
        """The keys every resource module returns."""
        resource = self.resource
        outcome = {"changed": self.changed, resource.name: resource.public(after)}
        if diff_mode:
            changed_secrets = set(f.option for f in self.secrets)
            if self.action == "update":  # a created or deleted secret is shown masked, not as a change
                changed_secrets |= set(f.option for f in resource.secrets) & set(self.changed_options)
            after_view = diff_view(resource, after, changed_secrets, lookup)
            for field in self.secrets:
                after_view[field.option] = CHANGED_SECRET if self.action == "update" else SECRET_MASK
            outcome["diff"] = {"before": diff_view(resource, self.before, (), lookup), "after": after_view}
        return outcome


def diff_view(resource, api_object, changed_secrets=(), lookup=None):
    """The option view of an object for ``diff``: every set value, references by name, secrets masked."""
    if api_object is None:
        return {}
    options = resource.prune(resource.to_options(api_object))
    view = dict((k, v) for k, v in options.items() if v is not None)
    for field in resource.fields:
        if field.reference and lookup and view.get(field.option):
            lookup.all(field.reference)  # diff mode is for people: one read to show names, not ids
            view[field.option] = [lookup.name_for(field.reference, i) for i in view[field.option]]
        if field.secret and view.get(field.option):
            view[field.option] = CHANGED_SECRET if field.option in changed_secrets else SECRET_MASK
        if field.option in view:
            view[field.option] = field.readable(view[field.option])
    return view


def member_changes(resource, desired, before):
    changes = {}
    for field in resource.memberships:
        if desired.get(field.option) is not None:
            want, have = set(desired[field.option]), set(before.get(field.option) or [])
            changes[field] = (sorted(want - have), sorted(have - want))
    return changes


def write_only_values(resource, desired):
    return dict((f, desired[f.option]) for f in resource.fields if f.write_only and desired.get(f.option))


def plan(resource, desired, current, state="present", parent_id=None, update_secrets=False):
    """The Change that takes ``current`` (an API object or None) to ``desired`` (canonical options)."""
    if state == "absent":
        return Change(resource, "delete" if current is not None else None, current, parent_id=parent_id)
    if current is None:
        if not resource.creatable:
            raise InvalidValue("%s: no %s has the %s %r; HMP makes %s by %s, so this module never creates one"
                               % (resource.identity, resource.name, resource.identity, desired.get(resource.identity),
                                  resource.plural, resource.made_by or "other means"))
        desired = dict(resource.defaults, **desired)
        resource.validate(desired, create=True)
        return Change(resource, "create", None, resource.to_api(desired, create=True), parent_id=parent_id,
                      members=member_changes(resource, desired, {}), secrets=write_only_values(resource, desired))
    before = resource.to_options(current)
    changed = sorted(f.option for f in resource.compared()
                     if f.option in desired and desired[f.option] != before.get(f.option))
    secrets = write_only_values(resource, desired) if update_secrets else {}
    if not changed and not secrets:
        return Change(resource, None, current, parent_id=parent_id)
    after = merge(resource, before, desired)
    resource.validate(after)
    changes_body = any(not resource.by_option[option].membership for option in changed)
    return Change(resource, "update", current, resource.to_api(after, current=current) if changes_body else None, changed,
                  parent_id, member_changes(resource, desired, before), secrets)


def refuse_unknown(change, unknown):
    """A value HMP does not report cannot be compared, and an update sends the whole object, which could
    reset it (contract: put_semantics): refuse rather than guess (contract: session_fields)."""
    resource, before = change.resource, change.before
    if not unknown or change.action != "update" or change.body is None:
        return
    fields = [resource.by_option[o] for o in unknown]
    raise InvalidValue(
        "%s: HMP does not report %s of %s %r (id %s), not even when that %s is read alone, so its current "
        "value cannot be known, and this update (which sends the whole %s) could change it; nothing was "
        "written. haivision.hmp.qualify reports which fields a server leaves out"
        % (", ".join(unknown), ", ".join(repr(f.api) for f in fields), resource.name, resource.name_of(before),
           resource.id_of(before), resource.name, resource.name))


def refuse_if_busy(change, lookup):
    """HMP refuses a delete or a membership change while work is in progress: say so before writing."""
    resource, before = change.resource, change.before
    if before is None:
        return
    if change.action == "delete":
        doing = "deleting the %s" % resource.name
    elif change.touches_members():
        doing = "changing its %s" % ", ".join(f.option for f in resource.memberships)
    else:
        return
    for busy in resource.busy:
        if busy.flag and not before.get(busy.flag):
            continue
        if busy.path is None:  # the object itself is the work: a video still being recorded
            running = [{"id": resource.id_of(before)}]
        else:
            running = lookup.client.list("%s/%s" % (resource.item(resource.id_of(before), change.parent_id),
                                                    busy.path))
        if not running and not busy.flag:  # nothing on the object says it is busy, and nothing is running
            continue
        raise InvalidValue("%s %r has a %s in progress (id %s); stop it before %s" % (
            resource.name, resource.name_of(before), busy.what,
            ", ".join(sorted(r.get("id", "?") for r in running)) or "unknown", doing))


def find_parent(resource, lookup, params):
    """The id of the object a child resource lives under (an event's session), or None."""
    if resource.parent is None or params.get(resource.parent) is None:
        return None
    parent = resource.parent_resource
    return parent.id_of(lookup.resolve(parent, params[resource.parent], resource.parent))


def find_current(resource, lookup, params, desired, parent_id):
    """The object the task is about and the id of its parent: by ``id``, else by identity."""
    state = params.get("state", "present")
    if params.get("id"):
        if resource.parent and parent_id is None:  # an id alone: look under every parent
            for parent in lookup.all(resource.parent_resource):
                parent_id = resource.parent_resource.id_of(parent)
                found = next((o for o in lookup.all(resource, parent_id) if resource.id_of(o) == params["id"]), None)
                if found is not None:
                    return found, parent_id
            parent_id = None
            found = None
        else:
            found = lookup.by_id(resource, params["id"], parent_id)
        if found is None and state == "present":
            raise InvalidValue("id: no %s has the id %r (%s)" % (
                resource.name, params["id"], "HMP makes the ids; leave id out to create one" if resource.creatable
                else "HMP makes %s by %s, so this module never creates one"
                % (resource.plural, resource.made_by or "other means")))
        return found, parent_id
    if resource.parent and parent_id is None:
        raise InvalidValue("%s: required to find %s by %s" % (resource.parent, resource.a_name, resource.identity))
    found = lookup.named(resource, desired.get(resource.identity), parent_id)
    renamed = params.get(resource.rename) if resource.rename else None
    if found is None and renamed is not None and state == "present":  # an earlier run renamed it already
        found = lookup.named(resource, resource.identity_field().canonical(renamed, resource.rename), parent_id,
                             resource.rename)
    return found, parent_id


def ensure(client, resource, params, check_mode=False, diff_mode=False):
    """Bring one object to the state ``params`` describe; return the module result."""
    lookup = Lookup(client)
    desired = canonical_options(resource, params)
    for field in resource.secrets:
        client.add_secret(desired.get(field.option))
    state = params.get("state", "present")

    parent_id = find_parent(resource, lookup, params)
    current, parent_id = find_current(resource, lookup, params, desired, parent_id)
    unknown = lookup.complete(resource, current, parent_id) if state == "present" else ()
    if current is not None:
        for field in resource.secrets:
            client.add_secret(current.get(field.api))
    if state == "present":
        if current is None and resource.parent and parent_id is None:
            raise InvalidValue("%s: required to create %s" % (resource.parent, resource.a_name))
        if resource.rename and params.get(resource.rename) is not None and (current or resource.creatable):
            desired[resource.identity] = resource.identity_field().canonical(params[resource.rename], resource.rename)
        resolve_references(resource, desired, lookup)
        if params.get("copy_from"):
            original = lookup.resolve(resource, params["copy_from"], "copy_from", parent_id)
            copied = resource.to_options(original)
            copied.pop(resource.identity)
            desired = merge(resource, copied, desired)

    update_secrets = any(params.get("update_" + f.option) == "always" for f in resource.fields if f.write_only)
    change = plan(resource, desired, current, state, parent_id, update_secrets)
    refuse_unknown(change, unknown)
    refuse_if_busy(change, lookup)
    after = change.apply(Writer(client, check_mode))
    return change.result(after, diff_mode, lookup)
