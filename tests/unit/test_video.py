"""hmp_video over the engine: a resource that is never created, renamed by new_title, and guarded
against deleting while busy without a flag; and the category matching of hmp_video_info."""

import pytest

from ansible_collections.haivision.hmp.plugins.module_utils.engine._reconcile import ensure
from ansible_collections.haivision.hmp.plugins.module_utils._resources import VIDEO, InvalidValue
from ansible_collections.haivision.hmp.plugins.module_utils.engine._values import category_values, non_negative_seconds
from ansible_collections.haivision.hmp.plugins.module_utils.features._info import categories_of, has_categories

from fakes import FakeClient

ASSETS = "/apis/assets"


def video(vid="v1", title="Keynote", description=""):
    return {"id": vid, "title": title, "description": description, "duration": 60.5, "active": False,
            "recording": False, "movieTrackCount": 1, "ctime": 1, "mtime": 1}


def params(**options):
    base = {"title": None, "description": None, "new_title": None, "id": None, "state": "present"}
    base.update(options)
    return base


def run(client, check_mode=False, **options):
    return ensure(client, VIDEO, params(**options), check_mode=check_mode, diff_mode=True)


def refused(client, **options):
    with pytest.raises(InvalidValue) as caught:
        run(client, **options)
    return str(caught.value)


def test_the_argument_spec_has_new_title():
    assert VIDEO.argument_spec()["new_title"] == {"type": "str"}


@pytest.mark.parametrize("check_mode", [False, True])
def test_a_missing_video_is_never_created(check_mode):
    client = FakeClient({ASSETS: [video()]})
    assert refused(client, title="Trailer", description="x") == (
        "title: no video has the title 'Trailer'; HMP makes videos by recording sessions, so this module "
        "never creates one")
    assert client.writes == []


def test_a_missing_id_says_videos_are_never_created():
    client = FakeClient({ASSETS: [video()]})
    assert refused(client, id="v9") == ("id: no video has the id 'v9' (HMP makes videos by recording sessions, "
                                        "so this module never creates one)")


def test_a_missing_video_is_already_absent():
    client = FakeClient({ASSETS: []})
    assert run(client, title="Trailer", state="absent")["changed"] is False
    assert client.writes == []


def test_new_title_renames_with_the_whole_body():
    client = FakeClient({ASSETS: [video(description="Opening")]})
    result = run(client, title="Keynote", new_title="Keynote 2026")
    assert result["changed"] is True
    assert client.writes == [("PUT", ASSETS + "/v1", {"title": "Keynote 2026", "description": "Opening"})]
    assert result["diff"] == {"before": {"title": "Keynote", "description": "Opening"},
                              "after": {"title": "Keynote 2026", "description": "Opening"}}


def test_the_same_rename_again_finds_the_renamed_video_and_changes_nothing():
    client = FakeClient({ASSETS: [video(title="Keynote 2026")]})
    result = run(client, title="Keynote", new_title="Keynote 2026")
    assert result["changed"] is False
    assert result["video"]["id"] == "v1"
    assert client.writes == []


def test_a_rename_with_neither_title_present_is_refused():
    client = FakeClient({ASSETS: [video(title="Other")]})
    assert refused(client, title="Keynote", new_title="Keynote 2026").startswith("title: no video has the title 'Keynote'")


def test_new_title_with_id():
    client = FakeClient({ASSETS: [video()]})
    run(client, id="v1", new_title="Renamed")
    assert client.writes == [("PUT", ASSETS + "/v1", {"title": "Renamed", "description": ""})]


def test_new_title_is_ignored_to_delete():
    client = FakeClient({ASSETS: [video(title="Keynote 2026")]})
    assert run(client, title="Keynote", new_title="Keynote 2026", state="absent")["changed"] is False
    assert client.writes == []


