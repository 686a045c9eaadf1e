"""Every example runs against the emulator: the EXAMPLES of each module and the playbooks of README.md.

The examples name a real server (``hmp_host: hmp.example.com``, a password from a vault); the test drops
the connection options from every task and from every ``module_defaults`` so that the HMP_* environment
points the modules at the emulator, and gives each ``vault_*`` variable the examples use a value.

Module examples: two ansible-playbook runs, each for about half of the modules (``parts``). Each module's
examples run in a block of their own, after the emulator is loaded with the objects they refer to (``SEEDS``;
the read-only examples share one load of ``WORLD``); a block that fails is rescued so that the next module's
examples still run and every failure is reported. Each example task must succeed (ok or changed), and each
task of a state-setting module runs twice in a row: the second run must report no change, except for the
options documented to act on every run (``acts_on_every_run``), where it must report a change again. A task
whose name says it "changes nothing" must not change anything. Every ``debug`` of an example must show
something, so that an expression that selects on a field the module does not return (an empty list,
silently) is caught.

README.md: its YAML playbooks run on an empty emulator, then again without any change; and in check mode on
an empty emulator, as the README advises: every task reports its change with a diff, and a task that names
objects an earlier task would create warns once that they are not on the server yet. Its shell blocks (``make demo``,
``make test``, installation) are not run here: CI runs ``make test``, and ``make demo`` runs what ``make
build`` installs; the test checks that the make targets and files they name exist.
"""

import ast
import copy
import glob
import json
import os
import re

import pytest
import yaml

from harness import ROOT

MODULES = sorted(os.path.basename(path)[:-3] for path in glob.glob(os.path.join(ROOT, "plugins", "modules", "*.py"))
                 if not path.endswith("__init__.py"))
CONNECTION = ("hmp_host", "hmp_port", "hmp_protocol", "hmp_username", "hmp_password", "hmp_api_key",
              "hmp_api_secret", "hmp_validate_certs", "hmp_ca_path", "hmp_timeout")
NAMESPACE = "haivision.hmp."


# ------------------------------------------------------------------ the objects the examples refer to
def udp(name, group):
    return {"name": name, "type": "UDP", "host": group, "port": 4900, "multicast": True}


def located(city):
    return [{"name": "calypso:category:Locations", "field": [{"fieldType": "STRING", "valueString": city}]}]


def box(box_id, name, status, standby=False):
    return {"_id": box_id, "name": name, "hostname": box_id[:12].upper(), "status": status,
            "standby": standby, "muted": False, "volume": 0.5}


CAMERAS = [udp("Studio A camera 1", "239.10.10.1"), udp("Studio A camera 2", "239.10.10.2"),
           udp("Studio B camera 1", "239.10.20.1"), udp("Studio B camera 2", "239.10.20.2")]
SRT = [{"name": "Remote contributor", "type": "SRT", "mode": "LISTENER", "host": "0.0.0.0", "port": 9000,
        "latency": 250}]
WEEKLY = {"startTime": 1796652000, "duration": 5400, "type": "weekly-recurring",  # 2026-12-07T14:00:00Z
          "typeData": {"days": ["MON", "TUE", "WED", "THU", "FRI"]}, "command": "set-live",
          "parameters": {"record": True}, "active": True}
STUDIOS = [{"title": "Studio A", "active": True, "sources": ["Studio A camera 1", "Studio A camera 2"],
            "events": [WEEKLY]},
           {"title": "Studio B", "sources": ["Studio B camera 1", "Studio B camera 2"]}]
LOCATIONS = {"label": "Locations", "values": ["Montreal", "Ottawa", "Toronto"], "allowCustomValues": True,
             "customValues": ["Quebec"]}
VIDEOS = [{"title": "Keynote", "duration": 3600, "movieTrackCount": 1, "session": "Studio A",
           "metadata": located("Montreal")},
          {"title": "Studio A, 2 December", "duration": 5400, "movieTrackCount": 2, "session": "Studio A",
           "metadata": located("Ottawa")},
          {"title": "Studio A - 02/12/2026, 14:00", "duration": 5400, "movieTrackCount": 2, "session": "Studio A",
           "metadata": located("Toronto")},
          {"title": "Studio B - 01/12/2026, 09:00", "duration": 1800, "movieTrackCount": 2, "session": "Studio B"},
          {"title": "Studio B - 01/12/2026, 10:00", "duration": 1800, "movieTrackCount": 2, "session": "Studio B"}]
