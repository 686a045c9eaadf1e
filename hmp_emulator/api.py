"""Route registry and the response helpers every resource module shares.

Resource modules declare routes with ``@route(rule, method, perm=...)``; app.py registers them
with the auth/permission/lock wrapper. ``perm`` is the endpoint's "Authorizations:" line.
``needs`` names the release switch (releases.py) without which the route does not exist: it then
answers as any unknown path. ``dead_login`` is what a GET of it answers under a missing, unknown or
expired login when V10 reads that as a 404: a collection's empty answer (errors.NO_RESULTS...), the
session probes' "Unknown session"; by default 404 ``040000`` "Not found".
"""
import json
import time
import uuid
from urllib.parse import urlencode

from flask import Response, current_app, g, has_app_context, request

from . import errors, variants

ROUTES = []  # (rule, methods, perm, view, options)


def route(rule, *methods, perm="All", needs=None, dead_login=None):
    def deco(view):
        ROUTES.append((rule, methods, perm, view, {"needs": needs, "dead_login": dead_login}))
        return view
    return deco


def state():
    return current_app.extensions["hmp_state"]


def behaviour():
    """The switches of the variants in force for this /apis request (variants.py).

    Outside an /apis request (seeds, the control plane) the default readings apply: seeds are
    always checked strictly.
    """
    return g.get("behaviour", variants.DEFAULT_BEHAVIOUR) if has_app_context() else variants.DEFAULT_BEHAVIOUR


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
    return ok(data, 201)  # (contract: envelope)


def empty():
    """DELETE success: 200 with an empty body (contract: envelope)."""
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
    """page (1-based, default 1) and the effective pageSize (default 15, clamped to 100; capped
    at page_cap under V1 c) (contract: paging)."""
    size = min(_int_param("pageSize", 15, 1), 100)
    b = behaviour()
    if b.cap_page_size:
        size = min(size, b.page_cap)
    return _int_param("page", 1, 1), size


def page_of(items, empty_error=errors.NO_RESULTS):
    """(the requested page of ``items``, page, pageSize); an empty page raises ``empty_error``
    unless empty collections answer 200 (V2 b) (contract: empty_list)."""
    page, size = paging_params()
    chunk = items[(page - 1) * size: page * size]
    if not chunk and behaviour().empty_collection_is_404:
        raise empty_error()
    return chunk, page, size


def _next_page_url(page):
    """This request's absolute URL with the same query, page+1 (V1 b)."""
    query = [(k, str(page + 1) if k == "page" else v) for k, v in request.args.items(multi=True)]
    if "page" not in request.args:
        query.append(("page", str(page + 1)))
    return f"{request.base_url}?{urlencode(query)}"


def listing(items, empty_error=errors.NO_RESULTS):
    """A collection page: {"data": [...], "paging": {"results", "pageSize"[, "next"]}}.

    ``results`` counts this page's items (V1 a) or the whole collection (V1 b, which also links
    the next page while there is one); an empty page is 404 ``empty_error`` unless V2 b.
    """
    chunk, page, size = page_of(items, empty_error)
    b = behaviour()
    paging = {"results": len(items) if b.paging_results_total else len(chunk), "pageSize": size}
    if b.paging_next_link and len(items) > page * size:
        paging["next"] = _next_page_url(page)
    return json_response({"data": chunk, "paging": paging})


def entries_or_no_results(entries):
    """A bare array answer (metadata): empty is 404 NoResults unless V2 b."""
    if not entries and behaviour().empty_collection_is_404:
        raise errors.NO_RESULTS()
    return ok(entries)


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
