"""GET /apis/system/version (contract: version)."""
from .api import ok, route, state


@route("/apis/system/version", "GET")
def version():
    return ok(dict(state().version))
