# -*- coding: utf-8 -*-
"""benchmarks/overhead.py: the size of each hmp_config result as the controller received it, one JSON line each
to $HMP_BENCH_RESULT_SIZES. Not part of the collection."""

from __future__ import annotations

import json
import os

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = """
name: result_size
type: aggregate
short_description: write the size of each hmp_config result (benchmarks only)
description: [Writes one JSON line per hmp_config task result to the file HMP_BENCH_RESULT_SIZES names.]
"""


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "result_size"
    CALLBACK_NEEDS_ENABLED = True

    def _record(self, result):
        if not result._task.action.endswith("hmp_config"):
            return
        text = json.dumps(result._result, default=str)
        with open(os.environ["HMP_BENCH_RESULT_SIZES"], "a") as out:
            out.write(json.dumps({"host": result._host.get_name(), "bytes": len(text)}) + "\n")

    def v2_runner_on_ok(self, result):
        self._record(result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result)
