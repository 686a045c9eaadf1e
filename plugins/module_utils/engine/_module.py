# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The modules' side of the collection: ``HmpModule`` (the options read by the one reader, ``_options.py``, and
one way to finish: the same result keys everywhere and HMP's refusals turned into clear failures) and the two
runners every module is built on, ``run_resource_module`` and ``run_info_module``.

This is the one file of the collection that leans on Ansible's internals: ``AnsibleModule._load_params``, the
only place where a module sees its options as the task gave them (before Ansible's checks replace a refused
value, and before its defaults hide whether the task gave one), and the ``fail_json`` that ``AnsibleModule``
calls while it checks them. tests/unit/test_options.py and tests/integration/test_bad_input.py fail on a
release of ansible-core that changes either.
"""

from __future__ import annotations

import copy
import traceback

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.haivision.hmp.plugins.module_utils.engine._client import (
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    HmpApiError,
    LoginLost,
)
from ansible_collections.haivision.hmp.plugins.module_utils.engine._lookup import Lookup
from ansible_collections.haivision.hmp.plugins.module_utils.engine._options import (
    CONNECTION_ARGUMENT_SPEC,
    login_problem,
    read_connection,
    refused_option,
    with_environment,
)
from ansible_collections.haivision.hmp.plugins.module_utils.engine._reconcile import ensure
from ansible_collections.haivision.hmp.plugins.module_utils.engine._schema import InvalidValue


class HmpModule(AnsibleModule):
    """An AnsibleModule whose options are read by the one reader, with the ``Connection`` they make."""

    def __init__(self, argument_spec, not_empty=(), **kwargs):
        """``not_empty``: the options (ids, names to look up, filters) that an empty text would turn
        into a different request than the one meant, refused before anything is read."""
        spec = dict(CONNECTION_ARGUMENT_SPEC)
        spec.update(argument_spec)
        kwargs.setdefault("supports_check_mode", True)
        self._origins, self._refused_login = {}, None
        self._checking_options = True
        super(HmpModule, self).__init__(argument_spec=spec, **kwargs)
        self._checking_options = False
        if not HAS_REQUESTS:
            self.fail_json(msg=missing_required_lib("requests"),
                           exception="".join(traceback.format_exception_only(REQUESTS_IMPORT_ERROR)))
        if self._refused_login:
            self.fail_json(msg=self._refused_login)
        try:
            self.connection = read_connection(self.params, self._origins)
        except InvalidValue as error:
            self.fail_json(msg=str(error))
        self._check_values(tuple(not_empty))

    def _load_params(self):
        super(HmpModule, self)._load_params()
        self._given = copy.deepcopy(self.params)
        self._refused_login = login_problem(self.params)  # said once Ansible has collected what must not be shown
        self.params, self._origins = with_environment(self.params)

    def fail_json(self, msg, **kwargs):
        if getattr(self, "_checking_options", False):  # Ansible refused an option: show where and what
            self._checking_options = False
            given = dict(self.params, **getattr(self, "_given", {}))
            msg = refused_option(self.argument_spec, given, origins=self._origins) or msg
        super(HmpModule, self).fail_json(msg, **kwargs)

    def _check_values(self, not_empty):
        p = self.params
        for option in not_empty:
            if isinstance(p.get(option), str) and not p[option].strip():
                self.fail_json(msg="%s: %r is empty, and an empty %s names nothing" % (option, p[option], option))

    def client(self):
        warning = self.connection.warning()
        if warning:
            self.warn(warning)
        return self.connection.client()

    def run(self, work):
        """Run ``work(client)`` and exit with its result, or fail with a clear message."""
        try:
            with self.client() as client:
                outcome = client.trusted(work)
        except (InvalidValue, LoginLost) as error:
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
    module.run(lambda client: ensure(client, resource, module.params, module.check_mode, module._diff))


def run_info_module(resource, options=None, search=True, named=True, select=None, describe=None):
    """The whole of an info module over ``resource``. ``options``: the module's own; ``search``: it takes
    HMP's ``q``; ``named``: it filters by identity; ``select(lookup, params)``: the objects, when they are
    not simply those of the resource's collection; ``describe(objects, lookup, params)``: what the module
    adds to them (it may narrow them), returning the extra result keys or None."""
    spec = {"id": {"type": "str"}}
    if named:
        spec[resource.identity] = {"type": "str"}
    if search:
        spec["q"] = {"type": "str"}
    spec.update(options or {})
    not_empty = [o for o, s in spec.items() if s.get("type") == "str" and not s.get("choices")]
    module = HmpModule(spec, not_empty=not_empty)

    def read(client):
        lookup = Lookup(client)
        objects = (select or selected)(resource, lookup, module.params)
        if named and module.params.get(resource.identity) is not None:
            objects = [o for o in objects if resource.name_of(o) == module.params[resource.identity]]
        objects = [resource.public(lookup.complete(resource, o)) for o in objects]  # contract: session_fields
        extra = describe(objects, lookup, module.params) if describe else None
        result = {"changed": False, resource.plural: objects}
        result.update(extra or {})
        return result

    module.run(read)


def selected(resource, lookup, params):
    """What HMP's ``q`` finds (the list read with ``q``, then narrowed to ``id`` when given), else by id (the
    object read alone), else all of them."""
    if params.get("q"):
        found = lookup.client.list(resource.collection(), {"q": params["q"]}, empty_codes=resource.empty_codes)
        return [o for o in found if not params.get("id") or resource.id_of(o) == params["id"]]
    if params.get("id"):
        found = lookup.by_id(resource, params["id"])
        return [found] if found else []
    return list(lookup.all(resource))
