# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``*_info`` modules: one runner (``run_info_module``) and, per module, what it selects and adds.

The runner reads the objects a task asks for (by ``id``, by identity, or narrowed by HMP's ``q``), fills in
what a list leaves out, and returns them under the resource's plural name; a module's ``select`` hook picks
its objects another way (the events of a session), its ``describe`` hook adds what it documents (names
beside ids, readable times).
"""

from __future__ import annotations

from ansible_collections.haivision.hmp.plugins.module_utils.engine._lookup import Lookup
from ansible_collections.haivision.hmp.plugins.module_utils.engine._module import HmpModule
from ansible_collections.haivision.hmp.plugins.module_utils._resources import EVENT, ROLE, SESSION, SOURCE, VIDEO
from ansible_collections.haivision.hmp.plugins.module_utils.engine._values import iso_utc


def run_info_module(resource, options=None, search=True, named=True, select=None, describe=None):
    """The whole of an info module over ``resource``. ``options``: the module's own; ``search``: it takes
    HMP's ``q``; ``named``: it filters by identity; ``select(lookup, params)``: the objects, when they are
    not simply those of the resource's collection; ``describe(objects, lookup, params)``: what the module
    adds to them (it may narrow them), returning the extra result keys or None."""
    spec = {"id": {"type": "str"}}
    if named:
        spec[resource.identity] = {"type": "str"}
    if search:
        spec["q"] = {"type": "str"}
    spec.update(options or {})
    not_empty = [o for o, s in spec.items() if s.get("type") == "str" and not s.get("choices")]
    module = HmpModule(spec, not_empty=not_empty)

    def read(client):
        lookup = Lookup(client)
        objects = (select or selected)(resource, lookup, module.params)
        if named and module.params.get(resource.identity) is not None:
            objects = [o for o in objects if resource.name_of(o) == module.params[resource.identity]]
        for one in objects:
            lookup.complete(resource, one)  # what a list leaves out (contract: session_fields)
        objects = [resource.public(o) for o in objects]
        extra = describe(objects, lookup, module.params) if describe else None
        result = {"changed": False, resource.plural: objects}
        result.update(extra or {})
        return result

    module.run(read)


def selected(resource, lookup, params):
    """By id, else all of them (narrowed by HMP's ``q``)."""
    if params.get("id"):
        found = lookup.by_id(resource, params["id"])
        return [found] if found else []
    if params.get("q"):
        return lookup.client.list(resource.collection(), {"q": params["q"]}, empty_codes=resource.empty_codes)
    return list(lookup.all(resource))


# -- sessions and users ----------------------------------------------------------------------------

def describe_sessions(sessions, lookup, params):
    if any(s.get("sources") for s in sessions):
        lookup.all(SOURCE)  # one read names every member
    for session in sessions:
        session["source_names"] = [lookup.name_for(SOURCE, i) for i in session.get("sources") or []]
        if params.get("events"):
            session["events"] = events_of(lookup, [session])


def describe_users(users, lookup, params):
    roles = lookup.all(ROLE)
    for user in users:
        user["role_names"] = [lookup.name_for(ROLE, i) for i in user.get("roles") or []]
    return {"roles": roles}


# -- events -----------------------------------------------------------------------------------------

def readable_event(event, session):
    """An event with its session's title and its times in ISO 8601 UTC beside the epoch seconds."""
    start, length = event.get("startTime"), event.get("duration")
    end = start + length if iso_utc(start) and isinstance(length, (int, float)) else None
    described = dict(event, session_id=session["id"], session_title=session.get("title"),
                     start_time_utc=iso_utc(start), end_time_utc=iso_utc(end))
    described.pop("title", None)  # the list call's copy of the session title
    return described


def events_of(lookup, sessions):
    lists = lookup.all_of_each(EVENT, [SESSION.id_of(s) for s in sessions])
    return [readable_event(e, s) for s, listed in zip(sessions, lists) for e in listed]


def select_events(resource, lookup, params):
    """The events of one session (title or id) or of every session, optionally just one by id."""
    if params.get("session"):
        sessions = [lookup.resolve(SESSION, params["session"], "session")]
    else:
        sessions = lookup.all(SESSION)
    events = events_of(lookup, sessions)
    return [e for e in events if not params.get("id") or e.get("id") == params["id"]]


# -- recordings ------------------------------------------------------------------------------------

def of_the_named(objects, lookup, params, option, resource, key):
    """``objects`` whose ``key`` is the id of the ``resource`` object ``params[option]`` names (all without it)."""
    if not params.get(option):
        return objects
    wanted = resource.id_of(lookup.resolve(resource, params[option], option))
    return [o for o in objects if o.get(key) == wanted]


def select_recordings(resource, lookup, params):
    """The active recordings (all pages; one session's, or one by id). Reads ``/apis/recordings``
    (Recordings - VIEW) rather than a session's own list, which needs the Sessions - RECORD permission."""
    return of_the_named(selected(resource, lookup, params), lookup, params, "session", SESSION, "session")


def describe_recordings(recordings, lookup, params):
    """Each recording with its session's title and the names of its recorders' sources."""
    if recordings:
        lookup.all(SESSION)  # one read names every session
    if any(r.get("recorders") for r in recordings):
        lookup.all(SOURCE)  # one read names every source
    for recording in recordings:
        recording["session_title"] = lookup.name_for(SESSION, recording.get("session"))
        recording["source_names"] = [lookup.name_for(SOURCE, r.get("source")) for r in recording.get("recorders") or []]


# -- streams -----------------------------------------------------------------------------------------

def select_streams(resource, lookup, params):
    """Every stream, or the one ``id`` names, or those of ``video``."""
    return of_the_named(selected(resource, lookup, params), lookup, params, "video", VIDEO, "asset")


def describe_streams(streams, lookup, params):
    titles = dict((VIDEO.id_of(v), v.get("title")) for v in lookup.all(VIDEO)) if streams else {}
    for stream in streams:
        stream["video_title"] = titles.get(stream.get("asset"))


# -- set-top boxes -----------------------------------------------------------------------------------

def describe_devices(boxes, lookup, params):
    """Set-top boxes narrowed by ``status``, with their last connection in ISO 8601 UTC (HMP says ms)."""
    boxes[:] = [d for d in boxes if not params.get("status") or d.get("status") == params["status"]]
    for box in boxes:
        connected = box.get("lastConnectedAt")
        box["last_connected_utc"] = iso_utc(connected / 1000.0) if isinstance(connected, (int, float)) \
            and not isinstance(connected, bool) and connected > 0 else None
