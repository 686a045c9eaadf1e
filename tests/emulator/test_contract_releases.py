"""The HMP releases the emulator plays, 3.8 to 4.1.1 (hmp_emulator/README.md, "Releases"; contract: version,
login, sources, devices).

What each release documents comes from its own REST reference at doc.haivision.com/HMP/<release>/ (the pages
named below); the emulator plays 4.1.1 unless told otherwise. Each release is switched on through the control
plane (the autouse reset goes back to the command line's, 4.1.1), the way the variant tests do it.
"""
import subprocess
import sys

import pytest
import requests

from conftest import ADMIN_PASSWORD, ADMIN_USER, API_KEY, API_SECRET, Client, start
from hmp_emulator.launcher import ROOT, Emulator

RELEASES = ["3.8", "3.9", "3.10", "4.0", "4.1", "4.1.1"]
# "Get the HMP Software/Build Version" exists from 4.0 on (4.0, 4.1 pages); no 3.x page documents the call
VERSION_ROUTE = {"4.0", "4.1", "4.1.1"}
# 4.1: "Initiate IDP User Session" / "Get IDP User Session Info"; 4.1.1: "Initiate User Session using Key and
# Secret" / "Get User Session Info using Bearer Token"; 3.x and 4.0 "Authentication Resources": session cookies
KEY_LOGIN = {"4.1", "4.1.1"}
# "Create a Source" and "Get List of Devices" of 3.10.3, 4.0, 4.1, 4.1.1 show these; 3.8's and 3.9's do not
LATER_SOURCE_FIELDS = {"iptv", "retransmitPort", "rtcPort", "detectedFeatures"}
LATER_BOX_FIELDS = {"adminPin", "dws", "firmware", "hvExtensionSize", "lastConnection", "lastViewedChannelId",
                    "ntpServer", "platform", "statusDetails", "statusLevel", "timezone", "type"}
BEFORE_3_10_3 = {"3.8", "3.9"}
# "Create a Source" of 3.8 and 3.9: the answer echoes the source's connection and its id, nothing more
BASIC_UDP = {"name", "type", "host", "port", "multicast", "id"}
BASIC_SRT = {"name", "type", "host", "port", "mode", "latency", "id"}
UDP = {"name": "Cam", "type": "UDP", "host": "239.35.126.101", "port": 4902, "multicast": True, "description": ""}
SRT = {"name": "SRT", "type": "SRT", "host": "0.0.0.0", "port": 1234, "mode": "LISTENER",
       "description": "SRT listener source"}
# "Get List of Devices" 3.10.3: "ip": "10.66.162.142, fe80::92ac:3fff:fe0d:78f9"; 3.8, 3.9: "IPv4 or domain"
DUAL_STACK = "10.66.162.142, fe80::92ac:3fff:fe0d:78f9"
BOX = {"_id": "bvgR95DKAXUTr402cyM8ew", "name": "S-PLAY-2000 37D78D000096", "hostname": "37D78D000096",
       "ip": DUAL_STACK, "status": "Online", "firmware": "8.3.46", "type": "play_stb_2000"}
UNKNOWN_PATH = ("040000", "NotFound", "Not Found Error")  # what any path the server lacks answers
UNAUTHORIZED = ("020001", "UserNotAuthorized", "User is not authorized")
UNKNOWN_SESSION = ("040022", "AuthSessionNotFound", "Unknown session")


def _version_of(release):
    return {"3.10": "3.10.3"}.get(release, release)


# ================================================================ the control plane
def test_the_emulator_plays_4_1_1_unless_told(emulator, admin):
    assert emulator.release() == {"release": "4.1.1", "version": {"version": "4.1.1", "build": "41100"},
                                  "releases": RELEASES}
    assert admin.ok(admin.get("/apis/system/version")) == {"version": "4.1.1", "build": "41100"}


