"""Ways to connect: API key login, TLS verification, expired sessions, logout."""

from harness import API_KEY, API_SECRET

SYSTEM = {"name": "system", "haivision.hmp.hmp_system_info": {}}
NO_PASSWORD = {"HMP_USERNAME": "", "HMP_PASSWORD": ""}


def test_api_key_login_uses_a_bearer_token(emulator, playbook):
    emulator.clear_requests_log()
    run = playbook([SYSTEM], env=dict(NO_PASSWORD, HMP_API_KEY=API_KEY, HMP_API_SECRET=API_SECRET))
    assert run.returncode == 0, run.stdout
    assert run.result("system")["user"]["username"] == "haiadmin"
    assert ["%s %s" % (r["method"], r["route"]) for r in emulator.requests_log()] == [
        "POST /apis/authentication/login/key", "GET /apis/system/version", "GET /apis/authentication/login/key"]


def test_two_logins_in_the_environment_are_refused_and_a_task_that_names_one_uses_it(emulator, playbook):
    """The login is one method whole (contract of the one reader of options, engine/_options.py): a task that gives
    an API key pair is not refused because HMP_USERNAME and HMP_PASSWORD are set, nor mixed with them."""
    keyed = {"name": "keyed", "haivision.hmp.hmp_system_info": {"hmp_api_key": API_KEY, "hmp_api_secret": API_SECRET}}
    run = playbook([dict(SYSTEM, ignore_errors=True), keyed], env={"HMP_API_KEY": API_KEY, "HMP_API_SECRET": API_SECRET})
    assert run.status("system") == "failed"
    assert run.result("system")["msg"].startswith(
        "the environment variables HMP_USERNAME/HMP_PASSWORD and HMP_API_KEY/HMP_API_SECRET are both set")
    assert run.status("keyed") == "ok" and run.result("keyed")["user"]["username"] == "haiadmin"
    assert [r["route"] for r in emulator.requests_log()][0] == "/apis/authentication/login/key"


def test_missing_credentials_say_what_to_give(playbook):
    run = playbook([SYSTEM], env=NO_PASSWORD)
    assert "no credentials: give hmp_username and hmp_password" in run.result("system")["msg"]


def test_with_the_default_settings_a_private_ca_fails_and_the_message_says_how_to_fix_it(emulator, playbook):
    emulator.reset_counters()
    run = playbook([SYSTEM], unset=["HMP_CA_PATH", "HMP_VALIDATE_CERTS"])
    assert run.returncode != 0
    message = run.result("system")["msg"]
    assert "certificate could not be verified" in message
    assert "hmp_ca_path" in message and "hmp_validate_certs" in message  # the two ways out
    assert emulator.counters()["total"] == 0  # the TLS handshake failed: no request reached HMP


def test_hmp_ca_path_makes_the_same_server_verifiable(emulator, playbook):
    run = playbook([dict(SYSTEM, name="without", ignore_errors=True),
                    {"name": "with", "haivision.hmp.hmp_system_info": {"hmp_ca_path": emulator.ca_path}}],
                   unset=["HMP_CA_PATH"])
    assert run.status("without") == "failed" and "could not be verified" in run.result("without")["msg"]
    assert run.status("with") == "ok"
    assert run.result("with")["user"]["username"] == "haiadmin"


def test_validate_certs_false_connects_and_warns_once_per_task(emulator, playbook):
    emulator.reset({"sessions": [{"title": "Studio %d" % n, "sources": []} for n in range(3)]})
    emulator.reset_counters()
    tasks = [{"name": "export", "haivision.hmp.hmp_config_info": {}}, SYSTEM]
    run = playbook(tasks, env={"HMP_VALIDATE_CERTS": "false"}, unset=["HMP_CA_PATH"])
    assert run.returncode == 0, run.stdout
    assert emulator.counters()["total"] >= 10  # several requests in each task, all unverified
    for name in ("export", "system"):
        [warning] = run.result(name).get("warnings", [])  # one per task, however many requests it sent
        assert warning.startswith("hmp_validate_certs is false: the identity of localhost is not verified")
    assert "[WARNING]: hmp_validate_certs is false" in run.stderr


def test_every_task_logs_out(emulator, playbook):
    emulator.reset_counters()
    playbook([SYSTEM, SYSTEM])
    routes = emulator.counters()["by_route"]
    assert routes["POST /apis/authentication/login"] == 2
    assert routes["DELETE /apis/authentication/login"] == 2
