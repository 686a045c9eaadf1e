#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: hmp_recording_info
short_description: List the active recordings of a Haivision Media Platform server
version_added: 0.1.0
description:
  - Returns the active (recording or paused) recordings of an HMP server, every page of them, each with
    its recorders, the title of its session and the names of the sources it records.
  - Finished recordings are not listed; each is a video with the id of its recording.
  - Reads HMP's list of all recordings, which the Recordings - VIEW permission allows, also when
    O(session) narrows it.
  - "How the filters apply: HMP's list of recordings takes no search (no C(q)). O(id) reads that one recording
    (C(GET /apis/recordings/:recordingId)); otherwise the whole list is read, page by page. O(session) is
    applied to what was read. A recording must pass every filter given."
author:
  - haivision.hmp contributors (@haivision)
options:
  session:
    description:
      - Only the recordings of this session, by title or id.
      - A title that matches no session, or several, fails.
    type: str
  id:
    description:
      - Only the active recording with this id (none when it is not active).
    type: str
extends_documentation_fragment:
  - haivision.hmp.connection
  - haivision.hmp.attributes.INFO_MODULE
seealso:
  - module: haivision.hmp.hmp_recording
"""

EXAMPLES = r"""
- name: Every active recording
  haivision.hmp.hmp_recording_info:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
  register: hmp_recordings

- name: The sessions that are recording
  ansible.builtin.debug:
    msg: "{{ hmp_recordings.recordings | map(attribute='session_title') | unique | list }}"

- name: The recordings of studio A
  haivision.hmp.hmp_recording_info:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
    session: Studio A
"""

RETURN = r"""
recordings:
  description:
    - The active recordings found, as HMP returns them, plus C(session_title) and C(source_names) (the names
      of the sources of C(recorders), in their order); empty when there are none.
  returned: always
  type: list
  elements: dict
  sample:
    - id: d0408eaa-a512-4256-813f-96c0b3f47bd0
      session: f443465b-dee0-484e-b4c3-60fd8209d7b6
      session_title: Studio A
      username: haiadmin
      state: RECORDING
      duration: 25.638
      recorders:
        - {source: 323e1db5-5bb4-4988-85fc-b07605b365c8, chunk: "asset-chunk://d0408eaa-a512-4256-813f-96c0b3f47bd0/3/0/0",
           id: "6", state: RECORDING}
      source_names: [Studio A camera 1]
      ctime: 1399402432
      title: Studio A - 06/05/2014, 15:26
"""

from ansible_collections.haivision.hmp.plugins.module_utils._resources import RECORDING
from ansible_collections.haivision.hmp.plugins.module_utils.engine._module import info_module
from ansible_collections.haivision.hmp.plugins.module_utils.features._info import describe_recordings, select_recordings

MODULE = info_module(RECORDING, options={"session": {"type": "str"}}, search=False, named=False,
                     select=select_recordings, describe=describe_recordings)


def main():
    MODULE.main()


if __name__ == "__main__":
    main()
