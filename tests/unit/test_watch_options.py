"""The options of the hmp_watch event source: the modules' connection options (names, HMP_* environment,
checks), the watch's own, messages that name the option and the value, and the plugin's documentation."""

import os
import runpy

import pytest
import yaml

from ansible_collections.haivision.hmp.plugins.module_utils.engine._options import CONNECTION_ARGUMENT_SPEC, ENVIRONMENT
from ansible_collections.haivision.hmp.plugins.plugin_utils._watch import (
    ARGUMENT_SPEC,
    DEFAULT_IGNORED,
    DEFAULT_KINDS,
    WatchError,
    watch_options,
)

from conftest import ROOT

PLUGIN = os.path.join(ROOT, "extensions", "eda", "plugins", "event_source", "hmp_watch.py")
LOGIN = {"hmp_host": "hmp.example.com", "hmp_username": "eda", "hmp_password": "Secret-pass-0042"}


pytestmark = pytest.mark.usefixtures("no_hmp_environment")


def refused(args):
    with pytest.raises(WatchError) as error:
        watch_options(args)
    return str(error.value)


def test_the_defaults():
    options = watch_options(LOGIN)
    assert options["interval"] == 30
    assert options["kinds"] == list(DEFAULT_KINDS) and "video" not in options["kinds"]
    assert options["ignore_fields"] == list(DEFAULT_IGNORED)
    assert (options["bitrate_change"], options["initial"], options["inventory_host"]) == ("zero", "none", None)
    assert (options["hmp_protocol"], options["hmp_validate_certs"], options["hmp_timeout"]) == ("https", True, 30)


def test_the_connection_options_are_the_modules_own():
    assert dict((k, v) for k, v in ARGUMENT_SPEC.items() if k.startswith("hmp_")) == CONNECTION_ARGUMENT_SPEC


def test_every_connection_option_falls_back_to_its_environment_variable(monkeypatch):
    values = {"HMP_HOST": "env-host.example.com", "HMP_PORT": "8443", "HMP_PROTOCOL": "http",
              "HMP_USERNAME": "env-user", "HMP_PASSWORD": "env-password", "HMP_VALIDATE_CERTS": "false",
              "HMP_CA_PATH": "/etc/pki/ca.pem", "HMP_TIMEOUT": "12", "HMP_RETRIES": "2", "HMP_RETRY_DELAY": "0.25"}
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    options = watch_options({})
    assert (options["hmp_host"], options["hmp_port"], options["hmp_protocol"]) == ("env-host.example.com", 8443, "http")
    assert (options["hmp_username"], options["hmp_password"]) == ("env-user", "env-password")
    assert (options["hmp_validate_certs"], options["hmp_ca_path"]) == (False, "/etc/pki/ca.pem")
    assert (options["hmp_timeout"], options["hmp_retries"], options["hmp_retry_delay"]) == (12, 2, 0.25)


def test_an_api_key_pair_from_the_environment(monkeypatch):
    monkeypatch.setenv("HMP_API_KEY", "key")
    monkeypatch.setenv("HMP_API_SECRET", "secret")
    options = watch_options({"hmp_host": "hmp.example.com"})
    assert (options["hmp_api_key"], options["hmp_api_secret"]) == ("key", "secret")


def test_an_option_given_beats_its_environment_variable(monkeypatch):
    monkeypatch.setenv("HMP_HOST", "env-host.example.com")
    assert watch_options(LOGIN)["hmp_host"] == "hmp.example.com"


def test_values_from_a_rulebook_template_arrive_as_text_and_are_converted():
    options = watch_options(dict(LOGIN, hmp_port="8443", interval="2.5", hmp_validate_certs="no"))
    assert (options["hmp_port"], options["interval"], options["hmp_validate_certs"]) == (8443, 2.5, False)


def test_the_argument_ansible_rulebook_adds_for_feedback_is_not_an_option_error():
    assert watch_options(dict(LOGIN, eda_feedback_queue=object()))["hmp_host"] == "hmp.example.com"


