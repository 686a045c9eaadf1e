#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: hmp_session
short_description: Manage sessions (live channels built from sources) of a Haivision Media Platform server
version_added: 0.1.0
description:
  - Creates, updates and deletes HMP sessions, and keeps the set of sources in each.
  - Compares only the options the task sets and writes only what differs. An update sends the
    complete session, because HMP's edit resets what a request leaves out; source membership
    changes send one request per source added or removed, and nothing else.
  - HMP does not keep session titles unique. The module finds a session by O(id), else by O(title),
    and fails, listing the ids, when several sessions have that title.
author:
  - haivision.hmp contributors (@haivision)
options:
  title:
    description:
      - Title of the session. Identifies the session when O(id) is not given.
      - With O(id), the new title of that session.
    type: str
  id:
    description:
      - Id of an existing session. Takes precedence over O(title) to find the session.
    type: str
  description:
    description:
      - Free text shown with the session.
    type: str
  sync_record:
    description:
      - Whether a recording records every source of the session together (HMP's C(syncrecord)).
    type: bool
  live:
    description:
      - Whether the session is live, that is, visible to the users it is shared with (HMP's C(active)).
    type: bool
  sources:
    description:
      - The sources of the session, by name or id, at most four.
      - When given, this is the whole membership, compared as a set, and sources not listed are
        removed. Leave it out to keep the current sources.
      - A name that matches no source, or several, fails before anything is written.
      - HMP refuses to change the sources of a session that is recording; the module then fails,
        naming the recording, before anything is written.
    type: list
    elements: str
  copy_from:
    description:
      - Title or id of an existing session to duplicate. Its settings and sources fill every option
        the task leaves out (the title excepted).
    type: str
  state:
    description:
      - V(present) creates or updates the session, V(absent) deletes it.
      - HMP refuses to delete a session that is recording; the module then fails, naming the recording.
      - Videos recorded from a deleted session stay.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - haivision.hmp.connection
  - haivision.hmp.attributes
seealso:
  - module: haivision.hmp.hmp_session_info
  - module: haivision.hmp.hmp_event
  - module: haivision.hmp.hmp_source
"""

EXAMPLES = r"""
- name: A live session with two cameras
  haivision.hmp.hmp_session:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
    title: Studio A
    description: Morning show
    live: true
    sync_record: true
    sources:
      - Studio A camera 1
      - Studio A camera 2

- name: The same setup for studio B, from studio A
  haivision.hmp.hmp_session:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
    title: Studio B
    copy_from: Studio A
    live: false

- name: Delete a session
  haivision.hmp.hmp_session:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
    title: Studio B
    state: absent
"""

RETURN = r"""
session:
  description:
    - The session after the task, as HMP returns it; C(sources) holds the ids of its sources.
    - In check mode, the session as it would be. Null after a deletion or when the session is absent.
  returned: always
  type: dict
  sample:
    id: 2f8dce6d-fd8b-459e-890f-97965c88df40
    title: Studio A
    description: Morning show
    active: true
    syncrecord: true
    sources: [f4327f7b-3917-4533-b844-8818741cb0bd]
    recording: false
    duration: 0
    movieTrackCount: 1
    ctime: 1393533035
    mtime: 1398875839
diff:
  description: The session before and after, in the module's option names, sources by name.
  returned: when diff mode is on
  type: dict
  sample:
    before: {title: Studio A, live: false, sources: [Studio A camera 1]}
    after: {title: Studio A, live: true, sources: [Studio A camera 1, Studio A camera 2]}
"""

from ansible_collections.haivision.hmp.plugins.module_utils._resources import SESSION
from ansible_collections.haivision.hmp.plugins.module_utils.engine._module import resource_module

MODULE = resource_module(SESSION)


def main():
    MODULE.main()


if __name__ == "__main__":
    main()
