"""Flask application factory and the hooks every /apis request goes through.

Order for an /apis request: count it -> injected faults (latency, drop, error, session expiry) -> lock ->
auth (401) -> role permission (403) -> content type (415) and JSON body (400) -> handler.
"""
import json
import re
import sys
import time
import traceback

from flask import Flask, g, request
from werkzeug.exceptions import HTTPException

from . import (auth, control, devices, errors, events, recordings, sessions, sources,  # noqa: F401
               streams, system, users, videos)
from .api import ROUTES, error_response, json_response, state

_PLACEHOLDER = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")
_AUTH_PREFIX = "/apis/authentication/"
DROP_KEY = "hmp_emulator.drop"  # in the WSGI environ: server.py closes the connection without answering


_TEMPLATES = {}


def route_template(rule):
    """Flask "/apis/sources/<sourceId>" -> the contract's "/apis/sources/:sourceId"."""
    if rule not in _TEMPLATES:
        _TEMPLATES[rule] = _PLACEHOLDER.sub(r":\1", rule)
    return _TEMPLATES[rule]


def _parse_body():
    """415 for a non-JSON POST/PUT body (decision 7); 400 for malformed JSON."""
    g.has_body = False
    if request.method not in ("POST", "PUT"):
        return
    raw = request.get_data(cache=True)
    mimetype = request.mimetype
    if not raw.strip():
        if mimetype and mimetype != "application/json":
            raise errors.UNSUPPORTED_MEDIA_TYPE()
        return  # no body at all: the handler applies its defaults
    if mimetype != "application/json":
        raise errors.UNSUPPORTED_MEDIA_TYPE()
    try:
        g.json_body = json.loads(raw)
    except ValueError:
        raise errors.INPUT_VALIDATION("request body is not valid JSON") from None
    g.has_body = True


def _wrap(view, perm):
    def handler(**kwargs):
        st = state()
        with st.lock:
            g.behaviour = st.behaviour
            if perm is not None:
                user, login = auth.authenticate(st)
                g.user, g.auth = user, login
                if not auth.allowed(st, user, perm, request.method, kwargs):
                    raise errors.FORBIDDEN()
            _parse_body()
            return view(**kwargs)
    handler.__name__ = f"{view.__module__}.{view.__name__}"
    return handler


def _count_and_fault():
    """before_request for /apis: counters, then the configured faults (README control plane)."""
    st = state()
    rule = request.url_rule
    g.received = time.time()
    g.route = route_template(rule.rule) if rule is not None else request.path
    g.body_text = request.get_data(cache=True, as_text=True) if request.content_length else ""
    method = request.method
    with st.lock:
        c = st.counters
        c["total"] += 1
        c["by_method"][method] = c["by_method"].get(method, 0) + 1
        key = f"{method} {g.route}"
        c["by_route"][key] = c["by_route"].get(key, 0) + 1
        if method in ("POST", "PUT", "DELETE") and not request.path.startswith(_AUTH_PREFIX):
            c["writes"] += 1
        f, rng = st.faults, st.fault_rng
        targeted = f["routes"] is None or key in f["routes"]
        drop = targeted and f["drop_rate"] > 0 and rng.random() < f["drop_rate"]
        fail = None
        if targeted and not drop and f["error_rate"] > 0 and rng.random() < f["error_rate"]:
            fail = rng.choice(f["error_statuses"])
        g.lose_answer = (targeted and not drop and fail is None and f["lost_answer_rate"] > 0
                         and rng.random() < f["lost_answer_rate"])
        if f["expire_sessions_after"] is not None:  # counts down; at 0, every login ends before this request
            if f["expire_sessions_after"] == 0:
                st.logins.clear()
                st.tokens.clear()
                f["expire_sessions_after"] = None
            else:
                f["expire_sessions_after"] -= 1
    g.fault = "drop" if drop else "error" if fail is not None else "lost_answer" if g.lose_answer else None
    if f["latency_ms"]:
        time.sleep(f["latency_ms"] / 1000.0)
    if drop:
        request.environ[DROP_KEY] = True
        return json_response({}, 500)  # never sent: the server closes the connection instead
    if fail is not None:
        return error_response(errors.for_status(fail))
    return None


def _log(response):
    st = state()
    if g.get("lose_answer"):  # carried out, then the connection closes before the answer leaves
        request.environ[DROP_KEY] = True
    dropped = request.environ.get(DROP_KEY, False)
    received = g.get("received", time.time())
    with st.lock:
        st.request_log.append({
            "method": request.method, "path": request.path, "route": g.get("route", request.path),
            "query": request.query_string.decode("latin-1"),
            "status": None if dropped else response.status_code, "body": g.get("body_text", ""),
            "fault": g.get("fault"),
            "received": received, "seconds": round(time.time() - received, 6),
        })


def create_app(st):
    app = Flask("hmp_emulator")
    app.extensions["hmp_state"] = st
    for rule, methods, perm, view in ROUTES:
        app.add_url_rule(rule, endpoint=f"{view.__module__}.{view.__name__}",
                         view_func=_wrap(view, perm), methods=list(methods))
    app.register_blueprint(control.bp)

    @app.before_request
    def before():
        with st.lock:
            st.settle()  # what time alone changes (delayed set-top box commands) before anything reads
        if request.path.startswith("/apis"):
            return _count_and_fault()
        return None

    @app.after_request
    def after(response):
        if request.path.startswith("/apis"):
            _log(response)
        return response

    @app.errorhandler(errors.HmpError)
    def hmp_error(exc):
        return error_response(exc)

    @app.errorhandler(Exception)
    def any_error(exc):
        # Never an HTML page: unknown paths, wrong methods and bugs all get an HMP error body.
        if isinstance(exc, HTTPException):
            if exc.code == 404:
                return error_response(errors.NOT_FOUND())
            if exc.code == 405:
                return error_response(errors.METHOD_NOT_ALLOWED())
            if exc.code == 415:
                return error_response(errors.UNSUPPORTED_MEDIA_TYPE())
            if exc.code and exc.code < 500:
                return error_response(errors.INPUT_VALIDATION(exc.description or "Bad request"))
        traceback.print_exc(file=sys.stderr)
        return error_response(errors.INTERNAL())

    return app
