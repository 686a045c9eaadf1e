# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The vocabulary of the resource descriptions: ``Field``, ``Membership`` and ``Resource``.

A ``Field`` maps one module option to one place in an HMP object (a key, a dotted path, or a pair
of read/write functions for compound values), with its type, normalisation and checks.  A
``Resource`` lists its fields, endpoints, identity and the rules that tie fields together.
Nothing here talks HTTP or decides to write.
"""

from __future__ import annotations


class InvalidValue(Exception):
    """A value the task gave that HMP would refuse or that would make the run not idempotent."""


def get_path(api_object, path):
    """``api_object["a"]["b"]`` for the path ``a.b``; None where a level is missing."""
    value = api_object
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def has_path(api_object, path):
    """Whether ``api_object`` carries the key at ``path`` (``a.b``), whatever its value."""
    value = api_object
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return False
        value = value[part]
    return True


def put_path(body, path, value):
    parts = path.split(".")
    for part in parts[:-1]:
        body = body.setdefault(part, {})
    body[parts[-1]] = value


def _same(value):
    return value


class Membership(object):
    """Members kept in a sub-collection: POST ``{item}/{path}`` ``{key: id}``, DELETE ``{item}/{path}/{id}``."""

    def __init__(self, path, key, limit=None):
        self.path = path
        self.key = key
        self.limit = limit


class Busy(object):
    """Work in progress that HMP says blocks a delete or a membership change (e.g. a recording).

    While ``flag`` is true on the object, the engine lists ``{item}/{path}`` and refuses the change,
    naming what it found, before sending any write; without a ``path``, the object itself is the work in
    progress (a video listed while it is still being recorded).  Without a ``flag`` (HMP shows nothing on
    the object, e.g. a video being streamed), the engine lists ``{item}/{path}`` before every such change
    and refuses only when it finds something.
    """

    def __init__(self, flag, path, what):
        self.flag = flag
        self.path = path
        self.what = what


class Field(object):
    """One module option and the place in the HMP object behind it."""

    def __init__(self, option, api=None, type="str", elements=None, choices=None, secret=False,
                 check=None, normalize=None, to_api=_same, from_api=_same, only_for=None,
                 reference=None, membership=None, write_only=False, create_only=False,
                 read=None, write=None, display=None, writes=None):
        self.option = option
        self.api = api or option
        # the top-level keys of the HMP object this field reads and writes (a compound field may write several)
        self.keys = tuple(writes or (self.api.split(".")[0],))
        self.type = type
        self.elements = elements
        self.choices = choices
        self.secret = secret
        self.check = check
        self.normalize = normalize  # (option, value) -> the canonical option value, or InvalidValue
        self.to_api = to_api
        self.from_api = from_api
        self.only_for = only_for  # (option, value): the field exists only on such objects
        self.reference = reference  # the Resource whose names or ids the values are
        self.membership = membership  # written through a sub-collection, not the object's body
        self.write_only = write_only  # HMP never returns it: never compared
        self.create_only = create_only  # sent when creating, never in an update
        self._read = read
        self._write = write
        self._display = display  # value -> readable text for messages (None: not readable that way)

    def argument_spec(self):
        spec = {"type": self.type}
        if self.elements:
            spec["elements"] = self.elements
        if self.choices:
            spec["choices"] = list(self.choices)
        if self.secret:
            spec["no_log"] = True
        return spec

    def read(self, api_object):
        if self._read:
            return self._read(api_object)
        return self.from_api(get_path(api_object, self.api))

    def write(self, body, value):
        if self._write:
            self._write(body, value)
        else:
            put_path(body, self.api, self.to_api(value))

    def reported(self, api_object):
        """Whether HMP's answer carries this field at all (a missing key is not a value)."""
        return has_path(api_object, self.api)

    def applies(self, options):
        return self.only_for is None or options.get(self.only_for[0]) == self.only_for[1]

    def readable(self, value, quoted=False):
        """``value`` for people: the field's own display when it has one (an event's start as ISO 8601 UTC rather
        than epoch seconds), else the value itself (diffs), or its repr in a message (``quoted``)."""
        text = self._display(value) if self._display is not None and value is not None else None
        if text is not None:
            return text
        return repr(value) if quoted else value

    def canonical(self, value, option=None):
        """The task's value in the form it is compared in; checks it on the way. ``option`` names it in
        messages when another option gives this field's value (``new_title`` for ``title``)."""
        if value is None:
            return None
        option = option or self.option
        if self.normalize:
            value = self.normalize(option, value)
        if self.check:
            self.check(option, value)
        return value


