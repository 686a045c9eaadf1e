"""The checks and parsers of option values: what each accepts, and how each refusal names the option and value."""

import pytest

from ansible_collections.haivision.hmp.plugins.module_utils._resources import EVENT, SOURCE
from ansible_collections.haivision.hmp.plugins.module_utils.engine._schema import InvalidValue
from ansible_collections.haivision.hmp.plugins.module_utils.engine._options import refused_option
from ansible_collections.haivision.hmp.plugins.module_utils.engine._values import (
    as_int,
    duration,
    host,
    in_week_order,
    instant,
    int_range,
    iso_utc,
    lower,
    non_empty,
    secret_length,
    sorted_list,
    upper,
    weekdays,
)

TWO_PM_UTC = 1796220000  # 2026-12-02T14:00:00Z


def refusal(check, option, value):
    with pytest.raises(InvalidValue) as raised:
        check(option, value)
    return str(raised.value)


# -- instant --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "2026-12-02T14:00:00Z",
    "2026-12-02T14:00:00z",
    "2026-12-02T14:00:00+00:00",
    "2026-12-02T09:00:00-05:00",
    "2026-12-02T15:30:00+01:30",
    "2026-12-02 14:00:00Z",
    "2026-12-02 09:00:00-05:00",
    "  2026-12-02T14:00:00Z  ",
])
def test_instant_reads_iso_text_with_an_offset_as_the_same_utc_instant(text):
    assert instant("start_time", text) == TWO_PM_UTC


@pytest.mark.parametrize("value", [TWO_PM_UTC, str(TWO_PM_UTC), " %d " % TWO_PM_UTC])
def test_instant_takes_epoch_seconds_as_an_int_or_a_digit_string(value):
    assert instant("start_time", value) == TWO_PM_UTC
    assert isinstance(instant("start_time", value), int)


@pytest.mark.parametrize("text", ["2026-12-02T14:00:00", "2026-12-02 14:00:00", "2026-12-02"])
def test_instant_refuses_a_naive_time_naming_the_option_and_the_value(text):
    message = refusal(instant, "start_time", text)
    assert message.startswith("start_time: %r has no UTC offset" % text)
    assert "epoch seconds" in message


@pytest.mark.parametrize("value", ["tomorrow", "2026-13-45T00:00:00Z", "14:00", "", "12/02/2026 14:00 UTC"])
def test_instant_refuses_garbage_text_naming_the_option_and_the_value(value):
    message = refusal(instant, "start_time", value)
    assert message == "start_time: %r is not an ISO 8601 time such as 2026-12-02T14:00:00Z" % value


@pytest.mark.parametrize("value", [True, [1], {"at": 1}, None])
def test_instant_refuses_values_that_are_neither_numbers_nor_text(value):
    assert refusal(instant, "start_time", value) == (
        "start_time: %r is neither epoch seconds nor ISO 8601 text" % (value,))


@pytest.mark.parametrize("value", [-1, "-5", " -5 ", "1969-12-31T23:59:59Z"])
def test_instant_refuses_a_time_before_the_epoch_naming_the_option_and_the_value(value):
    assert refusal(instant, "start_time", value) == (
        "start_time: %r is before 1970-01-01T00:00:00Z, where HMP's epoch seconds start" % (value,))


@pytest.mark.parametrize("value", [253402300800, 10 ** 20])
def test_instant_refuses_a_time_iso_8601_cannot_write(value):
    assert refusal(instant, "start_time", value) == "start_time: %r is after 9999-12-31T23:59:59Z" % value


@pytest.mark.parametrize("value", ["--5", "5-", "1e9"])
def test_instant_refuses_number_like_text_that_is_not_whole_seconds(value):
    assert refusal(instant, "start_time", value).startswith("start_time: %r is not an ISO 8601 time" % value)


def test_instant_refuses_infinity_and_nan():
    for value in (float("inf"), float("nan")):
        assert refusal(instant, "start_time", value) == "start_time: %r is not a number of epoch seconds" % value


