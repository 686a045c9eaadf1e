"""One reader of options: the same option sets, sent through each way into the collection (a module process, a
task run on the controller by the action plugin, the event source hmp_watch, an item of the inventory plugin
hmp_devices, the lookup plugin hmp), give the same connection or the same refusal.

The module way builds a real ``HmpModule`` from module arguments (``AnsibleModule`` reads them as a task gives
them), so this also fails on a release of ansible-core that changes how a module loads or checks its options
(``engine/_module.py`` leans on that)."""

import json
import os

import pytest

from ansible.module_utils.testing import patch_module_args

from ansible_collections.haivision.hmp.plugins.inventory.hmp_devices import ConfigError, InventoryModule
from ansible_collections.haivision.hmp.plugins.module_utils.engine._module import HmpModule
from ansible_collections.haivision.hmp.plugins.module_utils.engine._options import CONNECTION_ARGUMENT_SPEC, read_options
from ansible_collections.haivision.hmp.plugins.module_utils.engine._schema import InvalidValue
from ansible_collections.haivision.hmp.plugins.plugin_utils._hmp_lookup import read_request
from ansible_collections.haivision.hmp.plugins.plugin_utils._watch import WatchError, watch_options

HOST = "hmp.example.com"
PASSWORD = "Secret-pass-0042"
SECRET = "Api-secret-0042"
USER = {"hmp_host": HOST, "hmp_username": "admin", "hmp_password": PASSWORD}
KEY = {"hmp_host": HOST, "hmp_api_key": "key-1", "hmp_api_secret": SECRET}
ENV_USER = {"HMP_USERNAME": "env-admin", "HMP_PASSWORD": PASSWORD}
ENV_KEY = {"HMP_API_KEY": "env-key", "HMP_API_SECRET": SECRET}


def connection(url="https://" + HOST, login="username", username="admin", environment=(), **settings):
    view = {"url": url, "login": login, "username": username, "validate_certs": True, "ca_path": None, "timeout": 30,
            "retries": 5, "retry_delay": 0.5, "from_environment": sorted(environment)}
    view.update(settings)
    return view


