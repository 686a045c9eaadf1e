"""Authentication (cookie and Bearer logins) and role permissions.

(contract: login, session_expiry, whoami, forbidden, roles, permissions.) Role permissions follow
HMP's default roles and the endpoints' "Authorizations:" lines. A grant is "*" (everything),
"<Area> - <ACTION>", "<Area> - *" (every action of an area) or "GET:<Area>" (the area's GET
endpoints only).
"""
import secrets
import time
import uuid
from datetime import datetime, timezone

from flask import g, request

from . import errors, fields, metadata
from .api import body, empty, ok, route, state

COOKIE = "calypso-session-id"
TOKEN_LIFETIME = 30 * 60  # the key login's token lives 30 minutes (contract: login)

DEFAULT_ROLES = [
    {"id": "admin", "name": "Administrator", "admin": True},
    {"id": "creator", "name": "Content Creator", "admin": False},
    {"id": "contributor", "name": "Content Contributor", "admin": False},
    {"id": "viewer", "name": "Viewer", "admin": False},
    {"id": "stb", "name": "Set-Top Box", "admin": False},
]

_READ_ALL = {"GET:Sessions", "GET:Recordings", "GET:Sources", "GET:Categories", "GET:System",
             "GET:Feeds"}
_CREATOR = {"Sessions - *", "Recordings - *", "Categories - VIEW", "Sources - VIEW",
            "System - VIEW", "Feeds - VIEW"}
ROLE_GRANTS = {
    "admin": {"*"},
    "creator": _CREATOR,                                   # no sources write, no user admin
    "contributor": _READ_ALL | {"Sessions - RECORD", "Recordings - RECORD"},  # record only
    "viewer": _READ_ALL,                                   # read only
    "stb": _CREATOR | {"STB Administration"},
}
_DEFAULT_ID_BY_NAME = {r["name"]: r["id"] for r in DEFAULT_ROLES}

# V9 b, HMP's "OWN" access right: these default roles may also create sessions, and do the
# OWN_SESSION_GRANTS on the sessions they created (their calypso:creator).
OWN_ROLES = ("creator", "contributor", "viewer")
OWN_GRANTS = {"Sessions - CREATE"}
OWN_SESSION_GRANTS = {"Sessions - EDIT", "Sessions - DELETE", "Sessions - RECORD", "Sessions - CHANGE_SOURCES"}

# V5 b: role ids are UUIDs, derived from the role's name so that every run shows the same ones.
ROLE_ID_NAMESPACE = uuid.UUID("6f1d6c1e-4b8a-5d0e-9a43-2f0c7b1e8d55")

LOGIN_FIELDS = {"username": fields.required("str"), "password": fields.required("str")}
KEY_LOGIN_FIELDS = {"apiKey": fields.required("str"), "apiSecret": fields.required("str")}


def default_role_id(role):
    """The default role a role stands for: its own id, else the default with its name, else None."""
    return role["id"] if role["id"] in ROLE_GRANTS else _DEFAULT_ID_BY_NAME.get(role.get("name"))


def role_grants(role):
    """Custom seed roles: admin flag, else a default role's id or name, else read-only."""
    if role.get("admin"):
        return ROLE_GRANTS["admin"]
    return ROLE_GRANTS.get(default_role_id(role), ROLE_GRANTS["viewer"])


def _granted(grants, perm, method):
    if "*" in grants or perm in grants:
        return True
    area = perm.split(" - ")[0]
    return f"{area} - *" in grants or (method == "GET" and f"GET:{area}" in grants)


def allowed(st, user, perm, method, ids):
    """May ``user`` call an endpoint needing ``perm``? ``ids`` are the URL's ids (sessionId...)."""
    if perm == "All":
        return True
    roles = st.user_roles(user)
    grants = set().union(*(role_grants(r) for r in roles))
    if _granted(grants, perm, method):
        return True
    if not st.behaviour.own_session_rights or not any(default_role_id(r) in OWN_ROLES for r in roles):
        return False
    if perm in OWN_GRANTS:
        return True
    session_id = ids.get("sessionId")
    return (perm in OWN_SESSION_GRANTS and session_id in st.sessions
            and metadata.string_value(st.session_meta.get(session_id), "calypso:creator") == user["username"])


def role_uuid(name):
    return str(uuid.uuid5(ROLE_ID_NAMESPACE, name))


def role_id(st, role):
    """A role's id as the API shows it: its own (V5 a) or a UUID of its name (V5 b)."""
    return role_uuid(role["name"]) if st.behaviour.role_ids_are_uuids else role["id"]


def stored_role(seed_role):
    """A seed role as stored; the UUID of a default role's name stands for that default role."""
    rid, name = str(seed_role["id"]), str(seed_role.get("name", seed_role["id"]))
    if rid == role_uuid(name) and name in _DEFAULT_ID_BY_NAME:
        rid = _DEFAULT_ID_BY_NAME[name]
    return {"id": rid, "name": name, "admin": bool(seed_role.get("admin"))}


def find_role(st, ref, seed=False):
    """The role whose API id is ``ref``; a seed may also give its stored id, its UUID or its name."""
    for role in st.roles:
        if ref == role_id(st, role):
            return role
    if seed:
        for role in st.roles:
            if ref in (role["id"], role["name"], role_uuid(role["name"])):
                return role
    return None


