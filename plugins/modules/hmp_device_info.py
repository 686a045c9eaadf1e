#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: hmp_device_info
short_description: List the set-top boxes of a Haivision Media Platform server
version_added: 0.1.0
description:
  - Returns the Haivision Play set-top boxes registered with an HMP server, every page of them, with
    their state (standby, muted, volume, channel) and their last connection in readable UTC.
  - "How the filters apply: HMP's list of set-top boxes takes no search (no C(q)). O(id) reads that one box
    (C(GET /apis/devices/stbs/:stbId)); otherwise the whole list is read, page by page. O(name) and O(status)
    are applied to what was read. A box must pass every filter given."
author:
  - haivision.hmp contributors (@haivision)
options:
  name:
    description:
      - Only the boxes with exactly this name (HMP allows several).
    type: str
  id:
    description:
      - Only the box with this id (HMP's C(_id)).
    type: str
  status:
    description:
      - Only the boxes in this status. HMP sends commands only to boxes that are V(Online) or in V(Standby).
    type: str
    choices: [Never, Offline, Warning, Standby, Online]
notes:
  - Reading set-top boxes needs the C(STB Administration) permission (the Administrator or Set-Top Box role).
extends_documentation_fragment:
  - haivision.hmp.connection
  - haivision.hmp.attributes.INFO_MODULE
seealso:
  - module: haivision.hmp.hmp_device
"""

EXAMPLES = r"""
- name: Every set-top box
  haivision.hmp.hmp_device_info:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
  register: hmp_boxes

- name: The names of the boxes that are offline
  ansible.builtin.debug:
    msg: "{{ hmp_boxes.devices | selectattr('status', 'equalto', 'Offline') | map(attribute='name') | list }}"
"""

RETURN = r"""
devices:
  description:
    - The boxes found, as HMP returns them, plus C(last_connected_utc) (C(lastConnectedAt) in ISO 8601
      UTC, null when the box never connected); empty when there are none.
  returned: always
  type: list
  elements: dict
  sample:
    - _id: bvgR95DKAXUTr402cyM8ew
      name: Lobby TV
      hostname: 37D78D000096
      ip: 10.66.162.142
      mac: "90:ac:3f:0d:78:f9"
      status: Online
      standby: false
      muted: false
      volume: 0.5
      channelId: f4327f7b-3917-4533-b844-8818741cb0bd
      channelType: source
      channelName: Studio A camera 1
      lastConnectedAt: 1690398265316
      last_connected_utc: "2023-07-26T19:04:25Z"
      type: play_stb_2000
"""

from ansible_collections.haivision.hmp.plugins.module_utils._resources import DEVICE
from ansible_collections.haivision.hmp.plugins.module_utils.engine._module import info_module
from ansible_collections.haivision.hmp.plugins.module_utils.features._device import BOX_STATUSES
from ansible_collections.haivision.hmp.plugins.module_utils.features._info import describe_devices

MODULE = info_module(DEVICE, options={"status": {"type": "str", "choices": list(BOX_STATUSES)}}, search=False,
                     describe=describe_devices)


def main():
    MODULE.main()


if __name__ == "__main__":
    main()
