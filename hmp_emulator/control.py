"""The test-only control plane under /_emulator/ (README.md): no auth, never counted or faulted."""
from flask import Blueprint, request

from . import devices, errors, fields, releases, sources, variants
from .api import json_response, state
from .state import SeedError
from .traffic import DEFAULT_FAULTS, fault_problem

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
    seed = _json_body() if request.get_data() else st.start_seed
    try:
        st.reset(seed, st.start_variants, st.start_release)
    except SeedError as exc:  # State.reset left the state as it was
        raise errors.INPUT_VALIDATION(str(exc)) from None
    st.traffic.reset()
    return json_response({"data": "reset"})


@bp.get("/counters")
def get_counters():
    return json_response(state().traffic.counters_copy())


@bp.delete("/counters")
def clear_counters():
    state().traffic.clear_counters()
    return json_response({"data": "cleared"})


@bp.get("/requests")
def get_requests():
    return json_response(state().traffic.log_copy())


@bp.delete("/requests")
def clear_requests():
    state().traffic.clear_log()
    return json_response({"data": "cleared"})


@bp.get("/faults")
def get_faults():
    return json_response(state().traffic.faults_copy())


@bp.put("/faults")
def put_faults():
    traffic = state().traffic
    changes = _json_body()
    if not isinstance(changes, dict):
        raise errors.INPUT_VALIDATION("faults must be a JSON object")
    unknown = sorted(set(changes) - set(DEFAULT_FAULTS))
    if unknown:
        raise errors.INPUT_VALIDATION(f"{', '.join(unknown)} is not a fault setting")
    with traffic.lock:
        merged = {**traffic.faults, **changes}
        problem = fault_problem(merged)
        if problem:
            raise errors.INPUT_VALIDATION(problem)
        traffic.set_faults(merged)
    return json_response(traffic.faults_copy())


@bp.delete("/faults")
def clear_faults():
    traffic = state().traffic
    traffic.set_faults(DEFAULT_FAULTS)
    return json_response(traffic.faults_copy())


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
        return json_response(sources.view(src, b=st.behaviour))


@bp.put("/devices/<stbId>/presence")
def put_presence(stbId):
    st = state()
    given = _observed(PRESENCE_FIELDS)
    with st.lock:
        box = devices.get_device(st, stbId)
        box.update(given)
        return json_response(devices.view(box, st.behaviour))


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


# --- release: the HMP release the emulator plays -----------------------------------------------
def _release_answer(st):
    return json_response({"release": st.release, "version": st.version, "releases": list(releases.RELEASES)})


@bp.get("/release")
def get_release():
    st = state()
    with st.lock:
        return _release_answer(st)


@bp.put("/release")
def put_release():
    st = state()
    body = _json_body()
    if not isinstance(body, dict) or set(body) != {"release"}:
        raise errors.INPUT_VALIDATION('release takes {"release": "<one of %s>"}' % ", ".join(releases.RELEASES))
    with st.lock:
        try:
            st.set_release(body["release"])
        except releases.ReleaseError as exc:
            raise errors.INPUT_VALIDATION(str(exc)) from None
        return _release_answer(st)


@bp.delete("/release")
def clear_release():
    st = state()
    with st.lock:
        st.set_release(releases.NEWEST)
        return _release_answer(st)
