"""Users: GET /apis/users/enabled (core.md 5.1) and the administration extension of decision 18."""
from flask import g

from . import errors, fields
from .api import body, created, empty, listing, new_id, ok, route, state
from .fields import IGNORED, IMMUTABLE, non_empty, optional, required

_READ_ONLY = {k: IGNORED for k in ("assets", "sessions", "shares", "dn")}
CREATE_FIELDS = {
    "username": required("str", check=non_empty),
    "displayName": optional("str"),
    "email": optional("str", default=""),
    "password": required("str", check=non_empty),
    "roles": optional("str_list", default=list),
    "id": IMMUTABLE, **_READ_ONLY,
}
EDIT_FIELDS = {
    "displayName": optional("str"),
    "email": optional("str", default=""),
    "roles": optional("str_list", default=list),
    "username": IMMUTABLE, "id": IMMUTABLE, **_READ_ONLY,
}
PASSWORD_FIELDS = {"password": required("str", check=non_empty)}


def view(u):
    return {"id": u["id"], "username": u["username"],
            "displayName": u.get("displayName") or u["username"], "email": u.get("email", ""),
            "roles": list(u.get("roles", []))}


def _check_roles(st, roles):
    known = {r["id"] for r in st.roles}
    for r in roles:
        if r not in known:
            raise errors.INPUT_VALIDATION(f"roles contains an unknown role id: {r}")


def from_seed(st, obj):
    obj = dict(obj)
    by_name = {r["name"]: r["id"] for r in st.roles}
    roles = [by_name.get(r, r) for r in obj.get("roles") or []]
    _check_roles(st, roles)
    existing = st.find_user(obj.get("username"))
    uid = obj.get("id") or (existing["id"] if existing else new_id())
    if existing:
        del st.users[existing["id"]]
    if not obj.get("username") or not isinstance(obj.get("password", ""), str):
        raise errors.INPUT_VALIDATION("a seed user needs a username and a string password")
    st.users[uid] = {"id": uid, "username": obj["username"], "password": obj.get("password") or "",
                     "displayName": obj.get("displayName") or obj["username"],
                     "email": obj.get("email") or "", "roles": roles,
                     "apiKey": obj.get("apiKey"), "apiSecret": obj.get("apiSecret")}


def to_seed(st, u):
    return dict(u)


def get_user(st, uid):
    if uid not in st.users:
        raise errors.USER_NOT_FOUND()
    return st.users[uid]


@route("/apis/users/enabled", "GET")
def enabled():
    st = state()
    return listing([{**view(u), "assets": [], "sessions": [], "shares": {}}
                    for u in st.users.values() if st.user_roles(u)])


@route("/apis/groups/enabled", "GET")
def groups():
    raise errors.NO_RESULTS()  # no directory server, so never any group (core.md 6.1)


@route("/apis/roles", "GET", perm="Administrator")
def roles():
    return listing([dict(r) for r in state().roles])


@route("/apis/users", "GET", perm="Administrator")
def list_users():
    return listing([view(u) for u in state().users.values()])


@route("/apis/users", "POST", perm="Administrator")
def create_user():
    st = state()
    v = fields.validate(body({}), CREATE_FIELDS)
    _check_roles(st, v["roles"])
    if any(u["username"].lower() == v["username"].lower() for u in st.users.values()):
        raise errors.USER_EXISTS()
    uid = new_id()
    st.users[uid] = {"id": uid, "username": v["username"], "password": v["password"],
                     "displayName": v.get("displayName") or v["username"], "email": v["email"],
                     "roles": v["roles"], "apiKey": None, "apiSecret": None}
    return created(view(st.users[uid]))


@route("/apis/users/<userId>", "GET", perm="Administrator")
def get_one(userId):
    return ok(view(get_user(state(), userId)))


@route("/apis/users/<userId>", "PUT", perm="Administrator")
def edit_user(userId):
    st = state()
    u = get_user(st, userId)
    v = fields.validate(body({}), EDIT_FIELDS, view(u))
    _check_roles(st, v["roles"])
    u.update(displayName=v.get("displayName") or u["username"], email=v["email"], roles=v["roles"])
    return ok(view(u))


@route("/apis/users/<userId>/password", "PUT", perm="Administrator")
def set_password(userId):
    st = state()
    u = get_user(st, userId)
    u["password"] = fields.validate(body({}), PASSWORD_FIELDS)["password"]
    return ok(view(u))  # the password itself is never returned


@route("/apis/users/<userId>", "DELETE", perm="Administrator")
def delete_user(userId):
    st = state()
    get_user(st, userId)
    if userId == g.user["id"]:
        raise errors.CANNOT_DELETE_SELF()
    del st.users[userId]
    for table in (st.logins, st.tokens):
        for key in [k for k, rec in table.items() if rec["userId"] == userId]:
            del table[key]
    return empty()
