# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""hmp_qualify's scratch lifecycles and cleanup: the collection's own engine (``ensure``, the recording
planner) run on objects whose names start with the scratch prefix, each check a function of one ``Run`` (see
``_qualify_context.py``). Every object made joins the run's ledger, which ``cleanup`` empties, also when a
check fails.
"""

from __future__ import annotations

import secrets
import time

from ansible_collections.haivision.hmp.plugins.module_utils.engine._client import HmpApiError
from ansible_collections.haivision.hmp.plugins.module_utils.engine._lookup import Lookup
from ansible_collections.haivision.hmp.plugins.module_utils.engine._operations import run as run_steps
from ansible_collections.haivision.hmp.plugins.module_utils.engine._reconcile import ensure
from ansible_collections.haivision.hmp.plugins.module_utils.engine._values import iso_utc
from ansible_collections.haivision.hmp.plugins.module_utils.engine._writer import Writer
from ansible_collections.haivision.hmp.plugins.module_utils.features._qualify_context import (
    MODULES, SCRATCH_SESSION, SCRATCH_SOURCES, SCRATCH_USER, differs, holds, label, skipped, variant)
from ansible_collections.haivision.hmp.plugins.module_utils.features._recording import recording_change
from ansible_collections.haivision.hmp.plugins.module_utils._resources import EVENT, RECORDING, SESSION, SOURCE, USER, VIDEO


# -- the engine, as a task runs it -------------------------------------------------------------------

def ensured(run, resource, expect_change, what, **options):
    """One task of the collection's engine (the options a task sets, and nothing else): the object after it.
    ``differs`` when it reports a change where none was expected, or none where one was."""
    result = ensure(run.client, resource, options, run.check_mode)
    if result["changed"] != expect_change:
        raise differs("%s: the %s reported %s where %s was expected. Affected: %s" % (
            what, resource.name, "a change" if result["changed"] else "no change",
            "a change" if expect_change else "none (the task had run before)", MODULES[resource.plural]))
    return result[resource.name]


def lifecycle(run, resource, name, create, update, kind):
    """Create, run again (no change), update, rename by id, read back: the object as it ends."""
    made = ensured(run, resource, True, "create", **dict(create, **{resource.identity: name}))
    run.ledger.remember(resource, made)
    ensured(run, resource, False, "the same task again", **dict(create, **{resource.identity: name}))
    ensured(run, resource, True, "an update", **dict(update, **{resource.identity: name}))
    renamed = name + "-renamed"
    after = ensured(run, resource, True, "a rename by id", id=resource.id_of(made), **{resource.identity: renamed})
    run.ledger.renamed(resource, resource.id_of(made), renamed)
    back = Lookup(run.client).by_id(resource, resource.id_of(made))
    if back is None or resource.name_of(back) != renamed:
        raise differs("the renamed %s %r is not read back by id. Affected: %s" % (resource.name, renamed, MODULES[kind]))
    return after


# -- sources ---------------------------------------------------------------------------------------

def source_lifecycle(run):
    """Makes SCRATCH_SOURCES: {"udp": a UDP source, "srt": an SRT listener}, both renamed."""
    port = 20000 + secrets.randbelow(9000)
    udp = lifecycle(run, SOURCE, run.name("udp"), {"type": "udp", "multicast": False, "port": port},
                    {"description": "qualification run %s" % run.run_id}, "sources")
    passphrase = secrets.token_urlsafe(16)
    run.client.add_secret(passphrase)
    listener = {"type": "srt", "srt_mode": "listener", "port": port + 1, "latency": 200, "passphrase": passphrase}
    srt = lifecycle(run, SOURCE, run.name("srt"), listener, {"latency": 250}, "sources")
    run.make(SCRATCH_SOURCES, {"udp": udp, "srt": srt})
    return holds("a UDP and an SRT source made, read back, made again without change, updated and renamed "
                 "through the collection's engine")


def unknown_fields(run):
    body = {"name": run.name("probe"), "type": "UDP", "multicast": False, "port": 20000 + secrets.randbelow(9000),
            "ansibleQualifyProbe": True}
    try:
        made = Writer(run.client, run.check_mode).send("POST", SOURCE.collection(), body)
    except HmpApiError as error:
        if error.status == 400:
            return holds("a body with an unknown field is refused: %s" % error.message, "V6")
        raise
    run.ledger.remember(SOURCE, made or {"id": None, "name": body["name"]})
    return variant("V6", "b", "a body with an unknown field is taken and the field ignored (the collection sends "
                              "only the fields the server reports)")


def put_semantics(run):
    item = SOURCE.item(SOURCE.id_of(run.product(SCRATCH_SOURCES)["udp"]))
    current = run.client.get(item)
    body = SOURCE.to_api(SOURCE.to_options(current), current=current)
    kept = body.pop("description", None)
    if not kept:
        return skipped("the scratch source has no description to leave out")
    Writer(run.client, run.check_mode).send("PUT", item, body)
    after = run.client.get(item)
    if after.get("description") == kept:
        return variant("V8", "b", "a field left out of a PUT keeps its value (the collection always sends the "
                                  "whole object)")
    return holds("a field left out of a PUT is reset (%r became %r); the collection always sends the whole object"
                 % (kept, after.get("description")), "V8")


# -- a session, its recording and its events -------------------------------------------------------

def session_lifecycle(run):
    """Makes SCRATCH_SESSION: a session with one scratch source. Observes V4 (b) when its create answer leaves
    out fields."""
    scratch = run.product(SCRATCH_SOURCES)
    title = run.name("session")
    answer = Writer(run.client, run.check_mode).send("POST", SESSION.collection(), {"title": title, "description": ""})
    run.ledger.remember(SESSION, answer)
    left_out = [SESSION.by_option[o].api for o in SESSION.unreported(answer)]
    ids = [SOURCE.id_of(scratch["udp"]), SOURCE.id_of(scratch["srt"])]
    ensured(run, SESSION, True, "adding sources", id=SESSION.id_of(answer), title=title, sources=ids,
            sync_record=False, description="qualification run %s" % run.run_id)
    ensured(run, SESSION, False, "the same task again", title=title, sources=ids, sync_record=False)
    session = ensured(run, SESSION, True, "removing a source", title=title, sources=ids[:1])
    if session.get("sources") != ids[:1]:
        return differs("the session lists sources %r after the change, not %r" % (session.get("sources"), ids[:1]))
    run.make(SCRATCH_SESSION, session)
    done = "a session made, given two sources, made again without change, then given one"
    if left_out:
        return holds("%s; its create answer leaves out %s (the collection reads a session alone when it needs "
                     "them)" % (done, ", ".join(left_out))).observing("V4", "b")
    return holds(done)


def while_recording(run, session, observe):
    """Record the scratch ``session`` a moment through the recording planner: ``observe(run, recording id)``,
    while it records, is the outcome; then the recording stops, and a video must have its id (it joins the
    scratch objects)."""
    try:
        started = run_steps(run.client, recording_change(session, [], "recording").steps, run.check_mode)
    except HmpApiError as error:
        return skipped("the server would not record the scratch session: %s" % error)
    recording_id = started.made
    run.ledger.add(VIDEO, recording_id, "recording of %s" % SESSION.name_of(session))
    try:
        outcome = observe(run, recording_id)
    finally:
        stop_recordings(run, SESSION.id_of(session), SESSION.name_of(session))
    if run.client.get_or_none(VIDEO.item(recording_id), VIDEO.not_found) is None:
        return differs("recording %s stopped, and no video has its id: hmp_recording returns the recording id as the "
                       "video's. Affected: %s" % (recording_id, MODULES["recordings"]))
    return outcome


def stop_recordings(run, session_id, title):
    """Stop every recording of a scratch session, through the recording planner."""
    session = {"id": session_id, "title": title}
    change = recording_change(session, Lookup(run.client).all(RECORDING, session_id), "stopped")
    run_steps(run.client, change.steps, run.check_mode)


def event_lifecycle(run):
    session = run.product(SCRATCH_SESSION)
    session_id = SESSION.id_of(session)
    start = (int(time.time()) // 3600 + 24 * 60) * 3600  # sixty days ahead, on the hour
    options = {"session": session_id, "start_time": start, "duration": 3600, "recurrence": "weekly",
               "days": ["MON", "WED"], "action": "record", "enabled": False}
    event = ensured(run, EVENT, True, "create", **options)
    run.ledger.remember(EVENT, event, session_id)
    ensured(run, EVENT, False, "the same task again", **options)
    longer, gone = dict(options), dict(options)
    longer["duration"], gone["state"] = 5400, "absent"
    ensured(run, EVENT, True, "an update", **longer)
    ensured(run, EVENT, True, "a delete", **gone)
    run.ledger.gone(EVENT, EVENT.id_of(event), "%s @ %s" % (SESSION.name_of(session), iso_utc(start)))
    if Lookup(run.client).all(EVENT, session_id):
        return differs("the scratch event is still listed after DELETE. Affected: %s" % MODULES["events"])
    return holds("a weekly event made, made again without change, updated and deleted")


# -- a user, and what it may do --------------------------------------------------------------------

def user_lifecycle(run):
    """Makes SCRATCH_USER: (username, password) of a scratch Viewer."""
    password = secrets.token_urlsafe(18)
    run.client.add_secret(password)
    username = run.name("user")
    user = ensured(run, USER, True, "create", username=username, password=password, roles=["Viewer"],
                   display_name="Qualification %s" % run.run_id)
    run.ledger.remember(USER, user)
    ensured(run, USER, False, "the same task again", username=username, roles=["Viewer"])
    ensured(run, USER, True, "an update", username=username, display_name="Qualification %s (2)" % run.run_id)
    password = secrets.token_urlsafe(18)
    run.client.add_secret(password)
    ensured(run, USER, True, "a new password", username=username, password=password, update_password="always")
    run.make(SCRATCH_USER, (username, password))
    return holds("a Viewer made, made again without change, renamed for display and given a new password")


def permissions(run):
    if run.connect is None:
        return skipped("this run cannot log in as another account")
    with run.connect(*run.product(SCRATCH_USER)) as viewer:
        title = run.name("viewer-session")
        try:
            made = Writer(viewer, run.check_mode).send("POST", SESSION.collection(), {"title": title, "description": ""})
        except HmpApiError as error:
            if error.status == 403:
                return holds("a Viewer may not create a session (403)", "V9")
            raise
        run.ledger.remember(SESSION, made or {"id": None, "title": title})
        return variant("V9", "b", "a Viewer may create a session of its own (OWN rights); the collection's writes "
                                  "then depend on who owns each object, and a refusal is a 403 it reports")


# -- removing what was made ------------------------------------------------------------------------

def cleanup(run):
    """Scratch: remove what the run made. Otherwise, with cleanup: true, what an interrupted run left."""
    if run.writes:
        return remove_scratch(run)
    if run.params.get("cleanup"):
        return clean_leftovers(run)
    return skipped("nothing made; cleanup: true removes what an interrupted run left")


def remove_scratch(run):
    ledger, writer = run.ledger, Writer(run.client, run.check_mode)
    for made in reversed(ledger.made):
        resource, object_id, name, parent_id = made
        if object_id is None:
            ledger.left.append(label(made))
            continue
        try:
            if resource is SESSION:
                stop_recordings(run, object_id, name)
            writer.send("DELETE", resource.item(object_id, parent_id))
            ledger.removed.append(label(made))
        except HmpApiError as error:
            if error.status == 404:
                ledger.removed.append(label(made))
            else:
                ledger.left.append("%s: %s" % (label(made), error))
    ledger.made = []
    if ledger.left:
        return differs("left on the server: %s; run again with cleanup: true" % "; ".join(ledger.left))
    return holds("removed: %s" % (", ".join(ledger.removed) or "nothing was made"))


def clean_leftovers(run):
    """Every source, session, video and user whose name starts with the prefix (and nothing else). The
    recordings of such sessions are stopped first: the videos they become are found with the others."""
    lookup = run.lookup
    if not run.check_mode:
        for session in named_by_prefix(run, lookup, SESSION):
            stop_recordings(run, SESSION.id_of(session), SESSION.name_of(session))
        lookup = Lookup(run.client)
    found = [(resource, resource.id_of(o), resource.name_of(o), None) for resource in (SESSION, VIDEO, SOURCE, USER)
             for o in named_by_prefix(run, lookup, resource)]
    if run.check_mode:
        return holds("would remove: %s" % (", ".join(label(m) for m in found) or "nothing"))
    run.ledger.made = list(reversed(found))
    run.ledger.cleaned = bool(found)
    return remove_scratch(run)


def named_by_prefix(run, lookup, resource):
    try:
        listed = lookup.all(resource)
    except HmpApiError as error:
        if error.status == 403:
            return []
        raise
    return [o for o in listed if str(resource.name_of(o) or "").startswith(run.prefix)]
