"""Users: GET /apis/users/enabled, and user administration, an undocumented extension that
models what HMP's administrators do in the web interface (contract: users, roles, built_in_accounts)."""
from flask import g

from . import auth, errors, fields
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


def view(st, u):
    return {"id": u["id"], "username": u["username"],
            "displayName": u.get("displayName") or u["username"], "email": u.get("email", ""),
            "roles": [auth.role_id(st, r) for r in st.user_roles(u)]}


def stored_role_ids(st, refs, seed=False):
    """The stored ids of the roles ``refs`` names (API ids; a seed may also use names), or 400."""
    out = []
    for ref in refs:
        role = auth.find_role(st, ref, seed)
        if role is None:
            raise errors.INPUT_VALIDATION(f"roles contains an unknown role id: {ref}")
        out.append(role["id"])
    return out


def from_seed(st, obj):
    obj = dict(obj)
    roles = stored_role_ids(st, obj.get("roles") or [], seed=True)
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
    return {**u, "roles": view(st, u)["roles"]}


def sync_built_in_accounts(st):
    """The operator account exists under V5 b only; a user of that name replaces it (contract:
    built_in_accounts)."""
    operator = st.operator
    if not st.behaviour.operator_account:
        st.users.pop(operator["id"], None)
    elif st.find_user(operator["username"]) is None:
        creator = [r["id"] for r in st.roles if auth.default_role_id(r) == "creator"]
        st.users[operator["id"]] = dict(operator, roles=creator[:1])


def get_user(st, uid):
    if uid not in st.users:
        raise errors.USER_NOT_FOUND()
    return st.users[uid]


@route("/apis/users/enabled", "GET", dead_login=errors.NO_RESULTS)
def enabled():
    st = state()
    return listing([{**view(st, u), "assets": [], "sessions": [], "shares": {}}
                    for u in st.users.values() if st.user_roles(u)])


@route("/apis/groups/enabled", "GET", dead_login=errors.NO_RESULTS)
def groups():
    return listing([])  # no directory server, so never any group (contract: users)


@route("/apis/roles", "GET", perm="Administrator", dead_login=errors.NO_RESULTS)
def roles():
    st = state()
    return listing([{**r, "id": auth.role_id(st, r)} for r in st.roles])


@route("/apis/users", "GET", perm="Administrator", dead_login=errors.NO_RESULTS)
def list_users():
    st = state()
    return listing([view(st, u) for u in st.users.values()])


@route("/apis/users", "POST", perm="Administrator")
def create_user():
    st = state()
    v = fields.validate(body({}), CREATE_FIELDS)
    roles = stored_role_ids(st, v["roles"])
    if any(u["username"].lower() == v["username"].lower() for u in st.users.values()):
        raise errors.USER_EXISTS()
    uid = new_id()
    st.users[uid] = {"id": uid, "username": v["username"], "password": v["password"],
                     "displayName": v.get("displayName") or v["username"], "email": v["email"],
                     "roles": roles, "apiKey": None, "apiSecret": None}
    return created(view(st, st.users[uid]))


@route("/apis/users/<userId>", "GET", perm="Administrator")
def get_one(userId):
    st = state()
    return ok(view(st, get_user(st, userId)))


@route("/apis/users/<userId>", "PUT", perm="Administrator")
def edit_user(userId):
    st = state()
    u = get_user(st, userId)
    v = fields.validate(body({}), EDIT_FIELDS, view(st, u), replaces=True)
    roles = stored_role_ids(st, v["roles"])
    u.update(displayName=v.get("displayName") or u["username"], email=v["email"], roles=roles)
    return ok(view(st, u))


@route("/apis/users/<userId>/password", "PUT", perm="Administrator")
def set_password(userId):
    st = state()
    u = get_user(st, userId)
    u["password"] = fields.validate(body({}), PASSWORD_FIELDS)["password"]
    return ok(view(st, u))  # the password itself is never returned


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
