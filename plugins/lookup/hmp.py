# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: hmp
short_description: Objects of an HMP server inline, in a template or a condition
version_added: 0.1.0
description:
  - Reads the objects of one kind from a Haivision Media Platform server - sources, sessions, events, users,
    recordings, videos, categories, streams or set-top boxes - and returns them where a template needs them,
    without a task of an info module registered first.
  - B(The objects) are those the kind's info module returns for the same filters, in the same shape, with the
    same extra keys (C(source_names) of a session, C(role_names) of a user, C(start_time_utc) and
    C(session_title) of an event, C(video_title) of a stream, C(last_connected_utc) of a set-top box...) and
    without the same secrets (a source's passphrase, a set-top box's C(adminPin); passwords are never read).
    O(return=ids) returns their ids instead.
  - B(Filters.) O(id) selects one object by its id; the name of the kind (O(name) for sources and set-top
    boxes, O(title) for sessions and videos, O(username) for users, O(label) for categories) selects the objects
    with exactly that name; O(q) is HMP's own text search, for sources, sessions and videos; O(session),
    O(video), O(status), O(categories), O(events) and O(metadata) are the other filters of the info modules,
    for the kinds whose info module takes them. Without a filter, every object of the kind. A filter that the
    kind does not take fails, naming the filters it takes.
  - B(Several objects with one name.) HMP lets several sessions, sources or videos share a name; a name that
    several of the objects found share fails, naming their ids, so that a template never takes one of them
    by chance. Give O(id), or use O(q) or another filter and pick with Jinja.
  - B(Nothing found.) A lookup that finds no object returns an empty list, as the info modules do;
    O(on_missing) makes it warn, or fail with a message that names what was asked for.
  - B(lookup or query.) Ansible returns a lookup's list as it is only from C(query) (or C(lookup) with
    C(wantlist=True)) - use it for several objects, for ids, and in conditions that count the objects found, such
    as the C(length) of the list. C(lookup) gives the object itself when exactly one is found - a dictionary,
    ready for C(.id) - but an empty list when none is, the list when there are several, and several ids joined
    with commas into one text. So use C(lookup) to take one object by id or name (with O(on_missing=error), so
    that a missing one fails here rather than as an undefined key later), and C(query) for everything else.
  - B(Requests.) One login, every page of each list read (100 objects per page), one logout, and never a
    write. Ansible renders a template each time it is used, so a lookup in a play's C(vars) reads the server at
    each use; set a fact once when many tasks use it. A 404 (an object or a list that does not exist) is taken
    for an answer only once the login is known alive; when the login had ended, the lookup logs in again and
    reads afresh.
  - B(Errors) name the term or the option and the value - an unknown kind, a filter the kind does not take,
    a bad value, a name several objects share, a session or video that O(session) or O(video) does not name -
    and never show a secret. An option the lookup does not know is named without its value, which may be a
    misspelt password.
author:
  - haivision.hmp contributors (@haivision)
extends_documentation_fragment:
  - haivision.hmp.lookup_connection
options:
  _terms:
    description:
      - The kind of objects to read, one per lookup - V(sources), V(sessions), V(events), V(users),
        V(recordings), V(videos), V(categories), V(streams) or V(devices) (set-top boxes).
    type: str
    required: true
  id:
    description:
      - Only the object with this id (a set-top box's is HMP's C(_id)); every kind.
      - For V(events), the event of this id among the events of O(session), or of every session.
    type: str
  name:
    description:
      - Only the V(sources) or V(devices) with exactly this name, and for V(categories) the same as O(label).
    type: str
  title:
    description:
      - Only the V(sessions) or V(videos) with exactly this title.
    type: str
  username:
    description:
      - Only the V(users) account with this login name.
    type: str
  label:
    description:
      - Only the V(categories) with exactly this label.
    type: str
  role:
    description:
      - For V(users), only the accounts that hold this role, by name or id (read with the list, then filtered).
    type: str
  start_time:
    description:
      - For V(events), only the events that start at this instant, ISO 8601 with a UTC offset or epoch seconds, as
        M(haivision.hmp.hmp_event) takes it (read with the lists, then filtered).
    type: raw
  q:
    description:
      - HMP's own text search, case-insensitive, for V(sources) (over the name and description), V(sessions)
        (title and description) and V(videos) (title, description, creator and HotMarks).
    type: str
  session:
    description:
      - For V(events), V(recordings) and V(videos), title or id of a session; only its events, its active
        recordings, or the videos recorded from it. For V(events) without it, the events of every session (one
        request per session).
      - A title that matches no session, or several, fails.
    type: str
  video:
    description:
      - For V(streams), title or id of a video; only its streams.
      - A title that matches no video, or several, fails.
    type: str
  status:
    description:
      - For V(devices), only the set-top boxes in this status.
    type: str
    choices: [Never, Offline, Warning, Standby, Online]
  events:
    description:
      - For V(sessions), also return the events of each session (key C(events), one request per session).
    type: bool
    default: false
  categories:
    description:
      - For V(videos), only those that hold, for every category label given, one of the values given for it
        (values compared case-insensitively; an empty list matches any value).
      - "For example C(categories={'Locations': ['Montreal', 'Ottawa']})."
      - Reads the metadata of each video the other filters leave, one request per video.
    type: dict
  metadata:
    description:
      - For V(videos), also return each video's category values (C(categories)) and whole metadata (C(metadata)),
        one request per video returned.
    type: bool
    default: false
  return:
    description:
      - V(objects), the objects found; V(ids), only their ids, in the same order.
    type: str
    choices: [objects, ids]
    default: objects
  on_missing:
    description:
      - What to do when the lookup finds no object - whether it was asked for one by id or by name, or for those
        its filters select, or for every object of the kind.
      - V(skip) returns an empty list; V(warn) returns an empty list and shows a warning; V(error) fails with a
        message that names the kind, the filters and the server.
      - The session of O(session) and the video of O(video) are references, not filters, and a reference to an
        object that does not exist always fails.
    type: str
    choices: [skip, warn, error]
    default: skip
