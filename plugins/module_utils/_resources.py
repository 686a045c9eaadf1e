# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What each HMP resource type looks like: one declarative description per type.

A ``Field`` maps one module option to one API field (name, type, normalisation, checks); a
``Resource`` lists its fields, its endpoints, its identity and the rules that tie fields together.
Nothing here talks HTTP or decides to write: ``_reconcile.py`` does that from these descriptions.
"""

from __future__ import annotations


class InvalidValue(Exception):
    """A value the task gave that HMP would refuse or that would make the run not idempotent."""


def _identity(value):
    return value


def _lower(value):
    return value.lower() if isinstance(value, str) else value


def _upper(value):
    return value.upper() if isinstance(value, str) else value


def _as_int(value):
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


def int_range(low, high, unit=""):
    """A check that keeps an integer option within ``low``..``high``."""
    def check(option, value):
        if not low <= value <= high:
            raise InvalidValue("%s: %r is out of range (%d to %d%s)" % (option, value, low, high, unit))
    return check


def non_empty(option, value):
    if not value.strip():
        raise InvalidValue("%s: %r must not be empty" % (option, value))


def secret_length(low, high):
    """A length check for a secret: names the option and the length, never the value."""
    def check(option, value):
        if value and not low <= len(value) <= high:
            raise InvalidValue("%s: a value of %d characters is not allowed (%d to %d characters, or "
                               "an empty string for none)" % (option, len(value), low, high))
    return check


class Field(object):
    """One module option and the API field behind it."""

    def __init__(self, option, api=None, type="str", choices=None, secret=False, check=None,
                 to_api=_identity, from_api=_identity, only_for=None):
        self.option = option
        self.api = api or option
        self.type = type
        self.choices = choices
        self.secret = secret
        self.check = check
        self.to_api = to_api
        self.from_api = from_api
        # (option, value): the field exists only on objects whose ``option`` has ``value``
        self.only_for = only_for

    def argument_spec(self):
        spec = {"type": self.type}
        if self.choices:
            spec["choices"] = list(self.choices)
        if self.secret:
            spec["no_log"] = True
        return spec

    def applies(self, options):
        return self.only_for is None or options.get(self.only_for[0]) == self.only_for[1]

    def validate(self, value):
        if value is not None and self.check:
            self.check(self.option, value)


class Resource(object):
    """An HMP resource type: its endpoints, identity, fields and cross-field rules."""

    def __init__(self, name, plural, collection, identity, fields, not_found, required=(), rules=()):
        self.name = name
        self.plural = plural
        self.collection = collection
        self.identity = identity
        self.fields = tuple(fields)
        self.not_found = tuple(not_found)
        self.required = tuple(required)
        self.rules = tuple(rules)
        self.by_option = dict((f.option, f) for f in self.fields)

    def item(self, object_id):
        return "%s/%s" % (self.collection, object_id)

    @property
    def secrets(self):
        return tuple(f for f in self.fields if f.secret)

    def identity_field(self):
        return self.by_option[self.identity]

    def argument_spec(self):
        return dict((f.option, f.argument_spec()) for f in self.fields)

    def to_options(self, api_object):
        """The option view of an object HMP returned (keys it lacks map to None)."""
        return dict((f.option, f.from_api(api_object.get(f.api))) for f in self.fields)

    def to_api(self, options):
        """The complete API body for ``options`` (HMP's PUT resets what a body leaves out)."""
        return dict((f.api, f.to_api(options[f.option])) for f in self.fields
                    if options.get(f.option) is not None and f.applies(options))

    def prune(self, options):
        """``options`` without the values of fields that do not apply to that kind of object."""
        return dict((k, v) for k, v in options.items() if self.by_option[k].applies(options))

    def validate(self, options):
        """Check each value, then the rules that tie fields together; raise InvalidValue."""
        for option, value in options.items():
            field = self.by_option[option]
            field.validate(value)
            if value not in (None, "") and not field.applies(options):
                key, wanted = field.only_for
                raise InvalidValue("%s: applies only when %s is %s, and %s %r has %s %s"
                                   % (option, key, wanted, self.name, options.get(self.identity),
                                      key, options.get(key)))
        for option in self.required:
            if options.get(option) is None:
                raise InvalidValue("%s: required to create %s %r" % (option, self.name, options.get(self.identity)))
        for rule in self.rules:
            rule(options)

    def public(self, api_object):
        """``api_object`` without its secrets, fit for results and logs."""
        if api_object is None:
            return None
        hidden = set(f.api for f in self.secrets)
        return dict((k, v) for k, v in api_object.items() if k not in hidden)

    def name_of(self, api_object):
        return api_object.get(self.identity_field().api)


# -- sources -------------------------------------------------------------------------------------

def _source_rules(options):
    kind = options.get("type")
    if kind == "udp":
        if options.get("multicast") is None:
            raise InvalidValue("multicast: required for a udp source (true for multicast, false for unicast)")
        if options.get("multicast") and not options.get("host"):
            raise InvalidValue("host: required for a multicast udp source")
    elif kind == "srt":
        mode = options.get("srt_mode")
        if mode is None:
            raise InvalidValue("srt_mode: required for an srt source (caller, listener or rendezvous)")
        if mode in ("caller", "rendezvous") and not options.get("host"):
            raise InvalidValue("host: required for an srt source in %s mode" % mode)
        if options.get("continuous") is False:
            raise InvalidValue("continuous: false is not possible for an srt source (HMP always "
                               "receives SRT continuously); leave it out or set it to true")


UDP = ("type", "udp")
SRT = ("type", "srt")

SOURCE = Resource(
    name="source",
    plural="sources",
    collection="/apis/sources",
    identity="name",
    not_found=("040009", "040000"),
    required=("type", "port"),
    fields=(
        Field("name", check=non_empty),
        Field("type", choices=("udp", "srt"), to_api=_upper, from_api=_lower),
        Field("host"),
        Field("port", type="int", check=int_range(1, 65535), from_api=_as_int),
        Field("multicast", type="bool", only_for=UDP),
        Field("description"),
        Field("continuous", type="bool"),
        Field("srt_mode", api="mode", choices=("caller", "listener", "rendezvous"),
              to_api=_upper, from_api=_lower, only_for=SRT),
        Field("latency", type="int", check=int_range(20, 8000, " ms"), from_api=_as_int, only_for=SRT),
        Field("passphrase", secret=True, check=secret_length(10, 79), only_for=SRT),
    ),
    rules=(_source_rules,),
)
