"""The inventory plugin haivision.hmp.hmp_devices, run as users run it: ansible-inventory on a configuration file.

Request claims are read from the emulator's counters and request log; "no secret" claims search every byte
ansible-inventory wrote (stdout and stderr, at -vvv) and the cache files for the secrets of the file and of the
environment. Each ansible-inventory run costs a few seconds of CPU, so each test does what it names in as few
runs as it can.
"""

import json
import re
import sys

from harness import ROOT, page_reads
from harness import ansible_inventory as inventory, devices_config_file as config_file, devices_server as server

sys.path.insert(0, ROOT)

from hmp_emulator.launcher import Emulator  # noqa: E402

BOXES = 250
ADMIN = "haiadmin"
PASSWORD = "Inventory-password-0042"
API_KEY = "inventory-api-key-7733"
API_SECRET = "Inventory-api-secret-9911"
PIN = "Box-pin-40417"  # every box's adminPin, which HMP returns and nothing may show
SECRETS = (PASSWORD, API_KEY, API_SECRET, PIN)
TWINS = ("twinBoxA", "twinBoxB")  # two boxes that share the name "Twin"
VAULT_PASSWORD = "inventory-vault-password"
VAULTED = "to-be-vaulted"


def vault(text):
    """``text`` as an inline Ansible Vault value (``!vault |`` and its indented lines) for a YAML mapping value."""
    from ansible.parsing.vault import VaultLib, VaultSecret
    encrypted = VaultLib([("default", VaultSecret(VAULT_PASSWORD.encode()))]).encrypt(text).decode()
    return "!vault |\n" + "".join("      %s\n" % line for line in encrypted.splitlines())


def status_of(i):
    if i % 10 == 0:
        return "Offline"
    if i % 5 == 0:
        return "Standby"
    if i % 7 == 0:
        return "Warning"
    return "Online"


def fleet(count=BOXES):
    """``count`` boxes: odd ones named "Lobby NNN", even ones "Floor NNN", the last two both "Twin"; every
    third one shows a source; a few statuses."""
    boxes = []
    for i in range(count - len(TWINS)):
        status = status_of(i)
        box = {"_id": "box%05d" % i, "name": ("Lobby %03d" if i % 2 else "Floor %03d") % i,
               "hostname": "HN%05d" % i, "status": status, "standby": status == "Standby", "muted": i % 4 == 0,
               "volume": round((i % 10) / 10.0, 1), "adminPin": PIN}
        if i % 3 == 0:
            box.update(channelId="source-%d" % (i % 4), channelType="source", channelName="Cam %d" % (i % 4))
        boxes.append(box)
    boxes += [{"_id": box_id, "name": "Twin", "status": "Online"} for box_id in TWINS]
    return boxes


def seed(emulator, boxes):
    """The boxes, and an administrator whose password and API key pair are this file's secrets."""
    emulator.reset({"users": [{"username": ADMIN, "password": PASSWORD, "roles": ["admin"], "apiKey": API_KEY,
                               "apiSecret": API_SECRET}],
                    "devices": boxes})
    emulator.reset_counters()
    emulator.clear_requests_log()


def plain(value):
    """The JSON of ansible-inventory --list without its markers of untrusted text."""
    if isinstance(value, dict):
        if set(value) == {"__ansible_unsafe"}:
            return value["__ansible_unsafe"]
        return dict((k, plain(v)) for k, v in value.items())
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def listing(run):
    """The inventory ansible-inventory --list printed (after the header -vvv prints first)."""
    assert run.returncode == 0, run.stdout + run.stderr
    return plain(json.loads(run.stdout[re.search(r"^\{", run.stdout, re.M).start():]))


def members(data, group):
    return set(data.get(group, {}).get("hosts", []))


def no_secret_in(*texts):
    for text in texts:
        for secret in SECRETS:
            assert secret not in text


