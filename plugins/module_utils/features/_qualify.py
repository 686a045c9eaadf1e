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

The checks are one registry, ``CHECKS``, each declared once: its id (stable: reports and the contract cite
it), its title, what it needs (``_qualify_context.py``: a condition such as ``scratch``, or a product another
check makes), what it makes for others, and its function (``_qualify_probes.py``, ``_qualify_scratch.py``).
The registry's order is the report's order. The checks run in that order, except that a check runs after the
checks that make what it needs or uses (``recording_video`` uses the scratch session, to record it when no
recording is in progress), and ``final`` checks (cleanup) run last, also when a check failed unexpectedly.
The report's ``variants`` come from every outcome: for each variant, the letter of the first check in the
report that observed it; a later check that observed another letter says so in its detail.
"""

from __future__ import annotations

from ansible_collections.haivision.hmp.plugins.module_utils.engine._client import HmpApiError
from ansible_collections.haivision.hmp.plugins.module_utils.engine._schema import InvalidValue
from ansible_collections.haivision.hmp.plugins.module_utils.features import _qualify_probes as probes
from ansible_collections.haivision.hmp.plugins.module_utils.features import _qualify_scratch as scratch
from ansible_collections.haivision.hmp.plugins.module_utils.features._qualify_context import (
    ADMINISTRATOR, COMMANDS, DEVICE, SCRATCH, SCRATCH_SESSION, SCRATCH_SOURCES, SCRATCH_USER, SERVER, OUTCOMES,
    VARIANTS, Outcome, Product, Run, differs, skipped)


class Check(object):
    """One check of the registry. ``needs``: the conditions and products without which it is skipped (the
    first one missing says why); ``uses``: products it reads when they exist; ``makes``: the products it
    makes (``Run.make``); ``final``: it runs last, also after an unexpected failure."""

    def __init__(self, check_id, title, function, needs=(), uses=(), makes=(), final=False):
        self.id = check_id
        self.title = title
        self.function = function
        self.needs = tuple(needs)
        self.uses = tuple(uses)
        self.makes = tuple(makes)
        self.final = final

    @property
    def products(self):
        """Every product this check reads: those it needs or uses, and those its conditions read."""
        read = [n for need in self.needs for n in need.requires + (need,)] + list(self.uses)
        return tuple(n for n in read if isinstance(n, Product))

    def __repr__(self):
        return "<check %s>" % self.id


CHECKS = (
    Check("login", "Log in, and the server says who is logged in", probes.login, makes=(SERVER,)),
    Check("version", "The server runs a release the collection was checked against (3.8 to 4.1.1)", probes.version,
          needs=(SERVER,)),
    Check("login_expiry", "What a request under an ended login answers (V10)", probes.login_expiry),
    Check("paging", "Collections are paged as the collection reads them (V1)", probes.paging),
    Check("empty_list", "An empty collection reads as empty (V2)", probes.empty_list),
    Check("not_found_codes", "A missing object is a 404 with its documented code", probes.not_found_codes),
    Check("sources", "Sources carry the fields the collection compares", probes.sources),
    Check("sessions", "Sessions carry the fields the collection compares", probes.sessions),
    Check("session_fields", "Sessions report active and syncrecord (V4)", probes.session_fields),
    Check("events", "Events of sessions carry the fields the collection compares", probes.events),
    Check("users", "Users carry the fields the collection compares", probes.users),
    Check("roles", "Roles are found by name (V5)", probes.roles),
    Check("videos", "Videos and categories carry the fields the collection reads", probes.videos),
    Check("streams", "Streams carry the fields the collection compares", probes.streams),
    Check("recording_video", "A recording and its video (V3)", probes.recording_video, uses=(SCRATCH_SESSION,)),
    Check("devices", "Set-top boxes carry the fields the collection compares", probes.devices),
    Check("device_commands", "Set-top box commands take effect (V7)", probes.device_commands,
          needs=(DEVICE, COMMANDS)),
    Check("source_lifecycle", "Scratch sources: create, read back, update, rename, delete", scratch.source_lifecycle,
          needs=(SCRATCH,), makes=(SCRATCH_SOURCES,)),
    Check("unknown_fields", "A field the server does not know (V6)", scratch.unknown_fields, needs=(SCRATCH,)),
    Check("put_semantics", "An update that leaves a field out (V8)", scratch.put_semantics,
          needs=(SCRATCH, SCRATCH_SOURCES)),
    Check("session_lifecycle", "A scratch session: create, sources, update, delete", scratch.session_lifecycle,
          needs=(SCRATCH, SCRATCH_SOURCES), makes=(SCRATCH_SESSION,)),
    Check("event_lifecycle", "A scratch weekly event: create, update, delete", scratch.event_lifecycle,
          needs=(SCRATCH, SCRATCH_SESSION)),
    Check("user_lifecycle", "A scratch user: create, roles, password, delete", scratch.user_lifecycle,
          needs=(SCRATCH, ADMINISTRATOR), makes=(SCRATCH_USER,)),
    Check("permissions", "What a Viewer may do (V9)", scratch.permissions, needs=(SCRATCH, SCRATCH_USER)),
    Check("cleanup", "Every scratch object is removed", scratch.cleanup, final=True),
)
TITLES = dict((check.id, check.title) for check in CHECKS)


# -- the order of a run ----------------------------------------------------------------------------

def makers(checks):
    """{product name: the id of the one check that makes it}."""
    found = {}
    for check in checks:
        for product in check.makes:
            if product.name in found:
                raise ValueError("%s and %s both make %s" % (found[product.name], check.id, product.name))
            found[product.name] = check.id
    return found


def run_order(checks):
    """The checks in the order they run: the registry's, except that a check waits for the checks that make
    the products it reads; final checks last. A product no check makes, or a cycle, is an error."""
    made_by = makers(checks)
    for check in checks:
        for product in check.products:
            if product.name not in made_by or made_by[product.name] == check.id:
                raise ValueError("check %s reads %s, which no other check makes" % (check.id, product.name))
    order, done = [], set()
    pending = [c for c in checks if not c.final]
    while pending:
        ready = next((c for c in pending if all(made_by[p.name] in done for p in c.products)), None)
        if ready is None:
            raise ValueError("checks wait for each other: %s" % ", ".join(c.id for c in pending))
        order.append(ready)
        done.add(ready.id)
        pending.remove(ready)
    finals = [c for c in checks if c.final]
    if any(c.makes for c in finals):
        raise ValueError("a final check makes nothing for others: %s" % ", ".join(c.id for c in finals if c.makes))
    return order + finals


# -- running ---------------------------------------------------------------------------------------

def unmet(run, check):
    """The first need of ``check`` that ``run`` does not meet (a condition's products first), or None."""
    for need in check.needs:
        for one in need.requires + (need,):
            if not one.met(run):
                return one
    return None


def attempt(run, check):
    """The outcome of one check: skipped when a need is unmet, else what its function returns or raises."""
    missing = unmet(run, check)
    if missing is not None:
        return skipped(missing.why(run))
    run.running = check
    try:
        outcome = check.function(run)
    except Outcome as ended:
        outcome = ended
    except InvalidValue as error:
        outcome = differs("the collection refused: %s" % error)
    except HmpApiError as error:
        outcome = skipped(str(error)) if error.status == 403 else differs(str(error))
    finally:
        run.running = None
    if not isinstance(outcome, Outcome):
        outcome = skipped("the check ended without a result")
    return outcome


def run_checks(run, checks=CHECKS):
    """{check id: outcome} of every check of ``checks``, run in ``run_order``."""
    run.makers = makers(checks)
    ordered = run_order(checks)
    outcomes = {}
    try:
        for check in ordered:
            if not check.final:
                outcomes[check.id] = attempt(run, check)
    finally:
        for check in ordered:
            if check.final:
                outcomes[check.id] = attempt(run, check)
    return outcomes


# -- the report ------------------------------------------------------------------------------------

def observed_variants(checks, outcomes):
    """The report's variants ({V1..V9: letter or None}), from every outcome: for each, the letter of the first
    check in ``checks`` that observed it. Also {check id: note}: a check that observed another letter says so."""
    variants, seen_by, notes = dict((v, None) for v in VARIANTS), {}, {}
    for check in checks:
        observed = outcomes[check.id].observed
        for name in sorted(observed):
            if variants[name] is None:
                variants[name], seen_by[name] = observed[name], check.id
            elif observed[name] != variants[name]:
                notes[check.id] = notes.get(check.id, "") + (
                    " (%s: this check saw reading %s; the report gives %s, which %s saw first)"
                    % (name, observed[name], variants[name], seen_by[name]))
    return variants, notes


def report(run, checks, outcomes):
    """The module's result: the checks in the registry's order, the summary, the variants, the server and the
    scratch objects."""
    ran = [c for c in checks if c.id in outcomes]
    variants, notes = observed_variants(ran, outcomes)
    entries = [{"id": c.id, "title": c.title, "status": outcomes[c.id].status,
                "detail": outcomes[c.id].detail + notes.get(c.id, "")} for c in ran]
    summary = dict((s, sum(1 for e in entries if e["status"] == s)) for s in OUTCOMES)
    ledger = run.ledger
    return {"changed": ledger.cleaned or bool(ledger.left), "checks": entries, "summary": summary,
            "variants": variants, "server": run.product(SERVER) or {}, "scratch": ledger.view(run.prefix)}


def qualify(client, params, check_mode=False, connect=None, checks=CHECKS):
    """One qualification of the server ``client`` reaches; the module's result. ``connect(username, password)``:
    a client to the same server logged in as another account (for the permissions check)."""
    prefix = params.get("scratch_prefix")
    if prefix is not None and len(prefix.strip()) < 3:
        raise InvalidValue("scratch_prefix: %r is too short: the scratch objects and cleanup are found by it, so it "
                           "needs at least 3 characters" % prefix)
    run = Run(client, params, check_mode, connect)
    client.login()  # wrong credentials or no answer: the task fails here, as every module does
    run.box = probes.find_box(run)  # a device option that names no box, or several, fails here too
    return report(run, checks, run_checks(run, checks))
