#!/usr/bin/env python3
"""Write the HMP emulator seed of the set-top box demo: a company's screens, a few hundred boxes.

Usage: make_seed.py [--boxes N] [--random-seed S] OUTPUT.json

Every box gets a name by where it is: "Lobby NN" (the lobby screens that examples/devices/group_vars/lobby.yml
puts in standby at night), "Floor NN room NN" (meeting rooms), "Cafeteria NN" (two of them share a name). The same arguments always
write the same file. Statuses are mixed as a real fleet's are: most boxes Online, some in Standby, some
Offline, a few Warning or Never connected; volumes and mute vary. The seed also has the session and the
source that the example's variables tune boxes to ("Lobby loop", "Town hall feed").
"""

import argparse
import json
import random

LOBBIES = 24
OFFLINE_LOBBIES = ("Lobby 05", "Lobby 17")  # unplugged: the demo shows them reported, not failed
STATUSES = (("Online", 70), ("Standby", 14), ("Offline", 10), ("Warning", 4), ("Never", 2))  # percent


def names(count):
    """The lobby screens first, then meeting rooms (20 a floor) with a cafeteria screen every 25 boxes. The first
    cafeteria has two screens of the same name, as happens: the inventory names them apart by their ids."""
    made = ["Lobby %02d" % n for n in range(1, min(LOBBIES, count) + 1)]
    rooms = cafeterias = 0
    while len(made) < count:
        if len(made) % 25 == 0:
            cafeterias += 1
            made.append("Cafeteria %02d" % cafeterias)
            if cafeterias == 1 and len(made) < count:
                made.append("Cafeteria 01")
            continue
        made.append("Floor %02d room %02d" % (rooms // 20 + 1, rooms % 20 + 1))
        rooms += 1
    return made


def boxes(count, rng):
    statuses = [status for status, percent in STATUSES for _ in range(percent)]
    made = []
    for index, name in enumerate(names(count)):
        status = rng.choice(statuses)
        if name in OFFLINE_LOBBIES:
            status = "Offline"
        made.append({
            "_id": "stb%05d%s" % (index, "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(10))),
            "name": name,
            "hostname": "37D78D%06X" % (0x1000 + index),
            "status": status,
            "standby": status == "Standby",
            "muted": rng.random() < 0.2,
            "volume": rng.choice((0.3, 0.4, 0.5, 0.6)),
            "firmware": rng.choice(("8.3.46", "8.3.46", "8.5.12")),
        })
    return made


def seed(count=300, random_seed=2026):
    """The whole seed: ``count`` boxes, and the session and source the example tunes boxes to."""
    return {
        "sources": [{"name": "Town hall feed", "type": "UDP", "host": "239.20.0.1", "port": 4900, "multicast": True}],
        "sessions": [{"title": "Lobby loop", "description": "The welcome loop of the lobby screens",
                      "sources": ["Town hall feed"]}],
        "devices": boxes(count, random.Random(random_seed)),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output")
    parser.add_argument("--boxes", type=int, default=300)
    parser.add_argument("--random-seed", type=int, default=2026)
    args = parser.parse_args()
    with open(args.output, "w") as out:
        json.dump(seed(args.boxes, args.random_seed), out, indent=1)


if __name__ == "__main__":
    main()