@pytest.mark.parametrize("release", RELEASES)
def test_put_release_switches_and_answers_its_version(emulator, release):
    answer = emulator.set_release(release)
    assert answer["release"] == release and answer["releases"] == RELEASES
    assert answer["version"]["version"].startswith(_version_of(release))
    assert answer["version"]["build"].isdigit()
    assert emulator.release() == answer
    assert "version" not in emulator.state()  # the release's own version: a dump loaded again follows the release


def test_delete_release_goes_back_to_the_newest(emulator):
    emulator.set_release("3.8")
    assert emulator.clear_release()["release"] == "4.1.1"


@pytest.mark.parametrize("body, named", [({"release": "3.7"}, "3.7"), ({"release": "4.2"}, "4.2"),
                                         ({"release": 4.1}, "4.1"), ({"version": "4.1"}, "release"),
                                         ({}, "release"), ("4.1", "release")])
def test_an_unknown_release_is_400_naming_it_and_nothing_changes(emulator, admin, body, named):
    emulator.set_release("3.9")
    r = requests.put(emulator.url + "/_emulator/release", json=body, timeout=10)
    assert named in admin.err(r, 400, "010001")["message"]
    assert emulator.release()["release"] == "3.9"


def test_reset_goes_back_to_the_release_of_the_command_line(start_emulator):
    emu = start_emulator(extra=["--release", "3.9"])
    assert emu.release()["release"] == "3.9"
    emu.set_release("4.1")
    emu.reset()
    assert emu.release()["release"] == "3.9"


def test_the_launcher_takes_the_release(tmp_path):
    with Emulator(tls=False, release="4.0", workdir=tmp_path, host="127.0.0.1") as emu:
        assert emu.release()["release"] == "4.0"
        c = Client(emu.url)
        c.login()
        assert c.ok(c.get("/apis/system/version"))["version"].startswith("4.0")


def test_a_bad_command_line_release_is_refused():
    done = subprocess.run([sys.executable, "-m", "hmp_emulator", "--no-tls", "--port", "0", "--release", "3.7"],
                          cwd=ROOT, capture_output=True, text=True, timeout=30)
    assert done.returncode == 2 and "3.7" in done.stderr


def test_a_seed_version_wins_over_the_release(emulator, seed):
    admin = seed({"version": {"version": "4.1.0", "build": "12345"}})
    emulator.set_release("4.0")
    assert admin.ok(admin.get("/apis/system/version")) == {"version": "4.1.0", "build": "12345"}
    assert emulator.release()["version"] == {"version": "4.1.0", "build": "12345"}


def test_a_rejected_seed_keeps_the_release_and_its_version(emulator):
    emulator.set_release("3.10")
    r = requests.post(emulator.url + "/_emulator/reset", json={"sources": [{"name": "no type"}]}, timeout=10)
    assert r.status_code == 400
    assert emulator.release()["release"] == "3.10" and emulator.release()["version"]["version"] == "3.10.3"


def test_a_dump_loaded_again_under_another_release_answers_that_release_s_version(emulator):
    emulator.reset(emulator.state())
    assert emulator.set_release("3.9")["version"]["version"] == "3.9.0"
    emulator.reset({"version": {"version": "4.1.0", "build": "12345"}})
    pinned = emulator.state()
    assert pinned["version"] == {"version": "4.1.0", "build": "12345"}
    emulator.reset(pinned)
    assert emulator.set_release("4.0")["version"] == {"version": "4.1.0", "build": "12345"}  # a seed's version wins


# ================================================================ the version call (contract: version)
@pytest.mark.parametrize("release", RELEASES)
def test_the_version_call(emulator, admin, release):
    emulator.set_release(release)
    r = admin.get("/apis/system/version")
    if release in VERSION_ROUTE:
        assert admin.ok(r) == emulator.release()["version"]
        admin.err(admin.put("/apis/system/version", {}), 405, "050000")
    else:  # not a route: exactly what an unknown path answers, logged in or not
        admin.err(r, 404, *UNKNOWN_PATH)
        nobody = Client(emulator.url)
        nobody.err(nobody.get("/apis/system/version"), 404, *UNKNOWN_PATH)
        admin.err(admin.put("/apis/system/version", {}), 404, *UNKNOWN_PATH)


