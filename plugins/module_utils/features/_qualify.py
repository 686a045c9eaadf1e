# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""hmp_qualify: what a server answers, checked against the contract the collection relies on.

Each check tests one or more entries of the contract (docs/docsite/rst/contract.rst) and ends in one
status: ``holds`` (the reading the collection was built on), ``variant`` (another documented reading,
which the collection handles), ``differs`` (something the collection does not handle: fix before use)
or ``skipped`` (with why).  Without ``scratch`` only reads are sent.  With ``scratch``, the collection's
own engine runs a lifecycle on objects whose names start with the scratch prefix, and everything made is
removed, also when a step fails.
"""

from __future__ import annotations

import secrets
import time
import uuid

from ansible_collections.haivision.hmp.plugins.module_utils.engine._client import HmpApiError, HmpClient, PAGE_SIZE
from ansible_collections.haivision.hmp.plugins.module_utils.features._device import settle
from ansible_collections.haivision.hmp.plugins.module_utils.engine._lookup import Lookup
from ansible_collections.haivision.hmp.plugins.module_utils.engine._reconcile import ensure
from ansible_collections.haivision.hmp.plugins.module_utils.engine._writer import Writer
from ansible_collections.haivision.hmp.plugins.module_utils._resources import CATEGORY, DEVICE, EVENT, RECORDING
from ansible_collections.haivision.hmp.plugins.module_utils._resources import ROLE, SESSION, SOURCE, STREAM, SYSTEM, USER, VIDEO
from ansible_collections.haivision.hmp.plugins.module_utils.engine._schema import InvalidValue, get_path
from ansible_collections.haivision.hmp.plugins.module_utils.engine._values import iso_utc

HOLDS, VARIANT, DIFFERS, SKIPPED = "holds", "variant", "differs", "skipped"
STATUSES = (HOLDS, VARIANT, DIFFERS, SKIPPED)
VARIANTS = ("V1", "V2", "V3", "V4", "V5", "V6", "V7", "V8", "V9")
DEFAULT_ROLES = ("Administrator", "Content Creator", "Content Contributor", "Viewer", "Set-Top Box")

# What each kind of object is to the collection: the modules (and content) that stop working when the
# server answers otherwise. Named in every ``differs`` detail.
MODULES = {
    "all": "every module of the collection",
    "sources": "hmp_source, hmp_source_info, hmp_config, hmp_config_info, the config and export roles",
    "sessions": "hmp_session, hmp_session_info, hmp_config, hmp_config_info, hmp_recording, the config and "
                "export roles",
    "events": "hmp_event, hmp_event_info, hmp_config (sessions[].events), the config and export roles",
    "users": "hmp_user, hmp_user_info, hmp_config (users), the config and export roles",
    "recordings": "hmp_recording, hmp_recording_info, the stop_recordings playbook",
    "videos": "hmp_video, hmp_video_info, hmp_stream",
    "streams": "hmp_stream, hmp_stream_info",
    "devices": "hmp_device, hmp_device_info",
}

# (id, title): the checks in the order they run and are reported.
CHECKS = (
    ("login", "Log in, and the server says who is logged in"),
    ("version", "The server is HMP 4"),
    ("paging", "Collections are paged as the collection reads them (V1)"),
    ("empty_list", "An empty collection reads as empty (V2)"),
    ("not_found_codes", "A missing object is a 404 with its documented code"),
    ("sources", "Sources carry the fields the collection compares"),
    ("sessions", "Sessions carry the fields the collection compares"),
    ("session_fields", "Sessions report active and syncrecord (V4)"),
    ("events", "Events of sessions carry the fields the collection compares"),
    ("users", "Users carry the fields the collection compares"),
    ("roles", "Roles are found by name (V5)"),
    ("videos", "Videos and categories carry the fields the collection reads"),
    ("streams", "Streams carry the fields the collection compares"),
    ("recording_video", "A recording and its video (V3)"),
    ("devices", "Set-top boxes carry the fields the collection compares"),
    ("device_commands", "Set-top box commands take effect (V7)"),
    ("source_lifecycle", "Scratch sources: create, read back, update, rename, delete"),
    ("unknown_fields", "A field the server does not know (V6)"),
    ("put_semantics", "An update that leaves a field out (V8)"),
    ("session_lifecycle", "A scratch session: create, sources, update, delete"),
    ("event_lifecycle", "A scratch weekly event: create, update, delete"),
    ("user_lifecycle", "A scratch user: create, roles, password, delete"),
    ("permissions", "What a Viewer may do (V9)"),
    ("cleanup", "Every scratch object is removed"),
)
TITLES = dict(CHECKS)


class Outcome(Exception):
    """The end of a check, raised from anywhere in it."""

    def __init__(self, status, detail, variant=None, letter=None):
        super(Outcome, self).__init__(detail)
        self.status = status
        self.detail = detail
        self.variant = variant
        self.letter = letter


def holds(detail, variant=None):
    return Outcome(HOLDS, detail, variant, "a" if variant else None)


def variant(name, letter, detail):
    return Outcome(VARIANT, detail, name, letter)


def differs(detail):
    return Outcome(DIFFERS, detail)


def skipped(why):
    return Outcome(SKIPPED, why)


def is_uuid(value):
    try:
        uuid.UUID(str(value))
        return True
    except ValueError:
        return False


# -- shapes: the fields of each object, read through the collection's own descriptions --------------

TYPES = {"str": str, "int": int, "bool": bool, "list": list, "float": (int, float)}


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
        value, kind = options[field.option], TYPES.get(field.type)
        if value is None or kind is None:
            continue
        if field.elements == "str" and isinstance(value, list):
            wrong = not all(isinstance(v, str) for v in value)
        else:
            wrong = not isinstance(value, kind) or (kind is not bool and isinstance(value, bool))
        if wrong or (field.choices and value not in field.choices):
            found.append("%r is %r (option %s)" % (field.api, get_path(api_object, field.api), field.option))
    return found


def check_shapes(resource, objects, kind, lookup=None):
    """``holds`` when every object is readable, else ``differs`` naming the first problems and the modules."""
    if not objects:
        raise skipped("no %s on this server to look at" % resource.name)
    problems = []
    for one in objects:
        if lookup is not None:
            lookup.complete(resource, one)
        for problem in misfits(resource, one):
            problems.append("%s %r: %s" % (resource.name, resource.name_of(one), problem))
    if problems:
        shown = "; ".join(problems[:5]) + ("; and %d more" % (len(problems) - 5) if len(problems) > 5 else "")
        raise differs("%s. Affected: %s" % (shown, MODULES[kind]))
    raise holds("%d %s read, every one with the fields the collection compares"
                % (len(objects), resource.plural if len(objects) != 1 else resource.name))


class Qualification(object):
    """One run of hmp_qualify against one server."""

    def __init__(self, client, params, check_mode=False, connect=None):
        self.client = client
        self.params = params
        self.check_mode = check_mode
        self.connect = connect  # (username, password) -> a new HmpClient to the same server, for V9
        self.lookup = Lookup(client)
        self.results = {}
        self.variants = dict((v, None) for v in VARIANTS)
        self.prefix = params.get("scratch_prefix") or "ansible-qualify-"
        self.run_id = uuid.uuid4().hex[:8]
        self.made = []  # (resource, id, name, parent id) of every scratch object, in order
        self.removed = []
        self.left = []
        self.who = {}
        self.scratch = {}
        self.left_out = []  # what the list of sessions leaves out, per session (check_sessions)
        self.cleaned = False  # cleanup: true removed leftovers of an earlier run

    # -- running ---------------------------------------------------------------------------------
    def run(self):
        readers = [("login", self.check_login), ("version", self.check_version), ("paging", self.check_paging),
                   ("empty_list", self.check_empty_list), ("not_found_codes", self.check_not_found),
                   ("sources", self.check_sources), ("sessions", self.check_sessions),
                   ("session_fields", self.check_session_fields), ("events", self.check_events),
                   ("users", self.check_users), ("roles", self.check_roles), ("videos", self.check_videos),
                   ("streams", self.check_streams), ("recording_video", self.check_recording_video),
                   ("devices", self.check_devices), ("device_commands", self.check_device_commands)]
        self.client.login()  # wrong credentials or no answer: the task fails here, as every module does
        self.box = self.find_box()  # a device option that names no box, or several, fails here too
        for check_id, check in readers:
            self.attempt(check_id, check)
        scratch = [("source_lifecycle", self.source_lifecycle), ("unknown_fields", self.check_unknown_fields),
                   ("put_semantics", self.check_put_semantics), ("session_lifecycle", self.session_lifecycle),
                   ("event_lifecycle", self.event_lifecycle), ("user_lifecycle", self.user_lifecycle),
                   ("permissions", self.check_permissions)]
        if self.params.get("scratch") and not self.check_mode:
            try:
                for check_id, check in scratch:
                    self.attempt(check_id, check)
            finally:
                self.attempt("cleanup", self.remove_scratch)
        else:
            why = ("check mode sends no write" if self.params.get("scratch")
                   else "needs scratch: true (writes objects of its own, then removes them)")
            for check_id, _check in scratch:
                self.results[check_id] = self.entry(check_id, skipped(why))
            if self.params.get("cleanup"):
                self.attempt("cleanup", self.clean_leftovers)
            else:
                why = "nothing made; cleanup: true removes what an interrupted run left"
                self.results["cleanup"] = self.entry("cleanup", skipped(why))
        return self.report()

    def attempt(self, check_id, check):
        try:
            check()
            outcome = skipped("the check ended without a result")
        except Outcome as ended:
            outcome = ended
        except InvalidValue as error:
            outcome = differs("the collection refused: %s" % error)
        except HmpApiError as error:
            outcome = skipped(str(error)) if error.status == 403 else differs(str(error))
        self.results[check_id] = self.entry(check_id, outcome)

    def entry(self, check_id, outcome):
        if outcome.variant:
            self.variants[outcome.variant] = outcome.letter
        return {"id": check_id, "title": TITLES[check_id], "status": outcome.status, "detail": outcome.detail}

    def report(self):
        checks = [self.results[c] for c, _title in CHECKS if c in self.results]
        summary = dict((s, sum(1 for c in checks if c["status"] == s)) for s in STATUSES)
        scratch = {"prefix": self.prefix, "made": [self.label(m) for m in self.made],
                   "removed": self.removed, "left": self.left}
        return {"changed": self.cleaned or bool(self.left), "checks": checks,
                "summary": summary, "variants": self.variants, "server": self.who, "scratch": scratch}

    # -- read-only checks ------------------------------------------------------------------------
    def check_login(self):
        who = self.client.session_info() or {}
        username = who.get("username")
        version = self.client.get(SYSTEM.item("version")) or {}
        roles = [r.get("name") for r in who.get("roles") or [] if isinstance(r, dict)]
        self.who = {"url": self.client.url, "version": version.get("version"), "build": version.get("build"),
                    "username": username, "roles": roles, "admin": bool(who.get("admin")) or "Administrator" in roles}
        if not username:
            raise differs("the login probe (GET %s) names no username; hmp_user and hmp_config cannot tell which "
                          "account must not be deleted" % ("/apis/authentication/login/key" if self.client.api_key
                                                           else "/apis/authentication/login"))
        how = "API key" if self.client.api_key else "cookie"
        raise holds("logged in as %r (%s), roles: %s" % (username, how, ", ".join(roles) or "none"))

    def check_version(self):
        version = str(self.who.get("version") or "")
        if not version:
            raise differs("GET /apis/system/version names no version. Affected: hmp_system_info")
        if version.split(".", 1)[0] != "4":
            raise differs("HMP %s: the collection is built on the HMP 4 API (4.1); run scratch: true on a lab "
                          "server before any other use. Affected: %s" % (version, MODULES["all"]))
        raise holds("HMP %s (build %s)" % (version, self.who.get("build")))

    def page(self, path, page, size):
        data, paging = self.client.request("GET", path, params={"page": page, "pageSize": size}, with_paging=True)
        return (data if isinstance(data, list) else [data] if data else []), paging if isinstance(paging, dict) else {}

    def check_paging(self):
        readable = [(r, self.read_or_none(r)) for r in (SOURCE, SESSION, USER)]
        readable = [(r, listed) for r, listed in readable if listed]
        if not readable:
            raise skipped("no source, session or user this account may read: nothing to page")
        resource, listed = max(readable, key=lambda pair: len(pair[1]))
        path = resource.collection()
        first, paging = self.page(path, 1, PAGE_SIZE)
        letters = []
        size, results = paging.get("pageSize"), paging.get("results")
        if isinstance(size, int) and not isinstance(size, bool) and size < PAGE_SIZE:
            letters.append("c")
        elif "next" not in paging and not (isinstance(results, int) and results > len(first)) \
                and 0 < len(first) < PAGE_SIZE and self.page_or_empty(path, 2):
            raise differs("%s?pageSize=%d answers %d items on page 1 with more on page 2, and its paging (%r) says "
                          "neither its page size nor that more pages follow: the collection would stop reading at "
                          "page 1. Affected: %s" % (path, PAGE_SIZE, len(first), paging, MODULES["all"]))
        if len(listed) >= 2:
            one, small = self.page(path, 1, 1)
            if "next" in small or (small.get("results") or 0) > len(one):
                letters.insert(0, "b")
        elif "next" in paging:
            letters.insert(0, "b")
        detail = "%s: %d items, read to the end; paging of a page: %s" % (
            path, len(listed), ", ".join("%s=%r" % (k, v) for k, v in sorted(paging.items())) or "none")
        if not letters:
            if len(listed) < 2:
                raise holds(detail + " (fewer than 2 items: how results counts is not observed)")
            raise holds(detail, "V1")
        raise variant("V1", "".join(letters), detail + (" (results counts every item and next links the "
                                                        "next page)" if "b" in letters else "")
                      + (" (the server pages by %s whatever is asked)" % size if "c" in letters else ""))

    def page_or_empty(self, path, number):
        try:
            return self.page(path, number, PAGE_SIZE)[0]
        except HmpApiError as error:
            if error.status == 404:
                return []
            raise

    def check_empty_list(self):
        term = "%snothing-%s" % (self.prefix, self.run_id)
        try:
            data, _paging = self.client.request("GET", SOURCE.collection(), params={"q": term}, with_paging=True)
        except HmpApiError as error:
            if error.status == 404 and error.code == "040012":
                raise holds("GET /apis/sources?q=%s answers 404 040012 NoResults" % term, "V2")
            if error.status == 404:
                raise differs("an empty collection answers 404 with code %s (%s), not 040012 NoResults: the collection "
                              "reads it as an error. Affected: %s" % (error.code, error.message, MODULES["all"]))
            raise
        if data in ([], None):
            raise variant("V2", "b", "GET /apis/sources?q=%s answers 200 with no item" % term)
        raise skipped("GET /apis/sources?q=%s found %d sources: no empty collection to look at" % (term, len(data)))

    def check_not_found(self):
        missing = str(uuid.uuid4())
        probes = [(SOURCE, "sources"), (SESSION, "sessions"), (VIDEO, "videos"), (STREAM, "streams"),
                  (USER, "users"), (DEVICE, "devices")]
        sessions = self.read_or_none(SESSION)
        if sessions:
            probes.append((EVENT, "events"))
        seen, wrong = [], []
        for resource, kind in probes:
            parent = SESSION.id_of(sessions[0]) if resource is EVENT else None
            path = resource.item(missing, parent)
            try:
                self.client.get(path)
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
            raise differs("; ".join(wrong))
        raise holds("404 with the documented code: %s" % ", ".join(seen))

    def read_or_none(self, resource):
        try:
            return self.lookup.all(resource)
        except HmpApiError as error:
            if error.status == 403:
                return None
            raise

    def check_sources(self):
        check_shapes(SOURCE, self.lookup.all(SOURCE), "sources", self.lookup)

    def check_sessions(self):
        listed = self.lookup.all(SESSION)
        self.left_out = [o for o in (SESSION.unreported(s) for s in listed) if o]
        check_shapes(SESSION, listed, "sessions", self.lookup)

    def check_session_fields(self):
        listed = self.lookup.all(SESSION)
        if not listed:
            later = "; the scratch session observes it" if self.params.get("scratch") else ""
            raise skipped("no session on this server%s" % later)
        if self.left_out:
            if any(SESSION.unreported(s) for s in listed):
                raise differs("sessions do not report %s, not even when read alone: live and sync_record cannot be "
                              "compared. Affected: %s" % (", ".join(SESSION.unreported(listed[0])), MODULES["sessions"]))
            raise variant("V4", "b", "the list of sessions leaves out %s; a session read alone reports them (the "
                                     "collection reads a session alone when it needs them)" % ", ".join(
                                         SESSION.by_option[o].api for o in self.left_out[0]))
        raise holds("every session listed reports active and syncrecord", "V4")

    def check_events(self):
        sessions = self.lookup.all(SESSION)
        if not sessions:
            raise skipped("no session, so no event to look at")
        chosen = [SESSION.id_of(s) for s in sessions[:5]]
        events = [e for listed in self.lookup.all_of_each(EVENT, chosen) for e in listed]
        if not events:
            raise skipped("no event in the first %d sessions" % len(chosen))
        check_shapes(EVENT, events, "events")

    def check_users(self):
        users = self.read_or_none(USER)
        if users is None:
            raise skipped("GET /apis/users needs the Administrator role; hmp_user and hmp_config's users need it too")
        check_shapes(USER, users, "users")

    def check_roles(self):
        roles = self.read_or_none(ROLE)
        if roles is None:
            raise skipped("GET /apis/roles needs the Administrator role")
        names = [ROLE.name_of(r) for r in roles]
        missing = [n for n in DEFAULT_ROLES if n not in names]
        users = self.read_or_none(USER) or []
        ids = set(ROLE.id_of(r) for r in roles)
        strangers = sorted(set(i for u in users for i in u.get("roles") or [] if i not in ids))
        if strangers:
            raise differs("users hold role ids that GET /apis/roles does not list (%s): their roles cannot be named. "
                          "Affected: %s" % (", ".join(strangers), MODULES["users"]))
        built_in = sorted(USER.name_of(u) for u in users if USER.name_of(u) in USER.built_in)
        detail = "%d roles (%s)%s; built-in accounts seen: %s" % (
            len(roles), ", ".join(names), "; not among them: %s" % ", ".join(missing) if missing else "",
            ", ".join(built_in) or "none")
        if all(is_uuid(ROLE.id_of(r)) for r in roles):
            raise variant("V5", "b", "role ids are UUIDs (the collection finds roles by name): " + detail)
        raise holds("role ids are short names: " + detail, "V5")

    def check_videos(self):
        videos = self.read_or_none(VIDEO)
        if videos is None:
            raise skipped("this account may not read videos")
        categories = self.read_or_none(CATEGORY) or []
        problems = ["category %r: no 'label'" % CATEGORY.id_of(c) for c in categories if "label" not in c]
        if problems:
            raise differs("; ".join(problems) + ". Affected: hmp_category_info, hmp_video_info")
        check_shapes(VIDEO, videos, "videos")

    def check_streams(self):
        streams = self.read_or_none(STREAM)
        if streams is None:
            raise skipped("GET /apis/streams needs the System - VIEW permission")
        problems = ["stream %r: no %s" % (s.get("id"), key) for s in streams for key in ("id", "asset", "state")
                    if key not in s]
        if problems:
            raise differs("; ".join(problems[:5]) + ". Affected: " + MODULES["streams"])
        raise holds("%d streams read, every one with id, asset and state" % len(streams))

    def check_recording_video(self):
        recordings = self.lookup.all(RECORDING)
        if not recordings:
            raise skipped("no recording in progress%s" % ("; the scratch session records one"
                                                          if self.params.get("scratch") else ""))
        self.observe_recording_video(recordings[0].get("id"))

    def observe_recording_video(self, recording_id):
        video = self.client.get_or_none(VIDEO.item(recording_id), VIDEO.not_found)
        if video is None:
            raise holds("recording %s has no video until it stops" % recording_id, "V3")
        if video.get("recording") is True:
            raise variant("V3", "b", "recording %s is already listed as a video with recording: true (the collection "
                                     "neither deletes nor streams such a video)" % recording_id)
        raise differs("recording %s is listed as a video without recording: true, so the collection cannot tell it "
                      "from a finished video. Affected: %s" % (recording_id, MODULES["videos"]))

    def check_devices(self):
        try:
            first, paging = self.page(DEVICE.collection(), 1, PAGE_SIZE)
        except HmpApiError as error:
            if error.status == 404 and error.code in DEVICE.empty_codes:
                raise holds("no set-top box registered (404 %s)" % error.code)
            raise
        boxes = self.lookup.all(DEVICE)
        if first and "hasMoreData" not in paging:
            raise differs("GET /apis/devices/stbs has no paging.hasMoreData (paging: %r); the collection reads one "
                          "page of boxes only. Affected: %s" % (paging, MODULES["devices"]))
        problems = ["box %r: no %s" % (DEVICE.id_of(b) or b.get("name"), key) for b in boxes
                    for key in ("_id", "name", "status") if key not in b]
        problems += ["box %r: status %r" % (b.get("name"), b.get("status")) for b in boxes
                     if b.get("status") not in ("Never", "Offline", "Warning", "Standby", "Online")]
        if problems:
            raise differs("; ".join(problems[:5]) + ". Affected: " + MODULES["devices"])
        raise holds("%d set-top boxes read, every one with _id, name and a documented status" % len(boxes))

    def find_box(self):
        reference = self.params.get("device")
        if not reference:
            return None
        return self.lookup.by_id(DEVICE, reference) or self.lookup.resolve(DEVICE, reference, "device")

    def check_device_commands(self):
        box = self.box
        if box is None:
            raise skipped("needs device: the name or id of a set-top box that may be muted and unmuted")
        if self.check_mode:
            raise skipped("check mode sends no command")
        box_id = DEVICE.id_of(box)
        muted = bool(box.get("muted"))
        commands = DEVICE.item(box_id) + "/commands"
        if box.get("status") not in ("Online", "Standby"):
            try:
                self.client.request("POST", commands, {"command": "unmute" if muted else "mute"})
            except HmpApiError as error:
                if error.status == 404 and "stream" in (error.message or "").lower():
                    raise variant("V7", "b", "an offline box answers 404 %r" % error.message)
                if error.status == 404:
                    raise holds("an offline box answers 404 %r" % error.message, "V7")
                raise
            raise differs("box %r is %s and HMP accepted a command for it" % (box.get("name"), box.get("status")))
        waited = self.flip(commands, box_id, "unmute" if muted else "mute", not muted)
        self.flip(commands, box_id, "mute" if muted else "unmute", muted)
        if waited is None:
            raise differs("box %r did not report muted as commanded within %d s. Affected: %s"
                          % (box.get("name"), self.params.get("settle_timeout", 15), MODULES["devices"]))
        if waited == 0:
            raise holds("box %r reports a command at once" % box.get("name"), "V7")
        raise variant("V7", "b", "box %r reports a command %.1f s after it was accepted (hmp_device waits for it)"
                      % (box.get("name"), waited))

    def flip(self, commands, box_id, command, muted):
        """Send ``command``; seconds until the box reports ``muted`` (0: at once), None when it never does."""
        self.client.request("POST", commands, {"command": command})
        started = time.monotonic()
        _box, late = settle(self.client, box_id, {"muted": muted}, self.params.get("settle_timeout", 15))
        spent = time.monotonic() - started
        return None if late else 0 if spent < 0.5 else spent

    # -- scratch lifecycle: the collection's own engine on objects of its own ----------------------
    def name(self, what):
        return "%s%s-%s" % (self.prefix, what, self.run_id)

    def ensure(self, resource, expect_change, what, **options):
        params = dict((f.option, None) for f in resource.fields)
        params.update(id=None, copy_from=None, state="present")
        if resource.rename:
            params[resource.rename] = None
        for field in resource.fields:
            if field.write_only:
                params["update_" + field.option] = "on_create"
        params.update(options)
        result = ensure(self.client, resource, params)
        if result["changed"] != expect_change:
            raise differs("%s: the %s reported %s where %s was expected. Affected: %s" % (
                what, resource.name, "a change" if result["changed"] else "no change",
                "a change" if expect_change else "none (the task had run before)", MODULES[resource.plural]))
        return result[resource.name]

    def remember(self, resource, api_object, parent_id=None):
        self.made.append((resource, resource.id_of(api_object), resource.name_of(api_object), parent_id))

    def forget(self, resource, object_id):
        self.made = [m for m in self.made if not (m[0] is resource and m[1] == object_id)]

    def label(self, made):
        resource, object_id, name, _parent = made
        return "%s %r (id %s)" % (resource.name, name, object_id)

    def lifecycle(self, resource, name, create, update, kind):
        """Create, run again (no change), update, rename by id, read back: the object as it ends."""
        made = self.ensure(resource, True, "create", **dict(create, **{resource.identity: name}))
        self.remember(resource, made)
        self.ensure(resource, False, "the same task again", **dict(create, **{resource.identity: name}))
        self.ensure(resource, True, "an update", **dict(update, **{resource.identity: name}))
        renamed = name + "-renamed"
        after = self.ensure(resource, True, "a rename by id", id=resource.id_of(made), **{resource.identity: renamed})
        self.made[-1] = (resource, resource.id_of(made), renamed, None)
        back = Lookup(self.client).by_id(resource, resource.id_of(made))
        if back is None or resource.name_of(back) != renamed:
            raise differs("the renamed %s %r is not read back by id. Affected: %s"
                          % (resource.name, renamed, MODULES[kind]))
        return after

    def source_lifecycle(self):
        port = 20000 + secrets.randbelow(9000)
        udp = self.lifecycle(SOURCE, self.name("udp"), {"type": "udp", "multicast": False, "port": port},
                             {"description": "qualification run %s" % self.run_id}, "sources")
        passphrase = secrets.token_urlsafe(16)
        self.client.add_secret(passphrase)
        listener = {"type": "srt", "srt_mode": "listener", "port": port + 1, "latency": 200, "passphrase": passphrase}
        srt = self.lifecycle(SOURCE, self.name("srt"), listener, {"latency": 250}, "sources")
        self.scratch.update(udp=udp, srt=srt)
        raise holds("a UDP and an SRT source made, read back, made again without change, updated and renamed "
                    "through the collection's engine")

    def check_unknown_fields(self):
        body = {"name": self.name("probe"), "type": "UDP", "multicast": False, "port": 20000 + secrets.randbelow(9000),
                "ansibleQualifyProbe": True}
        try:
            made = Writer(self.client, False).send("POST", SOURCE.collection(), body)
        except HmpApiError as error:
            if error.status == 400:
                raise holds("a body with an unknown field is refused: %s" % error.message, "V6")
            raise
        self.remember(SOURCE, made or {"id": None, "name": body["name"]})
        raise variant("V6", "b", "a body with an unknown field is taken and the field ignored (the collection sends "
                                 "only the fields the server reports)")

    def check_put_semantics(self):
        udp = self.scratch.get("udp")
        if udp is None:
            raise skipped("no scratch UDP source (see source_lifecycle)")
        item = SOURCE.item(SOURCE.id_of(udp))
        current = self.client.get(item)
        body = SOURCE.to_api(SOURCE.to_options(current), current=current)
        kept = body.pop("description", None)
        if not kept:
            raise skipped("the scratch source has no description to leave out")
        self.client.request("PUT", item, body)
        after = self.client.get(item)
        if after.get("description") == kept:
            raise variant("V8", "b", "a field left out of a PUT keeps its value (the collection always sends the "
                                     "whole object)")
        raise holds("a field left out of a PUT is reset (%r became %r); the collection always sends the whole object"
                    % (kept, after.get("description")), "V8")

    def session_lifecycle(self):
        udp, srt = self.scratch.get("udp"), self.scratch.get("srt")
        if udp is None or srt is None:
            raise skipped("no scratch sources (see source_lifecycle)")
        title = self.name("session")
        answer = Writer(self.client, False).send("POST", SESSION.collection(), {"title": title, "description": ""})
        self.remember(SESSION, answer)
        left_out = [SESSION.by_option[o].api for o in SESSION.unreported(answer)]
        sources = [SOURCE.id_of(udp), SOURCE.id_of(srt)]
        self.ensure(SESSION, True, "adding sources", id=SESSION.id_of(answer), title=title, sources=sources,
                    sync_record=False, description="qualification run %s" % self.run_id)
        self.ensure(SESSION, False, "the same task again", title=title, sources=sources, sync_record=False)
        session = self.ensure(SESSION, True, "removing a source", title=title, sources=sources[:1])
        if session.get("sources") != sources[:1]:
            raise differs("the session lists sources %r after the change, not %r"
                          % (session.get("sources"), sources[:1]))
        self.scratch["session"] = session
        note = ""
        if left_out:
            self.variants["V4"] = "b"
            note = "; its create answer leaves out %s (the collection reads a session alone when it needs them)" % (
                ", ".join(left_out))
        self.record_scratch_video(session)
        raise holds("a session made, given two sources, made again without change, then given one%s" % note)

    def record_scratch_video(self, session):
        """Record the scratch session for a moment: V3 is seen while it records, the video is removed."""
        if self.results.get("recording_video", {}).get("status") != SKIPPED:
            return
        session_id = SESSION.id_of(session)
        try:
            recording = Writer(self.client, False).send("POST", RECORDING.collection(session_id), {})
        except HmpApiError as error:
            self.results["recording_video"] = self.entry("recording_video", skipped(
                "the server would not record the scratch session: %s" % error))
            return
        recording_id = (recording or {}).get("id")
        self.made.append((VIDEO, recording_id, "recording of %s" % SESSION.name_of(session), None))
        try:
            self.observe_recording_video(recording_id)
        except Outcome as outcome:
            self.results["recording_video"] = self.entry("recording_video", outcome)
        finally:
            Writer(self.client, False).send("DELETE", RECORDING.item(recording_id))
        video = self.client.get_or_none(VIDEO.item(recording_id), VIDEO.not_found)
        if video is None:
            self.results["recording_video"] = self.entry("recording_video", differs(
                "recording %s stopped, and no video has its id: hmp_recording returns the recording id as the video's. "
                "Affected: %s" % (recording_id, MODULES["recordings"])))

    def event_lifecycle(self):
        session = self.scratch.get("session")
        if session is None:
            raise skipped("no scratch session (see session_lifecycle)")
        start = (int(time.time()) // 3600 + 24 * 60) * 3600  # sixty days ahead, on the hour
        options = {"session": SESSION.id_of(session), "start_time": start, "duration": 3600, "recurrence": "weekly",
                   "days": ["MON", "WED"], "action": "record", "enabled": False}
        event = self.ensure(EVENT, True, "create", **options)
        self.remember(EVENT, event, SESSION.id_of(session))
        self.ensure(EVENT, False, "the same task again", **options)
        longer, gone = dict(options), dict(options)
        longer["duration"], gone["state"] = 5400, "absent"
        self.ensure(EVENT, True, "an update", **longer)
        self.ensure(EVENT, True, "a delete", **gone)
        self.forget(EVENT, EVENT.id_of(event))
        when = "%s @ %s" % (SESSION.name_of(session), iso_utc(start))
        self.removed.append(self.label((EVENT, EVENT.id_of(event), when, None)))
        if Lookup(self.client).all(EVENT, SESSION.id_of(session)):
            raise differs("the scratch event is still listed after DELETE. Affected: %s" % MODULES["events"])
        raise holds("a weekly event made, made again without change, updated and deleted")

    def user_lifecycle(self):
        if not self.who.get("admin"):
            raise skipped("user administration needs the Administrator role")
        password = secrets.token_urlsafe(18)
        self.client.add_secret(password)
        username = self.name("user")
        user = self.ensure(USER, True, "create", username=username, password=password, roles=["Viewer"],
                           display_name="Qualification %s" % self.run_id)
        self.remember(USER, user)
        self.ensure(USER, False, "the same task again", username=username, roles=["Viewer"])
        self.ensure(USER, True, "an update", username=username, display_name="Qualification %s (2)" % self.run_id)
        password = secrets.token_urlsafe(18)
        self.client.add_secret(password)
        self.ensure(USER, True, "a new password", username=username, password=password, update_password="always")
        self.scratch["user"] = (username, password)
        raise holds("a Viewer made, made again without change, renamed for display and given a new password")

    def check_permissions(self):
        account = self.scratch.get("user")
        if account is None or self.connect is None:
            raise skipped("needs the scratch user (see user_lifecycle)")
        with self.connect(*account) as viewer:
            title = self.name("viewer-session")
            try:
                made = viewer.request("POST", SESSION.collection(), {"title": title, "description": ""})
            except HmpApiError as error:
                if error.status == 403:
                    raise holds("a Viewer may not create a session (403)", "V9")
                raise
            self.remember(SESSION, made or {"id": None, "title": title})
            raise variant("V9", "b", "a Viewer may create a session of its own (OWN rights); the collection's writes "
                                     "then depend on who owns each object, and a refusal is a 403 it reports")

    # -- removing what was made ------------------------------------------------------------------
    def remove_scratch(self):
        writer = Writer(self.client, False)
        for made in reversed(self.made):
            resource, object_id, _name, parent_id = made
            if object_id is None:
                self.left.append(self.label(made))
                continue
            try:
                if resource is SESSION:
                    self.stop_recordings(object_id)
                writer.send("DELETE", resource.item(object_id, parent_id))
                self.removed.append(self.label(made))
            except HmpApiError as error:
                if error.status == 404:
                    self.removed.append(self.label(made))
                else:
                    self.left.append("%s: %s" % (self.label(made), error))
        self.made = []
        if self.left:
            raise differs("left on the server: %s; run again with cleanup: true" % "; ".join(self.left))
        raise holds("removed: %s" % (", ".join(self.removed) or "nothing was made"))

    def stop_recordings(self, session_id):
        for recording in self.client.list(RECORDING.collection(session_id)):
            Writer(self.client, False).send("DELETE", RECORDING.item(recording.get("id")))

    def clean_leftovers(self):
        """Every source, session, video and user whose name starts with the prefix (and nothing else). The
        recordings of such sessions are stopped first: the videos they become are found with the others."""
        lookup = self.lookup
        if not self.check_mode:
            for session in self.named_by_prefix(lookup, SESSION):
                self.stop_recordings(SESSION.id_of(session))
            lookup = Lookup(self.client)
        found = [(resource, resource.id_of(o), resource.name_of(o), None) for resource in (SESSION, VIDEO, SOURCE, USER)
                 for o in self.named_by_prefix(lookup, resource)]
        if self.check_mode:
            raise holds("would remove: %s" % (", ".join(self.label(m) for m in found) or "nothing"))
        self.made = list(reversed(found))
        self.cleaned = bool(found)
        self.remove_scratch()

    def named_by_prefix(self, lookup, resource):
        try:
            listed = lookup.all(resource)
        except HmpApiError as error:
            if error.status == 403:
                return []
            raise
        return [o for o in listed if str(resource.name_of(o) or "").startswith(self.prefix)]


def qualify(client, params, check_mode=False, connect=None):
    prefix = params.get("scratch_prefix")
    if prefix is not None and len(prefix.strip()) < 3:
        raise InvalidValue("scratch_prefix: %r is too short: the scratch objects and cleanup are found by it, so it "
                           "needs at least 3 characters" % prefix)
    return Qualification(client, params, check_mode, connect).run()


def connector(client):
    """A function that logs in to the same server as ``client`` with another account."""
    def connect(username, password):
        other = HmpClient(client.url, username=username, password=password, timeout=client.timeout,
                          retries=client.retries, backoff=client.backoff, sleep=client.sleep)
        other.verify = client.verify
        other.secrets |= client.secrets
        return other
    return connect
