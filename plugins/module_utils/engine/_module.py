# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""HmpModule: the connection options every module shares, the client built from them, and one way
to finish: the same result keys everywhere and HMP's refusals turned into clear failures."""

from __future__ import annotations

import copy
import traceback

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.haivision.hmp.plugins.module_utils.engine._client import HAS_REQUESTS, REQUESTS_IMPORT_ERROR, HmpApiError
from ansible_collections.haivision.hmp.plugins.module_utils.engine._options import (
    CONNECTION_ARGUMENT_SPEC,
    client_from,
    connection_problem,
    unverified_warning,
)
from ansible_collections.haivision.hmp.plugins.module_utils.engine._reconcile import ensure
from ansible_collections.haivision.hmp.plugins.module_utils.engine._schema import InvalidValue
from ansible_collections.haivision.hmp.plugins.module_utils.engine._values import refused_option


class HmpModule(AnsibleModule):
    """An AnsibleModule with the HMP connection options and a client built from them."""

    def __init__(self, argument_spec, not_empty=(), **kwargs):
        """``not_empty``: the options (ids, names to look up, filters) that an empty text would turn
        into a different request than the one meant, refused before anything is read."""
        spec = dict(CONNECTION_ARGUMENT_SPEC)
        spec.update(argument_spec)
        kwargs.setdefault("supports_check_mode", True)
        # AnsibleModule.__init__ checks the options and fails through fail_json, where they are reworded;
        # tests/integration/test_bad_input.py fails if a release of ansible-core stops doing it that way.
        self._checking_options = True
        super(HmpModule, self).__init__(argument_spec=spec, **kwargs)
        self._checking_options = False
        if not HAS_REQUESTS:
            self.fail_json(msg=missing_required_lib("requests"),
                           exception="".join(traceback.format_exception_only(REQUESTS_IMPORT_ERROR)))
        problem = connection_problem(self.params)
        if problem:
            self.fail_json(msg=problem)
        self._check_values(("hmp_host",) + tuple(not_empty))

    def _load_params(self):
        # No public hook shows the options as the task gave them before Ansible's checks replace a refused value
        # (a list of dictionaries given a text becomes []): tests/integration/test_bad_input.py fails if this breaks.
        super(HmpModule, self)._load_params()
        self._given = copy.deepcopy(self.params)

    def fail_json(self, msg, **kwargs):
        if getattr(self, "_checking_options", False):  # Ansible refused an option: show where and what
            self._checking_options = False
            msg = refused_option(self.argument_spec, dict(self.params, **getattr(self, "_given", {}))) or msg
        super(HmpModule, self).fail_json(msg, **kwargs)

    def _check_values(self, not_empty):
        p = self.params
        for option in not_empty:
            if isinstance(p.get(option), str) and not p[option].strip():
                self.fail_json(msg="%s: %r is empty, and an empty %s names nothing" % (option, p[option], option))

    def client(self):
        warning = unverified_warning(self.params)
        if warning:
            self.warn(warning)
        return client_from(self.params)

    def run(self, work):
        """Run ``work(client)`` and exit with its result, or fail with a clear message."""
        try:
            with self.client() as client:
                outcome = work(client)
        except InvalidValue as error:
            self.fail_json(msg=str(error))
        except HmpApiError as error:
            self.fail_json(msg=str(error), error=error.as_dict())
        for warning in outcome.pop("warnings", ()):
            self.warn(warning)
        self.exit_json(**outcome)


def run_resource_module(resource):
    """The whole of an idempotent module over ``resource``: options, plan, apply, result."""
    spec = resource.argument_spec()
    spec["id"] = {"type": "str"}
    spec["state"] = {"type": "str", "choices": ["present", "absent"], "default": "present"}
    if resource.copyable:
        spec["copy_from"] = {"type": "str"}
    if resource.parent:
        spec[resource.parent] = {"type": "str"}
    module = HmpModule(spec, not_empty=("id", "copy_from", resource.parent),
                       required_one_of=[(resource.identity, "id")])
    p = module.params
    module.run(lambda client: ensure(client, resource, p, module.check_mode, module._diff, p["hmp_username"]))
