"""The test-only control plane under /_emulator/ (README.md): no auth, never counted or faulted."""
import random

from flask import Blueprint, request

from . import devices, errors, fields, sources, variants
from .api import error_response, json_response, state
from .state import DEFAULT_FAULTS, SeedError

bp = Blueprint("emulator_control", __name__, url_prefix="/_emulator")


def _json_body():
    """The request body as JSON, or 400 (the app's error handler writes the HMP error body)."""
    body = request.get_json(force=True, silent=True)
    if body is None and request.get_data().strip() != b"null":
        raise errors.INPUT_VALIDATION("body must be valid JSON")
    return body


@bp.get("/state")
def get_state():
    return json_response(state().dump())


@bp.post("/reset")
def reset():
    st = state()
    seed = st.start_seed
    if request.get_data():
        seed = _json_body()
    with st.lock:
        try:
            st.reset(seed, st.start_variants)
        except SeedError as exc:  # State.reset left the state as it was
            return error_response(errors.INPUT_VALIDATION(str(exc)))
        st.reset_control()
    return json_response({"data": "reset"})


@bp.get("/counters")
def get_counters():
    with state().lock:
        return json_response(state().counters)


@bp.delete("/counters")
def clear_counters():
    st = state()
    with st.lock:
        st.clear_counters()
    return json_response({"data": "cleared"})


@bp.get("/requests")
def get_requests():
    with state().lock:
        return json_response(list(state().request_log))


@bp.delete("/requests")
def clear_requests():
    with state().lock:
        state().request_log.clear()
    return json_response({"data": "cleared"})


@bp.get("/faults")
def get_faults():
    return json_response(state().faults)


@bp.put("/faults")
def put_faults():
    st = state()
    body = _json_body()
    if not isinstance(body, dict):
        return error_response(errors.INPUT_VALIDATION("faults must be a JSON object"))
    merged = dict(st.faults)
    for key, value in body.items():
        if key not in DEFAULT_FAULTS:
            return error_response(errors.INPUT_VALIDATION(f"{key} is not a fault setting"))
        merged[key] = value
    problem = _check_faults(merged)
    if problem:
        return error_response(errors.INPUT_VALIDATION(problem))
    with st.lock:
        st.faults = merged
        st.fault_rng = random.Random(merged["random_seed"])
    return json_response(st.faults)


@bp.delete("/faults")
def clear_faults():
    st = state()
    with st.lock:
        st.clear_faults()
    return json_response(st.faults)


def _is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _check_faults(f):
    for key in ("error_rate", "drop_rate", "lost_answer_rate"):
        if not _is_num(f[key]) or not 0 <= f[key] <= 1:
            return f"{key} must be a number between 0 and 1"
    if not _is_num(f["latency_ms"]) or f["latency_ms"] < 0:
        return "latency_ms must be a non-negative number"
    after = f["expire_sessions_after"]
    if after is not None and (not isinstance(after, int) or isinstance(after, bool) or after < 0):
        return "expire_sessions_after must be null or a non-negative integer"
    statuses = f["error_statuses"]
    if (not isinstance(statuses, list) or not statuses
            or not all(isinstance(s, int) and 400 <= s <= 599 for s in statuses)):
        return "error_statuses must be a non-empty array of HTTP error statuses (400-599)"
    if f["random_seed"] is not None and not isinstance(f["random_seed"], (int, str)):
        return "random_seed must be an integer, a string or null"
    routes = f["routes"]
    if routes is not None and not (isinstance(routes, list) and all(isinstance(r, str) for r in routes)):
        return 'routes must be null or an array of "METHOD /apis/route" strings'
    return None


@bp.post("/expire-sessions")
def expire_sessions():
    state().expire_logins()
    return json_response({"data": "expired"})


# --- observed live state: what HMP sees but the API cannot set -----------------------------
SIGNAL_FIELDS = {"active": fields.optional("bool"),
                 "bitrate": fields.optional("number", check=fields.at_least(0))}
PRESENCE_FIELDS = {"status": fields.optional("str", choices=devices.STATUSES),
                   "standby": fields.optional("bool")}


def _observed(table):
    """The body's keys of ``table`` (at least one), validated; else 400 naming the problem."""
    given = fields.validate(_json_body(), table)
    if not given:
        raise errors.INPUT_VALIDATION(f"give at least one of {', '.join(table)}")
    return given


@bp.put("/sources/<sourceId>/signal")
def put_signal(sourceId):
    st = state()
    given = _observed(SIGNAL_FIELDS)
    with st.lock:
        src = sources.get_source(st, sourceId)
        if given.get("active") is False:
            given.setdefault("bitrate", 0)
        src.update(given)  # not configuration: mtime stays
        return json_response(src)


@bp.put("/devices/<stbId>/presence")
def put_presence(stbId):
    st = state()
    given = _observed(PRESENCE_FIELDS)
    with st.lock:
        box = devices.get_device(st, stbId)
        box.update(given)
        return json_response(box)


# --- variants: the readings of the API the emulator speaks -----------------------------------
@bp.get("/variants")
def get_variants():
    return json_response(state().variants)


@bp.put("/variants")
def put_variants():
    st = state()
    changes = _json_body()
    with st.lock:
        try:
            chosen = variants.merge(st.variants, changes)
        except variants.VariantError as exc:
            raise errors.INPUT_VALIDATION(str(exc)) from None
        st.set_variants(chosen)
        return json_response(st.variants)


@bp.delete("/variants")
def clear_variants():
    st = state()
    with st.lock:
        st.set_variants(variants.DEFAULTS)
        return json_response(st.variants)
