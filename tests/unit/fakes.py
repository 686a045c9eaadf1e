"""Test doubles: a scripted HTTP transport for the client, an in-memory client for the engine."""

import json
import uuid
from urllib.parse import parse_qs, urlsplit

import requests
from requests.adapters import BaseAdapter

from ansible_collections.haivision.hmp.plugins.module_utils.engine._client import HmpClient


def error(status, code, name, message):
    return status, {"code": code, "name": name, "message": message, "httpStatusCode": status}


NO_RESULTS = error(404, "040012", "NoResults", "No results")
LOST = requests.exceptions.ConnectionError("connection closed without an answer")


class Call(object):
    def __init__(self, request, verify=None):
        self.verify = verify
        parts = urlsplit(request.url)
        self.method = request.method
        self.path = parts.path
        self.query = dict((k, v[0]) for k, v in parse_qs(parts.query).items())
        self.headers = request.headers
        self.body = json.loads(request.body) if request.body else None

    def __repr__(self):
        return "%s %s" % (self.method, self.path)


class ScriptedTransport(BaseAdapter):
    """Answers each request with ``handler(call)``: a (status, body) pair or an exception; a body in
    bytes is sent as it is (not JSON), anything else as JSON."""

    def __init__(self, handler):
        super(ScriptedTransport, self).__init__()
        self.handler = handler
        self.calls = []

    def send(self, request, **kwargs):
        call = Call(request, kwargs.get("verify"))
        self.calls.append(call)
        answer = self.handler(call)
        if isinstance(answer, Exception):
            raise answer
        status, body = answer
        response = requests.Response()
        response.status_code = status
        if isinstance(body, bytes):  # not JSON: a proxy's or a web server's own page
            response._content = body
            response.headers["Content-Type"] = "text/html"
        else:
            response._content = b"" if body is None else json.dumps(body).encode()
            response.headers["Content-Type"] = "application/json"
        response.url = request.url
        response.request = request
        return response

    def close(self):
        pass

    def routes(self):
        return ["%s %s" % (c.method, c.path) for c in self.calls]


def scripted_client(handler, username="haiadmin", password="pw", retries=3, sleep=lambda seconds: None, **kwargs):
    """An HmpClient of https://hmp.test whose requests ``handler`` answers (``ScriptedTransport``), and that
    transport."""
    client = HmpClient("https://hmp.test", username=username, password=password, retries=retries, sleep=sleep,
                       **kwargs)
    transport = ScriptedTransport(handler)
    client.session.mount("https://", transport)
    return client, transport


class FaultyServer(object):
    """A scripted server (``answer(call, 'METHOD /path')``) whose ``faults`` map 'METHOD /path' to what its next
    answers go wrong with: 'lost' (carried out, answer lost), a status (refused, nothing done)."""

    def __init__(self, faults=None):
        self.faults = dict((k, list(v)) for k, v in (faults or {}).items())

    def __call__(self, call):
        key = "%s %s" % (call.method, call.path)
        fault = self.faults.get(key, []).pop(0) if self.faults.get(key) else None
        if isinstance(fault, int):
            return error(fault, "070000", "InternalServer", "try again")
        answer = self.answer(call, key)
        return LOST if fault == "lost" else answer

    def answer(self, call, key):
        raise NotImplementedError


class FakeClient(object):
    """The HmpClient interface over dicts in memory; records every write it is sent.

    ``members`` maps a sub-collection name to the key of its POST body (``{"sources": "sourceId"}``):
    POST ``{item}/sources`` adds the id to the object's ``sources`` list and DELETE
    ``{item}/sources/{id}`` removes it. ``actions`` names the sub-paths answered with the object
    itself (``("password",)``: PUT ``{item}/password`` changes nothing visible). Without them,
    every path is a plain collection, as before.
    """

    def __init__(self, collections=None, members=None, actions=()):
        self.collections = collections or {}
        self.members = dict(members or {})
        self.actions = tuple(actions)
        self.writes = []
        self.reads = []
        self.secrets = set()

    def add_secret(self, value):
        if value:
            self.secrets.add(value)

    def confirm(self, ending=False):
        """Every 404 of this in-memory server is a real answer."""

    def list(self, path, params=None, empty_codes=None):
        self.reads.append(path)
        return [dict(o) for o in self.collections.get(path, [])]

    def get_or_none(self, path, not_found_codes):
        self.reads.append(path)
        collection, _sep, object_id = path.rpartition("/")
        return next((dict(o) for o in self.collections.get(collection, []) if o["id"] == object_id), None)

    def _owner(self, item_path):
        collection, _sep, object_id = item_path.rpartition("/")
        return next((o for o in self.collections.get(collection, []) if o["id"] == object_id), None)

    def _sub_request(self, method, path, body):
        """A write to a member sub-collection or an action path; None when ``path`` is neither."""
        head, _sep, last = path.rpartition("/")
        if method == "PUT" and last in self.actions and self._owner(head) is not None:
            return dict(self._owner(head))
        if method == "POST" and last in self.members and self._owner(head) is not None:
            owner = self._owner(head)
            owner[last] = list(owner.get(last) or []) + [body[self.members[last]]]
            return dict(owner)
        item, _sep, sub = head.rpartition("/")
        if method == "DELETE" and sub in self.members and self._owner(item) is not None:
            owner = self._owner(item)
            owner[sub] = [m for m in owner.get(sub) or [] if m != last]
            return {}
        return None

    def request(self, method, path, body=None, params=None, took_effect=None):
        self.writes.append((method, path, body))
        answer = self._sub_request(method, path, body)
        if answer is not None:
            return answer or None
        if method == "POST":
            created = dict(body, id=str(uuid.uuid4()))
            self.collections.setdefault(path, []).append(created)
            return created
        collection, _sep, object_id = path.rpartition("/")
        objects = self.collections.get(collection, [])
        index = next(i for i, o in enumerate(objects) if o["id"] == object_id)
        if method == "DELETE":
            del objects[index]
            return None
        objects[index] = dict(body, id=object_id)
        return objects[index]