# -- iso_utc --------------------------------------------------------------------------------------

def test_iso_utc_writes_epoch_seconds_as_utc_text():
    assert iso_utc(TWO_PM_UTC) == "2026-12-02T14:00:00Z"
    assert iso_utc(0) == "1970-01-01T00:00:00Z"
    assert iso_utc(TWO_PM_UTC + 0.9) == "2026-12-02T14:00:00Z"


@pytest.mark.parametrize("value", [None, "1796220000", True, [], {}])
def test_iso_utc_gives_none_for_what_is_not_a_number(value):
    assert iso_utc(value) is None


def test_iso_utc_gives_none_beyond_what_a_date_holds():
    assert iso_utc(10 ** 20) is None


def test_iso_utc_and_instant_round_trip():
    assert instant("start_time", iso_utc(TWO_PM_UTC)) == TWO_PM_UTC


# -- duration -------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, seconds", [
    ("1h30m", 5400),
    ("1h 30m", 5400),
    ("1H30M", 5400),
    ("90m", 5400),
    ("90min", 5400),
    ("45s", 45),
    ("2h", 7200),
    ("1h1m1s", 3661),
    (" 2h ", 7200),
    (3600, 3600),
    (1, 1),
    ("3600", 3600),
    (" 60 ", 60),
])
def test_duration_reads_seconds_and_hour_minute_second_text(value, seconds):
    assert duration("duration", value) == seconds


@pytest.mark.parametrize("value", [0, "0", "0m", "0h0m0s", -5, "-5"])
def test_duration_refuses_zero_and_negative_naming_the_option_and_the_value(value):
    assert refusal(duration, "duration", value) == "duration: %r must be a positive duration" % (value,)


@pytest.mark.parametrize("value", ["soon", "", "   ", "1.5h", "h", "30m1h", "1d", True, None, [60], "--5",
                                   float("inf"), float("nan")])
def test_duration_refuses_garbage_naming_the_option_and_the_value(value):
    assert refusal(duration, "duration", value) == (
        "duration: %r is not a duration (seconds, or text such as 1h30m, 90m, 45s)" % (value,))


# -- weekdays -------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, days", [
    ("WED;FRI", ["WED", "FRI"]),
    ("FRI;WED", ["WED", "FRI"]),
    ("wed;fri", ["WED", "FRI"]),
    ("MON, WED FRI", ["MON", "WED", "FRI"]),
    (["fri", "Mon"], ["MON", "FRI"]),
    (["SUN", "sat", "Mon"], ["MON", "SAT", "SUN"]),
    (("TUE",), ["TUE"]),
    (["Monday", "wednesday", "FRIDAY"], ["MON", "WED", "FRI"]),
    ([" thursday "], ["THU"]),
])
def test_weekdays_reads_text_and_lists_in_any_case_and_order_into_week_order(value, days):
    assert weekdays("days", value) == days


@pytest.mark.parametrize("value", [["MON", "mon", "Monday"], "MON;MON", ["fri", "FRIDAY", "mon", "FRI"]])
def test_weekdays_keeps_each_day_once(value):
    result = weekdays("days", value)
    assert len(result) == len(set(result))
    assert set(result) <= {"MON", "FRI"}


@pytest.mark.parametrize("value", [[], "", " ; ", ()])
def test_weekdays_refuses_an_empty_value(value):
    assert refusal(weekdays, "days", value) == "days: %r holds no day" % ([] if isinstance(value, str) else value,)


@pytest.mark.parametrize("value, bad", [
    (["MON", "Funday"], "Funday"),
    ("MON;XYZ", "XYZ"),
    (["Mond"], "Mond"),
    (["Mondays"], "Mondays"),
    ([1], 1),
])
def test_weekdays_names_the_unknown_day_and_the_days_to_use(value, bad):
    assert refusal(weekdays, "days", value) == (
        "days: %r is not a day (use MON, TUE, WED, THU, FRI, SAT, SUN)" % (bad,))


