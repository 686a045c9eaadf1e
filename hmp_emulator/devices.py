"""Haivision Play set-top boxes: /apis/devices/stbs (contract: devices, device_commands)."""
import math
import time

from . import errors, fields
from .api import behaviour, body, created, json_response, ok, page_of, route, state
from .fields import optional, required

PERM = "STB Administration"
STATUSES = ("Never", "Offline", "Warning", "Standby", "Online")
CONNECTED = ("Online", "Standby")  # commands only reach connected boxes
CHANNEL_TYPES = ("source", "session", "asset", "composition")
POSITIONS = ("bottom-left", "bottom-right", "top-left", "top-right", "left", "right", "bottom", "top")

DEFAULTS = {  # the documented list example, its keys written consistently (the vendor page mixes spellings)
    "adminPin": None, "channelId": None, "channelName": None, "channelType": None, "dws": False,
    "firmware": "8.3.46", "hostname": "", "hvExtensionSize": 380928, "ip": "127.0.0.1",
    "lastAcceptedUpdate": 0, "lastConnectedAt": 0, "lastConnection": "<1m",
    "lastViewedChannelId": None, "mac": "00:00:00:00:00:00", "muted": False, "name": "",
    "ntpServer": "time.brightsignnetwork.com", "platform": {"groups": [], "users": []},
    "standby": False, "status": "Online", "statusDetails": "Device has connected within the past 4 seconds.",
    "statusLevel": 0, "tags": [], "timezone": "Africa/Abidjan", "type": "play_stb_2000", "volume": 0.5,
}

COMMAND_FIELDS = {
    "command": required("str", choices=("standby-on", "standby-off", "reboot", "mute", "unmute",
                                        "set-volume", "set-channel", "show-text-message",
                                        "set-text-message")),
    "parameters": optional("dict"),
}
VOLUME_FIELDS = {"volume": required("number")}
CHANNEL_FIELDS = {"id": required("str"), "name": optional("str"), "type": required("str", choices=CHANNEL_TYPES)}
MESSAGE_FIELDS = {"data": required("list"), "useFades": optional("bool"), "repeat": optional("number"),
                  "showMode": optional("str", choices=("static", "scroll")),
                  "location": optional("dict"), "backgroundColor": optional("str")}
MESSAGE_ITEM_FIELDS = {"message": required("str"), "duration": optional("number"),
                       "color": optional("str"), "blink": optional("bool")}
LOCATION_FIELDS = {"position": optional("str", choices=POSITIONS), "offset": optional("number")}


def view(dev, b=None):
    """The stored box as the release played shows it (``b``: its Behaviour, by default this request's):
    without the fields the release lacks; where a box's ``ip`` is IPv4 only, its first address."""
    b = b or behaviour()
    out = {k: v for k, v in dev.items() if k not in b.stb_hidden_fields}
    if not b.stb_ip_dual_stack and isinstance(out.get("ip"), str):
        out["ip"] = out["ip"].split(",")[0].strip()
    return out


def from_seed(st, obj):
    if not isinstance(obj.get("_id"), str) or not obj["_id"]:
        raise errors.INPUT_VALIDATION("a device needs an _id string")
    dev = {**DEFAULTS, **obj}
    if dev["status"] not in STATUSES:
        raise errors.INPUT_VALIDATION(f"device status must be one of {', '.join(STATUSES)}")
    st.devices[dev["_id"]] = dict(sorted(dev.items()))


def apply_command(dev, changes):
    dev.update(changes)
    dev["lastAcceptedUpdate"] = int(time.time() * 1000)


def apply_due_commands(st):
    """Carry out the delayed commands (V7 b) whose time has come, in the order they came."""
    queue = st.pending_commands
    while queue and queue[0][0] <= time.monotonic():
        _, stb_id, changes = queue.popleft()
        if stb_id in st.devices:
            apply_command(st.devices[stb_id], changes)


def get_device(st, stb_id):
    if stb_id not in st.devices:
        raise errors.DEVICE_NOT_FOUND()
    return st.devices[stb_id]


@route("/apis/devices/stbs", "GET", perm=PERM, dead_login=errors.DEVICE_NOT_FOUND)
def list_devices():
    items = list(state().devices.values())
    chunk, page, size = page_of(items, errors.DEVICE_NOT_FOUND)
    pages = math.ceil(len(items) / size)
    return json_response({"data": [view(dev) for dev in chunk], "paging": {"numResults": len(items), "numPages": pages,
                                                    "hasMoreData": page < pages}})


@route("/apis/devices/stbs/<stbId>", "GET", perm=PERM)
def get_one(stbId):
    return ok(view(get_device(state(), stbId)))


def _params(v, table):
    return fields.validate(v.get("parameters") or {}, table)


def _channel_name(st, ref_id, kind):
    obj = {"source": st.sources, "session": st.sessions, "asset": st.videos}.get(kind, {}).get(ref_id)
    return (obj.get("name") or obj.get("title")) if obj else None


@route("/apis/devices/stbs/<stbId>/commands", "POST", perm=PERM)
def command(stbId):
    st = state()
    dev = get_device(st, stbId)
    v = fields.validate(body({}), COMMAND_FIELDS)
    cmd, changes = v["command"], {}
    try:
        if cmd == "set-volume":
            vol = _params(v, VOLUME_FIELDS)["volume"]
            if not 0.0 <= vol <= 1.0:
                raise errors.INPUT_VALIDATION("parameters.volume must be a number between 0.0 and 1.0")
            changes = {"volume": vol}
        elif cmd == "set-channel":
            p = _params(v, CHANNEL_FIELDS)
            changes = {"channelId": p["id"], "channelType": p["type"],
                       "channelName": _channel_name(st, p["id"], p["type"]) or p.get("name")}
        elif cmd in ("show-text-message", "set-text-message"):  # the vendor pages use both spellings
            p = _params(v, MESSAGE_FIELDS)
            if not p["data"]:
                raise errors.INPUT_VALIDATION("parameters.data must not be empty")
            for item in p["data"]:
                fields.validate(item, MESSAGE_ITEM_FIELDS)
            if "location" in p:
                fields.validate(p["location"], LOCATION_FIELDS)
        else:
            changes = {"standby-on": {"standby": True, "status": "Standby"},
                       "standby-off": {"standby": False, "status": "Online"},
                       "mute": {"muted": True}, "unmute": {"muted": False}}.get(cmd, {})
    except errors.HmpError as exc:
        if exc.code == "010001" and not exc.message.startswith("parameters"):
            exc.message = "parameters." + exc.message
        raise
    b = behaviour()
    if dev["status"] not in CONNECTED:  # checked after validation: bad input is still 400
        raise b.stb_offline_error()
    if b.stb_commands_delayed:
        st.pending_commands.append((time.monotonic() + b.stb_command_delay, stbId, changes))
    else:
        apply_command(dev, changes)
    return created({"type": "Send Commands to Device", "status": "ok",
                    "message": "Successfully sent command to device"})
