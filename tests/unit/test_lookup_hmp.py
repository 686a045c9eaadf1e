"""The lookup plugin haivision.hmp.hmp without Ansible's plugin loader: its kinds held to the info modules, its
options and their refusals, its documentation held to the specs, and its reading through the real HmpClient over
an HMP server in memory (tests/integration/test_lookup_hmp.py runs it in ansible-playbook against the emulator).
The fourth way in of tests/unit/test_options.py is this plugin's option reading too."""

import importlib
import os
import re
import runpy

import jinja2
import jinja2.nodes
import pytest
import yaml

from ansible.errors import AnsibleError

from ansible_collections.haivision.hmp.plugins.module_utils.engine._options import (
    CONNECTION_ARGUMENT_SPEC,
    ENVIRONMENT,
    LOCK_ARGUMENT_SPEC,
)
from ansible_collections.haivision.hmp.plugins.module_utils.engine._schema import InvalidValue
from ansible_collections.haivision.hmp.plugins.plugin_utils._hmp_lookup import (
    KINDS,
    OWN_SPEC,
    answer,
    filter_spec,
    filters_of,
    read_request,
)

from conftest import ROOT
from fake_hmp import PASSWORD, FakeHmp


PASSPHRASE = "srt-passphrase-0042"
PIN = "Box-pin-40417"
LOGIN = {"hmp_host": "hmp.test", "hmp_username": "eda", "hmp_password": PASSWORD, "hmp_retries": 1}
PLUGIN = os.path.join(ROOT, "plugins", "lookup", "hmp.py")
FRAGMENTS = os.path.join(ROOT, "plugins", "doc_fragments")
SOURCES, DEVICES, SESSIONS = "/apis/sources", "/apis/devices/stbs", "/apis/sessions"


pytestmark = pytest.mark.usefixtures("no_hmp_environment")


def refused(terms, **given):
    with pytest.raises(InvalidValue) as error:
        read_request(terms, dict(LOGIN, **given))
    text = str(error.value)
    assert PASSWORD not in text
    return text


# -- the kinds are the info modules' -----------------------------------------------------------------

def info_modules():
    """The info modules that list one kind of objects (an ``info_module`` with a resource), by name."""
    names = []
    for name in sorted(os.listdir(os.path.join(ROOT, "plugins", "modules"))):
        if name.endswith("_info.py"):
            loaded = importlib.import_module("ansible_collections.haivision.hmp.plugins.modules.%s" % name[:-3])
            if loaded.MODULE.resource is not None:
                names.append(name[:-3])
    return names


def test_every_info_module_of_a_kind_is_a_kind_of_the_lookup_read_through_it():
    assert sorted(k.module for k in KINDS.values()) == info_modules()
    for kind in KINDS.values():
        loaded = importlib.import_module("ansible_collections.haivision.hmp.plugins.modules.%s" % kind.module)
        assert kind.info is loaded.MODULE and kind.name == kind.info.resource.plural


# -- the options --------------------------------------------------------------------------------------

def test_the_defaults_and_the_filters_of_a_kind():
    request = read_request(["sessions"], dict(LOGIN, title="Morning show"))
    assert request.kind is KINDS["sessions"]
    assert (request.options["return"], request.options["on_missing"], request.options["events"]) == \
        ("objects", "skip", False)
    assert request.options["title"] == "Morning show" and request.selection() == "title='Morning show'"
    assert request.connection.view()["url"] == "https://hmp.test"
    assert sorted(filter_spec(KINDS["sessions"])) == ["events", "id", "q", "title"]
    assert sorted(filter_spec(KINDS["events"])) == ["id", "session", "start_time"]


def test_values_from_a_template_arrive_as_text_and_are_converted():
    request = read_request(["videos"], dict(LOGIN, hmp_port="8443", metadata="yes", hmp_validate_certs="no"))
    assert (request.options["hmp_port"], request.options["metadata"]) == (8443, True)
    assert request.connection.view()["validate_certs"] is False


@pytest.mark.parametrize("terms, message", [
    ([], "_terms: give the kind of objects to read, one of categories, devices, events, recordings, sessions, "
         "sources, streams, users, videos"),
    (["sources", "sessions"], "_terms: give one kind of objects per lookup, not 2 ('sources', 'sessions')"),
    (["sesions"], "_terms: 'sesions' is not a kind of objects this lookup reads; the kinds are categories,"),
    (["session"], "_terms: 'session' is not a kind of objects this lookup reads"),
    ([["sources"]], "_terms: ['sources'] is not a kind of objects this lookup reads"),
])
def test_the_term_names_one_kind(terms, message):
    assert refused(terms).startswith(message)


