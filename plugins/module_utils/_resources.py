# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What each HMP resource type looks like: one declarative description per type.

Adding a resource type means describing it here and writing its module's documentation; the
engine (``engine/``: ``_reconcile.py``, ``_lookup.py``) does the rest.  Field vocabulary: ``engine/_schema.py``;
value checks and normalisations: ``engine/_values.py``.
"""

from __future__ import annotations

from ansible_collections.haivision.hmp.plugins.module_utils.engine._schema import (  # noqa: F401 (re-exported)
    Busy,
    Field,
    InvalidValue,
    Membership,
    Resource,
)
from ansible_collections.haivision.hmp.plugins.module_utils.engine._values import (
    as_int,
    duration,
    host,
    in_week_order,
    instant,
    int_range,
    iso_utc,
    lower,
    non_empty,
    secret_length,
    sorted_list,
    upper,
    weekdays,
)

# -- sources -------------------------------------------------------------------------------------

UDP = ("type", "udp")
SRT = ("type", "srt")


def _source_rules(options):
    kind = options.get("type")
    if kind == "udp":
        if options.get("multicast") is None:
            raise InvalidValue("multicast: required for a udp source (true for multicast, false for unicast)")
        if options.get("multicast") and not options.get("host"):
            raise InvalidValue("host: required for a multicast udp source")
    elif kind == "srt":
        mode = options.get("srt_mode")
        if mode is None:
            raise InvalidValue("srt_mode: required for an srt source (caller, listener or rendezvous)")
        if mode in ("caller", "rendezvous") and not options.get("host"):
            raise InvalidValue("host: required for an srt source in %s mode" % mode)
        if options.get("continuous") is False:
            raise InvalidValue("continuous: false is not possible for an srt source (HMP always "
                               "receives SRT continuously); leave it out or set it to true")


SOURCE = Resource(
    name="source",
    plural="sources",
    collection="/apis/sources",
    identity="name",
    not_found=("040009", "040000"),
    required=("type", "port"),
    fields=(
        Field("name", check=non_empty),
        Field("type", choices=("udp", "srt"), to_api=upper, from_api=lower),
        Field("host", check=host),
        Field("port", type="int", check=int_range(1, 65535), from_api=as_int),
        Field("multicast", type="bool", only_for=UDP),
        Field("description"),
        Field("continuous", type="bool"),
        Field("srt_mode", api="mode", choices=("caller", "listener", "rendezvous"),
              to_api=upper, from_api=lower, only_for=SRT),
        Field("latency", type="int", check=int_range(20, 8000, " ms"), from_api=as_int, only_for=SRT),
        Field("passphrase", secret=True, check=secret_length(10, 79), only_for=SRT),
    ),
    rules=(_source_rules,),
    copyable=True,
    read_only=("active", "bitrate", "ctime", "mtime", "iptv", "iptvIndex", "retransmitPort", "rtcPort",
               "detectedFeatures"),
)

# -- sessions ------------------------------------------------------------------------------------

SESSION = Resource(
    name="session",
    plural="sessions",
    collection="/apis/sessions",
    identity="title",
    not_found=("040006", "040002"),
    busy=(Busy("recording", "recordings", "recording"),),  # 409 060003 otherwise (contract: busy_session)
    copyable=True,
    fields=(
        Field("title", check=non_empty),
        Field("description"),
        Field("sync_record", api="syncrecord", type="bool"),
        Field("live", api="active", type="bool"),
        Field("sources", type="list", elements="str", reference=SOURCE, from_api=sorted_list,
              membership=Membership("sources", "sourceId", limit=4)),  # contract: session_sources
    ),
    read_only=("ctime", "mtime", "duration", "movieTrackCount", "recording"),
)

# -- events (under a session) --------------------------------------------------------------------

RECURRENCE_TO_API = {"one_time": "one-time", "weekly": "weekly-recurring"}
RECURRENCE_FROM_API = dict((v, k) for k, v in RECURRENCE_TO_API.items())
WEEKLY = ("recurrence", "weekly")


def _read_action(event):
    """As HMP's scheduler says it: Live = set-live without record, Live & Record = set-live with record."""
    command = event.get("command")
    if command == "set-live":
        return "live_and_record" if (event.get("parameters") or {}).get("record") else "live"
    return command


def _write_action(body, action):
    if action == "record":
        body["command"] = "record"
        body["parameters"] = {}
    else:
        body["command"] = "set-live"
        body["parameters"] = {"record": action == "live_and_record"}


def _event_rules(options):
    if options.get("recurrence") == "weekly" and not options.get("days"):
        raise InvalidValue("days: required for a weekly event (for example [MON, WED] or 'MON;WED')")


