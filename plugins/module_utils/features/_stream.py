# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Re-streams of a finished video (contract: streams).

``stream_steps`` is pure: from the stream HMP reports (or None), what the task asks for and what else uses
addresses (other streams, sources), it returns the ``Step``s to send, each with its effect on the stream,
or raises ``InvalidValue`` before any write.  ``ensure_stream`` reads, runs the steps (nothing in check
mode) and builds the module result; ``video_titles`` names the videos streams refer to (hmp_stream_info's
``describe_streams``, in ``_info.py``, shows them too).

HMP's stream PUT toggles when its body has no ``state``, so every PUT planned here carries one.
HMP reports no playback position, so a ``position`` seeks on every run.

A start whose answer never came (no answer, or a 5xx) is read back: the video's streams are listed, and a
stream of that video to the task's address and port (or destinations), which no stream used before the start,
is the one it made; only when there is none is the start sent again. A seek leaves nothing to read back: it is
sent once, and a lost answer fails the task. Pauses, resumes (PUT) and stops (DELETE) are safe to send again.
"""

from __future__ import annotations

from ansible_collections.haivision.hmp.plugins.module_utils.engine._operations import NEW, Step, predict, run
from ansible_collections.haivision.hmp.plugins.module_utils.engine._lookup import Lookup
from ansible_collections.haivision.hmp.plugins.module_utils._resources import SOURCE, STREAM, VIDEO
from ansible_collections.haivision.hmp.plugins.module_utils.engine._schema import InvalidValue
from ansible_collections.haivision.hmp.plugins.module_utils.engine._values import host, int_range, non_negative_seconds

STREAM_STATES = PLAYING, PAUSED, STOPPED = "playing", "paused", "stopped"  # hmp_stream's state, and HMP's


def stream_path(stream_id):
    return STREAM.item(stream_id)


def video_titles(lookup):
    """``{video id: title}`` of every video: how streams (which name their video by id) are shown."""
    return dict((VIDEO.id_of(v), VIDEO.name_of(v)) for v in lookup.all(VIDEO))


def destinations_to_api(destinations):
    """The task's ``destinations`` (track_id, address, port) in HMP's form (trackId, address, port)."""
    if destinations is None:
        return None
    return [{"trackId": d["track_id"], "address": d["address"], "port": d["port"]} for d in destinations]


def destinations_of(stream):
    """(trackId, address, port) of each destination of a stream HMP reports; a stream listed without
    ``destinations`` has one, its own address and port."""
    listed = stream.get("destinations")
    if listed:
        return sorted((d.get("trackId"), d.get("address"), d.get("port")) for d in listed)
    return [(None, stream.get("address"), stream.get("port"))]


def pairs_of(stream):
    return set((address, port) for _track, address, port in destinations_of(stream))


def wanted_pairs(want):
    if want.get("destinations"):
        return [(d["address"], d["port"]) for d in want["destinations"]]
    return [(want.get("address"), want.get("port"))]


def is_stream_of(stream, video_id, want):
    """Whether ``stream`` is the one the task describes: of ``video_id``, to the same destination(s)."""
    if stream.get("asset") != video_id:
        return False
    have = destinations_of(stream)
    if want.get("destinations"):
        wanted = sorted((d["trackId"], d["address"], d["port"]) for d in want["destinations"])
        if all(track is None for track, _a, _p in have):  # listed without track ids: compare addresses
            return sorted((a, p) for _t, a, p in have) == sorted((a, p) for _t, a, p in wanted)
        return have == wanted
    return len(have) == 1 and (have[0][1], have[0][2]) == (want.get("address"), want.get("port"))


def where(want):
    if want.get("destinations"):
        return ", ".join("track %s to %s:%s" % (d["trackId"], d["address"], d["port"]) for d in want["destinations"])
    return "%s:%s" % (want.get("address"), want.get("port"))


def refuse_used_addresses(want, streams, sources, video_titles):
    """HMP refuses (400 010006) an address/port pair another stream or a source uses: say which."""
    option = "destinations" if want.get("destinations") else "address"
    seen = set()
    for pair in wanted_pairs(want):
        if pair in seen:
            raise InvalidValue("%s: %s:%s is given twice; each destination needs its own address/port"
                               % (option, pair[0], pair[1]))
        seen.add(pair)
        for stream in streams:
            if pair in pairs_of(stream):
                video = stream.get("asset")
                raise InvalidValue(
                    "%s: %s:%s is already in use by stream %s (video %r, %s); stop that stream or choose "
                    "another address or port" % (option, pair[0], pair[1], stream.get("id"),
                                                 (video_titles or {}).get(video, video), stream.get("state") or PLAYING))
        for source in sources:
            if (source.get("host"), source.get("port")) == pair:
                raise InvalidValue("%s: %s:%s is already in use by source %r (id %s); choose another address or port"
                                   % (option, pair[0], pair[1], source.get("name"), source.get("id")))


def refuse_unstartable(want, video):
    """What HMP would refuse about starting this stream of ``video``, said before any write."""
    if video.get("recording"):  # some servers list a video while it is recorded (contract: recording_video)
        raise InvalidValue("video: %r (id %s) is still being recorded, and HMP streams only a finished video; stop "
                           "its recording first (haivision.hmp.hmp_recording with state stopped)"
                           % (video.get("title"), video.get("id")))
    tracks = video.get("movieTrackCount") or 1
    if tracks > 1 and not want.get("destinations"):
        raise InvalidValue("destinations: video %r has %d tracks (a multi-source recording); HMP streams it only "
                           "with destinations, one per track" % (video.get("title"), tracks))


def start_body(want):
    if want.get("destinations"):
        first = want["destinations"][0]
        return {"address": first["address"], "port": first["port"], "destinations": want["destinations"]}
    return {"address": want["address"], "port": want["port"]}


def started(want, video_id):
    """The stream a start of ``video_id`` makes, as HMP lists it (check mode): HMP numbers the tracks of a single
    address."""
    destinations = want.get("destinations")
    if not destinations:
        return {"id": None, "asset": video_id, "state": PLAYING, "address": want["address"], "port": want["port"]}
    single = len(destinations) == 1
    return {"id": None, "asset": video_id, "state": PLAYING,
            "address": destinations[0]["address"] if single else "multiple",
            "port": destinations[0]["port"] if single else 0, "destinations": destinations}


def video_streams(video_id):
    """The streams of one video: where a stream starts, and where it is read back (the same permission)."""
    return "%s/%s/streams" % (VIDEO.collection(), video_id)


def started_stream(video_id, want):
    """The ``took_effect`` of a start: after a lost answer, the stream of ``video_id`` to the task's destination(s),
    or None (then the start is sent again). No stream used that address before the start
    (``refuse_used_addresses``), so one found there is the one the start made."""
    def took_effect(client):
        listed = client.list(video_streams(video_id), empty_codes=STREAM.empty_codes)
        return next((s for s in listed if is_stream_of(dict(s, asset=s.get("asset") or video_id), video_id, want)),
                    None)
    return took_effect


def stream_steps(current, want, streams=(), sources=(), video=None, video_titles=None):
    """The steps that take ``current`` (a stream HMP reports, or None) to ``want``.

    ``want``: ``state`` (playing, paused, stopped), ``position`` (seconds or None), and to start a
    stream ``address`` + ``port`` or ``destinations`` (HMP's form). ``streams`` and
    ``sources`` are what else uses addresses, ``video`` the video to stream (its title, tracks and
    duration), ``video_titles`` names the videos of other streams in messages.
    """
    state, position = want["state"], want.get("position")
    if state == STOPPED:
        if position is not None:
            raise InvalidValue("position: %r asks to seek, and a stopped stream has no position; leave position "
                               "out with state stopped" % position)
        if current is None:
            return []
        return [Step("DELETE", stream_path(current["id"]), says="stop stream %s" % current["id"],
                     effect=lambda stream: None)]
    steps = []
    if current is None:
        if video is None:
            raise InvalidValue("video: required to start a stream")
        refuse_unstartable(want, video)
        refuse_used_addresses(want, streams, sources, video_titles)
        stream_id = NEW
        steps.append(Step("POST", video_streams(video["id"]), start_body(want),
                          says="start stream %s of video %r to %s" % (NEW, video.get("title"), where(want)),
                          effect=lambda stream: started(want, video["id"]), makes=True,
                          took_effect=started_stream(video["id"], want)))
        if state == PAUSED:
            steps.append(Step("PUT", stream_path(NEW), {"state": PAUSED}, says="pause stream %s" % NEW,
                              effect={"state": PAUSED}))
    else:
        stream_id = current["id"]
        if (current.get("state") or PLAYING) != state:
            steps.append(Step("PUT", stream_path(stream_id), {"state": state},
                              says="%s stream %s" % ("pause" if state == PAUSED else "resume", stream_id),
                              effect={"state": state}))
    if position is not None:
        length = (video or {}).get("duration")
        if isinstance(length, (int, float)) and not isinstance(length, bool) and 0 < length < position:
            raise InvalidValue("position: %r is past the end of video %r (%s seconds long)"
                               % (position, video.get("title"), length))
        steps.append(Step("POST", stream_path(stream_id) + "/seek", {"time": position},
                          says="seek stream %s to %s s" % (stream_id, position)))
    return steps


def stream_view(stream, title):
    if stream is None:
        return {"state": STOPPED}
    view = {"state": stream.get("state") or PLAYING, "video": title, "address": stream.get("address"),
            "port": stream.get("port")}
    if stream.get("destinations"):
        view["destinations"] = [{"track_id": d.get("trackId"), "address": d.get("address"), "port": d.get("port")}
                                for d in stream["destinations"]]
    return view


def find_video(lookup, reference, required):
    """The video ``reference`` (title or id) names; with ``required`` false, None when there is none
    (nothing of it can be streamed, so there is nothing to stop)."""
    if required:
        return lookup.resolve(VIDEO, reference, "video")
    listed = lookup.all(VIDEO)
    by_id = next((v for v in listed if VIDEO.id_of(v) == reference), None)
    return by_id or lookup.named(VIDEO, reference, option="video")


def find_stream(lookup, params, want):
    """(the stream the task is about or None, the streams listed, the video) by ``id``, else by
    ``video`` + ``address`` + ``port`` or ``destinations``."""
    state = want["state"]
    if params.get("id"):
        current = lookup.by_id(STREAM, params["id"])
        if current is None and state != STOPPED:
            raise InvalidValue("id: no stream has the id %r; give video with address and port (or destinations) "
                               "instead of id to start one" % params["id"])
        video = lookup.by_id(VIDEO, current.get("asset")) if current and want.get("position") is not None else None
        return current, [], video
    if not params.get("video"):
        raise InvalidValue("video: required without id: the stream is found by video with address and port "
                           "(or destinations)")
    video = find_video(lookup, params["video"], state != STOPPED)
    if video is None:
        return None, [], None
    streams = lookup.all(STREAM)
    found = [s for s in streams if is_stream_of(s, VIDEO.id_of(video), want)]
    if len(found) > 1:  # HMP refuses a second stream to an address, so this should not happen
        raise InvalidValue("video: %d streams of video %r go to %s (ids %s); give the id of the one you mean"
                           % (len(found), video.get("title"), where(want), ", ".join(sorted(s["id"] for s in found))))
    return (found[0] if found else None), streams, video


def ensure_stream(client, params, check_mode=False, diff_mode=False):
    """hmp_stream: bring one stream to ``state`` (and ``position``); return the module result."""
    lookup = Lookup(client)
    want = {"state": params["state"],
            "position": None if params.get("position") is None else non_negative_seconds("position", params["position"]),
            "address": params.get("address"), "port": params.get("port"),
            "destinations": destinations_to_api(params.get("destinations"))}
    if want["state"] == STOPPED and want["position"] is not None:
        stream_steps(None, want)  # refuses before any read
    if want["address"] is not None:
        host("address", want["address"])
    if want["port"] is not None:
        int_range(1, 65535)("port", want["port"])
    if want["destinations"] is None and want["address"] is None and params.get("video"):
        raise InvalidValue("address: address and port (or destinations) say which stream of video %r the task is "
                           "about" % params["video"])
    if want["destinations"] == []:
        raise InvalidValue("destinations: [] holds no destination; give one per track, or address and port")
    for index, destination in enumerate(want["destinations"] or []):
        host("destinations[%d].address" % index, destination["address"])
        int_range(1, 65535)("destinations[%d].port" % index, destination["port"])
    current, streams, video = find_stream(lookup, params, want)
    sources, titles = (), {}
    if current is None and want["state"] != STOPPED:
        sources = lookup.all(SOURCE)
        titles = video_titles(lookup)
    steps = stream_steps(current, want, [s for s in streams if s is not current], sources, video, titles)
    ran = run(client, steps, check_mode)

    if check_mode or not steps:
        after = predict(current, steps)
    elif want["state"] == STOPPED:
        after = None
    else:
        after = lookup.client.get_or_none(stream_path(ran.made or current["id"]), STREAM.not_found)
    video_id = (after or current or {}).get("asset") or VIDEO.id_of(video)
    if video is None and video_id:
        video = lookup.by_id(VIDEO, video_id)
    title = (video or {}).get("title")
    if after is not None:
        after = dict(after, video_title=title)
    result = {"changed": ran.changed, "actions": ran.says, "stream": after}
    if diff_mode:
        after_view = stream_view(after, title)
        if want["position"] is not None:
            after_view["position"] = want["position"]
        result["diff"] = {"before": stream_view(current, title), "after": after_view}
    return result
