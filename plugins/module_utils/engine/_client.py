# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The only code of the collection that talks HTTP to an HMP server.

One ``HmpClient`` per task: one keep-alive ``requests.Session``, one login (cookie or API key),
one logout on every exit.  Lists are read to their last page, HMP's ``404 NoResults`` reads as an
empty list, a ``401`` gets one fresh login and one retry, and only requests that are safe to
repeat (GET, PUT, DELETE, logins) are retried as they are on connection errors and 500/502/503/504; a
refused login (401) is never retried.

HMP may also answer 404 to a request under an expired login (contract: login_expiry), so a 404 is an answer
only while the login is known alive. A 404 that a caller takes for a fact (an empty list, the end of a list, a
missing object) is kept unconfirmed until ``confirm``, which the writer calls before a write and a task before
its result: one look at the login (the logout, at the end of a cookie login), and none when no 404 was taken
for a fact. When the login turns out to have ended, the client logs in again and raises ``LoginLost``: what
was read must be read again. Any other 404 is checked at once, and answered like a 401 when the login has
ended.  A POST that got no answer (or a 5xx) is sent again only when the
caller says how to read back what it would have made (``took_effect``) and that read finds nothing: every
retry of the collection is decided here.  ``Writer`` (``_writer.py``) is the one way writes reach this client.
"""

from __future__ import annotations

import json
import threading
import time
from urllib.parse import parse_qsl, urlencode, urlsplit

try:
    import requests
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - reported by the module with missing_required_lib
    requests = None
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = exc

API_BASE = "/apis"
LOGIN_PATH = API_BASE + "/authentication/login"
KEY_LOGIN_PATH = API_BASE + "/authentication/login/key"
COOKIE_NAME = "calypso-session-id"
NO_RESULTS = "040012"
PAGE_SIZE = 100
SAFE_TO_REPEAT = frozenset(("GET", "PUT", "DELETE"))
WRITES = frozenset(("POST", "PUT", "DELETE"))
LOGIN_PATHS = frozenset((LOGIN_PATH, KEY_LOGIN_PATH))
RETRY_STATUSES = frozenset((500, 502, 503, 504))
READ_AGAIN = 2  # how many times a task reads afresh after a login that ended under its reads
SECRET_MASK = "********"


def scrub(text, secrets):
    """Return ``text`` with every secret value replaced by a mask."""
    if not isinstance(text, str):
        return text
    for secret in secrets:
        if secret:
            text = text.replace(secret, SECRET_MASK)
    return text


class HmpApiError(Exception):
    """A request HMP refused, or one that never got an answer (``status`` is None)."""

    FIELDS = ("method", "path", "status", "code", "name", "message")

    def __init__(self, method, path, status=None, code=None, name=None, message=None):
        self.method, self.path, self.status = method, path, status
        self.code, self.name, self.message = code, name, message
        super().__init__(str(self))

    @property
    def may_not_have_arrived(self):
        """No answer, or a server error: the request may or may not have taken effect."""
        return self.status is None or self.status in RETRY_STATUSES

    def __str__(self):
        where = "%s %s" % (self.method, self.path)
        if self.status is None:
            return "%s failed: %s" % (where, self.message)
        what = " ".join(str(part) for part in (self.code, self.name) if part)
        text = "%s failed: HTTP %s" % (where, self.status)
        if what:
            text += " %s" % what
        if self.message:
            text += ": %s" % self.message
        if self.status == 403:  # contract: forbidden, permissions
            text += (" (the account this task logs in with has no HMP role that allows this request; "
                     "haivision.hmp.hmp_system_info shows its roles)")
        return text

    def as_dict(self):
        return dict((field, getattr(self, field)) for field in self.FIELDS)


class LoginLost(Exception):
    """A 404 the task would take for a fact came under a login that has since ended (contract: login_expiry).
    The client has logged in again: what was read must be read again before anything rests on it."""

    def __init__(self, url, writes=0):
        text = ("the login to %s ended during the task: HMP answered 404 to a read under it, which it also answers "
                "to a request under an expired login, so that read could not be trusted" % url)
        if writes:
            text += ("; %d write(s) had been sent before, none decided on a read under the ended login. Run the task "
                     "again: it reads the server afresh and goes on from there" % writes)
        super(LoginLost, self).__init__(text)
        self.url = url


def base_url(host, port=None, protocol="https"):
    """Build the server URL from ``hmp_host``, which may carry a scheme and a port of its own."""
    host = (host or "").strip().rstrip("/")
    if "://" in host:
        parts = urlsplit(host)
        protocol = parts.scheme or protocol
        host = parts.hostname or ""
        port = parts.port or port
    elif host.count(":") == 1:
        host, _sep, port = host.partition(":")
    if ":" in host:
        host = "[%s]" % host.strip("[]")  # an IPv6 literal
    if port:
        return "%s://%s:%s" % (protocol, host, port)
    return "%s://%s" % (protocol, host)


def _whole_number(value):
    return isinstance(value, int) and not isinstance(value, bool)


def next_page(path, query, paging, count, read):
    """The (path, query) of the page after this one, or None when this one was the last.

    ``count`` items came on this page, ``read`` on every page so far. The dialects (contract: paging):
    set-top boxes say ``hasMoreData``; others give ``next`` (a link to the next page, present only
    while there is one) and ``results`` (the items of this page, or the total when it is larger);
    ``pageSize`` is the size the server used, which may be less than the size asked for. A server
    that says nothing about its page size is read until it answers an empty page.
    """
    if count == 0 or not isinstance(paging, dict):
        return None
    following = dict(query, page=int(query.get("page", 1)) + 1)
    if "hasMoreData" in paging:
        return (path, following) if paging["hasMoreData"] else None
    link = paging.get("next")
    if isinstance(link, str) and link:
        parts = urlsplit(link)
        if parts.path.startswith(API_BASE):  # this server's path, whatever host the link names
            return parts.path, dict(query, **dict(parse_qsl(parts.query, keep_blank_values=True)))
        return path, following
    results = paging.get("results")
    if _whole_number(results) and results > count:  # a total, not this page's count
        return (path, following) if read < results else None
    size = paging.get("pageSize")
    if _whole_number(size) and size > 0:
        return (path, following) if count >= size else None
    return path, following


class HmpClient(object):
    """A logged-in conversation with one HMP server."""

    def __init__(self, url, username=None, password=None, api_key=None, api_secret=None,
                 validate_certs=True, ca_path=None, timeout=30, retries=5, backoff=0.5,
                 sleep=time.sleep):
        self.url = url.rstrip("/")
        self.username, self.password, self.api_key, self.api_secret = username, password, api_key, api_secret
        self.timeout, self.retries, self.backoff, self.sleep = timeout, retries, backoff, sleep
        self.secrets = set(s for s in (password, api_key, api_secret) if s)
        self.logged_in = False
        # Reads may run in a few threads (Lookup.all_of_each): one of them logs in again after a 401,
        # the others see that the login changed and simply retry.
        self._login_lock = threading.RLock()
        self._logins = 0
        self._unconfirmed = set()  # the logins under which a 404 was taken for a fact, not confirmed alive since
        self._lost = False  # a 404 taken for a fact came under a login that had ended: read again (trusted)
        self.writes_sent = 0  # writes that left and may have taken effect
        self.connection = None  # the _options.Connection it was made from, if any
        self.session = requests.Session()
        self.session.headers["Accept"] = "application/json"
        # Given with each request: requests lets REQUESTS_CA_BUNDLE override a Session's verify.
        self.verify = (ca_path or True) if validate_certs else False

    # -- secrets -------------------------------------------------------------------------------
    def add_secret(self, value):
        """Keep ``value`` out of every error this client raises."""
        if value:
            self.secrets.add(str(value))

    def scrub(self, text):
        return scrub(text, self.secrets)

    # -- session -------------------------------------------------------------------------------
    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()
        return False

    def login(self):
        self.session.cookies.clear()
        self.session.headers.pop("Authorization", None)
        if self.api_key:
            try:
                data = self._send("POST", KEY_LOGIN_PATH, {"apiKey": self.api_key, "apiSecret": self.api_secret})
            except HmpApiError as error:
                if error.status in (404, 405):  # contract: releases
                    error.message = ("this HMP server has no API key login (HMP has it from 4.1 on): log in with "
                                     "hmp_username and hmp_password instead")
                raise
            self.session.headers["Authorization"] = "Bearer %s" % data["authToken"]
        else:
            data = self._send("POST", LOGIN_PATH, {"username": self.username, "password": self.password})
            if not self.session.cookies.get(COOKIE_NAME) and data.get("sessionId"):
                self.session.cookies.set(COOKIE_NAME, data["sessionId"])
        self.logged_in = True
        self._logins += 1
        return data

    def session_info(self):
        """What HMP knows of the logged-in user (username, roles)."""
        return self.request("GET", KEY_LOGIN_PATH if self.api_key else LOGIN_PATH)

    def close(self):
        """Log out of what this client logged in on (a Bearer token simply expires)."""
        try:
            if self.logged_in and not self.api_key:
                try:
                    self._send("DELETE", LOGIN_PATH, retry=False)
                except HmpApiError:
                    pass  # an expired session is as good as a closed one
        finally:
            self.logged_in = False
            self.session.close()

    # -- is the login alive? (contract: login_expiry) ---------------------------------------------
    def confirm(self, ending=False):
        """Make sure that every 404 taken for a fact so far came under a live login. Raises ``LoginLost`` (having
        logged in again) when the login it came under has ended. ``ending``: nothing more will be read; a cookie
        login then confirms by logging out."""
        with self._login_lock:
            if self._lost:  # another thread of the task found it: nothing more rests on what was read
                raise LoginLost(self.url)
            if not self._unconfirmed:
                return
            alive = self._unconfirmed == set([self._logins]) and self._alive(ending)
            self._unconfirmed = set()
            if alive:
                return
            self.login()
            self._lost = True
        raise LoginLost(self.url)

    def trusted(self, work, ending=True):
        """``work(self)``'s result once every 404 it took for a fact is confirmed (``confirm``), ``work`` done again
        from the start, up to twice, when such a 404 came under a login that had ended and nothing was written yet;
        ``LoginLost`` otherwise. ``ending``: ``work`` is the client's last (a cookie login then logs out)."""
        for attempt in range(READ_AGAIN + 1):
            sent, self._lost = self.writes_sent, False
            try:
                result = work(self)
                self.confirm(ending)
                return result
            except LoginLost:
                if self.writes_sent != sent or attempt == READ_AGAIN:
                    raise LoginLost(self.url, self.writes_sent - sent)

    def _alive(self, logging_out=False):
        """One look at the login: the logout (``logging_out``, a cookie login) or the session probe."""
        try:
            if logging_out and not self.api_key:
                self._send("DELETE", LOGIN_PATH, retry=False)
                self.logged_in = False
            else:
                self._send("GET", KEY_LOGIN_PATH if self.api_key else LOGIN_PATH)
            return True
        except HmpApiError as error:
            if error.status in (401, 404):
                return False
            raise

    def answer_under_ended_login(self, method, path, body=None):
        """HMP's answer to one request under a login that has ended (the qualification's ``login_expiry``):
        another login of this client's account, logged out, then the request with its cookie; for a key login,
        whose token cannot be ended, a made-up token, which HMP cannot tell from an ended one. Returns
        ``(status, code)``, and never logs in again."""
        other = HmpClient(self.url, self.username, self.password, timeout=self.timeout, retries=0)
        other.verify, other.secrets = self.verify, self.secrets
        try:
            if self.api_key:
                other.session.headers["Authorization"] = "Bearer ansible-hmp-ended-login"
            else:
                other.login()
                cookie = other.session.cookies.get(COOKIE_NAME)
                other._send("DELETE", LOGIN_PATH, retry=False)
                other.session.cookies.set(COOKIE_NAME, cookie)  # the logout's answer drops it
            try:
                other._send(method, path, body, retry=False)
                return 200, None
            except HmpApiError as error:
                return error.status, error.code
        finally:
            other.session.close()

    def _taken_for_a_fact(self, login):
        with self._login_lock:
            self._unconfirmed.add(login)

    # -- requests ------------------------------------------------------------------------------
    def request(self, method, path, body=None, params=None, with_paging=False, took_effect=None, absent=()):
        """Send one request, logging in first when needed; return the ``data`` member
        (and the ``paging`` member too when ``with_paging`` is set).

        ``absent``: the codes of a 404 the caller takes for a fact (an empty list, a missing object): raised
        as they are and confirmed later (``confirm``). ``took_effect`` (a POST's): a function that reads the
        server and returns what the POST made, or None. After a POST that may not have arrived (no answer, or
        a 5xx), it decides whether the POST is sent again."""
        if took_effect is None:
            return self._request(method, path, body, params, with_paging, absent)
        for attempt in range(self.retries + 1):
            try:
                return self._request(method, path, body, params, with_paging, absent)
            except HmpApiError as error:
                if not error.may_not_have_arrived or attempt == self.retries:
                    raise
            self.pause(attempt)
            made = took_effect()
            try:
                self.confirm()  # "not made" must not rest on a read under an ended login
            except LoginLost:
                self._lost = False  # only that read rested on it: read it again under the fresh login
                made = took_effect()
            if made is not None:
                return made

    def _request(self, method, path, body, params, with_paging, absent=()):
        with self._login_lock:
            if not self.logged_in:
                self.login()
            login = self._logins
        try:
            return self._send(method, path, body, params, with_paging=with_paging)
        except HmpApiError as error:
            if error.status == 404 and error.code in absent:
                self._taken_for_a_fact(login)
                raise
            if not self._ended(error, login):
                raise
        return self._send(method, path, body, params, with_paging=with_paging)

    def _ended(self, error, login):
        """Whether ``error`` came because the login ``login`` has ended: a 401, or a 404 while the session probe
        says the login has ended (contract: login_expiry). If so, one fresh login, shared by every thread."""
        if error.status == 404 and error.path not in LOGIN_PATHS:
            with self._login_lock:
                ended = self._logins == login and not self._alive()
        else:
            ended = error.status == 401
        if ended or (error.status == 404 and self._logins != login):
            with self._login_lock:
                if self._logins == login:
                    self.login()
            return True
        return False

    def get(self, path, params=None):
        return self.request("GET", path, params=params)

    def get_or_none(self, path, not_found_codes):
        """GET one object; None when HMP answers 404 with one of ``not_found_codes`` (a fact to confirm)."""
        try:
            return self.request("GET", path, absent=not_found_codes)
        except HmpApiError as error:
            if error.status == 404 and error.code in not_found_codes:
                return None
            raise

    def list(self, path, params=None, empty_codes=(NO_RESULTS,), counted=False):
        """Every item of a collection, following the pages to the end (with ``counted``, and how many pages).

        A 404 whose code is in ``empty_codes`` (NoResults; set-top boxes answer NotFound) is an
        empty list, and so is ``200`` with no item; any other 404, a missing parent for example,
        stays an error (contract: empty_list). Pages end as the server's paging says (contract: paging):
        set-top boxes' ``hasMoreData``, a ``next`` link, a ``results`` total, or a page shorter than
        the ``pageSize`` the server reports (which may be less than the size asked for). A page that is
        not a list of objects (a proxy's HTML page, say) is an error, never an empty list.
        """
        items, pages = [], 0
        query = dict(params or {}, page=1, pageSize=PAGE_SIZE)
        seen = set()
        while True:
            seen.add((path, tuple(sorted((k, str(v)) for k, v in query.items()))))
            try:
                data, paging = self.request("GET", path, params=query, with_paging=True, absent=empty_codes)
            except HmpApiError as error:
                if error.status == 404 and error.code in empty_codes:
                    return (items, pages) if counted else items
                raise
            pages += 1
            if isinstance(data, dict):
                data = [data]
            if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
                raise HmpApiError("GET", path, 200, message="the answer is not a list of objects (%s): is %s the "
                                  "HMP server, and not a proxy's page?" % (type(data).__name__, self.url))
            items.extend(data)
            following = next_page(path, query, paging, len(data), len(items))
            if following is None:
                return (items, pages) if counted else items
            path, query = following
            if (path, tuple(sorted((k, str(v)) for k, v in query.items()))) in seen:
                raise HmpApiError("GET", path, message="the server's paging leads back to a page already read "
                                                       "(%s?%s); the list cannot be read to its end"
                                  % (path, urlencode(query)))

    def _send(self, method, path, body=None, params=None, retry=True, with_paging=False):
        repeatable = method in SAFE_TO_REPEAT or path in (LOGIN_PATH, KEY_LOGIN_PATH)  # a spare login is harmless
        attempts = 1 + (self.retries if retry and repeatable else 0)
        url = self.url + path
        payload = None if body is None else json.dumps(body)
        headers = {"Content-Type": "application/json"} if payload is not None else None
        for attempt in range(attempts):
            last = attempt == attempts - 1
            try:
                response = self.session.request(method, url, data=payload, params=params, headers=headers,
                                                timeout=self.timeout, verify=self.verify)
            except requests.exceptions.SSLError as exc:
                raise HmpApiError(method, path, message=self.scrub(
                    "the server certificate could not be verified (%s). Give the CA that signed it "
                    "with hmp_ca_path, or set hmp_validate_certs to false for a lab server" % exc))
            except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as exc:
                if method in WRITES and path not in LOGIN_PATHS:
                    self.writes_sent += 1  # it may have arrived
                if last:
                    raise HmpApiError(method, path, message=self.scrub(
                        "no answer from %s after %d attempt(s): %s" % (self.url, attempt + 1, exc)))
                self.pause(attempt)
                continue
            if response.status_code in RETRY_STATUSES and not last:
                self.pause(attempt)
                continue
            may_have_taken_effect = response.status_code < 400 or response.status_code in RETRY_STATUSES
            if method in WRITES and path not in LOGIN_PATHS and may_have_taken_effect:
                self.writes_sent += 1
            if method == "DELETE" and attempt > 0 and response.status_code == 404:
                self._taken_for_a_fact(self._logins)  # an earlier attempt deleted it and its answer was lost
                return None
            return self._read(method, path, response, with_paging)

    def pause(self, attempt):
        """Wait before attempt ``attempt + 1``: backoff, doubled each time."""
        self.sleep(self.backoff * (2 ** attempt))

    def _read(self, method, path, response, with_paging):
        try:
            document = response.json() if response.content else None
        except ValueError:
            document = None
        if response.status_code >= 400:
            error = document if isinstance(document, dict) else {}
            message = error.get("message")
            if message is None:
                message = document if isinstance(document, str) else None
            if message is None and document is None:
                message = response.text[:200] or response.reason
            raise HmpApiError(method, path, response.status_code, error.get("code"), error.get("name"),
                              self.scrub(message))
        data = document.get("data") if isinstance(document, dict) else document
        if with_paging:
            paging = document.get("paging") if isinstance(document, dict) else None
            return data, paging
        return data
