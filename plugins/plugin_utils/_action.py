# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The action of every module of the collection: ``plugins/action/<module>.py`` of each module is this class.

A task that runs on the controller (``hosts: localhost``, ``delegate_to: localhost``, ``connection: local``) is
worked out here, in the task's own process, by the same code the module runs (``Module.run_here``): no module
process, no module payload, no JSON round trip, and the same result. A task for any other host, an ``async`` task,
a task with ``become``, or a controller without the Python library ``requests`` runs the module as Ansible would
without this plugin.
"""

from __future__ import annotations

import importlib
import os

from ansible.plugins.action import ActionBase
from ansible.plugins.action.normal import ActionModule as NormalAction
from ansible.utils.display import Display

from ansible_collections.haivision.hmp.plugins.module_utils.engine._client import HAS_REQUESTS
from ansible_collections.haivision.hmp.plugins.module_utils.engine._module import plain

MODULES = "ansible_collections.haivision.hmp.plugins.modules.%s"
display = Display()


class ActionModule(NormalAction):
    """Ansible's own action of a module (``normal``: it sends the module) unless the task runs on the controller."""

    TRANSFERS_FILES = False

    def run(self, tmp=None, task_vars=None):
        if not self._on_the_controller():
            return super(ActionModule, self).run(tmp, task_vars)
        result = ActionBase.run(self, tmp, task_vars)
        del tmp  # no temporary files: the work is done here
        module = self._task.resolved_action
        environment = {}
        self._compute_environment_string(environment)  # the task's `environment:`, as the module would see it
        spec = importlib.import_module(MODULES % module.rsplit(".", 1)[-1]).MODULE
        what = "%s task %r of %s" % (module, self._task.get_name(), task_vars.get("inventory_hostname", "?"))
        # The task goes back to the main process with its result, arguments included: as plain values (what the
        # module reads) rather than templated ones, 3000 objects are pickled in under 0.01 s instead of 0.14 s
        # (from JSON) or 0.48 s (from YAML, whose values carry their origin).
        self._task.args = plain(self._task.args)
        result.update(spec.run_here(self._task.args, dict(os.environ, **environment), bool(self._task.check_mode),
                                    bool(self._task.diff), what, self._waiting))
        return result

    def _waiting(self, text):
        """Said at once, while the task waits for another to end (``_lock.ServerLock``)."""
        display.display("%s: %s" % (self._task.get_name(), text), color="yellow")

    def _on_the_controller(self):
        """Whether the module would run here, as this process's user: a local connection, no ``async``, no ``become``
        (another user's module process)."""
        return (HAS_REQUESTS and not self._task.async_val and not self._play_context.become
                and self._connection.transport == "local")
