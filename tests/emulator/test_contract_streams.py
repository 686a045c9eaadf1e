"""Streams (re-streams of finished videos) (contract: streams)."""
import pytest

STREAM_NOT_FOUND = ("040003", "StreamNotFound", "Stream not found")
ASSET_NOT_FOUND = ("040002", "AssetNotFound", "Video not found")


@pytest.fixture
def video(make):
    return make.video()


# ---------------------------------------------------------------- start / asset-scoped
def test_start_stream_201(admin, video):
    d = admin.ok(admin.post(f"/apis/assets/{video['id']}/streams",
                            {"address": "239.134.32.100", "port": 4900}), 201)
    assert (d["address"], d["port"], d["asset"]) == ("239.134.32.100", 4900, video["id"])
    assert d["username"] == "haiadmin" and isinstance(d["id"], str) and d["id"]


def test_start_stream_on_unknown_video_is_404(admin):
    r = admin.post("/apis/assets/unknown-id/streams", {"address": "239.134.32.100", "port": 4900})
    admin.err(r, 404, *ASSET_NOT_FOUND)


def test_start_stream_on_used_address_port_is_400(admin, make, video, state):
    make.stream(video["id"], address="239.134.32.100", port=4900)
    other = make.video()
    before = state()
    r = admin.post(f"/apis/assets/{other['id']}/streams", {"address": "239.134.32.100", "port": 4900})
    admin.err(r, 400, "010006", "AddressPortAlreadyInUse", "Address or port already in use")
    assert state() == before


def test_start_stream_on_source_address_is_400(admin, make, video):
    make.source(host="239.50.50.50", port=4950)
    r = admin.post(f"/apis/assets/{video['id']}/streams", {"address": "239.50.50.50", "port": 4950})
    admin.err(r, 400, "010006", "AddressPortAlreadyInUse", "Address or port already in use by a source")


def test_multi_source_video_needs_destinations(admin, make, state):
    v = make.video(sources=2)
    before = state()
    r = admin.post(f"/apis/assets/{v['id']}/streams", {"address": "239.134.32.100", "port": 4900})
    admin.err(r, 400, "010005", "MultiSourcesStream",
              "Multi-Source recordings must have a destination list")
    assert state() == before


def test_multi_source_stream_with_destinations(admin, make):
    v = make.video(sources=2)
    dests = [{"trackId": 3, "address": "239.134.32.100", "port": 4900},
             {"trackId": 4, "address": "239.134.32.101", "port": 4900}]
    d = admin.ok(admin.post(f"/apis/assets/{v['id']}/streams",
                            {"address": "ignored", "port": 1, "destinations": dests}), 201)
    assert d["destinations"] == dests
    assert (d["address"], d["port"]) == ("multiple", 0)  # as the documented multi-destination example


@pytest.mark.parametrize("body, field", [({"address": "239.1.2.3", "port": "4900"}, "port"),
                                         ({"address": None, "port": 4900}, "address"),
                                         ({"port": 4900}, "address")])
def test_start_stream_invalid_body_is_400(admin, video, state, body, field):
    before = state()
    b = admin.err(admin.post(f"/apis/assets/{video['id']}/streams", body), 400, "010001")
    assert field in b.get("message", "")
    assert state() == before


def test_list_video_streams(admin, make, video):
    s1 = make.stream(video["id"])
    s2 = make.stream(video["id"])
    data, paging = admin.ok_list(admin.get(f"/apis/assets/{video['id']}/streams"))
    assert {s["id"] for s in data} == {s1["id"], s2["id"]} and paging["results"] == 2


def test_list_video_streams_none_is_404_no_results(admin, video):
    admin.err(admin.get(f"/apis/assets/{video['id']}/streams"), 404, "040012", "NoResults")


def test_list_streams_of_unknown_video_is_404(admin):
    admin.err(admin.get("/apis/assets/unknown-id/streams"), 404, *ASSET_NOT_FOUND)


def test_get_video_stream(admin, make, video):
    s = make.stream(video["id"])
    d = admin.ok(admin.get(f"/apis/assets/{video['id']}/streams/{s['id']}"))
    assert (d["id"], d["address"], d["port"], d["asset"]) == (s["id"], s["address"], s["port"],
                                                              video["id"])


def test_get_unknown_video_stream_is_404(admin, video):
    admin.err(admin.get(f"/apis/assets/{video['id']}/streams/unknown-id"), 404, *STREAM_NOT_FOUND)


def test_delete_video_stream(admin, make, video):
    s = make.stream(video["id"])
    admin.ok_empty(admin.delete(f"/apis/assets/{video['id']}/streams/{s['id']}"))
    admin.err(admin.get(f"/apis/streams/{s['id']}"), 404, *STREAM_NOT_FOUND)


def test_delete_unknown_video_stream_is_404(admin, video):
    admin.err(admin.delete(f"/apis/assets/{video['id']}/streams/unknown-id"), 404, *STREAM_NOT_FOUND)


# ---------------------------------------------------------------- global /apis/streams
def test_list_streams(admin, make):
    v1, v2 = make.video(), make.video()
    s1, s2 = make.stream(v1["id"]), make.stream(v2["id"])
    data, paging = admin.ok_list(admin.get("/apis/streams"))
    assert {s["id"] for s in data} == {s1["id"], s2["id"]} and paging["results"] == 2