BOXES = [box("bvgR95DKAXUTr402cyM8ew", "Lobby TV", "Online"), box("cafeTV9DKAXUTr402cyM8e", "Cafeteria TV", "Online"),
         box("basmntKAXUTr402cyM8ew0", "Basement", "Offline"), box("labTV95DKAXUTr402cyM8e", "Lab TV", "Online")]
STUDIO = {"sources": CAMERAS + SRT, "sessions": STUDIOS}
# The read-only examples (info modules) all run against this one server, loaded once.
WORLD = dict(STUDIO, categories=[LOCATIONS], videos=VIDEOS, devices=BOXES,
             recordings=[{"session": "Studio A"}, {"session": "Studio B"}],
             streams=[{"video": "Keynote", "address": "239.134.32.100", "port": 4900, "state": "playing"},
                      {"video": "Keynote", "address": "239.134.32.101", "port": 4900, "state": "paused"}])

# What the examples of each state-setting module expect to find on the server; one not listed starts empty.
SEEDS = {
    "hmp_config_info": dict(STUDIO, users=[{"username": "studio-a", "password": "operator-pass",
                                            "displayName": "Studio A operator", "roles": ["Content Creator"]}]),
    "hmp_device": dict(STUDIO, devices=BOXES),
    "hmp_event": STUDIO,
    "hmp_qualify": dict(STUDIO, devices=BOXES),
    "hmp_recording": STUDIO,
    "hmp_session": {"sources": CAMERAS},
    "hmp_stream": dict(STUDIO, videos=VIDEOS),
    "hmp_user": {"users": [{"username": "signage", "password": "signage-pass", "roles": ["Set-Top Box"]}]},
    "hmp_video": dict(STUDIO, categories=[LOCATIONS], videos=VIDEOS),
}


# ------------------------------------------------------------------ reading and preparing examples
def examples_of(module):
    """The tasks of a module's EXAMPLES (read with ast: the module is not imported)."""
    with open(os.path.join(ROOT, "plugins", "modules", module + ".py"), encoding="utf-8") as handle:
        tree = ast.parse(handle.read())
    [text] = [node.value.value for node in tree.body if isinstance(node, ast.Assign)
              and [getattr(t, "id", None) for t in node.targets] == ["EXAMPLES"]]
    return yaml.safe_load(text)


def readme_blocks():
    """The fenced code blocks of README.md: [(language, text)]."""
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as handle:
        return re.findall(r"^```(\w*)\n(.*?)^```", handle.read(), re.M | re.S)


def action_of(task):
    return next((key for key in task if key.startswith(NAMESPACE) or key.startswith("ansible.")), None)


def without_connection(task):
    """A copy of the task (or block) without connection options, in its arguments or its module_defaults."""
    task = copy.deepcopy(task)
    action = action_of(task)
    if action and isinstance(task[action], dict):
        for key in CONNECTION:
            task[action].pop(key, None)
    for defaults in (task.get("module_defaults") or {}).values():
        for key in CONNECTION:
            defaults.pop(key, None)
    for section in ("block", "rescue", "always"):
        if section in task:
            task[section] = [without_connection(t) for t in task[section]]
    return task


def is_state_setting(task):
    action = action_of(task)
    return bool(action) and action.startswith(NAMESPACE) and not action.endswith("_info")


def acts_on_every_run(task):
    """Options the modules document as acting, and reporting a change, on every run: a text message or a
    reboot of a set-top box, a seek of a stream, a password set with update_password=always."""
    args = task[action_of(task)]
    return ("text_message" in args or args.get("reboot") is True or "position" in args
            or args.get("update_password") == "always")


def named(tasks, prefix):
    """The tasks with their names prefixed and every state-setting task followed by a copy of itself (its
    name ending in " (again)", without ``register`` so that later tasks see the first run's result)."""
    out = []
    for task in tasks:
        task = dict(task, name="%s %s" % (prefix, task["name"]))
        if "block" in task:
            task["block"] = named(task["block"], prefix)
        out.append(task)
        if is_state_setting(task):
            again = dict(task, name=task["name"] + " (again)")
            again.pop("register", None)
            out.append(again)
    return out


