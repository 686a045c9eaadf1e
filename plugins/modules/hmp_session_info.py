#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: hmp_session_info
short_description: List the sessions of a Haivision Media Platform server
version_added: 0.1.0
description:
  - Returns the sessions of an HMP server, every page of them, with the names of their sources beside
    the ids, and their scheduled events when asked.
  - "How the filters apply: O(q) is sent to HMP with the list request (C(GET /apis/sessions?q=...)), which
    searches on the server; O(id) without O(q) reads that one session (C(GET /apis/sessions/:sessionId));
    otherwise the whole list is read. O(title), and O(id) with O(q), are applied to what was read. A
    session must pass every filter given."
author:
  - haivision.hmp contributors (@haivision)
options:
  title:
    description:
      - Only the sessions with exactly this title (HMP allows several); read, then filtered.
    type: str
  id:
    description:
      - Only the session with this id.
    type: str
  q:
    description:
      - HMP's own text search, case-insensitive, over the title and description, done by the server.
    type: str
  events:
    description:
      - Also return the events of each session (one request per session).
    type: bool
    default: false
extends_documentation_fragment:
  - haivision.hmp.connection
  - haivision.hmp.attributes.INFO_MODULE
seealso:
  - module: haivision.hmp.hmp_session
  - module: haivision.hmp.hmp_event_info
"""

EXAMPLES = r"""
- name: Every session with its events
  haivision.hmp.hmp_session_info:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
    events: true
  register: hmp_sessions

- name: The titles of the live sessions
  ansible.builtin.debug:
    msg: "{{ hmp_sessions.sessions | selectattr('active') | map(attribute='title') | list }}"
"""

RETURN = r"""
sessions:
  description: The sessions found, as HMP returns them, plus C(source_names) (and C(events) when asked); empty when there are none.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 2f8dce6d-fd8b-459e-890f-97965c88df40
      title: Studio A
      description: Morning show
      active: true
      syncrecord: true
      recording: false
      sources: [f4327f7b-3917-4533-b844-8818741cb0bd]
      source_names: [Studio A camera 1]
      events:
        - id: e808eb59-00c4-4a2e-a0e1-b06a693c7736
          startTime: 1796220000
          start_time_utc: "2026-12-02T14:00:00Z"
          end_time_utc: "2026-12-02T15:30:00Z"
          duration: 5400
          type: weekly-recurring
          typeData: {days: [WED, FRI]}
          command: set-live
          parameters: {record: true}
          active: true
"""

from ansible_collections.haivision.hmp.plugins.module_utils._resources import SESSION
from ansible_collections.haivision.hmp.plugins.module_utils.engine._module import info_module
from ansible_collections.haivision.hmp.plugins.module_utils.features._info import describe_sessions

MODULE = info_module(SESSION, options={"events": {"type": "bool", "default": False}}, describe=describe_sessions)


def main():
    MODULE.main()


if __name__ == "__main__":
    main()
