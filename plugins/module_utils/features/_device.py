# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Haivision Play set-top boxes: desired state as commands (contract: devices, device_commands).

A box is not an object one PUTs: it takes commands (``POST /apis/devices/stbs/:id/commands``).
``desired_options`` checks what the argument spec cannot (the volume's range, a text message) before
anything is read; ``commands`` is pure: from the box as HMP reports it and the desired options it returns
the ``Step``s whose result differs from what the box reports (``text_message`` and ``reboot`` always act),
in an order a box can follow: leave standby first, go to standby last, reboot at the very end.
``ensure_device`` reads, runs the steps (nothing in check mode) and waits for the box to show them.

A command whose answer never came (no answer, or a 5xx) may or may not have reached the box. Those whose
effect the box reports (standby, mute, volume, channel) are read back: the box is read until it shows the
command's effect, for up to ``settle_timeout`` seconds, since a box may apply a command seconds after HMP took
it (contract: device_commands), and the command is sent again only when the box still does not show it then.
``text_message`` and ``reboot`` leave nothing to read back: they are sent once, and a lost answer fails the task.
"""

from __future__ import annotations

import re

from ansible_collections.haivision.hmp.plugins.module_utils.engine._client import HmpApiError
from ansible_collections.haivision.hmp.plugins.module_utils.engine._operations import Step, predict, run
from ansible_collections.haivision.hmp.plugins.module_utils.engine._lookup import Lookup, there_are
from ansible_collections.haivision.hmp.plugins.module_utils._resources import DEVICE, SESSION, SOURCE, VIDEO
from ansible_collections.haivision.hmp.plugins.module_utils.engine._schema import InvalidValue
from ansible_collections.haivision.hmp.plugins.module_utils.engine._values import duration, is_number

CONNECTED = ("Online", "Standby")  # commands reach only connected boxes
BOX_STATUSES = ("Never", "Offline", "Warning", "Standby", "Online")  # what HMP says of a set-top box
VOLUME_TOLERANCE = 0.005
# the option's channel types and HMP's: a video is an "asset" to HMP
CHANNEL_TYPES = {"source": "source", "session": "session", "video": "asset", "composition": "composition"}
CHANNEL_TYPES_FROM_API = dict((v, k) for k, v in CHANNEL_TYPES.items())
CHANNEL_RESOURCES = {"source": SOURCE, "session": SESSION, "video": VIDEO}  # compositions go by id only
POSITIONS = ("bottom-left", "bottom-right", "top-left", "top-right", "left", "right", "bottom", "top")
SHOW_MODES = ("static", "scroll")
MESSAGE_KEYS = ("text", "duration", "color", "blink", "position", "offset", "background_color",
                "repeat", "show_mode", "fades")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


# -- options ---------------------------------------------------------------------------------------

def check_volume(value):
    if not is_number(value) or not 0.0 <= value <= 1.0:
        raise InvalidValue("volume: %r is out of range (0.0 to 1.0, for example 0.75); nothing was sent"
                           % (value,))
    return float(value)


def channel_target(channel):
    """``{type, name | id}`` with HMP's type added as ``api_type`` (the argument spec checks the type)."""
    name, object_id = channel.get("name"), channel.get("id")
    if (name is None) == (object_id is None):
        raise InvalidValue("channel: give exactly one of name and id (got %r)" % (channel,))
    return {"type": channel["type"], "api_type": CHANNEL_TYPES[channel["type"]], "name": name, "id": object_id}


def _message_bool(key, value):
    if not isinstance(value, bool):
        raise InvalidValue("text_message.%s: %r is not true or false" % (key, value))
    return value


def _message_int(key, value):
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidValue("text_message.%s: %r is not a whole number" % (key, value))
    return value


def _message_color(key, value):
    if not isinstance(value, str) or not _COLOR.match(value):
        raise InvalidValue("text_message.%s: %r is not a color such as '#ffffff'" % (key, value))
    return value


def _message_choice(key, value, choices):
    if value not in choices:
        raise InvalidValue("text_message.%s: %r is not one of %s" % (key, value, ", ".join(choices)))
    return value


def message_parameters(message):
    """The ``show-text-message`` parameters (contract: device_commands) for a text or a dict with ``text``."""
    if isinstance(message, str):
        message = {"text": message}
    if not isinstance(message, dict):
        raise InvalidValue("text_message: %r is neither a text nor a dictionary with text" % (message,))
    unknown = sorted(set(message) - set(MESSAGE_KEYS))
    if unknown:
        raise InvalidValue("text_message: unknown key(s) %s (use %s)" % (", ".join(unknown), ", ".join(MESSAGE_KEYS)))
    text = message.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InvalidValue("text_message.text: %r must be a non-empty text" % (text,))
    item = {"message": text}
    given = dict((k, v) for k, v in message.items() if v is not None)
    if "duration" in given:
        item["duration"] = duration("text_message.duration", given["duration"]) * 1000  # HMP counts ms
    if "color" in given:
        item["color"] = _message_color("color", given["color"])
    if "blink" in given:
        item["blink"] = _message_bool("blink", given["blink"])
    parameters = {"data": [item], "useFades": _message_bool("fades", given.get("fades", True))}
    if "repeat" in given:
        parameters["repeat"] = _message_int("repeat", given["repeat"])
    if "show_mode" in given:
        parameters["showMode"] = _message_choice("show_mode", given["show_mode"], SHOW_MODES)
    if "position" in given or "offset" in given:
        location = {}
        if "position" in given:
            location["position"] = _message_choice("position", given["position"], POSITIONS)
        if "offset" in given:
            location["offset"] = _message_int("offset", given["offset"])
        parameters["location"] = location
    if "background_color" in given:
        parameters["backgroundColor"] = _message_color("background_color", given["background_color"])
    return parameters


def desired_options(params):
    """The task's device options, checked and normalised, before anything is read or written."""
    desired = {}
    for option in ("standby", "muted"):
        if params.get(option) is not None:
            desired[option] = bool(params[option])
    if params.get("volume") is not None:
        desired["volume"] = check_volume(params["volume"])
    if params.get("channel") is not None:
        desired["channel"] = channel_target(params["channel"])
    if params.get("text_message") is not None:
        desired["message"] = message_parameters(params["text_message"])
    if params.get("reboot"):
        desired["reboot"] = True
    return desired


# -- the planner (pure) ----------------------------------------------------------------------------

def command_path(device_id):
    return "%s/commands" % DEVICE.item(device_id)


DEFAULT_SETTLE_TIMEOUT = 15  # seconds: hmp_device's settle_timeout


def read_back(device_id, effect, timeout):
    """The ``took_effect`` of a command whose ``effect`` the box reports: after a lost answer, the box as read once
    it shows that effect, or None when it still does not after ``timeout`` seconds (then the command is sent
    again). Waiting first keeps a command the box merely applies late (contract: device_commands) from being
    sent twice."""
    def took_effect(client):
        device, late = settle(client, device_id, effect, timeout)
        return None if late else device
    return took_effect


def _command(device_id, command, parameters=None, says=None, effect=None, settle_timeout=None):
    """One command; with ``settle_timeout``, read back after a lost answer (``effect`` is what the box reports)."""
    body = {"command": command}
    if parameters is not None:
        body["parameters"] = parameters
    took_effect = read_back(device_id, effect, settle_timeout) if settle_timeout is not None and effect else None
    return Step("POST", command_path(device_id), body, says or command, effect=effect, took_effect=took_effect)


def _channel_label(channel):
    kind = CHANNEL_TYPES_FROM_API.get(channel.get("api_type"), channel.get("type"))
    if channel.get("name"):
        return "%s %r (id %s)" % (kind, channel["name"], channel["id"])
    return "%s id %s" % (kind, channel["id"])


def commands(device, desired, settle_timeout=DEFAULT_SETTLE_TIMEOUT):
    """The commands that bring ``device`` (as HMP reports it) to ``desired`` (``desired_options``,
    with ``channel`` resolved to ``{id, api_type, name}``), whether or not the box is connected. Each
    command's effect is what the box reports after it; after a lost answer, a command with an effect is read
    back for up to ``settle_timeout`` seconds before it is sent again (``read_back``)."""
    device_id = DEVICE.id_of(device)
    wake, middle, sleep, last = [], [], [], []

    standby = desired.get("standby")
    if standby is not None and standby != bool(device.get("standby")):
        if standby:
            sleep.append(_command(device_id, "standby-on", says="standby-on (go to standby)",
                                  effect={"standby": True, "status": "Standby"}, settle_timeout=settle_timeout))
        else:
            wake.append(_command(device_id, "standby-off", says="standby-off (leave standby)",
                                 effect={"standby": False, "status": "Online"}, settle_timeout=settle_timeout))

    muted = desired.get("muted")
    if muted is not None and muted != bool(device.get("muted")):
        middle.append(_command(device_id, "mute" if muted else "unmute", effect={"muted": muted},
                               settle_timeout=settle_timeout))

    volume = desired.get("volume")
    if volume is not None:
        current = device.get("volume")
        if not _close(current, volume):
            middle.append(_command(device_id, "set-volume", {"volume": volume},
                                   says="set-volume %s (was %s)" % (volume, current), effect={"volume": volume},
                                   settle_timeout=settle_timeout))

    channel = desired.get("channel")
    if channel is not None:
        if (device.get("channelId"), device.get("channelType")) != (channel["id"], channel["api_type"]):
            middle.append(_command(
                device_id, "set-channel", {"id": channel["id"], "name": None, "type": channel["api_type"]},
                says="set-channel to %s" % _channel_label(channel),
                effect={"channelId": channel["id"], "channelType": channel["api_type"],
                        "channelName": channel.get("name")}, settle_timeout=settle_timeout))

    message = desired.get("message")
    if message is not None:
        text = message["data"][0]["message"]
        middle.append(_command(device_id, "show-text-message", message, says="show-text-message %r" % text))

    if desired.get("reboot"):
        last.append(_command(device_id, "reboot"))

    return wake + middle + sleep + last


def refuse_offline(device, steps, option, sent=()):
    """HMP delivers commands only to a connected box (contract: device_commands): fail, naming what was
    sent and what was not."""
    what = "sent: %s; not sent: %s" % (", ".join(s.body["command"] for s in sent),
                                       ", ".join(s.body["command"] for s in steps)) if sent else \
        "nothing was sent (needed: %s)" % ", ".join(s.body["command"] for s in steps)
    raise InvalidValue(
        "%s: the set-top box %r (id %s) is %s, and HMP sends commands only to a box that is Online "
        "or in Standby; %s" % (option, device.get("name"), DEVICE.id_of(device), device.get("status"), what))


def channel_of(device):
    """What the box shows, as hmp_device's ``channel`` option says it (``type``, ``id``, ``name``); None for nothing."""
    if not device.get("channelId"):
        return None
    kind = device.get("channelType")
    return {"type": CHANNEL_TYPES_FROM_API.get(kind, kind), "id": device["channelId"],
            "name": device.get("channelName") or None}


def state_view(device):
    """The state the module manages, in its option names (for ``diff``)."""
    if device is None:
        return {}
    return {"standby": device.get("standby"), "muted": device.get("muted"), "volume": device.get("volume"),
            "channel": channel_of(device)}


# -- reading and running ---------------------------------------------------------------------------

def resolve_channel(channel, lookup):
    """``channel`` with the id (and the name, where known) of the object it names."""
    resource = CHANNEL_RESOURCES.get(channel["type"])
    if resource is None:
        if channel.get("name") is not None:
            raise InvalidValue("channel.name: a %s channel is chosen by id only; give channel.id instead of %r"
                               % (channel["type"], channel["name"]))
        return channel
    if channel.get("id") is not None:
        found = lookup.by_id(resource, channel["id"])
        if found is None:
            raise InvalidValue("channel.id: no %s has the id %r" % (resource.name, channel["id"]))
    else:
        found = lookup.resolve(resource, channel["name"], "channel.name")
    return dict(channel, id=resource.id_of(found), name=resource.name_of(found))


def find_device(lookup, params):
    """The box the task names (by ``id``, else ``name``) and the option that named it."""
    if params.get("id"):
        found = lookup.by_id(DEVICE, params["id"])
        if found is None:
            raise InvalidValue("id: no set-top box has the id %r" % params["id"])
        return found, "id"
    found = lookup.named(DEVICE, params.get("name"), option="name")
    if found is None:
        raise InvalidValue("name: no set-top box has the name %r%s" % (params.get("name"), there_are(DEVICE, lookup.all(DEVICE))))
    return found, "name"


def connected(device):
    return device.get("status") in CONNECTED


def unsettled(device, expected):
    """The keys the commands change whose value ``device`` does not report yet."""
    keys = [k for k in expected if k not in ("status", "channelName")]
    return [k for k in keys if not (_close(device.get(k), expected[k]) if k == "volume" else device.get(k) == expected[k])]


def _close(value, wanted):
    return is_number(value) and abs(value - wanted) <= VOLUME_TOLERANCE


def settle(client, device_id, expected, timeout):
    """Read the box until it reports what the commands change: some servers apply a command a few seconds
    after accepting it (contract: device_commands). Returns the box as last read and what still differs."""
    waited, pause = 0.0, 0.5
    while True:
        device = client.get(DEVICE.item(device_id))
        late = unsettled(device, expected)
        if not late or waited >= timeout:
            return device, late
        pause = min(pause, timeout - waited)
        client.sleep(pause)
        waited += pause
        pause = min(pause * 2, 2.0)


def send(client, device, steps, check_mode, option, lookup):
    """Run ``steps``; return those sent. A box that goes offline in the meantime answers 404 (contract:
    device_commands): re-read, HMP's word on where the box is decides the message."""
    sent = []
    try:
        run(client, steps, check_mode, sent)
    except HmpApiError as error:
        if error.status != 404:
            raise
        now = lookup.fetch(DEVICE, DEVICE.id_of(device))
        if now is None:
            raise InvalidValue("%s: the set-top box %r (id %s) is no longer registered with HMP; sent: %s"
                               % (option, device.get("name"), DEVICE.id_of(device),
                                  ", ".join(s.body["command"] for s in sent) or "nothing"))
        if connected(now):
            raise
        raise Offline(now, steps[len(sent):], sent)
    return sent


class Offline(Exception):
    """The box is not connected: ``pending`` commands could not be sent (``sent`` were)."""

    def __init__(self, device, pending, sent=()):
        super(Offline, self).__init__(device.get("status"))
        self.device = device
        self.pending = list(pending)
        self.sent = list(sent)


def ensure_device(client, params, check_mode=False, diff_mode=False):
    """Bring one box to the state ``params`` describe; return the module result."""
    desired = desired_options(params)
    lookup = Lookup(client, assume_missing=check_mode)  # a channel an earlier task would create (check mode)
    device, option = find_device(lookup, params)
    if desired.get("channel") is not None:
        desired["channel"] = resolve_channel(desired["channel"], lookup)
    timeout = params.get("settle_timeout", DEFAULT_SETTLE_TIMEOUT)
    steps = commands(device, desired, timeout)
    warnings = [w for w in (lookup.assumed_warning(),) if w]
    try:
        if steps and not connected(device):
            raise Offline(device, steps)
        sent = send(client, device, steps, check_mode, option, lookup)
    except Offline as offline:
        if params.get("offline", "fail") != "report":
            refuse_offline(offline.device, offline.pending, option, offline.sent)
        warnings.append("the set-top box %r (id %s) is %s: HMP sends commands only to a box that is Online or in "
                        "Standby, so %s %s not sent" % (device.get("name"), DEVICE.id_of(device),
                                                        offline.device.get("status"),
                                                        ", ".join(s.says for s in offline.pending),
                                                        "was" if len(offline.pending) == 1 else "were"))
        result = {"changed": bool(offline.sent), "actions": [s.says for s in offline.sent], "offline": True,
                  "pending": [s.says for s in offline.pending], "device": DEVICE.public(offline.device),
                  "warnings": warnings}
        if diff_mode:
            result["diff"] = {"before": state_view(device), "after": state_view(offline.device)}
        return result
    if sent and not check_mode:
        expected = predict({}, sent)  # what the commands change, and to what
        after, late = settle(client, DEVICE.id_of(device), expected, timeout)
        if late:
            warnings.append("the set-top box %r (id %s) does not report %s as commanded after %s s; HMP accepted the "
                            "commands and may apply them later" % (device.get("name"), DEVICE.id_of(device),
                                                                   ", ".join(late), timeout))
    else:
        after = predict(dict(device), steps)
    result = {"changed": bool(steps), "actions": [s.says for s in steps], "offline": False, "pending": [],
              "device": DEVICE.public(after)}
    if warnings:
        result["warnings"] = warnings
    if diff_mode:
        result["diff"] = {"before": state_view(device), "after": state_view(after)}
    return result
