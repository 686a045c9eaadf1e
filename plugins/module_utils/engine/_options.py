# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The connection options every module and plugin of the collection takes: their argument spec with the HMP_*
environment fallbacks, the checks that tie them together, and the client built from them. The modules
(``_module.HmpModule``), the event source (``hmp_watch``) and the inventory plugin (``hmp_devices``) all use
these, so that a connection means the same everywhere."""

from __future__ import annotations

from ansible.module_utils.basic import env_fallback

from ansible_collections.haivision.hmp.plugins.module_utils.engine._client import HmpClient, base_url
from ansible_collections.haivision.hmp.plugins.module_utils.engine._schema import InvalidValue
from ansible_collections.haivision.hmp.plugins.module_utils.engine._values import int_range


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
ENVIRONMENT = dict((option, spec["fallback"][1][0]) for option, spec in CONNECTION_ARGUMENT_SPEC.items())


def connection_problem(params):
    """What is wrong with the connection options ``params`` (checked and typed), as a message that names the
    option; None when nothing is. Options a caller does not take (``hmp_retries`` for the inventory) may be
    left out."""
    p = params
    if p.get("hmp_api_key") or p.get("hmp_api_secret"):
        if p.get("hmp_username") or p.get("hmp_password"):
            return ("hmp_username/hmp_password and hmp_api_key/hmp_api_secret are two ways to log in: give one "
                    "pair, not both")
        if not (p.get("hmp_api_key") and p.get("hmp_api_secret")):
            return "hmp_api_key and hmp_api_secret go together: give both"
    elif not (p.get("hmp_username") and p.get("hmp_password")):
        return ("no credentials: give hmp_username and hmp_password (or the HMP_USERNAME/HMP_PASSWORD environment "
                "variables), or hmp_api_key and hmp_api_secret")
    for option in ("hmp_timeout", "hmp_retries", "hmp_retry_delay"):
        if p.get(option) is not None and (p[option] < 0 or (option == "hmp_timeout" and p[option] == 0)):
            return "%s: %r is not a %s number" % (option, p[option], "positive" if option == "hmp_timeout"
                                                  else "non-negative")
    if p.get("hmp_port") is not None:
        try:
            int_range(1, 65535)("hmp_port", p["hmp_port"])
        except InvalidValue as error:
            return str(error)
    return None


def unverified_warning(params):
    """The warning a connection that does not verify the server's certificate deserves (None when it does);
    urllib3's own warning, repeated at every request, is silenced then."""
    if params.get("hmp_validate_certs", True) or params.get("hmp_protocol", "https") != "https":
        return None
    try:
        import urllib3
        urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
    except (ImportError, AttributeError):
        pass
    return ("hmp_validate_certs is false: the identity of %s is not verified; prefer hmp_ca_path with the CA that "
            "signed its certificate" % params["hmp_host"])


def client_from(params, **overrides):
    """An ``HmpClient`` for the connection options ``params`` (``overrides`` replace its settings)."""
    p = params
    settings = dict(username=p.get("hmp_username"), password=p.get("hmp_password"), api_key=p.get("hmp_api_key"),
                    api_secret=p.get("hmp_api_secret"), validate_certs=p.get("hmp_validate_certs", True),
                    ca_path=p.get("hmp_ca_path"), timeout=p.get("hmp_timeout", 30), retries=p.get("hmp_retries", 5),
                    backoff=p.get("hmp_retry_delay", 0.5))
    settings.update(overrides)
    return HmpClient(base_url(p["hmp_host"], p.get("hmp_port"), p.get("hmp_protocol", "https")), **settings)