@pytest.mark.parametrize("value", [5, {"MON": True}, None])
def test_weekdays_refuses_what_is_not_a_list_or_text(value):
    assert refusal(weekdays, "days", value) == "days: %r is not a list of days" % (value,)


def test_in_week_order_sorts_days_from_the_api_and_keeps_unknown_ones_last():
    assert in_week_order(["sun", "MON", "wed"]) == ["MON", "WED", "SUN"]
    assert in_week_order(["XYZ", "TUE"]) == ["TUE", "XYZ"]
    assert in_week_order(None) is None


# -- the smaller checks and conversions ------------------------------------------------------------

def test_int_range_accepts_its_bounds_and_names_the_option_value_and_range_outside():
    check = int_range(20, 8000, " ms")
    check("latency", 20)
    check("latency", 8000)
    assert refusal(check, "latency", 19) == "latency: 19 is out of range (20 to 8000 ms)"
    assert refusal(check, "latency", 8001) == "latency: 8001 is out of range (20 to 8000 ms)"


def test_non_empty_refuses_blank_text():
    non_empty("name", "x")
    assert refusal(non_empty, "name", " \t") == "name: ' \\t' must not be empty"


def test_secret_length_names_the_length_never_the_value():
    check = secret_length(10, 79)
    check("passphrase", "")  # an empty string means none
    check("passphrase", "a" * 10)
    check("passphrase", "a" * 79)
    message = refusal(check, "passphrase", "tiny-pw")
    assert message.startswith("passphrase: a value of 7 characters is not allowed (10 to 79 characters")
    assert "tiny-pw" not in message
    assert "80 characters" in refusal(check, "passphrase", "b" * 80)


def test_case_and_number_conversions_leave_other_types_alone():
    assert (lower("UDP"), upper("srt"), lower(None), upper(5)) == ("udp", "SRT", None, 5)
    assert (as_int(4900.0), as_int("4900"), as_int(True), as_int(None)) == (4900, "4900", True, None)
    assert (sorted_list(["b", "a"]), sorted_list(None)) == (["a", "b"], None)


def test_weekdays_read_list_text_as_written_in_key_value_arguments():
    assert weekdays("days", "[fri, wed]") == ["WED", "FRI"]
    assert weekdays("days", "['WED','FRI']") == ["WED", "FRI"]


# -- host -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["239.1.1.1", "0.0.0.0", "::1", "ff02::1", "encoder-1.example.com", "localhost",
                                   "xn--camra-dsa.example.com", "encoder.example.com.", "a" * 63 + ".example",
                                   "encoder_1.studio.local", "fe80::1%eth0"])
def test_host_takes_ip_addresses_and_ascii_host_names(value):
    host("host", value)


@pytest.mark.parametrize("value", ["", " ", " 239.1.1.1", "239.1.1.300", "-encoder.example", "encoder:1.example",
                                   "a" * 64 + ".example", "two words", "encoder..example", 4900])
def test_host_refuses_what_is_neither_naming_the_option_and_the_value(value):
    assert refusal(host, "host", value).startswith("host: %r is not an IP address or a host name" % (value,))


def test_host_refuses_non_ascii_names_giving_their_ascii_form():
    assert refusal(host, "host", "caméra.example.com") == (
        "host: 'caméra.example.com' is not an IP address or a host name; HMP takes host names in ASCII: "
        "write it as 'xn--camra-dsa.example.com'")


def test_host_refuses_a_name_longer_than_dns_allows_saying_how_long_it_is():
    name = ".".join(["a" * 60] * 5)  # 304 characters, each label within 63
    assert refusal(host, "host", name).endswith("(304 characters; a host name has at most 253)")


# -- how messages show an identity ---------------------------------------------------------------

