#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: hmp_user
short_description: Manage local user accounts of a Haivision Media Platform server
version_added: 0.1.0
description:
  - Creates, updates and deletes local HMP accounts and their roles, as administrators do in HMP's
    web interface (Administration, Access Controls, Users).
  - HMP's REST documentation lists users but not their administration. This module uses
    C(GET/POST /apis/users), C(GET/PUT/DELETE /apis/users/:userId), C(PUT /apis/users/:userId/password)
    and C(GET /apis/roles), all kept in one place of the collection (C(plugins/module_utils/_resources.py))
    so that they can be adjusted to a server that answers differently. It needs the Administrator role.
  - Passwords are never compared, since HMP never returns them. With O(update_password=on_create) the
    password is set when the account is created; with O(update_password=always) it is set on every
    run, and the task reports a change.
author:
  - haivision.hmp contributors (@haivision)
options:
  username:
    description:
      - Login name of the account. HMP does not rename accounts.
    type: str
  id:
    description:
      - Id of an existing account, by which the account is found.
      - HMP cannot rename an account, so with O(id), a O(username) other than the account's own fails before any
        write, naming the id, the account's username and the one asked. Leave O(username) out, or give the
        account's own.
    type: str
  display_name:
    description:
      - Friendly name shown in HMP.
    type: str
  email:
    description:
      - E-mail address.
    type: str
  password:
    description:
      - Password of the account. Never shown in output, diffs or errors.
      - Used when the account is created, and on every run with O(update_password=always).
    type: str
  update_password:
    description:
      - V(on_create) sets O(password) only when the account is created, so a second run is unchanged.
      - V(always) sets it on every run and reports a change.
    type: str
    choices: [on_create, always]
    default: on_create
  roles:
    description:
      - The roles of the account, by name (V(Administrator), V(Content Creator), V(Content Contributor),
        V(Viewer), V(Set-Top Box), or a custom role) or id. Compared as a set; when given, it is the whole set.
      - A role that does not exist fails before anything is written, listing the roles that do.
    type: list
    elements: str
  state:
    description:
      - V(present) creates or updates the account, V(absent) deletes it.
      - The account the task is logged in with cannot be deleted; the module refuses before sending
        any request.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - haivision.hmp.connection
  - haivision.hmp.attributes
seealso:
  - module: haivision.hmp.hmp_user_info
"""

EXAMPLES = r"""
- name: An operator who can run sessions and recordings
  haivision.hmp.hmp_user:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
    username: jdoe
    display_name: Jane Doe
    email: jdoe@example.com
    password: "{{ vault_jdoe_password }}"
    roles: [Content Creator]

- name: Rotate the password of a service account
  haivision.hmp.hmp_user:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
    username: signage
    password: "{{ vault_signage_password }}"
    update_password: always

- name: Remove an account
  haivision.hmp.hmp_user:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
    username: jdoe
    state: absent
"""

RETURN = r"""
user:
  description:
    - The account after the task, as HMP returns it (C(roles) holds role ids; no password).
    - In check mode, the account as it would be. Null after a deletion or when the account is absent.
  returned: always
  type: dict
  sample:
    id: b70df497-baf3-4512-a2eb-25fd51f87a35
    username: jdoe
    displayName: Jane Doe
    email: jdoe@example.com
    roles: [creator]
diff:
  description: The account before and after, in the module's option names, roles by name, the password masked.
  returned: when diff mode is on
  type: dict
  sample:
    before: {username: jdoe, display_name: Jane Doe, roles: [Viewer]}
    after: {username: jdoe, display_name: Jane Doe, roles: [Content Creator]}
"""

from ansible_collections.haivision.hmp.plugins.module_utils._resources import USER
from ansible_collections.haivision.hmp.plugins.module_utils.engine._module import resource_module

MODULE = resource_module(USER)


def main():
    MODULE.main()


if __name__ == "__main__":
    main()