def test_a_video_being_streamed_is_not_deleted_and_the_stream_is_named():
    client = FakeClient({ASSETS: [video()], ASSETS + "/v1/streams": [{"id": "s2"}, {"id": "s1"}]})
    assert refused(client, title="Keynote", state="absent") == (
        "video 'Keynote' has a stream in progress (id s1, s2); stop it before deleting the video")
    assert client.writes == []


def test_a_video_still_being_recorded_is_not_deleted_and_nothing_else_is_read():
    recording = dict(video(), recording=True, duration=0)
    client = FakeClient({ASSETS: [recording]})
    assert refused(client, title="Keynote", state="absent") == (
        "video 'Keynote' has a recording in progress (id v1); stop it before deleting the video")
    assert client.writes == [] and client.reads == [ASSETS]


def test_a_video_still_being_recorded_takes_a_new_title():
    client = FakeClient({ASSETS: [dict(video(), recording=True, duration=0)]})
    assert run(client, title="Keynote", new_title="Keynote (live)")["changed"] is True
    assert client.writes == [("PUT", ASSETS + "/v1", {"title": "Keynote (live)", "description": ""})]


def test_a_video_not_streamed_is_deleted_after_one_look_at_its_streams():
    client = FakeClient({ASSETS: [video()]})
    assert run(client, title="Keynote", state="absent")["changed"] is True
    assert client.writes == [("DELETE", ASSETS + "/v1", None)]
    assert ASSETS + "/v1/streams" in client.reads


def test_a_video_being_streamed_still_takes_a_new_description():
    client = FakeClient({ASSETS: [video()], ASSETS + "/v1/streams": [{"id": "s1"}]})
    assert run(client, title="Keynote", description="Live again")["changed"] is True
    assert ASSETS + "/v1/streams" not in client.reads


# -- category values --------------------------------------------------------------------------------

def entry(name, *values):
    return {"name": name, "field": [{"fieldType": "STRING", "valueString": v} for v in values]}


METADATA = [entry("calypso:creator", "haiadmin"), entry("calypso:category:Locations", "Montreal", "Ottawa"),
            entry("calypso:category:Sports", "Hockey")]


def test_categories_of_reads_the_category_entries_only():
    assert categories_of(METADATA) == {"Locations": ["Montreal", "Ottawa"], "Sports": ["Hockey"]}


@pytest.mark.parametrize("wanted, matched", [
    ({"Locations": "montreal"}, True),
    ({"Locations": ["Austin", "OTTAWA"]}, True),
    ({"Locations": ["Austin"]}, False),
    ({"Locations": "Montreal", "Sports": "Tennis"}, False),
    ({"Locations": "Montreal", "Sports": ["tennis", "hockey"]}, True),
    ({"Teams": []}, False),
    ({"Sports": []}, True),
    ({"locations": "Montreal"}, False),
])
def test_a_video_matches_when_every_label_holds_one_of_the_values(wanted, matched):
    assert has_categories(categories_of(METADATA), category_values("categories", wanted)) is matched


@pytest.mark.parametrize("value", ["Locations", ["Locations"], {"": "x"}, {"Locations": [{"a": 1}]}])
def test_category_values_refuses_what_is_not_labels_to_values(value):
    with pytest.raises(InvalidValue) as caught:
        category_values("categories", value)
    assert str(caught.value).startswith("categories: ")


def test_category_values_takes_numbers_as_text():
    assert category_values("categories", {"Year": [2026], "Room": None}) == {"Year": ["2026"], "Room": []}


@pytest.mark.parametrize("value, seconds", [(0, 0), ("90", 90), (60.5, 60.5), (12.0, 12)])
def test_non_negative_seconds(value, seconds):
    assert non_negative_seconds("position", value) == seconds


@pytest.mark.parametrize("value", [-1, "soon", True, float("nan")])
def test_non_negative_seconds_refuses(value):
    with pytest.raises(InvalidValue) as caught:
        non_negative_seconds("position", value)
    assert str(caught.value).startswith("position: ")
