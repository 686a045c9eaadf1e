#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: hmp_source_info
short_description: List the live sources of a Haivision Media Platform server
version_added: 0.1.0
description:
  - Returns the sources of an HMP server, every page of them, optionally filtered.
  - "How the filters apply: O(q) is sent to HMP with the list request (C(GET /apis/sources?q=...)), which
    searches on the server; O(id) without O(q) reads that one source (C(GET /apis/sources/:sourceId));
    otherwise the whole list is read. O(name), and O(id) with O(q), are applied to what was read. A source
    must pass every filter given."
author:
  - haivision.hmp contributors (@haivision)
options:
  name:
    description:
      - Only the sources with exactly this name (HMP allows several); read, then filtered.
    type: str
  id:
    description:
      - Only the source with this id.
    type: str
  q:
    description:
      - HMP's own text search, case-insensitive, over the name and description, done by the server.
    type: str
extends_documentation_fragment:
  - haivision.hmp.connection
  - haivision.hmp.attributes.INFO_MODULE
seealso:
  - module: haivision.hmp.hmp_source
"""

EXAMPLES = r"""
- name: Every source
  haivision.hmp.hmp_source_info:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
  register: all_sources

- name: The ids of the SRT sources
  ansible.builtin.debug:
    msg: "{{ all_sources.sources | selectattr('type', 'equalto', 'SRT') | map(attribute='id') | list }}"

- name: Sources whose name or description mentions studio
  haivision.hmp.hmp_source_info:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
    q: studio
  register: studio_sources
"""

RETURN = r"""
sources:
  description: The sources found, as HMP returns them, without passphrases; empty when there are none.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 23f57209-955f-4c73-b9b0-d6dc0aae56a1
      name: Remote contributor
      type: SRT
      mode: LISTENER
      host: 0.0.0.0
      port: 9000
      latency: 125
      continuous: true
      description: ""
      active: true
      bitrate: 224763
      ctime: 1427816478
      mtime: 1427922685
"""

from ansible_collections.haivision.hmp.plugins.module_utils._resources import SOURCE
from ansible_collections.haivision.hmp.plugins.module_utils.engine._module import info_module

MODULE = info_module(SOURCE)


def main():
    MODULE.main()


if __name__ == "__main__":
    main()