class Resource(object):
    """An HMP resource type: its endpoints, identity, fields and cross-field rules.

    ``collection`` may hold ``{parent}`` for objects that live under another one (events under a
    session); ``parent`` is then the option that names that object and ``parent_resource`` its type.
    Objects listed both on their own and under a parent, but always reached by their own path (a
    session's recordings), have ``collection`` for their own list and ``under`` for the parent's.
    """

    def __init__(self, name, plural, collection, identity, fields, not_found, required=(), rules=(),
                 parent=None, parent_resource=None, constant=None, defaults=None, busy=None,
                 login_identity=False, id_key="id", empty_codes=("040012",), creatable=True,
                 made_by=None, rename=None, read_only=(), built_in=(), under=None, copyable=False,
                 secret_keys=()):
        self.name = name
        self.plural = plural
        self.collection_template = collection
        self.under = under
        self.identity = identity
        self.fields = tuple(fields)
        self.not_found = tuple(not_found)
        self.required = tuple(required)
        self.rules = tuple(rules)
        self.parent = parent
        self.parent_resource = parent_resource
        self.children = ()  # the resources that live under objects of this one (a session's events)
        if parent_resource is not None:
            parent_resource.children += (self,)
        self.constant = dict(constant or {})  # sent in every body, e.g. an event's "module"
        self.defaults = dict(defaults or {})  # options HMP requires that a task may leave out at creation
        # Busy descriptions: work in progress that blocks deleting the object or changing its members
        self.busy = tuple(busy or ())
        self.login_identity = login_identity  # the identity is a login name: never delete the caller's own
        self.id_key = id_key  # set-top boxes say "_id"
        self.empty_codes = tuple(empty_codes)  # the 404 codes that mean an empty collection (contract: empty_list)
        self.creatable = creatable  # False: the module finds, changes and deletes, but never creates
        self.made_by = made_by  # how HMP makes the objects a module cannot create ("recording sessions")
        self.rename = rename  # an option ("new_title") that gives the identity a new value
        self.copyable = copyable  # takes copy_from: an existing object's settings fill what a task leaves out
        self.read_only = frozenset(read_only)  # keys HMP reports but never takes: not sent back in an update
        self.built_in = frozenset(built_in)  # identities of objects HMP itself made: never purged
        # every key of an HMP object that holds a secret: the secret fields', and those HMP returns that no option
        # sets (a set-top box's PIN). No result, diff, message, export, event or inventory variable shows them.
        self.secret_keys = tuple(f.api for f in self.fields if f.secret) + tuple(secret_keys)
        self.by_option = dict((f.option, f) for f in self.fields)
        self.managed_keys = frozenset(k for f in self.fields for k in f.keys) | frozenset(self.constant)

    @property
    def a_name(self):
        return ("an " if self.name[0] in "aeiou" else "a ") + self.name

    def collection(self, parent_id=None):
        if self.under and parent_id is not None:
            return self.under.format(parent=parent_id)
        return self.collection_template.format(parent=parent_id)

    def item(self, object_id, parent_id=None):
        return "%s/%s" % (self.collection(None if self.under else parent_id), object_id)

    @property
    def secrets(self):
        return tuple(f for f in self.fields if f.secret)

    @property
    def memberships(self):
        return tuple(f for f in self.fields if f.membership)

    def identity_field(self):
        return self.by_option[self.identity]

    def updates_secrets(self, params):
        """Whether a task's ``update_<option>: always`` asks to send a write-only secret again."""
        return any(params.get("update_" + f.option) == "always" for f in self.fields if f.write_only)

    def argument_spec(self):
        spec = dict((f.option, f.argument_spec()) for f in self.fields)
        if self.rename:
            spec[self.rename] = self.identity_field().argument_spec()
        for field in self.fields:
            if field.write_only:
                spec["update_" + field.option] = {"type": "str", "choices": ["on_create", "always"],
                                                  "default": "on_create", "no_log": False}
        return spec

    def to_options(self, api_object):
        """The option view of an object HMP returned (what it lacks maps to None)."""
        return dict((f.option, None if f.write_only else f.read(api_object)) for f in self.fields)

    def to_api(self, options, create=False, current=None):
        """The complete API body for ``options`` (HMP's PUT may reset what a body leaves out, contract:
        put_semantics). An update starts from ``current``, the object as HMP reported it, so that what
        the description does not manage (a session's distribution policies, say) is sent back unchanged."""
        body = dict(self.constant)
        if current is not None and not create:
            body.update((k, v) for k, v in current.items()
                        if k not in self.managed_keys and k not in self.read_only and k != self.id_key)
        for field in self.fields:
            value = options.get(field.option)
            if value is None or field.membership or not field.applies(options):
                continue
            if (field.write_only or field.create_only) and not create:
                continue
            field.write(body, value)
        return body

    def unreported(self, api_object):
        """The options whose field applies to ``api_object`` but that HMP's answer left out."""
        return tuple(f.option for f in self.compared() if not f.reported(api_object)
                     and (f.only_for is None or self.option_of(api_object, f.only_for[0]) == f.only_for[1]))

    def option_of(self, api_object, option):
        """One option of an object HMP returned, as ``to_options`` gives it."""
        field = self.by_option[option]
        return None if field.write_only else field.read(api_object)

    def compared(self):
        """The fields whose current value can be read and compared."""
        return tuple(f for f in self.fields if not f.write_only)

    def prune(self, options):
        """``options`` without the values of fields that do not apply to that kind of object."""
        return dict((k, v) for k, v in options.items() if self.by_option[k].applies(options))

    def shown(self, options):
        """The identity of the object ``options`` describe, as messages show it."""
        return self.identity_field().readable(options.get(self.identity), quoted=True)

    def validate(self, options, create=False):
        """Check how the values fit together (and, to create, that nothing required is missing)."""
        for option, value in options.items():
            field = self.by_option[option]
            if value not in (None, "") and not field.applies(options):
                key, wanted = field.only_for
                raise InvalidValue("%s: %s applies only when %s is %s, and %s %s has %s %s"
                                   % (option, field.readable(value, quoted=True), key, wanted, self.name, self.shown(options),
                                      key, options.get(key)))
        for option in self.required if create else ():
            if options.get(option) is None:
                raise InvalidValue("%s: required to create %s %s" % (option, self.name, self.shown(options)))
        for rule in self.rules:
            rule(options)

    def public(self, api_object):
        """``api_object`` without its secrets, fit for results and logs."""
        if api_object is None:
            return None
        return dict((k, v) for k, v in api_object.items() if k not in self.secret_keys)

    def id_of(self, api_object):
        return api_object.get(self.id_key) if api_object else None

    def name_of(self, api_object):
        return self.identity_field().read(api_object)
