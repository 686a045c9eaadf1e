#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: hmp_device
short_description: Control a Haivision Play set-top box through a Haivision Media Platform server
version_added: 0.1.0
description:
  - Brings one set-top box registered with an HMP server to the state the task declares (standby,
    mute, volume, channel) by sending it commands, and can show a text message on it or reboot it.
  - Reads the box first and sends only the commands whose result differs from what the box reports.
    A task whose box already is in the declared state sends nothing and reports no change.
  - O(text_message) and O(reboot=true) always act. Each run sends them again and reports a change, so a
    task with either of them is never idempotent.
  - Commands are sent in an order a box can follow. Leaving standby comes first, going to standby
    comes after the other commands (a box in standby cannot tune), and a reboot comes last.
  - HMP delivers commands only to a box that is connected (status C(Online) or C(Standby)). When a
    command is needed and the box is in another status (C(Offline), C(Never), C(Warning)), the module
    fails before anything is sent, or, with O(offline=report), sends nothing, warns and reports the
    commands it could not send.
  - Some HMP servers accept a command at once and apply it a few seconds later. After sending, the module
    reads the box again until it reports what the commands change (at most O(settle_timeout) seconds),
    so that the result shows the box as it became and a second run finds nothing to do.
  - "A command that got no answer, or a 500, 502, 503 or 504, may or may not have reached the box. A command
    whose effect the box reports (standby, mute, volume, channel) is then read back: the box is read until it
    shows the command's effect, for up to O(settle_timeout) seconds, since a box may apply a command late, and
    the command is sent again (up to O(hmp_retries) times) only when the box still does not show it then. A
    text message or a reboot leaves nothing to read back: it is never sent again, and the task fails with the
    error."
  - HMP does not keep box names unique. A box found by O(name) must be the only one with that name;
    otherwise the module fails, listing the ids, and O(id) picks the one meant.
author:
  - haivision.hmp contributors (@haivision)
