"""HmpClient against a scripted transport: login, paging, NoResults, re-login, retries, errors."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from ansible_collections.haivision.hmp.plugins.module_utils.engine._client import (
    HmpApiError,
    LoginLost,
    base_url,
)
from ansible_collections.haivision.hmp.plugins.module_utils.engine._writer import Writer

from fakes import NO_RESULTS, error, scripted_client

PASSWORD = "s3cret-Pa55word"
LOGIN_OK = (200, {"data": {"sessionId": "sess-1", "username": "haiadmin"}})
ALIVE = (200, {"data": {"username": "haiadmin"}})
ENDED = error(404, "040022", "AuthSessionNotFound", "Unknown session")  # the session probe under a dead login (V10 b)
NOT_FOUND = error(404, "040000", "NotFound", "Not found")  # anything else under a dead login (V10 b)


def make_client(handler, **kwargs):
    return scripted_client(handler, **dict({"password": PASSWORD}, **kwargs))


def routes(handlers):
    """A handler that dispatches on 'METHOD /path' and logs in/out by default."""
    def handle(call):
        key = "%s %s" % (call.method, call.path)
        answer = handlers.get(key)
        if answer is None:
            if key == "POST /apis/authentication/login":
                return LOGIN_OK
            if key == "DELETE /apis/authentication/login":
                return 200, None
            raise AssertionError("unexpected request %s" % key)
        return answer(call) if callable(answer) else answer
    return handle


class Sequence(object):
    """Answers in turn, repeating the last answer."""

    def __init__(self, *answers):
        self.answers = list(answers)

    def __call__(self, call):
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]


def test_cookie_login_sends_the_session_cookie_and_logs_out_on_exit():
    client, transport = make_client(routes({"GET /apis/system/version": (200, {"data": {"version": "4.1.1"}})}))
    with client:
        assert client.get("/apis/system/version") == {"version": "4.1.1"}
    assert transport.routes() == ["POST /apis/authentication/login", "GET /apis/system/version",
                                  "DELETE /apis/authentication/login"]
    login, version = transport.calls[0], transport.calls[1]
    assert login.body == {"username": "haiadmin", "password": PASSWORD}
    assert "calypso-session-id=sess-1" in version.headers["Cookie"]


def test_api_key_login_sends_a_bearer_token_and_does_not_log_out():
    handler = routes({
        "POST /apis/authentication/login/key": (200, {"data": {"authToken": "tok-9"}}),
        "GET /apis/sources": NO_RESULTS,
    })
    client, transport = make_client(handler, username=None, password=None, api_key="k", api_secret="s")
    with client:
        client.list("/apis/sources")
    assert transport.calls[0].body == {"apiKey": "k", "apiSecret": "s"}
    assert transport.calls[1].headers["Authorization"] == "Bearer tok-9"
    assert transport.routes()[-1] == "GET /apis/sources"  # a Bearer token has no logout (4.1.1)


def test_list_follows_every_page_to_the_end():
    items = [{"id": str(i)} for i in range(250)]

    def page(call):
        number, size = int(call.query["page"]), int(call.query["pageSize"])
        chunk = items[(number - 1) * size:number * size]
        if not chunk:
            return NO_RESULTS
        return 200, {"data": chunk, "paging": {"results": len(chunk), "pageSize": size}}

    client, transport = make_client(routes({"GET /apis/sources": page}))
    assert client.list("/apis/sources") == items
    assert [c.query["page"] for c in transport.calls if c.path == "/apis/sources"] == ["1", "2", "3"]


def test_list_stops_on_a_full_last_page_answered_by_no_results():
    def page(call):
        if call.query["page"] == "1":
            return 200, {"data": [{"id": str(i)} for i in range(100)], "paging": {"results": 100, "pageSize": 100}}
        return NO_RESULTS

    client, _transport = make_client(routes({"GET /apis/sources": page}))
    assert len(client.list("/apis/sources")) == 100


def paged(items, cap=None, total=False, link=False, size_key=True):
    """A collection handler in one paging dialect: ``cap`` limits the page size whatever is asked,
    ``total`` makes ``results`` the total, ``link`` adds ``next`` while more pages exist, and
    ``size_key`` false leaves ``pageSize`` out."""
    def page(call):
        number, size = int(call.query["page"]), int(call.query["pageSize"])
        size = min(size, cap) if cap else size
        chunk = items[(number - 1) * size:number * size]
        paging = {"results": len(items) if total else len(chunk)}
        if size_key:
            paging["pageSize"] = size
        if link and number * size < len(items):
            paging["next"] = "https://hmp.internal:8443%s?page=%d&pageSize=%s" % (call.path, number + 1,
                                                                                 call.query["pageSize"])
        return 200, {"data": chunk, "paging": paging}
    return page


@pytest.mark.parametrize("dialect, pages", [
    ({"total": True, "link": True}, ["1", "2", "3"]),                 # results = total, next link
    ({"total": True}, ["1", "2", "3"]),                               # results = total, no link
    ({"cap": 40}, ["1", "2", "3", "4", "5", "6", "7"]),              # capped at 40, says so in pageSize
    ({"cap": 40, "total": True, "link": True}, ["1", "2", "3", "4", "5", "6", "7"]),
    ({"size_key": False}, ["1", "2", "3", "4"]),                       # no pageSize: read to an empty page
])
def test_list_reads_every_item_whatever_the_paging_dialect(dialect, pages):
    items = [{"id": str(i)} for i in range(250)]
    answers = paged(items, **dialect)

    def handler(call):
        status, body = answers(call)
        return (200, {"data": [], "paging": {"results": 0}}) if not body["data"] else (status, body)

    client, transport = make_client(routes({"GET /apis/sources": handler}))
    assert client.list("/apis/sources", params={"q": "cam"}) == items
    calls = [c for c in transport.calls if c.path == "/apis/sources"]
    assert [c.query["page"] for c in calls] == pages
    assert all(c.query["q"] == "cam" for c in calls)


def test_a_next_link_is_followed_on_this_server_whatever_host_it_names():
    def handler(call):
        if call.query.get("cursor") == "b":
            return 200, {"data": [{"id": "2"}], "paging": {"results": 2, "pageSize": 1}}
        return 200, {"data": [{"id": "1"}], "paging": {"results": 2, "pageSize": 1,
                                                       "next": "http://10.0.0.9/apis/sources?cursor=b"}}

    client, transport = make_client(routes({"GET /apis/sources": handler}))
    assert client.list("/apis/sources") == [{"id": "1"}, {"id": "2"}]
    assert [c.query for c in transport.calls if c.path == "/apis/sources"][1]["cursor"] == "b"


def test_a_next_link_that_leads_back_is_an_error_not_an_endless_read():
    looping = (200, {"data": [{"id": "1"}], "paging": {"results": 1, "pageSize": 1,
                                                       "next": "/apis/sources?page=1&pageSize=100"}})
    client, _transport = make_client(routes({"GET /apis/sources": looping}))
    with pytest.raises(HmpApiError) as raised:
        client.list("/apis/sources")
    assert "leads back to a page already read" in str(raised.value)


@pytest.mark.parametrize("answer", [(200, b"<html>Welcome to the proxy</html>"), (200, {"data": "maintenance"}),
                                    (200, {"paging": {"results": 0}}), (200, {"data": ["a", "b"]})])
def test_a_page_that_is_not_a_list_of_objects_is_an_error_not_an_empty_list(answer):
    client, _transport = make_client(routes({"GET /apis/sources": answer}))
    with pytest.raises(HmpApiError) as raised:
        client.list("/apis/sources")
    assert "the answer is not a list of objects" in str(raised.value)


def test_a_counted_list_says_how_many_pages_it_read():
    client, _transport = make_client(routes({"GET /apis/sources": paged([{"id": str(i)} for i in range(12)], cap=5)}))
    items, pages = client.list("/apis/sources", counted=True)
    assert (len(items), pages) == (12, 3)


def test_an_empty_200_answer_is_an_empty_list():
    client, transport = make_client(routes({"GET /apis/sources": (200, {"data": [], "paging": {"results": 0,
                                                                                               "pageSize": 100}})}))
    assert client.list("/apis/sources") == []
    assert [c.path for c in transport.calls].count("/apis/sources") == 1


def test_no_results_reads_as_an_empty_list():
    client, _transport = make_client(routes({"GET /apis/sources": NO_RESULTS}))
    assert client.list("/apis/sources") == []


def test_a_missing_parent_is_an_error_not_an_empty_list_once_the_login_is_known_alive():
    missing = error(404, "040006", "SessionNotFound", "Session not found")
    client, transport = make_client(routes({"GET /apis/sessions/x/events": missing, "GET /apis/authentication/login": ALIVE}))
    with pytest.raises(HmpApiError) as raised:
        client.list("/apis/sessions/x/events")
    assert (raised.value.status, raised.value.code) == (404, "040006")
    assert transport.routes() == ["POST /apis/authentication/login", "GET /apis/sessions/x/events",
                                  "GET /apis/authentication/login"]


def test_a_401_in_the_middle_logs_in_again_once_and_retries():
    expired = error(401, "020001", "UserNotAuthorized", "User is not authorized")
    version = Sequence(expired, (200, {"data": {"version": "4.1.1"}}))
    client, transport = make_client(routes({"GET /apis/system/version": version}))
    assert client.get("/apis/system/version") == {"version": "4.1.1"}
    assert transport.routes() == ["POST /apis/authentication/login", "GET /apis/system/version",
                                  "POST /apis/authentication/login", "GET /apis/system/version"]


def test_a_second_401_is_not_retried_again():
    expired = error(401, "020001", "UserNotAuthorized", "User is not authorized")
    client, transport = make_client(routes({"GET /apis/system/version": expired}))
    with pytest.raises(HmpApiError) as raised:
        client.get("/apis/system/version")
    assert raised.value.status == 401
    assert transport.routes().count("POST /apis/authentication/login") == 2


def test_wrong_credentials_fail_at_once_with_hmps_message():
    bad = error(401, "020002", "InvalidCredentials", "Invalid credentials")
    client, transport = make_client(routes({"POST /apis/authentication/login": bad}))
    with pytest.raises(HmpApiError) as raised:
        client.get("/apis/system/version")
    assert str(raised.value) == ("POST /apis/authentication/login failed: HTTP 401 020002 "
                                 "InvalidCredentials: Invalid credentials")
    assert transport.routes() == ["POST /apis/authentication/login"]  # no retry that could lock the account


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_safe_methods_are_retried_on_503_and_connection_errors(method):
    answers = Sequence(error(503, "090002", "ServiceUnavailable", "Service unavailable"),
                       requests.exceptions.ConnectionError("reset by peer"),
                       (200, {"data": {"id": "1"}}))
    client, transport = make_client(routes({"%s /apis/sources/1" % method: answers}))
    client.request(method, "/apis/sources/1", {"name": "x"} if method == "PUT" else None)
    assert transport.routes().count("%s /apis/sources/1" % method) == 3


def test_post_is_never_retried_blindly():
    client, transport = make_client(routes({"POST /apis/sources": (502, None)}))
    with pytest.raises(HmpApiError) as raised:
        client.request("POST", "/apis/sources", {"name": "x"})
    assert raised.value.status == 502
    assert transport.routes().count("POST /apis/sources") == 1


def test_post_connection_error_is_not_retried():
    client, transport = make_client(routes({"POST /apis/sources": requests.exceptions.ConnectionError("lost")}))
    with pytest.raises(HmpApiError) as raised:
        client.request("POST", "/apis/sources", {"name": "x"})
    assert raised.value.status is None
    assert transport.routes().count("POST /apis/sources") == 1


def test_retries_give_up_after_the_configured_count():
    client, transport = make_client(routes({"GET /apis/sources/1": (503, None)}), retries=2)
    with pytest.raises(HmpApiError):
        client.get("/apis/sources/1")
    assert transport.routes().count("GET /apis/sources/1") == 3


def test_a_retried_delete_that_finds_nothing_succeeded_the_first_time():
    answers = Sequence(requests.exceptions.ConnectionError("answer lost"),
                       error(404, "040009", "SourceNotFound", "Source not found"))
    client, _transport = make_client(routes({"DELETE /apis/sources/1": answers}))
    assert client.request("DELETE", "/apis/sources/1") is None


def test_errors_carry_method_path_status_and_hmps_code_name_message():
    refused = error(400, "010001", "InputValidation", "port must be a number")
    client, _transport = make_client(routes({"PUT /apis/sources/1": refused}))
    with pytest.raises(HmpApiError) as raised:
        client.request("PUT", "/apis/sources/1", {"port": "x"})
    assert raised.value.as_dict() == {"method": "PUT", "path": "/apis/sources/1", "status": 400,
                                      "code": "010001", "name": "InputValidation",
                                      "message": "port must be a number"}
    assert str(raised.value) == ("PUT /apis/sources/1 failed: HTTP 400 010001 InputValidation: "
                                 "port must be a number")


def test_secrets_are_scrubbed_from_error_text():
    passphrase = "srt-passphrase-123"
    echo = error(400, "010001", "InputValidation",
                 "bad passphrase %s for user with password %s" % (passphrase, PASSWORD))
    client, _transport = make_client(routes({"POST /apis/sources": echo}))
    client.add_secret(passphrase)
    with pytest.raises(HmpApiError) as raised:
        client.request("POST", "/apis/sources", {"passphrase": passphrase})
    text = str(raised.value) + repr(raised.value.as_dict())
    assert passphrase not in text and PASSWORD not in text
    assert "********" in text


def test_a_non_json_error_answer_still_gives_a_readable_message():
    def html(call):
        return 502, None

    client, _transport = make_client(routes({"GET /apis/sources/1": html}), retries=0)
    with pytest.raises(HmpApiError) as raised:
        client.get("/apis/sources/1")
    assert str(raised.value).startswith("GET /apis/sources/1 failed: HTTP 502")


def test_certificate_errors_say_how_to_fix_them():
    client, _transport = make_client(routes({"POST /apis/authentication/login": requests.exceptions.SSLError("CERTIFICATE_VERIFY_FAILED")}))
    with pytest.raises(HmpApiError) as raised:
        client.get("/apis/system/version")
    assert "could not be verified" in str(raised.value) and "hmp_ca_path" in str(raised.value)


@pytest.mark.parametrize("host, port, protocol, expected", [
    ("hmp.example.com", None, "https", "https://hmp.example.com"),
    ("hmp.example.com", 8443, "https", "https://hmp.example.com:8443"),
    ("hmp.example.com:9443", None, "https", "https://hmp.example.com:9443"),
    ("http://10.0.0.5:8080/", None, "https", "http://10.0.0.5:8080"),
    ("https://hmp.example.com", 443, "http", "https://hmp.example.com:443"),
    ("::1", 8443, "https", "https://[::1]:8443"),
])
def test_base_url_accepts_the_forms_of_hmp_host(host, port, protocol, expected):
    assert base_url(host, port, protocol) == expected


def test_ca_path_wins_over_the_requests_ca_bundle_environment(monkeypatch):
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")
    client, transport = make_client(routes({}), ca_path="/srv/pki/hmp-ca.pem")
    client.login()
    assert transport.calls[0].verify == "/srv/pki/hmp-ca.pem"


def test_validate_certs_false_turns_verification_off():
    client, transport = make_client(routes({}), validate_certs=False)
    client.login()
    assert transport.calls[0].verify is False


def test_set_top_box_paging_follows_has_more_data_and_not_found_means_empty():
    boxes = [{"_id": "b%d" % i} for i in range(7)]

    def page(call):
        number, size = int(call.query["page"]), 3
        chunk = boxes[(number - 1) * size:number * size]
        return 200, {"data": chunk, "paging": {"numResults": len(boxes), "numPages": 3,
                                               "hasMoreData": number * size < len(boxes)}}

    client, transport = make_client(routes({"GET /apis/devices/stbs": page}))
    assert client.list("/apis/devices/stbs", empty_codes=("040000",)) == boxes
    assert [c.query["page"] for c in transport.calls if c.path == "/apis/devices/stbs"] == ["1", "2", "3"]
    none = error(404, "040000", "NotFound", "Device not found")
    client, _transport = make_client(routes({"GET /apis/devices/stbs": none}))
    assert client.list("/apis/devices/stbs", empty_codes=("040000",)) == []


def test_reads_in_several_threads_that_meet_an_expired_session_share_one_new_login():
    threads = 3
    all_sent = threading.Barrier(threads, timeout=5)
    logins = []

    def login(call):
        logins.append(call)
        return 200, {"data": {"sessionId": "sess-%d" % len(logins)}}

    def events(call):
        if "sess-1" in call.headers.get("Cookie", ""):
            all_sent.wait()  # every thread holds the old session before any learns it expired
            return error(401, "020001", "UserNotAuthorized", "User is not authorized")
        return 200, {"data": [], "paging": {"results": 0, "pageSize": 100}}

    client, transport = make_client(routes({"POST /apis/authentication/login": login, "GET /apis/events": events}))
    client.login()
    with ThreadPoolExecutor(threads) as pool:
        assert list(pool.map(lambda _n: client.list("/apis/events"), range(threads))) == [[], [], []]
    assert len(logins) == 2  # the first login and one renewal, not one per thread
    assert transport.routes().count("GET /apis/events") == 2 * threads


@pytest.mark.parametrize("failure", [(500, None), (503, None), requests.exceptions.ConnectionError("reset")])
def test_a_login_the_server_failed_is_sent_again(failure):
    login = Sequence(failure, LOGIN_OK)
    client, transport = make_client(routes({"POST /apis/authentication/login": login,
                                            "GET /apis/system/version": (200, {"data": {"version": "4.1.1"}})}))
    assert client.get("/apis/system/version") == {"version": "4.1.1"}
    assert transport.routes() == ["POST /apis/authentication/login"] * 2 + ["GET /apis/system/version"]


API_SECRET = "api-s3cret-Echoed"


@pytest.mark.parametrize("answer", [
    error(401, "020002", "InvalidCredentials", "no account has the key k and the secret %s" % API_SECRET),
    (400, ("<html><body>Bad request: apiSecret=%s</body></html>" % API_SECRET).encode()),
], ids=["HMP's message", "a page that is not JSON"])
def test_an_answer_that_echoes_the_api_secret_is_scrubbed(answer):
    client, _transport = make_client(routes({"POST /apis/authentication/login/key": answer}),
                                     username=None, password=None, api_key="k", api_secret=API_SECRET)
    with pytest.raises(HmpApiError) as raised:
        client.get("/apis/system/version")
    text = str(raised.value) + repr(raised.value.as_dict())
    assert API_SECRET not in text
    assert "********" in text and "POST /apis/authentication/login/key failed: HTTP %d" % answer[0] in text


def test_an_error_body_that_is_a_json_string_is_the_message():
    client, _transport = make_client(routes({"GET /apis/sources/1": (400, "Bad request: port is not a number")}),
                                     retries=0)
    with pytest.raises(HmpApiError) as raised:
        client.get("/apis/sources/1")
    assert str(raised.value) == "GET /apis/sources/1 failed: HTTP 400: Bad request: port is not a number"


def test_the_api_key_is_scrubbed_from_errors_too():
    refused = error(401, "020002", "InvalidCredentials", "unknown key KEY-abc123")
    client, _transport = make_client(routes({"POST /apis/authentication/login/key": refused}),
                                     username=None, password=None, api_key="KEY-abc123", api_secret="S3cret-xyz")
    with pytest.raises(HmpApiError) as raised:
        client.get("/apis/system/version")
    assert "KEY-abc123" not in str(raised.value) and "unknown key ********" in str(raised.value)


# -- a 404 is an answer only while the login is known alive (contract: login_expiry) ---------------------

class Server(object):
    """A first login that ends after ``lives`` requests (later ones live on), answering 404 as V10 b says (the
    session probe 040022, a list NoResults, anything else NotFound); ``sources`` are listed 2 a page."""

    def __init__(self, sources=5, lives=None, key=False):
        self.sources = [{"id": "s%d" % i, "name": "Cam %d" % i} for i in range(sources)]
        self.lives, self.left, self.key = lives, None, key
        self.made = []

    def __call__(self, call):
        key = "%s %s" % (call.method, call.path)
        if key in ("POST /apis/authentication/login", "POST /apis/authentication/login/key"):
            self.left, self.lives = self.lives, None
            return (200, {"data": {"authToken": "t"}}) if self.key else LOGIN_OK
        if self.left is not None:
            self.left -= 1
            if self.left < 0:
                if key.startswith("GET /apis/authentication/login") or key == "DELETE /apis/authentication/login":
                    return ENDED
                return NO_RESULTS if key == "GET /apis/sources" else NOT_FOUND
        if key.startswith(("GET /apis/authentication/login", "DELETE /apis/authentication/login")):
            return (200, None) if call.method == "DELETE" else ALIVE
        if key == "GET /apis/sources":
            page = int(call.query["page"])
            chunk = self.sources[(page - 1) * 2:page * 2]
            return (200, {"data": chunk, "paging": {"results": len(chunk), "pageSize": 2}}) if chunk else NO_RESULTS
        if key == "POST /apis/sources":
            self.made.append(call.body)
            return 201, {"data": dict(call.body, id="new")}
        raise AssertionError("unexpected request %s" % key)


def test_no_404_costs_no_look_at_the_login():
    server = Server(sources=1)
    client, transport = make_client(server)
    with client:
        assert len(client.trusted(lambda c: c.list("/apis/sources"))) == 1
    assert transport.routes() == ["POST /apis/authentication/login", "GET /apis/sources",
                                  "DELETE /apis/authentication/login"]


def test_an_empty_list_is_believed_once_the_logout_says_the_login_was_alive():
    server = Server(sources=0)
    client, transport = make_client(server)
    with client:
        assert client.trusted(lambda c: c.list("/apis/sources")) == []
    assert transport.routes() == ["POST /apis/authentication/login", "GET /apis/sources",
                                  "DELETE /apis/authentication/login"]  # the logout was the look


def test_a_bearer_login_looks_with_the_session_probe():
    server = Server(sources=0, key=True)
    client, transport = make_client(server, username=None, password=None, api_key="k", api_secret="s")
    with client:
        assert client.trusted(lambda c: c.list("/apis/sources")) == []
    assert transport.routes() == ["POST /apis/authentication/login/key", "GET /apis/sources",
                                  "GET /apis/authentication/login/key"]


def test_a_list_cut_short_by_a_login_that_ended_is_read_again_whole():
    server = Server(sources=5, lives=2)  # page 1 and page 2 answer, page 3 finds the login ended: NoResults
    client, transport = make_client(server)
    with client:
        assert [s["id"] for s in client.trusted(lambda c: c.list("/apis/sources"))] == ["s0", "s1", "s2", "s3", "s4"]
    assert transport.routes().count("POST /apis/authentication/login") == 2


def test_a_write_waits_for_the_look_at_the_login_and_is_not_sent_on_a_list_read_under_an_ended_login():
    server = Server(sources=3, lives=1)  # the first page, then the login ends: the rest reads as empty

    def create_if_missing(client):
        names = [s["name"] for s in client.list("/apis/sources")]
        if "Cam 2" not in names:
            Writer(client, False).send("POST", "/apis/sources", {"name": "Cam 2"})
        return names

    client, transport = make_client(server)
    with client:
        assert client.trusted(create_if_missing) == ["Cam 0", "Cam 1", "Cam 2"]
    assert server.made == []  # no duplicate of Cam 2
    assert "POST /apis/sources" not in transport.routes()


def test_a_write_refused_with_404_under_an_ended_login_is_sent_again_once_logged_in():
    server = Server(sources=0, lives=0)
    client, transport = make_client(server)
    client.login()
    assert client.request("POST", "/apis/sources", {"name": "Cam 9"})["id"] == "new"
    assert transport.routes() == ["POST /apis/authentication/login", "POST /apis/sources",
                                  "GET /apis/authentication/login", "POST /apis/authentication/login",
                                  "POST /apis/sources"]
    assert server.made == [{"name": "Cam 9"}]


def test_a_404_under_a_live_login_stays_the_answer_after_one_look():
    client, transport = make_client(routes({"PUT /apis/sources/x": error(404, "040009", "SourceNotFound", "Source not found"),
                                            "GET /apis/authentication/login": ALIVE}))
    with pytest.raises(HmpApiError) as raised:
        client.request("PUT", "/apis/sources/x", {"name": "x"})
    assert raised.value.code == "040009"
    assert transport.routes()[1:] == ["PUT /apis/sources/x", "GET /apis/authentication/login"]


def test_a_login_that_ends_after_writes_were_sent_fails_the_task_saying_so():
    server = Server(sources=0)

    def write_then_read(client):
        Writer(client, False).send("POST", "/apis/sources", {"name": "Cam 1"})
        server.lives, server.left = 0, 0  # from now on the login has ended
        return client.list("/apis/sources")

    client, _transport = make_client(server)
    with pytest.raises(LoginLost) as raised:
        client.trusted(write_then_read)
    assert "1 write(s) had been sent before" in str(raised.value) and "Run the task again" in str(raised.value)


def test_an_api_key_on_a_server_without_key_login_names_the_release_and_the_alternative():
    client, _transport = make_client(routes({"POST /apis/authentication/login/key": NOT_FOUND}),
                                     username=None, password=None, api_key="k", api_secret="s")
    with pytest.raises(HmpApiError) as raised:
        client.get("/apis/sources")
    assert "no API key login (HMP has it from 4.1 on): log in with hmp_username and hmp_password" in str(raised.value)