def test_250_boxes_over_three_pages_become_hosts_with_their_groups_and_variables_and_no_secret(
        emulator, collections_path, tmp_path):
    boxes = fleet()
    seed(emulator, boxes)
    # the item names the account, its password comes from the environment (contract of the one reader of options)
    path = config_file(tmp_path, "lobby.hmp_devices.yml",
                       servers=[server(emulator, hmp_username=ADMIN, group="paris")],
                       keyed_groups=[{"key": "hmp_device.status | lower", "prefix": "status"}],
                       groups={"lobby": "hmp_device.name is match('Lobby')"},
                       compose={"screen_label": "hmp_device.name ~ ' on ' ~ hmp_host",
                                "hmp_device_standby": "hmp_device.status == 'Standby'"})

    data = listing(inventory(collections_path, tmp_path, [path], "--list", env={"HMP_PASSWORD": PASSWORD}))

    hostvars = data["_meta"]["hostvars"]
    host_of = dict((b["_id"], "Twin_%s" % b["_id"] if b["_id"] in TWINS else b["name"]) for b in boxes)
    assert len(hostvars) == BOXES and set(hostvars) == set(host_of.values())
    assert dict((v["hmp_device_id"], host) for host, v in hostvars.items()) == host_of
    assert members(data, "paris") == set(host_of.values())
    assert data["hmp_devices"]["children"] == ["paris"]
    for status in ("Online", "Offline", "Standby", "Warning"):
        assert members(data, "status_" + status.lower()) == set(host_of[b["_id"]] for b in boxes
                                                                 if b["status"] == status)
    assert members(data, "lobby") == set(b["name"] for b in boxes if b["name"].startswith("Lobby"))

    lobby = hostvars["Lobby 003"]
    assert lobby == {
        "hmp_device_id": "box00003",
        "hmp_device": {"name": "Lobby 003", "status": "Online", "standby": False, "muted": False, "volume": 0.3,
                       "channel": {"type": "source", "id": "source-3", "name": "Cam 3"}, "hostname": "HN00003",
                       "model": "play_stb_2000", "firmware": "8.3.46"},
        "hmp_host": "localhost", "hmp_port": emulator.port, "hmp_protocol": "https",
        "hmp_ca_path": emulator.ca_path,
        "screen_label": "Lobby 003 on localhost", "hmp_device_standby": False,
    }
    assert hostvars["Floor 010"]["hmp_device"]["channel"] is None
    assert hostvars["Twin_twinBoxB"]["hmp_device_id"] == "twinBoxB"

    # one login, every page (three of 100, unless the server pages by less), one logout
    counters = emulator.counters()
    reads = page_reads(emulator, BOXES, has_more_data=True)
    assert counters["by_route"] == {"POST /apis/authentication/login": 1, "GET /apis/devices/stbs": reads,
                                    "DELETE /apis/authentication/login": 1}
    pages = [e["query"] for e in emulator.requests_log() if e["route"] == "/apis/devices/stbs"]
    assert sorted(pages, key=lambda q: int(q.split("&")[0][5:])) == ["page=%d&pageSize=100" % n
                                                                    for n in range(1, reads + 1)]

    # --graph at -vvv, logged in with the API key pair of the file (its secret an inline Vault value), while the
    # environment holds a password that must not be used (the item gives its own credentials): the graph, and
    # no secret anywhere
    path = config_file(tmp_path, "keyed.hmp_devices.yml",
                       servers=[server(emulator, hmp_api_key=API_KEY, hmp_api_secret=VAULTED)])
    vaulted = (tmp_path / "keyed.hmp_devices.yml").read_text().replace(VAULTED + "\n", vault(API_SECRET))
    assert "hmp_api_secret: !vault |" in vaulted and API_SECRET not in vaulted
    (tmp_path / "keyed.hmp_devices.yml").write_text(vaulted)
    (tmp_path / "vault-password").write_text(VAULT_PASSWORD)
    emulator.reset_counters()
    graph = inventory(collections_path, tmp_path, [path], "--graph", "-vvv", "--vault-password-file",
                      str(tmp_path / "vault-password"), env={"HMP_USERNAME": ADMIN, "HMP_PASSWORD": PASSWORD})
    assert graph.returncode == 0, graph.stdout + graph.stderr
    group = "hmp_localhost_%d" % emulator.port
    assert "|--@hmp_devices:\n  |  |--@%s:\n" % group in graph.stdout
    assert graph.stdout.count("  |  |  |--") == BOXES
    assert emulator.counters()["by_route"] == {"POST /apis/authentication/login/key": 1, "GET /apis/devices/stbs": reads}
    no_secret_in(graph.stdout, graph.stderr, json.dumps(data))


