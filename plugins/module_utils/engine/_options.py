# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one reader of options.

It knows the connection options every module and plugin of the collection takes (their ``HMP_*`` variables,
their defaults and their checks), the words of every refusal of a value, and the ``Connection`` the options
make. The modules (``_module.HmpModule``), the event source (``hmp_watch``), the inventory plugin
(``hmp_devices``) and the lookup plugin (``hmp``) all read their options here, so that the same input gives
the same connection, or the same message, whichever of them reads it.

Precedence, the same everywhere: an option the task, rulebook or inventory item gives, then its ``HMP_*``
variable, then its default; an empty text, given or in a variable, counts as not given. The login is one method as a
whole: the method the input names (either of its two options) takes its other half from its variable and
the other method's variables are ignored; two methods named at the same level are refused.
"""

from __future__ import annotations

import os

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.parameters import DEFAULT_TYPE_VALIDATORS

from ansible_collections.haivision.hmp.plugins.module_utils.engine._client import HmpClient, base_url
from ansible_collections.haivision.hmp.plugins.module_utils.engine._schema import InvalidValue
from ansible_collections.haivision.hmp.plugins.module_utils.engine._values import int_range

# The connection options: their argument spec (no fallback: the environment is read by ``with_environment``,
# before any check, so that a variable loses to what the input gives and wins over a default).
CONNECTION_ARGUMENT_SPEC = {
    "hmp_host": {"type": "str", "required": True},
    "hmp_port": {"type": "int"},
    "hmp_protocol": {"type": "str", "choices": ["https", "http"], "default": "https"},
    "hmp_username": {"type": "str"},
    "hmp_password": {"type": "str", "no_log": True},
    "hmp_api_key": {"type": "str", "no_log": True},
    "hmp_api_secret": {"type": "str", "no_log": True},
    "hmp_validate_certs": {"type": "bool", "default": True},
    "hmp_ca_path": {"type": "path"},
    "hmp_timeout": {"type": "int", "default": 30},
    "hmp_retries": {"type": "int", "default": 5},
    "hmp_retry_delay": {"type": "float", "default": 0.5},
}
# The modules' lock (``_lock.py``): one task at a time writes to a server. Every module takes these options (a
# ``module_defaults`` group gives them to every module of the group); those that only read ignore them.
LOCK_ARGUMENT_SPEC = {
    "hmp_lock_dir": {"type": "path"},
    "hmp_lock_timeout": {"type": "int", "default": 900},
}
ENVIRONMENT = dict((option, option.upper()) for option in list(CONNECTION_ARGUMENT_SPEC) + list(LOCK_ARGUMENT_SPEC))
LOGIN_METHODS = (("hmp_username", "hmp_password"), ("hmp_api_key", "hmp_api_secret"))
LOGIN_OPTIONS = frozenset(option for method in LOGIN_METHODS for option in method)
SECRET_OPTIONS = tuple(option for option, spec in CONNECTION_ARGUMENT_SPEC.items() if spec.get("no_log"))


def _given(value):
    return value is not None and value != ""


def _set(environ, variable):
    return bool(environ.get(variable))


def origin(option, origins):
    """Where ``option`` came from, as messages say it: `` (from the environment variable HMP_PORT)`` or nothing."""
    return " (from the environment variable %s)" % origins[option] if option in (origins or {}) else ""


def _two_logins(methods, level):
    names = ["%s/%s" % method if level == "given" else "%s/%s" % (ENVIRONMENT[method[0]], ENVIRONMENT[method[1]])
             for method in methods]
    if level == "given":
        return ("%s and %s are both given, and they are two ways to log in: give one pair"
                % (names[0], names[1]))
    return ("the environment variables %s and %s are both set, and they are two ways to log in: set one pair, or "
            "give the login in the task, rulebook or inventory item (then the other is not read)" % (names[0], names[1]))


def _logins_named(given, environ):
    """The login methods the input names, else those the environment sets: ``(methods, level)``."""
    named = [m for m in LOGIN_METHODS if any(_given(given.get(o)) for o in m)]
    if named:
        return named, "given"
    return [m for m in LOGIN_METHODS if any(_set(environ, ENVIRONMENT[o]) for o in m)], "environment"


def login_problem(given, environ=None):
    """The refusal of two login methods named at the same level (the input, or the environment); None."""
    methods, level = _logins_named(given, os.environ if environ is None else environ)
    return _two_logins(methods, level) if len(methods) > 1 else None


def with_environment(given, environ=None, spec=None):
    """``given`` (the options an input gives; None is not given) completed from the ``HMP_*`` variables of the
    options of ``spec``: ``(options, origins)``, where ``origins`` maps each option taken from the environment to its
    variable (``spec``: the connection options when not given). No login option is taken from the environment while
    ``login_problem`` finds two methods."""
    environ = os.environ if environ is None else environ
    spec = CONNECTION_ARGUMENT_SPEC if spec is None else spec
    methods, _level = _logins_named(given, environ)
    login = methods[0] if len(methods) == 1 else ()
    options, origins = dict(given), {}
    for option, variable in ENVIRONMENT.items():
        if option not in spec or _given(options.get(option)) or not _set(environ, variable):
            continue
        if option in LOGIN_OPTIONS and option not in login:
            continue
        options[option], origins[option] = environ[variable], variable
    return options, origins


# -- the words of a refusal ----------------------------------------------------------------------

TYPE_WORDS = {"str": "a text", "int": "a whole number", "float": "a number", "bool": "true or false",
              "list": "a list", "dict": "a dictionary", "path": "a path"}


def refused_option(spec, params, path="", origins=None):
    """The first value in ``params`` that the argument ``spec`` refuses, as ``where: value is not ...``;
    None when no value is refused (what was refused is then about options missing or given together).

    Ansible's own checks do not always show the value (a text where a number, a list or a dictionary
    belongs), nor where in a list of dictionaries it is (hmp_config's ``sessions[1].events[0].recurrence``).
    Values of ``no_log`` options are never shown; a value from the environment names its variable.
    """
    for option, option_spec in spec.items():
        where = "%s.%s" % (path, option) if path else option
        names = [option] + list(option_spec.get("aliases") or ())
        value = next((params[name] for name in names if params.get(name) is not None), None)
        if value is None:
            if option_spec.get("required"):
                variable = ENVIRONMENT.get(option) if not path else None
                return "%s: required%s" % (where, " (or the %s environment variable)" % variable if variable else "")
            continue
        problem = _refused_value(option_spec, value, where + origin(option, origins if not path else None))
        if problem:
            return problem
    return unknown_option(spec, params, path)


def unknown_option(spec, params, path=""):
    """The first option of ``params`` that ``spec`` does not know, as a refusal that lists the options; None."""
    known = set(spec)
    for option_spec in spec.values():
        known.update(option_spec.get("aliases") or ())
    unknown = sorted(str(key) for key in params if key not in known and not str(key).startswith("_ansible_"))
    if unknown and path:
        return "%s: %r is not an option here (the options are %s)" % (path, unknown[0], ", ".join(sorted(spec)))
    if unknown:
        return "%s: not an option here (the options are %s)" % (unknown[0], ", ".join(sorted(spec)))
    return None


def _refused_value(option_spec, value, where):
    kind = option_spec.get("type") or "str"
    shown = "the value given (not shown: it is secret)" if option_spec.get("no_log") else repr(value)
    checker = DEFAULT_TYPE_VALIDATORS.get(kind) if isinstance(kind, str) else None
    try:
        converted = checker(value) if checker else value
    except (TypeError, ValueError):
        return "%s: %s is not %s" % (where, shown, TYPE_WORDS.get(kind, kind))
    choices = option_spec.get("choices")
    if choices:
        for one in converted if kind == "list" else [converted]:
            if one not in choices:
                refused = shown if kind != "list" else repr(one)
                return "%s: %s is not one of %s" % (where, refused, ", ".join(str(c) for c in choices))
    elements, options = option_spec.get("elements"), option_spec.get("options")
    if kind == "list" and elements:
        element_spec = {"type": elements, "options": options, "no_log": option_spec.get("no_log")}
        for index, item in enumerate(converted):
            problem = _refused_value(element_spec, item, "%s[%d]" % (where, index))
            if problem:
                return problem
    elif kind == "dict" and options:
        return refused_option(options, converted, where)
    return None


# -- the connection ------------------------------------------------------------------------------

class Connection(object):
    """One HMP server and how to log in to it, as the options resolved: what a client is made from."""

    def __init__(self, options, origins=None):
        p, self.origins = options, dict(origins or {})
        self.host = (p["hmp_host"] or "").strip()
        self.url = base_url(self.host, p.get("hmp_port"), p.get("hmp_protocol") or "https")
        self.username, self.password = p.get("hmp_username") or None, p.get("hmp_password") or None
        self.api_key, self.api_secret = p.get("hmp_api_key") or None, p.get("hmp_api_secret") or None
        self.validate_certs = p.get("hmp_validate_certs", True)
        self.ca_path = p.get("hmp_ca_path")
        self.timeout = p.get("hmp_timeout", 30)
        self.retries = p.get("hmp_retries", 5)
        self.retry_delay = p.get("hmp_retry_delay", 0.5)

    @property
    def login(self):
        return "api key" if self.api_key else "username"

    @property
    def secrets(self):
        return [s for s in (self.password, self.api_key, self.api_secret) if s]

    def view(self):
        """What the connection resolved to, without a secret (for tests and messages)."""
        return {"url": self.url, "login": self.login, "username": self.username, "validate_certs": self.validate_certs,
                "ca_path": self.ca_path, "timeout": self.timeout, "retries": self.retries,
                "retry_delay": self.retry_delay, "from_environment": sorted(self.origins)}

    def warning(self):
        """The warning a connection that does not verify the server's certificate deserves (None when it
        does, or over plain HTTP); urllib3's own warning, repeated at every request, is silenced then."""
        if self.validate_certs or not self.url.startswith("https://"):
            return None
        try:
            import urllib3
            urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
        except (ImportError, AttributeError):
            pass
        return ("hmp_validate_certs is false: the identity of %s is not verified; prefer hmp_ca_path with the CA that "
                "signed its certificate" % self.host)

    def client(self, **overrides):
        """An ``HmpClient`` for this connection (``overrides`` replace its settings)."""
        settings = dict(username=self.username, password=self.password, api_key=self.api_key,
                        api_secret=self.api_secret, validate_certs=self.validate_certs, ca_path=self.ca_path,
                        timeout=self.timeout, retries=self.retries, backoff=self.retry_delay)
        settings.update(overrides)
        client = HmpClient(self.url, **settings)
        client.connection = self  # what it was made from: another account on the same server (as_account)
        return client

    def as_account(self, username, password):
        """A client of the same server logged in as another account (the qualification's scratch Viewer)."""
        return self.client(username=username, password=password, api_key=None, api_secret=None)


