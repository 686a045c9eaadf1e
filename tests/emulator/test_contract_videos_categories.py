"""Videos (assets), video metadata and categories (contract: videos, categories, put_semantics,
recordings, not_found_codes)."""
import pytest

NOT_FOUND = ("040002", "AssetNotFound", "Video not found")  # (contract: not_found_codes)
CATEGORIES = [
    {"label": "Locations", "values": ["Montreal", "Ottawa"]},
    {"label": "Sports", "values": ["Hockey", "Tennis"]},
]


def _seed_videos(seed):
    return seed({
        "sessions": [{"title": "Studio A", "active": False, "syncrecord": False}],
        "categories": CATEGORIES,
        "videos": [
            {"title": "Keynote", "description": "Opening talk", "duration": 60.5,
             "movieTrackCount": 1, "session": "Studio A",
             "metadata": [{"name": "calypso:category:Locations",
                           "field": [{"fieldType": "STRING", "valueString": "Montreal"}]}]},
            {"title": "Panel", "description": "", "duration": 30, "movieTrackCount": 1},
        ],
    })


def _video(c, title):
    data, _ = c.ok_list(c.get("/apis/assets"))
    return next(v for v in data if v["title"] == title)


# ---------------------------------------------------------------- assets
def test_list_videos(admin, make):
    v1, v2 = make.video(), make.video()
    data, paging = admin.ok_list(admin.get("/apis/assets"))
    assert {v["id"] for v in data} == {v1["id"], v2["id"]}
    assert (paging["results"], paging["pageSize"]) == (2, 15)
    for v in data:
        assert {"id", "title", "description", "ctime", "mtime", "duration", "recording",
                "movieTrackCount"} <= set(v)


def test_list_videos_empty_is_404(admin):
    admin.err(admin.get("/apis/assets"), 404, "040012", "NoResults", "No results")


def test_list_seeded_videos_and_q_search(seed):
    c = _seed_videos(seed)
    data, _ = c.ok_list(c.get("/apis/assets"))
    assert sorted(v["title"] for v in data) == ["Keynote", "Panel"]
    data, _ = c.ok_list(c.get("/apis/assets", params={"q": "OPENING"}))
    assert [v["title"] for v in data] == ["Keynote"]


def test_get_video(admin, make):
    v = make.video()
    d = admin.ok(admin.get(f"/apis/assets/{v['id']}"))
    assert d["id"] == v["id"] and d["recording"] is False


def test_get_unknown_video_is_404(admin):
    admin.err(admin.get("/apis/assets/unknown-id"), 404, *NOT_FOUND)


def test_put_video_title_and_description(admin, make):
    v = make.video()
    d = admin.ok(admin.put(f"/apis/assets/{v['id']}", {"title": "New title", "description": "API Test"}))
    assert (d["title"], d["description"], d["id"]) == ("New title", "API Test", v["id"])
    assert admin.ok(admin.get(f"/apis/assets/{v['id']}"))["title"] == "New title"


def test_put_video_resets_omitted_description(admin, make):
    # PUT replaces; description (Optional) left out -> default "" (contract: put_semantics)
    v = make.video()
    admin.ok(admin.put(f"/apis/assets/{v['id']}", {"title": "T", "description": "D"}))
    d = admin.ok(admin.put(f"/apis/assets/{v['id']}", {"title": "T"}))
    assert d["description"] == ""


def test_put_video_ignores_read_only_fields(admin, make):
    v = make.video()
    d = admin.ok(admin.put(f"/apis/assets/{v['id']}",
                           {"title": "T", "description": "", "duration": 999, "recording": True,
                            "movieTrackCount": 9, "ctime": 1}))
    assert d["duration"] == v["duration"] and d["recording"] is False
    assert d["movieTrackCount"] == v["movieTrackCount"] and d["ctime"] == v["ctime"]


def test_put_video_without_title_is_400(admin, make, state):
    v = make.video()
    before = state()
    admin.err(admin.put(f"/apis/assets/{v['id']}", {"description": "x"}), 400, "010001",
              "InputValidation")
    assert state() == before


def test_put_unknown_video_is_404(admin):
    admin.err(admin.put("/apis/assets/unknown-id", {"title": "T"}), 404, *NOT_FOUND)


