"""hmp_qualify's registry of checks and its runner, without a server: every id declared once and none of the
published ones gone, every need one a task can meet, the report in the registry's order whatever order the
checks run in, and no check's outcome changed by another's (fake checks through the real runner)."""

import pytest

from ansible_collections.haivision.hmp.plugins.module_utils.engine._client import HmpApiError
from ansible_collections.haivision.hmp.plugins.module_utils.engine._schema import InvalidValue
from ansible_collections.haivision.hmp.plugins.module_utils._resources import SOURCE
from ansible_collections.haivision.hmp.plugins.module_utils.features._qualify import (
    CHECKS, TITLES, Check, attempt, makers, report, run_checks, run_order, unmet)
from ansible_collections.haivision.hmp.plugins.module_utils.features._qualify_context import (
    SCRATCH, SERVER, VARIANTS, Need, Outcome, Product, Run, differs, holds, skipped, variant)

# The ids users' reports and the contract cite, in the order reports list them: never removed nor renamed.
PUBLISHED = ("login", "version", "paging", "empty_list", "not_found_codes", "sources", "sessions", "session_fields",
             "events", "users", "roles", "videos", "streams", "recording_video", "devices", "device_commands",
             "source_lifecycle", "unknown_fields", "put_semantics", "session_lifecycle", "event_lifecycle",
             "user_lifecycle", "permissions", "cleanup", "login_expiry")
THING = Product("thing", "thing of the test")
OTHER = Product("other", "other thing of the test")


def fake_run(params=None, check_mode=False):
    return Run(object(), params or {}, check_mode)


def fake(check_id, outcome=None, needs=(), uses=(), makes=(), final=False, calls=None, does=None):
    """A check that notes its call in ``calls``, does ``does(run)`` (when given), makes what it declares and
    returns ``outcome`` (default: holds, naming the check)."""
    def function(run):
        if calls is not None:
            calls.append(check_id)
        if does is not None:
            does(run)
        for product in makes:
            run.make(product, check_id)
        return outcome if outcome is not None else holds("%s ran" % check_id)
    return Check(check_id, "The %s check" % check_id, function, needs, uses, makes, final)


def stand_ins(checks, admin=True):
    """``checks`` with the same ids, needs and products, each holding at once (and making what it declares)."""
    def standing_in(check):
        def function(run):
            for product in check.makes:
                run.make(product, {"admin": admin} if product is SERVER else check.id)
            return holds("stand-in")
        return Check(check.id, check.title, function, check.needs, check.uses, check.makes, check.final)
    return tuple(standing_in(c) for c in checks)


def statuses(result):
    return dict((e["id"], (e["status"], e["detail"])) for e in result["checks"])


# -- the registry ----------------------------------------------------------------------------------

def test_every_check_is_declared_once_and_every_published_id_keeps_its_place():
    ids = [c.id for c in CHECKS]
    assert len(ids) == len(set(ids))
    assert set(PUBLISHED) <= set(ids)
    assert [i for i in ids if i in PUBLISHED[:-1]] == list(PUBLISHED[:-1])  # the first 24 keep their order
    assert all(c.title and TITLES[c.id] == c.title for c in CHECKS)
    assert [c.id for c in CHECKS if c.final] == ["cleanup"]


def test_each_variant_is_named_in_the_title_of_one_check():
    for name in VARIANTS:
        assert len([c for c in CHECKS if "(%s)" % name in c.title]) == 1, name


def test_every_need_of_every_check_can_be_met():
    """Each product one check reads is made by exactly one other check, which runs before it; each condition
    is met by a task that asks for everything (scratch, a device, an administrator)."""
    order = [c.id for c in run_order(CHECKS)]
    made_by = makers(CHECKS)
    for check in CHECKS:
        assert all(isinstance(need, Need) for need in check.needs + check.uses), check
        for product in check.products:
            assert order.index(made_by[product.name]) < order.index(check.id), (check, product)
    run = fake_run({"scratch": True, "device": "Lab TV"})
    run.box = {"_id": "box-1", "name": "Lab TV"}
    for check in CHECKS:
        for product in check.makes:
            run.products[product.name] = {"admin": True}
    assert [c.id for c in CHECKS if unmet(run, c) is not None] == []


