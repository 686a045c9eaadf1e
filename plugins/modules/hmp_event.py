#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: hmp_event
short_description: Schedule one-time and weekly events of a Haivision Media Platform session
version_added: 0.1.0
description:
  - Creates, updates and deletes the scheduled events of an HMP session. When an event fires, HMP
    sets the session live, records it, or both, for O(duration).
  - An event is found by O(id), else by its O(session) and O(start_time). Compares only the options
    the task sets and writes only when they differ, always sending the complete event.
  - HMP stores start times as UTC instants. A time without a UTC offset is refused rather than
    guessed, since guessing a zone would move the event.
  - Deleting uses C(DELETE /apis/sessions/:sessionId/events/:eventId), which HMP's web scheduler uses
    but HMP's REST documentation does not list.
author:
  - haivision.hmp contributors (@haivision)
options:
  session:
    description:
      - Title or id of the session the event belongs to. Required unless O(id) is given (with O(id)
        alone the module looks through every session's events).
    type: str
  id:
    description:
      - Id of an existing event.
    type: str
  start_time:
    description:
      - When the event fires; for a weekly event, the time of day and the first week.
      - ISO 8601 with a UTC offset (V(2026-12-02T14:00:00Z), V(2026-12-02 09:00:00-05:00)) or epoch
        seconds. Both name the same instant and compare equal.
      - Identifies the event within O(session) when O(id) is not given; with O(id), the new start time.
    type: raw
  duration:
    description:
      - How long the session stays live or records, in seconds or as text such as V(1h30m), V(90m), V(45s).
    type: raw
  recurrence:
    description:
      - V(one_time), or V(weekly) on O(days). HMP's C(one-time) and C(weekly-recurring).
      - V(one_time) when the event is created without it.
    type: str
    choices: [one_time, weekly]
  days:
    description:
      - The days of a weekly event, as a list (V([WED, FRI])) or as text (V(WED;FRI)), in any case and
        order; compared as a set. Full day names are accepted too.
      - Required for a weekly event, refused for a one-time event.
    type: raw
  action:
    description:
      - What the event does. V(live) sets the session live, V(record) records it, V(live_and_record) does both.
      - Required to create an event.
    type: str
    choices: [live, record, live_and_record]
  enabled:
    description:
      - Whether the event fires. V(true) when the event is created without it.
    type: bool
  state:
    description:
      - V(present) creates or updates the event, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - haivision.hmp.connection
  - haivision.hmp.attributes
seealso:
  - module: haivision.hmp.hmp_event_info
  - module: haivision.hmp.hmp_session
"""

EXAMPLES = r"""
- name: The morning show goes live and records every weekday at 14:00 UTC for 90 minutes
  haivision.hmp.hmp_event:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
    session: Studio A
    start_time: "2026-12-02T14:00:00Z"
    duration: 1h30m
    recurrence: weekly
    days: MON;TUE;WED;THU;FRI
    action: live_and_record

- name: A one-time recording, written in Eastern time
  haivision.hmp.hmp_event:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
    session: Studio A
    start_time: "2026-12-24 18:00:00-05:00"
    duration: 7200
    action: record

- name: Pause the weekly event without deleting it
  haivision.hmp.hmp_event:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
    session: Studio A
    start_time: "2026-12-02T14:00:00Z"
    enabled: false

- name: Delete the one-time recording
  haivision.hmp.hmp_event:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
    session: Studio A
    start_time: "2026-12-24T23:00:00Z"
    state: absent
"""

RETURN = r"""
event:
  description:
    - The event after the task, as HMP returns it (C(startTime) and C(duration) in seconds).
    - In check mode, the event as it would be. Null after a deletion or when the event is absent.
  returned: always
  type: dict
  sample:
    id: e808eb59-00c4-4a2e-a0e1-b06a693c7736
    moduleId: ccf00271-adda-42b4-895f-bb54338fb932
    module: session
    startTime: 1796220000
    duration: 5400
    type: weekly-recurring
    typeData: {days: [WED, FRI]}
    command: set-live
    parameters: {record: true}
    active: true
diff:
  description: The event before and after, in the module's option names.
  returned: when diff mode is on
  type: dict
  sample:
    before: {start_time: "2026-12-02T14:00:00Z", duration: 5400, recurrence: weekly, days: [WED], action: live, enabled: true}
    after: {start_time: "2026-12-02T14:00:00Z", duration: 5400, recurrence: weekly, days: [WED, FRI], action: live, enabled: true}
"""

from ansible_collections.haivision.hmp.plugins.module_utils._resources import EVENT
from ansible_collections.haivision.hmp.plugins.module_utils.engine._module import resource_module

MODULE = resource_module(EVENT)


def main():
    MODULE.main()


if __name__ == "__main__":
    main()
