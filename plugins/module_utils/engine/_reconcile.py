# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Desired state against current state: the only place that decides to write an object.

One pipeline for every object, whether a module names it or hmp_config declares it: ``Reconciler.ensure``
finds the object (by id, else by identity, failing on ambiguity), fills in what a list leaves out, keeps
secrets out of messages, applies a rename, ``copy_from`` and names of referenced objects, guards what HMP
would refuse or what must not happen (the logged-in account, work in progress, values the server does not
report), plans one ``Change`` (a create, an update of the whole object, a delete, or nothing, with the
membership and write-only writes that go with it) and sends it through ``Writer``, which sends nothing in
check mode. Objects a check-mode run would create join the lookup as ``Planned`` objects.
"""

from __future__ import annotations

import threading
from functools import partial

from ansible_collections.haivision.hmp.plugins.module_utils.engine._client import SECRET_MASK
from ansible_collections.haivision.hmp.plugins.module_utils.engine._lookup import Lookup, Planned, single
from ansible_collections.haivision.hmp.plugins.module_utils.engine._writer import Writer
from ansible_collections.haivision.hmp.plugins.module_utils.engine._schema import InvalidValue

CHANGED_SECRET = SECRET_MASK + " (changed)"


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
        shown = after
        if isinstance(after, Planned):  # not made yet: no id to show
            shown = dict((k, v) for k, v in after.items() if k != resource.id_key)
        outcome = {"changed": self.changed, resource.name: resource.public(shown)}
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
        if field.reference and lookup and view.get(field.option):  # diff mode is for people: names, not ids
            view[field.option] = lookup.declared_names(field.reference, view[field.option])
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


def plan_change(resource, desired, current, state="present", parent_id=None, update_secrets=False):
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


def refuse_rename(resource, wanted, current):
    """An object found by id whose identity HMP never changes (a user's username) and that the task names otherwise:
    an update would compare the identity on every run and never send it (contract: users). Refuse before any write."""
    field = resource.identity_field()
    asked = wanted.identity(resource)
    if (not field.create_only or not wanted.id or current is None or isinstance(current, Planned) or asked is None
            or asked == resource.name_of(current)):
        return
    what = resource.name + (" account" if resource.login_identity else "")
    now, asked = field.readable(resource.name_of(current), quoted=True), field.readable(asked, quoted=True)
    raise InvalidValue("%s: HMP cannot rename a %s: the %s with the id %r is %s, and this task asks for %s; nothing "
                       "was written. Give its current %s with that id, or leave id out to make a %s named %s"
                       % (resource.identity, what, resource.name, wanted.id, now, asked, resource.identity, what, asked))


class Wanted(object):
    """One object as a task wants it: its options (checked and normalised before anything is read), its
    state, and how to find it (``id``; ``parent``, the option that names the object it lives under)."""

    def __init__(self, resource, params):
        self.options = canonical_options(resource, params)
        self.state = params.get("state") or "present"
        self.id = params.get("id")
        self.parent = params.get(resource.parent) if resource.parent else None
        self.copy_from = params.get("copy_from")
        self.rename = None
        if resource.rename and params.get(resource.rename) is not None:
            self.rename = resource.identity_field().canonical(params[resource.rename], resource.rename)
        self.update_secrets = resource.updates_secrets(params)

    def identity(self, resource):
        return self.options.get(resource.identity)


class Account(object):
    """The account a task is logged in with: ``hmp_username``, or, logged in with an API key, the account
    HMP names (asked once, and only when a delete needs it; contract: whoami)."""

    def __init__(self, client):
        self.client = client
        self.by_key = bool(getattr(client, "api_key", None))
        self._username = None if self.by_key else getattr(client, "username", None)
        self._asking = threading.Lock()

    def username(self):
        with self._asking:  # asked once, whichever of the workers asks first
            if self._username is None:
                self._username = (self.client.session_info() or {}).get("username") or ""
        return self._username

    def refuse_deleting(self, resource, name, option=None):
        """HMP refuses to delete the account of the calling session (contract: built_in_accounts): say so
        before any write, and what to do instead."""
        if not resource.login_identity or name is None or name != self.username():
            return
        raise InvalidValue("%s: %r is the account this task is logged in with%s, and HMP refuses to delete it; "
                           "log in as another administrator to delete it"
                           % (option or resource.identity, name, " (through hmp_api_key)" if self.by_key else ""))


class Reconciler(object):
    """One pass of a task over the objects it names: one ``Lookup`` (its view of the server, over ``reads``, which
    passes share), one ``Writer``, one ``Account``. ``check_mode``: nothing is sent (check mode, or hmp_config's dry
    run); ``assume_missing``: the task runs in check mode, where a reference to an object no earlier task of the run
    made yet is taken for one that task would make (``Lookup``)."""

    def __init__(self, reads, check_mode=False, assume_missing=False, account=None):
        self.lookup = Lookup(reads, assume_missing)
        self.client = self.lookup.client
        self.writer = Writer(self.client, check_mode)
        self.account = account or Account(self.client)

    @property
    def check_mode(self):
        return self.writer.check_mode

    def ensure(self, resource, wanted, parent_id=None):
        """Bring one object to ``wanted``; return the ``Change`` and the object after it."""
        lookup, desired = self.lookup, dict(wanted.options)
        self.keep_secret(resource, desired)
        if wanted.state == "absent" and not wanted.id:  # known without reading, when the login is a username
            self.account.refuse_deleting(resource, wanted.identity(resource))
        if parent_id is None:
            parent_id = self.find_parent(resource, wanted)
        current, parent_id = self.find(resource, wanted, parent_id)
        unknown = ()
        if wanted.state == "present" and current is not None and not isinstance(current, Planned):
            current = lookup.complete(resource, current, parent_id)
            unknown = resource.unreported(current)
        if current is not None:
            self.keep_secret(resource, current, api=True)
        if wanted.state == "present":
            refuse_rename(resource, wanted, current)
            if current is None and resource.parent and parent_id is None:
                raise InvalidValue("%s: required to create %s" % (resource.parent, resource.a_name))
            if wanted.rename is not None and (current or resource.creatable):
                desired[resource.identity] = wanted.rename
            resolve_references(resource, desired, lookup)
            if wanted.copy_from:
                original = lookup.resolve(resource, wanted.copy_from, "copy_from", parent_id, assume=False)
                original = lookup.complete(resource, original, parent_id)  # what its list leaves out is copied too
                copied = resource.to_options(original)
                copied.pop(resource.identity)
                desired = merge(resource, copied, desired)
        change = plan_change(resource, desired, current, wanted.state, parent_id, wanted.update_secrets)
        return change, self.carry_out(change, unknown)

    def remove(self, resource, current, parent_id=None):
        """Delete ``current`` (an object no declaration names: hmp_config's purge); the ``Change`` and None."""
        change = plan_change(resource, {}, current, "absent", parent_id)
        return change, self.carry_out(change)

    def carry_out(self, change, unknown=()):
        """Refuse what must not be written, then send ``change``; return the object after it."""
        resource = change.resource
        if change.action == "delete":
            self.account.refuse_deleting(resource, resource.name_of(change.before))
        refuse_unknown(change, unknown)
        refuse_if_busy(change, self.lookup)
        after = change.apply(self.writer)
        if change.action == "create":
            after = self.lookup.add(resource, after, change.parent_id, planned=self.check_mode)
        elif change.action is not None:  # later references in the same task see it renamed, or gone
            self.lookup.changed(resource, change.before, after, change.parent_id)
        return after

    def keep_secret(self, resource, values, api=False):
        for field in resource.secrets:
            self.client.add_secret(values.get(field.api if api else field.option))

    def find_parent(self, resource, wanted):
        """The id of the object a child resource lives under (an event's session), or None."""
        if resource.parent is None or wanted.parent is None:
            return None
        parent = resource.parent_resource
        return parent.id_of(self.lookup.resolve(parent, wanted.parent, resource.parent))

    def find(self, resource, wanted, parent_id):
        """The object the task is about and the id of its parent: by ``id``, else by identity."""
        lookup = self.lookup
        if wanted.id:
            found = None
            if resource.parent and parent_id is None:  # an id alone: look under every parent
                for parent in lookup.all(resource.parent_resource):
                    found = lookup.index(resource, resource.parent_resource.id_of(parent)).by_id.get(wanted.id)
                    if found is not None:
                        return found, resource.parent_resource.id_of(parent)
            else:
                found = lookup.by_id(resource, wanted.id, parent_id)
            if found is None and wanted.state == "present":
                raise InvalidValue("id: no %s has the id %r (%s)" % (
                    resource.name, wanted.id, "HMP makes the ids; leave id out to create one" if resource.creatable
                    else "HMP makes %s by %s, so this module never creates one"
                    % (resource.plural, resource.made_by or "other means")))
            return found, parent_id
        if resource.parent and parent_id is None:
            raise InvalidValue("%s: required to find %s by %s" % (resource.parent, resource.a_name, resource.identity))
        found = lookup.named(resource, wanted.identity(resource), parent_id)
        if found is None and wanted.rename is not None and wanted.state == "present":  # renamed by an earlier run
            found = lookup.named(resource, wanted.rename, parent_id, resource.rename)
        return found, parent_id


def ensure(client, resource, params, check_mode=False, diff_mode=False):
    """A resource module's whole work: bring the object ``params`` describe to its state; the result."""
    task = Reconciler(client, check_mode, assume_missing=check_mode)
    change, after = task.ensure(resource, Wanted(resource, params))
    result = change.result(after, diff_mode, task.lookup)
    warning = task.lookup.assumed_warning()
    if warning:
        result["warnings"] = [warning]
    return result
