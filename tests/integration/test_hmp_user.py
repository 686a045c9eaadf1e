"""hmp_user and hmp_user_info end to end: the lifecycle of an account, roles by name or id, passwords
(never compared, never shown, set with update_password=always), the caller's own account, listing.

Zero-write claims are read from the emulator's counters, never assumed.
"""

import requests
from harness import built_in_users, role_id, tasks_of

USER = "haivision.hmp.hmp_user"
INFO = "haivision.hmp.hmp_user_info"
PASSWORD = "Jdoe-First-Pass-4711"
OTHER_PASSWORD = "Jdoe-Other-Pass-4712"
NEW_PASSWORD = "Jdoe-New-Pass-4713"
JDOE = {"username": "jdoe", "display_name": "Jane Doe", "email": "jdoe@example.com", "password": PASSWORD,
        "roles": ["Content Creator"]}
ROLE_NAMES = "Administrator, Content Contributor, Content Creator, Set-Top Box, Viewer"


task = tasks_of(USER, "user")


def stored_user(emulator, username="jdoe"):
    return next((u for u in emulator.state()["users"] if u["username"] == username), None)


def login_status(emulator, username, password):
    response = requests.post(emulator.url + "/apis/authentication/login",
                             json={"username": username, "password": password},
                             verify=emulator.ca_path, timeout=30)
    return response.status_code


def seed_jdoe(emulator, **extra):
    emulator.reset({"users": [dict({"username": "jdoe", "password": PASSWORD, "displayName": "Jane Doe",
                                    "email": "jdoe@example.com", "roles": ["creator"]}, **extra)]})


def test_the_lifecycle_of_a_user(emulator, playbook):
    """Create, the same again (also with another password: on_create), an update in check mode, the update, the
    roles again in another order and by id, a new password (always), delete, delete again: one play, each
    task's writes read from the emulator's request log."""
    update = {"username": "jdoe", "display_name": "J. Doe", "roles": ["Viewer", role_id(emulator, "Content Contributor")]}
    steps = ["create", "same", "other password", "update in check mode", "update", "same roles", "new password",
             "delete", "delete again"]
    run = playbook([
        task(JDOE, name="create", diff=True),
        task(JDOE, name="same"),
        task(dict(JDOE, password=OTHER_PASSWORD), name="other password"),
        task(update, name="update in check mode", check_mode=True, diff=True),
        task(update, name="update", diff=True),
        task(dict(update, roles=[role_id(emulator, "Viewer"), "Content Contributor"]), name="same roles"),
        task({"username": "jdoe", "password": NEW_PASSWORD, "update_password": "always"}, name="new password",
             diff=True),
        task({"username": "jdoe", "state": "absent"}, name="delete", diff=True),
        task({"username": "jdoe", "state": "absent"}, name="delete again"),
    ])
    assert run.returncode == 0, run.stdout
    assert run.changes(*steps) == {"create": True, "same": False, "other password": False,
                                   "update in check mode": True, "update": True, "same roles": False,
                                   "new password": True, "delete": True, "delete again": False}
    assert [run.writes(step) for step in steps] == [
        ["POST /apis/users"], [], [], [], ["PUT /apis/users/:userId"], [], ["PUT /apis/users/:userId/password"],
        ["DELETE /apis/users/:userId"], []]

    created = run.result("create")
    assert created["diff"]["before"] == {}
    after = created["diff"]["after"]
    assert (after["username"], after["display_name"], after["email"], after["roles"]) == (
        "jdoe", "Jane Doe", "jdoe@example.com", ["Content Creator"])
    [posted] = run.sent("create", "POST /apis/users")
    assert (posted["displayName"], posted["roles"], posted["password"]) == (
        "Jane Doe", [role_id(emulator, "Content Creator")], PASSWORD)
    assert created["user"]["id"] and "password" not in created["user"]

    assert run.result("update in check mode")["diff"]["after"]["display_name"] == "J. Doe"
    result = run.result("update")  # diff.after names the roles, the server gets their ids, other fields kept
    assert result["diff"]["before"]["roles"] == ["Content Creator"]
    assert result["diff"]["after"]["roles"] == ["Content Contributor", "Viewer"]
    assert result["diff"]["after"]["display_name"] == "J. Doe"
    [put] = run.sent("update", "PUT /apis/users/:userId")
    assert (put["displayName"], sorted(put["roles"]), put["email"]) == (
        "J. Doe", sorted([role_id(emulator, "Content Contributor"), role_id(emulator, "Viewer")]), "jdoe@example.com")

    rotated = run.result("new password")
    assert rotated["diff"]["after"]["password"] == "******** (changed)"
    assert run.sent("new password", "PUT /apis/users/:userId/password") == [{"password": NEW_PASSWORD}]
    [entry] = [e for e in run.requests("new password") if e["method"] == "PUT"]
    assert entry["path"] == "/apis/users/%s/password" % created["user"]["id"]

    assert run.result("delete")["diff"]["after"] == {}
    assert stored_user(emulator) is None


