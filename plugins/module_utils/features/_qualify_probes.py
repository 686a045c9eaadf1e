# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""hmp_qualify's read-only probes: each a check function of one ``Run`` (see ``_qualify_context.py``) that
reads the server and returns its outcome. Only ``device_commands`` writes (to a box the task names, which it
puts back as it was), and ``recording_video`` records the scratch session when the run has one.
"""

from __future__ import annotations

import time
import uuid

from ansible_collections.haivision.hmp.plugins.module_utils.engine._client import HmpApiError, PAGE_SIZE
from ansible_collections.haivision.hmp.plugins.module_utils.engine._operations import run as run_steps
from ansible_collections.haivision.hmp.plugins.module_utils.engine._schema import get_path
from ansible_collections.haivision.hmp.plugins.module_utils.features._device import BOX_STATUSES, commands, connected, settle
from ansible_collections.haivision.hmp.plugins.module_utils.features._qualify_context import (
    MODULES, SCRATCH_SESSION, SERVER, differs, holds, skipped, variant)
from ansible_collections.haivision.hmp.plugins.module_utils.features._info import server_version
from ansible_collections.haivision.hmp.plugins.module_utils.features._qualify_scratch import while_recording
from ansible_collections.haivision.hmp.plugins.module_utils._resources import CATEGORY, DEVICE, EVENT, RECORDING
from ansible_collections.haivision.hmp.plugins.module_utils._resources import ROLE, SESSION, SOURCE, STREAM, USER, VIDEO

DEFAULT_ROLES = ("Administrator", "Content Creator", "Content Contributor", "Viewer", "Set-Top Box")
PYTHON_TYPES = {"str": str, "int": int, "bool": bool, "list": list, "float": (int, float)}  # of a Field.type


def is_uuid(value):
    try:
        uuid.UUID(str(value))
        return True
    except ValueError:
        return False


# -- shapes: the fields of each object, read through the collection's own descriptions --------------

def misfits(resource, api_object):
    """What in ``api_object`` the collection cannot read: missing or mistyped fields, as text."""
    found = []
    if not isinstance(resource.id_of(api_object), str):
        found.append("no %r" % resource.id_key)
    options = resource.to_options(api_object)
    for field in resource.compared():
        if field.secret or not field.applies(options):
            continue
        if not field.reported(api_object):
            found.append("no %r (option %s)" % (field.api, field.option))
            continue
        value, kind = options[field.option], PYTHON_TYPES.get(field.type)
        if value is None or kind is None:
            continue
        if field.elements == "str" and isinstance(value, list):
            wrong = not all(isinstance(v, str) for v in value)
        else:
            wrong = not isinstance(value, kind) or (kind is not bool and isinstance(value, bool))
        if wrong or (field.choices and value not in field.choices):
            found.append("%r is %r (option %s)" % (field.api, get_path(api_object, field.api), field.option))
    return found


def shapes(resource, objects, kind, lookup=None):
    """``holds`` when every object is readable, else ``differs`` naming the first problems and the modules.
    With ``lookup``, what a list leaves out is read from the object alone first, as the collection does."""
    if not objects:
        return skipped("no %s on this server to look at" % resource.name)
    problems = []
    for one in objects:
        if lookup is not None:
            one = lookup.complete(resource, one)
        for problem in misfits(resource, one):
            problems.append("%s %r: %s" % (resource.name, resource.name_of(one), problem))
    if problems:
        shown = "; ".join(problems[:5]) + ("; and %d more" % (len(problems) - 5) if len(problems) > 5 else "")
        return differs("%s. Affected: %s" % (shown, MODULES[kind]))
    return holds("%d %s read, every one with the fields the collection compares"
                 % (len(objects), resource.plural if len(objects) != 1 else resource.name))


# -- the login and the server ----------------------------------------------------------------------

def login(run):
    """Makes SERVER: the server and the account, as the server reports them (the report's ``server``)."""
    client = run.client
    who = client.session_info() or {}
    username = who.get("username")
    version = server_version(client)
    roles = [r.get("name") for r in who.get("roles") or [] if isinstance(r, dict)]
    run.make(SERVER, {"url": client.url, "version": version.get("version"), "build": version.get("build"),
                      "username": username, "roles": roles,
                      "admin": bool(who.get("admin")) or "Administrator" in roles})
    if not username:
        return differs("the login probe (GET %s) names no username; hmp_user and hmp_config cannot tell which "
                       "account must not be deleted" % ("/apis/authentication/login/key" if client.api_key
                                                        else "/apis/authentication/login"))
    how = "API key" if client.api_key else "cookie"
    return holds("logged in as %r (%s), roles: %s" % (username, how, ", ".join(roles) or "none"))


# The releases whose REST reference the collection was checked against (contract: releases): the version a
# server reports (its first three numbers) and the release it is. 4.1 has no patch release documented but 4.1.1.
RELEASES = ("3.8", "3.9", "3.10", "4.0", "4.1", "4.1.1")
FIELDS_OF_3_10_3 = ("iptv", "retransmitPort", "rtcPort", "detectedFeatures")  # what sources carry from 3.10.3


def documented_release(number):
    """The release a version (``4.1.0``, ``3.10.3``) belongs to, or None when none of ``RELEASES`` documents it."""
    parts = (number.split(".") + ["0", "0"])[:3]
    if parts[:2] == ["4", "1"]:
        return {"0": "4.1", "1": "4.1.1"}.get(parts[2])
    release = ".".join(parts[:2])
    return release if release in RELEASES else None


def release_of(run, number):
    """The release a server runs, as text: from its version (``4.1.0`` is 4.1), else, without a version call
    (before 4.0), from what its sources carry; None for a version the collection was not checked against."""
    if number:
        return documented_release(number)
    listed = run.listed_or_none(SOURCE) or []
    if any(all(key in s for key in FIELDS_OF_3_10_3) for s in listed):
        return "3.10 (no version call, which HMP has from 4.0 on; its sources carry the fields of 3.10.3)"
    if listed:
        return "3.8 or 3.9 (no version call, which HMP has from 4.0 on; its sources lack the fields of 3.10.3)"
    return "3.8, 3.9 or 3.10 (no version call, which HMP has from 4.0 on)"


def version(run):
    server = run.product(SERVER)
    number = str(server.get("version") or "")
    release = release_of(run, number)
    if release is None:
        return differs("HMP %s is not a release the collection was checked against (%s); run scratch: true on a "
                       "lab server before any other use. Affected: %s"
                       % (number, ", ".join(RELEASES), MODULES["all"]))
    if not number:
        return holds("HMP %s; the version is shown as unknown" % release)
    return holds("HMP %s (build %s)" % (release if release == number else "%s, release %s" % (number, release),
                                        server.get("build")))


def login_expiry(run):
    """V10: one read (and, with scratch, one write to an id that does not exist) under a login that has ended."""
    status, code = run.client.answer_under_ended_login("GET", SOURCE.collection())
    if status == 401:
        return holds("a read under an ended login answers 401 %s" % code, "V10")
    if status != 404:
        return differs("a read under an ended login answers %s %s, neither 401 nor 404: the collection cannot tell "
                       "an ended login. Affected: %s" % (status, code, MODULES["all"]))
    letter, detail = "b", "a read under an ended login answers 404 %s, as an empty list does" % code
    if run.params.get("scratch") and not run.check_mode:
        status, code = run.client.answer_under_ended_login("PUT", SOURCE.item(str(uuid.uuid4())), {})
        letter = "c" if status == 401 else "b"
        detail += "; a write answers %s %s" % (status, code)
    return variant("V10", letter, detail + " (the collection believes a 404 only once its login is known alive)")


# -- collections: paging, empty, missing -----------------------------------------------------------

def page(run, path, number, size, absent=("040012",)):
    data, paging = run.client.request("GET", path, params={"page": number, "pageSize": size}, with_paging=True,
                                      absent=absent)
    return (data if isinstance(data, list) else [data] if data else []), paging if isinstance(paging, dict) else {}


def page_or_empty(run, path, number):
    try:
        return page(run, path, number, PAGE_SIZE)[0]
    except HmpApiError as error:
        if error.status == 404:
            return []
        raise


def paging(run):
    readable = [(r, run.listed_or_none(r)) for r in (SOURCE, SESSION, USER, ROLE)]  # roles: 5 on any server
    readable = [(r, listed) for r, listed in readable if listed]
    if not readable:
        return skipped("no source, session, user or role this account may read: nothing to page")
    resource, listed = max(readable, key=lambda pair: len(pair[1]))
    path = resource.collection()
    first, answered = page(run, path, 1, PAGE_SIZE)
    letters = []
    size, results = answered.get("pageSize"), answered.get("results")
    if isinstance(size, int) and not isinstance(size, bool) and size < PAGE_SIZE:
        letters.append("c")
    elif "next" not in answered and not (isinstance(results, int) and results > len(first)) \
            and 0 < len(first) < PAGE_SIZE and page_or_empty(run, path, 2):
        return differs("%s?pageSize=%d answers %d items on page 1 with more on page 2, and its paging (%r) says "
                       "neither its page size nor that more pages follow: the collection would stop reading at "
                       "page 1. Affected: %s" % (path, PAGE_SIZE, len(first), answered, MODULES["all"]))
    if len(listed) >= 2:
        one, small = page(run, path, 1, 1)
        if "next" in small or (small.get("results") or 0) > len(one):
            letters.insert(0, "b")
    elif "next" in answered:
        letters.insert(0, "b")
    detail = "%s: %d items, read to the end; paging of a page: %s" % (
        path, len(listed), ", ".join("%s=%r" % (k, v) for k, v in sorted(answered.items())) or "none")
    if not letters:
        if len(listed) < 2:
            return holds(detail + " (fewer than 2 items: how results counts is not observed)")
        return holds(detail, "V1")
    return variant("V1", "".join(letters), detail + (" (results counts every item and next links the next page)"
                                                     if "b" in letters else "")
                   + (" (the server pages by %s whatever is asked)" % size if "c" in letters else ""))


def empty_list(run):
    term = "%snothing-%s" % (run.prefix, run.run_id)
    try:
        data, _paging = run.client.request("GET", SOURCE.collection(), params={"q": term}, with_paging=True,
                                           absent=("040012",))
    except HmpApiError as error:
        if error.status == 404 and error.code == "040012":
            return holds("GET /apis/sources?q=%s answers 404 040012 NoResults" % term, "V2")
        if error.status == 404:
            return differs("an empty collection answers 404 with code %s (%s), not 040012 NoResults: the collection "
                           "reads it as an error. Affected: %s" % (error.code, error.message, MODULES["all"]))
        raise
    if data in ([], None):
        return variant("V2", "b", "GET /apis/sources?q=%s answers 200 with no item" % term)
    return skipped("GET /apis/sources?q=%s found %d sources: no empty collection to look at" % (term, len(data)))


def not_found_codes(run):
    missing = str(uuid.uuid4())
    probes = [(SOURCE, "sources"), (SESSION, "sessions"), (VIDEO, "videos"), (STREAM, "streams"),
              (USER, "users"), (DEVICE, "devices")]
    sessions = run.listed_or_none(SESSION)
    if sessions:
        probes.append((EVENT, "events"))
    seen, wrong = [], []
    for resource, kind in probes:
        path = resource.item(missing, SESSION.id_of(sessions[0]) if resource is EVENT else None)
        try:
            run.client.request("GET", path, absent=resource.not_found)
            wrong.append("GET %s answers 200" % path)
        except HmpApiError as error:
            if error.status == 403:
                continue
            if error.status == 404 and error.code in resource.not_found:
                seen.append("%s %s" % (resource.plural, error.code))
            else:
                wrong.append("GET %s answers %s %s (the collection expects 404 %s). Affected: %s"
                             % (path, error.status, error.code, " or ".join(resource.not_found), MODULES[kind]))
    if wrong:
        return differs("; ".join(wrong))
    return holds("404 with the documented code: %s" % ", ".join(seen))


# -- the objects of each kind ----------------------------------------------------------------------

def sources(run):
    return shapes(SOURCE, run.listed(SOURCE), "sources", run.lookup)


def sessions(run):
    return shapes(SESSION, run.listed(SESSION), "sessions", run.lookup)


def session_fields(run):
    listed = run.listed(SESSION)
    if not listed:
        later = "; the scratch session observes it" if run.params.get("scratch") else ""
        return skipped("no session on this server%s" % later)
    left_out = [o for o in (SESSION.unreported(s) for s in listed) if o]
    if not left_out:
        return holds("every session listed reports active and syncrecord", "V4")
    unknown = [o for o in (SESSION.unreported(run.lookup.complete(SESSION, s)) for s in listed) if o]
    if unknown:
        return differs("sessions do not report %s, not even when read alone: live and sync_record cannot be "
                       "compared. Affected: %s" % (", ".join(unknown[0]), MODULES["sessions"]))
    return variant("V4", "b", "the list of sessions leaves out %s; a session read alone reports them (the "
                              "collection reads a session alone when it needs them)"
                   % ", ".join(SESSION.by_option[o].api for o in left_out[0]))


def events(run):
    listed = run.listed(SESSION)
    if not listed:
        return skipped("no session, so no event to look at")
    chosen = [SESSION.id_of(s) for s in listed[:5]]
    found = [dict(e) for one in run.lookup.all_of_each(EVENT, chosen) for e in one]
    if not found:
        return skipped("no event in the first %d sessions" % len(chosen))
    return shapes(EVENT, found, "events")


def users(run):
    listed = run.listed_or_none(USER)
    if listed is None:
        return skipped("GET /apis/users needs the Administrator role; hmp_user and hmp_config's users need it too")
    return shapes(USER, listed, "users")


def roles(run):
    listed = run.listed_or_none(ROLE)
    if listed is None:
        return skipped("GET /apis/roles needs the Administrator role")
    names = [ROLE.name_of(r) for r in listed]
    missing = [n for n in DEFAULT_ROLES if n not in names]
    accounts = run.listed_or_none(USER) or []
    ids = set(ROLE.id_of(r) for r in listed)
    strangers = sorted(set(i for u in accounts for i in u.get("roles") or [] if i not in ids))
    if strangers:
        return differs("users hold role ids that GET /apis/roles does not list (%s): their roles cannot be named. "
                       "Affected: %s" % (", ".join(strangers), MODULES["users"]))
    built_in = sorted(USER.name_of(u) for u in accounts if USER.name_of(u) in USER.built_in)
    detail = "%d roles (%s)%s; built-in accounts seen: %s" % (
        len(listed), ", ".join(names), "; not among them: %s" % ", ".join(missing) if missing else "",
        ", ".join(built_in) or "none")
    if all(is_uuid(ROLE.id_of(r)) for r in listed):
        return variant("V5", "b", "role ids are UUIDs (the collection finds roles by name): " + detail)
    return holds("role ids are short names: " + detail, "V5")


def videos(run):
    listed = run.listed_or_none(VIDEO)
    if listed is None:
        return skipped("this account may not read videos")
    categories = run.listed_or_none(CATEGORY) or []
    problems = ["category %r: no 'label'" % CATEGORY.id_of(c) for c in categories if "label" not in c]
    if problems:
        return differs("; ".join(problems) + ". Affected: hmp_category_info, hmp_video_info")
    return shapes(VIDEO, listed, "videos")


def streams(run):
    listed = run.listed_or_none(STREAM)
    if listed is None:
        return skipped("GET /apis/streams needs the System - VIEW permission")
    problems = ["stream %r: no %s" % (s.get("id"), key) for s in listed for key in ("id", "asset", "state")
                if key not in s]
    if problems:
        return differs("; ".join(problems[:5]) + ". Affected: " + MODULES["streams"])
    return holds("%d streams read, every one with id, asset and state" % len(listed))


# -- recordings ------------------------------------------------------------------------------------

def recording_video(run):
    """A recording in progress, else (scratch) the scratch session recorded for a moment: is its video listed
    while it records? Uses SCRATCH_SESSION when there is one."""
    recordings = run.listed_or_none(RECORDING)
    if recordings:
        return observe_recording_video(run, recordings[0].get("id"))
    session = run.product(SCRATCH_SESSION)
    if session is not None:
        return while_recording(run, session, observe_recording_video)
    if recordings is None:
        return skipped("this account may not read the recordings in progress")
    if run.writes:
        return skipped("no recording in progress, and %s" % SCRATCH_SESSION.why(run))
    return skipped("no recording in progress%s" % ("; the scratch session records one"
                                                   if run.params.get("scratch") else ""))


def observe_recording_video(run, recording_id):
    video = run.client.get_or_none(VIDEO.item(recording_id), VIDEO.not_found)
    if video is None:
        return holds("recording %s has no video until it stops" % recording_id, "V3")
    if video.get("recording") is True:
        return variant("V3", "b", "recording %s is already listed as a video with recording: true (the collection "
                                  "neither deletes nor streams such a video)" % recording_id)
    return differs("recording %s is listed as a video without recording: true, so the collection cannot tell it "
                   "from a finished video. Affected: %s" % (recording_id, MODULES["videos"]))


# -- set-top boxes ---------------------------------------------------------------------------------

def devices(run):
    try:
        first, answered = page(run, DEVICE.collection(), 1, PAGE_SIZE)
    except HmpApiError as error:
        if error.status == 404 and error.code in DEVICE.empty_codes:
            return holds("no set-top box registered (404 %s)" % error.code)
        raise
    boxes = run.listed(DEVICE)
    if first and "hasMoreData" not in answered:
        return differs("GET /apis/devices/stbs has no paging.hasMoreData (paging: %r); the collection reads one "
                       "page of boxes only. Affected: %s" % (answered, MODULES["devices"]))
    problems = ["box %r: no %s" % (DEVICE.id_of(b) or b.get("name"), key) for b in boxes
                for key in ("_id", "name", "status") if key not in b]
    problems += ["box %r: status %r" % (b.get("name"), b.get("status")) for b in boxes
                 if b.get("status") not in BOX_STATUSES]
    if problems:
        return differs("; ".join(problems[:5]) + ". Affected: " + MODULES["devices"])
    return holds("%d set-top boxes read, every one with _id, name and a documented status" % len(boxes))


def find_box(run):
    """The box the device option names (None without it); a name that names no box, or several, fails the task."""
    reference = run.params.get("device")
    if not reference:
        return None
    return run.lookup.by_id(DEVICE, reference) or run.lookup.resolve(DEVICE, reference, "device")


def device_commands(run):
    box = run.box
    muted = bool(box.get("muted"))
    if not connected(box):
        try:
            mute(run, box, not muted)
        except HmpApiError as error:
            if error.status == 404 and "stream" in (error.message or "").lower():
                return variant("V7", "b", "an offline box answers 404 %r" % error.message)
            if error.status == 404:
                return holds("an offline box answers 404 %r" % error.message, "V7")
            raise
        return differs("box %r is %s and HMP accepted a command for it" % (box.get("name"), box.get("status")))
    waited = flip(run, box, not muted)
    flip(run, dict(box, muted=not muted), muted)
    if waited is None:
        return differs("box %r did not report muted as commanded within %d s. Affected: %s"
                       % (box.get("name"), run.params.get("settle_timeout", 15), MODULES["devices"]))
    if waited == 0:
        return holds("box %r reports a command at once" % box.get("name"), "V7")
    return variant("V7", "b", "box %r reports a command %.1f s after it was accepted (hmp_device waits for it)"
                   % (box.get("name"), waited))


def mute(run, box, muted):
    """Send the box the command that mutes (or unmutes) it, through the device planner."""
    run_steps(run.client, commands(box, {"muted": muted}), run.check_mode)


def flip(run, box, muted):
    """Mute or unmute; seconds until the box reports it (0: at once), None when it never does."""
    mute(run, box, muted)
    started = time.monotonic()
    _box, late = settle(run.client, DEVICE.id_of(box), {"muted": muted}, run.params.get("settle_timeout", 15))
    spent = time.monotonic() - started
    return None if late else 0 if spent < 0.5 else spent