@pytest.mark.parametrize("args, message", [
    ({"hmp_username": "eda", "hmp_password": "x"}, "hmp_host: required (or the HMP_HOST environment variable)"),
    (dict(LOGIN, hmp_host="  "), "hmp_host: required"),
    ({"hmp_host": "h"}, "no credentials: give hmp_username and hmp_password"),
    (dict(LOGIN, hmp_api_key="k", hmp_api_secret="s"), "two ways to log in"),
    ({"hmp_host": "h", "hmp_api_key": "k"}, "hmp_api_secret: required with hmp_api_key (given)"),
    (dict(LOGIN, hmp_port=0), "hmp_port: 0 is out of range (1 to 65535)"),
    (dict(LOGIN, hmp_port="https"), "hmp_port: 'https' is not"),
    (dict(LOGIN, hmp_protocol="ftp"), "hmp_protocol: 'ftp' is not one of https, http"),
    (dict(LOGIN, hmp_timeout=0), "hmp_timeout: 0 is not a positive number"),
    (dict(LOGIN, hmp_retries=-1), "hmp_retries: -1 is not a non-negative number"),
    (dict(LOGIN, hmp_validate_certs="maybe"), "hmp_validate_certs: 'maybe' is not true or false"),
    (dict(LOGIN, interval=0), "interval: 0.0 is not a positive number of seconds"),
    (dict(LOGIN, interval="often"), "interval: 'often' is not"),
    (dict(LOGIN, kinds=["source", "sources"]), "kinds: 'sources' is not one of source, session"),
    (dict(LOGIN, kinds=[]), "kinds: an empty list watches nothing"),
    (dict(LOGIN, ignore_fields=["sources.port"]), "ignore_fields: 'sources.port' is not a field name or kind.field"),
    (dict(LOGIN, bitrate_change="sometimes"), "bitrate_change: 'sometimes' is not one of zero, any"),
    (dict(LOGIN, initial="some"), "initial: 'some' is not one of none, all"),
    (dict(LOGIN, inventory_host=""), "inventory_host: '' is empty"),
    (dict(LOGIN, intervall=5), "intervall: not an option of haivision.hmp.hmp_watch (the options are bitrate_change"),
])
def test_a_refused_value_is_named_with_its_option(args, message):
    text = refused(args)
    assert message in text
    assert LOGIN["hmp_password"] not in text


def test_a_bad_value_from_the_environment_is_named_with_its_option(monkeypatch):
    monkeypatch.setenv("HMP_PORT", "eighty")
    assert "hmp_port (from the environment variable HMP_PORT): 'eighty' is not" in refused(LOGIN)


# -- the plugin's documentation ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def documentation():
    plugin = runpy.run_path(PLUGIN)
    return yaml.safe_load(plugin["DOCUMENTATION"]), yaml.safe_load(plugin["EXAMPLES"])


def test_the_documentation_lists_every_option_with_its_type_default_and_choices(documentation):
    documented = documentation[0]["options"]
    assert sorted(documented) == sorted(ARGUMENT_SPEC)
    for option, spec in ARGUMENT_SPEC.items():
        doc = documented[option]
        assert doc["type"] == spec["type"], option
        assert doc.get("default") == spec.get("default"), option
        assert doc.get("choices") == spec.get("choices"), option
        assert doc.get("elements") == spec.get("elements"), option
        assert bool(doc.get("required")) == bool(spec.get("required")), option
        if option in ENVIRONMENT:
            assert "E(%s)" % ENVIRONMENT[option] in " ".join(doc["description"]), option


def test_the_examples_use_only_documented_options_with_valid_values(documentation):
    documented, examples = documentation
    for rulebook in examples:
        for source in rulebook["sources"]:
            args = source["haivision.hmp.hmp_watch"]
            assert set(args) <= set(documented["options"])
            concrete = dict((k, v) for k, v in args.items() if "{{" not in str(v))
            watch_options(dict(concrete, hmp_password="from-a-vault"))


def test_the_guide_lists_every_option_with_its_environment_variable():
    with open(os.path.join(ROOT, "docs", "docsite", "rst", "guide_eda.rst")) as handle:
        guide = handle.read()
    table = guide[guide.index("\nOptions\n"):guide.index("\nWriting rules on")]
    for option, spec in ARGUMENT_SPEC.items():
        assert "``%s``" % option in table, option
        if option in ENVIRONMENT:
            assert "``%s``" % ENVIRONMENT[option] in table, option
    for choice in ARGUMENT_SPEC["kinds"]["choices"]:
        assert "``%s``" % choice in table
