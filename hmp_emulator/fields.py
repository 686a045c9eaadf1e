"""Body validation driven by per-resource field tables (the "Parameters" tables of the contract).

A table maps each JSON property to a Field of one of HMP's four property kinds:
  required  - must be present (null counts as missing)
  optional  - omitted or null means the default, also on PUT (contract: put_semantics; V8 b keeps
              the stored value instead)
  ignored   - read-only, silently dropped when sent (contract: read_only_fields)
  immutable - may be echoed unchanged; a different value is 400 (contract: read_only_fields)
Any property not in the table is rejected, naming it (contract: unknown_fields; V6 b drops it).
"""
from . import errors
from .api import behaviour

MISSING = object()

_TYPE_NAMES = {
    "str": "a string", "int": "an integer", "number": "a number", "bool": "a boolean",
    "list": "an array", "dict": "an object", "str_list": "an array of strings",
}


def type_ok(kind, value):
    if kind == "str":
        return isinstance(value, str)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "list":
        return isinstance(value, list)
    if kind == "dict":
        return isinstance(value, dict)
    if kind == "str_list":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    raise ValueError(kind)


class Field:
    def __init__(self, cls, kind=None, default=MISSING, choices=None, check=None):
        self.cls, self.kind, self.default = cls, kind, default
        self.choices, self.check = choices, check

    def default_value(self):
        d = self.default
        return d() if callable(d) else d


def required(kind, **kw):
    return Field("required", kind, **kw)


def optional(kind, default=MISSING, **kw):
    return Field("optional", kind, default=default, **kw)


IGNORED = Field("ignored")
IMMUTABLE = Field("immutable")


def check_value(name, field, value, error):
    if field.kind and not type_ok(field.kind, value):
        raise error(f"{name} must be {_TYPE_NAMES[field.kind]}")
    if field.choices is not None and value not in field.choices:
        raise error(f"{name} must be one of {', '.join(map(str, field.choices))}")
    if field.check:
        problem = field.check(value)
        if problem:
            raise error(f"{name} {problem}")


def known_only(obj, known, error, where=""):
    """``obj`` without its keys outside ``known``: 400 naming the first one, or dropped silently
    under V6 b (contract: unknown_fields)."""
    unknown = sorted(k for k in obj if k not in known)
    if unknown and behaviour().unknown_fields_rejected:
        raise error(f"{where}{unknown[0]} is not a known field")
    return {k: v for k, v in obj.items() if k in known} if unknown else obj


def validate(body, table, current=None, error=errors.INPUT_VALIDATION, replaces=False):
    """Return the writable fields of ``body`` (defaults filled in) or raise ``error``.

    ``current`` is the stored object on PUT (for the Immutable comparison), None on POST.
    ``replaces``: this PUT replaces ``current``; an Optional field left out goes back to its
    default (V8 a) or keeps its value in ``current`` (V8 b) (contract: put_semantics).
    """
    if not isinstance(body, dict):
        raise error("request body must be a JSON object")
    body = known_only(body, table, error)
    keep = replaces and current is not None and behaviour().put_keeps_omitted_fields
    out = {}
    for name, field in table.items():
        value = body.get(name, MISSING)
        if field.cls == "ignored":
            continue
        if field.cls == "immutable":
            if value is MISSING or value is None:
                continue
            if current is None or current.get(name) != value:
                raise error(f"{name} is immutable and cannot be set")
            continue
        if value is MISSING and keep and field.cls == "optional" and current.get(name) is not None:
            value = current[name]
        if value is MISSING or value is None:
            if field.cls == "required":
                raise error(f"{name} is required")
            if field.default is not MISSING:
                out[name] = field.default_value()
            continue
        check_value(name, field, value, error)
        out[name] = value
    return out


# Reusable checks (return a message fragment or None)
def non_empty(value):
    return None if value.strip() else "must not be empty"


def at_least(lo):
    def check(value):
        return None if value >= lo else f"must be at least {lo}"
    return check


def between(lo, hi, what="a number"):
    def check(value):
        return None if lo <= value <= hi else f"must be {what} between {lo} and {hi}"
    return check


# Metadata entries (sources, sessions, videos): a bare array of {name, field: [...]}
_VALUE_KEYS = {"STRING": ("valueString", "str"), "INT32": ("valueInt32", "int"),
               "UINT32": ("valueUint32", "int")}
_LIMITS = {"INT32": (-2**31, 2**31 - 1), "UINT32": (0, 2**32 - 1)}


def validate_metadata(body, error=errors.INPUT_VALIDATION):
    if not isinstance(body, list):
        raise error("metadata must be a JSON array of {name, field} entries")
    out = []
    for i, entry in enumerate(body):
        where = f"metadata[{i}]"
        if not isinstance(entry, dict):
            raise error(f"{where} must be an object")
        entry = known_only(entry, ("name", "field"), error, f"{where}.")
        name, values = entry.get("name"), entry.get("field")
        if not isinstance(name, str) or not name:
            raise error(f"{where}.name must be a non-empty string")
        if not isinstance(values, list):
            raise error(f"{where}.field must be an array")
        clean = []
        for j, fv in enumerate(values):
            fwhere = f"{where}.field[{j}]"
            if not isinstance(fv, dict) or fv.get("fieldType") not in _VALUE_KEYS:
                raise error(f"{fwhere}.fieldType must be one of STRING, INT32, UINT32")
            key, kind = _VALUE_KEYS[fv["fieldType"]]
            extra = set(fv) - {"fieldType", key}
            if extra:
                raise error(f"{fwhere}.{sorted(extra)[0]} is not valid for fieldType {fv['fieldType']}")
            if key not in fv or not type_ok(kind, fv[key]):
                raise error(f"{fwhere}.{key} must be {_TYPE_NAMES[kind]}")
            if fv["fieldType"] in _LIMITS:
                lo, hi = _LIMITS[fv["fieldType"]]
                if not lo <= fv[key] <= hi:
                    raise error(f"{fwhere}.{key} must be between {lo} and {hi}")
            clean.append({"fieldType": fv["fieldType"], key: fv[key]})
        out.append({"name": name, "field": clean})
    return out