def test_delete_video(admin, make):
    v = make.video()
    admin.ok_empty(admin.delete(f"/apis/assets/{v['id']}"))
    admin.err(admin.get(f"/apis/assets/{v['id']}"), 404, *NOT_FOUND)


def test_delete_unknown_video_is_404(admin):
    admin.err(admin.delete("/apis/assets/unknown-id"), 404, *NOT_FOUND)


def test_delete_video_being_streamed_is_409(admin, make, state):
    # the delete page: 409 060013 RecordingBeingStreamed while a re-stream runs
    v = make.video()
    make.stream(v["id"])
    before = state()
    admin.err(admin.delete(f"/apis/assets/{v['id']}"), 409, "060013", "RecordingBeingStreamed",
              "Video currently being streamed")
    assert state() == before


# ---------------------------------------------------------------- video metadata
META = [
    {"name": "calypso:creator", "field": [{"fieldType": "STRING", "valueString": "haiadmin"}]},
    {"name": "calypso:category:Locations", "field": [{"fieldType": "STRING", "valueString": "Chicago"},
                                                     {"fieldType": "STRING", "valueString": "Montreal"}]},
]


def test_get_seeded_video_metadata_has_category_entry(seed):
    # category values are metadata entries calypso:category:<Label> (contract: categories)
    c = _seed_videos(seed)
    v = _video(c, "Keynote")
    data = c.ok(c.get(f"/apis/assets/{v['id']}/metadata"))
    entry = next(m for m in data if m["name"] == "calypso:category:Locations")
    assert entry["field"] == [{"fieldType": "STRING", "valueString": "Montreal"}]


def test_put_video_metadata_replaces_whole_set(admin, make):
    v = make.video()
    stored = admin.ok(admin.put(f"/apis/assets/{v['id']}/metadata", META))
    names = [m["name"] for m in stored]
    assert "calypso:category:Locations" in names
    admin.ok(admin.put(f"/apis/assets/{v['id']}/metadata", META[:1]))
    got = admin.ok(admin.get(f"/apis/assets/{v['id']}/metadata"))
    # metadata PUT replaces the set: the old category entry is gone (HMP may add calypso:creatorDisplayName itself)
    assert "calypso:category:Locations" not in [m["name"] for m in got]
    assert META[0] in got


def test_delete_video_metadata(admin, make):
    v = make.video()
    admin.ok(admin.put(f"/apis/assets/{v['id']}/metadata", META))
    admin.ok_empty(admin.delete(f"/apis/assets/{v['id']}/metadata"))
    admin.err(admin.get(f"/apis/assets/{v['id']}/metadata"), 404, "040012", "NoResults")


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_video_metadata_of_unknown_video_is_404(admin, method):
    r = admin.request(method, "/apis/assets/unknown-id/metadata", json=META if method == "PUT" else None)
    admin.err(r, 404, *NOT_FOUND)


def test_put_video_metadata_invalid_is_400(admin, make, state):
    v = make.video()
    before = state()
    r = admin.put(f"/apis/assets/{v['id']}/metadata", {"name": "calypso:creator"})
    admin.err(r, 400, "010001", "InputValidation")
    assert state() == before


# ---------------------------------------------------------------- categories (read-only)
def test_list_categories(seed):
    c = seed({"categories": CATEGORIES})
    data, paging = c.ok_list(c.get("/apis/categories"))
    assert sorted((x["label"], x["values"]) for x in data) == [("Locations", ["Montreal", "Ottawa"]),
                                                              ("Sports", ["Hockey", "Tennis"])]
    assert all(isinstance(x["id"], str) and x["id"] for x in data)
    assert paging["results"] == 2


def test_list_categories_empty_is_404(admin):
    admin.err(admin.get("/apis/categories"), 404, "040012", "NoResults")


def test_get_category(seed):
    c = seed({"categories": CATEGORIES})
    data, _ = c.ok_list(c.get("/apis/categories"))
    loc = next(x for x in data if x["label"] == "Locations")
    assert c.ok(c.get(f"/apis/categories/{loc['id']}")) == loc


def test_get_unknown_category_is_404(admin):
    admin.err(admin.get("/apis/categories/unknown-id"), 404, "040007", "CategoryNotFound",
              "Category not found")