def connection_problem(options, origins=None):
    """What is wrong with the connection options (checked and typed), as a message that names the option and
    where it came from; None when nothing is."""
    p = options
    if not (p.get("hmp_host") or "").strip():
        return "hmp_host: required (or the HMP_HOST environment variable): the HMP server's host name"
    for method in LOGIN_METHODS:
        given = [o for o in method if p.get(o)]
        if len(given) == 1:
            missing = [o for o in method if o not in given][0]
            return ("%s: required with %s%s, and the environment variable %s is not set either"
                    % (missing, given[0], origin(given[0], origins) or " (given)", ENVIRONMENT[missing]))
    if not any(p.get(o) for o in LOGIN_OPTIONS):
        return ("no credentials: give hmp_username and hmp_password, or hmp_api_key and hmp_api_secret (or their "
                "environment variables HMP_USERNAME/HMP_PASSWORD or HMP_API_KEY/HMP_API_SECRET)")
    for option in ("hmp_timeout", "hmp_retries", "hmp_retry_delay"):
        value = p.get(option)
        if value is not None and (value < 0 or (option == "hmp_timeout" and value == 0)):
            return "%s: %r%s is not a %s number" % (option, value, origin(option, origins),
                                                    "positive" if option == "hmp_timeout" else "non-negative")
    if p.get("hmp_port") is not None:
        try:
            int_range(1, 65535)("hmp_port" + origin("hmp_port", origins), p["hmp_port"])
        except InvalidValue as error:
            return str(error)
    return None


