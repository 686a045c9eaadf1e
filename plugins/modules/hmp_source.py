#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: hmp_source
short_description: Manage live sources (UDP and SRT) of a Haivision Media Platform server
version_added: 0.1.0
description:
  - Creates, updates and deletes the sources an HMP server ingests (UDP unicast or multicast, SRT in
    caller, listener or rendezvous mode).
  - Compares only the options the task sets and writes only when they differ. Updates send the
    complete source, because HMP's edit resets what a request leaves out.
  - HMP does not keep source names unique. The module finds a source by O(id), else by O(name), and
    fails, listing the ids, when several sources have that name.
author:
  - haivision.hmp contributors (@haivision)
options:
  name:
    description:
      - Name of the source. Identifies the source when O(id) is not given.
      - With O(id), the new name of that source.
    type: str
  id:
    description:
      - Id of an existing source (HMP makes the ids). Takes precedence over O(name) to find the source.
    type: str
  type:
    description:
      - Protocol of the stream. Required to create a source.
    type: str
    choices: [udp, srt]
  host:
    description:
      - Address of the stream. Required for a multicast UDP source and for SRT in V(caller) or
        V(rendezvous) mode; V(0.0.0.0) is usual for an SRT listener.
      - An IP address or a host name. HMP takes host names in ASCII, so a name with accents is written
        in its punycode form (C(xn--...)); the module refuses it otherwise, naming that form.
    type: str
  port:
    description:
      - UDP or SRT port, 1 to 65535. Required to create a source.
    type: int
  multicast:
    description:
      - For O(type=udp), V(true) for a multicast stream, V(false) for a unicast stream sent to this port.
      - Required for a UDP source.
    type: bool
  description:
    description:
      - Free text shown in the web interface.
    type: str
  continuous:
    description:
      - Whether HMP receives the stream continuously. HMP forces it on for SRT sources, so V(false)
        is refused there.
    type: bool
  srt_mode:
    description:
      - SRT connection mode. Required for an SRT source.
    type: str
    choices: [caller, listener, rendezvous]
  latency:
    description:
      - SRT latency in milliseconds, 20 to 8000. HMP uses 20 when it is not set at creation.
    type: int
  passphrase:
    description:
      - SRT encryption passphrase, 10 to 79 characters, or an empty string for none.
      - Compared with the server's value without ever being shown; output and diffs mask it.
    type: str
  copy_from:
    description:
      - Name or id of an existing source to duplicate. Its settings fill every option the task
        leaves out (the name excepted).
    type: str
  state:
    description:
      - V(present) creates or updates the source, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - haivision.hmp.connection
  - haivision.hmp.attributes
seealso:
  - module: haivision.hmp.hmp_source_info
"""

EXAMPLES = r"""
- name: A multicast UDP source
  haivision.hmp.hmp_source:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
    name: Studio A camera 1
    type: udp
    multicast: true
    host: 239.10.10.1
    port: 4900
    description: Main camera, studio A
  register: camera

- name: An encrypted SRT listener, connection options set once for the play
  module_defaults:
    group/haivision.hmp.hmp:
      hmp_host: hmp.example.com
      hmp_username: haiadmin
      hmp_password: "{{ vault_hmp_password }}"
  block:
    - name: SRT listener on port 9000
      haivision.hmp.hmp_source:
        name: Remote contributor
        type: srt
        srt_mode: listener
        host: 0.0.0.0
        port: 9000
        latency: 250
        passphrase: "{{ vault_srt_passphrase }}"

    - name: A second listener with the same settings on another port
      haivision.hmp.hmp_source:
        name: Remote contributor (backup)
        copy_from: Remote contributor
        port: 9001

- name: Rename it, found by its id since the name is what changes
  haivision.hmp.hmp_source:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
    id: "{{ camera.source.id }}"
    name: Studio A camera 1 (spare)

- name: Delete a source
  haivision.hmp.hmp_source:
    hmp_host: hmp.example.com
    hmp_username: haiadmin
    hmp_password: "{{ vault_hmp_password }}"
    name: Remote contributor (backup)
    state: absent
"""

RETURN = r"""
source:
  description:
    - The source after the task, as HMP returns it, without its passphrase.
    - In check mode, the source as it would be. Null after a deletion or when the source is absent.
  returned: always
  type: dict
  sample:
    id: 5fa26dfd-f2de-4a61-998e-3e27578d7640
    name: Studio A camera 1
    type: UDP
    host: 239.10.10.1
    port: 4900
    multicast: true
    continuous: false
    description: Main camera, studio A
    active: false
    bitrate: 0
    ctime: 1715705190
    mtime: 1715705190
diff:
  description: The source before and after, in the module's option names, passphrase masked.
  returned: when diff mode is on
  type: dict
  sample:
    before: {name: Studio A camera 1, type: udp, port: 4900, multicast: true, host: 239.10.10.1}
    after: {name: Studio A camera 1, type: udp, port: 4902, multicast: true, host: 239.10.10.1}
"""

from ansible_collections.haivision.hmp.plugins.module_utils._resources import SOURCE
from ansible_collections.haivision.hmp.plugins.module_utils.engine._module import resource_module

MODULE = resource_module(SOURCE)


def main():
    MODULE.main()


if __name__ == "__main__":
    main()
