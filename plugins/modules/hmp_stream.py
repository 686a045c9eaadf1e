#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: hmp_stream
short_description: Start, pause, resume, seek and stop the re-streaming of a Haivision Media Platform video
version_added: 0.1.0
description:
  - Keeps a re-stream of a finished HMP video (an MPEG-TS output to an address and port) playing, paused
    or stopped.
  - Reads the stream first and sends only what its state needs. V(playing) starts the stream when there
    is none and resumes a paused one; V(paused) pauses a playing stream, and starts a missing one then
    pauses it; V(stopped) stops the stream. Asking for the state a stream is already in sends nothing.
  - Every pause or resume request carries the state it asks for, because HMP toggles a stream when the
    request does not say.
  - HMP refuses to stream to an address and port that another stream or a source uses. The module
    checks the running streams and the sources first and fails, naming the one in the way, before
    anything is written.
  - "A start that got no answer, or a 500, 502, 503 or 504, is read back: the video's streams are listed, and
    one to the task's address and port (or destinations) is taken for the one it made. The start is sent again
    (up to O(hmp_retries) times) only when there is none. A seek (O(position)) cannot be read back, since HMP
    reports no position: it is never sent again, and the task fails with the error."
author:
  - haivision.hmp contributors (@haivision)
options:
  id:
    description:
      - Id of a running stream. Finds the stream instead of O(video) with O(address) and O(port) (or
        O(destinations)); it cannot start one.
    type: str
  video:
    description:
      - Title or id of the video to stream. With O(address) and O(port), or with O(destinations),
        identifies the stream when O(id) is not given.
      - A title that matches no video, or several, fails (with O(state=stopped), no video means no
        stream, and nothing to do).
    type: str
  address:
    description:
      - Destination IP address (unicast or multicast) or host name of a single-track video's stream.
    type: str
  port:
    description:
      - Destination UDP port, with O(address).
    type: int
  destinations:
    description:
      - One destination per track, for a video recorded from several sources (HMP requires it for such
        a video). Compared as a set with the destinations of the running streams.
    type: list
    elements: dict
    suboptions:
      track_id:
        description:
          - The track (HMP's C(trackId)) to send there.
        type: int
        required: true
      address:
        description:
          - Destination IP address or host name of that track.
        type: str
        required: true
      port:
        description:
          - Destination UDP port of that track.
        type: int
        required: true
  state:
    description:
      - V(playing) plays the stream, starting it when needed; V(paused) keeps it paused, starting it
        when needed; V(stopped) stops it.
    type: str
    choices: [playing, paused, stopped]
    default: playing
  position:
    description:
      - Seconds from the start of the video to jump to (fractions allowed, 0 or more).
      - HMP does not report where a stream is, so a task with O(position) seeks on every run and
        always reports a change.
      - Not allowed with O(state=stopped). A position past the end of the video fails before anything
        is written.
    type: float
extends_documentation_fragment:
  - haivision.hmp.connection
  - haivision.hmp.attributes
seealso:
  - module: haivision.hmp.hmp_stream_info
  - module: haivision.hmp.hmp_video
"""

EXAMPLES = r"""
- name: Play the keynote to a multicast group
  haivision.hmp.hmp_stream:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
    video: Keynote
    address: 239.134.32.100
    port: 4900
    state: playing

- name: Stream a two-camera video, paused, one track per port
  haivision.hmp.hmp_stream:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
    video: Studio A, 2 December
    destinations:
      - {track_id: 3, address: 239.134.32.101, port: 4900}
      - {track_id: 4, address: 239.134.32.101, port: 4902}
    state: paused

- name: Back to the start of the keynote
  haivision.hmp.hmp_stream:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
    video: Keynote
    address: 239.134.32.100
    port: 4900
    position: 0

- name: Stop it
  haivision.hmp.hmp_stream:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
    video: Keynote
    address: 239.134.32.100
    port: 4900
    state: stopped
"""

RETURN = r"""
actions:
  description: What the task did (or would do in check mode), one line per request, in order.
  returned: always
  type: list
  elements: str
  sample:
    - "start stream 5e33bc64-4ff7-47aa-a7d6-562b35a9c4aa of video 'Keynote' to 239.134.32.100:4900"
    - pause stream 5e33bc64-4ff7-47aa-a7d6-562b35a9c4aa
stream:
  description:
    - The stream after the task, as HMP returns it, plus C(video_title). Null when it is stopped.
    - In check mode, the stream as it would be (a stream not started yet has a null C(id)).
  returned: always
  type: dict
  sample:
    id: 5e33bc64-4ff7-47aa-a7d6-562b35a9c4aa
    asset: a907804b-d6d5-4328-9bd6-5aca9abbac8c
    video_title: Keynote
    address: 239.134.32.100
    port: 4900
    state: paused
    username: haiadmin
    destinations: [{trackId: 3, address: 239.134.32.100, port: 4900}]
diff:
  description:
    - The stream before and after; a stream that does not run shows as O(state=stopped).
    - C(position) appears in C(after) when the task seeks.
  returned: when diff mode is on
  type: dict
  sample:
    before: {state: stopped}
    after: {state: playing, video: Keynote, address: 239.134.32.100, port: 4900,
            destinations: [{track_id: 3, address: 239.134.32.100, port: 4900}]}
"""

from ansible_collections.haivision.hmp.plugins.module_utils.engine._module import Module
from ansible_collections.haivision.hmp.plugins.module_utils.features._stream import PLAYING, STREAM_STATES, ensure_stream

DESTINATION = {"track_id": {"type": "int", "required": True},
               "address": {"type": "str", "required": True},
               "port": {"type": "int", "required": True}}
OPTIONS = {
    "id": {"type": "str"},
    "video": {"type": "str"},
    "address": {"type": "str"},
    "port": {"type": "int"},
    "destinations": {"type": "list", "elements": "dict", "options": DESTINATION},
    "state": {"type": "str", "choices": list(STREAM_STATES), "default": PLAYING},
    "position": {"type": "float"},
}

MODULE = Module(OPTIONS, ensure_stream, not_empty=("id", "video"), required_one_of=[("id", "video")], writes=True,
                mutually_exclusive=[("id", "video"), ("id", "address"), ("id", "port"), ("id", "destinations"),
                                    ("destinations", "address"), ("destinations", "port")],
                required_together=[("address", "port")])


def main():
    MODULE.main()


if __name__ == "__main__":
    main()
