# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reading a server once per task.

``Reads`` is what the server said during the task: each collection read at most once, and objects read alone
where a list leaves fields out; nothing read is ever changed. ``Lookup`` is one pass's view of the server over
those reads: it finds objects by id or identity, and knows what the pass has created, changed or deleted so
far (the objects it would create are ``Planned``), so that later references resolve to them. Two passes of one
task (hmp_config's dry run, then its run) share the reads and never see each other's changes. Nothing here
writes.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.haivision.hmp.plugins.module_utils.engine._schema import InvalidValue
from ansible_collections.haivision.hmp.plugins.module_utils.engine._values import iso_utc

READ_WORKERS = 4  # concurrent reads of sub-collections: enough to hide latency, gentle on the server
SHOWN_NAMES = 20  # a message lists the names there are when there are at most this many
NOT_YET = " (not on the server yet)"  # how a diff shows an object check mode takes for an earlier task's


class Planned(dict):
    """An object the pass would create and has not (check mode, or the dry run of hmp_config): known to the
    lookup under a stand-in id, so that references to it resolve, and never read from the server. ``assumed``:
    not declared by the task either, but named by it in check mode (an object an earlier task would create)."""

    def __init__(self, resource, body, assumed=False):
        super(Planned, self).__init__(body)
        self.assumed = assumed
        if self.get(resource.id_key) is None:
            self[resource.id_key] = "(new %s %s)" % (resource.name, resource.name_of(body))


def there_are(resource, objects):
    """`` (there are: a, b)`` for a message, when there are a few objects to name; empty otherwise."""
    if not 0 < len(objects) <= SHOWN_NAMES:
        return ""
    return " (there are: %s)" % ", ".join(sorted("%s" % resource.name_of(o) for o in objects))


AT_ONCE = 600  # seconds: objects of one name made this close together were most likely made by two runs at once


def shared_name(resource, option, value, objects):
    """The refusal of a name several ``objects`` share, with what it most likely is and what to do (HMP keeps no
    name unique: contract: names_not_unique)."""
    text = "%s: %d %s have the %s %s (ids %s); give the id of the one you mean" % (
        option, len(objects), resource.plural, resource.identity, resource.identity_field().readable(value, quoted=True),
        ", ".join(sorted("%s" % resource.id_of(o) for o in objects)))
    made = sorted(o.get("ctime") for o in objects if isinstance(o.get("ctime"), (int, float))
                  and not isinstance(o.get("ctime"), bool))
    if len(made) < len(objects):
        return text
    when = " and ".join(iso_utc(t) or str(t) for t in made)
    if made[-1] - made[0] <= AT_ONCE:
        return text + (". They were made at %s, %d s apart: most likely two runs wrote to this server at the same time "
                       "(from two controllers, which no lock spans). Keep one, delete the others by id (state: absent "
                       "with id), and keep the writes to one server in one queue (the reliability guide, \"One writer "
                       "per server\")" % (when, made[-1] - made[0]))
    return text + (". They were made at %s, apart: the name was given twice (in HMP's web interface, say); rename or "
                   "delete all but one, by id" % when)


def single(resource, answer, object_id):
    """The object ``object_id`` from a GET of one object: some HMP pages answer such a GET with a list
    (contract: envelope), so a list is searched for it."""
    if isinstance(answer, list):
        return next((o for o in answer if resource.id_of(o) == object_id), None)
    return answer


class Reads(object):
    """What the server said in one task: each list read at most once, each object read alone at most once."""

    def __init__(self, client):
        self.client = client
        self._lists = {}  # (resource name, parent id) -> the list as read
        self._alone = {}  # (resource name, parent id, id) -> the object read alone, over what its list said
        self._ahead = {}  # (resource name, parent id) -> the Future of a list read ahead (read_ahead)
        self._pool = None

    def read(self, resource, parent_id=None):
        key = (resource.name, parent_id)
        if key not in self._lists:
            ahead = self._ahead.pop(key, None)
            if ahead is not None:
                listed = ahead.result()
            else:
                listed = self.client.list(resource.collection(parent_id), empty_codes=resource.empty_codes)
            self._lists[key] = tuple(listed)
        return self._lists[key]

    def has_read(self, resource, parent_id=None):
        return (resource.name, parent_id) in self._lists or (resource.name, parent_id) in self._ahead

    def read_ahead(self, resource, parent_ids, workers=READ_WORKERS):
        """Start reading the lists of ``resource`` under each parent (a session's events), ``workers`` at a time, in
        that order, while the caller goes on: ``read`` waits for a list only when it needs it, and raises what
        went wrong reading it. ``settle`` waits for the rest."""
        unread = [p for p in dict.fromkeys(parent_ids) if not self.has_read(resource, p)]
        if not unread:
            return
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=max(1, workers))
        for parent_id in unread:
            self._ahead[(resource.name, parent_id)] = self._pool.submit(
                self.client.list, resource.collection(parent_id), empty_codes=resource.empty_codes)

    def settle(self):
        """Wait for every list read ahead: none is still being read once this returns. A list no one asked for is
        dropped, and so is what went wrong reading it (nothing rests on it)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
        self._ahead.clear()

    def read_each(self, resource, parent_ids, workers=READ_WORKERS):
        """The lists of ``resource`` under each parent (a session's events), the unread ones read ``workers`` at a
        time; none is still being read once this returns."""
        self.read_ahead(resource, parent_ids, workers)
        try:
            return [self.read(resource, p) for p in parent_ids]
        finally:
            self.settle()

    def fetch(self, resource, object_id, parent_id=None):
        """GET one object by id; None when HMP says it does not exist."""
        return single(resource, self.client.get_or_none(resource.item(object_id, parent_id), resource.not_found),
                      object_id)

    def complete(self, resource, listed, parent_id=None):
        """``listed`` with what its list left out, from the object read alone (some servers list sessions
        without ``active``, contract: session_fields): a new object; ``listed`` itself when nothing is missing."""
        if listed is None or isinstance(listed, Planned) or not resource.unreported(listed):
            return listed
        key = (resource.name, parent_id, resource.id_of(listed))
        if key not in self._alone:
            self._alone[key] = dict(listed, **(self.fetch(resource, key[2], parent_id) or {}))
        return self._alone[key]


def guarded(method):
    """``method`` under the lookup's lock: a pass may work on several objects at a time (hmp_config's workers)."""
    def locked(self, *args, **kwargs):
        with self._lock:
            return method(self, *args, **kwargs)
    locked.__doc__ = method.__doc__
    return locked


class Lookup(object):
    """One pass's view of the server: finds objects by id or identity over ``reads``, with this pass's changes.

    ``assume_missing`` (check mode): a name a reference gives that no object has is taken for an object an
    earlier task would create, a ``Planned`` one, when the kind is one a task creates; ``assumed`` lists them.
    Safe to share between threads: what reads or changes its lists holds its lock.
    """

    def __init__(self, reads, assume_missing=False):
        self.reads = reads if isinstance(reads, Reads) else Reads(reads)
        self.client = self.reads.client
        self.assume_missing = assume_missing
        self.assumed = []  # (option, resource, reference) of every reference taken for an earlier task's object
        self._lists = {}  # (resource name, parent id) -> this pass's list: as read, then as the pass changes it
        self._indexes = {}  # (resource name, parent id) -> Index of that list
        self._lock = threading.RLock()

    @guarded
    def all(self, resource, parent_id=None):
        key = (resource.name, parent_id)
        if key not in self._lists:
            self._lists[key] = list(self.reads.read(resource, parent_id))
        return self._lists[key]

    def all_of_each(self, resource, parent_ids):
        """The lists of ``resource`` under each parent (a session's events), the unread ones read concurrently."""
        self.reads.read_each(resource, [p for p in parent_ids if (resource.name, p) not in self._lists])
        return [self.all(resource, p) for p in parent_ids]

    @guarded
    def index(self, resource, parent_id=None):
        """The list of ``resource`` by id and by identity: lookups in constant time, so a task that names
        thousands of objects does not scan thousands of lists. Objects appended to the list (a create)
        join it on the next call; a list replaced (an update, a delete) gets a new index."""
        listed = self.all(resource, parent_id)
        key = (resource.name, parent_id)
        index = self._indexes.get(key)
        if index is None or index.listed is not listed or index.size > len(listed):
            index = self._indexes[key] = Index(resource, listed)
        index.catch_up()
        return index

    def complete(self, resource, current, parent_id=None):
        return self.reads.complete(resource, current, parent_id)

    def fetch(self, resource, object_id, parent_id=None):
        return self.reads.fetch(resource, object_id, parent_id)

    @guarded
    def by_id(self, resource, object_id, parent_id=None):
        if (resource.name, parent_id) in self._lists or self.reads.has_read(resource, parent_id):
            return self.index(resource, parent_id).by_id.get(object_id)
        return self.fetch(resource, object_id, parent_id)

    @guarded
    def named(self, resource, value, parent_id=None, option=None):
        """The one object whose identity is ``value``, or None; several of them is an error."""
        matches = self.index(resource, parent_id).by_name.get(value, [])
        if len(matches) > 1:
            raise InvalidValue(shared_name(resource, option or resource.identity, value, matches))
        return matches[0] if matches else None

    @guarded
    def resolve(self, resource, reference, option, parent_id=None, assume=True):
        """The object ``reference`` (an id or an identity) points at; an error when there is none (or, assuming
        missing objects and ``assume``, a ``Planned`` stand-in for an object of a kind tasks create)."""
        listed = self.all(resource, parent_id)
        found = self.index(resource, parent_id).by_id.get(reference) or self.named(resource, reference, parent_id, option)
        if found is not None:
            return found
        if assume and self.assume_missing and resource.creatable:
            self.assumed.append((option, resource, reference))
            return self.add(resource, {resource.identity: reference}, parent_id, planned=True, assumed=True)
        raise InvalidValue("%s: no %s has the %s or id %r%s" % (option, resource.name, resource.identity, reference,
                                                                there_are(resource, listed)))

    def assumed_warning(self):
        """The one warning of a check-mode task that named objects not on the server (None when it named none)."""
        if not self.assumed:
            return None
        named = ", ".join("%s %r" % (option, reference) for option, _resource, reference in self.assumed)
        return ("%s: not on the server; check mode takes each for an object an earlier task of the run would create, "
                "and plans as if it existed. A misspelt name looks the same here: without check mode, the task fails "
                "before any write when the object does not exist" % named)

    @guarded
    def known(self, resource, listed, parent_id=None):
        """Take ``listed`` as the list of ``resource`` without reading it (the events of a session just made)."""
        self._lists[(resource.name, parent_id)] = listed

    @guarded
    def add(self, resource, made, parent_id=None, planned=False, assumed=False):
        """``made`` (what a create made, or would make: ``planned``) joins the list of ``resource``, so that later
        lookups find it; returns it (a ``Planned`` when ``planned``)."""
        if planned:
            made = Planned(resource, made, assumed)
        key = (resource.name, parent_id)
        if key in self._lists or self.reads.has_read(resource, parent_id):
            self.all(resource, parent_id).append(made)
        for child in resource.children:  # a new object has nothing under it yet: nothing to read
            self.known(child, [], resource.id_of(made))
        return made

    @guarded
    def changed(self, resource, before, after, parent_id=None):
        """``before`` (a listed object) became ``after`` (None: deleted): later lookups see what it is now."""
        key = (resource.name, parent_id)
        if key not in self._lists and not self.reads.has_read(resource, parent_id):
            return
        gone = resource.id_of(before)
        self._lists[key] = [o for o in self.all(resource, parent_id) if resource.id_of(o) != gone] + (
            [after] if after is not None else [])
        self._indexes.pop(key, None)

    @guarded
    def declared_names(self, resource, ids):
        """``ids`` of ``resource`` as a declaration would name them, sorted (diffs, exports): each by its name, or by
        its id where the name is empty or several objects share it (the name would not say which one); an object
        check mode takes for an earlier task's says so."""
        index = self.index(resource)
        named = []
        for object_id in ids:
            item = index.by_id.get(object_id)
            name = resource.name_of(item) if item is not None else None
            shown = "%s" % (name if name and len(index.by_name.get(name, ())) == 1 else object_id)
            named.append(shown + (NOT_YET if getattr(item, "assumed", False) else ""))
        return sorted(named)

    @guarded
    def name_for(self, resource, object_id):
        """The name of the top-level object ``object_id``, from what this task has read; the id itself when no
        object read has it."""
        if (resource.name, None) not in self._lists and not self.reads.has_read(resource):
            return object_id
        item = self.index(resource).by_id.get(object_id)
        return resource.name_of(item) if item is not None else object_id


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
