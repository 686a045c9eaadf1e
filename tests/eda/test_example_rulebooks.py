"""The rulebooks of examples/eda, each started by examples/eda/run.sh as a user starts it: each fires its action
within INTERVAL + 5 s of the change it is about (the test waits at most that long for the action's effect),
once per change, and not for the changes it is not about."""

import re
import time

from conftest import DEADLINE, INTERVAL, wait_for

SOURCE_ROUTE = "GET /apis/sources"


def polls_done(emulator, route, count):
    """Wait until the watch has read ``route`` ``count`` times (run.sh clears the counters and the request log
    just before ansible-rulebook starts: they hold the watch's requests, the actions' and the test's)."""
    wait_for("%d polls of %s" % (count, route), lambda: emulator.count(route) >= count, 60)


def settle(emulator, route, polls=3):
    """Let the watch poll ``polls`` more times and any action they fire run: after that, nothing more may come."""
    polls_done(emulator, route, emulator.count(route) + polls)
    time.sleep(5)


def test_live_source_incident(example):
    run = example("live_source_incident")
    studio = run.emulator("studio")
    polls_done(studio, SOURCE_ROUTE, 2)  # the baseline is recorded

    remote = studio.id_of("sources", "name", "Remote contributor")
    started = time.monotonic()
    studio.signal(remote, active=False)
    lines = wait_for("the incident of the SRT listener in the log", lambda: run.lines("incidents.log"), DEADLINE)
    print("incident recorded %.1f s after the SRT listener stopped receiving" % (time.monotonic() - started))
    assert len(lines) == 1
    assert 'source="Remote contributor"' in lines[0] and "type=srt/listener" in lines[0]
    assert 'live_sessions=["Morning show"]' in lines[0] and "active=false bitrate=0" in lines[0]
    assert "reapplied=unchanged" in lines[0]  # applied again by id; nothing had changed, nothing written

    camera = studio.id_of("sources", "name", "Studio camera")
    started = time.monotonic()
    studio.signal(camera, active=False)
    lines = wait_for("the incident of the UDP camera in the log", lambda: run.lines("incidents.log")[1:], DEADLINE)
    print("incident recorded %.1f s after the UDP camera stopped receiving" % (time.monotonic() - started))
    assert 'source="Studio camera"' in lines[0] and "type=udp" in lines[0] and "reapplied=no" in lines[0]

    studio.signal(studio.id_of("sources", "name", "Rehearsal feed"), active=False)  # not on air: no incident
    studio.signal(remote, active=True, bitrate=2000000)  # back: not an incident
    settle(studio, SOURCE_ROUTE)
    studio.signal(remote, bitrate=1500000)  # a bit rate that stays above zero: not even an event
    settle(studio, SOURCE_ROUTE)

    lines = run.lines("incidents.log")
    assert len(lines) == 2, lines
    assert len(set(re.search(r"event=(\S+)", line).group(1) for line in lines)) == 2
    assert studio.count("PUT /apis/sources/:sourceId") == 0


def test_device_offline_notification(example):
    run = example("device_offline")
    studio = run.emulator("studio")
    devices_route = "GET /apis/devices/stbs"
    polls_done(studio, devices_route, 2)

    lobby = studio.id_of("devices", "name", "Lobby TV")
    started = time.monotonic()
    studio.presence(lobby, status="Offline")
    lines = wait_for("the notification in the log", lambda: run.lines("notifications.log"), DEADLINE)
    print("notification sent %.1f s after the box went offline" % (time.monotonic() - started))
    assert 'set-top box "Lobby TV" (37D78D000096)' in lines[0]
    assert "is Offline, was Online, last on channel Morning show" in lines[0] and "id=%s" % lobby in lines[0]

    studio.presence(studio.id_of("devices", "name", "Cafeteria TV"), status="Standby", standby=True)
    studio.presence(lobby, status="Online")
    settle(studio, devices_route)
    assert len(run.lines("notifications.log")) == 1


def test_drift_repair_on_the_fleet(example):
    run = example("drift_repair")
    sites = dict((site, run.emulator(site)) for site in ("montreal", "ottawa", "toronto"))
    for emulator in sites.values():
        polls_done(emulator, "GET /apis/users", 2)
    montreal = sites["montreal"]
    feed = next(s for s in montreal.state()["sources"] if s["name"] == "Network program feed")
    declared = feed["description"]

    rest = montreal.rest()  # another tool: the source as GET gives it, one field changed, PUT back
    put = "/apis/sources/%s" % feed["id"]
    rest.send("PUT", put, dict(rest.send("GET", put), description="changed by hand"))
    drift_at = next(e["received"] for e in montreal.requests_log() if e["method"] == "PUT" and e["path"] == put)

    def repaired():
        source = next(s for s in montreal.state()["sources"] if s["id"] == feed["id"])
        return source["description"] == declared

    wait_for("montreal's source put back by haivision.hmp.site", repaired, DEADLINE)
    repairs = [e for e in montreal.requests_log() if e["method"] == "PUT" and e["path"] == put
               and e["received"] > drift_at]
    assert len(repairs) == 1
    print("drift repaired %.1f s after the change" % (repairs[0]["received"] - drift_at))
    assert repairs[0]["received"] - drift_at <= DEADLINE

    # The repair is a change too: the next poll reports it and site runs once more, writing nothing.
    wait_for("the run that follows the repair", lambda: montreal.count("GET /apis/roles") >= 2, INTERVAL + 30)
    settle(montreal, "GET /apis/users")
    site_runs = dict((site, emulator.count("GET /apis/roles")) for site, emulator in sites.items())
    print("haivision.hmp.site runs per site: %s" % site_runs)
    assert site_runs == {"montreal": 2, "ottawa": 0, "toronto": 0}  # hmp_config reads the roles; the watch never
    writes = [e for e in montreal.requests_log() if e["method"] in ("POST", "PUT", "DELETE")
              and "/apis/authentication/" not in e["path"]]
    assert [(e["method"], e["path"]) for e in writes] == [("PUT", put), ("PUT", put)]  # the drift, the repair
    assert sum(emulator.call("GET", "counters")["writes"] for emulator in (sites["ottawa"], sites["toronto"])) == 0
