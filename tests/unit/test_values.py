"""The checks and parsers of option values: what each accepts, and how each refusal names the option and value."""

import pytest

from ansible_collections.haivision.hmp.plugins.module_utils._schema import InvalidValue
from ansible_collections.haivision.hmp.plugins.module_utils._values import (
    as_int,
    duration,
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


# -- iso_utc --------------------------------------------------------------------------------------

def test_iso_utc_writes_epoch_seconds_as_utc_text():
    assert iso_utc(TWO_PM_UTC) == "2026-12-02T14:00:00Z"
    assert iso_utc(0) == "1970-01-01T00:00:00Z"
    assert iso_utc(TWO_PM_UTC + 0.9) == "2026-12-02T14:00:00Z"


@pytest.mark.parametrize("value", [None, "1796220000", True, [], {}])
def test_iso_utc_gives_none_for_what_is_not_a_number(value):
    assert iso_utc(value) is None


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


@pytest.mark.parametrize("value", ["soon", "", "   ", "1.5h", "h", "30m1h", "1d", True, None, [60]])
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
