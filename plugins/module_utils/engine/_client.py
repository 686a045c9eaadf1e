# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The only code of the collection that talks HTTP to an HMP server.

One ``HmpClient`` per task: one keep-alive ``requests.Session``, one login (cookie or API key),
one logout on every exit.  Lists are read to their last page, HMP's ``404 NoResults`` reads as an
empty list, a ``401`` gets one fresh login and one retry, and only requests that are safe to
repeat (GET, PUT, DELETE, logins) are retried as they are on connection errors and 500/502/503/504; a
refused login (401) is never retried.  A POST that got no answer (or a 5xx) is sent again only when the
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
RETRY_STATUSES = frozenset((500, 502, 503, 504))
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
        self._login_lock = threading.Lock()
        self._logins = 0
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
            data = self._send("POST", KEY_LOGIN_PATH, {"apiKey": self.api_key, "apiSecret": self.api_secret})
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

    # -- requests ------------------------------------------------------------------------------
    def request(self, method, path, body=None, params=None, with_paging=False, took_effect=None):
        """Send one request, logging in first when needed; return the ``data`` member
        (and the ``paging`` member too when ``with_paging`` is set).

        ``took_effect`` (a POST's): a function that reads the server and returns what the POST made, or None.
        After a POST that may not have arrived (no answer, or a 5xx), it decides whether the POST is sent again."""
        if took_effect is None:
            return self._request(method, path, body, params, with_paging)
        for attempt in range(self.retries + 1):
            try:
                return self._request(method, path, body, params, with_paging)
            except HmpApiError as error:
                if not error.may_not_have_arrived or attempt == self.retries:
                    raise
            self.pause(attempt)
            made = took_effect()
            if made is not None:
                return made

    def _request(self, method, path, body, params, with_paging):
        with self._login_lock:
            if not self.logged_in:
                self.login()
            login = self._logins
        try:
            return self._send(method, path, body, params, with_paging=with_paging)
        except HmpApiError as error:
            if error.status != 401:
                raise
        with self._login_lock:  # the session expired: one fresh login (shared by every thread), one retry
            if self._logins == login:
                self.login()
        return self._send(method, path, body, params, with_paging=with_paging)

    def get(self, path, params=None):
        return self.request("GET", path, params=params)

    def get_or_none(self, path, not_found_codes):
        """GET one object; None when HMP answers 404 with one of ``not_found_codes``."""
        try:
            return self.get(path)
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
                data, paging = self.request("GET", path, params=query, with_paging=True)
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
                if last:
                    raise HmpApiError(method, path, message=self.scrub(
                        "no answer from %s after %d attempt(s): %s" % (self.url, attempt + 1, exc)))
                self.pause(attempt)
                continue
            if response.status_code in RETRY_STATUSES and not last:
                self.pause(attempt)
                continue
            if method == "DELETE" and attempt > 0 and response.status_code == 404:
                return None  # an earlier attempt deleted it and its answer was lost
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
