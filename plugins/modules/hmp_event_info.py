#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: hmp_event_info
short_description: List the scheduled events of Haivision Media Platform sessions
version_added: 0.1.0
description:
  - Returns the events of one session, or of every session, with readable UTC times beside HMP's
    epoch seconds and the title of each event's session.
  - "How the filters apply: HMP's lists of events take no search (no C(q)), and an event has no name. O(session)
    picks the session whose list is read (one request); without it, every session's list is read (one
    request per session). O(id) and O(start_time) are applied to what was read. An event must pass every
    filter given."
author:
  - haivision.hmp contributors (@haivision)
options:
  session:
    description:
      - Title or id of the session whose events to return. Every session's when not set (one request
        per session).
      - A title that matches no session, or several, fails.
    type: str
  id:
    description:
      - Only the event with this id (read with the lists, then filtered).
    type: str
  start_time:
    description:
      - Only the events that start at this instant (for a weekly event, its first start), as
        M(haivision.hmp.hmp_event) takes it, ISO 8601 with a UTC offset or epoch seconds; compared as
        instants (read with the lists, then filtered).
      - A time without a UTC offset fails before any request.
    type: raw
extends_documentation_fragment:
  - haivision.hmp.connection
  - haivision.hmp.attributes.INFO_MODULE
seealso:
  - module: haivision.hmp.hmp_event
"""

EXAMPLES = r"""
- name: The schedule of studio A
  haivision.hmp.hmp_event_info:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
    session: Studio A
  register: schedule

- name: The event of studio A at 14:00 UTC on 2 December 2026, if there is one
  haivision.hmp.hmp_event_info:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
    session: Studio A
    start_time: "2026-12-02T09:00:00-05:00"

- name: When each event starts
  ansible.builtin.debug:
    msg: "{{ schedule.events | map(attribute='start_time_utc') | list }}"
"""

RETURN = r"""
events:
  description:
    - The events found, as HMP returns them, plus C(session_id), C(session_title), C(start_time_utc)
      and C(end_time_utc) (ISO 8601, UTC); empty when there are none.
  returned: always
  type: list
  elements: dict
  sample:
    - id: e808eb59-00c4-4a2e-a0e1-b06a693c7736
      session_id: ccf00271-adda-42b4-895f-bb54338fb932
      session_title: Studio A
      startTime: 1796220000
      start_time_utc: "2026-12-02T14:00:00Z"
      duration: 5400
      end_time_utc: "2026-12-02T15:30:00Z"
      type: weekly-recurring
      typeData: {days: [WED, FRI]}
      command: set-live
      parameters: {record: true}
      active: true
"""

from ansible_collections.haivision.hmp.plugins.module_utils._resources import EVENT
from ansible_collections.haivision.hmp.plugins.module_utils.engine._module import info_module
from ansible_collections.haivision.hmp.plugins.module_utils.features._info import select_events

MODULE = info_module(EVENT, options={"session": {"type": "str"}, "start_time": {"type": "raw"}}, search=False, named=False,
                     select=select_events)


def main():
    MODULE.main()


if __name__ == "__main__":
    main()