def test_the_real_registry_runs_recording_video_after_the_scratch_session_and_cleanup_last():
    order = [c.id for c in run_order(CHECKS)]
    assert order.index("recording_video") == order.index("session_lifecycle") + 1
    assert order[-1] == "cleanup"
    assert sorted(order) == sorted(PUBLISHED)


def test_the_order_refuses_a_product_no_check_makes_two_makers_and_checks_that_wait_for_each_other():
    with pytest.raises(ValueError, match="no other check makes"):
        run_order([fake("a", needs=(THING,))])
    with pytest.raises(ValueError, match="both make"):
        run_order([fake("a", makes=(THING,)), fake("b", makes=(THING,))])
    with pytest.raises(ValueError, match="wait for each other"):
        run_order([fake("a", needs=(THING,), makes=(OTHER,)), fake("b", uses=(OTHER,), makes=(THING,))])


# -- the needs of the real registry, with stand-in functions ---------------------------------------

def test_a_read_only_run_skips_what_needs_scratch_or_a_device_saying_why():
    run = fake_run()
    result = report(run, CHECKS, run_checks(run, stand_ins(CHECKS)))
    found = statuses(result)
    scratch = ("skipped", "needs scratch: true (writes objects of its own, then removes them)")
    for check in ("source_lifecycle", "unknown_fields", "put_semantics", "session_lifecycle", "event_lifecycle",
                  "user_lifecycle", "permissions"):
        assert found[check] == scratch, check
    assert found["device_commands"] == ("skipped", "needs device: the name or id of a set-top box that may be "
                                                   "muted and unmuted")
    assert found["recording_video"] == ("holds", "stand-in")  # it only uses the scratch session, when there is one
    assert [e["id"] for e in result["checks"]] == [c.id for c in CHECKS]


def test_check_mode_sends_no_write_and_no_command():
    run = fake_run({"scratch": True, "device": "Lab TV"}, check_mode=True)
    run.box = {"_id": "box-1"}
    found = statuses(report(run, CHECKS, run_checks(run, stand_ins(CHECKS))))
    assert found["source_lifecycle"] == ("skipped", "check mode sends no write")
    assert found["device_commands"] == ("skipped", "check mode sends no command")


def test_without_the_administrator_role_the_user_checks_are_skipped_naming_what_is_missing():
    run = fake_run({"scratch": True})
    found = statuses(report(run, CHECKS, run_checks(run, stand_ins(CHECKS, admin=False))))
    assert found["user_lifecycle"] == ("skipped", "user administration needs the Administrator role")
    assert found["permissions"] == ("skipped", "no scratch user (see user_lifecycle)")
    assert found["event_lifecycle"] == ("holds", "stand-in")


def test_a_condition_that_reads_a_product_says_which_check_makes_it_when_it_is_missing():
    failed = Check("login", "Log in", lambda run: differs("no username"), makes=(SERVER,))
    checks = tuple(failed if c.id == "login" else c for c in stand_ins(CHECKS))
    run = fake_run({"scratch": True})
    found = statuses(report(run, checks, run_checks(run, checks)))
    assert found["version"] == ("skipped", "no reading of the server and the account (see login)")
    assert found["user_lifecycle"] == found["version"]


# -- the runner and the report ---------------------------------------------------------------------

def test_the_report_keeps_the_registry_order_when_a_check_runs_after_what_it_uses():
    calls = []
    checks = [fake("a", uses=(THING,), calls=calls), fake("b", calls=calls), fake("c", makes=(THING,), calls=calls),
              fake("z", final=True, calls=calls), fake("d", calls=calls)]
    run = fake_run()
    result = report(run, checks, run_checks(run, checks))
    assert calls == ["b", "c", "a", "d", "z"]
    assert [e["id"] for e in result["checks"]] == ["a", "b", "c", "z", "d"]


