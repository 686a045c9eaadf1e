#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: hmp_system_info
short_description: Version of a Haivision Media Platform server and the roles of the connected user
version_added: 0.1.0
description:
  - Returns the software version and build of an HMP server, and who the task is logged in as, with
    that user's roles. Useful as a first task to check connectivity and credentials.
author:
  - haivision.hmp contributors (@haivision)
options: {}
extends_documentation_fragment:
  - haivision.hmp.connection
  - haivision.hmp.attributes.INFO_MODULE
"""

EXAMPLES = r"""
- name: Check that the server answers and the credentials work
  haivision.hmp.hmp_system_info:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
  register: hmp

- name: Stop when the account is not an administrator
  ansible.builtin.assert:
    that: "'Administrator' in hmp.user.roles | map(attribute='name')"
    fail_msg: "{{ hmp.user.username }} is not an HMP administrator"
"""

RETURN = r"""
version:
  description:
    - HMP software version.
    - Null (unknown) on a server without a version call; HMP documents one from 4.0 on. The modules manage such
      a server all the same, and M(haivision.hmp.hmp_qualify) names its release from what it answers.
  returned: always
  type: str
  sample: 4.1.1
build:
  description: HMP build number; null where the version is unknown.
  returned: always
  type: str
  sample: "41100"
user:
  description: The user the task is logged in as.
  returned: always
  type: dict
  contains:
    username:
      description: Login name.
      type: str
      returned: always
      sample: haiadmin
    display_name:
      description: Friendly name.
      type: str
      returned: always
      sample: haiadmin
    admin:
      description: Whether the user has an administrator role.
      type: bool
      returned: always
      sample: true
    roles:
      description: The user's roles, each with C(id) and C(name).
      type: list
      elements: dict
      returned: always
      sample: [{id: admin, name: Administrator}]
"""

from ansible_collections.haivision.hmp.plugins.module_utils.engine._module import Module
from ansible_collections.haivision.hmp.plugins.module_utils.features._info import server_version


def describe(client, params, check_mode, diff_mode):
    version = server_version(client)
    who = client.session_info()
    return {
        "changed": False,
        "version": version.get("version"),
        "build": version.get("build"),
        "user": {
            "username": who.get("username"),
            "display_name": who.get("displayName"),
            "admin": bool(who.get("admin")),
            "roles": [{"id": r.get("id"), "name": r.get("name")} for r in who.get("roles") or []],
        },
    }


MODULE = Module({}, describe)


def main():
    MODULE.main()


if __name__ == "__main__":
    main()