def test_an_event_shows_as_its_start_in_iso_8601_utc_not_epoch_seconds():
    with pytest.raises(InvalidValue) as raised:
        EVENT.validate({"start_time": TWO_PM_UTC, "duration": 60}, create=True)
    assert str(raised.value) == "action: required to create event 2026-12-02T14:00:00Z"
    with pytest.raises(InvalidValue) as raised:
        EVENT.validate({"start_time": TWO_PM_UTC, "recurrence": "one_time", "days": ["WED"]})
    assert str(raised.value) == ("days: ['WED'] applies only when recurrence is weekly, and event "
                                 "2026-12-02T14:00:00Z has recurrence one_time")


def test_other_identities_show_as_their_repr():
    with pytest.raises(InvalidValue) as raised:
        SOURCE.validate({"name": "Cam 1", "type": "udp"}, create=True)
    assert str(raised.value) == "port: required to create source 'Cam 1'"
    assert EVENT.by_option["start_time"].readable("not a time", quoted=True) == "'not a time'"


def test_a_field_checked_for_another_option_names_that_option():
    with pytest.raises(InvalidValue) as raised:
        SOURCE.by_option["name"].canonical(" ", "new_name")
    assert str(raised.value) == "new_name: ' ' must not be empty"


# -- what Ansible refused, shown with its place and value ---------------------------------------------

SPEC = {
    "port": {"type": "int"},
    "volume": {"type": "float"},
    "live": {"type": "bool"},
    "state": {"type": "str", "choices": ["present", "absent"]},
    "label": {"type": "str", "aliases": ["name"]},
    "password": {"type": "str", "no_log": True},
    "roles": {"type": "list", "elements": "str", "choices": ["viewer", "admin"]},
    "channel": {"type": "dict", "options": {"type": {"type": "str", "choices": ["source"], "required": True},
                                            "id": {"type": "str"}}},
    "sessions": {"type": "list", "elements": "dict", "options": {
        "title": {"type": "str"},
        "secret": {"type": "int", "no_log": True},
        "events": {"type": "list", "elements": "dict", "options": {"recurrence": {"type": "str",
                                                                                  "choices": ["weekly"]}}}}},
}


@pytest.mark.parametrize("params, message", [
    ({"port": "many"}, "port: 'many' is not a whole number"),
    ({"volume": "loud"}, "volume: 'loud' is not a number"),
    ({"live": "perhaps"}, "live: 'perhaps' is not true or false"),
    ({"state": "gone"}, "state: 'gone' is not one of present, absent"),
    ({"roles": ["viewer", "janitor"]}, "roles: 'janitor' is not one of viewer, admin"),
    ({"channel": "source"}, "channel: 'source' is not a dictionary"),
    ({"channel": {"type": "radio"}}, "channel.type: 'radio' is not one of source"),
    ({"channel": {"id": "x"}}, "channel.type: required"),
    ({"sessions": {"title": "S"}}, "sessions: {'title': 'S'} is not a list"),
    ({"sessions": ["S"]}, "sessions[0]: 'S' is not a dictionary"),
    ({"sessions": [{"title": "S"}, {"title": "T", "colour": "red"}]},
     "sessions[1]: 'colour' is not an option here (the options are events, secret, title)"),
    ({"sessions": [{"title": "S", "events": [{}, {"recurrence": "daily"}]}]},
     "sessions[0].events[1].recurrence: 'daily' is not one of weekly"),
])
def test_refused_option_names_the_place_and_the_value(params, message):
    assert refused_option(SPEC, params) == message


def test_refused_option_never_shows_a_secret():
    message = refused_option(SPEC, {"sessions": [{"title": "S", "secret": "Hunter2-secret"}]})
    assert message == "sessions[0].secret: the value given (not shown: it is secret) is not a whole number"


def test_refused_option_finds_nothing_in_values_ansible_takes():
    assert refused_option(SPEC, {"port": "4900", "live": "yes", "name": 5, "roles": "viewer",
                                 "sessions": [{"title": "S", "events": [{"recurrence": "weekly"}]}]}) is None
