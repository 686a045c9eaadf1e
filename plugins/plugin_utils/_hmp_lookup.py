# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the lookup plugin ``haivision.hmp.hmp`` reads, and how: everything but Ansible's plugin machinery, so that
it is tested without the plugin loader.

Each kind of object is read by its info module's own ``Module`` (``plugins/modules/hmp_<kind>_info.py``): the same
filters, the same work (select, narrow by identity, complete what a list leaves out, withhold secrets, describe),
so a lookup returns exactly the objects the info module returns, with the same extra keys. ``KINDS`` is made from
those modules; nothing of them is written twice.

The options are read by the collection's one reader of options (``engine/_options.read_options``): the same
input and ``HMP_*`` environment give the same connection, or the same refusal, as a module, the event source
and the inventory plugin. The reads run through ``HmpClient.trusted``: a 404 is an answer only while the login
is known alive. Nothing here writes.
"""

from __future__ import annotations

import importlib
from collections import OrderedDict, namedtuple

from ansible_collections.haivision.hmp.plugins.module_utils.engine._lookup import shared_name
from ansible_collections.haivision.hmp.plugins.module_utils.engine._options import (
    CONNECTION_ARGUMENT_SPEC,
    read_options,
)
from ansible_collections.haivision.hmp.plugins.module_utils.engine._schema import InvalidValue
from ansible_collections.haivision.hmp.plugins.plugin_utils._vault import decrypted

PLUGIN = "haivision.hmp.hmp"
INFO_MODULES = ("hmp_source_info", "hmp_session_info", "hmp_event_info", "hmp_user_info", "hmp_recording_info",
                "hmp_video_info", "hmp_category_info", "hmp_stream_info", "hmp_device_info")

# One kind of objects: its name (the lookup's term, the plural of its resource), its info module's name, and that
# module's ``Module`` (its filters: ``options``; its listing: ``resource``; its reading: ``work``).
Kind = namedtuple("Kind", ("name", "module", "info"))


def _kind(module):
    info = importlib.import_module("ansible_collections.haivision.hmp.plugins.modules.%s" % module).MODULE
    return Kind(info.resource.plural, module, info)


KINDS = OrderedDict((kind.name, kind) for kind in (_kind(module) for module in INFO_MODULES))

# The lookup's own options, the same for every kind.
RETURNS = ("objects", "ids")
ON_MISSING = ("skip", "warn", "error")
OWN_SPEC = {
    "return": {"type": "str", "choices": list(RETURNS), "default": "objects"},
    "on_missing": {"type": "str", "choices": list(ON_MISSING), "default": "skip"},
}


def filter_spec(kind):
    """The filters of ``kind``: its info module's own options."""
    return dict(kind.info.options)


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
        return self.kind.info.resource

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
    given = dict((str(option), decrypted(option, value)) for option, value in (given or {}).items())
    known = _names(argument_spec(kind))
    for option in sorted(given):
        if option not in known:
            raise InvalidValue(unknown_option(kind, option, given[option]))
    asked = dict((o, v) for o, v in given.items() if o in _names(filter_spec(kind)) and v is not None)
    options, connection = read_options(argument_spec(kind), canonical(kind, given), environ)
    kind.info.refuse_empty(options)  # as the info module refuses them
    return Request(kind, options, connection, asked)


# -- the reading -------------------------------------------------------------------------------------

def read(request, client):
    """The objects the request selects, read by its info module's work, in the shape it returns them; a name that
    several of them share is refused."""
    resource = request.resource
    objects = request.kind.info.work(client, request.options, False, False)[resource.plural]
    name = request.options.get(resource.identity) if resource.identity_field().type == "str" else None
    if name is not None and len(objects) > 1:
        option = next((o for o in (resource.identity, "name") if o in request.given), resource.identity)
        raise InvalidValue(shared_name(resource, option, name, objects))
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