def leaves(tasks):
    """Every task that runs a module, blocks flattened."""
    for task in tasks:
        if "block" in task:
            yield from leaves(task["block"])
        else:
            yield task


def secrets(text):
    """A value for each vault_* variable the text uses (long enough for an SRT passphrase)."""
    return dict((name, "%s-0123456789" % name) for name in sorted(set(re.findall(r"\bvault_\w+", text))))


def reset_task(emulator, name, seed):
    return {"name": name, "ansible.builtin.uri": {
        "url": emulator.url + "/_emulator/reset", "method": "POST", "body_format": "json", "body": seed,
        "ca_path": emulator.ca_path}}


# ------------------------------------------------------------------ checking the results
def problems_in(run, tasks):
    """What went wrong with the tasks (as prepared by named()), one line each."""
    results = dict((r["task"], r) for r in run.results)
    found = []
    for task in leaves(tasks):
        name = task["name"]
        if name not in results:
            found.append("%s: did not run" % name)
            continue
        status, result = results[name]["status"], results[name]["result"]
        if status != "ok":
            found.append("%s: %s: %s" % (name, status, result.get("msg") or result))
        elif name.endswith(" (again)") and result.get("changed") != acts_on_every_run(task):
            found.append("%s: changed=%s on a second run%s" % (name, result.get("changed"), " (it acts on every run)"
                                                               if acts_on_every_run(task) else ""))
        elif "changes nothing" in name and result.get("changed") is not False:
            found.append("%s: changed=%s" % (name, result.get("changed")))
        elif action_of(task) == "ansible.builtin.debug":
            args = task[action_of(task)]
            shown = result.get("msg") if "msg" in args else result.get(args["var"])
            if shown in (None, "", [], {}) or "VARIABLE IS NOT DEFINED" in str(shown):
                found.append("%s: shows nothing (%r)" % (name, shown))
    return found


def report(run, found):
    return "\n".join(found) + "\n\n--- ansible-playbook output (end) ---\n" + run.stdout[-6000:] + run.stderr[-2000:]


def read_only(module):
    return not any(is_state_setting(t) for t in leaves(examples_of(module)))


def parts():
    """The modules in two parts of about as many module runs each, one ansible-playbook run per part, so that
    two test workers share them; the read-only modules last in each part, sharing one load of WORLD."""
    def weight(module):
        return 1 + sum(1 for t in leaves(named(examples_of(module), "")) if action_of(t).startswith(NAMESPACE))

    two, load = [[], []], [0, 0]
    for module in sorted(MODULES, key=lambda m: (-weight(m), m)):
        lighter = load.index(min(load))
        two[lighter].append(module)
        load[lighter] += weight(module)
    return [sorted(part, key=lambda m: (read_only(m), m)) for part in two]


# ------------------------------------------------------------------ the tests
def test_every_module_has_examples_that_use_it():
    for module in MODULES:
        actions = [action_of(t) for t in leaves(examples_of(module))]
        assert NAMESPACE + module in actions, "the EXAMPLES of %s never run it: %s" % (module, actions)


@pytest.mark.parametrize("part", [1, 2])
def test_the_examples_of_every_module_run(emulator, ansible_playbook, tmp_path, part):
    blocks, text, loaded = [], "", None
    for module in parts()[part - 1]:
        prefix = "[%s]" % module
        tasks = named([without_connection(t) for t in examples_of(module)], prefix)
        seed = WORLD if read_only(module) else SEEDS.get(module, {})
        if loaded is not WORLD or seed is not WORLD:  # read-only examples leave the server as it was
            tasks.insert(0, reset_task(emulator, prefix + " seed", seed))
        loaded = seed
        rescue = {"name": prefix + " failed", "ansible.builtin.debug": {
            "msg": "{{ ansible_failed_task.name }} failed, on to the next module"}}
        blocks.append({"name": prefix, "block": tasks, "rescue": [rescue]})
        text += json.dumps(tasks)
    # hmp_config_info's example saves a server's state as host_vars next to the playbook, as in a project
    (tmp_path / "host_vars").mkdir()
    path = tmp_path / "examples.yml"
    path.write_text(json.dumps([{"name": "Module examples", "hosts": "localhost", "gather_facts": False,
                                 "vars": secrets(text), "tasks": blocks}], indent=1))

    run = ansible_playbook(str(path))

    found = problems_in(run, [t for b in blocks for t in b["block"]])
    assert not found and run.returncode == 0, report(run, found)


