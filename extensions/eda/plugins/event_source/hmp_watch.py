# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""haivision.hmp.hmp_watch: an ansible-rulebook event source that watches one HMP server.

The loop is here; what a poll reads and what counts as a change is in
plugins/plugin_utils/_watch.py.
"""

from __future__ import annotations

import asyncio
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import Any

DOCUMENTATION = r"""
---
short_description: Watch an HMP server and put an event on the queue for each change
description:
  - Polls one Haivision Media Platform server every O(interval) seconds, compares what it reads with the
    previous poll, and puts one event on the queue for each object created, updated or deleted.
  - "Configuration: sources, sessions (with their sources), the events of sessions, users, including
    changes made in HMP's web interface or by another tool."
  - "Live state: a source starting or stopping to receive (C(active)), its bit rate falling to zero or
    coming back; a session going live or off; a recording starting, pausing, resuming or stopping; a
    re-stream starting, pausing or stopping; a set-top box going online or offline, in or out of standby."
  - "The server itself: one C(unreachable) event when polls start failing, one C(reachable) event when
    they work again. Network errors, 5xx answers, expired logins and bad answers never end the source:
    it backs off (the wait doubles after each failed poll, up to 300 seconds or O(interval)), logs in
    again when needed, and goes on. A change made while the server was unreachable arrives once, with the
    first poll that works."
  - "Each event has the same shape: C(event.hmp.server) (O(hmp_host)), C(event.hmp.kind) (V(source),
    V(session), V(event), V(user), V(recording), V(stream), V(device), V(video) or V(server)),
    C(event.hmp.type) (V(created), V(updated), V(deleted), V(unreachable) or V(reachable)),
    C(event.hmp.id) (the server's URL for V(server)), C(event.hmp.name) (name, title or username; for
    V(server), O(hmp_host); null for events and streams), C(event.hmp.changed) (the fields that changed, for
    V(updated); an empty list for every other type, V(unreachable) and V(reachable) included),
    C(event.hmp.before) and C(event.hmp.after) (the whole object before and after; null for an object
    that did not exist; for V(server), C(reachable) and, when it is not, the C(error)), and
    C(event.hmp.context) (names of related objects from the same poll, never compared)."
  - "C(before) and C(after) use the option names of the modules where they have them: a source as
    M(haivision.hmp.hmp_source) takes it (C(name), C(type), C(host), C(port), C(srt_mode), ...) plus HMP's
    read-only C(active) and C(bitrate) (bits/s); a session as M(haivision.hmp.hmp_session) (C(sources)
    are source ids); an event as M(haivision.hmp.hmp_event) (C(start_time) in ISO 8601 UTC, C(session) the
    session id); a user as M(haivision.hmp.hmp_user) (C(roles) are role ids); a video as
    M(haivision.hmp.hmp_video) plus C(recording) (true while it is being recorded). Recordings, streams and
    set-top boxes show the fields HMP gives (a box's
    C(status), C(standby), C(muted), C(volume), C(channelName), ...)."
  - "Secrets never appear: a changed SRT C(passphrase) or set-top box C(adminPin) is named in
    C(changed) but its value is not shown, and passwords are never read."
  - "C(context): for a source, C(sessions) and C(live_sessions) (titles) and C(in_live_session); for a
    session, C(source_names); for an event or a recording, C(session_title); for a stream, C(video_title)
    when videos are watched. Empty when the related kind is not read."
  - "Objects are matched by id: an object renamed is one V(updated) event (C(changed) holds its name
    field), and objects that share a name are told apart. A recording that stops becomes a video: the
    recording is V(deleted), and the video V(created) when O(kinds) holds V(video)."
  - "A poll reads each watched list once, page by page (events: one list per session, four at a time),
    and never writes; a server that lists sessions without their live flag has each session read alone
    too. One login is kept across polls; an expired one is renewed once."
version_added: 0.1.0
author:
  - haivision.hmp contributors