def test_a_new_password_logs_in_and_the_old_one_no_longer_does(emulator, playbook):
    seed_jdoe(emulator)
    run = playbook([task({"username": "jdoe", "password": NEW_PASSWORD, "update_password": "always"})])
    assert run.result("user")["changed"] is True
    assert login_status(emulator, "jdoe", NEW_PASSWORD) == 200
    assert login_status(emulator, "jdoe", PASSWORD) == 401


def test_the_diff_of_a_new_user_shows_the_password_masked(emulator, playbook):
    run = playbook([task(JDOE)], diff=True)
    assert run.result("user")["changed"] is True
    assert run.result("user")["diff"]["after"].get("password") == "********"


def test_roles_are_taken_by_name_or_id_and_compared_as_a_set(emulator, playbook):
    seed_jdoe(emulator, roles=["creator", "viewer"])
    creator, viewer = role_id(emulator, "Content Creator"), role_id(emulator, "Viewer")
    emulator.reset_counters()
    run = playbook([
        task({"username": "jdoe", "roles": ["Viewer", creator]}, name="names and ids"),
        task({"username": "jdoe", "roles": [viewer, "Content Creator", creator]}, name="repeated"),
    ])
    assert run.result("names and ids")["changed"] is False
    assert run.result("repeated")["changed"] is False
    assert emulator.writes() == 0


def test_an_unknown_role_fails_naming_it_and_the_roles_that_exist_without_any_write(emulator, playbook):
    seed_jdoe(emulator)
    before = emulator.state()
    emulator.reset_counters()
    run = playbook([
        task(dict(JDOE, username="newbie", roles=["Viewer", "Janitor"]), name="create", ignore_errors=True),
        task({"username": "jdoe", "roles": ["Janitor"]}, name="update", ignore_errors=True),
    ])
    for name in ("create", "update"):
        assert run.status(name) == "failed"
        assert run.result(name)["msg"] == "roles: no role has the name or id 'Janitor' (there are: %s)" % ROLE_NAMES
    assert emulator.writes() == 0
    assert emulator.state() == before


def test_deleting_the_account_the_task_is_logged_in_with_sends_no_request(emulator, playbook):
    before = emulator.state()
    emulator.reset_counters()
    run = playbook([
        task({"username": "haiadmin", "state": "absent"}, name="delete", ignore_errors=True),
        task({"username": "haiadmin", "state": "absent"}, name="delete in check mode", ignore_errors=True,
             check_mode=True),
    ])
    for name in ("delete", "delete in check mode"):
        assert run.status(name) == "failed"
        message = run.result(name)["msg"]
        assert "'haiadmin' is the account this task is logged in with" in message
        assert "log in as another administrator" in message
    assert emulator.counters()["total"] == 0
    assert emulator.state() == before


def test_deleting_the_own_account_by_id_or_with_an_api_key_fails_before_any_write_and_keeps_it(emulator, playbook):
    admin_id = stored_user(emulator, "haiadmin")["id"]
    emulator.reset_counters()
    by_id = playbook([task({"id": admin_id, "state": "absent"})])
    api_key = {"HMP_USERNAME": "", "HMP_PASSWORD": "", "HMP_API_KEY": "integration-api-key",
               "HMP_API_SECRET": "integration-api-secret-0042"}
    by_key = playbook([task({"username": "haiadmin", "state": "absent"})], env=api_key)
    for run in (by_id, by_key):
        assert run.status("user") == "failed"
        message = run.result("user")["msg"]
        assert "'haiadmin' is the account this task is logged in with" in message, message
        assert "log in as another administrator" in message
    assert "(through hmp_api_key)" in by_key.result("user")["msg"]
    assert emulator.writes() == 0
    assert stored_user(emulator, "haiadmin") is not None


def test_an_id_with_another_username_fails_before_any_write_hmp_does_not_rename_accounts(emulator, playbook):
    seed_jdoe(emulator)
    jdoe_id = stored_user(emulator)["id"]
    before = emulator.state()
    emulator.reset_counters()
    run = playbook([
        task({"id": jdoe_id, "username": "jane", "display_name": "Jane"}, name="rename", ignore_errors=True),
        task({"id": jdoe_id, "username": "jane"}, name="rename in check mode", ignore_errors=True, check_mode=True),
        task({"id": jdoe_id, "username": "jdoe", "display_name": "Jane Doe"}, name="its own username"),
    ])
    for name in ("rename", "rename in check mode"):
        assert run.status(name) == "failed"
        assert run.result(name)["msg"].startswith(
            "username: HMP cannot rename a user account: the user with the id %r is 'jdoe', and this task asks for "
            "'jane'; nothing was written" % jdoe_id), run.result(name)["msg"]
        assert run.writes(name) == []
    assert run.result("its own username")["changed"] is False
    assert emulator.writes() == 0
    assert emulator.state() == before


