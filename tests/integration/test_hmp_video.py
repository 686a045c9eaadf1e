"""hmp_video, hmp_video_info and hmp_category_info end to end: the video lifecycle (rename, describe,
repeat, check mode, delete, delete again), never creating a video, refusing to delete a streamed one,
the info filters (title, id, q, session, category values) over more videos than one page holds, and
the categories."""

from harness import tasks_of


VIDEO = "haivision.hmp.hmp_video"
INFO = "haivision.hmp.hmp_video_info"
CATEGORIES = "haivision.hmp.hmp_category_info"

PUT = "PUT /apis/assets/:assetId"
DELETE = "DELETE /apis/assets/:assetId"
METADATA = "GET /apis/assets/:assetId/metadata"


task = tasks_of(VIDEO, "video")


def category(label, *values):
    return {"name": "calypso:category:%s" % label, "field": [{"fieldType": "STRING", "valueString": v} for v in values]}


def videos(emulator):
    return emulator.state()["videos"]


def titled(emulator, title):
    return [v for v in videos(emulator) if v["title"] == title]


def test_the_lifecycle_of_a_video(emulator, playbook):
    emulator.reset({"videos": [{"title": "Studio A", "description": "", "duration": 60}]})
    [original] = videos(emulator)

    # rename and describe: one PUT with both, a diff, the video on the server
    emulator.reset_counters()
    renamed = {"title": "Studio A", "new_title": "Morning show", "description": "Weather and traffic"}
    run = playbook([task(renamed)], diff=True)
    assert run.returncode == 0, run.stdout
    result = run.result("video")
    assert result["changed"] is True
    assert result["diff"] == {"before": {"title": "Studio A", "description": ""},
                              "after": {"title": "Morning show", "description": "Weather and traffic"}}
    assert emulator.write_routes() == {PUT: 1}
    [stored] = videos(emulator)
    assert (stored["id"], stored["title"], stored["description"]) == (original["id"], "Morning show",
                                                                      "Weather and traffic")
    assert result["video"]["id"] == original["id"] and result["video"]["title"] == "Morning show"

    # the same task again: the renamed video is found by its new title, no write
    emulator.reset_counters()
    again = playbook([task(renamed), task({"title": "Morning show", "description": "Weather and traffic"},
                                          name="by the new title")])
    assert again.result("video")["changed"] is False
    assert again.result("by the new title")["changed"] is False
    assert emulator.writes() == 0

    # a new description in check mode: changed, no write, nothing moved
    before = emulator.state()
    emulator.reset_counters()
    checked = playbook([task({"title": "Morning show", "description": "Sports"})], check=True, diff=True)
    assert checked.result("video")["changed"] is True
    assert checked.result("video")["diff"]["after"] == {"title": "Morning show", "description": "Sports"}
    assert emulator.writes() == 0
    assert emulator.state() == before

    # the description alone, by id: the title stays
    emulator.reset_counters()
    described = playbook([task({"id": original["id"], "description": "Sports"})])
    assert described.result("video")["changed"] is True
    assert emulator.write_routes() == {PUT: 1}
    assert [(v["title"], v["description"]) for v in videos(emulator)] == [("Morning show", "Sports")]

    # delete in check mode, delete, delete again
    before = emulator.state()
    emulator.reset_counters()
    checked = playbook([task({"title": "Morning show", "state": "absent"})], check=True)
    assert checked.result("video")["changed"] is True
    assert emulator.writes() == 0 and emulator.state() == before
    deleted = playbook([task({"title": "Morning show", "state": "absent"})], diff=True)
    assert deleted.result("video")["changed"] is True
    assert deleted.result("video")["video"] is None
    assert deleted.result("video")["diff"]["after"] == {}
    assert emulator.write_routes() == {DELETE: 1}
    assert videos(emulator) == []
    emulator.reset_counters()
    gone = playbook([task({"title": "Morning show", "state": "absent"}, name="by title"),
                     task({"id": original["id"], "state": "absent"}, name="by id")])
    assert gone.result("by title")["changed"] is False and gone.result("by id")["changed"] is False
    assert emulator.writes() == 0


