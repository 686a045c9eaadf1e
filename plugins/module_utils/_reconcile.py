# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Desired state against current state: the only place that decides to write.

``ensure`` reads what it needs once (through ``Lookup``), compares only the options the task set,
plans a create, an update (always the complete object: HMP's PUT resets what a body leaves out),
a delete or nothing, and sends the plan through ``Writer``, which refuses every write in check
mode.  The result carries the same keys for every resource type.
"""

from __future__ import annotations

from ansible_collections.haivision.hmp.plugins.module_utils._client import SECRET_MASK
from ansible_collections.haivision.hmp.plugins.module_utils._resources import InvalidValue

CHANGED_SECRET = SECRET_MASK + " (changed)"


class Writer(object):
    """Sends writes; in check mode it sends nothing and answers None."""

    def __init__(self, client, check_mode):
        self.client = client
        self.check_mode = check_mode

    def send(self, method, path, body=None):
        if self.check_mode:
            return None
        return self.client.request(method, path, body)


class Lookup(object):
    """Finds objects by id or name, reading each collection at most once per task."""

    def __init__(self, client):
        self.client = client
        self._lists = {}

    def all(self, resource):
        if resource.name not in self._lists:
            self._lists[resource.name] = self.client.list(resource.collection)
        return self._lists[resource.name]

    def by_id(self, resource, object_id):
        if resource.name in self._lists:
            return next((o for o in self._lists[resource.name] if o.get("id") == object_id), None)
        found = self.client.get_or_none(resource.item(object_id), resource.not_found)
        if isinstance(found, list):  # the vendor's page shows a list here (core.md 7.4)
            found = next((o for o in found if o.get("id") == object_id), None)
        return found

    def named(self, resource, name):
        """The one object called ``name``, or None; several of them is an error."""
        matches = [o for o in self.all(resource) if resource.name_of(o) == name]
        if len(matches) > 1:
            raise InvalidValue("%s: %d %s are named %r (ids %s); give the id of the one you mean"
                               % (resource.identity, len(matches), resource.plural, name,
                                  ", ".join(sorted(o["id"] for o in matches))))
        return matches[0] if matches else None

    def resolve(self, resource, reference, option):
        """The object ``reference`` (an id or a name) points at; an error when there is none."""
        found = next((o for o in self.all(resource) if o.get("id") == reference), None)
        found = found or self.named(resource, reference)
        if found is None:
            raise InvalidValue("%s: no %s has the name or id %r" % (option, resource.name, reference))
        return found


def merge(resource, base, overrides):
    """``overrides`` over ``base``, dropping base values that do not apply to the result
    (an srt_mode left over from an srt source that becomes udp, for example)."""
    merged = dict(base)
    merged.update(overrides)
    return dict((k, v) for k, v in merged.items()
                if v is not None and (k in overrides or resource.by_option[k].applies(merged)))


def diff_view(resource, api_object, changed_secrets=()):
    """The option view of an object for ``diff``: every set value, secrets masked."""
    if api_object is None:
        return {}
    options = resource.prune(resource.to_options(api_object))
    view = dict((k, v) for k, v in options.items() if v is not None)
    for field in resource.secrets:
        if view.get(field.option):
            view[field.option] = CHANGED_SECRET if field.option in changed_secrets else SECRET_MASK
    return view


def desired_options(resource, params):
    return dict((f.option, params[f.option]) for f in resource.fields if params.get(f.option) is not None)


def find_current(resource, lookup, params):
    """The object the task is about, by ``id`` when given, else by its identity option."""
    if params.get("id"):
        found = lookup.by_id(resource, params["id"])
        if found is None and params.get("state", "present") == "present":
            raise InvalidValue("id: no %s has the id %r (HMP makes the ids; leave id out to create one)"
                               % (resource.name, params["id"]))
        return found
    return lookup.named(resource, params[resource.identity])


class Change(object):
    """The one write (or none) that brings one object to its desired state."""

    def __init__(self, resource, action=None, before=None, body=None, changed_options=()):
        self.resource = resource
        self.action = action  # None, "create", "update" or "delete"
        self.before = before
        self.body = body
        self.changed_options = tuple(changed_options)

    @property
    def changed(self):
        return self.action is not None

    def apply(self, writer):
        """Send the write; return the object after it (predicted when the writer is in check mode)."""
        resource = self.resource
        if self.action == "create":
            return writer.send("POST", resource.collection, self.body) or self.body
        if self.action == "update":
            updated = writer.send("PUT", resource.item(self.before["id"]), self.body)
            return updated or dict(self.before, **self.body)
        if self.action == "delete":
            writer.send("DELETE", resource.item(self.before["id"]))
            return None
        return self.before

    def result(self, after, diff_mode):
        """The keys every resource module returns."""
        resource = self.resource
        outcome = {"changed": self.changed, resource.name: resource.public(after)}
        if diff_mode:
            changed_secrets = ()
            if self.action == "update":  # a created or deleted secret is shown masked, not as a change
                changed_secrets = set(f.option for f in resource.secrets) & set(self.changed_options)
            outcome["diff"] = {
                "before": diff_view(resource, self.before),
                "after": diff_view(resource, after, changed_secrets),
            }
        return outcome


def plan(resource, desired, current, state="present"):
    """The Change that takes ``current`` (an API object or None) to ``desired`` (options)."""
    if state == "absent":
        return Change(resource, "delete" if current is not None else None, current)
    if current is None:
        resource.validate(desired)
        return Change(resource, "create", None, resource.to_api(desired))
    before = resource.to_options(current)
    changed = sorted(k for k, v in desired.items() if v != before.get(k))
    if not changed:
        return Change(resource, None, current)
    after = merge(resource, before, desired)
    resource.validate(after)
    return Change(resource, "update", current, resource.to_api(after), changed)


def ensure(client, resource, params, check_mode=False, diff_mode=False):
    """Bring one object to the state ``params`` describe; return the module result."""
    lookup = Lookup(client)
    desired = desired_options(resource, params)
    for option, value in desired.items():
        resource.by_option[option].validate(value)
    for field in resource.secrets:
        client.add_secret(desired.get(field.option))

    current = find_current(resource, lookup, params)
    if current is not None:
        for field in resource.secrets:
            client.add_secret(current.get(field.api))
    state = params.get("state", "present")
    if state == "present" and params.get("copy_from"):
        original = lookup.resolve(resource, params["copy_from"], "copy_from")
        copied = resource.to_options(original)
        copied.pop(resource.identity)
        desired = merge(resource, copied, desired)

    change = plan(resource, desired, current, state)
    after = change.apply(Writer(client, check_mode))
    return change.result(after, diff_mode)