def test_no_check_changes_the_outcome_of_another():
    """Each check, run alone (with what it needs given), ends as it does among all the others, whatever they do."""
    def broke(run):
        raise differs("broke half-way")

    def refused(run):
        raise InvalidValue("port: 70000 is out of range")

    def forbidden(run):
        raise HmpApiError("GET", "/apis/users", 403, "030001", "Forbidden", "Forbidden")

    checks = [fake("maker", variant("V1", "b", "paged"), makes=(THING,)), Check("broke", "Broke", broke),
              Check("refused", "Refused", refused), Check("forbidden", "Forbidden", forbidden),
              Check("silent", "Silent", lambda run: None),
              fake("reader", holds("read the thing", "V2"), needs=(THING,)),
              fake("user", skipped("nothing to look at"), uses=(THING,))]
    together = run_checks(fake_run(), checks)
    for check in checks:
        run = fake_run()
        run.makers = makers(checks)
        run.products[THING.name] = "maker"
        alone = attempt(run, check)
        assert (alone.status, alone.detail, alone.observed) == (
            together[check.id].status, together[check.id].detail, together[check.id].observed), check
    assert [(together[c.id].status, together[c.id].detail) for c in checks[1:5]] == [
        ("differs", "broke half-way"), ("differs", "the collection refused: port: 70000 is out of range"),
        ("skipped", str(HmpApiError("GET", "/apis/users", 403, "030001", "Forbidden", "Forbidden"))),
        ("skipped", "the check ended without a result")]


def test_a_check_without_the_product_it_needs_is_skipped_naming_the_check_that_makes_it():
    checks = [Check("maker", "Maker", lambda run: differs("could not make it"), makes=(THING,)),
              fake("reader", needs=(THING,))]
    outcomes = run_checks(fake_run(), checks)
    assert (outcomes["reader"].status, outcomes["reader"].detail) == ("skipped", "no thing of the test (see maker)")


def test_a_check_makes_only_what_it_declares():
    checks = [fake("sneaky", does=lambda run: run.make(THING, "x"))]
    with pytest.raises(ValueError, match="does not declare"):
        run_checks(fake_run(), checks)


def test_final_checks_run_also_when_a_check_fails_unexpectedly():
    calls = []
    checks = [fake("boom", does=lambda run: 1 / 0, calls=calls), fake("after", calls=calls),
              fake("cleanup", final=True, calls=calls)]
    with pytest.raises(ZeroDivisionError):
        run_checks(fake_run(), checks)
    assert calls == ["boom", "cleanup"]


def test_variants_come_from_every_outcome_and_the_first_observation_is_kept_the_other_noted():
    checks = [fake("first", holds("lists report them", "V4")), fake("same", holds("so does this", "V4")),
              fake("second", holds("a create answer leaves them out").observing("V4", "b")),
              fake("paging", variant("V1", "bc", "paged by 5"))]
    run = fake_run()
    result = report(run, checks, run_checks(run, checks))
    assert result["variants"] == dict((v, {"V1": "bc", "V4": "a"}.get(v)) for v in VARIANTS)
    found = statuses(result)
    assert found["same"] == ("holds", "so does this")
    assert found["second"] == ("holds", "a create answer leaves them out (V4: this check saw reading b; the report "
                                        "gives a, which first saw first)")
    assert result["summary"] == {"holds": 3, "variant": 1, "differs": 0, "skipped": 0}


def test_an_outcome_names_only_known_statuses_and_variants():
    with pytest.raises(ValueError):
        Outcome("fine", "no such status")
    with pytest.raises(ValueError):
        holds("no such variant", "V11")


def test_the_report_shows_the_server_the_scratch_ledger_and_whether_anything_changed():
    def login(run):
        run.make(SERVER, {"username": "haiadmin", "admin": True})
        return holds("logged in")

    def leaves(run):
        run.ledger.add(SOURCE, "id-1", "q-test-udp")
        run.ledger.left.append("source 'q-test-udp' (id id-1): HTTP 500")
        return differs("left")

    run = fake_run({"scratch": True, "scratch_prefix": "q-test-"})
    checks = [Check("login", "Log in", login, makes=(SERVER,)), Check("work", "Work", leaves, needs=(SCRATCH,))]
    result = report(run, checks, run_checks(run, checks))
    assert result["server"] == {"username": "haiadmin", "admin": True}
    assert result["changed"] is True
    assert result["scratch"] == {"prefix": "q-test-", "made": ["source 'q-test-udp' (id id-1)"], "removed": [],
                                 "left": ["source 'q-test-udp' (id id-1): HTTP 500"]}
