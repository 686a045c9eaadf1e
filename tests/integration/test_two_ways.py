"""The two ways a module runs (plugins/module_utils/engine/_module.py): on the controller, in Ansible's own process
(the action of each module, plugins/plugin_utils/_action.py), and as a module process (the way to another host, and of an ``async``
task). The same task gives the same result either way, and the controller's way sends no module anywhere."""

ARGS = {"name": "Cam 9", "type": "udp", "multicast": False, "port": 5900}


def test_a_task_on_the_controller_runs_no_module_process_and_async_runs_one_with_the_same_result(emulator, playbook):
    emulator.reset({"sources": [{"name": "Cam %d" % n, "type": "UDP", "port": 5000 + n, "multicast": False}
                                for n in range(3)]})
    other = dict(ARGS, name="Cam 10", port=5910)
    tasks = [
        {"name": "here", "haivision.hmp.hmp_source_info": {"q": "Cam"}},
        {"name": "module", "haivision.hmp.hmp_source_info": {"q": "Cam"}, "async": 60, "poll": 1},
        {"name": "plan here", "haivision.hmp.hmp_source": ARGS, "check_mode": True, "diff": True},
        {"name": "plan as a module", "haivision.hmp.hmp_source": ARGS, "check_mode": True, "diff": True,
         "async": 60, "poll": 1},
        {"name": "create as a module", "haivision.hmp.hmp_source": ARGS, "async": 60, "poll": 1},
        {"name": "again here", "haivision.hmp.hmp_source": ARGS},
        {"name": "create here", "haivision.hmp.hmp_source": other},
        {"name": "again as a module", "haivision.hmp.hmp_source": other, "async": 60, "poll": 1},
    ]
    run = playbook(tasks, verbosity=3, env={"HMP_TEST_RECORD_ARGS": "1"})
    assert run.returncode == 0, run.stdout
    here, module = run.result("here"), run.result("module")
    assert here["sources"] == module["sources"] and len(here["sources"]) == 3
    assert here["invocation"] == module["invocation"]
    planned_here, planned_there = run.result("plan here"), run.result("plan as a module")
    assert planned_here["changed"] is True and planned_there["changed"] is True
    assert planned_here["diff"] == planned_there["diff"] and planned_here["source"] == planned_there["source"]
    assert run.result("create as a module")["changed"] is True
    assert run.result("again here")["changed"] is False  # the module's write, seen from the controller's way
    created = run.result("create here")
    assert created["changed"] is True
    again = run.result("again as a module")
    assert again["changed"] is False and again["source"] == created["source"]  # and the other way round
    # the task goes back to Ansible's main process with the plain values the module read, not the templated ones
    back = [r for r in run.results if r["task"] == "create here"][-1]
    assert back["args"] == other and set(back["args_types"]) <= {"dict", "str", "int", "bool"}, back["args_types"]
    # at -vvv Ansible says "Using module file ..." for each module it sends: only the async tasks sent one
    sections = dict((part.split("]", 1)[0], part) for part in run.stdout.split("TASK [")[1:])
    sent = sorted(name for name, text in sections.items() if "Using module file" in text)
    assert sent == ["again as a module", "create as a module", "module", "plan as a module"], sent
