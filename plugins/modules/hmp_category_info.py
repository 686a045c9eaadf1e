#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: hmp_category_info
short_description: List the video categories of a Haivision Media Platform server
version_added: 0.1.0
description:
  - Returns the categories of an HMP server, every page of them, with their predefined and custom values.
  - HMP's REST API only reads categories; they are set up in HMP's administration web interface. A
    video's values of a category are its metadata entry C(calypso:category:<label>); filter videos by
    them with M(haivision.hmp.hmp_video_info).
  - "How the filters apply: HMP's list of categories takes no search (no C(q)). O(id) reads that one category
    (C(GET /apis/categories/:categoryId)); otherwise the whole list is read. O(label) is applied to what was
    read."
author:
  - haivision.hmp contributors (@haivision)
options:
  label:
    description:
      - Only the categories with exactly this label.
    type: str
    aliases: [name]
  id:
    description:
      - Only the category with this id.
    type: str
extends_documentation_fragment:
  - haivision.hmp.connection
  - haivision.hmp.attributes.INFO_MODULE
seealso:
  - module: haivision.hmp.hmp_video_info
"""

EXAMPLES = r"""
- name: The values allowed for the Locations category
  haivision.hmp.hmp_category_info:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
    label: Locations
  register: hmp_locations

- name: Show them
  ansible.builtin.debug:
    msg: "{{ hmp_locations.categories[0]['values'] + hmp_locations.categories[0].customValues }}"
"""

RETURN = r"""
categories:
  description:
    - The categories found, as HMP returns them, in HMP's order (C(index)); empty when there are none.
    - C(values) holds the predefined values, C(customValues) the values users typed that are in use.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 5ee67847-d886-4fda-b755-ce4090fa8739
      label: Locations
      values: [Montreal, Chicago, Austin]
      multipleValues: true
      allowCustomValues: true
      customValues: [Minneapolis]
      index: 1
      group: Teams
"""

from ansible_collections.haivision.hmp.plugins.module_utils._resources import CATEGORY
from ansible_collections.haivision.hmp.plugins.module_utils.engine._module import info_module

MODULE = info_module(CATEGORY, options={"label": {"type": "str", "aliases": ["name"]}}, search=False)


def main():
    MODULE.main()


if __name__ == "__main__":
    main()
