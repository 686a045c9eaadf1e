# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The recordings of a session as a state machine (contract: recordings, recording_video).

``recording_change`` is pure: it takes the session, its active recordings and what the task asks for,
and returns a ``RecordingChange`` (the ``Step``s to send, each with its effect on the list of active
recordings, and the videos the stops make) or raises ``InvalidValue`` before anything is written.
``ensure_recording`` reads what it needs, runs the steps (nothing in check mode) and builds the result.

A start whose answer never came (no answer, or a 5xx) is read back: the session's active recordings are
listed, and a recording that was not there before the start is the one it made; only when there is none is
the start sent again. Pauses, resumes (PUT) and stops (DELETE) are safe to send again as they are.
"""

from __future__ import annotations

from ansible_collections.haivision.hmp.plugins.module_utils.engine._operations import Step, predict, run
from ansible_collections.haivision.hmp.plugins.module_utils.engine._lookup import Lookup
from ansible_collections.haivision.hmp.plugins.module_utils._resources import RECORDING, SESSION, SOURCE, VIDEO
from ansible_collections.haivision.hmp.plugins.module_utils.engine._schema import InvalidValue

HMP_RECORDING, HMP_PAUSED = "RECORDING", "PAUSED"  # the state of an active recording, as HMP says it
RECORDING_STATES = ("recording", "paused", "stopped")  # hmp_recording's state option


class RecordingChange(object):
    """What one task does to the recordings of one session."""

    def __init__(self, before, steps=(), videos=(), target=None):
        self.before = before  # the active recordings as read
        self.steps = list(steps)
        self.videos = list(videos)  # ids of the videos the task's stops make (or the id already one)
        self.target = target  # id of the recording the task is about (None: the started one, or none)

    @property
    def after(self):
        """The active recordings as they will be (a started one has no id yet)."""
        return predict([dict(r) for r in self.before], self.steps)

    @property
    def changed(self):
        return bool(self.steps)

    @property
    def starts(self):
        return any(step.method == "POST" for step in self.steps)


def _title(session):
    return session.get("title") or session.get("id")


def _ids(recordings):
    return ", ".join(r.get("id", "?") for r in recordings) or "none"


def _name(source_names, source_id):
    return (source_names or {}).get(source_id) or source_id


def _chosen_sources(session, sources, source_names):
    """The ids of ``sources`` (resolved source objects), each a member of ``session``; None for all."""
    if sources is None:
        return None
    if not sources:
        raise InvalidValue("sources: [] names no source; list the sources to record, or leave sources "
                           "out to record every source of the session")
    members = list(session.get("sources") or [])
    ids = []
    for source in sources:
        if source["id"] not in ids:
            ids.append(source["id"])
    strangers = [i for i in ids if i not in members]
    if strangers:
        raise InvalidValue("sources: %s %s not a source of session %r (its sources: %s)" % (
            ", ".join("%r (id %s)" % (_name(source_names, i), i) for i in strangers),
            "is" if len(strangers) == 1 else "are", _title(session),
            ", ".join(_name(source_names, m) for m in members) or "none"))
    return ids


def _one(active, recording_id, session):
    found = next((r for r in active if r.get("id") == recording_id), None)
    if found is None:
        raise InvalidValue("id: session %r has no active recording with the id %r (its active recordings: %s)"
                           % (_title(session), recording_id, _ids(active)))
    return found


def _set_state(recording, state, says):
    recording_id = recording["id"]
    return Step("PUT", RECORDING.item(recording_id), {"state": state}, says,
                effect=lambda active: [dict(r, state=state) if r.get("id") == recording_id else r for r in active])


def _one_to(active, recording_id, session, state, verb):
    """The recording ``recording_id`` names, to ``state`` (unless it is there already)."""
    wanted = _one(active, recording_id, session)
    if wanted.get("state") == state:
        return RecordingChange(active, target=recording_id)
    step = _set_state(wanted, state, "%s recording %s of session %r" % (verb, recording_id, _title(session)))
    return RecordingChange(active, [step], target=recording_id)


def recording_change(session, active, state, recording_id=None, sources=None, video=None, source_names=None):
    """The steps that take the active recordings of ``session`` to ``state``.

    ``active``: the session's active recordings as HMP lists them; ``recording_id``: the one the task
    names, if any; ``sources``: the resolved source objects to record when starting (None: every
    source of the session); ``video``: the video whose id is ``recording_id`` when that is not an
    active recording (read only to stop); ``source_names``: id -> name, for messages.
    """
    if sources is not None and state != "recording":
        raise InvalidValue("sources: %r is used only to start a recording (state: recording), and this task "
                           "asks for state %s" % ([s.get("name", s.get("id")) for s in sources], state))
    active = [dict(r) for r in active or []]
    if state == "recording":
        return _to_recording(session, active, recording_id, sources, source_names)
    if state == "paused":
        return _to_paused(session, active, recording_id)
    return _to_stopped(session, active, recording_id, video)


def _to_recording(session, active, recording_id, sources, source_names):
    chosen = _chosen_sources(session, sources, source_names)
    if recording_id is not None:
        return _one_to(active, recording_id, session, HMP_RECORDING, "resume")
    running = [r for r in active if r.get("state") == HMP_RECORDING]
    if running:
        return RecordingChange(active, target=running[0]["id"])
    paused = [r for r in active if r.get("state") == HMP_PAUSED]
    if paused:
        steps = [_set_state(r, HMP_RECORDING, "resume recording %s of session %r" % (r["id"], _title(session)))
                 for r in paused]
        return RecordingChange(active, steps, target=paused[0]["id"])
    members = list(session.get("sources") or [])
    if not members:
        raise InvalidValue("session: %r has no sources, and HMP records only a session with at least one "
                           "source; add sources to it (hmp_session sources) before starting a recording"
                           % _title(session))
    recorded = chosen if chosen is not None else members
    body = {"recorders": [{"source": i} for i in chosen]} if chosen is not None else {}
    says = "start recording session %r" % _title(session)
    if chosen is not None:
        says += " (sources %s)" % ", ".join(_name(source_names, i) for i in chosen)
    started = {"id": None, "session": session.get("id"), "state": HMP_RECORDING,
               "recorders": [{"source": i, "state": HMP_RECORDING} for i in recorded]}
    step = Step("POST", RECORDING.collection(session["id"]), body, says, effect=lambda before: before + [started],
                makes=True, took_effect=started_recording(session["id"], active))
    return RecordingChange(active, [step])


def started_recording(session_id, active):
    """The ``took_effect`` of a start: after a lost answer, the session's active recording that was not among
    ``active`` (the recordings before the start), or None (then the start is sent again)."""
    before = set(r.get("id") for r in active)

    def took_effect(client):
        listed = client.list(RECORDING.collection(session_id), empty_codes=RECORDING.empty_codes)
        return next((r for r in listed if r.get("id") not in before), None)
    return took_effect


def _to_paused(session, active, recording_id):
    if recording_id is not None:
        return _one_to(active, recording_id, session, HMP_PAUSED, "pause")
    if not active:
        raise InvalidValue("state: session %r has no active recording, so there is nothing to pause; "
                           "start one with state recording" % _title(session))
    running = [r for r in active if r.get("state") == HMP_RECORDING]
    steps = [_set_state(r, HMP_PAUSED, "pause recording %s of session %r" % (r["id"], _title(session)))
             for r in running]
    return RecordingChange(active, steps, target=(running or active)[0]["id"])


def _to_stopped(session, active, recording_id, video):
    if recording_id is None:
        stopping = active
    else:
        stopping = [r for r in active if r.get("id") == recording_id]
        if not stopping:
            if video is not None and not video.get("recording"):  # stopped already: its video is there
                return RecordingChange(active, videos=[recording_id])  # (contract: recordings, recording_video)
            raise InvalidValue("id: %r is neither an active recording of session %r (its active recordings: %s) "
                               "nor a video: stopping a recording that is not there"
                               % (recording_id, _title(session), _ids(active)))
    steps = [_stop(r, session) for r in stopping]
    return RecordingChange(active, steps, videos=[r["id"] for r in stopping])


def _stop(recording, session):
    recording_id = recording["id"]
    return Step("DELETE", RECORDING.item(recording_id), None,
                "stop recording %s of session %r (video %s)" % (recording_id, _title(session), recording_id),
                effect=lambda active: [r for r in active if r.get("id") != recording_id])


# -- the module's work ---------------------------------------------------------------------------

def recording_states(recordings, stopped=()):
    """The diff view: each recording's state by id (a recording still to start shows as ``(new)``)."""
    view = dict((r.get("id") or "(new)", (r.get("state") or "").lower()) for r in recordings)
    for recording_id in stopped:
        view[recording_id] = "stopped"
    return view


