"""The readings of the HMP API that its documentation leaves open, as data.

Each variant V1-V10 has letters; reading "a" is the default. ``LETTERS`` says, in one place, what
every letter switches; the resource modules read those switches from the request's ``Behaviour``
(``api.behaviour()``), never the letters. ``SETTINGS`` are the numbers some readings use. The
``Behaviour`` also carries the switches of the release the emulator plays (releases.py).
hmp_emulator/README.md, "Variants", describes each one; docs/docsite/rst/contract.rst names them
under the entries paging, empty_list, recording_video, session_fields, roles, unknown_fields,
device_commands, put_semantics and permissions (V10: login_expiry).
"""
from types import SimpleNamespace

from . import errors, releases

_SESSION_LIVE_FIELDS = ("active", "syncrecord")
_SESSION_PLAYER_FIELDS = ("showExternalPlayer", "externalPlayerLinkActive")

LETTERS = {
    "V1": {  # paging (contract: paging)
        "a": {"paging_results_total": False, "paging_next_link": False, "cap_page_size": False},
        "b": {"paging_results_total": True, "paging_next_link": True, "cap_page_size": False},
        "c": {"paging_results_total": False, "paging_next_link": False, "cap_page_size": True},
        "bc": {"paging_results_total": True, "paging_next_link": True, "cap_page_size": True},
    },
    "V2": {  # an empty collection (contract: empty_list)
        "a": {"empty_collection_is_404": True},
        "b": {"empty_collection_is_404": False},
    },
    "V3": {  # the video of a recording in progress (contract: recording_video)
        "a": {"video_while_recording": False},
        "b": {"video_while_recording": True},
    },
    "V4": {  # session fields (contract: session_fields)
        "a": {"session_body_fields": (),
              "session_hidden_fields": {"list": _SESSION_PLAYER_FIELDS, "write": _SESSION_PLAYER_FIELDS,
                                        "one": _SESSION_PLAYER_FIELDS}},
        "b": {"session_body_fields": _SESSION_PLAYER_FIELDS,
              "session_hidden_fields": {"list": _SESSION_LIVE_FIELDS, "write": _SESSION_LIVE_FIELDS,
                                        "one": ()}},
    },
    "V5": {  # role ids and built-in accounts (contract: roles, built_in_accounts)
        "a": {"role_ids_are_uuids": False, "operator_account": False},
        "b": {"role_ids_are_uuids": True, "operator_account": True},
    },
    "V6": {  # unknown request fields (contract: unknown_fields)
        "a": {"unknown_fields_rejected": True},
        "b": {"unknown_fields_rejected": False},
    },
    "V7": {  # set-top box commands (contract: device_commands)
        "a": {"stb_commands_delayed": False, "stb_offline_error": errors.DEVICE_OFFLINE},
        "b": {"stb_commands_delayed": True, "stb_offline_error": errors.DEVICE_STREAM_NOT_FOUND},
    },
    "V8": {  # PUT with fields left out (contract: put_semantics)
        "a": {"put_keeps_omitted_fields": False},
        "b": {"put_keeps_omitted_fields": True},
    },
    "V9": {  # permissions (contract: permissions)
        "a": {"own_session_rights": False},
        "b": {"own_session_rights": True},
    },
    "V10": {  # what a request under a missing, unknown or expired login answers (contract: login_expiry)
        "a": {"dead_login_read_is_404": False, "dead_login_write_is_404": False},  # 401 020001
        "b": {"dead_login_read_is_404": True, "dead_login_write_is_404": True},
        "c": {"dead_login_read_is_404": True, "dead_login_write_is_404": False},
    },
}
OTHER_READING = {vid: ("bc" if vid == "V1" else "b") for vid in LETTERS}  # what "all" switches on


def _positive_int(value):
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _non_negative_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0


SETTINGS = {  # name: (default, check, what the check wants)
    "page_cap": (5, _positive_int, "an integer of at least 1"),
    "stb_command_delay": (3.0, _non_negative_number, "a number of seconds, at least 0"),
}
DEFAULTS = {**{vid: "a" for vid in LETTERS}, **{name: d for name, (d, _, _) in SETTINGS.items()}}


class VariantError(ValueError):
    pass


def merge(current, changes):
    """``current`` updated by ``changes`` (``{"V4": "b", "page_cap": 3, "all": true}``), checked.

    ``all`` (true: every variant on its other reading, false: every one on "a") applies first.
    Raises VariantError naming every unknown key and every unknown letter or bad value.
    """
    if not isinstance(changes, dict):
        raise VariantError("variants must be a JSON object")
    merged = dict(current)
    if "all" in changes:
        if not isinstance(changes["all"], bool):
            raise VariantError("all must be true or false")
        merged.update(OTHER_READING if changes["all"] else {vid: "a" for vid in LETTERS})
    unknown = sorted(k for k in changes if k != "all" and k not in DEFAULTS)
    if unknown:
        raise VariantError(f"unknown variant key(s): {', '.join(unknown)}")
    problems = []
    for key, value in changes.items():
        if key in LETTERS:
            if value not in LETTERS[key]:
                problems.append(f"{key} has no reading {value!r} (one of {', '.join(LETTERS[key])})")
        elif key in SETTINGS:
            if not SETTINGS[key][1](value):
                problems.append(f"{key} must be {SETTINGS[key][2]}")
        else:
            continue
        merged[key] = value
    if problems:
        raise VariantError("; ".join(problems))
    return merged


def parse_option(text):
    """One --variant option: "V4=b", "page_cap=3", "stb_command_delay=0.5" or "all"."""
    if text == "all":
        return {"all": True}
    key, sep, value = text.partition("=")
    if not sep:
        raise VariantError(f"--variant takes KEY=VALUE or all, not {text!r}")
    if key in SETTINGS:
        try:
            value = int(value) if key == "page_cap" else float(value)
        except ValueError:
            raise VariantError(f"{key} must be {SETTINGS[key][2]}") from None
    return {key: value}


def behaviour(chosen, release=releases.NEWEST):
    """The switches of the chosen letters, the settings and the release played, as attributes."""
    switches = {}
    for vid, letters in LETTERS.items():
        switches.update(letters[chosen[vid]])
    switches.update((name, chosen[name]) for name in SETTINGS)
    switches.update(releases.switches(release))
    return SimpleNamespace(**switches)


DEFAULT_BEHAVIOUR = behaviour(DEFAULTS)
