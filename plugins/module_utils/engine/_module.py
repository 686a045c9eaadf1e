# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The modules' side of the collection: ``Module``, what a module is (its own options, the checks that tie them
together, its work), and the two ways a module runs:

- on the controller, in the task's own process (``Module.run_here``): each module's action
  (``plugins/action/<module>.py``, all one class: ``plugins/plugin_utils/_action.py``) takes this way whenever
  the task runs on the controller (``hosts: localhost``, ``delegate_to: localhost``, ``connection: local``), so a
  task costs no module process, no module payload and no JSON round trip;
- as a module process (``Module.main``, through ``HmpModule``): the way Ansible takes to any other host, and the
  way of an ``async`` task.

Both read options with the one reader (``_options.py``), send the same requests and return the same result, with
one way to finish: the same result keys everywhere, a compact ``invocation``, and HMP's refusals turned into clear
failures. The runners every module is built on are here too: ``resource_module`` and ``info_module``.

This is the one file of the collection that leans on Ansible's internals: ``AnsibleModule._load_params``, the
only place where a module process sees its options as the task gave them (before Ansible's checks replace a
refused value, and before its defaults hide whether the task gave one), and the ``fail_json`` that
``AnsibleModule`` calls while it checks them. tests/unit/test_options.py and tests/integration/test_bad_input.py
fail on a release of ansible-core that changes either.
"""

from __future__ import annotations

import contextlib
import copy
import traceback
from collections.abc import Mapping

from ansible.module_utils.basic import AnsibleModule, missing_required_lib
from ansible.module_utils.common.parameters import remove_values

from ansible_collections.haivision.hmp.plugins.module_utils.engine._client import (
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    HmpApiError,
    LoginLost,
)
from ansible_collections.haivision.hmp.plugins.module_utils.engine._lookup import Lookup
from ansible_collections.haivision.hmp.plugins.module_utils.engine._lock import ServerLock
from ansible_collections.haivision.hmp.plugins.module_utils.engine._options import (
    CONNECTION_ARGUMENT_SPEC,
    LOCK_ARGUMENT_SPEC,
    login_problem,
    read_connection,
    read_options,
    refused_option,
    secrets_of,
    with_environment,
)
from ansible_collections.haivision.hmp.plugins.module_utils.engine._reconcile import ensure
from ansible_collections.haivision.hmp.plugins.module_utils.engine._schema import InvalidValue

NO_LOG_MASK = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"  # what Ansible shows for a no_log option


class Module(object):
    """One module of the collection, apart from how it runs.

    ``options``: its own argument spec (the connection options are added); ``work(client, params, check_mode,
    diff_mode)``: its result; ``not_empty``: the options (ids, names to look up, filters) that an empty text would
    turn into another request than the one meant; ``check(params)``: what else it refuses before anything is read
    (InvalidValue); ``invocation(params)``: what its result shows of the options (all of them by default; secrets
    are always masked); ``writes``: whether it may write, or a function of its options that says it (a task that
    may write holds its server's lock, ``_lock.py``, outside check mode); ``rules``: ``required_one_of``,
    ``mutually_exclusive``, ``required_together``."""

    def __init__(self, options, work, not_empty=(), check=None, invocation=None, resource=None, writes=False,
                 **rules):
        self.argument_spec = dict(CONNECTION_ARGUMENT_SPEC)
        self.argument_spec.update(LOCK_ARGUMENT_SPEC)
        self.argument_spec.update(options)
        self.writes = writes
        self.options = dict(options)
        self.resource = resource  # what an info module lists (the lookup plugin reads each kind through it)
        self.work = work
        self.not_empty = tuple(o for o in not_empty if o)
        self.check = check
        self.invocation = invocation or dict
        self.rules = rules

    def lock(self, params, connection, check_mode, what, announce=None):
        """The lock of the server this task writes to (``_lock.ServerLock``), or None for a task that only reads."""
        if check_mode or not (self.writes(params) if callable(self.writes) else self.writes):
            return None
        if params["hmp_lock_timeout"] < 0:
            raise InvalidValue("hmp_lock_timeout: %r is not a number of seconds of 0 or more" % params["hmp_lock_timeout"])
        return ServerLock(connection.url, params.get("hmp_lock_dir"), params["hmp_lock_timeout"], what, announce)

    def refuse_empty(self, params):
        for option in self.not_empty:
            if isinstance(params.get(option), str) and not params[option].strip():
                raise InvalidValue("%s: %r is empty, and an empty %s names nothing" % (option, params[option], option))

    def shown(self, params):
        """The ``invocation`` of a result: what ``invocation`` shows of the options, secrets masked."""
        shown = dict(self.invocation(params))
        for option, spec in self.argument_spec.items():
            if spec.get("no_log") and shown.get(option) is not None:
                shown[option] = NO_LOG_MASK
        return {"module_args": shown}

    def main(self):
        """The module process: read the options, run the work, exit with the result."""
        module = HmpModule(self.argument_spec, **self.rules)
        try:
            self.refuse_empty(module.params)
            if self.check:
                self.check(module.params)
            lock = self.lock(module.params, module.connection, module.check_mode, "a haivision.hmp task")
        except InvalidValue as error:
            module.fail_json(msg=str(error))
        outcome = module.run(lambda client: self.work(client, module.params, module.check_mode, module._diff), lock)
        outcome["invocation"] = self.shown(module.params)
        module.exit_json(**outcome)

    def run_here(self, args, environ, check_mode=False, diff_mode=False, what="a haivision.hmp task", announce=None):
        """The result of a task with the arguments ``args`` (plain values, as ``plain`` makes them), worked out in this
        process (the controller's), with ``environ`` as the task's environment: the same result as the module process
        gives, or a failed one (the action calls it where ``requests`` imports). ``what`` names the task to another
        that waits for its lock; ``announce(text)`` says at once that this one waits."""
        try:
            params, connection = read_options(self.argument_spec, args, environ, rules=self.rules)
            self.refuse_empty(params)
            if self.check:
                self.check(params)
            lock = self.lock(params, connection, check_mode, what, announce)
        except InvalidValue as error:
            return failed(str(error), secrets_of(self.argument_spec, args))
        warnings = [w for w in (connection.warning(),) if w]
        outcome = finish(connection, lambda client: self.work(client, params, check_mode, diff_mode), lock)
        outcome["warnings"] = warnings + list(outcome.get("warnings") or ())
        if not outcome["warnings"]:
            del outcome["warnings"]
        outcome["invocation"] = self.shown(params)
        return remove_values(outcome, secrets_of(self.argument_spec, params) | set(connection.secrets))


def plain(value):
    """``value`` as a module process receives it: the JSON types, without what Ansible attaches to the values of a
    task (their origin, their trust), which reading a large declaration would otherwise copy value by value."""
    if isinstance(value, Mapping):
        return dict((plain(key), plain(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    for kind in (bool, str, int, float):
        if isinstance(value, kind):
            return kind(value)
    return value


def failed(msg, secrets=(), **extra):
    return remove_values(dict({"failed": True, "changed": False, "msg": msg}, **extra), set(secrets))


def finish(connection, work, lock=None):
    """``work(client)``'s result on a client of ``connection``, holding ``lock`` (when one is given) while it reads and
    writes, or a failed result saying why."""
    try:
        with lock or contextlib.nullcontext():  # a task that only reads holds none
            with connection.client() as client:
                outcome = client.trusted(work)
    except (InvalidValue, LoginLost) as error:
        return failed(str(error))
    except HmpApiError as error:
        return failed(str(error), error=error.as_dict())
    waited = lock.wait_warning() if lock else None
    if waited:
        outcome["warnings"] = [waited] + list(outcome.get("warnings") or ())
    return outcome


class HmpModule(AnsibleModule):
    """An AnsibleModule whose options are read by the one reader, with the ``Connection`` they make."""

    def __init__(self, argument_spec, **kwargs):
        kwargs.setdefault("supports_check_mode", True)
        self._origins, self._refused_login = {}, None
        self._checking_options = True
        super(HmpModule, self).__init__(argument_spec=argument_spec, **kwargs)
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

    def _load_params(self):
        super(HmpModule, self)._load_params()
        self._given = copy.deepcopy(self.params)
        self._refused_login = login_problem(self.params)  # said once Ansible has collected what must not be shown
        self.params, self._origins = with_environment(self.params, spec=self.argument_spec)

    def fail_json(self, msg, **kwargs):
        if getattr(self, "_checking_options", False):  # Ansible refused an option: show where and what
            self._checking_options = False
            given = dict(self.params, **getattr(self, "_given", {}))
            msg = refused_option(self.argument_spec, given, origins=self._origins) or msg
        super(HmpModule, self).fail_json(msg, **kwargs)

    def run(self, work, lock=None):
        """``work(client)``'s result (holding ``lock``), its warnings given to Ansible; or a failure with a clear
        message."""
        warning = self.connection.warning()
        if warning:
            self.warn(warning)
        outcome = finish(self.connection, work, lock)
        if outcome.get("failed"):
            self.fail_json(**outcome)
        for warning in outcome.pop("warnings", ()):
            self.warn(warning)
        return outcome


# -- the runners ---------------------------------------------------------------------------------------

def resource_module(resource):
    """An idempotent module over ``resource``: options, plan, apply, result."""
    spec = resource.argument_spec()
    spec["id"] = {"type": "str"}
    spec["state"] = {"type": "str", "choices": ["present", "absent"], "default": "present"}
    if resource.copyable:
        spec["copy_from"] = {"type": "str"}
    if resource.parent:
        spec[resource.parent] = {"type": "str"}
    return Module(spec, lambda client, params, check_mode, diff_mode: ensure(client, resource, params, check_mode,
                                                                             diff_mode),
                  not_empty=("id", "copy_from", resource.parent), required_one_of=[(resource.identity, "id")],
                  writes=True)


def info_module(resource, options=None, search=True, named=True, select=None, describe=None):
    """An info module over ``resource``. ``options``: the module's own; ``search``: it takes HMP's ``q``;
    ``named``: it filters by identity; ``select(resource, lookup, params)``: the objects, when they are not simply
    those of the resource's collection; ``describe(objects, lookup, params)``: what the module adds to them (it may
    narrow them), returning the extra result keys or None."""
    spec = {"id": {"type": "str"}}
    if named:
        spec[resource.identity] = {"type": "str"}
    if search:
        spec["q"] = {"type": "str"}
    spec.update(options or {})
    not_empty = [o for o, s in spec.items() if s.get("type") == "str" and not s.get("choices")]

    def read(client, params, check_mode, diff_mode):
        lookup = Lookup(client)
        objects = (select or selected)(resource, lookup, params)
        if named and params.get(resource.identity) is not None:
            objects = [o for o in objects if resource.name_of(o) == params[resource.identity]]
        objects = [resource.public(lookup.complete(resource, o)) for o in objects]  # contract: session_fields
        extra = describe(objects, lookup, params) if describe else None
        result = {"changed": False, resource.plural: objects}
        result.update(extra or {})
        return result

    return Module(spec, read, not_empty=not_empty, resource=resource)


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
