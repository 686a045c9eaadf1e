#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: hmp_config
short_description: Reconcile a whole Haivision Media Platform server, sources, sessions, events and users, in one task
version_added: 0.1.0
description:
  - Brings one HMP server to the declared state in one task, which is much faster than looping the
    per-object modules and reports every change together.
  - "Every declared object takes the same options, with the same meaning, as M(haivision.hmp.hmp_source),
    M(haivision.hmp.hmp_session), M(haivision.hmp.hmp_event) (nested in its session) and
    M(haivision.hmp.hmp_user), O(sources[].id) and O(sources[].state) included. They differ in two ways
    only. An event takes no C(session): it is declared inside its session, and found (by start time or
    by O(sessions[].events[].id)) among that session's events. And every declared object needs its
    identity (O(sources[].name), O(sessions[].title), O(sessions[].events[].start_time),
    O(users[].username)) even when it gives an C(id), where the per-object modules take either: the summary
    names each object by it, and with an C(id) it is the object's new name, title or start time (an
    account keeps its username: HMP cannot rename it)."
  - "Steps: the whole declaration is checked first, and any bad value fails the task before anything is
    read or written, naming where it is (for example C(sessions[3].events[0].days)); then every collection
    the plan needs is read once; then changes are applied in dependency order (sources, sessions and
    their sources, events, users), and purges in reverse."
  - Check mode plans everything and writes nothing.
author:
  - haivision.hmp contributors (@haivision)
options:
  sources:
    description: The sources to declare, by name. See M(haivision.hmp.hmp_source) for each option.
    type: list
    elements: dict
    suboptions:
      name:
        description: "Name of the source (identifies it)."
        type: str
      type:
        description: "Protocol."
        type: str
        choices: [udp, srt]
      host:
        description: "Address of the stream: an IP address, or a host name in ASCII (punycode for accents)."
        type: str
      port:
        description: "Port, 1 to 65535."
        type: int
      multicast:
        description: "For a UDP source, multicast or unicast."
        type: bool
      description:
        description: "Free text."
        type: str
      continuous:
        description: "Continuous reception (always on for SRT)."
        type: bool
      srt_mode:
        description: "SRT connection mode."
        type: str
        choices: [caller, listener, rendezvous]
      latency:
        description: "SRT latency in milliseconds, 20 to 8000."
        type: int
      passphrase:
        description: "SRT passphrase; compared without being shown."
        type: str
      id:
        description: "Id of an existing source: found by it, and O(sources[].name) is its new name."
        type: str
      copy_from:
        description: "Name or id of a source whose settings fill what the declaration leaves out."
        type: str
      state:
        description: "V(absent) deletes the source."
        type: str
        choices: [present, absent]
        default: present
  sessions:
    description: The sessions to declare, by title, each with its events. See M(haivision.hmp.hmp_session).
    type: list
    elements: dict
    suboptions:
      title:
        description: "Title of the session (identifies it)."
        type: str
      description:
        description: "Free text."
        type: str
      sync_record:
        description: "Record every source together."
        type: bool
      live:
        description: "Whether the session is live."
        type: bool
      sources:
        description: The whole set of its sources, by name or id (declared in O(sources) or already on the server).
        type: list
        elements: str
      id:
        description: "Id of an existing session: found by it, and O(sessions[].title) is its new title."
        type: str
      copy_from:
        description: "Title or id of a session whose settings and sources fill what the declaration leaves out."
        type: str
      state:
        description: "V(absent) deletes the session."
        type: str
        choices: [present, absent]
        default: present
      events:
        description:
          - The session's events, each identified by its O(sessions[].events[].start_time). See M(haivision.hmp.hmp_event).
          - Events of the session that are not declared stay, unless O(purge) includes V(events).
        type: list
        elements: dict
        suboptions:
          start_time:
            description: "ISO 8601 with a UTC offset, or epoch seconds."
            type: raw
          duration:
            description: "Seconds, or text such as V(1h30m)."
            type: raw
          recurrence:
            description: "One time or weekly."
            type: str
            choices: [one_time, weekly]
          days:
            description: "Days of a weekly event, list or V(WED;FRI) text."
            type: raw
          action:
            description: "What the event does."
            type: str
            choices: [live, record, live_and_record]
          enabled:
            description: "Whether the event fires."
            type: bool
          id:
            description:
              - "Id of an existing event of this session: found by it, and O(sessions[].events[].start_time) is its
                new start time. An id that no event of this session has fails before any write."
            type: str
          state:
            description: "V(absent) deletes the event."
            type: str
            choices: [present, absent]
            default: present
  users:
    description: The local accounts to declare, by username. See M(haivision.hmp.hmp_user).
    type: list
    elements: dict
    suboptions:
      username:
        description: "Login name (identifies the account)."
        type: str
      display_name:
        description: "Friendly name."
        type: str
      email:
        description: "E-mail address."
        type: str
      password:
        description: "Password, set at creation (and on every run with O(users[].update_password=always))."
        type: str
      update_password:
        description: "When to set the password."
        type: str
        choices: [on_create, always]
        default: on_create
      roles:
        description: "The whole set of roles, by name or id."
        type: list
        elements: str
      id:
        description:
          - "Id of an existing account: found by it. HMP cannot rename an account, so O(users[].username) must be
            its own username; another one fails before any write."
        type: str
      state:
        description: "V(absent) deletes the account."
        type: str
        choices: [present, absent]
        default: present
  purge:
    description:
      - Delete the objects of these types that the declaration does not name. V(false) (the default)
        deletes nothing undeclared; V(true) purges every type; or a list of V(sources), V(sessions),
        V(events) (the undeclared events of declared sessions) and V(users).
      - Purge acts only after every read succeeded, and in check mode shows what it would delete.
      - Purge never deletes a built-in account of HMP (C(haiadmin); C(operator) on HMP 4.1.1) nor the account
        the task is logged in with (O(hmp_username), or the account of O(hmp_api_key)), whether or not
        O(users) declares it, since HMP refuses to delete the account of the calling session. Each account
        kept that way is listed in RV(kept). Declaring that account with O(users[].state=absent) still fails
        the task before any write.
    type: raw
    default: false
  workers:
    description:
      - How many requests go out together, V(1) or more; V(1) sends one at a time, in the declaration's order.
      - Objects that depend on each other wait for each other - sources first, then each session with its sources
        and then its events, then users, then the purge (undeclared users, sessions, sources); within each of
        these, objects are independent and go O(workers) at a time, and so do the reads of the sessions' events.
        An object that copies another (O(sources[].copy_from)) waits for the others of its type.
      - The summary, the diff and the messages are in the declaration's order whatever order HMP answers in; the
        first failure in that order is the one reported, and what had not started by then is not sent.
    type: int
    default: 4
