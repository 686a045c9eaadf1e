# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""HmpModule: the connection options every module shares, the client built from them, and one way
to finish: the same result keys everywhere and HMP's refusals turned into clear failures."""

from __future__ import annotations

import copy
import traceback

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.haivision.hmp.plugins.module_utils._client import (
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    HmpApiError,
    HmpClient,
    base_url,
)
from ansible_collections.haivision.hmp.plugins.module_utils._reconcile import ensure
from ansible_collections.haivision.hmp.plugins.module_utils._schema import InvalidValue
from ansible_collections.haivision.hmp.plugins.module_utils._values import int_range, refused_option


def _env(name):
    return (env_fallback, [name])


CONNECTION_ARGUMENT_SPEC = {
    "hmp_host": {"type": "str", "required": True, "fallback": _env("HMP_HOST")},
    "hmp_port": {"type": "int", "fallback": _env("HMP_PORT")},
    "hmp_protocol": {"type": "str", "choices": ["https", "http"], "default": "https",
                     "fallback": _env("HMP_PROTOCOL")},
    "hmp_username": {"type": "str", "fallback": _env("HMP_USERNAME")},
    "hmp_password": {"type": "str", "no_log": True, "fallback": _env("HMP_PASSWORD")},
    "hmp_api_key": {"type": "str", "no_log": True, "fallback": _env("HMP_API_KEY")},
    "hmp_api_secret": {"type": "str", "no_log": True, "fallback": _env("HMP_API_SECRET")},
    "hmp_validate_certs": {"type": "bool", "default": True, "fallback": _env("HMP_VALIDATE_CERTS")},
    "hmp_ca_path": {"type": "path", "fallback": _env("HMP_CA_PATH")},
    "hmp_timeout": {"type": "int", "default": 30, "fallback": _env("HMP_TIMEOUT")},
    "hmp_retries": {"type": "int", "default": 5, "fallback": _env("HMP_RETRIES")},
    "hmp_retry_delay": {"type": "float", "default": 0.5, "fallback": _env("HMP_RETRY_DELAY")},
}


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
        self._check_credentials()
        for option in ("hmp_timeout", "hmp_retries", "hmp_retry_delay"):
            if self.params[option] < 0 or (option == "hmp_timeout" and self.params[option] == 0):
                self.fail_json(msg="%s: %r is not a %s number" % (
                    option, self.params[option], "positive" if option == "hmp_timeout" else "non-negative"))
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
        try:
            if p["hmp_port"] is not None:
                int_range(1, 65535)("hmp_port", p["hmp_port"])
        except InvalidValue as error:
            self.fail_json(msg=str(error))

    def _check_credentials(self):
        p = self.params
        if p["hmp_api_key"] or p["hmp_api_secret"]:
            if p["hmp_username"] or p["hmp_password"]:
                self.fail_json(msg="hmp_username/hmp_password and hmp_api_key/hmp_api_secret are two "
                                   "ways to log in: give one pair, not both")
            if not (p["hmp_api_key"] and p["hmp_api_secret"]):
                self.fail_json(msg="hmp_api_key and hmp_api_secret go together: give both")
        elif not (p["hmp_username"] and p["hmp_password"]):
            self.fail_json(msg="no credentials: give hmp_username and hmp_password (or the "
                               "HMP_USERNAME/HMP_PASSWORD environment variables), or hmp_api_key "
                               "and hmp_api_secret")

    def client(self):
        p = self.params
        if not p["hmp_validate_certs"] and p["hmp_protocol"] == "https":
            self.warn("hmp_validate_certs is false: the identity of %s is not verified; prefer "
                      "hmp_ca_path with the CA that signed its certificate" % p["hmp_host"])
            _silence_insecure_request_warning()
        return HmpClient(
            base_url(p["hmp_host"], p["hmp_port"], p["hmp_protocol"]),
            username=p["hmp_username"], password=p["hmp_password"],
            api_key=p["hmp_api_key"], api_secret=p["hmp_api_secret"],
            validate_certs=p["hmp_validate_certs"], ca_path=p["hmp_ca_path"],
            timeout=p["hmp_timeout"], retries=p["hmp_retries"], backoff=p["hmp_retry_delay"])

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


def _silence_insecure_request_warning():
    try:
        import urllib3
        urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
    except (ImportError, AttributeError):
        pass


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
