"""GET /apis/system/version (contract: version)."""
from .api import ok, route, state


@route("/apis/system/version", "GET", needs="version_route")
def version():
    return ok(dict(state().version))
