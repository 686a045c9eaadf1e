#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: hmp_stream_info
short_description: List the video re-streams of a Haivision Media Platform server
version_added: 0.1.0
description:
  - Returns the running re-streams of an HMP server (videos played out to an address and port), every
    page of them, each with the title of its video.
  - "How the filters apply: HMP's list of streams takes no search (no C(q)). O(id) reads that one stream
    (C(GET /apis/streams/:streamId)); otherwise the whole list is read, page by page. O(video) is applied to
    what was read. A stream must pass every filter given."
author:
  - haivision.hmp contributors (@haivision)
options:
  id:
    description:
      - Only the stream with this id.
    type: str
  video:
    description:
      - Title or id of a video; only its streams.
      - A title that matches no video, or several, fails.
    type: str
extends_documentation_fragment:
  - haivision.hmp.connection
  - haivision.hmp.attributes.INFO_MODULE
seealso:
  - module: haivision.hmp.hmp_stream
"""

EXAMPLES = r"""
- name: Every stream of the keynote
  haivision.hmp.hmp_stream_info:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
    video: Keynote
  register: hmp_streams

- name: Where they go
  ansible.builtin.debug:
    msg: "{{ hmp_streams.streams | map(attribute='address') | list }}"
"""

RETURN = r"""
streams:
  description:
    - The streams found, as HMP returns them, plus C(video_title); empty when there are none.
    - C(address) is V(multiple) and C(port) is 0 for a stream with several destinations.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 2ecc5663-06ee-44be-863a-2b32ef401c4d
      asset: a907804b-d6d5-4328-9bd6-5aca9abbac8c
      video_title: Keynote
      address: 239.134.32.100
      port: 4900
      state: playing
      username: haiadmin
      destinations: [{trackId: 3, address: 239.134.32.100, port: 4900}]
"""

from ansible_collections.haivision.hmp.plugins.module_utils._resources import STREAM
from ansible_collections.haivision.hmp.plugins.module_utils.engine._module import info_module
from ansible_collections.haivision.hmp.plugins.module_utils.features._info import describe_streams, select_streams

MODULE = info_module(STREAM, options={"video": {"type": "str"}}, search=False, named=False, select=select_streams,
                     describe=describe_streams)


def main():
    MODULE.main()


if __name__ == "__main__":
    main()