def test_a_video_is_never_created_and_a_streamed_one_never_deleted(emulator, playbook):
    emulator.reset({"videos": [{"title": "Keynote"}, {"title": "Twin"}, {"title": "Twin"}],
                    "streams": [{"video": "Keynote", "address": "239.10.0.1", "port": 5000}]})
    state = emulator.state()
    [stream] = state["streams"]
    twins = sorted(v["id"] for v in state["videos"] if v["title"] == "Twin")
    cases = [
        ({"title": "Trailer", "description": "x"}, ["title", "'Trailer'", "recording sessions", "never creates"]),
        ({"title": "Trailer", "new_title": "Teaser"}, ["title", "'Trailer'", "never creates"]),
        ({"id": "no-such-video", "description": "x"}, ["id", "'no-such-video'", "never creates"]),
        ({"title": "Keynote", "state": "absent"}, ["video 'Keynote'", "stream in progress", stream["id"],
                                                   "stop it before deleting"]),
        ({"title": "Twin", "description": "x"}, ["'Twin'", twins[0], twins[1]]),
        ({"title": "Keynote", "new_title": " "}, ["title", "must not be empty"]),
    ]
    emulator.reset_counters()
    run = playbook([task(args, name="bad %d" % i, ignore_errors=True) for i, (args, _) in enumerate(cases)])
    for i, (_args, expected) in enumerate(cases):
        assert run.status("bad %d" % i) == "failed", i
        message = run.result("bad %d" % i)["msg"]
        for part in expected:
            assert part in message, (i, part, message)
    assert emulator.writes() == 0
    assert emulator.state() == state


def library(count=105):
    """``count`` videos: even ones recorded from Studio A, every third one in Montreal, every fifth
    about hockey; 'Keynote 7' has a description to search for."""
    seeded = []
    for i in range(count):
        metadata = [category("Locations", "Montreal" if i % 3 == 0 else "Ottawa")]
        if i % 5 == 0:
            metadata.append(category("Sports", "Hockey"))
        seeded.append({"title": "Keynote %d" % i, "description": "The mayor speaks" if i == 7 else "",
                       "session": "Studio A" if i % 2 == 0 else "Studio B", "metadata": metadata})
    return {"sessions": [{"title": "Studio A"}, {"title": "Studio B"}], "videos": seeded,
            "categories": [{"label": "Locations", "values": ["Montreal", "Ottawa"]},
                           {"label": "Sports", "values": ["Hockey", "Tennis"]}]}


def numbers(result):
    return sorted(int(v["title"].split()[-1]) for v in result["videos"])


def test_video_info_filters_over_every_page(emulator, playbook):
    emulator.reset(library())
    state = emulator.state()
    seven = [v for v in state["videos"] if v["title"] == "Keynote 7"][0]
    studio_b = [s for s in state["sessions"] if s["title"] == "Studio B"][0]
    emulator.reset_counters()
    run = playbook([
        task({}, name="all", module=INFO),
        task({"title": "Keynote 104"}, name="title", module=INFO),
        task({"id": seven["id"]}, name="id", module=INFO),
        task({"q": "MAYOR"}, name="q", module=INFO),
        task({"session": "Studio A"}, name="session", module=INFO),
        task({"session": studio_b["id"], "q": "mayor"}, name="session and q", module=INFO),
        task({"id": "no-such-video"}, name="no id", module=INFO),
    ])
    assert run.returncode == 0, run.stdout
    assert numbers(run.result("all")) == list(range(105))
    assert "categories" not in run.result("all")["videos"][0]
    assert numbers(run.result("title")) == [104]
    assert numbers(run.result("id")) == [7]
    assert numbers(run.result("q")) == [7]
    assert numbers(run.result("session")) == list(range(0, 105, 2))
    assert numbers(run.result("session and q")) == [7]
    assert run.result("no id")["videos"] == []
    assert METADATA not in emulator.counters()["by_route"]  # no category filter, no metadata read
    assert emulator.writes() == 0


