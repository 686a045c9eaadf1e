"""Streams: re-streaming a finished video (contract: streams)."""
from . import errors, fields, videos
from .api import body, created, current_user, empty, listing, new_id, ok, route, state
from .fields import IGNORED, IMMUTABLE, between, non_empty, optional, required

STATES = ("playing", "paused")
FIRST_TRACK = 3  # track numbering as in the documented examples (trackId 3, 4, ...)

START_FIELDS = {
    "address": optional("str", check=non_empty),
    "port": optional("int", check=between(0, 65535)),
    "destinations": optional("list"),
    "state": optional("str", default="playing", choices=STATES),
    "id": IMMUTABLE,
    "username": IGNORED, "asset": IGNORED,
}
DESTINATION_FIELDS = {"trackId": required("int"), "address": required("str", check=non_empty),
                      "port": required("int", check=between(0, 65535))}
EDIT_FIELDS = {"state": optional("str"), "id": IMMUTABLE,
               **{k: IGNORED for k in ("address", "port", "destinations", "username", "asset")}}
SEEK_FIELDS = {"time": required("number", check=lambda t: None if t >= 0 else "must not be negative")}
ERR = errors.INPUT_VALIDATION_FAILED


def _destinations(v, video):
    if v.get("destinations") is not None:
        if not v["destinations"]:
            raise ERR("destinations must not be empty")
        out = []
        for i, d in enumerate(v["destinations"]):
            if not isinstance(d, dict):
                raise ERR(f"destinations[{i}] must be an object")
            out.append(fields.validate(d, DESTINATION_FIELDS, error=ERR))
        return out
    if video["movieTrackCount"] > 1:
        raise errors.MULTI_SOURCES_STREAM()
    for name in ("address", "port"):
        if name not in v:
            raise ERR(f"{name} is required")
    return [{"trackId": FIRST_TRACK, "address": v["address"], "port": v["port"]}]


def _check_free(st, dests):
    """An address/port pair used by another stream or by a source -> 400 010006 (contract: streams)."""
    used = {(d["address"], d["port"]) for s in st.streams.values() for d in s["destinations"]}
    by_sources = {(s["host"], s["port"]) for s in st.sources.values()}
    for d in dests:
        pair = (d["address"], d["port"])
        if pair in used:
            raise errors.ADDRESS_IN_USE()
        if pair in by_sources:
            raise errors.ADDRESS_IN_USE_BY_SOURCE()
        used.add(pair)


def build(sid, asset, username, state_, dests):
    single = len(dests) == 1
    return {"address": dests[0]["address"] if single else "multiple",
            "port": dests[0]["port"] if single else 0,
            "asset": asset, "username": username, "id": sid, "state": state_,
            "destinations": [dict(d) for d in dests]}


def from_seed(st, obj):
    obj = dict(obj)
    ref = obj.pop("video", None) or obj.pop("asset", None)
    vid = st.resolve("video", st.videos, ref, "title")
    sid = obj.pop("id", None) or new_id()
    username = obj.pop("username", st.admin["username"])
    v = fields.validate(obj, START_FIELDS, error=ERR)
    dests = _destinations(v, st.videos[vid])
    _check_free(st, dests)
    st.streams[sid] = build(sid, vid, username, v["state"], dests)


def get_stream(st, sid, asset=None):
    """The stream ``sid``; with ``asset``, a stream of that video (an unknown video: AssetNotFound)."""
    if asset is not None:
        videos.get_video(st, asset)
    s = st.streams.get(sid)
    if s is None or (asset is not None and s["asset"] != asset):
        raise errors.STREAM_NOT_FOUND()
    return s


@route("/apis/assets/<assetId>/streams", "GET", perm="Recordings - STREAM", dead_login=errors.NO_RESULTS)
def list_video_streams(assetId):
    st = state()
    videos.get_video(st, assetId)
    return listing([dict(s) for s in st.streams.values() if s["asset"] == assetId])


@route("/apis/assets/<assetId>/streams", "POST", perm="Recordings - STREAM")
def start_stream(assetId):
    st = state()
    video = videos.not_recording(st, assetId)
    v = fields.validate(body({}), START_FIELDS, error=ERR)
    dests = _destinations(v, video)
    _check_free(st, dests)
    sid = new_id()
    st.streams[sid] = build(sid, assetId, current_user()["username"], v["state"], dests)
    return created(st.streams[sid])


@route("/apis/assets/<assetId>/streams/<streamId>", "GET", perm="Recordings - STREAM")
def get_video_stream(assetId, streamId):
    return ok(get_stream(state(), streamId, assetId))


@route("/apis/assets/<assetId>/streams/<streamId>", "DELETE", perm="Recordings - STREAM")
def stop_video_stream(assetId, streamId):
    st = state()
    del st.streams[get_stream(st, streamId, assetId)["id"]]
    return empty()


@route("/apis/streams", "GET", perm="System - VIEW", dead_login=errors.NO_RESULTS)
def list_streams():
    return listing([dict(s) for s in state().streams.values()])


@route("/apis/streams/<streamId>", "GET", perm="Recordings - STREAM")
def get_one(streamId):
    return ok(get_stream(state(), streamId))


@route("/apis/streams/<streamId>", "PUT", perm="Recordings - STREAM")
def pause_resume(streamId):
    st = state()
    s = get_stream(st, streamId)
    target = fields.validate(body({}), EDIT_FIELDS, s, error=ERR).get("state")
    if target is None:  # no state toggles (documented; clients never rely on it)
        target = "paused" if s["state"] == "playing" else "playing"
    if target not in STATES:
        raise ERR(f"Invalid state {target}")
    s["state"] = target
    return ok(s)


@route("/apis/streams/<streamId>/seek", "POST", perm="Recordings - STREAM")
def seek(streamId):
    st = state()
    get_stream(st, streamId)
    t = fields.validate(body({}), SEEK_FIELDS, error=ERR)["time"]
    return created({"time": t})


@route("/apis/streams/<streamId>", "DELETE", perm="Recordings - STREAM")
def stop(streamId):
    st = state()
    del st.streams[get_stream(st, streamId)["id"]]
    return empty()
