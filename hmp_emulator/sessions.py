"""Sessions: CRUD, videos of a session, metadata and source membership.

(contract: sessions, session_fields, session_sources, busy_session.)
"""
from . import errors, fields, metadata, videos
from .api import (behaviour, body, created, current_user, empty, listing, new_id, now, ok, route,
                  search, state)
from .fields import IGNORED, IMMUTABLE, non_empty, optional, required

MAX_SOURCES = 4

FIELDS = {
    "title": required("str", check=non_empty),
    "description": optional("str", default=""),
    "active": optional("bool", default=False),
    "syncrecord": optional("bool", default=False),
    "distributionPolicies": optional("str_list", default=list),
    "id": IMMUTABLE,
    # "sources" is read-only: membership changes only through /sources
    **{k: IGNORED for k in ("ctime", "mtime", "duration", "movieTrackCount", "recording", "sources")},
}
PLAYER_FIELDS = {"showExternalPlayer": optional("bool", default=False),
                 "externalPlayerLinkActive": optional("bool", default=False)}
SEED_FIELDS = {**FIELDS, **PLAYER_FIELDS}  # a seed may carry every stored field, whatever the variant


def body_fields():
    """The fields a session body may carry: V4 b adds the external player's two."""
    return {**FIELDS, **{k: PLAYER_FIELDS[k] for k in behaviour().session_body_fields}}


def view(st, s, answer=None):
    """The session as ``answer`` ("list", "one", "write"; None: every field) shows it.

    sources, movieTrackCount and recording are derived; V4 decides which stored fields an
    answer leaves out.
    """
    members = [m["sourceId"] for m in st.session_sources.get(s["id"], [])]
    out = {"title": s["title"], "description": s["description"], "ctime": s["ctime"],
           "mtime": s["mtime"], "duration": s.get("duration", 0), "active": s["active"],
           "syncrecord": s["syncrecord"], **{k: s[k] for k in PLAYER_FIELDS}, "id": s["id"],
           "movieTrackCount": len(members), "sources": members, "recording": st.session_recording(s["id"])}
    if s.get("distributionPolicies"):
        out["distributionPolicies"] = s["distributionPolicies"]
    for name in behaviour().session_hidden_fields[answer] if answer else ():
        del out[name]
    return out


def store(v, sid, ctime, mtime, duration=0, current=None):
    """The stored session; fields the body could not carry (V4 a) keep their ``current`` value."""
    kept = {k: v.get(k, (current or {}).get(k, False)) for k in PLAYER_FIELDS}
    return {"title": v["title"], "description": v["description"], "ctime": ctime, "mtime": mtime,
            "duration": duration, "active": v["active"], "syncrecord": v["syncrecord"], **kept, "id": sid,
            "distributionPolicies": v["distributionPolicies"]}


def creator_metadata(user):
    display = user.get("displayName") or user["username"]
    return [metadata.string_entry("calypso:creator", user["username"]),
            metadata.string_entry("calypso:creatorDisplayName", display)]


def from_seed(st, obj):
    """Load one seed session (its events apart: events.session_from_seed); returns its id."""
    obj = dict(obj)
    refs, meta = obj.pop("sources", []) or [], obj.pop("metadata", [])
    sid = obj.get("id") or new_id()
    t = now()
    v = fields.validate({k: val for k, val in obj.items() if k != "id"}, SEED_FIELDS)
    st.sessions[sid] = store(v, sid, obj.get("ctime", t), obj.get("mtime", obj.get("ctime", t)),
                             obj.get("duration", 0))
    members = []
    for i, ref in enumerate(refs):
        if isinstance(ref, dict):  # {"index", "sourceId"} as /sessions/:id/sources shows them
            index, ref = ref.get("index", i), ref.get("sourceId")
        else:
            index = i
        members.append({"index": index, "sourceId": st.resolve("source", st.sources, ref, "name")})
    if len(members) > MAX_SOURCES:
        raise errors.INPUT_VALIDATION(f"session {v['title']!r} has more than {MAX_SOURCES} sources")
    st.session_sources[sid] = members
    st.session_meta[sid] = fields.validate_metadata(meta)
    return sid


def to_seed(st, s):
    out = view(st, s)
    del out["recording"], out["movieTrackCount"]
    out["sources"] = [dict(m) for m in st.session_sources.get(s["id"], [])]
    out["events"] = [{k: v for k, v in e.items() if k != "title"}
                     for e in st.events.values() if e["moduleId"] == s["id"]]
    out["metadata"] = st.session_meta.get(s["id"], [])
    return out


def get_session(st, sid):
    if sid not in st.sessions:
        raise errors.SESSION_NOT_FOUND()
    return st.sessions[sid]


