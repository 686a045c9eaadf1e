# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What each ``*_info`` module selects and adds, as hooks of the one runner (``engine/_module.info_module``):
a ``select`` hook picks a module's objects another way than by id, identity or ``q`` (the events of a
session), a ``describe`` hook adds what it documents (names beside ids, readable times).
"""

from __future__ import annotations

from ansible_collections.haivision.hmp.plugins.module_utils.engine._module import selected
from ansible_collections.haivision.hmp.plugins.module_utils._resources import EVENT, ROLE, SESSION, SOURCE, SYSTEM, USER, VIDEO
from ansible_collections.haivision.hmp.plugins.module_utils.engine._values import category_values, iso_utc
from ansible_collections.haivision.hmp.plugins.module_utils.features._stream import video_titles


# -- sessions and users ----------------------------------------------------------------------------

def describe_references(objects, lookup, resource):
    """The names beside the ids each reference field holds (``source_names`` beside a session's ``sources``,
    ``role_names`` beside a user's ``roles``): one read of the referenced list names every one."""
    for field in resource.fields:
        if field.reference is None:
            continue
        if any(o.get(field.api) for o in objects):
            lookup.all(field.reference)
        for one in objects:
            one["%s_names" % field.reference.name] = [lookup.name_for(field.reference, i) for i in one.get(field.api) or []]


def describe_sessions(sessions, lookup, params):
    describe_references(sessions, lookup, SESSION)
    if params.get("events"):
        for session in sessions:
            session["events"] = events_of(lookup, [session])


def describe_users(users, lookup, params):
    """Users with the names of their roles; narrowed to those that hold ``role`` (read, then filtered: HMP's
    list of users takes no filter)."""
    roles = lookup.all(ROLE)
    if params.get("role"):
        role_id = ROLE.id_of(lookup.resolve(ROLE, params["role"], "role"))
        users[:] = [u for u in users if role_id in (u.get("roles") or [])]
    describe_references(users, lookup, USER)
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
    """The events of one session (title or id) or of every session, narrowed to ``id`` and to ``start_time``:
    read, then filtered (HMP's lists of events take no filter). A bad start time fails before any read."""
    start = EVENT.identity_field().canonical(params.get("start_time"))
    if params.get("session"):
        sessions = [lookup.resolve(SESSION, params["session"], "session")]
    else:
        sessions = lookup.all(SESSION)
    events = events_of(lookup, sessions)
    return [e for e in events if (not params.get("id") or e.get("id") == params["id"])
            and (start is None or EVENT.name_of(e) == start)]


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
    titles = video_titles(lookup) if streams else {}
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


# -- videos: by session and category values. A video's category values are metadata entries
# ``calypso:category:<label>`` (contract: categories), read with one request per video, and only for the videos
# the other filters left.

CATEGORY_PREFIX = "calypso:category:"


def metadata_of(client, video_id):
    return client.get_or_none("%s/metadata" % VIDEO.item(video_id), VIDEO.empty_codes) or []  # none: NoResults


def field_value(field):
    for key in ("valueString", "valueInt32", "valueUint32"):
        if key in field:
            return field[key]
    return None


def categories_of(metadata):
    """``{label: [values]}`` from a video's metadata entries."""
    found = {}
    for entry in metadata:
        name = entry.get("name") or ""
        if name.startswith(CATEGORY_PREFIX):
            values = [field_value(f) for f in entry.get("field") or []]
            found.setdefault(name[len(CATEGORY_PREFIX):], []).extend(v for v in values if v is not None)
    return found


def has_categories(categories, wanted):
    """For every label of ``wanted``, the video holds one of its values (case-insensitive), or any
    value when the list is empty."""
    for label, values in wanted.items():
        held = [str(v).lower() for v in categories.get(label) or []]
        if not held or (values and not set(held) & set(values)):
            return False
    return True


def server_version(client):
    """The server's ``{version, build}``: ``{}`` before HMP 4.0, which has no version call (contract: version)."""
    return client.get_or_none(SYSTEM.item("version"), SYSTEM.not_found) or {}


def select_videos(resource, lookup, params):
    """The videos of a session, narrowed to ``id`` and to what HMP's ``q`` finds; without a session, as every info
    module selects (``selected``)."""
    if params.get("categories") is not None:
        category_values("categories", params["categories"])  # refused before anything is read
    if not params.get("session"):
        return selected(resource, lookup, params)
    client = lookup.client
    session = lookup.resolve(SESSION, params["session"], "session")
    videos = client.list("%s/assets" % SESSION.item(SESSION.id_of(session)), empty_codes=VIDEO.empty_codes)
    if params.get("id"):
        videos = [v for v in videos if VIDEO.id_of(v) == params["id"]]
    if params.get("q") and videos:  # HMP searches the whole collection
        found = client.list(VIDEO.collection(), {"q": params["q"]}, empty_codes=VIDEO.empty_codes)
        hits = set(VIDEO.id_of(v) for v in found)
        videos = [v for v in videos if VIDEO.id_of(v) in hits]
    return videos


def describe_videos(videos, lookup, params):
    """``categories`` (and ``metadata``) of each video, when the task filters by category or asks for
    metadata; only the videos that hold the categories asked for stay."""
    wanted = category_values("categories", params["categories"]) if params.get("categories") is not None else None
    if wanted is not None or params.get("metadata"):
        for video in videos:
            metadata = metadata_of(lookup.client, VIDEO.id_of(video))
            video["categories"] = categories_of(metadata)
            if params.get("metadata"):
                video["metadata"] = metadata
    if wanted is not None:
        videos[:] = [v for v in videos if has_categories(v["categories"], wanted)]
