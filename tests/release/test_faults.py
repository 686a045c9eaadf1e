"""Misbehaving network and server: hmp_config converges without losing or duplicating objects, an expired
session is renewed once, and a wrong password fails at once."""

from collections import Counter

from benchmarks.scenario import generate

CONFIG = "haivision.hmp.hmp_config"
LOGIN_PATH = "/apis/authentication/login"
LOGIN = "POST " + LOGIN_PATH
# 20% of requests answered 500/502/503, 3% of connections dropped unanswered, 3% of requests carried out
# and then their answer lost, 50 ms added to every answer. Seeded, so a failure can be replayed.
FAULTS = {"error_rate": 0.2, "error_statuses": [500, 502, 503], "drop_rate": 0.03, "lost_answer_rate": 0.03,
          "latency_ms": 50, "random_seed": 7}
KEPT = [  # on the server before, never declared: must survive every run
    {"name": "kept source", "haivision.hmp.hmp_source": {"name": "Kept feed", "type": "udp", "multicast": False, "port": 5999}},
    {"name": "kept session", "haivision.hmp.hmp_session": {"title": "Kept show", "sources": ["Kept feed"]}},
]


def config_task(data, **connection):
    args = {"sources": data["hmp_sources"], "sessions": data["hmp_sessions"], "users": data["hmp_users"]}
    return {"name": "config", CONFIG: dict(args, **connection)}


def names(objects, key):
    return Counter(o[key] for o in objects)


def test_hmp_config_converges_through_errors_drops_and_lost_answers_without_duplicates(emulator, playbook):
    data = generate(300)
    assert playbook(KEPT).returncode == 0
    emulator.set_faults(**FAULTS)
    emulator.reset_counters()
    runs = []
    for _attempt in range(3):
        runs.append(playbook([config_task(data, hmp_retry_delay=0.05)]))
        if runs[-1].returncode == 0:
            break
    assert runs[-1].returncode == 0, [run.result("config").get("msg") for run in runs]
    emulator.clear_faults()
    log = emulator.requests_log()
    injected = Counter(entry["fault"] for entry in log if entry["fault"])
    assert injected["error"] > 0 and injected["drop"] > 0 and injected["lost_answer"] > 0, injected
    unanswered = [at for at, sent in enumerate(log)
                  if sent["method"] == "POST" and sent["fault"] and sent["path"] != LOGIN_PATH]
    assert any(log[at]["fault"] == "lost_answer" for at in unanswered)
    for at in unanswered:  # sent again only after a read back (the collection, or the object a member is added
        sent = log[at]     # to), never blindly; workers send several writes at once: what comes between is one whole
        read_back = (sent["path"], sent["path"].rsplit("/", 1)[0])
        again = next((n for n in range(at + 1, len(log)) if (log[n]["method"], log[n]["path"], log[n]["body"])
                      == (sent["method"], sent["path"], sent["body"])), None)
        if again is not None:
            between = log[at + 1:again]
            assert any(e["method"] == "GET" and e["path"] in read_back for e in between), (sent, between)

    state = emulator.state()
    declared_sources = names(data["hmp_sources"], "name") + Counter(["Kept feed"])
    declared_sessions = names(data["hmp_sessions"], "title") + Counter(["Kept show"])
    assert names(state["sources"], "name") == declared_sources  # each exactly once, the kept one too
    assert names(state["sessions"], "title") == declared_sessions
    assert names(state["users"], "username") == names(data["hmp_users"], "username") + Counter(["haiadmin"])
    events_by_title = dict((s["title"], len(s.get("events", []))) for s in state["sessions"])
    assert events_by_title == dict([(s["title"], len(s["events"])) for s in data["hmp_sessions"]] + [("Kept show", 0)])

    emulator.reset_counters()
    check = playbook([config_task(data)])  # faults off: the server is exactly the declared state
    assert check.result("config")["changed"] is False and emulator.writes() == 0


def test_a_session_that_expires_mid_run_is_renewed_once_and_the_run_completes(emulator, playbook):
    data = generate(30)
    emulator.reset_counters()
    emulator.set_faults(expire_sessions_after=12)
    run = playbook([config_task(data)])
    assert run.returncode == 0, run.result("config").get("msg")
    assert emulator.counters()["by_route"][LOGIN] == 2  # the first login and one renewal
    assert emulator.set_faults()["expire_sessions_after"] is None  # the expiry did happen during the run
    emulator.reset_counters()
    assert playbook([config_task(data)]).result("config")["changed"] is False


def test_a_wrong_password_fails_at_once_with_hmps_message_and_no_retry(emulator, playbook):
    emulator.reset_counters()
    run = playbook([config_task(generate(30))], env={"HMP_PASSWORD": "not-the-password"})
    assert run.returncode != 0
    assert "HTTP 401" in run.result("config")["msg"] and "InvalidCredentials" in run.result("config")["msg"]
    assert emulator.counters()["total"] == 1  # one login attempt: nothing that could lock the account
    assert "not-the-password" not in run.stdout + run.stderr