@pytest.mark.parametrize("kind, given, message", [
    ("sources", {"title": "Morning show"},
     "title: not a filter of sources (their filters are id, name, q); title='Morning show' filters sessions and "
     "videos"),
    ("users", {"q": "jdoe"}, "q: not a filter of users (their filters are id, role, username); q='jdoe' filters sources, "
                             "sessions and videos"),
    ("events", {"title": "x"}, "title: not a filter of events (their filters are id, session, start_time)"),
    ("streams", {"status": "Online"}, "status: not a filter of streams (their filters are id, video); "
                                      "status='Online' filters devices"),
    ("sources", {"id": ""}, "id: '' is empty, and an empty id names nothing"),
    ("sessions", {"title": "  "}, "title: '  ' is empty, and an empty title names nothing"),
    ("events", {"session": ""}, "session: '' is empty"),
    ("devices", {"status": "Up"}, "status: 'Up' is not one of Never, Offline, Warning, Standby, Online"),
    ("sources", {"return": "all"}, "return: 'all' is not one of objects, ids"),
    ("sources", {"on_missing": "fail"}, "on_missing: 'fail' is not one of skip, warn, error"),
    ("sessions", {"events": "maybe"}, "events: 'maybe' is not true or false"),
    ("videos", {"categories": ["Locations"]}, "categories: ['Locations'] is not a dictionary"),
    ("categories", {"name": "Sports", "label": "Sports"},
     "label and name: the same filter of categories, given twice; give one"),
    ("sources", {"hmp_port": "https"}, "hmp_port: 'https' is not a whole number"),
])
def test_a_refused_filter_or_value_is_named_with_its_option(kind, given, message):
    assert refused([kind], **given).startswith(message)


def test_an_unknown_option_is_named_without_its_value_which_may_be_a_misspelt_secret():
    text = refused(["sources"], hmp_pasword="Not-to-be-shown-0042")
    assert text.startswith("hmp_pasword: not an option of haivision.hmp.hmp (the value given is not shown); the "
                           "filters of sources are id, name, q, and every kind takes on_missing and return and the "
                           "connection options hmp_api_key, ")
    assert "Not-to-be-shown-0042" not in text


def test_name_is_the_label_of_a_category_as_for_hmp_category_info():
    request = read_request(["categories"], dict(LOGIN, name="Locations"))
    assert request.options["label"] == "Locations" and request.given == {"name": "Locations"}


class Vaulted(object):
    """An encrypted text as a template gives it: a text once decrypted, or an error without its vault secret."""

    def __init__(self, text=None):
        self.text = text

    def __str__(self):
        if self.text is None:
            raise AnsibleError("Attempt to use undecryptable variable")
        return self.text


def test_an_encrypted_value_is_decrypted_and_one_that_cannot_be_is_named_without_its_value():
    request = read_request(["sources"], dict(LOGIN, hmp_password=Vaulted(PASSWORD)))
    assert request.connection.secrets == [PASSWORD]
    assert refused(["sources"], hmp_password=Vaulted()) == "hmp_password: Attempt to use undecryptable variable"


# -- the documentation ---------------------------------------------------------------------------------

def fragment(name):
    return yaml.safe_load(runpy.run_path(os.path.join(FRAGMENTS, name + ".py"))["ModuleDocFragment"].DOCUMENTATION)


@pytest.fixture(scope="module")
def documentation():
    plugin = runpy.run_path(PLUGIN)
    return yaml.safe_load(plugin["DOCUMENTATION"]), yaml.safe_load(plugin["EXAMPLES"]), yaml.safe_load(plugin["RETURN"])


def test_the_connection_options_are_the_modules_own_each_with_its_environment_variable():
    lookup, modules = fragment("lookup_connection")["options"], fragment("connection")["options"]
    assert sorted(lookup) == sorted(CONNECTION_ARGUMENT_SPEC)  # a lookup only reads: it takes no lock
    assert sorted(modules) == sorted(list(CONNECTION_ARGUMENT_SPEC) + list(LOCK_ARGUMENT_SPEC))
    for option, spec in LOCK_ARGUMENT_SPEC.items():
        assert (modules[option]["type"], modules[option].get("default")) == (spec["type"], spec.get("default")), option
        assert "E(%s)" % ENVIRONMENT[option] in " ".join(modules[option]["description"]), option
    for option, spec in CONNECTION_ARGUMENT_SPEC.items():
        for doc in (lookup[option], modules[option]):
            assert (doc["type"], doc.get("default"), doc.get("choices")) == \
                (spec["type"], spec.get("default"), spec.get("choices")), option
            assert bool(doc.get("required")) == bool(spec.get("required")), option
        assert lookup[option]["env"] == [{"name": ENVIRONMENT[option]}], option
        assert "E(%s)" % ENVIRONMENT[option] in " ".join(modules[option]["description"]), option