notes:
  - The account the lookup logs in with needs the permissions the kind's info module needs.
  - The lookup reads the server in check mode too; it never writes.
seealso:
  - module: haivision.hmp.hmp_source_info
  - module: haivision.hmp.hmp_session_info
  - module: haivision.hmp.hmp_event_info
  - module: haivision.hmp.hmp_user_info
  - module: haivision.hmp.hmp_recording_info
  - module: haivision.hmp.hmp_video_info
  - module: haivision.hmp.hmp_category_info
  - module: haivision.hmp.hmp_stream_info
  - module: haivision.hmp.hmp_device_info
  - ref: ansible_collections.haivision.hmp.docsite.guide_playbooks
    description: Objects inline, with examples.
"""

EXAMPLES = r"""
# The connection comes from HMP_HOST, HMP_USERNAME and HMP_PASSWORD (or HMP_API_KEY and HMP_API_SECRET) on the
# controller, as for the modules.

- name: The id of the morning show, named by its title (one object - lookup() gives it as a dictionary)
  ansible.builtin.set_fact:
    morning_show_id: "{{ lookup('haivision.hmp.hmp', 'sessions', title='Morning show', on_missing='error').id }}"

- name: Fail early when the morning show has no source
  ansible.builtin.assert:
    that: lookup('haivision.hmp.hmp', 'sessions', id=morning_show_id).source_names | length > 0
    fail_msg: The morning show has no source

- name: Touch nothing in Studio A while it is being recorded (query() always gives a list)
  ansible.builtin.assert:
    that: query('haivision.hmp.hmp', 'recordings', session='Studio A') | length == 0
    fail_msg: Studio A is being recorded

- name: Wake every set-top box in standby, by id
  haivision.hmp.hmp_device:
    id: "{{ item }}"
    standby: false
  loop: "{{ query('haivision.hmp.hmp', 'devices', status='Standby', return='ids') }}"

- name: The titles of the videos HMP finds for "keynote"
  ansible.builtin.debug:
    msg: "{{ query('haivision.hmp.hmp', 'videos', q='keynote') | map(attribute='title') | list }}"

- name: The events of a session, with their times in ISO 8601 UTC, read once for the tasks that follow
  ansible.builtin.set_fact:
    studio_events: "{{ query('haivision.hmp.hmp', 'events', session='Studio A') }}"

- name: When they start
  ansible.builtin.debug:
    msg: "{{ studio_events | map(attribute='start_time_utc') | list }}"

- name: Another server, its API key pair from Ansible Vault variables
  ansible.builtin.debug:
    msg: >-
      {{ query('haivision.hmp.hmp', 'users', return='ids',
               hmp_host='hmp-montreal.example.com', hmp_ca_path='/etc/pki/example-ca.pem',
               hmp_api_key=vault_hmp_api_key, hmp_api_secret=vault_hmp_api_secret) | length }} accounts
"""

RETURN = r"""
_raw:
  description:
    - With O(return=objects), the objects found, each a dictionary as the kind's info module returns it (the
      C(sources) of M(haivision.hmp.hmp_source_info), the C(sessions) of M(haivision.hmp.hmp_session_info), and
      so on), with the same extra keys and without secrets; with O(return=ids), their ids.
    - An empty list when there is none (see O(on_missing)).
    - Through C(lookup) rather than C(query), one object alone rather than a list of one, and several ids as
      one text joined with commas.
  type: list
  elements: raw
  sample:
    - id: ccf00271-adda-42b4-895f-bb54338fb932
      title: Morning show
      description: Studio A, 7 to 9
      active: false
      syncrecord: true
      sources: [f4327f7b-3917-4533-b844-8818741cb0bd]
      source_names: [Studio A camera 1]
"""

from ansible.errors import AnsibleLookupError
from ansible.plugins.lookup import LookupBase
from ansible.utils.display import Display

from ansible_collections.haivision.hmp.plugins.module_utils.engine._client import (
    HAS_REQUESTS,
    HmpApiError,
    LoginLost,
    scrub,
)
from ansible_collections.haivision.hmp.plugins.module_utils.engine._schema import InvalidValue
from ansible_collections.haivision.hmp.plugins.plugin_utils._hmp_lookup import answer, read_request

display = Display()


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        if not HAS_REQUESTS:
            raise AnsibleLookupError("the haivision.hmp.hmp lookup needs the Python library requests on the "
                                     "controller (pip install requests)")
        # The collection's one reader of options reads what the lookup is given and the HMP_* environment, with
        # the modules' precedence and words (Ansible's own reading would take an option's variable on its own
        # terms: HMP_PASSWORD beside an API key given, its own words for a bad value).
        try:
            request = read_request(terms, kwargs)
        except InvalidValue as error:
            raise AnsibleLookupError(str(error))

        warning = request.connection.warning()
        if warning:
            display.warning(warning)
        secrets = request.connection.secrets
        try:
            with request.connection.client() as client:
                values, warning = answer(request, client)
        except (InvalidValue, LoginLost, HmpApiError) as error:
            raise AnsibleLookupError(scrub(str(error), secrets))
        if warning:
            display.warning(warning)
        return values