def test_passwords_never_appear_in_verbose_diff_output(emulator, playbook):
    tasks = [
        task(JDOE, name="create"),
        task(dict(JDOE, password=OTHER_PASSWORD), name="same"),
        task({"username": "jdoe", "password": NEW_PASSWORD, "update_password": "always",
              "display_name": "J. Doe"}, name="rotate"),
        task(dict(JDOE, username="ghost", roles=["Janitor"]), name="unknown role", ignore_errors=True),
        task(dict(JDOE, username="JDOE"), name="taken", ignore_errors=True),
        task(dict(JDOE, update_password="sometimes"), name="bad option", ignore_errors=True),
        task({}, name="list", module=INFO),
        task({"username": "jdoe", "password": NEW_PASSWORD, "state": "absent"}, name="delete"),
    ]
    run = playbook(tasks, diff=True, verbosity=4)
    assert run.returncode == 0, run.stdout
    assert run.result("create")["changed"] is True
    assert run.result("same")["changed"] is False
    assert run.result("rotate")["changed"] is True
    for name in ("unknown role", "taken", "bad option"):
        assert run.status(name) == "failed"
    assert "409 060010 UserExists" in run.result("taken")["msg"]  # HMP's refusal, after the password was sent
    assert '"password": "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"' in run.stdout  # the arguments were printed
    assert run.result("delete")["changed"] is True
    everything = run.stdout + run.stderr + repr(run.results)
    for password in (PASSWORD, OTHER_PASSWORD, NEW_PASSWORD):
        assert password not in everything


def test_user_info_names_roles_lists_them_filters_and_reads_every_page(emulator, playbook):
    users = [{"id": "u-%03d" % i, "username": "user%03d" % i, "password": "pw-%03d-secret" % i,
              "roles": ["viewer"] if i % 2 else ["creator", "Viewer"]} for i in range(120)]
    users.append({"id": "u-none", "username": "norole", "password": "pw-none-secret", "roles": []})
    emulator.reset({"users": users})
    run = playbook([
        task({}, name="all", module=INFO),
        task({"username": "user007"}, name="by username", module=INFO),
        task({"id": "u-010"}, name="by id", module=INFO),
        task({"username": "nobody"}, name="no such username", module=INFO),
        task({"id": "no-such-id"}, name="no such id", module=INFO),
        task({"role": "Content Creator"}, name="by role", module=INFO),
        task({"role": role_id(emulator, "Viewer"), "username": "user008"}, name="by role id and username",
             module=INFO),
        task({"role": "Janitor"}, name="unknown role", module=INFO, ignore_errors=True),
    ])
    assert run.returncode == 0, run.stdout
    everyone = run.result("all")["users"]
    built_in = built_in_users(emulator)  # haiadmin (and operator: V5 b)
    assert len(everyone) == 121 + len(built_in)  # more than one page: 120 seeded, norole and the built-in ones
    assert len(set(u["id"] for u in everyone)) == len(everyone)
    assert not any("password" in u for u in everyone)
    by_name = dict((u["username"], u) for u in everyone)
    assert by_name["haiadmin"]["role_names"] == ["Administrator"]
    assert by_name["norole"]["role_names"] == []
    assert run.result("all")["roles"] == [
        {"id": role_id(emulator, name), "name": name, "admin": name == "Administrator"}
        for name in ("Administrator", "Content Creator", "Content Contributor", "Viewer", "Set-Top Box")]
    viewer, creator = role_id(emulator, "Viewer"), role_id(emulator, "Content Creator")
    [one] = run.result("by username")["users"]
    assert (one["id"], one["roles"], one["role_names"]) == ("u-007", [viewer], ["Viewer"])
    [other] = run.result("by id")["users"]
    assert (other["username"], sorted(other["roles"]), other["role_names"]) == (
        "user010", sorted([creator, viewer]), ["Content Creator", "Viewer"])
    assert run.result("no such username")["users"] == []
    assert run.result("no such id")["users"] == []
    creators = run.result("by role")["users"]  # read, then filtered: every page of the list, no q
    operator = [name for name in built_in if name == "operator"]  # V5 b: a built-in Content Creator
    assert sorted(u["username"] for u in creators) == sorted(operator + ["user%03d" % i for i in range(0, 120, 2)])
    assert all("Content Creator" in u["role_names"] for u in creators)
    assert [u["username"] for u in run.result("by role id and username")["users"]] == ["user008"]
    assert run.status("unknown role") == "failed"
    assert run.result("unknown role")["msg"] == "role: no role has the name or id 'Janitor' (there are: %s)" % ROLE_NAMES
    assert not any("q=" in (e["query"] or "") for e in run.requests("by role"))