def test_a_route_the_release_lacks_is_counted_by_its_path(emulator, admin):
    emulator.set_release("3.9")
    emulator.reset_counters()
    admin.get("/apis/system/version")
    assert emulator.counters()["by_route"] == {"GET /apis/system/version": 1}
    assert emulator.requests_log()[-1]["route"] == "/apis/system/version"


# ================================================================ logging in (contract: login)
@pytest.mark.parametrize("release", RELEASES)
def test_the_cookie_login_and_logout_in_every_release(emulator, anon, release):
    emulator.set_release(release)
    anon.login()
    assert anon.ok(anon.get("/apis/authentication/login"))["username"] == ADMIN_USER
    anon.ok_list(anon.get("/apis/roles"))
    anon.ok_empty(anon.delete("/apis/authentication/login"))
    anon.err(anon.get("/apis/roles"), 401, *UNAUTHORIZED)


@pytest.mark.parametrize("release", RELEASES)
def test_the_key_login(emulator, anon, release):
    emulator.set_release(release)
    r = anon.post("/apis/authentication/login/key", {"apiKey": API_KEY, "apiSecret": API_SECRET})
    if release in KEY_LOGIN:
        token = anon.ok(r)["authToken"]
        anon.s.headers["Authorization"] = "Bearer " + token
        assert anon.ok(anon.get("/apis/authentication/login/key"))["authToken"] == token
        anon.ok_list(anon.get("/apis/roles"))
    else:  # not a route: no token to be had
        anon.err(r, 404, *UNKNOWN_PATH)
        anon.err(anon.get("/apis/authentication/login/key"), 404, *UNKNOWN_PATH)
        anon.err(anon.request("DELETE", "/apis/authentication/login/key"), 404, *UNKNOWN_PATH)


@pytest.mark.parametrize("release", ["3.8", "3.9", "3.10", "4.0"])
def test_a_bearer_token_opens_nothing_before_4_1(emulator, anon, release):
    anon.login_key()  # on 4.1.1
    emulator.set_release(release)
    anon.err(anon.get("/apis/roles"), 401, *UNAUTHORIZED)
    emulator.set_release("4.1.1")
    anon.ok_list(anon.get("/apis/roles"))


def test_4_1_a_logout_ends_the_bearer_token(emulator, anon):
    # "Delete a User Session" 4.1: "the calypso-session-id cookie or Bearer authorization token"
    emulator.set_release("4.1")
    anon.login_key()
    anon.ok_empty(anon.delete("/apis/authentication/login"))
    anon.err(anon.get("/apis/roles"), 401, *UNAUTHORIZED)


def test_4_1_1_a_logout_does_not_apply_to_a_bearer_token(emulator, anon, admin):
    # "Delete a User Session" 4.1.1: "does not apply if you are using a Bearer Token": it looks for the cookie
    # session, finds none ("Authentication session does not exist"), and the token lives on
    anon.login_key()
    anon.err(anon.delete("/apis/authentication/login"), 404, *UNKNOWN_SESSION)
    anon.ok_list(anon.get("/apis/roles"))
    both = Client(emulator.url)
    both.login()
    both.s.headers["Authorization"] = anon.s.headers["Authorization"]
    both.ok_empty(both.delete("/apis/authentication/login"))  # ends the cookie session only
    admin.ok_list(admin.get("/apis/roles"))
    anon.ok_list(anon.get("/apis/roles"))


