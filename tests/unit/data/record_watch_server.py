"""Record what an HMP emulator answers to the reads of a watch poll, for tests/unit/test_watch_changes.py.

    .venv/bin/python tests/unit/data/record_watch_server.py > tests/unit/data/watch_server.json

The seed below has one object or more of every kind the watch reads (an SRT source with a passphrase, a
live session with two sources and two events, a recording, a re-stream, two set-top boxes, a video); the
output maps each list path to the objects the emulator returned, as GET gives them.
"""

import json
import os
import sys

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
sys.path.insert(0, ROOT)

from hmp_emulator.launcher import ADMIN_PASSWORD, ADMIN_USER, Emulator  # noqa: E402

SEED = {
    "users": [{"username": "jdoe", "password": "Jdoe-password-0042", "displayName": "Jane Doe",
               "email": "jdoe@example.com", "roles": ["viewer"]}],
    "sources": [{"name": "Cam 1", "type": "UDP", "host": "239.1.1.1", "port": 4900, "multicast": True,
                 "active": True, "bitrate": 4500000},
                {"name": "Remote contributor", "type": "SRT", "mode": "LISTENER", "port": 9000, "latency": 250,
                 "passphrase": "srt-passphrase-0042", "active": True, "bitrate": 2000000}],
    "sessions": [{"title": "Studio A", "active": True, "syncrecord": False, "sources": ["Cam 1", "Remote contributor"],
                  "events": [{"startTime": 1798812000, "duration": 3600, "type": "one-time", "command": "record",
                              "active": True},
                             {"startTime": 1796652000, "duration": 5400, "type": "weekly-recurring",
                              "typeData": {"days": ["MON", "WED"]}, "command": "set-live",
                              "parameters": {"record": True}, "active": True}]},
                 {"title": "Studio B", "active": False, "sources": []}],
    "videos": [{"title": "Keynote", "description": "", "duration": 3600, "movieTrackCount": 1, "session": "Studio A"}],
    "recordings": [{"session": "Studio A", "state": "RECORDING"}],
    "streams": [{"video": "Keynote", "address": "239.2.2.2", "port": 5000, "state": "playing"}],
    "devices": [{"_id": "bvgR95DKAXUTr402cyM8ew", "name": "Lobby TV", "hostname": "37D78D000096", "status": "Online",
                 "standby": False, "muted": False, "volume": 0.5, "adminPin": "4242"},
                {"_id": "cafeTV9DKAXUTr402cyM8e", "name": "Cafeteria TV", "status": "Online", "standby": False}],
}
LISTS = ["/apis/sources", "/apis/sessions", "/apis/users", "/apis/recordings", "/apis/streams", "/apis/devices/stbs",
         "/apis/assets"]


def main():
    with Emulator(tls=False, seed=SEED) as emulator:
        http = requests.Session()
        http.post(emulator.url + "/apis/authentication/login",
                  json={"username": ADMIN_USER, "password": ADMIN_PASSWORD}).raise_for_status()

        def listed(path):
            answer = http.get(emulator.url + path, params={"page": 1, "pageSize": 100})
            return answer.json()["data"] if answer.status_code == 200 else []

        answers = dict((path, listed(path)) for path in LISTS)
        for session in answers["/apis/sessions"]:
            path = "/apis/sessions/%s/events" % session["id"]
            answers[path] = listed(path)
    json.dump(answers, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
