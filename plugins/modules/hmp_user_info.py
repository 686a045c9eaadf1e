#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: hmp_user_info
short_description: List the local user accounts and roles of a Haivision Media Platform server
version_added: 0.1.0
description:
  - Returns HMP's local accounts with the names of their roles beside the ids, and the roles that exist.
  - Uses the administration endpoints described in M(haivision.hmp.hmp_user); needs the Administrator role.
  - "How the filters apply: HMP's list of users takes no search (no C(q)). O(id) reads that one account
    (C(GET /apis/users/:userId)); otherwise the whole list is read, page by page, and O(username) and O(role)
    are applied to it. An account must pass every filter given."
author:
  - haivision.hmp contributors (@haivision)
options:
  username:
    description:
      - Only the account with exactly this login name (read, then filtered).
    type: str
  id:
    description:
      - Only the account with this id (that account read alone).
    type: str
  role:
    description:
      - Only the accounts that hold this role, by name (V(Administrator), V(Viewer), ...) or id (read, then
        filtered).
      - A role that does not exist fails, listing the roles that do.
    type: str
extends_documentation_fragment:
  - haivision.hmp.connection
  - haivision.hmp.attributes.INFO_MODULE
seealso:
  - module: haivision.hmp.hmp_user
"""

EXAMPLES = r"""
- name: Every account and role
  haivision.hmp.hmp_user_info:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
  register: accounts

- name: The administrators
  haivision.hmp.hmp_user_info:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
    role: Administrator
  register: administrators

- name: Their usernames
  ansible.builtin.debug:
    msg: "{{ administrators.users | map(attribute='username') | list }}"
"""

RETURN = r"""
users:
  description: The accounts found, as HMP returns them, plus C(role_names); empty when there are none.
  returned: always
  type: list
  elements: dict
  sample:
    - id: b70df497-baf3-4512-a2eb-25fd51f87a35
      username: jdoe
      displayName: Jane Doe
      email: jdoe@example.com
      roles: [creator]
      role_names: [Content Creator]
roles:
  description: The roles that exist, each with C(id), C(name) and C(admin).
  returned: always
  type: list
  elements: dict
  sample:
    - {id: admin, name: Administrator, admin: true}
    - {id: creator, name: Content Creator, admin: false}
"""

from ansible_collections.haivision.hmp.plugins.module_utils._resources import USER
from ansible_collections.haivision.hmp.plugins.module_utils.engine._module import info_module
from ansible_collections.haivision.hmp.plugins.module_utils.features._info import describe_users

MODULE = info_module(USER, options={"role": {"type": "str"}}, search=False, describe=describe_users)


def main():
    MODULE.main()


if __name__ == "__main__":
    main()