def test_list_streams_empty_is_404(admin):
    admin.err(admin.get("/apis/streams"), 404, "040012", "NoResults", "No results")


def test_get_stream_is_playing_by_default(admin, make, video):
    s = make.stream(video["id"])
    d = admin.ok(admin.get(f"/apis/streams/{s['id']}"))
    assert d["id"] == s["id"] and d["asset"] == video["id"] and d["state"] == "playing"


def test_get_unknown_stream_is_404(admin):
    admin.err(admin.get("/apis/streams/unknown-id"), 404, *STREAM_NOT_FOUND)


def test_put_stream_pause_and_resume(admin, make, video):
    s = make.stream(video["id"])
    assert admin.ok(admin.put(f"/apis/streams/{s['id']}", {"state": "paused"}))["state"] == "paused"
    assert admin.ok(admin.get(f"/apis/streams/{s['id']}"))["state"] == "paused"
    assert admin.ok(admin.put(f"/apis/streams/{s['id']}", {"state": "playing"}))["state"] == "playing"


def test_put_stream_same_state_is_no_op(admin, make, video):
    s = make.stream(video["id"])
    before = admin.ok(admin.get(f"/apis/streams/{s['id']}"))
    d = admin.ok(admin.put(f"/apis/streams/{s['id']}", {"state": "playing"}))
    assert d["state"] == "playing"
    assert admin.ok(admin.get(f"/apis/streams/{s['id']}")) == before


def test_put_stream_without_state_toggles(admin, make, video):
    # documented: if `state` is omitted the state is toggled (contract: streams)
    s = make.stream(video["id"])
    assert admin.ok(admin.put(f"/apis/streams/{s['id']}", {}))["state"] == "paused"
    assert admin.ok(admin.put(f"/apis/streams/{s['id']}", {}))["state"] == "playing"


def test_put_stream_invalid_state_is_400(admin, make, video, state):
    s = make.stream(video["id"])
    before = state()
    r = admin.put(f"/apis/streams/{s['id']}", {"state": "stopped"})
    admin.err(r, 400, "010001", "InputValidationFailed", "Invalid state stopped")
    assert state() == before


def test_put_unknown_stream_is_404(admin):
    admin.err(admin.put("/apis/streams/unknown-id", {"state": "paused"}), 404, *STREAM_NOT_FOUND)


@pytest.fixture
def long_video(seed):
    """A seeded 120 s video, so that seeking inside it is valid whatever the rules at the end."""
    c = seed({"videos": [{"title": "Long", "description": "", "duration": 120.0,
                          "movieTrackCount": 1}]})
    data, _ = c.ok_list(c.get("/apis/assets"))
    return data[0]


def test_seek(admin, make, long_video):
    s = make.stream(long_video["id"])
    assert admin.ok(admin.post(f"/apis/streams/{s['id']}/seek", {"time": 60.5}), 201) == {"time": 60.5}


def test_seek_keeps_state(admin, make, long_video):
    s = make.stream(long_video["id"])
    admin.ok(admin.put(f"/apis/streams/{s['id']}", {"state": "paused"}))
    admin.ok(admin.post(f"/apis/streams/{s['id']}/seek", {"time": 1}), 201)
    assert admin.ok(admin.get(f"/apis/streams/{s['id']}"))["state"] == "paused"


@pytest.mark.parametrize("body", [{"time": "ten"}, {"time": None}, {}])
def test_seek_invalid_time_is_400(admin, make, long_video, state, body):
    s = make.stream(long_video["id"])
    before = state()
    admin.err(admin.post(f"/apis/streams/{s['id']}/seek", body), 400, "010001")
    assert state() == before


def test_seek_unknown_stream_is_404(admin):
    admin.err(admin.post("/apis/streams/unknown-id/seek", {"time": 1}), 404, *STREAM_NOT_FOUND)


def test_delete_stream(admin, make, video):
    s = make.stream(video["id"])
    admin.ok_empty(admin.delete(f"/apis/streams/{s['id']}"))
    admin.err(admin.get(f"/apis/streams/{s['id']}"), 404, *STREAM_NOT_FOUND)
    admin.err(admin.get(f"/apis/assets/{video['id']}/streams"), 404, "040012", "NoResults")


def test_delete_unknown_stream_is_404(admin):
    admin.err(admin.delete("/apis/streams/unknown-id"), 404, *STREAM_NOT_FOUND)


def test_address_port_free_again_after_stop(admin, make, video):
    s = make.stream(video["id"], address="239.134.32.100", port=4900)
    admin.ok_empty(admin.delete(f"/apis/streams/{s['id']}"))
    make.stream(video["id"], address="239.134.32.100", port=4900)


def test_video_streams_only_lists_that_videos_streams(admin, make, video):
    mine = make.stream(video["id"])
    other = make.video()
    make.stream(other["id"])
    data, _ = admin.ok_list(admin.get(f"/apis/assets/{video['id']}/streams"))
    assert [s["id"] for s in data] == [mine["id"]]
    # a stream of another video is not reachable through this video
    theirs, _ = admin.ok_list(admin.get(f"/apis/assets/{other['id']}/streams"))
    admin.err(admin.get(f"/apis/assets/{video['id']}/streams/{theirs[0]['id']}"), 404,
              "040003", "StreamNotFound")
