"""Videos (assets) and categories (contract: videos, categories)."""
from . import errors, fields, metadata
from .api import body, empty, listing, new_id, now, ok, route, search, state
from .fields import IGNORED, IMMUTABLE, non_empty, optional, required

RECORDED_FROM = "calypso:recorded_from_session"

FIELDS = {
    "title": required("str", check=non_empty),
    "description": optional("str", default=""),
    "id": IMMUTABLE,
    **{k: IGNORED for k in ("ctime", "mtime", "duration", "active", "movieTrackCount", "recording",
                            "trimming", "importing", "tag")},
}


def build(vid, title, description, ctime, mtime, duration, tracks, recording=False):
    return {"id": vid, "title": title, "description": description, "active": False,
            "ctime": ctime, "mtime": mtime, "tag": None, "duration": duration, "recording": recording,
            "trimming": False, "importing": False, "movieTrackCount": tracks}


def view(v):
    return dict(v)


def recorded_from(st, vid):
    """The session a video was recorded from: its calypso:recorded_from_session metadata."""
    return metadata.string_value(st.video_meta.get(vid), RECORDED_FROM)


def from_recording(st, rec, duration, recording=False):
    """The video of a recording, with the recording's id: once stopped, or while it runs (V3 b)."""
    session = st.sessions.get(rec["session"])
    t = now()
    st.videos[rec["id"]] = build(rec["id"], rec["title"], session["description"] if session else "",
                                 t, t, duration, len(rec["recorders"]), recording)
    user = st.find_user(rec["username"])
    display = (user or {}).get("displayName") or rec["username"]
    st.video_meta[rec["id"]] = [metadata.string_entry("calypso:creator", rec["username"]),
                                metadata.string_entry(RECORDED_FROM, rec["session"]),
                                metadata.string_entry("calypso:creatorDisplayName", display)]


def recording_stopped(st, rec, duration):
    """The recording ``rec`` stopped: its video appears, or (V3 b) the listed one is complete;
    title and description edited meanwhile stay."""
    video = st.videos.get(rec["id"])
    if video is None:
        from_recording(st, rec, duration)
    else:
        video.update(duration=duration, movieTrackCount=len(rec["recorders"]), recording=False,
                     mtime=max(now(), video["mtime"]))


def remove(st, vid):
    del st.videos[vid]
    st.video_meta.pop(vid, None)


def not_recording(st, vid):
    """The video, unless its recording still runs (V3 b lists it): 409 RecordingInProgress."""
    video = get_video(st, vid)
    if vid in st.recordings:
        raise errors.RECORDING_IN_PROGRESS()
    return video


def from_seed(st, obj):
    obj = dict(obj)
    session_ref, meta = obj.pop("session", None), fields.validate_metadata(obj.pop("metadata", []))
    vid = obj.get("id") or new_id()
    v = fields.validate({k: val for k, val in obj.items() if k != "id"}, FIELDS)
    t = now()
    dur = obj.get("duration", 0)
    tracks = obj.get("movieTrackCount", 1)
    if not fields.type_ok("number", dur) or not fields.type_ok("int", tracks):
        raise errors.INPUT_VALIDATION("duration must be a number and movieTrackCount an integer")
    st.videos[vid] = build(vid, v["title"], v["description"], obj.get("ctime", t),
                           obj.get("mtime", obj.get("ctime", t)), dur, tracks, obj.get("recording") is True)
    if session_ref is not None and not any(e["name"] == RECORDED_FROM for e in meta):
        sid = st.resolve("session", st.sessions, session_ref, "title")
        meta.append(metadata.string_entry(RECORDED_FROM, sid))
    st.video_meta[vid] = meta


def to_seed(st, v):
    return {**v, "metadata": st.video_meta.get(v["id"], [])}


CATEGORY_DEFAULTS = {"values": list, "multipleValues": lambda: False,
                     "allowCustomValues": lambda: False, "customValues": list, "group": lambda: ""}


def category_from_seed(st, obj):
    if not isinstance(obj.get("label"), str):
        raise errors.INPUT_VALIDATION("category label must be a string")
    cat = {"label": obj["label"]}
    for k, default in CATEGORY_DEFAULTS.items():
        cat[k] = obj.get(k, default())
    cat["id"] = obj.get("id") or new_id()
    cat["index"] = obj.get("index", len(st.categories) + 1)
    st.categories[cat["id"]] = cat


def get_video(st, vid):
    if vid not in st.videos:
        raise errors.ASSET_NOT_FOUND()
    return st.videos[vid]


@route("/apis/assets", "GET", perm="Recordings - VIEW", dead_login=errors.NO_RESULTS)
def list_videos():
    return listing(search([view(v) for v in state().videos.values()], ("title", "description")))


@route("/apis/assets/<assetId>", "GET", perm="Recordings - VIEW")
def get_one(assetId):
    return ok(view(get_video(state(), assetId)))


@route("/apis/assets/<assetId>", "PUT", perm="Recordings - EDIT")
def edit_video(assetId):
    st = state()
    cur = get_video(st, assetId)
    v = fields.validate(body({}), FIELDS, cur, replaces=True)
    cur.update(title=v["title"], description=v["description"], mtime=max(now(), cur["mtime"]))
    return ok(view(cur))


@route("/apis/assets/<assetId>", "DELETE", perm="Recordings - DELETE")
def delete_video(assetId):
    st = state()
    not_recording(st, assetId)
    if any(s["asset"] == assetId for s in st.streams.values()):
        raise errors.VIDEO_BEING_STREAMED()
    remove(st, assetId)
    return empty()


metadata.routes("/apis/assets", "assetId", "Recordings", "videos", "video_meta", errors.ASSET_NOT_FOUND)


@route("/apis/categories", "GET", perm="Categories - VIEW", dead_login=errors.NO_RESULTS)
def list_categories():
    return listing(sorted(state().categories.values(), key=lambda c: c["index"]))


@route("/apis/categories/<categoryId>", "GET", perm="Categories - VIEW")
def get_category(categoryId):
    cat = state().categories.get(categoryId)
    if cat is None:
        raise errors.CATEGORY_NOT_FOUND()
    return ok(cat)
