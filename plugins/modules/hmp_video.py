#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: hmp_video
short_description: Rename, describe and delete the videos of a Haivision Media Platform server
version_added: 0.1.0
description:
  - Changes the title and description of an HMP video (a finished recording), or deletes it.
  - Never creates a video. HMP makes videos by recording sessions (see M(haivision.hmp.hmp_recording));
    a task about a video that does not exist fails, unless O(state=absent).
  - Compares only the options the task sets and writes only what differs. An update sends the title and
    the description together, because HMP's edit resets what a request leaves out.
  - HMP does not keep video titles unique. The module finds a video by O(id), else by O(title), and
    fails, listing the ids, when several videos have that title.
author:
  - haivision.hmp contributors (@haivision)
options:
  title:
    description:
      - Title of the video. Identifies the video when O(id) is not given.
      - With O(id), the title the video should have (O(new_title) takes precedence).
    type: str
  id:
    description:
      - Id of an existing video. Takes precedence over O(title) to find the video.
    type: str
  new_title:
    description:
      - A new title for the video.
      - When no video has the title O(title) but one has O(new_title), that video is the one the task is
        about (an earlier run renamed it), so repeating the task changes nothing.
      - Ignored with O(state=absent).
    type: str
  description:
    description:
      - Free text shown with the video.
    type: str
  state:
    description:
      - V(present) keeps the video with the title and description the task sets; V(absent) deletes it.
      - HMP refuses to delete a video while it is being streamed. The module then fails, naming the
        stream, before anything is written; stop the stream first with M(haivision.hmp.hmp_stream).
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - haivision.hmp.connection
  - haivision.hmp.attributes
seealso:
  - module: haivision.hmp.hmp_video_info
  - module: haivision.hmp.hmp_stream
"""

EXAMPLES = r"""
- name: Give the recording of the morning show its final title and a description
  haivision.hmp.hmp_video:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
    title: Studio A - 02/12/2026, 14:00
    new_title: Morning show, 2 December
    description: Weather, traffic and the interview with the mayor

- name: The videos recorded from studio B
  haivision.hmp.hmp_video_info:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
    session: Studio B
  register: studio_b_videos

- name: Delete them, each by its id (titles need not be unique)
  haivision.hmp.hmp_video:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
    id: "{{ item.id }}"
    state: absent
  loop: "{{ studio_b_videos.videos }}"
  loop_control:
    label: "{{ item.title }}"
"""

RETURN = r"""
video:
  description:
    - The video after the task, as HMP returns it.
    - In check mode, the video as it would be. Null after a deletion or when the video is absent.
  returned: always
  type: dict
  sample:
    id: 3bc946a6-6720-41c0-8246-55e8119d1a5a
    title: Morning show, 2 December
    description: Weather, traffic and the interview with the mayor
    active: false
    ctime: 1401997809
    mtime: 1401997809
    duration: 60.347
    recording: false
    trimming: false
    importing: false
    movieTrackCount: 1
    tag: null
diff:
  description: The video before and after, in the module's option names.
  returned: when diff mode is on
  type: dict
  sample:
    before: {title: Studio A, description: ""}
    after: {title: "Morning show, 2 December", description: "Weather, traffic and the interview with the mayor"}
"""

from ansible_collections.haivision.hmp.plugins.module_utils._resources import VIDEO
from ansible_collections.haivision.hmp.plugins.module_utils.engine._module import resource_module

MODULE = resource_module(VIDEO)


def main():
    MODULE.main()


if __name__ == "__main__":
    main()
