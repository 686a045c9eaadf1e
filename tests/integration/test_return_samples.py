"""Every RETURN sample agrees with what the module returns: each key of a sample is a key of the real result, with a
value of the same JSON type (string, number, bool, list, dict, null), recursively.

The modules run their own EXAMPLES against the emulator, loaded as tests/integration/test_examples.py loads it
for them (``SEEDS``, ``WORLD``), once each, in diff mode, so that ``diff`` is returned too: one ansible-playbook
run per half of the modules (``parts``), which two test workers share. Where the examples give no real value to
compare a sample with (an update for hmp_config's diff, a box on a channel), ``EXTRAS`` runs a task or two more
after them. Every result of a module, from its own
examples or another's, is a real value to compare a sample with. A sample key is right when some real result
has that key, and its sample value is of a type some real result gives it: a value that may be null (a
description, a stream's id in check mode) may show either. The ``diff`` samples are checked the same way:
``before`` and ``after`` hold the option names the module's diff uses, and a sample key that no real diff holds
fails. Some dicts are keyed by data, not by fields (a diff of hmp_config by object name, a recording's diff by
id): ``KEYED_BY_DATA`` names them, and their values are compared with the values of every real key.

A sample that disagrees fails the test naming the module, the key (its path in the return value) and both
types. A return value without a sample is not checked; one the module never returned in this run fails, since
then its sample is not checked at all.
"""

import ast
import json
import os

import pytest
import yaml

import test_examples as examples
from harness import ROOT, variant

# Dicts whose keys are data (names, ids, labels), by module and path ("*" for each item of a list).
KEYED_BY_DATA = {
    "hmp_config": ("diff.before.sources", "diff.before.sessions", "diff.before.events", "diff.before.users",
                   "diff.after.sources", "diff.after.sessions", "diff.after.events", "diff.after.users"),
    "hmp_recording": ("diff.before.recordings", "diff.after.recordings"),
    "hmp_video_info": ("videos.*.categories",),
}


# What the examples leave out and a sample shows: for a module, a seed of the emulator and tasks that run after its
# examples (the connection comes from the environment, as for the examples).
ON_A_CHANNEL = dict(examples.box("bvgR95DKAXUTr402cyM8ew", "Lobby TV", "Online"), channelId="f4327f7b",
                    channelType="source", channelName="Studio A camera 1", lastConnectedAt=1690398265316)
EXTRAS = {
    "hmp_config": (examples.STUDIO, [  # an update: the diff's before, the summary's updated; what purge keeps
        {"haivision.hmp.hmp_config": {"sessions": [{"title": "Studio A", "live": False}]}},
        {"haivision.hmp.hmp_config": {"users": [], "purge": ["users"]}}]),
    "hmp_config_info": ({"sources": [dict(examples.SRT[0], passphrase="remote-passphrase")]}, [
        {"haivision.hmp.hmp_config_info": {}}]),
    "hmp_device_info": ({"devices": [ON_A_CHANNEL]}, [{"haivision.hmp.hmp_device_info": {}}]),
    "hmp_video_info": (examples.WORLD, [{"haivision.hmp.hmp_video_info": {"session": "Studio A", "metadata": True}}]),
}


def returns_of(module):
    """The RETURN documentation of a module (read with ast: the module is not imported)."""
    with open(os.path.join(ROOT, "plugins", "modules", module + ".py"), encoding="utf-8") as handle:
        tree = ast.parse(handle.read())
    [text] = [node.value.value for node in tree.body if isinstance(node, ast.Assign)
              and [getattr(t, "id", None) for t in node.targets] == ["RETURN"]]
    return yaml.safe_load(text) or {}


def samples(documented, path=""):
    """``(path, sample)`` of every sample of a RETURN (its ``contains`` too)."""
    for name, entry in sorted(documented.items()):
        where = "%s.%s" % (path, name) if path else name
        if "sample" in entry:
            yield where, entry["sample"]
        if isinstance(entry.get("contains"), dict):
            yield from samples(entry["contains"], where)


