"""The pure parts of the inventory plugin haivision.hmp.hmp_devices: host names, group names, the hmp_device
variable, filters. (tests/integration/test_inventory_hmp_devices.py runs the plugin itself.)"""

import pytest

from ansible_collections.haivision.hmp.plugins.inventory.hmp_devices import (
    ConfigError,
    InventoryModule,
    derived_group,
    device_vars,
    host_names,
)


def record(box_id, name, group="paris"):
    return {"id": box_id, "group": group, "device": {"name": name}}


def test_host_names_are_the_box_names_and_shared_names_become_name_and_id_whatever_the_order():
    records = [record("a1", "Lobby TV"), record("b2", "Hall"), record("c3", "Lobby TV"), record("d4", ""),
               record("e5", None), record("f6", "  Bar  ")]
    names = dict(zip((r["id"] for r in records), host_names(records)))
    assert names == {"a1": "Lobby TV_a1", "b2": "Hall", "c3": "Lobby TV_c3", "d4": "d4", "e5": "e5", "f6": "Bar"}
    reversed_names = dict(zip((r["id"] for r in reversed(records)), host_names(list(reversed(records)))))
    assert reversed_names == names


def test_the_same_box_id_on_two_servers_adds_the_group():
    records = [record("x", "Lobby TV", "paris"), record("x", "Lobby TV", "montreal"), record("y", "Hall")]
    assert host_names(records) == ["Lobby TV_x_paris", "Lobby TV_x_montreal", "Hall"]


def test_derived_group_names_carry_the_port_only_when_it_is_not_the_protocols_default():
    assert derived_group("hmp.paris.example.com", 443, "https") == "hmp_hmp_paris_example_com"
    assert derived_group("10.0.0.5", 8443, "https") == "hmp_10_0_0_5_8443"
    assert derived_group("lab", 80, "http") == "hmp_lab"
    assert derived_group("lab", 443, "http") == "hmp_lab_443"


def test_hmp_device_has_the_documented_fields_in_the_modules_vocabulary_and_only_those_hmp_gives():
    box = {"_id": "b1", "name": "Lobby TV", "status": "Online", "standby": False, "muted": True, "volume": 0.25,
           "channelId": "v1", "channelType": "asset", "channelName": "Keynote", "hostname": "37D78D000096",
           "type": "play_stb_2000", "firmware": "8.3.46", "adminPin": "1234", "ip": "10.0.0.9"}
    assert device_vars(box) == {"name": "Lobby TV", "status": "Online", "standby": False, "muted": True,
                                "volume": 0.25, "channel": {"type": "video", "id": "v1", "name": "Keynote"},
                                "hostname": "37D78D000096", "model": "play_stb_2000", "firmware": "8.3.46"}
    assert device_vars({"_id": "b2", "name": "Bare", "channelId": None}) == {"name": "Bare", "channel": None}


def test_filters_are_checked_and_converted():
    assert InventoryModule._filters({"status": ["Online", "Standby"], "standby": "yes", "name": "Lobby*",
                                     "volume": 0.5}) == {
        "status": ["Online", "Standby"], "standby": [True], "name": ["Lobby*"], "volume": [0.5]}
    for bad, message in (({"colour": "red"}, "filters: unknown field 'colour'"),
                         ({"status": "Sleeping"}, "filters.status: 'Sleeping' is not one of"),
                         ({"muted": "maybe"}, "filters.muted: 'maybe' is not true or false"),
                         ({"volume": "loud"}, "filters.volume: 'loud' is not a number"),
                         ({"name": []}, "filters.name: an empty list matches no box")):
        with pytest.raises(ConfigError, match="^" + message.replace("(", r"\(")):
            InventoryModule._filters(bad)


def test_wanted_matches_wildcards_booleans_and_any_of_a_list():
    wanted = InventoryModule._wanted
    box = {"id": "b1", "device": {"name": "Floor 03 room 12", "status": "Standby", "standby": True}}
    assert wanted(box, {"name": ["Floor 0? room *"], "standby": [True], "status": ["Online", "Standby"]})
    assert not wanted(box, {"name": ["floor*"]})  # case-sensitive
    assert not wanted(box, {"standby": [False]})
    assert wanted(box, {"id": ["b*"]})


def test_the_documentation_parses_and_servers_take_exactly_the_connection_options_with_their_environment():
    import yaml
    from ansible_collections.haivision.hmp.plugins.doc_fragments.plugin_connection import ModuleDocFragment
    from ansible_collections.haivision.hmp.plugins.inventory import hmp_devices

    doc = yaml.safe_load(hmp_devices.DOCUMENTATION)
    assert doc["name"] == "hmp_devices" and "haivision.hmp.plugin_connection" in doc["extends_documentation_fragment"]
    assert list(yaml.safe_load_all(hmp_devices.EXAMPLES))
    from ansible_collections.haivision.hmp.plugins.module_utils.engine._options import ENVIRONMENT

    servers = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)["options"]["servers"]["suboptions"]
    assert set(servers) == set(hmp_devices.SERVER_SPEC)
    for name, spec in hmp_devices.SERVER_SPEC.items():
        assert servers[name]["type"] == spec["type"] and servers[name].get("default") == spec.get("default"), name
        assert servers[name].get("choices") == spec.get("choices"), name
        if name in ENVIRONMENT:
            assert servers[name]["env"] == [{"name": ENVIRONMENT[name]}]
