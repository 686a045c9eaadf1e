#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: hmp_video_info
short_description: List the videos of a Haivision Media Platform server
version_added: 0.1.0
description:
  - Returns the videos (finished recordings) of an HMP server, every page of them, narrowed by the
    filters the task gives; a video must pass every filter given.
  - "How the filters apply: O(q) is sent to HMP with the list request (C(GET /apis/assets?q=...)), which
    searches on the server; O(id) without O(q) reads that one video (C(GET /apis/assets/:assetId)); otherwise the
    whole list is read. O(session) reads that session's videos instead (C(GET /apis/sessions/:sessionId/assets)),
    and with O(q) the list O(q) finds is read too: only the videos in both stay. O(title), and O(id) with O(q)
    or O(session), are applied to what was read, then O(categories) (one request per video left)."
  - With O(categories) or O(metadata), each video also carries its category values.
author:
  - haivision.hmp contributors (@haivision)
options:
  title:
    description:
      - Only the videos with exactly this title (HMP allows several).
    type: str
  id:
    description:
      - Only the video with this id.
    type: str
  q:
    description:
      - HMP's own text search, case-insensitive, over the title, the description, the creator and the
        HotMarks.
    type: str
  session:
    description:
      - Title or id of a session; only the videos recorded from it.
      - A title that matches no session, or several, fails.
    type: str
  categories:
    description:
      - Only the videos that hold, for every category label given, one of the values given for it.
        Values are compared case-insensitively, labels exactly. An empty list matches any value of
        that category.
      - "A value may be a single value or a list, for example C({Locations: [Montreal, Ottawa], Sports: Hockey})."
      - HMP keeps the category values of a video in its metadata, so this filter reads the metadata of
        every video the other filters leave, one request per video. Narrow the search with O(session),
        O(q) or O(title) when there are many videos.
    type: dict
  metadata:
    description:
      - Also return each video's category values (C(categories)) and its whole metadata (C(metadata)),
        one request per video returned.
    type: bool
    default: false
extends_documentation_fragment:
  - haivision.hmp.connection
  - haivision.hmp.attributes.INFO_MODULE
seealso:
  - module: haivision.hmp.hmp_video
  - module: haivision.hmp.hmp_category_info
"""

EXAMPLES = r"""
- name: The videos recorded from studio A in Montreal or Ottawa
  haivision.hmp.hmp_video_info:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
    session: Studio A
    categories:
      Locations: [Montreal, Ottawa]
  register: hmp_videos

- name: Their titles
  ansible.builtin.debug:
    msg: "{{ hmp_videos.videos | map(attribute='title') | list }}"
"""

RETURN = r"""
videos:
  description:
    - The videos found, as HMP returns them; empty when there are none.
    - With O(categories) or O(metadata), C(categories) maps each category label to the video's values.
    - With O(metadata), C(metadata) holds HMP's metadata entries of the video.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 3bc946a6-6720-41c0-8246-55e8119d1a5a
      title: Morning show
      description: ""
      active: false
      ctime: 1401997809
      mtime: 1401997809
      duration: 60.347
      recording: false
      trimming: false
      importing: false
      movieTrackCount: 1
      tag: null
      categories:
        Locations: [Montreal]
      metadata:
        - name: "calypso:category:Locations"
          field: [{fieldType: STRING, valueString: Montreal}]
"""

from ansible_collections.haivision.hmp.plugins.module_utils._resources import VIDEO
from ansible_collections.haivision.hmp.plugins.module_utils.engine._module import info_module
from ansible_collections.haivision.hmp.plugins.module_utils.features._info import describe_videos, select_videos

MODULE = info_module(VIDEO, options={"session": {"type": "str"}, "categories": {"type": "dict"},
                                     "metadata": {"type": "bool", "default": False}},
                     select=select_videos, describe=describe_videos)


def main():
    MODULE.main()


if __name__ == "__main__":
    main()
