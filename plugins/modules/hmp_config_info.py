#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: hmp_config_info
short_description: Read a whole Haivision Media Platform server in the option schema of hmp_config
version_added: 0.1.0
description:
  - Returns the sources, the sessions with their events, and the local accounts of an HMP server with
    the option names and values that M(haivision.hmp.hmp_config) takes, so that declaring the result
    on the same server changes nothing. The C(haivision.hmp.export) role writes it as YAML files.
  - Sources of a session and roles of an account are given by name (by id where several objects share
    the name), event start times as ISO 8601 UTC text such as V(2026-12-02T14:00:00Z), durations in
    seconds, the days of a weekly event as a list.
  - Only what can be declared is returned. Fields HMP computes (creation times, bitrates, whether a
    session is recording) and fields that do not apply to the object (the latency of a UDP source, the
    days of a one-time event) are left out, and so are unset values.
  - Secrets are left out, and RV(secrets_left_out) names the objects concerned. HMP never returns user
    passwords; it returns SRT passphrases, but they do not belong in plain text. A secret left out of a
    declaration is not compared, so the server keeps the one it has.
  - Reads each collection once (one request per page), plus one request per session for its events.
    Reading the accounts needs the Administrator role (see M(haivision.hmp.hmp_user)).
  - Warns when the server holds something that cannot be declared back as it is, such as two sources
    with the same name.
author:
  - haivision.hmp contributors (@haivision)
options: {}
extends_documentation_fragment:
  - haivision.hmp.connection
  - haivision.hmp.attributes.INFO_MODULE
seealso:
  - module: haivision.hmp.hmp_config
  - module: haivision.hmp.hmp_source_info
  - module: haivision.hmp.hmp_session_info
  - module: haivision.hmp.hmp_user_info
"""

EXAMPLES = r"""
- name: Read the whole server
  haivision.hmp.hmp_config_info:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
  register: current

- name: Declare it again on the same server (changes nothing)
  haivision.hmp.hmp_config:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
    sources: "{{ current.sources }}"
    sessions: "{{ current.sessions }}"
    users: "{{ current.users }}"

- name: Save it in the variables of the haivision.hmp.config role
  ansible.builtin.copy:
    content: "{{ {'hmp_sources': current.sources, 'hmp_sessions': current.sessions, 'hmp_users': current.users} | to_nice_yaml(sort_keys=false) }}"
    dest: "{{ playbook_dir }}/host_vars/hmp.example.com.yml"
    mode: "0644"
"""

RETURN = r"""
sources:
  description:
    - The sources, sorted by name, each with the options of M(haivision.hmp.hmp_source) that apply to
      its type; empty when there are none.
    - C(passphrase) is never returned.
  returned: always
  type: list
  elements: dict
  sample:
    - {name: Cam 1, type: udp, host: 239.10.10.1, port: 4900, multicast: true, description: "", continuous: false}
    - {name: Remote, type: srt, host: 0.0.0.0, port: 9000, description: "", continuous: true, srt_mode: listener, latency: 200}
sessions:
  description:
    - The sessions, sorted by title, each with the options of M(haivision.hmp.hmp_session), its sources
      by name, and C(events); empty when there are none.
  returned: always
  type: list
  elements: dict
  contains:
    title:
      description: Title of the session.
      type: str
    description:
      description: Free text.
      type: str
    sync_record:
      description: Whether every source records together.
      type: bool
    live:
      description: Whether the session is live.
      type: bool
    sources:
      description: Names of its sources, sorted (the id of a source whose name several sources share).
      type: list
      elements: str
    events:
      description:
        - Its scheduled events, sorted by start time, each with the options of M(haivision.hmp.hmp_event)
          but C(session); empty when it has none.
        - C(start_time) is ISO 8601 UTC text, C(duration) seconds, C(days) (weekly events only) a list
          in week order.
      type: list
      elements: dict
  sample:
    - title: Studio A
      description: Morning show
      sync_record: true
      live: true
      sources: [Cam 1, Remote]
      events:
        - {start_time: "2026-12-02T14:00:00Z", duration: 5400, recurrence: weekly, days: [WED, FRI], action: live_and_record, enabled: true}
users:
  description:
    - The local accounts, sorted by username, each with the options of M(haivision.hmp.hmp_user) and its
      roles by name; empty when there are none.
    - C(password) is never returned (HMP never returns it).
  returned: always
  type: list
  elements: dict
  sample:
    - {username: haiadmin, display_name: haiadmin, email: "", roles: [Administrator]}
    - {username: jdoe, display_name: Jane Doe, email: jdoe@example.com, roles: [Content Creator]}
secrets_left_out:
  description:
    - The secrets left out, by type and option, each with the names of the objects concerned; empty when
      none was left out.
    - Every account is listed under C(users.password), since HMP never returns passwords; a source is
      listed under C(sources.passphrase) when it has one.
  returned: always
  type: dict
  sample:
    sources: {passphrase: [Remote]}
    users: {password: [haiadmin, jdoe]}
"""

from ansible_collections.haivision.hmp.plugins.module_utils.engine._lookup import Lookup
from ansible_collections.haivision.hmp.plugins.module_utils.engine._module import Module
from ansible_collections.haivision.hmp.plugins.module_utils.features._export import export_server

MODULE = Module({}, lambda client, params, check_mode, diff_mode: export_server(Lookup(client)))


def main():
    MODULE.main()


if __name__ == "__main__":
    main()