options:
  name:
    description:
      - Friendly name of the box, as HMP shows it.
      - Give O(name) or O(id), not both.
    type: str
  id:
    description:
      - Id of the box (HMP's C(_id), not a UUID), as M(haivision.hmp.hmp_device_info) returns it.
    type: str
  standby:
    description:
      - V(true) puts the box in standby (C(standby-on)), V(false) wakes it (C(standby-off)).
      - Sent only when the box reports the other state.
    type: bool
  muted:
    description:
      - Whether the box is muted (C(mute) or C(unmute)); independent of O(volume).
      - Sent only when the box reports the other state.
    type: bool
  volume:
    description:
      - Volume from V(0.0) to V(1.0) (C(set-volume)).
      - Sent only when the box reports a volume that differs by more than 0.005.
      - A value outside 0.0 to 1.0 fails before anything is sent.
    type: float
  channel:
    description:
      - What the box shows (C(set-channel)). Sent only when the box reports another channel id or type.
    type: dict
    suboptions:
      type:
        description:
          - The kind of channel. V(video) is a recorded video, called an asset by HMP;
            V(composition) is a layout.
        type: str
        choices: [source, session, video, composition]
        required: true
      name:
        description:
          - Name of the source, or title of the session or video. A name that matches none, or several,
            fails before anything is sent.
          - Compositions are chosen by O(channel.id) only.
        type: str
      id:
        description:
          - Id of the source, session, video or composition. Sources, sessions and videos are checked
            to exist before anything is sent.
        type: str
  text_message:
    description:
      - A text message to overlay on the screen (C(show-text-message)). B(Always sent), and always
        reported as a change.
      - Named C(text_message) because Ansible reserves C(message) for itself.
      - Either the text, or a dictionary with C(text) and optionally C(duration) (seconds, or text such
        as C(30s) or C(5m)), C(color) and C(background_color) (C(#rrggbb)), C(blink) (bool),
        C(position) (C(bottom-left), C(bottom-right), C(top-left), C(top-right), C(left), C(right),
        C(bottom) or C(top)), C(offset) (pixels), C(repeat) (count, C(-1) for none),
        C(show_mode) (C(static) or C(scroll)) and C(fades) (bool, default true).
      - What the dictionary leaves out is left to the box.
    type: raw
  reboot:
    description:
      - V(true) reboots the box after every other command. B(Always sent) when true, and always reported
        as a change.
    type: bool
    default: false
  offline:
    description:
      - What to do when the box needs a command and is not connected (or drops off while commands are sent).
      - V(fail) fails the task, naming the commands sent and not sent.
      - V(report) sends nothing more to the box, warns, and returns RV(offline=true) with the commands not
        sent in RV(pending); the task reports a change only if some command was sent.
    type: str
    choices: [fail, report]
    default: fail
  settle_timeout:
    description:
      - After sending commands, how many seconds to wait at most for the box to report their effect
        (HMP may apply a command a few seconds after accepting it).
      - When the box still reports something else after that, the module warns and returns the box as read.
      - It also bounds the wait of the read-back after a command that got no answer (see the description),
        and the command is sent again only when the box does not show its effect within that time.
      - V(0) reads the box once, without waiting; a command the box applies late may then be sent twice.
    type: int
    default: 15
notes:
  - Set-top box commands need the C(STB Administration) permission (the Administrator or Set-Top Box role).
extends_documentation_fragment:
  - haivision.hmp.connection
  - haivision.hmp.attributes
seealso:
  - module: haivision.hmp.hmp_device_info
"""

EXAMPLES = r"""
- name: The lobby screen on, unmuted, at 60 % volume, showing the studio A session
  haivision.hmp.hmp_device:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
    name: Lobby TV
    standby: false
    muted: false
    volume: 0.6
    channel:
      type: session
      name: Studio A

- name: Tell the viewers, for five minutes (sent on every run)
  haivision.hmp.hmp_device:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
    name: Lobby TV
    text_message:
      text: The town hall starts in 10 minutes
      duration: 5m
      color: "#ffffff"
      background_color: "#aa0000"
      position: bottom

- name: The boxes that are on
  haivision.hmp.hmp_device_info:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
    status: Online
  register: boxes

- name: Each of them goes to standby for the night
  haivision.hmp.hmp_device:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
    id: "{{ item._id }}"
    standby: true
  loop: "{{ boxes.devices }}"
  loop_control:
    label: "{{ item.name }}"

- name: Reboot a box (sent on every run)
  haivision.hmp.hmp_device:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
    name: Lobby TV
    reboot: true
"""

RETURN = r"""
offline:
  description: Whether the box was not connected and commands it needed were not sent (only with O(offline=report)).
  returned: always
  type: bool
  sample: false
pending:
  description: The commands the box needed that were not sent because it is not connected (only with O(offline=report)).
  returned: always
  type: list
  elements: str
  sample: []
actions:
  description: The commands sent (in check mode, that would be sent), in order, each with what it does.
  returned: always
  type: list
  elements: str
  sample: ["standby-off (leave standby)", "set-volume 0.6 (was 0.5)", "set-channel to session 'Studio A' (id 2f8d...)"]
device:
  description:
    - The box after the task, as HMP reports it (read again after the commands).
    - In check mode, the box as it would report itself.
  returned: always
  type: dict
  sample:
    _id: bvgR95DKAXUTr402cyM8ew
    name: Lobby TV
    hostname: 37D78D000096
    status: Online
    standby: false
    muted: false
    volume: 0.6
    channelId: 2f8dce6d-fd8b-459e-890f-97965c88df40
    channelType: session
    channelName: Studio A
diff:
  description: The state the module manages before and after (standby, muted, volume, channel).
  returned: when diff mode is on
  type: dict
  sample:
    before: {standby: true, muted: false, volume: 0.5, channel: null}
    after:
      standby: false
      muted: false
      volume: 0.6
      channel: {type: session, id: 2f8dce6d-fd8b-459e-890f-97965c88df40, name: Studio A}
"""

from ansible_collections.haivision.hmp.plugins.module_utils.engine._module import Module
from ansible_collections.haivision.hmp.plugins.module_utils.engine._values import non_negative_seconds
from ansible_collections.haivision.hmp.plugins.module_utils.features._device import ensure_device

OPTIONS = {
    "name": {"type": "str"},
    "id": {"type": "str"},
    "standby": {"type": "bool"},
    "muted": {"type": "bool"},
    "volume": {"type": "float"},
    "channel": {
        "type": "dict",
        "options": {
            "type": {"type": "str", "choices": ["source", "session", "video", "composition"], "required": True},
            "name": {"type": "str"},
            "id": {"type": "str"},
        },
    },
    "text_message": {"type": "raw"},
    "reboot": {"type": "bool", "default": False},
    "offline": {"type": "str", "choices": ["fail", "report"], "default": "fail"},
    "settle_timeout": {"type": "int", "default": 15},
}

MODULE = Module(OPTIONS, ensure_device, not_empty=("name", "id"), required_one_of=[("name", "id")],
                mutually_exclusive=[("name", "id")], writes=True,
                check=lambda params: non_negative_seconds("settle_timeout", params["settle_timeout"]))


def main():
    MODULE.main()


if __name__ == "__main__":
    main()
