"""playbooks/stop_recordings.yml run as a user runs it, against the emulator with seeded recordings."""

PLAYBOOK = "playbooks/stop_recordings.yml"
STOP = "DELETE /apis/recordings/:recordingId"
CONNECTION_ENV = ("HMP_HOST", "HMP_PORT", "HMP_PROTOCOL", "HMP_USERNAME", "HMP_PASSWORD", "HMP_CA_PATH")


def udp(name, port):
    return {"name": name, "type": "UDP", "port": port, "multicast": False}


def seed(emulator):
    emulator.reset({
        "sources": [udp("Cam A", 5000), udp("Cam B", 5001), udp("Cam C", 5002)],
        "sessions": [{"title": "Studio A", "sources": ["Cam A", "Cam B"]},
                     {"title": "Studio B", "sources": ["Cam B"]},
                     {"title": "Studio C", "sources": ["Cam C"]},
                     {"title": "Quiet", "sources": ["Cam C"]}],
        "recordings": [{"id": "rec-a1", "session": "Studio A", "state": "RECORDING"},
                       {"id": "rec-a2", "session": "Studio A", "state": "PAUSED"},
                       {"id": "rec-b1", "session": "Studio B", "state": "RECORDING"},
                       {"id": "rec-c1", "session": "Studio C", "state": "RECORDING"}],
    })
    return dict((s["title"], s["id"]) for s in emulator.state()["sessions"])


def videos_fact(run):
    return run.result("Collect the ids of the videos the recordings became")["ansible_facts"]["hmp_stopped_videos"]


def test_the_playbook_stops_every_recording_of_the_listed_sessions_and_collects_the_video_ids(emulator, playbook_file):
    sessions = seed(emulator)
    emulator.reset_counters()
    run = playbook_file(PLAYBOOK, {"hmp_stop_sessions": ["Studio A", sessions["Studio B"], "Quiet"]})
    assert run.returncode == 0, run.stdout + run.stderr
    assert sorted(videos_fact(run)) == ["rec-a1", "rec-a2", "rec-b1"]
    assert sorted(run.result("Show the video ids")["msg"]) == ["rec-a1", "rec-a2", "rec-b1"]
    assert emulator.counters()["by_route"].get(STOP) == 3 and emulator.counters()["writes"] == 3
    state = emulator.state()
    assert [r["id"] for r in state["recordings"]] == ["rec-c1"]  # Studio C was not listed
    assert set(["rec-a1", "rec-a2", "rec-b1"]) <= set(v["id"] for v in state["videos"])

    # a second run: nothing left to stop, no write, no video id
    emulator.reset_counters()
    again = playbook_file(PLAYBOOK, {"hmp_stop_sessions": ["Studio A", sessions["Studio B"], "Quiet"]})
    assert again.returncode == 0, again.stdout + again.stderr
    assert videos_fact(again) == []
    assert again.status("Stop every recording of each session") == "ok"
    assert emulator.counters()["writes"] == 0


def test_the_playbook_takes_the_connection_from_hmp_variables_by_its_collection_name(emulator, playbook_file):
    seed(emulator)
    env = emulator.connection_env()
    variables = {"hmp_stop_sessions": ["Studio C"], "hmp_host": env["HMP_HOST"], "hmp_port": int(env["HMP_PORT"]),
                 "hmp_protocol": env["HMP_PROTOCOL"], "hmp_username": env["HMP_USERNAME"],
                 "hmp_password": env["HMP_PASSWORD"], "hmp_ca_path": env["HMP_CA_PATH"]}
    run = playbook_file("haivision.hmp.stop_recordings", variables, unset=CONNECTION_ENV)
    assert run.returncode == 0, run.stdout + run.stderr
    assert videos_fact(run) == ["rec-c1"]
    assert [r["id"] for r in emulator.state()["recordings"]] == ["rec-a1", "rec-a2", "rec-b1"]


def test_the_playbook_in_check_mode_names_the_videos_and_writes_nothing(emulator, playbook_file):
    seed(emulator)
    before = emulator.state()
    emulator.reset_counters()
    run = playbook_file(PLAYBOOK, {"hmp_stop_sessions": ["Studio A"]}, check=True, diff=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert sorted(videos_fact(run)) == ["rec-a1", "rec-a2"]
    assert emulator.counters()["writes"] == 0
    assert emulator.state() == before


def test_the_playbook_without_a_list_of_sessions_fails_saying_what_to_give(emulator, playbook_file):
    seed(emulator)
    before = emulator.state()
    emulator.reset_counters()
    for extra_vars in (None, {"hmp_stop_sessions": "Studio A"}):
        run = playbook_file(PLAYBOOK, extra_vars)
        assert run.returncode != 0
        assert "hmp_stop_sessions: give a list of session titles or ids" in run.result("Check the list of sessions")["msg"]
    assert emulator.counters()["total"] == 0
    assert emulator.state() == before


def test_the_playbook_fails_on_an_unknown_session_naming_it(emulator, playbook_file):
    seed(emulator)
    before = emulator.state()
    emulator.reset_counters()
    run = playbook_file(PLAYBOOK, {"hmp_stop_sessions": ["Studio Z"]})
    assert run.returncode != 0
    assert "'Studio Z'" in run.result("Stop every recording of each session")["results"][0]["msg"]
    assert emulator.counters()["writes"] == 0
    assert emulator.state() == before