extends_documentation_fragment:
  - haivision.hmp.connection
  - haivision.hmp.attributes
seealso:
  - module: haivision.hmp.hmp_config_info
  - module: haivision.hmp.hmp_source
  - module: haivision.hmp.hmp_session
  - module: haivision.hmp.hmp_event
  - module: haivision.hmp.hmp_user
"""

EXAMPLES = r"""
- name: A studio server, declared whole
  haivision.hmp.hmp_config:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
    sources:
      - {name: Studio A camera 1, type: udp, multicast: true, host: 239.10.10.1, port: 4900}
      - {name: Studio A camera 2, type: udp, multicast: true, host: 239.10.10.2, port: 4900}
    sessions:
      - title: Studio A
        live: true
        sources: [Studio A camera 1, Studio A camera 2]
        events:
          - {start_time: "2026-12-07T14:00:00Z", duration: 1h30m, recurrence: weekly, days: MON;WED;FRI, action: live_and_record}
    users:
      - {username: studio-a, display_name: Studio A operator, password: "{{ vault_operator_password }}", roles: [Content Creator]}
    purge: [events]
  register: studio

- name: What changed
  ansible.builtin.debug:
    var: studio.summary
"""

RETURN = r"""
summary:
  description:
    - For each type, the names of the objects created, updated and deleted, and how many were left unchanged (in
      check mode, as it would be). Unchanged objects are counted, not named, so that the result of a declaration of
      thousands of objects stays small; the task's invocation counts the declaration the same way.
    - Events are named C(<session title> @ <start time in UTC>).
  returned: always
  type: dict
  sample:
    sources: {created: [Studio A camera 2], updated: [], deleted: [], unchanged: 1}
    sessions: {created: [], updated: [Studio A], deleted: [], unchanged: 0}
    events: {created: ["Studio A @ 2026-12-07T14:00:00Z"], updated: [], deleted: [], unchanged: 0}
    users: {created: [], updated: [], deleted: [], unchanged: 1}
kept:
  description:
    - The undeclared objects of the purged types that purge left in place, each with its C(type) (V(users)),
      its C(name) and C(why) it was kept (a built-in account of HMP, or the account the task is logged in with).
    - Empty when purge kept nothing (and always without O(purge)).
  returned: always
  type: list
  elements: dict
  sample:
    - {type: users, name: haiadmin, why: a built-in account of HMP}
    - {type: users, name: ansible, why: "the account this task is logged in with, which HMP refuses to delete"}
diff:
  description: Each changed object before and after, by type and name, in the per-object modules' option names, secrets masked.
  returned: when diff mode is on
  type: dict
  sample:
    before: {sources: {}, sessions: {Studio A: {title: Studio A, live: false}}, events: {}, users: {}}
    after: {sources: {}, sessions: {Studio A: {title: Studio A, live: true}}, events: {}, users: {}}
"""

from ansible_collections.haivision.hmp.plugins.module_utils.engine._module import Module
from ansible_collections.haivision.hmp.plugins.module_utils.features._config import argument_spec, declared_counts, reconcile_server

MODULE = Module(argument_spec(), reconcile_server, invocation=declared_counts, writes=True)


def main():
    MODULE.main()


if __name__ == "__main__":
    main()