requirements:
  - requests
  - ansible-core (the collection's shared code imports it)
options:
  hmp_host:
    description:
      - Host name or IP address of the HMP server, as the web interface is reached.
      - C(host:port) and a leading C(https://) or C(http://) are accepted too; they override
        O(hmp_port) and O(hmp_protocol).
      - If not set, the value of the E(HMP_HOST) environment variable is used.
      - Every event carries it as C(event.hmp.server).
    type: str
    required: true
  hmp_port:
    description:
      - TCP port of the HMP REST API. When not set, 443 for C(https) and 80 for C(http).
      - If not set, the value of the E(HMP_PORT) environment variable is used.
    type: int
  hmp_protocol:
    description:
      - V(https), or V(http) for a lab server without TLS.
      - If not set, the value of the E(HMP_PROTOCOL) environment variable is used.
    type: str
    choices: [https, http]
    default: https
  hmp_username:
    description:
      - HMP user to log in as (cookie session). Requires O(hmp_password). Exclusive with O(hmp_api_key).
      - The account needs to read every watched kind (Administrator for users and set-top boxes).
      - If not set, the value of the E(HMP_USERNAME) environment variable is used.
    type: str
  hmp_password:
    description:
      - Password of O(hmp_username). Never logged nor put in an event.
      - If not set, the value of the E(HMP_PASSWORD) environment variable is used.
    type: str
  hmp_api_key:
    description:
      - API key for the key and secret login of HMP 4.1 (Bearer token). Requires O(hmp_api_secret).
      - If not set, the value of the E(HMP_API_KEY) environment variable is used.
    type: str
  hmp_api_secret:
    description:
      - API secret that goes with O(hmp_api_key). Never logged nor put in an event.
      - If not set, the value of the E(HMP_API_SECRET) environment variable is used.
    type: str
  hmp_validate_certs:
    description:
      - Whether to verify the server's TLS certificate. V(false) only for lab servers (a warning is logged).
      - If not set, the value of the E(HMP_VALIDATE_CERTS) environment variable is used.
    type: bool
    default: true
  hmp_ca_path:
    description:
      - PEM file of the CA (or bundle) that signed the server's certificate, for a private PKI.
      - If not set, the value of the E(HMP_CA_PATH) environment variable is used.
    type: path
  hmp_timeout:
    description:
      - Seconds to wait for each answer of the server.
      - If not set, the value of the E(HMP_TIMEOUT) environment variable is used.
    type: int
    default: 30
  hmp_retries:
    description:
      - How many times a read is sent again within a poll after no answer or a 500, 502, 503 or 504.
        A poll whose reads still fail is a failed poll (see O(interval)).
      - If not set, the value of the E(HMP_RETRIES) environment variable is used.
    type: int
    default: 5
  hmp_retry_delay:
    description:
      - Seconds to wait before the first retry of a read; the wait doubles at each further retry.
      - If not set, the value of the E(HMP_RETRY_DELAY) environment variable is used.
    type: float
    default: 0.5
  interval:
    description:
      - Seconds from the start of one poll to the start of the next.
      - After a failed poll the wait is O(interval), then doubles after each further failed poll, up to
        300 seconds (or O(interval) when it is longer).
    type: float
    default: 30
  kinds:
    description:
      - Which kinds of objects to watch. V(event) also reads the list of sessions (to find their events),
        whether or not V(session) is watched.
      - V(video) is left out by default (a video library can be large); add it to see the video a stopped
        recording becomes.
    type: list
    elements: str
    choices: [source, session, event, user, recording, stream, device, video]
    default: [source, session, event, user, recording, stream, device]
  ignore_fields:
    description:
      - Fields whose change is not an event. C(kind.field) names the field of one kind only
        (V(recording.duration)); a bare name applies to every kind (V(mtime)).
      - The default lists the fields that move on their own. Giving a list replaces it.
      - An update that changes only ignored fields produces no event; an event that has other changes
        still shows the ignored fields' new values in C(after).
    type: list
    elements: str
    default: [ctime, mtime, recording.duration, device.lastConnectedAt, device.lastConnection,
              device.statusDetails, device.lastAcceptedUpdate]
  bitrate_change:
    description:
      - When a source's C(bitrate) counts as a change.
      - V(zero) only when it falls to zero or comes back from zero (a bit rate that stays above zero is not
        an event); V(any) at every change of value. Put V(source.bitrate) in O(ignore_fields) to never count it.
    type: str
    choices: [zero, any]
    default: zero
  initial:
    description:
      - What the first poll reports. V(none) records the baseline and reports nothing; V(all) reports one
        V(created) event for each object that exists.
    type: str
    choices: [none, all]
    default: none
  inventory_host:
    description:
      - The name of this server in the rulebook's inventory. When set, every event carries it as
        C(event.meta.hosts), so that a C(run_playbook) action runs limited to that host (one source per
        server of a fleet, each with its own O(inventory_host)).
    type: str
notes:
  - The events of one poll are put on the queue in a fixed order (sources, sessions, events, users,
    recordings, streams, set-top boxes, videos; deletions first within a kind), after a C(reachable) event
    when the server was unreachable.
  - A configuration change made by an action (a playbook that repairs drift) is a change too, reported by
    the next poll like any other.
"""

EXAMPLES = r"""
- name: React to changes of one HMP server
  hosts: localhost
  sources:
    - haivision.hmp.hmp_watch:
        hmp_host: hmp.example.com
        hmp_username: eda-watch
        hmp_password: "{{ hmp_watch_password }}"
        hmp_ca_path: /etc/pki/example-ca.pem
        interval: 15
        kinds: [source, session, device]
  rules:
    - name: A source of a live session stopped receiving
      condition: >-
        event.hmp.kind == "source" and event.hmp.type == "updated"
        and "active" in event.hmp.changed and event.hmp.after.active == false
        and event.hmp.context.in_live_session == true
      action:
        run_playbook:
          name: incident.yml
    - name: The server stopped answering
      condition: event.hmp.kind == "server" and event.hmp.type == "unreachable"
      action:
        debug:
          msg: "{{ event.hmp.server }} is unreachable: {{ event.hmp.after.error }}"
"""


def _watch_module():
    """The collection's watch code. ansible-rulebook runs this file by its path, so the collection is
    importable only when the folder it is installed in is on sys.path: put that folder first."""
    here = os.path.dirname(os.path.abspath(__file__))
    top = os.path.abspath(os.path.join(here, *[os.pardir] * 7))
    if os.path.isdir(os.path.join(top, "ansible_collections", "haivision", "hmp")) and top not in sys.path:
        sys.path.insert(0, top)
    from ansible_collections.haivision.hmp.plugins.plugin_utils import _watch  # pylint: disable=import-outside-toplevel

    return _watch


async def main(queue: asyncio.Queue, args: dict[str, Any]) -> None:
    """Poll the server every ``interval`` seconds and put each change on ``queue``, until cancelled."""
    watch_code = _watch_module()
    watch = watch_code.Watch(watch_code.watch_options(args))
    loop = asyncio.get_running_loop()
    polls = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hmp_watch")  # blocking HTTP off the loop
    try:
        while True:
            started = loop.time()
            for event in await loop.run_in_executor(polls, watch.poll):
                await queue.put(event)
            await asyncio.sleep(watch.wait(loop.time() - started))
    finally:
        polls.submit(watch.close)  # after a poll still running, in the same thread: one logout
        polls.shutdown(wait=False)


if __name__ == "__main__":
    # Print the events of a server, without ansible-rulebook: HMP_HOST, HMP_USERNAME, HMP_PASSWORD...

    class PrintQueue(asyncio.Queue):
        """A queue that prints what is put on it."""

        async def put(self, item):
            print(item)  # noqa: T201

    asyncio.run(main(PrintQueue(), {"interval": float(os.environ.get("HMP_WATCH_INTERVAL", "10")), "initial": "all"}))
