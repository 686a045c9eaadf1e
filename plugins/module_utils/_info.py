# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the ``*_info`` modules add to HMP's objects: names beside ids, readable times."""

from __future__ import annotations

from ansible_collections.haivision.hmp.plugins.module_utils._resources import EVENT, ROLE, SESSION, SOURCE
from ansible_collections.haivision.hmp.plugins.module_utils._values import iso_utc


def readable_event(event, session):
    """An event with its session's title and its times in ISO 8601 UTC beside the epoch seconds."""
    start, length = event.get("startTime"), event.get("duration")
    end = start + length if iso_utc(start) and isinstance(length, (int, float)) else None
    described = dict(event, session_id=session["id"], session_title=session.get("title"),
                     start_time_utc=iso_utc(start), end_time_utc=iso_utc(end))
    described.pop("title", None)  # the list call's copy of the session title
    return described


def events_of(lookup, sessions):
    return [readable_event(e, s) for s in sessions for e in lookup.all(EVENT, s["id"])]


def describe_sessions(result, lookup, params):
    sessions = result[SESSION.plural]
    if any(s.get("sources") for s in sessions):
        lookup.all(SOURCE)  # one read names every member
    for session in sessions:
        session["source_names"] = [lookup.name_for(SOURCE, i) for i in session.get("sources") or []]
        if params.get("events"):
            session["events"] = events_of(lookup, [session])


def describe_users(result, lookup, params):
    roles = lookup.all(ROLE)
    for user in result["users"]:
        user["role_names"] = [lookup.name_for(ROLE, i) for i in user.get("roles") or []]
    result["roles"] = roles


def read_events(lookup, params):
    """The events of one session (title or id) or of every session, optionally just one by id."""
    if params.get("session"):
        sessions = [lookup.resolve(SESSION, params["session"], "session")]
    else:
        sessions = lookup.all(SESSION)
    events = events_of(lookup, sessions)
    if params.get("id"):
        events = [e for e in events if e.get("id") == params["id"]]
    return {"changed": False, EVENT.plural: events}


# -- recordings (hmp_recording_info) -------------------------------------------------------------

RECORDINGS_PATH = "/apis/recordings"
RECORDING_NOT_FOUND = ("040001",)


def read_recordings(lookup, params):
    """The active recordings (all pages; one session's, or one by id), each with its session's title
    and the names of its recorders' sources. Reads ``/apis/recordings`` (Recordings - VIEW) rather than
    a session's own list, which needs the Sessions - RECORD permission."""
    client = lookup.client
    if params.get("id"):
        found = client.get_or_none("%s/%s" % (RECORDINGS_PATH, params["id"]), RECORDING_NOT_FOUND)
        recordings = [found] if found else []
    else:
        recordings = client.list(RECORDINGS_PATH)
    if params.get("session"):
        session_id = SESSION.id_of(lookup.resolve(SESSION, params["session"], "session"))
        recordings = [r for r in recordings if r.get("session") == session_id]
    if recordings:
        lookup.all(SESSION)  # one read names every session
    if any(r.get("recorders") for r in recordings):
        lookup.all(SOURCE)  # one read names every source
    for recording in recordings:
        recording["session_title"] = lookup.name_for(SESSION, recording.get("session"))
        recording["source_names"] = [lookup.name_for(SOURCE, r.get("source"))
                                     for r in recording.get("recorders") or []]
    return {"changed": False, "recordings": recordings}


def describe_devices(result, lookup, params):
    """Set-top boxes narrowed by ``status``, with their last connection in ISO 8601 UTC (HMP says ms)."""
    boxes = [d for d in result["devices"] if not params.get("status") or d.get("status") == params["status"]]
    for box in boxes:
        connected = box.get("lastConnectedAt")
        box["last_connected_utc"] = iso_utc(connected / 1000.0) if isinstance(connected, (int, float)) \
            and not isinstance(connected, bool) and connected > 0 else None
    result["devices"] = boxes