def _bearer():
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        return header[7:].strip()
    return None


def current_login(st, cookie_only=False):
    """(kind, key, record) of a valid cookie session or token, or None. Refreshes idle time.

    Bearer tokens count only where the release has the key login; ``cookie_only`` ignores them.
    """
    t = time.time()
    token = _bearer() if st.behaviour.key_login and not cookie_only else None
    if token:
        rec = st.tokens.get(token)
        if rec and rec["expires"] > t and rec["userId"] in st.users:
            return "token", token, rec
        st.tokens.pop(token, None)
    sid = request.cookies.get(COOKIE)
    if sid:
        rec = st.logins.get(sid)
        if rec and t - rec["lastUsed"] <= st.idle_timeout and rec["userId"] in st.users:
            rec["lastUsed"] = t
            return "cookie", sid, rec
        st.logins.pop(sid, None)
    return None


def authenticate(st, dead_login=None):
    """(user, login) of the request's live login; else the error V10 gives a dead login (missing,
    unknown or expired: the server cannot tell them apart): 401 ``020001`` (a), or a 404 (b; c for
    reads only): ``dead_login`` for a GET (a collection's empty answer, the session probes' "Unknown
    session", else 040000 "Not found"), 040000 "Not found" for a write (contract: login_expiry)."""
    login = current_login(st)
    if login is None:
        b = st.behaviour
        if request.method in ("GET", "HEAD"):
            if b.dead_login_read_is_404:
                raise (dead_login or errors.DEAD_LOGIN_NOT_FOUND)()
        elif b.dead_login_write_is_404:
            raise errors.DEAD_LOGIN_NOT_FOUND()
        raise errors.USER_NOT_AUTHORIZED()
    return st.users[login[2]["userId"]], login


def _iso(epoch):
    return datetime.fromtimestamp(epoch, timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def session_info(st, user, session_id, expires, token=None):
    roles = st.user_roles(user)
    info = {
        "id": user["id"], "sessionId": session_id, "username": user["username"],
        "admin": any(r.get("admin") for r in roles), "groups": [],
        "roleIds": [role_id(st, r) for r in roles],
        "roles": [{"id": role_id(st, r), "name": r["name"], "admin": bool(r.get("admin")), "permissions": {}}
                  for r in roles],
        "sessions": {}, "assets": {}, "ldapUser": False,
        "displayName": user.get("displayName") or user["username"], "expires": _iso(expires),
    }
    if token is not None:
        info["authToken"] = token
    return info


def _check_roles(st, user):
    if not st.user_roles(user):
        raise errors.NO_ROLES()


@route("/apis/authentication/login", "POST", perm=None)
def login():
    st = state()
    creds = fields.validate(body({}), LOGIN_FIELDS)
    user = st.find_user(creds["username"])
    if user is None or user.get("password") != creds["password"]:
        raise errors.INVALID_CREDENTIALS()
    _check_roles(st, user)
    sid = secrets.token_hex(16)
    t = time.time()
    st.logins[sid] = {"userId": user["id"], "lastUsed": t}
    resp = ok(session_info(st, user, sid, t + st.idle_timeout))  # logins answer 200, not 201
    resp.set_cookie(COOKIE, sid, path="/", httponly=True, secure=request.is_secure)
    return resp


@route("/apis/authentication/login", "GET", dead_login=errors.AUTH_SESSION_NOT_FOUND)
def login_info():
    st = state()
    kind, key, rec = g.auth
    user = st.users[rec["userId"]]
    if kind == "token":
        return ok(session_info(st, user, rec["sessionId"], rec["expires"], key))
    return ok(session_info(st, user, key, rec["lastUsed"] + st.idle_timeout))


@route("/apis/authentication/login", "DELETE", perm=None)
def logout():
    """Ends the cookie session, or (4.1 only: logout_ends_token) the Bearer token; 4.1.1 looks at the
    cookie only, so a token alone is 404 "Unknown session" and lives on (contract: login)."""
    st = state()
    login = current_login(st, cookie_only=not st.behaviour.logout_ends_token)
    if login is None:
        raise errors.AUTH_SESSION_NOT_FOUND()
    kind, key, _ = login
    (st.tokens if kind == "token" else st.logins).pop(key, None)
    resp = empty()
    if kind == "cookie":
        resp.delete_cookie(COOKIE, path="/")
    return resp


@route("/apis/authentication/login/key", "POST", perm=None, needs="key_login")
def login_key():
    st = state()
    creds = fields.validate(body({}), KEY_LOGIN_FIELDS)
    user = next((u for u in st.users.values()
                 if u.get("apiKey") and u.get("apiKey") == creds["apiKey"]), None)
    if user is None or user.get("apiSecret") != creds["apiSecret"]:
        raise errors.INVALID_CREDENTIALS()
    _check_roles(st, user)
    token = secrets.token_urlsafe(32)
    expires = time.time() + TOKEN_LIFETIME
    st.tokens[token] = {"userId": user["id"], "expires": expires, "sessionId": secrets.token_hex(16)}
    return ok(session_info(st, user, st.tokens[token]["sessionId"], expires, token))


@route("/apis/authentication/login/key", "GET", needs="key_login", dead_login=errors.AUTH_SESSION_NOT_FOUND)
def login_key_info():
    return login_info()