def test_a_second_call_with_the_cache_on_sends_no_request_and_the_cache_holds_no_secret(
        emulator, collections_path, tmp_path):
    seed(emulator, fleet())
    cache_dir = tmp_path / "cache"
    path = config_file(tmp_path, "cached.hmp_devices.yml", servers=[server(emulator)],
                       filters={"status": ["Online", "Standby"], "name": "Lobby *"},
                       cache=True, cache_plugin="ansible.builtin.jsonfile", cache_connection=str(cache_dir))
    env = {"HMP_USERNAME": ADMIN, "HMP_PASSWORD": PASSWORD}

    first = listing(inventory(collections_path, tmp_path, [path], "--list", env=env))
    assert emulator.counters()["total"] == 2 + page_reads(emulator, len(fleet()), has_more_data=True)  # login, pages, logout
    wanted = set(b["name"] for b in fleet() if b["name"].startswith("Lobby ") and b["status"] in ("Online", "Standby"))
    assert set(first["_meta"]["hostvars"]) == wanted

    emulator.reset_counters()
    second = listing(inventory(collections_path, tmp_path, [path], "--list", env=env))
    assert emulator.counters()["total"] == 0
    assert second == first

    cached = "".join(p.read_text() for p in cache_dir.iterdir())
    assert "box00003" in cached  # the boxes are there...
    no_secret_in(cached)  # ...the credentials are not


def test_bad_files_name_the_file_and_the_problem_and_a_server_that_cannot_be_read_hides_only_its_own_boxes(
        emulator, collections_path, tmp_path):
    seed(emulator, fleet(20))
    with Emulator(tls=True, seed={"devices": [{"_id": "montrealBox1", "name": "Montreal lobby", "status": "Online"}]},
                  args=["--admin-password", PASSWORD]) as other:
        other_server = {"hmp_host": "localhost", "hmp_port": other.port, "hmp_ca_path": other.ca_path,
                        "group": "montreal"}
        wrong_password = server(emulator, hmp_username=ADMIN, hmp_password="Wrong-password-5150", group="paris")
        unreachable = {"hmp_host": "localhost", "hmp_port": 1, "group": "nowhere", "hmp_retries": 1}
        files = {
            "unknown": config_file(tmp_path, "unknown.hmp_devices.yml", servers=[server(emulator)], filter={}),
            "unknown_item": config_file(tmp_path, "item.hmp_devices.yml",
                                        servers=[server(emulator, hmp_passwd=PASSWORD)]),
            "no_host": config_file(tmp_path, "nohost.hmp_devices.yml", servers=[{"hmp_port": 443}]),
            "bad_port": config_file(tmp_path, "port.hmp_devices.yml", servers=[server(emulator, hmp_port="https")]),
            "mixed": config_file(tmp_path, "mixed.hmp_devices.yml",
                                 servers=[wrong_password, unreachable, other_server]),
            "strict": config_file(tmp_path, "strict.hmp_devices.yml", strict=True,
                                  servers=[dict(other_server, group="strict_montreal"),
                                           dict(wrong_password, group="strict_paris")]),
        }
        run = inventory(collections_path, tmp_path, list(files.values()), "--list", "-vvv",
                        env={"HMP_USERNAME": ADMIN, "HMP_PASSWORD": PASSWORD})

    assert run.returncode == 0, run.stdout + run.stderr
    errors = " ".join(run.stderr.split())  # warnings are wrapped at the terminal's width

    def says(name, *problem):
        assert ("%s: %s" % (files[name], problem[0])) in errors, errors
        for part in problem[1:]:
            assert part in errors, errors

    says("unknown", "unknown option(s) filter; the options are", "filters")
    says("unknown_item", "servers[0].hmp_passwd: not an option here (the options are", "hmp_password")
    says("no_host", "servers[0].hmp_host: required (or the HMP_HOST environment variable)")
    says("bad_port", "servers[0].hmp_port: 'https' is not a whole number")
    says("mixed", "servers[0] (https://localhost:%d) could not be read: POST /apis/authentication/login failed: "
                  "HTTP 401" % emulator.port, "check the username and password")
    says("mixed", "servers[1] (https://localhost:1) could not be read:", "Connection refused")
    says("strict", "servers[1] (https://localhost:%d) could not be read: POST /apis/authentication/login failed: "
                   "HTTP 401" % emulator.port)

    data = listing(run)
    # the readable server of the mixed file is there, the unreadable ones are empty groups
    assert members(data, "montreal") == {"Montreal lobby"}
    assert not members(data, "paris") and not members(data, "nowhere")
    # a strict file that could not read one server adds nothing at all
    assert "strict_montreal" not in data and "strict_paris" not in data
    assert set(data["_meta"]["hostvars"]) == {"Montreal lobby"}
    no_secret_in(run.stdout, run.stderr)
    assert "Wrong-password-5150" not in run.stdout + run.stderr