def test_video_info_by_category_reads_the_metadata_of_the_candidates_only(emulator, playbook):
    emulator.reset(library())
    emulator.reset_counters()
    run = playbook([task({"session": "Studio A", "categories": {"Locations": "montreal", "Sports": ["hockey", "tennis"]}},
                         name="montreal hockey", module=INFO)])
    assert run.returncode == 0, run.stdout
    found = run.result("montreal hockey")["videos"]
    assert numbers(run.result("montreal hockey")) == [0, 30, 60, 90]  # even, multiple of 3 and of 5
    assert found[0]["categories"] == {"Locations": ["Montreal"], "Sports": ["Hockey"]}
    assert emulator.counters()["by_route"][METADATA] == 53  # one per video of Studio A

    emulator.reset_counters()
    every = playbook([task({"categories": {"Sports": []}}, name="any sport", module=INFO),
                      task({"title": "Keynote 1", "metadata": True}, name="metadata", module=INFO)])
    assert numbers(every.result("any sport")) == list(range(0, 105, 5))
    [one] = every.result("metadata")["videos"]
    assert one["categories"] == {"Locations": ["Ottawa"]}
    assert any(m["name"] == "calypso:recorded_from_session" for m in one["metadata"])
    assert emulator.counters()["by_route"][METADATA] == 105 + 1
    assert emulator.writes() == 0


def test_video_info_refuses_unknown_sessions_and_bad_categories(emulator, playbook):
    emulator.reset(library(3))
    run = playbook([task({"session": "Studio Z"}, name="session", module=INFO, ignore_errors=True),
                    task({"categories": {"Locations": {"a": 1}}}, name="categories", module=INFO,
                         ignore_errors=True)])
    assert "session" in run.result("session")["msg"] and "'Studio Z'" in run.result("session")["msg"]
    assert run.result("categories")["msg"].startswith("categories: ")


def test_video_info_with_no_video_is_an_empty_list(emulator, playbook):
    emulator.reset({})
    run = playbook([task({}, name="all", module=INFO), task({"q": "x"}, name="q", module=INFO)])
    assert run.result("all")["videos"] == [] and run.result("q")["videos"] == []


def test_category_info(emulator, playbook):
    labels = ["Locations", "Sports"] + ["Extra %d" % i for i in range(101)]
    emulator.reset({"categories": [{"label": label, "values": ["a", "b"]} for label in labels]})
    locations = [c for c in emulator.state()["categories"] if c["label"] == "Locations"][0]
    run = playbook([task({}, name="all", module=CATEGORIES),
                    task({"label": "Sports"}, name="label", module=CATEGORIES),
                    task({"name": "Locations"}, name="name", module=CATEGORIES),
                    task({"id": locations["id"]}, name="id", module=CATEGORIES),
                    task({"id": "no-such-category"}, name="no id", module=CATEGORIES)])
    assert run.returncode == 0, run.stdout
    assert [c["label"] for c in run.result("all")["categories"]] == labels
    [sports] = run.result("label")["categories"]
    assert (sports["label"], sports["values"], sports["multipleValues"]) == ("Sports", ["a", "b"], False)
    assert [c["id"] for c in run.result("name")["categories"]] == [locations["id"]]
    assert run.result("id")["categories"] == [locations]
    assert run.result("no id")["categories"] == []
    emulator.reset({})
    assert playbook([task({}, name="none", module=CATEGORIES)]).result("none")["categories"] == []


def test_a_video_without_metadata_has_no_categories(emulator, playbook):
    emulator.reset({"videos": [{"title": "Bare"}]})
    run = playbook([task({"metadata": True}, name="bare", module=INFO),
                    task({"categories": {"Locations": []}}, name="filtered", module=INFO)])
    [bare] = run.result("bare")["videos"]
    assert (bare["categories"], bare["metadata"]) == ({}, [])
    assert run.result("filtered")["videos"] == []