def read_connection(options, origins=None):
    """The ``Connection`` of checked and typed options; InvalidValue when they do not make one."""
    problem = connection_problem(options, origins)
    if problem:
        raise InvalidValue(problem)
    return Connection(options, origins)


def read_options(spec, given, environ=None, rules=None):
    """The options of a task run on the controller, an event source, an inventory item or a lookup: ``given``
    completed from the environment, typed, checked and given their defaults by the argument ``spec`` (which holds
    the connection options) and its ``rules`` (``required_one_of``, ``mutually_exclusive``...), with the modules'
    words for every refusal. Returns ``(options, connection)``; InvalidValue names what is wrong."""
    refused = unknown_option(spec, given) or login_problem(given, environ)
    if refused:
        raise InvalidValue(refused)
    gathered, origins = with_environment(given, environ, spec)
    result = ArgumentSpecValidator(spec, **(rules or {})).validate(gathered)
    if result.error_messages:
        raise InvalidValue(refused_option(spec, gathered, origins=origins) or result.error_messages[0])
    options = result.validated_parameters
    return options, read_connection(options, origins)


def secrets_of(spec, params):
    """Every value of a ``no_log`` option in ``params`` (nested options and lists of them included)."""
    found = set()
    for option, option_spec in spec.items():
        value = params.get(option) if isinstance(params, dict) else None
        if value is None:
            continue
        if option_spec.get("no_log") and isinstance(value, (str, int, float)) and not isinstance(value, bool) \
                and str(value):
            found.add(str(value))
        nested = option_spec.get("options")
        if nested:
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict):
                    found |= secrets_of(nested, item)
    return found
