# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the lookup plugin ``haivision.hmp.hmp`` reads, and how: everything but Ansible's plugin machinery, so that
it is tested without the plugin loader.

Each kind of object is read as its info module reads it: the same filters, the same ``select`` and ``describe``
hooks (``features/_info.py``) around the same steps as ``engine/_module.run_info_module`` (select, narrow by
identity, complete what a list leaves out, withhold secrets with ``Resource.public``, describe), so a lookup
returns the objects the info module returns, with the same extra keys. ``KINDS`` says, kind by kind, what each
info module passes to ``run_info_module`` (tests/unit/test_lookup_hmp.py holds the two together).

The options are read by the collection's one reader of options (``engine/_options.read_options``): the same
input and ``HMP_*`` environment give the same connection, or the same refusal, as a module, the event source
and the inventory plugin. The reads run through ``HmpClient.trusted``: a 404 is an answer only while the login
is known alive. Nothing here writes.
"""

from __future__ import annotations

from collections import OrderedDict, namedtuple

from ansible.errors import AnsibleError

from ansible_collections.haivision.hmp.plugins.module_utils.engine._lookup import Lookup
from ansible_collections.haivision.hmp.plugins.module_utils.engine._module import selected
from ansible_collections.haivision.hmp.plugins.module_utils.engine._options import (
    CONNECTION_ARGUMENT_SPEC,
    read_options,
)
from ansible_collections.haivision.hmp.plugins.module_utils.engine._schema import InvalidValue
from ansible_collections.haivision.hmp.plugins.module_utils.features._device import BOX_STATUSES
from ansible_collections.haivision.hmp.plugins.module_utils.features._info import (
    describe_devices,
    describe_recordings,
    describe_sessions,
    describe_streams,
    describe_users,
    describe_videos,
    select_events,
    select_recordings,
    select_streams,
    select_videos,
)
from ansible_collections.haivision.hmp.plugins.module_utils._resources import (
    CATEGORY,
    DEVICE,
    EVENT,
    RECORDING,
    SESSION,
    SOURCE,
    STREAM,
    USER,
    VIDEO,
)

PLUGIN = "haivision.hmp.hmp"

# One kind of objects: its name (the lookup's term), its resource, and what its info module (``module``) gives
# run_info_module: its own ``options``, whether it takes HMP's ``q`` (``search``) and filters by identity
# (``named``), and its ``select`` and ``describe`` hooks.
Kind = namedtuple("Kind", ("name", "resource", "options", "search", "named", "select", "describe", "module"))

KINDS = OrderedDict((kind.name, kind) for kind in (
    Kind("sources", SOURCE, {}, True, True, None, None, "hmp_source_info"),
    Kind("sessions", SESSION, {"events": {"type": "bool", "default": False}}, True, True, None, describe_sessions,
         "hmp_session_info"),
    Kind("events", EVENT, {"session": {"type": "str"}}, False, False, select_events, None, "hmp_event_info"),
    Kind("users", USER, {}, False, True, None, describe_users, "hmp_user_info"),
    Kind("recordings", RECORDING, {"session": {"type": "str"}}, False, False, select_recordings, describe_recordings,
         "hmp_recording_info"),
    Kind("videos", VIDEO, {"session": {"type": "str"}, "categories": {"type": "dict"},
                           "metadata": {"type": "bool", "default": False}}, True, True, select_videos,
         describe_videos, "hmp_video_info"),
    Kind("categories", CATEGORY, {"label": {"type": "str", "aliases": ["name"]}}, False, True, None, None,
         "hmp_category_info"),
    Kind("streams", STREAM, {"video": {"type": "str"}}, False, False, select_streams, describe_streams,
         "hmp_stream_info"),
    Kind("devices", DEVICE, {"status": {"type": "str", "choices": list(BOX_STATUSES)}}, False, True, None,
         describe_devices, "hmp_device_info"),
))

# The lookup's own options, the same for every kind.
RETURNS = ("objects", "ids")
ON_MISSING = ("skip", "warn", "error")
OWN_SPEC = {
    "return": {"type": "str", "choices": list(RETURNS), "default": "objects"},
    "on_missing": {"type": "str", "choices": list(ON_MISSING), "default": "skip"},
}


def filter_spec(kind):
    """The filters of ``kind``, as ``run_info_module`` makes its info module's options."""
    spec = {"id": {"type": "str"}}
    if kind.named:
        spec[kind.resource.identity] = {"type": "str"}
    if kind.search:
        spec["q"] = {"type": "str"}
    spec.update(kind.options)
    return spec


def argument_spec(kind):
    """Every option the lookup takes for ``kind``: the connection options, its own, the kind's filters."""
    spec = dict(CONNECTION_ARGUMENT_SPEC)
    spec.update(OWN_SPEC)
    spec.update(filter_spec(kind))
    return spec


def _names(spec):
    """The option names of ``spec`` with their aliases."""
    names = set(spec)
    for option in spec.values():
        names.update(option.get("aliases") or ())
    return names


def filters_of(kind):
    return sorted(_names(filter_spec(kind)))


def _listed(names):
    names = list(names)
    return names[0] if len(names) == 1 else "%s and %s" % (", ".join(names[:-1]), names[-1])


class Request(object):
    """One lookup, read: its ``kind``, its ``options`` (typed, with their defaults), its ``connection``, and
    ``given``, the filters the input gave (which say what was asked for)."""

    def __init__(self, kind, options, connection, given):
        self.kind = kind
        self.options = options
        self.connection = connection
        self.given = given

    @property
    def resource(self):
        return self.kind.resource

    def selection(self):
        """What was asked for, as a message says it: ``title='Morning show'``, or nothing."""
        filters = filter_spec(self.kind)
        shown = []
        for option in sorted(filters):
            value = self.options.get(option)
            if value is None or value == filters[option].get("default"):
                continue
            shown.append("%s=%r" % (option, value))
        return ", ".join(shown)


