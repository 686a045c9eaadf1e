# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reading a server once per task: ``Lookup`` finds objects by id or identity, reading each collection at
most once, and knows the objects the task plans to create (``Planned``) so that later references resolve
to them. Nothing here writes.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from ansible_collections.haivision.hmp.plugins.module_utils.engine._schema import InvalidValue

READ_WORKERS = 4  # concurrent reads of sub-collections: enough to hide latency, gentle on the server


class Planned(dict):
    """An object the task would create and has not (check mode, or the dry run of hmp_config): known to
    the lookup under a stand-in id, so that references to it resolve, and never read from the server."""

    def __init__(self, resource, body):
        super(Planned, self).__init__(body)
        if self.get(resource.id_key) is None:
            self[resource.id_key] = "(new %s %s)" % (resource.name, resource.name_of(body))


class Lookup(object):
    """Finds objects by id or identity, reading each collection at most once per task."""

    def __init__(self, client):
        self.client = client
        self._lists = {}
        self._indexes = {}  # (resource name, parent id) -> Index of that list
        self._under_planned = set()  # the keys of the (empty) lists under planned objects

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

    def add(self, resource, made, parent_id=None, planned=False):
        """``made`` (what a create made, or would make: ``planned``) joins the list of ``resource`` if it
        was read, so that later lookups find it; returns it (a ``Planned`` when ``planned``)."""
        if planned:
            made = Planned(resource, made)
        key = (resource.name, parent_id)
        if key in self._lists:
            self._lists[key].append(made)
        for child in resource.children:  # a new object has nothing under it yet: nothing to read
            self.known(child, [], resource.id_of(made))
            if planned:
                self._under_planned.add((child.name, resource.id_of(made)))
        return made

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

    def changed(self, resource, before, after, parent_id=None):
        """``before`` (a listed object) became ``after`` (None: deleted): later lookups see what it is now."""
        key = (resource.name, parent_id)
        listed = self._lists.get(key)
        if listed is None:
            return
        self._lists[key] = [o for o in listed if o is not before] + ([after] if after is not None else [])
        self._indexes.pop(key, None)

    def complete(self, resource, current, parent_id=None):
        """Fill in, from the object itself, what the listed ``current`` leaves out (some servers list
        sessions without ``active``, contract: session_fields); return the options still unknown."""
        if current is None or isinstance(current, Planned) or not resource.unreported(current):
            return ()
        current.update(self.fetch(resource, resource.id_of(current), parent_id) or {})
        return resource.unreported(current)

    def snapshot(self):
        """What has been read so far, to come back to after a dry run."""
        return dict((key, list(listed)) for key, listed in self._lists.items())

    def restore(self, snapshot):
        """Back to ``snapshot``; lists read since then stay, without the objects planned since and what is
        under them."""
        for key, listed in list(self._lists.items()):
            if key in snapshot:
                self._lists[key] = list(snapshot[key])
            elif key in self._under_planned:
                del self._lists[key]
            else:
                self._lists[key] = [o for o in listed if not isinstance(o, Planned)]
        self._under_planned = set()

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
