# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test-only callback: writes every task result of a run to the JSON file named by HMP_TEST_RESULTS."""

from __future__ import annotations

import json
import os
import time

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = r"""
name: record_results
type: aggregate
short_description: Record task results as JSON for the integration tests
description:
  - Writes every task result to the file named by the E(HMP_TEST_RESULTS) environment variable, with when the task
    started and ended (epoch seconds), so that a test can tell which of the emulator's requests each task sent.
requirements: [enabled in the configuration]
"""


def types_in(value):
    """The names of the types of ``value`` and of everything it holds."""
    found = {type(value).__name__}
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        found |= types_in(key) if isinstance(value, dict) else set()
        found |= types_in(item)
    return found


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "record_results"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super(CallbackModule, self).__init__(*args, **kwargs)
        self.results = []
        self.started = None

    def v2_playbook_on_task_start(self, task, is_conditional):
        self.started = time.time()

    def _record(self, result, status):
        record = {"task": result.task.get_name(), "host": result.host.get_name(), "status": status,
                  "result": dict(result.result), "started": self.started, "ended": time.time()}
        if os.environ.get("HMP_TEST_RECORD_ARGS"):  # the task's arguments as the main process got them back
            record["args"] = result.task.args
            record["args_types"] = sorted(types_in(result.task.args))
        self.results.append(record)

    def v2_runner_on_ok(self, result):
        self._record(result, "ok")

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, "failed")

    def v2_runner_on_skipped(self, result):
        self._record(result, "skipped")

    def v2_runner_on_unreachable(self, result):
        self._record(result, "unreachable")

    def v2_playbook_on_stats(self, stats):
        with open(os.environ["HMP_TEST_RESULTS"], "w") as out:
            json.dump(self.results, out, default=str)
