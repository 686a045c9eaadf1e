"""Route registry and the response helpers every resource module shares.

Resource modules declare routes with ``@route(rule, method, perm=...)``; app.py registers them
with the auth/permission/lock wrapper. ``perm`` is the endpoint's "Authorizations:" line.
"""
import json
import time
import uuid

from flask import Response, current_app, g, request

from . import errors

ROUTES = []  # (rule, methods, perm, view)


def route(rule, *methods, perm="All"):
    def deco(view):
        ROUTES.append((rule, methods, perm, view))
        return view
    return deco


def state():
    return current_app.extensions["hmp_state"]


def new_id():
    return str(uuid.uuid4())


def now():
    return int(time.time())


def body(default=None):
    """The parsed JSON body (app.py parsed it already), or ``default`` when there was none."""
    return g.get("json_body", default) if g.get("has_body") else default


def json_response(payload, status=200):
    return Response(json.dumps(payload, separators=(",", ":")), status=status,
                    mimetype="application/json")


def ok(data, status=200):
    return json_response({"data": data}, status)


def created(data):
    return ok(data, 201)  # decision 2


def empty():
    """DELETE success: 200 with an empty body (decision 2)."""
    resp = Response(b"", status=200)
    del resp.headers["Content-Type"]
    return resp


def error_response(err):
    return json_response(err.body(), err.status)


def _int_param(name, default, lo):
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise errors.INPUT_VALIDATION(f"{name} must be an integer") from None
    if value < lo:
        raise errors.INPUT_VALIDATION(f"{name} must be at least {lo}")
    return value


def paging_params():
    """page (1-based, default 1) and pageSize (default 15, clamped to 100) - decision 5."""
    return _int_param("page", 1, 1), min(_int_param("pageSize", 15, 1), 100)


def page_of(items, empty_error=errors.NO_RESULTS):
    """(the requested page of ``items``, page, pageSize); an empty page raises ``empty_error``."""
    page, size = paging_params()
    chunk = items[(page - 1) * size: page * size]
    if not chunk:
        raise empty_error()
    return chunk, page, size


def listing(items, empty_error=errors.NO_RESULTS):
    """A collection page: {"data": [...], "paging": {"results", "pageSize"}}; empty -> 404 (decision 4)."""
    chunk, _, size = page_of(items, empty_error)
    return json_response({"data": chunk, "paging": {"results": len(chunk), "pageSize": size}})


def search(items, keys):
    """Filter by the ``q`` query parameter: case-insensitive substring over ``keys``.

    The documented example quotes the term (q="My Search Term"); the quotes are stripped.
    """
    q = request.args.get("q", "").strip()
    if len(q) >= 2 and q[0] == q[-1] == '"':
        q = q[1:-1]
    if not q:
        return items
    q = q.lower()
    return [it for it in items if any(q in str(it.get(k) or "").lower() for k in keys)]


def current_user():
    return g.user
