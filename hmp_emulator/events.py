"""Session events: /apis/sessions/:sessionId/events (contract: events, event_delete).

Validation errors use 400 010000 BadRequest, the code of the events pages' own (contract: errors).
"""
from . import errors, fields, sessions
from .api import body, created, empty, listing, new_id, ok, route, state
from .fields import IGNORED, IMMUTABLE, optional, required

DAYS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")
ERR = errors.BAD_REQUEST


def _non_negative(value):
    return None if value >= 0 else "must not be negative"


FIELDS = {
    "module": required("str", choices=("session",)),
    "startTime": required("number", check=_non_negative),
    "duration": optional("number", default=0, check=_non_negative),
    "type": required("str", choices=("one-time", "weekly-recurring")),
    "typeData": optional("dict"),
    "command": required("str", choices=("set-live", "record")),
    "parameters": optional("dict"),
    "active": required("bool"),
    "id": IMMUTABLE,
    "moduleId": IGNORED,  # set from the URL
    "title": IGNORED,     # the session's title, list responses only
}


def clean(data, current=None):
    v = fields.validate(data, FIELDS, current, error=ERR, replaces=current is not None)
    td = v.get("typeData")
    if v["type"] == "weekly-recurring" and td is None:
        raise ERR("typeData is required when type is weekly-recurring")
    if td is not None:
        td = v["typeData"] = fields.known_only(td, ("days",), ERR, "typeData.")
        days = td.get("days")
        if v["type"] == "weekly-recurring" or days is not None:
            if not isinstance(days, list) or not days or any(d not in DAYS for d in days):
                raise ERR(f"typeData.days must be a non-empty array of {', '.join(DAYS)}")
            if len(set(days)) != len(days):
                raise ERR("typeData.days must not repeat a day")
    params = v.get("parameters")
    if v["command"] == "set-live":
        if params is None:
            raise ERR("parameters is required when command is set-live")
        if not isinstance(params.get("record"), bool):
            raise ERR("parameters.record must be a boolean")
    if params is not None:
        params = v["parameters"] = fields.known_only(params, ("record",), ERR, "parameters.")
        if "record" in params and not isinstance(params["record"], bool):
            raise ERR("parameters.record must be a boolean")
    return v


def build(v, session_id, eid):
    out = {"moduleId": session_id, "module": v["module"], "startTime": v["startTime"],
           "duration": v["duration"], "type": v["type"]}
    if v.get("typeData") is not None:
        out["typeData"] = v["typeData"]
    out["command"] = v["command"]
    if v.get("parameters") is not None:
        out["parameters"] = v["parameters"]
    out["active"], out["id"] = v["active"], eid
    return out


def from_seed(st, session_id, obj):
    obj = dict(obj)
    obj.setdefault("module", "session")
    eid = obj.pop("id", None) or new_id()
    st.events[eid] = build(clean(obj), session_id, eid)


def session_from_seed(st, obj):
    """A seed session with the events nested in it (the seed format nests them)."""
    obj = dict(obj)
    nested = obj.pop("events", None) or []
    session_id = sessions.from_seed(st, obj)
    for evt in nested:
        from_seed(st, session_id, evt)


def get_event(st, session_id, eid, error=errors.EVENT_NOT_FOUND):
    sessions.get_session(st, session_id)
    evt = st.events.get(eid)
    if evt is None or evt["moduleId"] != session_id:
        raise error()
    return evt


@route("/apis/sessions/<sessionId>/events", "GET", perm="Sessions - VIEW", dead_login=errors.NO_RESULTS)
def list_events(sessionId):
    st = state()
    title = sessions.get_session(st, sessionId)["title"]
    return listing([{**e, "title": title} for e in st.events.values() if e["moduleId"] == sessionId])


@route("/apis/sessions/<sessionId>/events", "POST", perm="Sessions - EDIT")
def create_event(sessionId):
    st = state()
    sessions.get_session(st, sessionId)
    eid = new_id()
    st.events[eid] = build(clean(body({})), sessionId, eid)
    return created(st.events[eid])


@route("/apis/sessions/<sessionId>/events/<eventId>", "GET", perm="Sessions - VIEW")
def get_one(sessionId, eventId):
    return ok(get_event(state(), sessionId, eventId))


@route("/apis/sessions/<sessionId>/events/<eventId>", "PUT", perm="Sessions - EDIT")
def edit_event(sessionId, eventId):
    st = state()
    cur = get_event(st, sessionId, eventId, errors.EVENT_NOT_FOUND_PUT)
    st.events[eventId] = build(clean(body({}), cur), sessionId, eventId)
    return ok(st.events[eventId])


# Undocumented extension (contract: event_delete): the web scheduler can delete events.
@route("/apis/sessions/<sessionId>/events/<eventId>", "DELETE", perm="Sessions - EDIT")
def delete_event(sessionId, eventId):
    st = state()
    get_event(st, sessionId, eventId, errors.EVENT_NOT_FOUND_PUT)
    del st.events[eventId]
    return empty()