# (what the input gives, the HMP_* environment, the connection or the refusal it makes)
CASES = [
    ("complete", USER, {}, connection()),
    ("a username alone takes its password from HMP_PASSWORD", {"hmp_host": HOST, "hmp_username": "admin"},
     {"HMP_PASSWORD": PASSWORD}, connection(environment=["hmp_password"])),
    ("the environment gives the whole login", {"hmp_host": HOST}, ENV_USER,
     connection(username="env-admin", environment=["hmp_username", "hmp_password"])),
    ("an API key given is not mixed with HMP_USERNAME and HMP_PASSWORD", KEY, ENV_USER,
     connection(login="api key", username=None)),
    ("a username given is not mixed with an API key pair of the environment", USER, ENV_KEY, connection()),
    ("an API key alone takes its secret from HMP_API_SECRET", {"hmp_host": HOST, "hmp_api_key": "key-1"},
     dict(ENV_USER, HMP_API_SECRET=SECRET), connection(login="api key", username=None, environment=["hmp_api_secret"])),
    ("every other option from the environment, each beaten by the input",
     {"hmp_host": HOST, "hmp_timeout": 12, "hmp_username": "admin", "hmp_password": PASSWORD},
     {"HMP_HOST": "other.example.com", "HMP_PORT": "8443", "HMP_PROTOCOL": "http", "HMP_VALIDATE_CERTS": "no",
      "HMP_CA_PATH": "/etc/pki/ca.pem", "HMP_TIMEOUT": "99", "HMP_RETRIES": "2", "HMP_RETRY_DELAY": "0.25"},
     connection(url="http://%s:8443" % HOST, validate_certs=False, ca_path="/etc/pki/ca.pem", timeout=12, retries=2,
                retry_delay=0.25, environment=["hmp_port", "hmp_protocol", "hmp_validate_certs", "hmp_ca_path",
                                               "hmp_retries", "hmp_retry_delay"])),
    ("a scheme and port in hmp_host win over the port and protocol", dict(USER, hmp_host="http://%s:8080" % HOST),
     {"HMP_PORT": "9000"}, connection(url="http://%s:8080" % HOST, environment=["hmp_port"])),
    ("a variable set to an empty text counts as not set", {"hmp_host": HOST, "hmp_username": "admin"},
     {"HMP_PASSWORD": PASSWORD, "HMP_API_KEY": "", "HMP_PORT": ""}, connection(environment=["hmp_password"])),
    ("an empty text given counts as not given", dict(KEY, hmp_username="", hmp_password=""), ENV_USER,
     connection(login="api key", username=None)),
    ("two logins given", dict(USER, hmp_api_key="key-1", hmp_api_secret=SECRET), {},
     "hmp_username/hmp_password and hmp_api_key/hmp_api_secret are both given, and they are two ways to log in: give "
     "one pair"),
    ("two logins in the environment", {"hmp_host": HOST}, dict(ENV_USER, **ENV_KEY),
     "the environment variables HMP_USERNAME/HMP_PASSWORD and HMP_API_KEY/HMP_API_SECRET are both set, and they are "
     "two ways to log in"),
    ("half a login", {"hmp_host": HOST, "hmp_api_key": "key-1"}, {},
     "hmp_api_secret: required with hmp_api_key (given), and the environment variable HMP_API_SECRET is not set either"),
    ("half a login from the environment", {"hmp_host": HOST}, {"HMP_USERNAME": "env-admin"},
     "hmp_password: required with hmp_username (from the environment variable HMP_USERNAME), and the environment "
     "variable HMP_PASSWORD is not set either"),
    ("no login", {"hmp_host": HOST}, {}, "no credentials: give hmp_username and hmp_password, or hmp_api_key and "
                                         "hmp_api_secret"),
    ("no host", {"hmp_username": "admin", "hmp_password": PASSWORD}, {},
     "hmp_host: required (or the HMP_HOST environment variable)"),
    ("a port that is not a number", dict(USER, hmp_port="https"), {}, "hmp_port: 'https' is not a whole number"),
    ("a port from the environment that is not a number", USER, {"HMP_PORT": "eighty"},
     "hmp_port (from the environment variable HMP_PORT): 'eighty' is not a whole number"),
    ("a port out of range", dict(USER, hmp_port=70000), {}, "hmp_port: 70000 is out of range (1 to 65535)"),
    ("a protocol that is not one", dict(USER, hmp_protocol="ftp"), {}, "hmp_protocol: 'ftp' is not one of https, http"),
    ("no time to answer", dict(USER, hmp_timeout=0), {}, "hmp_timeout: 0 is not a positive number"),
    ("a bad boolean from the environment", USER, {"HMP_VALIDATE_CERTS": "maybe"},
     "hmp_validate_certs (from the environment variable HMP_VALIDATE_CERTS): 'maybe' is not true or false"),
]
IDS = [case[0] for case in CASES]


@pytest.fixture
def environment(monkeypatch, no_hmp_environment):
    def set_to(values):
        for name, value in values.items():
            monkeypatch.setenv(name, value)
    return set_to


def through_a_module(given, capsys):
    try:
        with patch_module_args(given):
            module = HmpModule(CONNECTION_ARGUMENT_SPEC)
    except SystemExit:
        return json.loads(capsys.readouterr().out)["msg"]
    return module.connection.view()


def through_a_task_on_the_controller(given, capsys):
    """The way of the modules' action on the controller (``Module.run_here``)."""
    try:
        return read_options(CONNECTION_ARGUMENT_SPEC, given, os.environ)[1].view()
    except InvalidValue as error:
        return str(error)


def through_the_event_source(given, capsys):
    try:
        return watch_options(given)["connection"].view()
    except WatchError as error:
        return str(error)


def through_the_inventory(given, capsys):
    try:
        return InventoryModule._server(0, given).connection.view()
    except ConfigError as error:
        text = str(error)
        for prefix in ("servers[0].", "servers[0]: "):
            if text.startswith(prefix):
                return text[len(prefix):]
        return text


def through_the_lookup(given, capsys):
    try:
        return read_request(["sources"], given).connection.view()
    except InvalidValue as error:  # the lookup raises it as AnsibleLookupError, as it is
        return str(error)


@pytest.mark.parametrize("way", [through_a_module, through_a_task_on_the_controller, through_the_event_source,
                                 through_the_inventory, through_the_lookup],
                         ids=["module process", "task on the controller", "event source", "inventory", "lookup"])
@pytest.mark.parametrize("case, given, env, expected", CASES, ids=IDS)
def test_the_same_options_make_the_same_connection_or_the_same_refusal_everywhere(
        way, case, given, env, expected, environment, capsys):
    environment(env)
    got = way(dict(given), capsys)
    if isinstance(expected, str):
        assert isinstance(got, str) and got.startswith(expected), got
        assert PASSWORD not in got and SECRET not in got
    else:
        assert got == expected