def test_the_documentation_lists_every_filter_and_option_with_its_type_default_and_choices(documentation):
    doc = documentation[0]
    assert doc["extends_documentation_fragment"] == ["haivision.hmp.lookup_connection"]
    documented = dict((k, v) for k, v in doc["options"].items() if k != "_terms")
    specs = {}
    for kind in KINDS.values():
        for option, spec in filter_spec(kind).items():
            specs.setdefault(option, spec)
            for alias in spec.get("aliases") or ():
                specs.setdefault(alias, {"type": spec["type"]})
    specs.update(OWN_SPEC)
    assert sorted(documented) == sorted(specs)
    for option, spec in specs.items():
        assert (documented[option]["type"], documented[option].get("default"), documented[option].get("choices")) == \
            (spec["type"], spec.get("default"), spec.get("choices")), option
    for kind in KINDS:
        assert "V(%s)" % kind in " ".join(doc["options"]["_terms"]["description"])


def lookup_calls(text):
    """``(kind, {option: value})`` of every call of the lookup in the Jinja of ``text``; a value that is not a
    constant is None."""
    calls = []
    for node in jinja2.Environment().parse(text).find_all(jinja2.nodes.Call):
        args = node.args
        if getattr(node.node, "name", None) in ("lookup", "query") and args and \
                getattr(args[0], "value", None) == "haivision.hmp.hmp":
            given = dict((k.key, getattr(k.value, "value", None)) for k in node.kwargs)
            calls.append(([a.value for a in args[1:]], given))
    return calls


def templates(value):
    if isinstance(value, dict):
        return [t for v in value.values() for t in templates(v)]
    if isinstance(value, list):
        return [t for v in value for t in templates(v)]
    return [value] if isinstance(value, str) and "haivision.hmp.hmp'" in value else []


def test_the_examples_call_the_lookup_with_options_it_takes(documentation):
    examples = documentation[1]
    calls = [call for task in examples for text in templates(task)  # a condition (when, that) is bare Jinja
             for call in lookup_calls(text if "{{" in text else "{{ %s }}" % text)]
    assert len(calls) >= 7
    for terms, given in calls:
        given = dict((k, "from-a-vault" if v is None else v) for k, v in given.items())
        login = {} if "hmp_api_key" in given else LOGIN
        read_request(terms, dict(login, **given))
    assert set(t[0] for t, _given in calls) >= {"sessions", "recordings", "devices", "videos", "events", "users"}


def test_the_guide_lists_every_kind_with_its_filters_and_its_info_module():
    with open(os.path.join(ROOT, "docs", "docsite", "rst", "guide_playbooks.rst")) as handle:
        guide = handle.read()
    section = guide[guide.index("\nObjects inline: the lookup ``haivision.hmp.hmp``\n"):]
    table = section[section.index(".. list-table::"):section.index("\n\n", section.index("   * - Kind"))]
    rows = dict((row.split("``")[1], row) for row in table.split("\n   * - ")[2:])
    assert sorted(rows) == sorted(KINDS)
    for kind in KINDS.values():
        assert sorted(re.findall(r"``(\w+)``", rows[kind.name])[1:]) == filters_of(kind), kind.name
        assert ":ansplugin:`haivision.hmp.%s#module`" % kind.module in rows[kind.name]


# -- the reading ----------------------------------------------------------------------------------------

def udp(source_id, name, port):
    return {"id": source_id, "name": name, "type": "UDP", "host": "", "port": port, "multicast": False,
            "description": "", "continuous": True}


def sources(count=250):
    """``count`` sources as HMP lists them (every field, so none is read alone), one with its SRT passphrase, two
    that share a name."""
    made = [udp("src%03d" % i, "Cam %03d" % i, 4900 + i) for i in range(count - 3)]
    made.append({"id": "srt1", "name": "Contribution", "type": "SRT", "host": "", "port": 7000, "mode": "LISTENER",
                 "latency": 120, "passphrase": PASSPHRASE, "description": "", "continuous": True})
    return made + [udp("twin%d" % i, "Twin", 5000 + i) for i in (1, 2)]


