"""System version, users, roles, groups (contract: version, users, roles)."""

DEFAULT_ROLES = {
    "admin": ("Administrator", True),
    "creator": ("Content Creator", False),
    "contributor": ("Content Contributor", False),
    "viewer": ("Viewer", False),
    "stb": ("Set-Top Box", False),
}
FORBIDDEN = ("030001", "Forbidden", "Forbidden")  # (contract: forbidden)


def _admin_user(admin):
    users, _ = admin.ok_list(admin.get("/apis/users"))
    return next(u for u in users if u["username"] == "haiadmin")


# ---------------------------------------------------------------- system
def test_system_version(admin):
    data = admin.ok(admin.get("/apis/system/version"))
    assert isinstance(data["version"], str) and data["version"].startswith("4.1")  # the emulator speaks HMP 4.1
    assert isinstance(data["build"], str)


def test_system_version_without_login_is_401(anon):
    anon.err(anon.get("/apis/system/version"), 401, "020001", "UserNotAuthorized",
             "User is not authorized")


def test_system_version_comes_from_seed(seed):
    c = seed({"version": {"version": "4.1.1", "build": "41100"}})
    assert c.ok(c.get("/apis/system/version")) == {"version": "4.1.1", "build": "41100"}


# ---------------------------------------------------------------- roles
def test_roles_are_the_five_defaults(admin):
    roles, _ = admin.ok_list(admin.get("/apis/roles"))
    got = {r["id"]: (r["name"], r["admin"]) for r in roles}
    assert got == DEFAULT_ROLES


def test_roles_require_login(anon):
    anon.err(anon.get("/apis/roles"), 401, "020001", "UserNotAuthorized")


# ---------------------------------------------------------------- users/enabled
def test_users_enabled_lists_users_with_a_role(admin, make):
    make.user("viewer", username="vera")
    make.user(None, username="norole")
    users, paging = admin.ok_list(admin.get("/apis/users/enabled"))
    names = {u["username"] for u in users}
    assert {"haiadmin", "vera"} <= names
    assert "norole" not in names  # enabled = has a role
    assert paging["results"] == len(users)
    for u in users:
        assert {"id", "username", "displayName", "email"} <= set(u)
        assert "password" not in u


def test_users_enabled_open_to_every_role(login_as):
    viewer = login_as("viewer")  # Authorization: All
    users, _ = viewer.ok_list(viewer.get("/apis/users/enabled"))
    assert users


def test_users_enabled_without_login_is_401(anon):
    anon.err(anon.get("/apis/users/enabled"), 401, "020001", "UserNotAuthorized")


# ---------------------------------------------------------------- groups/enabled
def test_groups_enabled_without_directory_is_404_no_results(admin):
    # no groups without a directory server -> 404 NoResults (contract: empty_list)
    admin.err(admin.get("/apis/groups/enabled"), 404, "040012", "NoResults", "No results")


def test_groups_enabled_without_login_is_401(anon):
    anon.err(anon.get("/apis/groups/enabled"), 401, "020001", "UserNotAuthorized")


# ---------------------------------------------------------------- users (contract: users)
def test_create_user_201_without_password_in_answer(admin):
    body = {"username": "jdoe", "displayName": "Jane Doe", "email": "jdoe@example.com",
            "password": "secret-pass-1", "roles": ["viewer"]}
    u = admin.ok(admin.post("/apis/users", body), 201)
    assert u["username"] == "jdoe" and u["displayName"] == "Jane Doe"
    assert u["email"] == "jdoe@example.com" and u["roles"] == ["viewer"]
    assert isinstance(u["id"], str) and u["id"]
    assert "password" not in u


def test_created_user_can_log_in(make, new_client):
    make.user("viewer", username="alice", password="alice-pass-1")
    c = new_client()
    r = c.login("alice", "alice-pass-1")
    assert r.json()["data"]["username"] == "alice"


def test_create_user_with_taken_username_is_409(admin, make):
    make.user("viewer", username="dup")
    body = {"username": "dup", "displayName": "X", "email": "x@example.com",
            "password": "another-pass", "roles": ["viewer"]}
    admin.err(admin.post("/apis/users", body), 409, "060010", "UserExists", "User already exists")


def test_create_user_admin_username_is_409(admin):
    body = {"username": "haiadmin", "displayName": "X", "email": "x@example.com",
            "password": "another-pass", "roles": ["viewer"]}
    admin.err(admin.post("/apis/users", body), 409, "060010", "UserExists", "User already exists")


def test_duplicate_display_names_allowed(admin, make):
    # users' display names are not unique (contract: names_not_unique)
    a = make.user("viewer", displayName="Same Name")
    b = make.user("viewer", displayName="Same Name")
    assert a["id"] != b["id"]


def test_list_users_includes_users_without_role(admin, make):
    make.user(None, username="norole")
    users, paging = admin.ok_list(admin.get("/apis/users"))
    names = {u["username"] for u in users}
    assert {"haiadmin", "norole"} <= names
    assert all("password" not in u for u in users)
    assert paging["results"] == len(users)


def test_get_user_by_id(admin, make):
    u = make.user("creator", username="carl")
    got = admin.ok(admin.get(f"/apis/users/{u['id']}"))
    assert got["id"] == u["id"] and got["username"] == "carl" and got["roles"] == ["creator"]
    assert "password" not in got


def test_get_unknown_user_is_404(admin):
    admin.err(admin.get("/apis/users/does-not-exist"), 404, "040004", "UserNotFound",
              "User not found")


