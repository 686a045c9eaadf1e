# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""hmp_qualify: what a check is given and what it gives back.

A check is a function of one ``Run``, the context every check of one qualification shares: the client, the
task's options, the reads done so far, the products of other checks (the scratch sources, the scratch session,
...) and the ledger of scratch objects. It returns (or raises, from anywhere in it) one ``Outcome``: a status,
a detail, and the variants (V1 to V10) it observed. A check never sees another check's outcome: what it needs
from another check is a ``Product``, which the registry (``_qualify.py``) declares, and without which the
check is skipped, saying why.
"""

from __future__ import annotations

import uuid

from ansible_collections.haivision.hmp.plugins.module_utils.engine._client import HmpApiError
from ansible_collections.haivision.hmp.plugins.module_utils.engine._lookup import Lookup

HOLDS, VARIANT, DIFFERS, SKIPPED = "holds", "variant", "differs", "skipped"
OUTCOMES = (HOLDS, VARIANT, DIFFERS, SKIPPED)
VARIANTS = ("V1", "V2", "V3", "V4", "V5", "V6", "V7", "V8", "V9", "V10")
DEFAULT_PREFIX = "ansible-qualify-"

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


# -- outcomes --------------------------------------------------------------------------------------

class Outcome(Exception):
    """How a check ends: returned, or raised from anywhere in it. ``observed``: {variant: letter}."""

    def __init__(self, status, detail, observed=None):
        super(Outcome, self).__init__(detail)
        if status not in OUTCOMES:
            raise ValueError("unknown status %r" % status)
        self.status = status
        self.detail = detail
        self.observed = {}
        for name, letter in (observed or {}).items():
            self.observing(name, letter)

    def observing(self, name, letter):
        """This outcome also observed reading ``letter`` of variant ``name``; returns the outcome."""
        if name not in VARIANTS:
            raise ValueError("unknown variant %r" % name)
        self.observed[name] = letter
        return self


def holds(detail, variant=None):
    """The reading the collection was built on (reading ``a`` of ``variant``, when one is observed)."""
    return Outcome(HOLDS, detail, {variant: "a"} if variant else None)


def variant(name, letter, detail):
    return Outcome(VARIANT, detail, {name: letter})


def differs(detail):
    return Outcome(DIFFERS, detail)


def skipped(why):
    return Outcome(SKIPPED, why)


# -- what a check needs ----------------------------------------------------------------------------

class Need(object):
    """A condition a check needs to run: ``met(run)``, and ``why`` (a text, or a function of the run) for the
    detail of the check skipped without it. ``requires``: the products ``met`` reads."""

    def __init__(self, name, met, why, requires=()):
        self.name = name
        self.met = met
        self._why = why
        self.requires = tuple(requires)

    def why(self, run):
        return self._why(run) if callable(self._why) else self._why

    def __repr__(self):
        return "<need %s>" % self.name


class Product(Need):
    """What one check makes for others (``Run.make``): the check that makes it is declared in the registry."""

    def __init__(self, name, what):
        super(Product, self).__init__(name, lambda run: name in run.products,
                                      lambda run: "no %s (see %s)" % (what, run.makers.get(name, "?")))
        self.what = what

    def __repr__(self):
        return "<product %s>" % self.name


SERVER = Product("server", "reading of the server and the account")
SCRATCH_SOURCES = Product("scratch_sources", "scratch sources")
SCRATCH_SESSION = Product("scratch_session", "scratch session")
SCRATCH_USER = Product("scratch_user", "scratch user")

SCRATCH = Need("scratch", lambda run: run.writes,
               lambda run: "check mode sends no write" if run.params.get("scratch")
               else "needs scratch: true (writes objects of its own, then removes them)")
DEVICE = Need("device", lambda run: run.box is not None,
              "needs device: the name or id of a set-top box that may be muted and unmuted")
COMMANDS = Need("commands", lambda run: not run.check_mode, "check mode sends no command")
ADMINISTRATOR = Need("administrator", lambda run: bool(run.products.get(SERVER.name, {}).get("admin")),
                     "user administration needs the Administrator role", requires=(SERVER,))


# -- the run ---------------------------------------------------------------------------------------

class Ledger(object):
    """Every scratch object made, in order, as (resource, id, name, parent id); what was removed and left."""

    def __init__(self):
        self.made = []
        self.removed = []
        self.left = []
        self.cleaned = False  # cleanup: true removed leftovers of an earlier run

    def remember(self, resource, api_object, parent_id=None):
        self.made.append((resource, resource.id_of(api_object), resource.name_of(api_object), parent_id))

    def add(self, resource, object_id, name, parent_id=None):
        self.made.append((resource, object_id, name, parent_id))

    def renamed(self, resource, object_id, name):
        self.made = [(r, i, name if (r is resource and i == object_id) else n, p) for r, i, n, p in self.made]

    def gone(self, resource, object_id, name):
        """Removed by the check that made it (an event deleted by its lifecycle)."""
        self.made = [m for m in self.made if not (m[0] is resource and m[1] == object_id)]
        self.removed.append(label((resource, object_id, name, None)))

    def view(self, prefix):
        return {"prefix": prefix, "made": [label(m) for m in self.made], "removed": self.removed, "left": self.left}


def label(made):
    resource, object_id, name, _parent = made
    return "%s %r (id %s)" % (resource.name, name, object_id)


class Run(object):
    """What the checks of one qualification share. ``connect(username, password)``: a new client to the same
    server, logged in as another account (the permissions check)."""

    def __init__(self, client, params, check_mode=False, connect=None):
        self.client = client
        self.params = params
        self.check_mode = check_mode
        self.connect = connect
        self.lookup = Lookup(client)  # each collection read once, for every read-only check
        self.prefix = params.get("scratch_prefix") or DEFAULT_PREFIX
        self.run_id = uuid.uuid4().hex[:8]
        self.box = None  # the set-top box the device option names
        self.products = {}
        self.makers = {}  # product name -> the id of the check that makes it (from the registry)
        self.ledger = Ledger()
        self.running = None  # the check that runs now

    @property
    def writes(self):
        """Whether scratch objects are made: scratch, outside check mode."""
        return bool(self.params.get("scratch")) and not self.check_mode

    def name(self, what):
        return "%s%s-%s" % (self.prefix, what, self.run_id)

    def make(self, product, value):
        """The running check made ``product``: the checks that need it may run."""
        if self.running is not None and product not in self.running.makes:
            raise ValueError("check %s makes %r, which it does not declare" % (self.running.id, product))
        self.products[product.name] = value

    def product(self, product):
        return self.products.get(product.name)

    def listed(self, resource, parent_id=None):
        """The objects of ``resource`` as listed (read once per run)."""
        return list(self.lookup.all(resource, parent_id))

    def listed_or_none(self, resource):
        """``listed``, or None when the account may not read ``resource`` (403)."""
        try:
            return self.listed(resource)
        except HmpApiError as error:
            if error.status == 403:
                return None
            raise