def ensure_recording(client, params, check_mode=False, diff_mode=False):
    """Bring the recordings of ``params['session']`` to ``params['state']``; return the module result."""
    lookup = Lookup(client)
    session = lookup.resolve(SESSION, params["session"], "session")
    session_id = SESSION.id_of(session)
    recording_id = params.get("id")
    active = lookup.all(RECORDING, session_id)
    sources, source_names = None, None
    if params.get("sources") is not None:
        sources = [lookup.resolve(SOURCE, s, "sources") for s in params["sources"]]
        source_names = dict((SOURCE.id_of(s), SOURCE.name_of(s)) for s in lookup.all(SOURCE))
    video = None
    if (params["state"] == "stopped" and recording_id is not None
            and not any(r.get("id") == recording_id for r in active)):
        video = lookup.fetch(VIDEO, recording_id)

    change = recording_change(session, active, params["state"], recording_id, sources, video, source_names)
    ran = run(client, change.steps, check_mode)

    target = change.target
    if change.changed and not check_mode:
        target = ran.made or target
        after = client.list(RECORDING.collection(session_id))
    else:
        after = change.after
    recording = None
    if params["state"] != "stopped":
        recording = next((r for r in after if r.get("id") == target), None)
        if recording is None and change.starts and check_mode:
            recording = after[-1]  # the predicted one: no id until HMP makes it
    result = {
        "changed": change.changed,
        "actions": ran.says,
        "recording": recording,
        "recordings": after,
        "videos": change.videos,
    }
    if diff_mode:
        stopped = [s.path.rsplit("/", 1)[-1] for s in change.steps if s.method == "DELETE"]
        result["diff"] = {"before": {"session": _title(session), "recordings": recording_states(change.before)},
                          "after": {"session": _title(session), "recordings": recording_states(after, stopped)}}
    return result
