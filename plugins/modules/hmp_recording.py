#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: hmp_recording
short_description: Start, pause, resume and stop the recordings of a Haivision Media Platform session
version_added: 0.1.0
description:
  - Brings the active recordings of one HMP session to the state the task asks for, and sends only the
    requests that state needs. Asking for the state the recordings are already in sends no write.
  - V(recording) starts a recording when the session has no active one, resumes the paused ones when
    none is recording, and does nothing when one is recording already.
  - V(paused) pauses every recording of the session that is recording (or the one O(id) names).
  - V(stopped) stops every active recording of the session (or the one O(id) names). A stopped
    recording becomes a video with the same id; the module returns these ids in RV(videos).
  - HMP allows several active recordings per session; O(id) picks one of them.
  - "A start that got no answer, or a 500, 502, 503 or 504, is read back: the session's active recordings are
    listed, and one that was not there before the start is taken for the one it made. The start is sent again
    (up to O(hmp_retries) times) only when there is none, so a lost answer never starts two recordings."
author:
  - haivision.hmp contributors (@haivision)
options:
  session:
    description:
      - Title or id of the session whose recordings the task manages.
      - A title that matches no session, or several, fails before anything is written.
    type: str
    required: true
  id:
    description:
      - Id of one active recording of the session; the task then acts on that recording only.
      - With O(state=stopped), the id of a recording stopped already (a video with that id exists) changes
        nothing and returns that id in RV(videos); an id that is neither an active recording of the
        session nor a video fails.
      - With O(state=recording) or O(state=paused), the id must be an active recording of the session.
    type: str
  state:
    description:
      - The state the recordings of the session should be in.
      - V(recording) on a session without sources fails before anything is written (HMP records only
        sessions with at least one source).
      - V(paused) on a session without an active recording fails, since there is nothing to pause.
      - V(stopped) on a session without an active recording (and without O(id)) changes nothing.
    type: str
    choices: [recording, paused, stopped]
    required: true
  sources:
    description:
      - The sources to record, by name or id, when the task starts a recording; by default every source
        of the session is recorded.
      - Each must be a source of the session; otherwise the task fails, naming them, before anything is
        written.
      - Used only to start a recording. A recording that is active already is left as it is, whatever
        sources it records. Only allowed with O(state=recording).
    type: list
    elements: str
extends_documentation_fragment:
  - haivision.hmp.connection
  - haivision.hmp.attributes
seealso:
  - module: haivision.hmp.hmp_recording_info
  - module: haivision.hmp.hmp_session
"""

EXAMPLES = r"""
- name: Record studio A (starts a recording unless one is running; resumes a paused one)
  haivision.hmp.hmp_recording:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
    session: Studio A
    state: recording

- name: Record only the first camera of studio B
  haivision.hmp.hmp_recording:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
    session: Studio B
    state: recording
    sources:
      - Studio B camera 1

- name: Pause during the break
  haivision.hmp.hmp_recording:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
    session: Studio A
    state: paused

- name: Stop every recording of studio A
  haivision.hmp.hmp_recording:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
    session: Studio A
    state: stopped
  register: studio_a_stop

- name: The videos they became
  ansible.builtin.debug:
    msg: "{{ studio_a_stop.videos }}"
"""

RETURN = r"""
actions:
  description: What the task did (or, in check mode, would do), one line per request sent.
  returned: always
  type: list
  elements: str
  sample: ["pause recording d0408eaa-a512-4256-813f-96c0b3f47bd0 of session 'Studio A'"]
recording:
  description:
    - The recording the task is about, after the task, as HMP returns it (the one O(id) names, the one
      started or resumed, else the first one in the asked state).
    - In check mode, the recording as it would be; a recording still to start has no id then.
    - Null with O(state=stopped).
  returned: always
  type: dict
  sample:
    id: d0408eaa-a512-4256-813f-96c0b3f47bd0
    session: f443465b-dee0-484e-b4c3-60fd8209d7b6
    username: haiadmin
    state: PAUSED
    duration: 25.638
    recorders:
      - {source: 323e1db5-5bb4-4988-85fc-b07605b365c8, chunk: "asset-chunk://d0408eaa-a512-4256-813f-96c0b3f47bd0/3/0/0",
         id: "6", state: PAUSED}
    ctime: 1399402432
    title: Studio A - 06/05/2014, 15:26
recordings:
  description: Every active recording of the session after the task (predicted in check mode); empty when there is none.
  returned: always
  type: list
  elements: dict
videos:
  description:
    - The ids of the videos the recordings stopped by this task became (HMP gives a video the id of its
      recording). With O(id) naming a recording stopped already, that id.
    - Empty unless O(state=stopped).
  returned: always
  type: list
  elements: str
  sample: [d0408eaa-a512-4256-813f-96c0b3f47bd0]
diff:
  description:
    - The session's recordings before and after, each id with its state (V(recording), V(paused), or
      V(stopped) for those the task stops). A recording still to start shows as C((new)) in check mode.
  returned: when diff mode is on
  type: dict
  sample:
    before: {session: Studio A, recordings: {d0408eaa-a512-4256-813f-96c0b3f47bd0: recording}}
    after: {session: Studio A, recordings: {d0408eaa-a512-4256-813f-96c0b3f47bd0: paused}}
"""

from ansible_collections.haivision.hmp.plugins.module_utils.engine._module import Module
from ansible_collections.haivision.hmp.plugins.module_utils.features._recording import RECORDING_STATES, ensure_recording

OPTIONS = {
    "session": {"type": "str", "required": True},
    "id": {"type": "str"},
    "state": {"type": "str", "choices": list(RECORDING_STATES), "required": True},
    "sources": {"type": "list", "elements": "str"},
}

MODULE = Module(OPTIONS, ensure_recording, not_empty=("session", "id"), writes=True)


def main():
    MODULE.main()


if __name__ == "__main__":
    main()
