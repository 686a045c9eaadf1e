"""GET /apis/system/version (core.md section 4.1)."""
from .api import ok, route, state


@route("/apis/system/version", "GET")
def version():
    return ok(dict(state().version))