def json_type(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "dict"
    return type(value).__name__


def values_at(reals, path):
    """The values at ``path`` (``a.b``) of each of ``reals``, where they have it."""
    found = list(reals)
    for key in path.split("."):
        found = [value[key] for value in found if isinstance(value, dict) and key in value]
    return found


def disagreements(module, sample, reals, path, keyed=()):
    """What is wrong with ``sample`` against the real values ``reals`` (at ``path``), one line each."""
    if not reals:
        return ["%s: %s: no real result has this key (the sample shows %s)" % (module, path, json_type(sample))]
    real_types = sorted(set(json_type(value) for value in reals))
    if json_type(sample) not in real_types:
        return ["%s: %s: the sample is %s, the real result %s" % (module, path, json_type(sample),
                                                                   " or ".join(real_types))]
    found = []
    if isinstance(sample, dict):
        dicts = [value for value in reals if isinstance(value, dict)]
        if path in keyed:
            pooled = [item for value in dicts for item in value.values()]
            for key, item in sorted(sample.items(), key=lambda pair: str(pair[0])):
                found += disagreements(module, item, pooled, "%s.%s" % (path, key), keyed)
        else:
            for key, item in sorted(sample.items(), key=lambda pair: str(pair[0])):
                present = [value[key] for value in dicts if key in value]
                if not present:
                    keys = sorted(set(k for value in dicts for k in value))
                    found.append("%s: %s.%s: no real result has this key (the sample shows %s; the real keys are %s)"
                                 % (module, path, key, json_type(item), ", ".join(keys) or "none"))
                    continue
                found += disagreements(module, item, present, "%s.%s" % (path, key), keyed)
    elif isinstance(sample, list) and sample:
        items = [item for value in reals if isinstance(value, list) for item in value]
        if not items:
            return ["%s: %s: every real result is an empty list, so the sample's items cannot be compared"
                    % (module, path)]
        for item in sample:
            found += disagreements(module, item, items, path + ".*", keyed)
    return found


def check_samples(module, results):
    """Every disagreement of the RETURN samples of ``module`` with ``results`` (its real results)."""
    keyed = KEYED_BY_DATA.get(module, ())
    found = []
    for path, sample in samples(returns_of(module)):
        found += disagreements(module, sample, values_at(results, path), path, keyed)
    return found


def results_by_module(run, tasks):
    """``{module: [result]}``: every result of a task that ran a module of the collection (each item of a loop)."""
    actions = dict((t["name"], examples.action_of(t)) for t in tasks)
    by_module = {}
    for record in run.results:
        action = actions.get(record["task"]) or ""
        if record["status"] != "ok" or not action.startswith(examples.NAMESPACE):
            continue
        result = record["result"]
        module = action[len(examples.NAMESPACE):]
        items = result["results"] if "results" in result and "results" not in returns_of(module) else [result]
        by_module.setdefault(module, []).extend(items)
    return by_module


@pytest.mark.parametrize("part", [1, 2])
def test_every_return_sample_agrees_with_a_real_result(emulator, ansible_playbook, tmp_path, part):
    modules = examples.parts()[part - 1]
    blocks, tasks, text, loaded = [], [], "", None
    for module in modules:
        prefix = "[%s]" % module
        own = [dict(task, name="%s %s" % (prefix, task["name"]))
               for task in (examples.without_connection(t) for t in examples.examples_of(module))]
        seed = examples.WORLD if examples.read_only(module) else examples.SEEDS.get(module, {})
        if loaded is not examples.WORLD or seed is not examples.WORLD:
            own.insert(0, examples.reset_task(emulator, prefix + " seed", seed))
        loaded = seed
        rescue = {"name": prefix + " failed", "ansible.builtin.debug": {
            "msg": "{{ ansible_failed_task.name }} failed, on to the next module"}}
        blocks.append({"name": prefix, "block": own, "rescue": [rescue]})
        if module in EXTRAS:
            seed, extra = EXTRAS[module]
            extra = [examples.reset_task(emulator, prefix + " seed of the extras", seed)] + [
                dict(task, name="%s extra %d" % (prefix, number)) for number, task in enumerate(extra, 1)]
            blocks.append({"name": prefix + " extras", "block": extra, "rescue": [rescue]})
            own += extra
            loaded = None
        tasks += list(examples.leaves(own))
        text += json.dumps(own)
    (tmp_path / "host_vars").mkdir()  # hmp_config_info's example writes there
    path = tmp_path / "samples.yml"
    path.write_text(json.dumps([{"name": "Return samples", "hosts": "localhost", "gather_facts": False,
                                 "diff": True, "vars": examples.secrets(text), "tasks": blocks}], indent=1))

    run = ansible_playbook(str(path))

    failed = ["%s: %s" % (r["task"], r["result"].get("msg")) for r in run.results if r["status"] == "failed"]
    assert not failed and run.returncode == 0, examples.report(run, failed)
    by_module = results_by_module(run, tasks)
    found = []
    for module in modules:
        assert by_module.get(module), "%s: its examples never ran it" % module
        found += check_samples(module, by_module[module])
    if variant(emulator, "V4") == "b":  # sessions listed without live and sync_record (contract: session_fields):
        # a session deleted is not read alone, so its diff's before shows what the list said
        found = [f for f in found if not f.startswith(("hmp_session: diff.before.live:",
                                                       "hmp_session: diff.before.sync_record:"))]
    assert not found, "\n".join(found)


# ------------------------------------------------------------------ the check itself
def test_a_sample_that_disagrees_is_named_with_its_key_and_both_types():
    real = [{"event": {"startTime": 1796220000, "typeData": {"days": ["WED"]}},
             "diff": {"before": {}, "after": {"start_time": "2026-12-07T14:00:00Z", "days": ["WED"]}}}]

    def check(sample, path):
        return disagreements("hmp_event", sample, values_at(real, path), path)

    assert check({"startTime": 1796220000, "typeData": {"days": ["FRI"]}}, "event") == []
    assert check({"after": {"start_time": 1796220000}}, "diff") == [
        "hmp_event: diff.after.start_time: the sample is number, the real result string"]
    assert check({"before": {"start": "2026-12-07T14:00:00Z"}}, "diff") == [
        "hmp_event: diff.before.start: no real result has this key (the sample shows string; the real keys are none)"]
    assert check({"typeData": {"days": [3]}}, "event") == [
        "hmp_event: event.typeData.days.*: the sample is number, the real result string"]
    assert check({"id": "e808eb59"}, "event")[0].startswith("hmp_event: event.id: no real result has this key")