def get_session_not_recording(st, sid):
    """The session, unless a recording is running: then it and its sources cannot change (contract: busy_session)."""
    session = get_session(st, sid)
    if st.session_recording(sid):
        raise errors.RECORDING_IN_PROGRESS()
    return session


def touch(st, sid):
    st.sessions[sid]["mtime"] = max(now(), st.sessions[sid]["mtime"])


@route("/apis/sessions", "GET", perm="Sessions - VIEW", dead_login=errors.NO_RESULTS)
def list_sessions():
    st = state()
    return listing(search([view(st, s, "list") for s in st.sessions.values()], ("title", "description")))


@route("/apis/sessions", "POST", perm="Sessions - CREATE")
def create_session():
    st = state()
    v = fields.validate(body({}), body_fields())
    sid, t = new_id(), now()
    st.sessions[sid] = store(v, sid, t, t)
    st.session_sources[sid] = []
    st.session_meta[sid] = creator_metadata(current_user())
    return created(view(st, st.sessions[sid], "write"))


@route("/apis/sessions/<sessionId>", "GET", perm="Sessions - VIEW")
def get_one(sessionId):
    st = state()
    return ok(view(st, get_session(st, sessionId), "one"))


@route("/apis/sessions/<sessionId>", "PUT", perm="Sessions - EDIT")
def edit_session(sessionId):
    st = state()
    cur = get_session(st, sessionId)
    v = fields.validate(body({}), body_fields(), cur, replaces=True)
    st.sessions[sessionId] = store(v, sessionId, cur["ctime"], max(now(), cur["mtime"]), cur["duration"], cur)
    return ok(view(st, st.sessions[sessionId], "write"))


@route("/apis/sessions/<sessionId>", "DELETE", perm="Sessions - DELETE")
def delete_session(sessionId):
    st = state()
    get_session_not_recording(st, sessionId)
    del st.sessions[sessionId]
    st.session_sources.pop(sessionId, None)
    st.session_meta.pop(sessionId, None)
    for eid in [e for e, evt in st.events.items() if evt["moduleId"] == sessionId]:
        del st.events[eid]
    return empty()  # videos recorded from it survive (they are assets)


@route("/apis/sessions/<sessionId>/assets", "GET", perm="Recordings - VIEW", dead_login=errors.NO_RESULTS)
def session_assets(sessionId):
    st = state()
    get_session(st, sessionId)
    return listing([videos.view(v) for v in st.videos.values()
                    if videos.recorded_from(st, v["id"]) == sessionId])


metadata.routes("/apis/sessions", "sessionId", "Sessions", "sessions", "session_meta",
                errors.SESSION_NOT_FOUND)


SOURCE_MEMBER_FIELDS = {"sourceId": required("str"), "index": IGNORED}


@route("/apis/sessions/<sessionId>/sources", "GET", perm="Sessions - VIEW", dead_login=errors.NO_RESULTS)
def list_members(sessionId):
    st = state()
    get_session(st, sessionId)
    return listing([dict(m) for m in st.session_sources.get(sessionId, [])])


@route("/apis/sessions/<sessionId>/sources", "POST", perm="Sessions - CHANGE_SOURCES")
def add_member(sessionId):
    st = state()
    get_session_not_recording(st, sessionId)
    src = fields.validate(body({}), SOURCE_MEMBER_FIELDS)["sourceId"]
    if src not in st.sources:
        raise errors.SOURCE_NOT_FOUND()
    members = st.session_sources.setdefault(sessionId, [])
    if any(m["sourceId"] == src for m in members):
        raise errors.SOURCE_ALREADY_IN_SESSION()
    if len(members) >= MAX_SOURCES:
        raise errors.INPUT_VALIDATION(f"sourceId: a session has at most {MAX_SOURCES} sources")
    member = {"sourceId": src, "index": max((m["index"] for m in members), default=-1) + 1}
    members.append(member)
    touch(st, sessionId)
    return created(dict(member))


@route("/apis/sessions/<sessionId>/sources/<sourceId>", "DELETE", perm="Sessions - CHANGE_SOURCES")
def remove_member(sessionId, sourceId):
    st = state()
    get_session_not_recording(st, sessionId)
    if sourceId not in st.sources:
        raise errors.SOURCE_NOT_FOUND()
    members = st.session_sources.get(sessionId, [])
    if not any(m["sourceId"] == sourceId for m in members):
        raise errors.TRACK_NOT_FOUND()
    st.session_sources[sessionId] = [m for m in members if m["sourceId"] != sourceId]
    touch(st, sessionId)
    return empty()