# -- the options -----------------------------------------------------------------------------------

def kind_of(terms):
    """The kind the lookup's terms name: exactly one term, one of ``KINDS``."""
    terms = list(terms or ())
    if not terms:
        raise InvalidValue("_terms: give the kind of objects to read, one of %s" % ", ".join(sorted(KINDS)))
    if len(terms) > 1:
        raise InvalidValue("_terms: give one kind of objects per lookup, not %d (%s)"
                           % (len(terms), ", ".join(repr(str(t)) for t in terms)))
    term = terms[0]
    if not isinstance(term, str) or term not in KINDS:
        raise InvalidValue("_terms: %r is not a kind of objects this lookup reads; the kinds are %s"
                           % (term, ", ".join(sorted(KINDS))))
    return KINDS[term]


def plain(option, value):
    """``value`` as the reader takes it: an encrypted text (an inline vault value) decrypted to a text."""
    if value is None or isinstance(value, (str, bool, int, float, list, dict)):
        return value
    try:
        return str(value)
    except AnsibleError as error:  # a vaulted value without its vault secret, say
        raise InvalidValue("%s: %s" % (option, error.message))


def unknown_option(kind, option, value):
    """The refusal of an option ``kind`` does not take: a filter of other kinds names them (and the value);
    any other option is named without its value, which may be a misspelt secret."""
    theirs = [k.name for k in KINDS.values() if option in _names(filter_spec(k))]
    if theirs:
        return ("%s: not a filter of %s (their filters are %s); %s=%r filters %s"
                % (option, kind.name, ", ".join(filters_of(kind)), option, value, _listed(theirs)))
    return ("%s: not an option of %s (the value given is not shown); the filters of %s are %s, and every kind "
            "takes %s and the connection options %s"
            % (option, PLUGIN, kind.name, ", ".join(filters_of(kind)), _listed(sorted(OWN_SPEC)),
               ", ".join(sorted(CONNECTION_ARGUMENT_SPEC))))


def canonical(kind, given):
    """``given`` with each alias of a filter under the filter's own name (``name`` of a category is its ``label``)."""
    given = dict(given)
    for option, spec in filter_spec(kind).items():
        for alias in spec.get("aliases") or ():
            if alias not in given:
                continue
            if given.get(option) is not None and given[alias] is not None:
                raise InvalidValue("%s and %s: the same filter of %s, given twice; give one"
                                   % (option, alias, kind.name))
            value = given.pop(alias)
            if given.get(option) is None:
                given[option] = value
    return given


def read_request(terms, given, environ=None):
    """The lookup's terms and keyword options read: a ``Request``; InvalidValue names the term or option and the
    value refused (never a secret's value). The options go through the collection's one reader of options."""
    kind = kind_of(terms)
    given = dict((str(option), plain(option, value)) for option, value in (given or {}).items())
    known = _names(argument_spec(kind))
    for option in sorted(given):
        if option not in known:
            raise InvalidValue(unknown_option(kind, option, given[option]))
    asked = dict((o, v) for o, v in given.items() if o in _names(filter_spec(kind)) and v is not None)
    options, connection = read_options(argument_spec(kind), canonical(kind, given), environ)
    for option, spec in sorted(filter_spec(kind).items()):  # as run_info_module refuses them
        value = options.get(option)
        if spec.get("type") == "str" and not spec.get("choices") and isinstance(value, str) and not value.strip():
            raise InvalidValue("%s: %r is empty, and an empty %s names nothing" % (option, value, option))
    return Request(kind, options, connection, asked)


# -- the reading -------------------------------------------------------------------------------------

def ambiguous(resource, option, value, objects):
    """The refusal of a name that several of the objects found share (the words of ``Lookup.named``)."""
    return InvalidValue("%s: %d %s have the %s %s (ids %s); give the id of the one you mean"
                        % (option, len(objects), resource.plural, resource.identity,
                           resource.identity_field().readable(value, quoted=True),
                           ", ".join(sorted("%s" % resource.id_of(o) for o in objects))))


def read(request, client):
    """The objects the request selects, in the shape its info module returns them (the steps of
    ``run_info_module``); a name that several of them share is refused."""
    kind, params, resource = request.kind, request.options, request.resource
    lookup = Lookup(client)
    objects = (kind.select or selected)(resource, lookup, params)
    name = params.get(resource.identity) if kind.named else None
    if name is not None:
        objects = [o for o in objects if resource.name_of(o) == name]
    objects = [resource.public(lookup.complete(resource, o)) for o in objects]
    if kind.describe:
        kind.describe(objects, lookup, params)  # adds what the info module adds (it may narrow them)
    if name is not None and len(objects) > 1:
        option = next((o for o in (resource.identity, "name") if o in request.given), resource.identity)
        raise ambiguous(resource, option, name, objects)
    return objects


def answer(request, client):
    """What the lookup returns, read through ``client`` (``HmpClient.trusted``: the reads are done again under a
    fresh login when a 404 came under one that had ended), and the warning to show, or None."""
    objects = client.trusted(lambda c: read(request, c))
    warning = None
    if not objects:
        asked = request.selection()
        missing = "%s: %s on %s" % (request.kind.name, "no %s matches %s" % (request.resource.name, asked) if asked
                                    else "there are none", request.connection.url)
        on_missing = request.options.get("on_missing")
        if on_missing == "error":
            raise InvalidValue("%s (on_missing=error)" % missing)
        if on_missing == "warn":
            warning = "%s; the lookup returns an empty list" % missing
    if request.options.get("return") == "ids":
        return [request.resource.id_of(o) for o in objects], warning
    return objects, warning
