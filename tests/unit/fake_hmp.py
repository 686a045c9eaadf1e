"""An HMP server in memory for the watch tests: the recorded answers of tests/unit/data/watch_server.json,
served page by page through the real HmpClient (ScriptedTransport), with faults a test can switch on."""

import copy
import json
import os

from ansible_collections.haivision.hmp.plugins.plugin_utils._watch import Watch, watch_options

from fakes import NO_RESULTS, ScriptedTransport, error

HERE = os.path.dirname(os.path.abspath(__file__))
LOGIN = "/apis/authentication/login"
PASSWORD = "watch-password-0042"
DEVICES, SESSIONS = "/apis/devices/stbs", "/apis/sessions"
NOT_FOUND = {DEVICES: error(404, "040000", "NotFound", "Device not found")}


def recorded():
    """What the emulator answered (see data/record_watch_server.py): {list path: [objects]}."""
    with open(os.path.join(HERE, "data", "watch_server.json")) as handle:
        return json.load(handle)


class FakeHmp(object):
    """``lists`` ({path: [objects]}) served as HMP does: pages of ``page_size``, an empty list as 404.

    ``fault(call)`` may answer a request instead (a (status, body) pair or an exception); ``logins``
    counts the logins, ``calls`` every request."""

    def __init__(self, lists=None, page_size=100, next_links=False, sessions_listed_without=(), dead_login="a"):
        self.lists = copy.deepcopy(recorded() if lists is None else lists)
        self.page_size = page_size  # the server's own page size, which it reports (contract: paging, V1 c)
        self.next_links = next_links  # paging says the total and links the next page (V1 b)
        self.sessions_listed_without = sessions_listed_without  # left out of the list (contract: session_fields)
        self.fault = None
        self.dead_login = dead_login  # what a request under an ended login answers (contract: login_expiry, V10)
        self.session_valid = False
        self.logins = 0
        self.transport = ScriptedTransport(self.answer)

    @property
    def calls(self):
        return self.transport.calls

    def reads(self):
        return ["%s %s" % (c.method, c.path) for c in self.calls if c.path != LOGIN]

    def answer(self, call):
        if self.fault is not None:
            faulty = self.fault(call)
            if faulty is not None:
                return faulty
        if call.path == LOGIN:
            if call.method == "POST":
                if call.body.get("password") != PASSWORD:
                    return error(401, "020001", "UserNotAuthorized", "Invalid username or password")
                self.logins += 1
                self.session_valid = True
                return 200, {"data": {"sessionId": "session-%d" % self.logins}}
            if not self.session_valid:
                return error(404, "040022", "AuthSessionNotFound", "Unknown session")
            return 200, {"data": "logged out" if call.method == "DELETE" else {"username": "eda"}}
        if not self.session_valid:
            if self.dead_login == "a":
                return error(401, "020001", "UserNotAuthorized", "User is not authorized")
            listed = call.path in self.lists or call.path.endswith("/events")
            return NOT_FOUND.get(call.path, NO_RESULTS) if listed else error(
                404, "040000", "NotFound", "Not found")
        collection, _sep, last = call.path.rpartition("/")
        if call.path not in self.lists and collection in self.lists:  # one object by id
            key = "_id" if collection == DEVICES else "id"
            found = [o for o in self.lists[collection] if o.get(key) == last]
            return (200, {"data": found[0]}) if found else NOT_FOUND.get(collection, error(
                404, "040009", "NotFound", "Not found"))
        if call.path not in self.lists:
            return error(404, "040006", "SessionNotFound", "Session not found")
        items = self.lists[call.path]
        page, size = int(call.query.get("page", 1)), int(call.query.get("pageSize", 100))
        size = min(size, self.page_size)
        chunk = items[(page - 1) * size:page * size]
        if not chunk:
            return NOT_FOUND.get(call.path, NO_RESULTS)
        if call.path == DEVICES:
            return 200, {"data": chunk, "paging": {"hasMoreData": page * size < len(items)}}
        if call.path == SESSIONS:
            chunk = [dict((k, v) for k, v in o.items() if k not in self.sessions_listed_without) for o in chunk]
        if self.next_links:
            paging = {"results": len(items), "pageSize": size}
            if page * size < len(items):
                paging["next"] = "https://elsewhere.test%s?page=%d&pageSize=%d" % (call.path, page + 1, size)
            return 200, {"data": chunk, "paging": paging}
        return 200, {"data": chunk, "paging": {"results": len(chunk), "pageSize": size}}

    # -- editing the server between polls ---------------------------------------------------------
    def objects(self, path):
        return self.lists[path]

    def one(self, path, **match):
        return next(o for o in self.lists[path] if all(o.get(k) == v for k, v in match.items()))

    def events_path(self, title):
        return "/apis/sessions/%s/events" % self.one("/apis/sessions", title=title)["id"]

    def expire_login(self):
        self.session_valid = False

    def client_factory(self):
        """A factory of clients for the watch's options that talk to this server and never sleep between retries."""
        def make(connection):
            client = connection.client(sleep=lambda seconds: None)
            client.session.mount("https://", self.transport)
            return client
        return make

    def watch(self, **options):
        args = {"hmp_host": "hmp.test", "hmp_username": "eda", "hmp_password": PASSWORD, "hmp_retries": 1}
        args.update(options)
        return Watch(watch_options(args), client_factory=self.client_factory())
