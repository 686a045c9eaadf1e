"""Authentication: cookie and key logins, session info, logout and expiry (contract: login,
session_expiry, whoami)."""

# the conftest starts the emulator with these credentials
ADMIN_USER, ADMIN_PASSWORD = "haiadmin", "hmp-emulator"
API_KEY, API_SECRET = "test-key", "test-secret"
COOKIE = "calypso-session-id"

UNAUTHORIZED = ("020001", "UserNotAuthorized")


def test_cookie_login_returns_200_and_cookie_equal_to_session_id(anon):
    r = anon.post("/apis/authentication/login", {"username": ADMIN_USER, "password": ADMIN_PASSWORD})
    data = anon.ok(r, 200)  # the login POST answers 200, not 201 (contract: envelope)
    assert isinstance(data["sessionId"], str) and data["sessionId"]
    assert data["username"] == ADMIN_USER
    # Set-Cookie calypso-session-id=<id>, equal to data.sessionId (contract: login)
    assert COOKIE in r.headers.get("Set-Cookie", "")
    assert r.cookies.get(COOKIE) == data["sessionId"]


def test_cookie_session_gives_access(anon):
    r = anon.post("/apis/authentication/login", {"username": ADMIN_USER, "password": ADMIN_PASSWORD})
    sid = r.json()["data"]["sessionId"]
    anon.use_cookie(sid)
    data = anon.ok(anon.get("/apis/system/version"))
    assert "version" in data


def test_login_wrong_password_is_401_invalid_credentials(anon):
    r = anon.post("/apis/authentication/login", {"username": ADMIN_USER, "password": "wrong"})
    anon.err(r, 401, "020002", "InvalidCredentials", "Invalid credentials")


def test_login_unknown_user_is_401_invalid_credentials(anon):
    r = anon.post("/apis/authentication/login", {"username": "nobody", "password": "x"})
    anon.err(r, 401, "020002", "InvalidCredentials", "Invalid credentials")


def test_login_missing_password_is_400_input_validation(anon):
    r = anon.post("/apis/authentication/login", {"username": ADMIN_USER})
    anon.err(r, 400, "010001", "InputValidation")


def test_login_non_string_username_is_400_input_validation(anon):
    # the login page: "username or password missing or not a string"
    r = anon.post("/apis/authentication/login", {"username": 12, "password": ADMIN_PASSWORD})
    anon.err(r, 400, "010001", "InputValidation")


def test_login_of_user_without_role_is_401_no_roles(make, anon):
    make.user(role=None, username="lonely", password="lonely-pass-1")
    r = anon.post("/apis/authentication/login", {"username": "lonely", "password": "lonely-pass-1"})
    anon.err(r, 401, "020001", "UserNotAuthorized", "User has no roles assigned")


def test_get_login_probes_the_session(admin):
    data = admin.ok(admin.get("/apis/authentication/login"))
    assert data["sessionId"] == admin.session_id
    assert data["username"] == ADMIN_USER


def test_get_login_without_cookie_is_401(anon):
    anon.err(anon.get("/apis/authentication/login"), 401, *UNAUTHORIZED, "User is not authorized")


def test_get_login_with_unknown_cookie_is_401(anon):
    anon.use_cookie("00000000-0000-0000-0000-000000000000")
    anon.err(anon.get("/apis/authentication/login"), 401, *UNAUTHORIZED)


def test_delete_login_logs_out(admin):
    admin.ok_empty(admin.delete("/apis/authentication/login"))
    admin.err(admin.get("/apis/authentication/login"), 401, *UNAUTHORIZED)
    admin.err(admin.get("/apis/system/version"), 401, *UNAUTHORIZED)


def test_delete_login_twice_is_404_unknown_session(admin):
    admin.ok_empty(admin.delete("/apis/authentication/login"))
    r = admin.delete("/apis/authentication/login")
    admin.err(r, 404, "040022", "AuthSessionNotFound", "Unknown session")


def test_delete_login_with_unknown_cookie_is_404(anon):
    anon.use_cookie("11111111-2222-3333-4444-555555555555")
    r = anon.delete("/apis/authentication/login")
    anon.err(r, 404, "040022", "AuthSessionNotFound", "Unknown session")


def test_logout_only_ends_that_session(new_client, admin):
    other = new_client()
    other.login()
    admin.ok_empty(other.delete("/apis/authentication/login"))
    admin.ok(admin.get("/apis/system/version"))


def test_key_login_returns_200_and_token(anon):
    r = anon.post("/apis/authentication/login/key", {"apiKey": API_KEY, "apiSecret": API_SECRET})
    data = anon.ok(r, 200)
    assert isinstance(data["authToken"], str) and data["authToken"]


def test_bearer_token_gives_access(anon):
    anon.login_key()
    anon.ok(anon.get("/apis/system/version"))
    anon.err(anon.get("/apis/sources"), 404, "040012", "NoResults")  # authenticated, empty


def test_get_login_key_with_bearer(anon):
    anon.login_key()
    data = anon.ok(anon.get("/apis/authentication/login/key"))
    assert data["authToken"] == anon.s.headers["Authorization"].split(" ", 1)[1]


def test_get_login_key_without_token_is_401(anon):
    anon.err(anon.get("/apis/authentication/login/key"), 401, *UNAUTHORIZED)


def test_key_login_wrong_secret_is_401_invalid_credentials(anon):
    r = anon.post("/apis/authentication/login/key", {"apiKey": API_KEY, "apiSecret": "nope"})
    anon.err(r, 401, "020002", "InvalidCredentials")


def test_key_login_missing_key_is_400(anon):
    r = anon.post("/apis/authentication/login/key", {"apiSecret": API_SECRET})
    anon.err(r, 400, "010001", "InputValidation")


def test_unknown_bearer_token_is_401(anon):
    anon.s.headers["Authorization"] = "Bearer not-a-token"
    anon.err(anon.get("/apis/system/version"), 401, *UNAUTHORIZED)


def test_expired_cookie_session_is_401(admin, expire_sessions):
    admin.ok(admin.get("/apis/system/version"))
    expire_sessions()
    admin.err(admin.get("/apis/system/version"), 401, *UNAUTHORIZED)
    admin.err(admin.get("/apis/authentication/login"), 401, *UNAUTHORIZED)


def test_expired_bearer_token_is_401(anon, expire_sessions):
    anon.login_key()
    anon.ok(anon.get("/apis/system/version"))
    expire_sessions()
    anon.err(anon.get("/apis/system/version"), 401, *UNAUTHORIZED)


def test_login_again_after_expiry_works(admin, expire_sessions):
    # a client logs in again once on a 401 and retries (contract: session_expiry)
    expire_sessions()
    admin.err(admin.get("/apis/system/version"), 401, *UNAUTHORIZED)
    admin.login()
    admin.ok(admin.get("/apis/system/version"))


def test_reset_drops_login_sessions(admin, emulator):
    emulator.reset()
    admin.err(admin.get("/apis/system/version"), 401, *UNAUTHORIZED)
