# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks and normalisations of option values: each names the option and the value it refuses."""

from __future__ import annotations

import ipaddress
import math
import re
from datetime import datetime, timezone

from ansible_collections.haivision.hmp.plugins.module_utils.engine._schema import InvalidValue

WEEKDAYS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")
DAY_NAMES = dict(zip(WEEKDAYS, ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")))
_DURATION = re.compile(r"^\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s)?\s*$", re.IGNORECASE)
_HOST_LABEL = re.compile(r"^(?!-)[A-Za-z0-9_-]{1,63}(?<!-)$")  # "_": names in local zones and hosts files use it
_WHOLE_NUMBER = re.compile(r"^\s*-?\d+\s*$")
LAST_INSTANT = 253402300799  # 9999-12-31T23:59:59Z, the last second ISO 8601 text can write


def lower(value):
    return value.lower() if isinstance(value, str) else value


def upper(value):
    return value.upper() if isinstance(value, str) else value


def as_int(value):
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


def host(option, value):
    """An IP address or a DNS host name, which HMP takes in ASCII only (a name with accents is sent in
    its punycode form, as a resolver would look it up)."""
    if isinstance(value, str):
        try:
            ipaddress.ip_address(value)
            return
        except ValueError:
            pass
        labels = (value[:-1] if value.endswith(".") else value).split(".")
        if (len(value) <= 253 and all(_HOST_LABEL.match(label) for label in labels)
                and not labels[-1].isdigit()):
            return
    hint = ""
    if isinstance(value, str) and not value.isascii():
        try:
            hint = "; HMP takes host names in ASCII: write it as %r" % value.encode("idna").decode("ascii")
        except UnicodeError:
            hint = "; HMP takes host names in ASCII only"
    elif isinstance(value, str) and len(value) > 253:
        hint = " (%d characters; a host name has at most 253)" % len(value)
    raise InvalidValue("%s: %r is not an IP address or a host name%s" % (option, value, hint))


def secret_length(low, high):
    """A length check for a secret: names the option and the length, never the value."""
    def check(option, value):
        if value and not low <= len(value) <= high:
            raise InvalidValue("%s: a value of %d characters is not allowed (%d to %d characters, or "
                               "an empty string for none)" % (option, len(value), low, high))
    return check


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def instant(option, value):
    """Epoch seconds from epoch seconds or ISO 8601 text with an offset (HMP stores UTC instants)."""
    if is_number(value) or (isinstance(value, str) and _WHOLE_NUMBER.match(value)):
        if isinstance(value, float) and not math.isfinite(value):
            raise InvalidValue("%s: %r is not a number of epoch seconds" % (option, value))
        return _in_epoch(option, value, int(value))
    if not isinstance(value, str):
        raise InvalidValue("%s: %r is neither epoch seconds nor ISO 8601 text" % (option, value))
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidValue("%s: %r is not an ISO 8601 time such as 2026-12-02T14:00:00Z" % (option, value))
    if parsed.tzinfo is None:
        raise InvalidValue("%s: %r has no UTC offset; HMP stores instants, so write it with one "
                           "(2026-12-02T14:00:00Z, 2026-12-02 09:00:00-05:00) or as epoch seconds"
                           % (option, value))
    return _in_epoch(option, value, int(parsed.timestamp()))


def _in_epoch(option, value, seconds):
    """``seconds`` when HMP can store it (epoch seconds from 1970 on) and ISO 8601 can write it."""
    if seconds < 0:
        raise InvalidValue("%s: %r is before 1970-01-01T00:00:00Z, where HMP's epoch seconds start"
                           % (option, value))
    if seconds > LAST_INSTANT:
        raise InvalidValue("%s: %r is after 9999-12-31T23:59:59Z" % (option, value))
    return seconds


def iso_utc(seconds):
    """Readable UTC text for epoch seconds."""
    if not is_number(seconds):
        return None
    try:
        return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (OverflowError, OSError, ValueError):  # beyond what a datetime holds
        return None


def duration(option, value):
    """Seconds from a number of seconds or text such as ``1h30m``, ``90m``, ``45s``."""
    if (is_number(value) and math.isfinite(value)) or (isinstance(value, str) and _WHOLE_NUMBER.match(value)):
        seconds = int(value)
    else:
        match = _DURATION.match(value) if isinstance(value, str) else None
        if not match or not any(match.groups()):
            raise InvalidValue("%s: %r is not a duration (seconds, or text such as 1h30m, 90m, 45s)"
                               % (option, value))
        hours, minutes, secs = (int(part or 0) for part in match.groups())
        seconds = hours * 3600 + minutes * 60 + secs
    if seconds <= 0:
        raise InvalidValue("%s: %r must be a positive duration" % (option, value))
    return seconds


def weekdays(option, value):
    """The days of a weekly event in week order, from a list or the connector's text ``WED;FRI``."""
    if isinstance(value, str):
        value = [part for part in re.split(r"[;,\s\[\]'\"]+", value) if part]  # WED;FRI, or "[fri, wed]"
    if not isinstance(value, (list, tuple)):
        raise InvalidValue("%s: %r is not a list of days" % (option, value))
    days = set()
    for day in value:
        text = day.strip().upper() if isinstance(day, str) else ""
        if text[:3] not in WEEKDAYS or text not in (text[:3], DAY_NAMES.get(text[:3])):
            raise InvalidValue("%s: %r is not a day (use %s)" % (option, day, ", ".join(WEEKDAYS)))
        days.add(text[:3])
    if not days:
        raise InvalidValue("%s: %r holds no day" % (option, value))
    return in_week_order(days)


def in_week_order(days):
    if days is None:
        return None
    return sorted((str(d).upper() for d in days), key=lambda d: WEEKDAYS.index(d) if d in WEEKDAYS else 99)


def sorted_list(values):
    return sorted(values) if isinstance(values, list) else values


def non_negative_seconds(option, value):
    """A number of seconds, 0 or more (fractions allowed), from a number or its text."""
    try:
        seconds = float(value) if not isinstance(value, bool) else None
    except (TypeError, ValueError):
        seconds = None
    if seconds is None or math.isnan(seconds) or seconds < 0:
        raise InvalidValue("%s: %r is not a number of seconds of 0 or more" % (option, value))
    return int(seconds) if seconds == int(seconds) else seconds


def category_values(option, value):
    """``{label: value or [values]}`` -> ``{label: [lower-case values]}``, for matching category values
    case-insensitively; an empty list means any value of that category."""
    if not isinstance(value, dict):
        raise InvalidValue("%s: %r is not a mapping of category labels to values" % (option, value))
    wanted = {}
    for label, values in value.items():
        if not isinstance(label, str) or not label.strip():
            raise InvalidValue("%s: %r is not a category label" % (option, label))
        if values is None:
            values = []
        elif not isinstance(values, (list, tuple)):
            values = [values]
        for one in values:
            if isinstance(one, (dict, list, bool)) or one is None:
                raise InvalidValue("%s: %r of category %r is not a value" % (option, one, label))
        wanted[label] = [str(one).lower() for one in values]
    return wanted