def test_put_user_changes_display_name_email_roles(admin, make):
    u = make.user("viewer", username="pat")
    body = {"displayName": "Pat New", "email": "pat@new.example.com", "roles": ["creator"]}
    got = admin.ok(admin.put(f"/apis/users/{u['id']}", body))
    assert (got["displayName"], got["email"], got["roles"]) == ("Pat New", "pat@new.example.com",
                                                                ["creator"])
    again = admin.ok(admin.get(f"/apis/users/{u['id']}"))
    assert (again["displayName"], again["email"], again["roles"]) == ("Pat New",
                                                                      "pat@new.example.com",
                                                                      ["creator"])


def test_put_user_changing_username_is_400(admin, make, state):
    # username is immutable; a different Immutable value -> 400 010001 (contract: read_only_fields)
    u = make.user("viewer", username="fixed")
    before = state()
    body = {"username": "renamed", "displayName": "X", "email": "x@example.com", "roles": ["viewer"]}
    admin.err(admin.put(f"/apis/users/{u['id']}", body), 400, "010001", "InputValidation")
    assert state() == before


def test_put_unknown_user_is_404(admin):
    body = {"displayName": "X", "email": "x@example.com", "roles": ["viewer"]}
    admin.err(admin.put("/apis/users/does-not-exist", body), 404, "040004", "UserNotFound")


def test_put_password_then_login_with_new_password(admin, make, new_client):
    u = make.user("viewer", username="pw", password="old-pass-123")
    r = admin.put(f"/apis/users/{u['id']}/password", {"password": "new-pass-456"})
    assert r.status_code == 200, r.text
    assert "new-pass-456" not in r.text and "old-pass-123" not in r.text
    c = new_client()
    c.login("pw", "new-pass-456")
    r = new_client().post("/apis/authentication/login", {"username": "pw", "password": "old-pass-123"})
    c.err(r, 401, "020002", "InvalidCredentials")


def test_put_password_unknown_user_is_404(admin):
    r = admin.put("/apis/users/does-not-exist/password", {"password": "new-pass-456"})
    admin.err(r, 404, "040004", "UserNotFound")


def test_delete_user(admin, make, new_client):
    u = make.user("viewer", username="gone", password="gone-pass-1")
    admin.ok_empty(admin.delete(f"/apis/users/{u['id']}"))
    admin.err(admin.get(f"/apis/users/{u['id']}"), 404, "040004", "UserNotFound")
    r = new_client().post("/apis/authentication/login", {"username": "gone", "password": "gone-pass-1"})
    admin.err(r, 401, "020002", "InvalidCredentials")


def test_delete_unknown_user_is_404(admin):
    admin.err(admin.delete("/apis/users/does-not-exist"), 404, "040004", "UserNotFound")


def test_delete_own_account_is_409(admin, state):
    me = _admin_user(admin)
    before = state()
    admin.err(admin.delete(f"/apis/users/{me['id']}"), 409, "060011", "CannotDeleteSelf",
              "Cannot delete own account")
    assert state() == before


def test_delete_own_account_as_second_admin_is_409(login_as):
    other_admin = login_as("admin")
    users, _ = other_admin.ok_list(other_admin.get("/apis/users"))
    me = next(u for u in users if u["username"] != "haiadmin" and u["roles"] == ["admin"])
    other_admin.err(other_admin.delete(f"/apis/users/{me['id']}"), 409, "060011",
                    "CannotDeleteSelf")


def test_user_administration_requires_administrator(admin, make, login_as, state):
    target = make.user("viewer", username="target")
    for role in ("viewer", "creator", "stb"):
        c = login_as(role)
        before = state()
        c.err(c.get("/apis/users"), 403, *FORBIDDEN)
        c.err(c.get(f"/apis/users/{target['id']}"), 403, *FORBIDDEN)
        c.err(c.post("/apis/users", {"username": "x" + role, "displayName": "x",
                                     "email": "x@example.com", "password": "pass-12345",
                                     "roles": ["admin"]}), 403, *FORBIDDEN)
        c.err(c.put(f"/apis/users/{target['id']}",
                    {"displayName": "x", "email": "x@example.com", "roles": ["admin"]}),
              403, *FORBIDDEN)
        c.err(c.put(f"/apis/users/{target['id']}/password", {"password": "pass-12345"}),
              403, *FORBIDDEN)
        c.err(c.delete(f"/apis/users/{target['id']}"), 403, *FORBIDDEN)
        assert state() == before


def test_removing_all_roles_disables_the_user(admin, make, new_client):
    u = make.user("viewer", username="fading", password="fading-pass-1")
    admin.ok(admin.put(f"/apis/users/{u['id']}",
                       {"displayName": u["displayName"], "email": u["email"], "roles": []}))
    users, _ = admin.ok_list(admin.get("/apis/users/enabled"))
    assert "fading" not in [x["username"] for x in users]
    r = new_client().post("/apis/authentication/login",
                          {"username": "fading", "password": "fading-pass-1"})
    admin.err(r, 401, "020001", "UserNotAuthorized", "User has no roles assigned")


def test_login_as_each_default_role(make, new_client):
    for role in DEFAULT_ROLES:
        make.user(role, username=f"r-{role}", password="role-pass-1")
        c = new_client()
        data = c.ok(c.login(f"r-{role}", "role-pass-1"))
        assert data["username"] == f"r-{role}"
