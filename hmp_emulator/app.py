"""Flask application factory and the hooks every /apis request goes through.

Order for an /apis request: settle what time changed -> count it -> injected faults (drop, error,
session expiry, latency) -> lock -> a route the release lacks answers as an unknown path (404) ->
auth (401, or V10's 404) -> role permission (403) -> content type (415) and JSON body (400) ->
handler -> request log.
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
DROP_KEY = "hmp_emulator.drop"  # in the WSGI environ: server.py closes the connection without answering


_TEMPLATES = {}
NEEDS = {}  # endpoint -> the release switch without which its route does not exist (api.route's needs)


def live(st, endpoint):
    """Does the release ``st`` plays have the route of ``endpoint``?"""
    needs = NEEDS.get(endpoint)
    return needs is None or getattr(st.behaviour, needs)


def route_template(rule):
    """Flask "/apis/sources/<sourceId>" -> the contract's "/apis/sources/:sourceId"."""
    if rule not in _TEMPLATES:
        _TEMPLATES[rule] = _PLACEHOLDER.sub(r":\1", rule)
    return _TEMPLATES[rule]


def _parse_body():
    """415 for a non-JSON POST/PUT body (contract: content_type); 400 for malformed JSON."""
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


def _wrap(view, perm, options):
    def handler(**kwargs):
        st = state()
        with st.lock:
            g.behaviour = st.behaviour
            if not live(st, request.endpoint):
                raise errors.NOT_FOUND()  # as any unknown path
            if perm is not None:
                user, login = auth.authenticate(st, options["dead_login"])
                g.user, g.auth = user, login
                if not auth.allowed(st, user, perm, request.method, kwargs):
                    raise errors.FORBIDDEN()
            _parse_body()
            return view(**kwargs)
    handler.__name__ = f"{view.__module__}.{view.__name__}"
    return handler


def _observe_and_fault():
    """before_request for /apis: count it, draw its fault, end logins when due, wait the latency.

    Returns the answer of an injected error or drop (a drop's is never sent: server.py closes the
    connection instead), or None to go on.
    """
    st = state()
    method = request.method
    g.received = time.time()
    rule = request.url_rule
    g.route = route_template(rule.rule) if rule is not None and live(st, rule.endpoint) else request.path
    g.body_text = request.get_data(cache=True, as_text=True) if request.content_length else ""
    st.traffic.count(method, g.route)
    g.fault, error_status, latency = st.traffic.draw_fault(method, g.route)
    if st.traffic.session_expiry_due():
        st.expire_logins()
    if latency:
        time.sleep(latency)
    if g.fault == "drop":
        request.environ[DROP_KEY] = True
        return json_response({}, 500)
    if g.fault == "error":
        return error_response(errors.for_status(error_status))
    return None


def _log(response):
    if g.get("fault") == "lost_answer":  # carried out; the connection closes before the answer leaves
        request.environ[DROP_KEY] = True
    received = g.get("received", time.time())
    state().traffic.log({
        "method": request.method, "path": request.path, "route": g.get("route", request.path),
        "query": request.query_string.decode("latin-1"),
        "status": None if request.environ.get(DROP_KEY) else response.status_code,
        "body": g.get("body_text", ""), "fault": g.get("fault"),
        "received": received, "seconds": round(time.time() - received, 6),
    })


def _path_is_live(app, st):
    """Has the release a route for this path, with any method? (A path whose routes the release lacks
    is an unknown path, whatever the method.)"""
    adapter = app.url_map.bind_to_environ(request.environ)
    for method in adapter.allowed_methods():
        try:
            endpoint, _ = adapter.match(method=method)
        except HTTPException:
            continue
        if method not in ("HEAD", "OPTIONS") and live(st, endpoint):
            return True
    return False


def create_app(st):
    app = Flask("hmp_emulator")
    app.extensions["hmp_state"] = st
    for rule, methods, perm, view, options in ROUTES:
        endpoint = f"{view.__module__}.{view.__name__}"
        if options["needs"]:
            NEEDS[endpoint] = options["needs"]
        app.add_url_rule(rule, endpoint=endpoint, view_func=_wrap(view, perm, options), methods=list(methods))
    app.register_blueprint(control.bp)

    @app.before_request
    def before():
        with st.lock:
            st.settle()  # what time alone changes (delayed set-top box commands) before anything reads
        if request.path.startswith("/apis"):
            return _observe_and_fault()
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
                live_path = _path_is_live(app, st)
                return error_response(errors.METHOD_NOT_ALLOWED() if live_path else errors.NOT_FOUND())
            if exc.code == 415:
                return error_response(errors.UNSUPPORTED_MEDIA_TYPE())
            if exc.code and exc.code < 500:
                return error_response(errors.INPUT_VALIDATION(exc.description or "Bad request"))
        traceback.print_exc(file=sys.stderr)
        return error_response(errors.INTERNAL())

    return app