def server(**lists):
    return FakeHmp(lists=dict({SOURCES: sources(), DEVICES: [
        {"_id": "box1", "name": "Lobby TV", "status": "Online", "adminPin": PIN, "lastConnectedAt": 1690398265000},
        {"_id": "box2", "name": "Hall", "status": "Offline", "adminPin": PIN}], SESSIONS: [
        {"id": "ses1", "title": "Morning show", "sources": ["src001", "srt1"], "active": False, "syncrecord": False}]},
        **lists))


def looked_up(hmp, terms, **given):
    request = read_request(terms, dict(LOGIN, **given))
    client = request.connection.client(sleep=lambda seconds: None)
    client.session.mount("https://", hmp.transport)
    with client:
        return answer(request, client)


def test_every_page_one_login_one_logout_and_the_info_modules_shape_without_secrets():
    hmp = server()
    found, warning = looked_up(hmp, ["sources"])
    assert [s["id"] for s in found] == [s["id"] for s in sources()] and warning is None
    assert hmp.transport.routes() == ["POST /apis/authentication/login"] + ["GET /apis/sources"] * 3 + \
        ["DELETE /apis/authentication/login"]
    [srt] = [s for s in found if s["id"] == "srt1"]
    assert "passphrase" not in srt and srt["name"] == "Contribution"

    boxes, _warning = looked_up(hmp, ["devices"], status="Online")
    assert boxes == [{"_id": "box1", "name": "Lobby TV", "status": "Online", "lastConnectedAt": 1690398265000,
                      "last_connected_utc": "2023-07-26T19:04:25Z"}]
    [session], _warning = looked_up(hmp, ["sessions"], title="Morning show")
    assert session["source_names"] == ["Cam 001", "Contribution"]


def test_by_id_by_name_and_ids_only():
    hmp = server()
    assert looked_up(hmp, ["sources"], id="src007")[0][0]["name"] == "Cam 007"
    assert hmp.transport.routes()[1:-1] == ["GET /apis/sources/src007"]  # one object read alone, not the list
    assert looked_up(hmp, ["sources"], name="Cam 008", **{"return": "ids"}) == (["src008"], None)
    assert looked_up(hmp, ["devices"], **{"return": "ids"}) == (["box1", "box2"], None)


def test_a_name_several_objects_share_is_refused_with_their_ids():
    with pytest.raises(InvalidValue) as error:
        looked_up(server(), ["sources"], name="Twin")
    assert str(error.value) == ("name: 2 sources have the name 'Twin' (ids twin1, twin2); give the id of the one you "
                                "mean")
    assert looked_up(server(), ["sources"], name="Twin", id="twin2")[0][0]["id"] == "twin2"


def test_nothing_found_is_an_empty_list_a_warning_or_an_error_as_on_missing_says():
    assert looked_up(server(), ["sources"], name="Nope") == ([], None)
    assert looked_up(server(), ["sources"], name="Nope", on_missing="warn") == (
        [], "sources: no source matches name='Nope' on https://hmp.test; the lookup returns an empty list")
    with pytest.raises(InvalidValue) as error:
        looked_up(server(), ["devices"], id="box9", on_missing="error", **{"return": "ids"})
    assert str(error.value) == "devices: no device matches id='box9' on https://hmp.test (on_missing=error)"
    with pytest.raises(InvalidValue) as error:
        looked_up(server(**{DEVICES: []}), ["devices"], on_missing="error")
    assert str(error.value) == "devices: there are none on https://hmp.test (on_missing=error)"


def test_a_session_that_does_not_exist_is_an_error_whatever_on_missing_says():
    with pytest.raises(InvalidValue) as error:
        looked_up(server(), ["events"], session="Evening show")
    assert str(error.value).startswith("session: no session has the title or id 'Evening show' (there are: "
                                       "Morning show)")


@pytest.mark.parametrize("dead_login", ["a", "b"])
def test_a_login_that_ends_during_the_reads_is_not_taken_for_an_empty_list(dead_login):
    """Under an ended login HMP may answer a list with 404 NoResults (contract: login_expiry, V10 b): the lookup
    reads again under a new login rather than return nothing."""
    hmp = server()
    reads = []

    def expire_at_the_second_page(call):
        if call.path == SOURCES and call.method == "GET":
            reads.append(call.query.get("page"))
            if len(reads) == 2:
                hmp.expire_login()
        return None

    hmp.fault = expire_at_the_second_page
    found, _warning = looked_up(hmp, ["sources"])
    assert len(found) == 250 and hmp.logins == 2