EVENT = Resource(
    name="event",
    plural="events",
    collection="/apis/sessions/{parent}/events",
    parent="session",
    parent_resource=SESSION,
    identity="start_time",
    not_found=("040031",),
    constant={"module": "session"},
    defaults={"recurrence": "one_time", "enabled": True},
    required=("action",),
    fields=(
        Field("start_time", api="startTime", type="raw", normalize=instant, from_api=as_int, display=iso_utc),
        Field("duration", type="raw", normalize=duration, from_api=as_int),
        Field("recurrence", api="type", choices=tuple(RECURRENCE_TO_API),
              to_api=RECURRENCE_TO_API.get, from_api=lambda v: RECURRENCE_FROM_API.get(v, v)),
        Field("days", api="typeData.days", type="raw", normalize=weekdays, from_api=in_week_order,
              only_for=WEEKLY),
        Field("action", api="command", writes=("command", "parameters"), choices=("live", "record", "live_and_record"),
              read=_read_action, write=_write_action),
        Field("enabled", api="active", type="bool"),
    ),
    rules=(_event_rules,),
    read_only=("moduleId", "title", "ctime", "mtime"),
)

# -- users and roles (an undocumented extension, every path of it here; contract: users, roles) --

ROLE = Resource(
    name="role",
    plural="roles",
    collection="/apis/roles",
    identity="name",
    not_found=(),
    creatable=False,
    made_by="HMP itself (its built-in roles)",
    fields=(Field("name"),),
)

USER = Resource(
    name="user",
    plural="users",
    collection="/apis/users",
    identity="username",
    not_found=("040004",),
    login_identity=True,
    required=("password",),
    fields=(
        Field("username", check=non_empty, create_only=True),
        Field("display_name", api="displayName"),
        Field("email"),
        Field("roles", type="list", elements="str", reference=ROLE, from_api=sorted_list),
        # never returned; set at creation, and with update_password=always by PUT {user}/password
        Field("password", secret=True, write_only=True),
    ),
    read_only=("assets", "sessions", "shares", "dn"),
    built_in=("haiadmin", "operator"),  # contract: built_in_accounts
)

# -- recordings: listed on their own and under their session, always reached as /apis/recordings/:id ----

RECORDING = Resource(
    name="recording",
    plural="recordings",
    collection="/apis/recordings",
    under="/apis/sessions/{parent}/recordings",  # needs the Sessions - RECORD permission
    parent="session",
    parent_resource=SESSION,
    identity="title",
    not_found=("040001",),
    fields=(Field("title"),),  # operated by hmp_recording (features/_recording.py), never written as an object
)

# -- the server itself ---------------------------------------------------------------------------------

SYSTEM = Resource(
    name="system",
    plural="system",
    collection="/apis/system",
    identity="version",
    not_found=("040000", None),  # no version call before HMP 4.0: the answer of an unknown path (contract: releases)
    fields=(Field("version"), Field("build")),  # GET /apis/system/version (contract: version)
)

# -- set-top boxes ("_id" identity, their own paging, no box = 040000; contract: devices) ---------------

DEVICE = Resource(
    name="device",
    plural="devices",
    collection="/apis/devices/stbs",
    identity="name",
    id_key="_id",
    not_found=("040000",),
    empty_codes=("040000", "040012"),
    creatable=False,
    made_by="registering a set-top box with HMP",
    fields=(Field("name"),),  # boxes register themselves: only read, never written as an object
    secret_keys=("adminPin",),  # the PIN of the box's administration menu, which HMP returns in clear
)

# -- videos, categories and streams (contract: videos, categories, streams) --------------------

VIDEO = Resource(
    name="video",
    plural="videos",
    collection="/apis/assets",
    identity="title",
    not_found=("040002",),
    creatable=False,  # no REST call makes a video: recording a session does (contract: videos)
    made_by="recording sessions",
    rename="new_title",
    # 409 060003 while still recorded (contract: recording_video); 409 060013 while streamed, which no flag
    # shows (contract: streams)
    busy=(Busy("recording", None, "recording"), Busy(None, "streams", "stream")),
    fields=(
        Field("title", check=non_empty),
        Field("description"),
    ),
    read_only=("ctime", "mtime", "duration", "active", "movieTrackCount", "recording", "trimming", "importing", "tag"),
)

CATEGORY = Resource(
    name="category",
    plural="categories",
    collection="/apis/categories",
    identity="label",
    not_found=("040007",),
    creatable=False,
    made_by="HMP's web interface",
    fields=(Field("label"),),  # read-only over REST (contract: categories)
)

STREAM = Resource(
    name="stream",
    plural="streams",
    collection="/apis/streams",
    identity="id",
    not_found=("040003",),
    fields=(Field("id"),),  # operated by hmp_stream's planner (features/_stream.py), never written as an object
)