def test_every_module_is_in_a_part():
    assert sorted(m for part in parts() for m in part) == MODULES


def readme_plays(prefix, **keywords):
    """The plays of README.md's YAML blocks, without connection options, each task name prefixed."""
    plays = [play for language, text in readme_blocks() if language == "yaml" for play in yaml.safe_load(text)]
    assert plays, "README.md has no YAML playbook"
    prepared = []
    for play in plays:
        play = without_connection(play)  # its module_defaults
        prepared.append(dict(play, tasks=prefixed([without_connection(t) for t in play["tasks"]], prefix), **keywords))
    return prepared


def run_readme_plays(ansible_playbook, tmp_path, plays):
    path = tmp_path / "readme.yml"
    path.write_text(json.dumps(plays, indent=1))
    run = ansible_playbook(str(path), extra_vars=secrets(json.dumps(plays)))
    return run, dict((r["task"], r) for r in run.results)


def test_the_readme_playbooks_run_and_a_second_run_changes_nothing(emulator, ansible_playbook, tmp_path):
    first, again = readme_plays("[README]"), readme_plays("[README again]")
    emulator.reset({})
    run, results = run_readme_plays(ansible_playbook, tmp_path, first + again)

    found = []
    for task in [t for play in first + again for t in leaves(play["tasks"])]:
        name, result = task["name"], results.get(task["name"], {})
        if result.get("status") != "ok":
            found.append("%s: %s" % (name, result or "did not run"))
        elif is_state_setting(task) and result["result"].get("changed") is not name.startswith("[README] "):
            found.append("%s: changed=%s" % (name, result["result"].get("changed")))
    assert not found and run.returncode == 0, report(run, found)


def test_the_readme_playbooks_run_in_check_mode_on_an_empty_server(emulator, ansible_playbook, tmp_path):
    plays = readme_plays("[README --check --diff]", check_mode=True, diff=True)
    emulator.reset({})
    run, results = run_readme_plays(ansible_playbook, tmp_path, plays)

    found = []
    for task in [t for play in plays for t in leaves(play["tasks"])]:
        name, result = task["name"], results.get(task["name"], {})
        if result.get("status") != "ok":
            found.append("%s: %s" % (name, result.get("result", {}).get("msg") or "did not run"))
        elif is_state_setting(task) and not (result["result"].get("changed") and "diff" in result["result"]):
            found.append("%s: no change or no diff: %s" % (name, result["result"]))
    assert emulator.writes() == 0
    assert not found and run.returncode == 0, report(run, found)
    warned = dict((name, [w for w in r["result"].get("warnings", []) if "not on the server" in w])
                  for name, r in results.items())
    session = next(name for name in warned if "live session" in name)
    assert len(warned[session]) == 1 and "sources 'Studio A camera 1'" in warned[session][0], warned[session]
    assert "sources 'Remote contributor'" in warned[session][0]


def prefixed(tasks, prefix):
    return [dict(task, name="%s %s" % (prefix, task["name"])) for task in tasks]


def test_the_make_targets_and_files_the_readme_shell_blocks_name_exist():
    """The shell blocks are not run here: `make test` is what CI runs, `make demo` needs `make build`, which CI
    runs, and installing from Galaxy needs a release."""
    with open(os.path.join(ROOT, "Makefile"), encoding="utf-8") as handle:
        targets = set(re.findall(r"^([\w.-]+):", handle.read(), re.M))
    shell = "\n".join(text for language, text in readme_blocks() if language == "sh")
    named_targets = re.findall(r"^make ([\w-]+)", shell, re.M)
    assert named_targets and set(named_targets) <= targets, (named_targets, sorted(targets))
    for path in re.findall(r" -r (\S+)", shell):
        assert os.path.isfile(os.path.join(ROOT, path)), path
