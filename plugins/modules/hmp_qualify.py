#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: hmp_qualify
short_description: Check that a Haivision Media Platform server answers as this collection expects
version_added: 0.1.0
description:
  - Run it against a lab or production server before trusting the collection with it. It checks each
    behaviour of HMP the collection relies on (the contract of the collection's documentation) against what
    the server answers, and says for each whether it holds, whether the server speaks another documented
    reading that the collection handles, or whether it differs in a way the collection does not handle.
  - By default it only reads. It probes every endpoint the collection uses, and looks at the fields (present and
    typed as the collection compares them), how collections are paged, how an empty collection reads, the
    error code of a missing object, the role ids and the version.
  - With O(scratch=true) it also runs the collection's own engine on objects of its own, all named with
    O(scratch_prefix) - a UDP and an SRT source, a session with sources, a weekly event, a user, and a short
    recording - and removes everything it made, also when a step fails.
  - O(cleanup=true) removes what an interrupted run left behind, found by O(scratch_prefix), and never anything else.
author:
  - haivision.hmp contributors (@haivision)
options:
  scratch:
    description:
      - Also create, change and delete objects of its own (only on a server where that is acceptable, a lab
        server first). Without it, nothing is written.
      - Ignored in check mode, which sends no write.
    type: bool
    default: false
  scratch_prefix:
    description:
      - How the name of every scratch object starts. At least 3 characters.
    type: str
    default: ansible-qualify-
  cleanup:
    description:
      - Remove every source, session (with its events and recordings), video and user whose name starts with
        O(scratch_prefix), left by an interrupted run. In check mode, list them only.
    type: bool
    default: false
  device:
    description:
      - Name or id of a set-top box that the qualification may mute and unmute (then put back as it was), to
        see how the server applies commands (check C(device_commands)). Without it, no command is sent.
    type: str
  settle_timeout:
    description:
      - How many seconds a set-top box may take to report a command (check C(device_commands)).
    type: int
    default: 15
notes:
  - The scratch lifecycle needs an account with the Administrator role (users are part of it); the read-only
    checks say what another account may not read.
  - The guide "Before the first run on a real server" of the collection's documentation explains the report.
extends_documentation_fragment:
  - haivision.hmp.connection
  - haivision.hmp.attributes
seealso:
  - module: haivision.hmp.hmp_system_info
"""

EXAMPLES = r"""
- name: Read-only qualification
  haivision.hmp.hmp_qualify:
    hmp_host: hmp-lab.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
  register: qualification

- name: Stop when the server differs from what the collection expects
  ansible.builtin.assert:
    that: qualification.summary.differs == 0
    fail_msg: "{{ qualification.checks | selectattr('status', 'equalto', 'differs') | map(attribute='detail') | list }}"

- name: With scratch objects, on a lab server
  haivision.hmp.hmp_qualify:
    hmp_host: hmp-lab.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
    scratch: true
    device: Lab TV

- name: Remove what an interrupted run left
  haivision.hmp.hmp_qualify:
    hmp_host: hmp-lab.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
    cleanup: true
"""

RETURN = r"""
checks:
  description:
    - One entry per check, in a fixed order. C(id) is stable from release to release.
    - C(status) is V(holds) (the reading the collection was built on), V(variant) (another documented reading,
      which the collection handles), V(differs) (something the collection does not handle - fix before use;
      C(detail) names the field and the modules affected) or V(skipped) (C(detail) says why).
  returned: always
  type: list
  elements: dict
  sample:
    - {id: paging, title: Collections are paged as the collection reads them (V1), status: holds,
       detail: "/apis/sources: 12 items, read to the end; paging of a page: pageSize=100, results=12"}
    - {id: session_fields, title: Sessions report active and syncrecord (V4), status: variant,
       detail: "the list of sessions leaves out active, syncrecord; a session read alone reports them"}
summary:
  description: How many checks ended in each status.
  returned: always
  type: dict
  sample: {holds: 18, variant: 1, differs: 0, skipped: 5}
variants:
  description:
    - For each place where HMP's documentation allows several readings (V1 to V10), the reading the server
      showed (V(a) is the one the collection was built on), or null when it was not observed.
    - Made from every check. When two checks see different readings of one variant, it is the reading of the
      one that comes first in RV(checks), and the C(detail) of the other says which reading it saw.
  returned: always
  type: dict
  sample: {V1: a, V2: a, V3: null, V4: b, V5: a, V6: null, V7: null, V8: null, V9: null, V10: a}
server:
  description: The server and the account, as the server reports them.
  returned: always
  type: dict
  sample: {url: "https://hmp-lab.example.com", version: 4.1.1, build: "41100", username: haiadmin,
           roles: [Administrator], admin: true}
scratch:
  description: The scratch prefix, and the objects made, removed, and left on the server (which O(cleanup) removes).
  returned: always
  type: dict
  sample: {prefix: ansible-qualify-, made: [], removed: ["source 'ansible-qualify-udp-1f2e3d4c-renamed' (id 0b1c...)"],
           left: []}
"""

from ansible_collections.haivision.hmp.plugins.module_utils.engine._module import Module
from ansible_collections.haivision.hmp.plugins.module_utils.engine._values import non_negative_seconds
from ansible_collections.haivision.hmp.plugins.module_utils.features._qualify import qualify

OPTIONS = {
    "scratch": {"type": "bool", "default": False},
    "scratch_prefix": {"type": "str", "default": "ansible-qualify-"},
    "cleanup": {"type": "bool", "default": False},
    "device": {"type": "str"},
    "settle_timeout": {"type": "int", "default": 15},
}


def work(client, params, check_mode, diff_mode):
    return qualify(client, params, check_mode, client.connection.as_account)


MODULE = Module(OPTIONS, work, not_empty=("device",),
                check=lambda params: non_negative_seconds("settle_timeout", params["settle_timeout"]),
                writes=lambda params: params["scratch"] or params["cleanup"])


def main():
    MODULE.main()


if __name__ == "__main__":
    main()
