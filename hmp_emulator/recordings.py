"""Recordings: start under a session, pause/resume, stop into a video (contract: recordings, recording_video)."""
import time
from datetime import datetime, timezone

from . import errors, fields, sessions, videos
from .api import behaviour, body, created, current_user, empty, listing, new_id, now, ok, route, state
from .fields import IGNORED, IMMUTABLE, optional

STATES = ("RECORDING", "PAUSED")
STATE_MESSAGE = "State should be either'RECORDING' or PAUSED'"  # printed verbatim by HMP

START_FIELDS = {"recorders": optional("list"),
                **{k: IMMUTABLE for k in ("id", "session", "username", "title")},
                **{k: IGNORED for k in ("state", "duration", "ctime")}}
EDIT_FIELDS = {"state": optional("str"), "recorders": IGNORED,
               **{k: IMMUTABLE for k in ("id", "session", "username", "title")},
               **{k: IGNORED for k in ("duration", "ctime")}}


def duration(rec):
    d = rec["duration"]
    if rec["state"] == "RECORDING" and rec.get("runningSince") is not None:
        d += time.time() - rec["runningSince"]
    return round(d, 3)


def view(rec):
    return {"id": rec["id"], "session": rec["session"], "username": rec["username"],
            "state": rec["state"], "duration": duration(rec),
            "recorders": [{**r, "state": rec["state"]} for r in rec["recorders"]],
            "ctime": rec["ctime"], "title": rec["title"]}


def to_seed(st, rec):
    return dict(rec, recorders=[dict(r) for r in rec["recorders"]])


def _recorders(st, rec_id, sources):
    out = []
    for i, src in enumerate(sources):
        st.recorder_seq += 1
        out.append({"source": src, "chunk": f"asset-chunk://{rec_id}/{i + 3}/0/0", "id": str(st.recorder_seq)})
    return out


def _title(session_title, t):
    return f"{session_title} - {datetime.fromtimestamp(t, timezone.utc).strftime('%d/%m/%Y, %H:%M')}"


def from_seed(st, obj):
    sid = st.resolve("session", st.sessions, obj.get("session"), "title")
    rec_id = obj.get("id") or new_id()
    state_ = obj.get("state", "RECORDING")
    if state_ not in STATES:
        raise errors.INPUT_VALIDATION(STATE_MESSAGE)
    t = obj.get("ctime", now())
    members = [m["sourceId"] for m in st.session_sources.get(sid, [])]
    recs = obj.get("recorders")
    recs = [dict(r) for r in recs] if recs else _recorders(st, rec_id, members)
    for r in recs:
        if r["id"].isdigit():
            st.recorder_seq = max(st.recorder_seq, int(r["id"]))
    running = obj.get("runningSince", time.time() if state_ == "RECORDING" else None)
    st.recordings[rec_id] = {
        "id": rec_id, "session": sid, "username": obj.get("username", st.admin["username"]),
        "state": state_, "duration": float(obj.get("duration", 0)), "recorders": recs, "ctime": t,
        "title": obj.get("title") or _title(st.sessions[sid]["title"], t),
        "runningSince": running if state_ == "RECORDING" else None}


def sync_videos(st):
    """V3 b lists the video of every running recording from its start; V3 a none of them
    (contract: recording_video). Run after a seed or a variant change."""
    for rec in st.recordings.values():
        video = st.videos.get(rec["id"])
        if st.behaviour.video_while_recording and video is None:
            videos.from_recording(st, rec, 0, recording=True)
        elif not st.behaviour.video_while_recording and video is not None and video["recording"]:
            videos.remove(st, rec["id"])


def get_recording(st, rid):
    if rid not in st.recordings:
        raise errors.RECORDING_NOT_FOUND()
    return st.recordings[rid]


@route("/apis/sessions/<sessionId>/recordings", "GET", perm="Sessions - RECORD", dead_login=errors.NO_RESULTS)
def list_session_recordings(sessionId):
    st = state()
    sessions.get_session(st, sessionId)
    return listing([view(r) for r in st.recordings.values() if r["session"] == sessionId])


@route("/apis/sessions/<sessionId>/recordings", "POST", perm="Sessions - RECORD")
def start_recording(sessionId):
    st = state()
    session = sessions.get_session(st, sessionId)
    v = fields.validate(body({}), START_FIELDS)
    members = [m["sourceId"] for m in st.session_sources.get(sessionId, [])]
    chosen = members
    if v.get("recorders") is not None:
        wanted = []
        for i, r in enumerate(v["recorders"]):
            if not isinstance(r, dict) or not isinstance(r.get("source"), str):
                raise errors.INPUT_VALIDATION(f"recorders[{i}].source must be a string")
            wanted.append(r["source"])
        chosen = [m for m in members if m in wanted]  # non-members are silently skipped
    if not chosen:
        raise errors.SESSION_HAS_NO_SOURCE()
    rec_id, t = new_id(), now()
    st.recordings[rec_id] = {
        "id": rec_id, "session": sessionId, "username": current_user()["username"],
        "state": "RECORDING", "duration": 0.0, "recorders": _recorders(st, rec_id, chosen),
        "ctime": t, "title": _title(session["title"], t), "runningSince": time.time()}
    if behaviour().video_while_recording:
        videos.from_recording(st, st.recordings[rec_id], 0, recording=True)
    return created(view(st.recordings[rec_id]))


@route("/apis/recordings", "GET", perm="Recordings - VIEW", dead_login=errors.NO_RESULTS)
def list_recordings():
    return listing([view(r) for r in state().recordings.values()])


@route("/apis/recordings/<recordingId>", "GET", perm="Recordings - VIEW")
def get_one(recordingId):
    return ok(view(get_recording(state(), recordingId)))


@route("/apis/recordings/<recordingId>", "PUT", perm="Recordings - RECORD")
def pause_resume(recordingId):
    st = state()
    rec = get_recording(st, recordingId)
    v = fields.validate(body({}), EDIT_FIELDS, view(rec))
    target = v.get("state")
    if target not in STATES:
        raise errors.INPUT_VALIDATION(STATE_MESSAGE)
    if target != rec["state"]:  # a same-state PUT is a no-op (contract: recordings)
        rec["duration"] = duration(rec)
        rec["state"] = target
        rec["runningSince"] = time.time() if target == "RECORDING" else None
    return ok(view(rec))


@route("/apis/recordings/<recordingId>", "DELETE", perm="Recordings - RECORD")
def stop(recordingId):
    st = state()
    rec = st.recordings.pop(get_recording(st, recordingId)["id"])
    videos.recording_stopped(st, rec, duration(rec))  # same id as the recording (contract: recordings)
    return empty()
