"""Sources: /apis/sources (contract: sources)."""
from . import errors, fields, metadata
from .api import behaviour, body, created, current_user, empty, listing, new_id, now, ok, route, search, state
from .fields import IGNORED, IMMUTABLE, between, non_empty, optional, required

TYPES = ("UDP", "SRT")
SRT_MODES = ("CALLER", "LISTENER", "RENDEZVOUS")

FIELDS = {
    "name": required("str"),
    "type": required("str", choices=TYPES),
    "host": optional("str", check=non_empty),
    "port": required("int", check=between(1, 65535)),
    "multicast": optional("bool"),
    "description": optional("str", default=""),
    "continuous": optional("bool", default=False),
    "mode": optional("str", choices=SRT_MODES),
    # Limits used by other Haivision SRT products; HMP documents none (sanity limits).
    "latency": optional("int", check=between(20, 8000)),
    "passphrase": optional("str", default=""),
    "id": IMMUTABLE,
    **{k: IGNORED for k in ("active", "bitrate", "ctime", "mtime", "iptv", "iptvIndex",
                            "retransmitPort", "rtcPort", "detectedFeatures")},
}
_SRT_ONLY = ("mode", "latency")
_NOT_FOR_TYPE = {"UDP": ("mode", "latency", "passphrase"), "SRT": ("multicast",)}
READ_ONLY_DEFAULTS = {"iptv": False, "retransmitPort": 0, "rtcPort": 0,
                      "detectedFeatures": {"autodetectEnabled": True, "hevc": False, "_4k": False},
                      "active": False, "bitrate": 0}


def clean(data, current=None):
    """Validate a source body; return the writable fields as they will be stored.

    ``current``: the stored source a PUT replaces; of its fields, only those of the type the body
    asks for may be kept (V8 b).
    """
    if current is not None and isinstance(data, dict):
        current = {k: v for k, v in current.items() if k not in _NOT_FOR_TYPE.get(data.get("type"), ())}
    v = fields.validate(data, FIELDS, current, replaces=current is not None)
    err = errors.INPUT_VALIDATION
    if v["type"] == "UDP":
        for name in _SRT_ONLY:
            if name in v:
                raise err(f"{name} is only valid when type is SRT")
        if v["passphrase"]:
            raise err("passphrase is only valid when type is SRT")
        del v["passphrase"]
        if "multicast" not in v:
            raise err("multicast is required when type is UDP")
        if v["multicast"] and "host" not in v:
            raise err("host is required for a multicast UDP source")
        v.setdefault("host", "0.0.0.0")
    else:
        if "multicast" in v:
            raise err("multicast is only valid when type is UDP")
        if "mode" not in v:
            raise err("mode is required when type is SRT")
        if v["mode"] != "LISTENER" and "host" not in v:
            raise err(f"host is required for an SRT {v['mode']} source")
        v.setdefault("host", "0.0.0.0")
        v.setdefault("latency", 20)  # create example: 20 when omitted
        v["continuous"] = True       # forced for SRT (field table)
        p = v["passphrase"]
        if p and not 10 <= len(p) <= 79:
            raise err("passphrase must be empty or 10 to 79 characters long")
    return v


def build(v, sid, ctime, mtime, extra=None):
    obj = {"description": v["description"], "ctime": ctime, "mtime": mtime, "host": v["host"],
           "port": v["port"], "type": v["type"]}
    for name in ("multicast", "continuous", "mode", "latency", "passphrase"):
        if name in v:
            obj[name] = v[name]
    for name, default in READ_ONLY_DEFAULTS.items():
        obj[name] = (extra or {}).get(name, default)
    obj["id"], obj["name"] = sid, v["name"]
    return obj


def view(src, answer="one", b=None):
    """The stored source as an answer of the release played shows it (``b``: its Behaviour, by default
    this request's): without the read-only fields the release lacks; ``answer`` "create" carries only
    the basic fields where the release echoes no more (contract: sources)."""
    b = b or behaviour()
    keep = b.source_create_fields if answer == "create" else None
    return {k: v for k, v in src.items()
            if k not in b.source_hidden_fields and (keep is None or k in keep)}


def creator_metadata(user):
    return [metadata.string_entry("calypso:creator", user["username"])]


def from_seed(st, obj):
    obj = dict(obj)
    meta = obj.pop("metadata", [])
    sid = obj.get("id") or new_id()
    t = now()
    v = clean({k: val for k, val in obj.items() if FIELDS.get(k) is not IMMUTABLE})
    st.sources[sid] = build(v, sid, obj.get("ctime", t), obj.get("mtime", obj.get("ctime", t)), obj)
    st.source_meta[sid] = fields.validate_metadata(meta)


def to_seed(st, src):
    return {**src, "metadata": st.source_meta.get(src["id"], [])}


def get_source(st, sid, error=errors.SOURCE_NOT_FOUND):
    if sid not in st.sources:
        raise error()
    return st.sources[sid]


@route("/apis/sources", "GET", perm="Sources - VIEW", dead_login=errors.NO_RESULTS)
def list_sources():
    return listing([view(src) for src in search(list(state().sources.values()), ("name", "description"))])


@route("/apis/sources", "POST", perm="Sources - CREATE")
def create_source():
    st = state()
    v = clean(body({}))
    sid, t = new_id(), now()
    st.sources[sid] = build(v, sid, t, t)
    st.source_meta[sid] = creator_metadata(current_user())
    return created(view(st.sources[sid], "create"))


@route("/apis/sources/<sourceId>", "GET", perm="Sources - VIEW")
def get_one(sourceId):
    return ok(view(get_source(state(), sourceId)))


@route("/apis/sources/<sourceId>", "PUT", perm="Sources - EDIT")
def edit_source(sourceId):
    st = state()
    cur = get_source(st, sourceId, errors.NOT_FOUND)  # the edit page documents 040000
    v = clean(body({}), cur)
    st.sources[sourceId] = build(v, sourceId, cur["ctime"], max(now(), cur["mtime"]), cur)
    return ok(view(st.sources[sourceId]))


@route("/apis/sources/<sourceId>", "DELETE", perm="Sources - DELETE")
def delete_source(sourceId):
    st = state()
    get_source(st, sourceId)
    # Deleting a member source changes the session's sources, which an active recording
    # forbids (contract: busy_session); otherwise the membership goes with the source.
    holders = [s for s, members in st.session_sources.items()
               if any(m["sourceId"] == sourceId for m in members)]
    if any(st.session_recording(s) for s in holders):
        raise errors.RECORDING_IN_PROGRESS()
    for s in holders:
        st.session_sources[s] = [m for m in st.session_sources[s] if m["sourceId"] != sourceId]
    del st.sources[sourceId]
    st.source_meta.pop(sourceId, None)
    return empty()


metadata.routes("/apis/sources", "sourceId", "Sources", "sources", "source_meta",
                errors.SOURCE_NOT_FOUND,
                delete_not_found=errors.SOURCE_METADATA_SOURCE_NOT_FOUND)  # its own page (contract: not_found_codes)
