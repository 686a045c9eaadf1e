# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A whole server in hmp_config's option schema (hmp_config_info, the export role).

Every value comes from the resource descriptions: ``Resource.to_options`` gives the option view of
what HMP returned (so read-only API fields such as ``ctime`` or ``bitrate`` never appear),
``Resource.prune`` drops the fields that do not apply to that kind of object (``latency`` of a UDP
source, ``days`` of a one-time event), and secrets and unset values are left out.  References become
names (session sources, user roles), event start times ISO 8601 UTC text.  Declaring the result with
hmp_config on the server it came from changes nothing: every value is what that server already has,
and a secret left out is not compared.
"""

from __future__ import annotations

from ansible_collections.haivision.hmp.plugins.module_utils._resources import EVENT, SESSION, SOURCE, USER
from ansible_collections.haivision.hmp.plugins.module_utils.engine._values import iso_utc

EXPORTED = (("sources", SOURCE), ("sessions", SESSION), ("users", USER))  # each with its events


def options_of(resource, api_object):
    """The declarable options of ``api_object``, in the description's field order (identity first):
    no secret, no None, nothing that does not apply to that kind of object."""
    options = resource.prune(resource.to_options(api_object))
    return dict((f.option, options[f.option]) for f in resource.fields
                if not f.secret and not f.write_only and options.get(f.option) is not None)


def named_references(resource, options, lookup):
    """The reference fields of ``options`` (ids) as sorted names (an id where a name is empty or shared: a shared
    name would be ambiguous for hmp_config, an id is not)."""
    for field in resource.fields:
        if field.reference is not None and isinstance(options.get(field.option), list):
            options[field.option] = lookup.declared_names(field.reference, options[field.option])
    return options


def event_options(api_object):
    options = options_of(EVENT, api_object)
    start = options.get("start_time")
    if iso_utc(start):
        options["start_time"] = iso_utc(start)
    return options


def _sort_key(value):
    return ("%s" % value).lower(), "%s" % value


def duplicates(values):
    seen, twice = set(), []
    for value in values:
        if value in seen and value not in twice:
            twice.append(value)
        seen.add(value)
    return twice


def secrets_left_out(resource, objects):
    """``{option: [names]}``: the objects whose secret the export leaves out. A write-only secret
    (never returned) is left out of every object; a returned one, of the objects that have one."""
    left_out = {}
    for field in resource.secrets:
        names = [resource.name_of(o) for o in objects if field.write_only or field.read(o)]
        if names:
            left_out[field.option] = sorted(names, key=_sort_key)
    return left_out


def export_server(lookup):
    """Read the server once (sources, sessions and their events, users, roles) and return the
    hmp_config_info result: ``sources``, ``sessions`` (each with ``events``), ``users``, plus
    ``secrets_left_out`` and ``warnings`` (what would not declare back as it is)."""
    read = dict((kind, lookup.all(resource)) for kind, resource in EXPORTED)
    warnings = []

    result = {"changed": False, "secrets_left_out": {}, "warnings": warnings}
    for kind, resource in EXPORTED:
        objects = read[kind]
        exported = []
        for listed in objects:
            one = lookup.complete(resource, listed)  # what the list leaves out (contract: session_fields)
            options = named_references(resource, options_of(resource, one), lookup)
            if resource is SESSION:
                events = [event_options(e) for e in lookup.all(EVENT, SESSION.id_of(one))]
                options["events"] = sorted(events, key=lambda e: _sort_key(e.get("start_time")))
                for start in duplicates(e.get("start_time") for e in events):
                    warnings.append("session %r has several events starting at %s: hmp_config identifies an "
                                    "event by its session and start time, so declare only one of them"
                                    % (options.get("title"), start))
            exported.append(options)
        result[kind] = sorted(exported, key=lambda o: _sort_key(o.get(resource.identity)))
        for name in duplicates(o.get(resource.identity) for o in exported):
            warnings.append("%d %s have the %s %r: hmp_config identifies %s by its %s, so this export cannot "
                            "be declared back as it is; rename all but one of them"
                            % (sum(1 for o in exported if o.get(resource.identity) == name), kind,
                               resource.identity, name, resource.a_name, resource.identity))
        left_out = secrets_left_out(resource, objects)
        if left_out:
            result["secrets_left_out"][kind] = left_out
    return result