# ================================================================ answer fields (contract: sources, devices)
@pytest.mark.parametrize("release", RELEASES)
def test_the_source_create_answer(emulator, admin, release):
    emulator.set_release(release)
    udp = admin.ok(admin.post("/apis/sources", UDP), 201)
    srt = admin.ok(admin.post("/apis/sources", SRT), 201)
    if release in BEFORE_3_10_3:
        assert set(udp) == BASIC_UDP and set(srt) == BASIC_SRT
        assert {k: udp[k] for k in BASIC_UDP - {"id"}} == {k: UDP[k] for k in BASIC_UDP - {"id"}}
    else:
        assert LATER_SOURCE_FIELDS <= set(udp) and LATER_SOURCE_FIELDS <= set(srt)
        assert {"description", "ctime", "mtime", "continuous", "active", "bitrate"} <= set(udp)
        assert (udp["iptv"], udp["retransmitPort"], udp["rtcPort"]) == (False, 0, 0)
        assert udp["detectedFeatures"] == {"autodetectEnabled": True, "hevc": False, "_4k": False}


@pytest.mark.parametrize("release", RELEASES)
def test_the_source_reads_and_edit(emulator, admin, make, release):
    src = make.source()
    emulator.set_release(release)
    listed, _ = admin.ok_list(admin.get("/apis/sources"))
    one = admin.ok(admin.get(f"/apis/sources/{src['id']}"))
    edited = admin.ok(admin.put(f"/apis/sources/{src['id']}", {k: src[k] for k in UDP}))
    signalled = emulator.signal(src["id"], active=True)
    for answer in (listed[0], one, edited, signalled):
        assert {"name", "type", "host", "port", "multicast", "description", "ctime", "mtime", "continuous",
                "active", "bitrate", "id"} <= set(answer)
        assert bool(LATER_SOURCE_FIELDS & set(answer)) == (release not in BEFORE_3_10_3), answer


def test_the_dump_keeps_every_stored_field_whatever_the_release(emulator, make):
    make.source()
    emulator.set_release("3.8")
    assert LATER_SOURCE_FIELDS <= set(emulator.state()["sources"][0])


@pytest.mark.parametrize("release", RELEASES)
def test_the_set_top_box_answers(emulator, seed, release):
    admin = seed({"devices": [BOX]})
    emulator.set_release(release)
    listed = admin.get("/apis/devices/stbs").json()["data"]
    one = admin.ok(admin.get(f"/apis/devices/stbs/{BOX['_id']}"))
    present = emulator.presence(BOX["_id"], status="Online")
    for box in (listed[0], one, present):
        assert {"_id", "channelId", "channelName", "channelType", "hostname", "ip", "lastAcceptedUpdate",
                "lastConnectedAt", "mac", "muted", "name", "standby", "status", "tags", "volume"} <= set(box)
        if release in BEFORE_3_10_3:
            assert not LATER_BOX_FIELDS & set(box) and box["ip"] == "10.66.162.142"
        else:
            assert LATER_BOX_FIELDS <= set(box) and box["ip"] == DUAL_STACK
            assert (box["firmware"], box["type"]) == ("8.3.46", "play_stb_2000")


# ================================================================ a whole run on the oldest release
def test_a_3_8_server_from_its_start(tmp_path):
    emu = start(tmp_path, extra=["--release", "3.8", "--variant", "V10=b"])
    try:
        c = Client(emu.url)
        assert c.post("/apis/authentication/login/key", {"apiKey": API_KEY, "apiSecret": API_SECRET}).status_code \
            == 404
        c.login(ADMIN_USER, ADMIN_PASSWORD)
        c.err(c.get("/apis/system/version"), 404, *UNKNOWN_PATH)
        made = c.ok(c.post("/apis/sources", UDP), 201)
        assert set(made) == BASIC_UDP
        emu.expire_sessions()
        c.err(c.get("/apis/sources"), 404, "040012", "NoResults", "No results")  # V10 b plays on any release
    finally:
        emu.stop()
