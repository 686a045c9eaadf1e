"""Test doubles: a scripted HTTP transport for the client, an in-memory client for the engine."""

import json
import uuid
from urllib.parse import parse_qs, urlsplit

import requests
from requests.adapters import BaseAdapter


def error(status, code, name, message):
    return status, {"code": code, "name": name, "message": message, "httpStatusCode": status}


NO_RESULTS = error(404, "040012", "NoResults", "No results")


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
    """Answers each request with ``handler(call)``: a (status, body) pair or an exception."""

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
        response._content = b"" if body is None else json.dumps(body).encode()
        response.headers["Content-Type"] = "application/json"
        response.url = request.url
        response.request = request
        return response

    def close(self):
        pass

    def routes(self):
        return ["%s %s" % (c.method, c.path) for c in self.calls]


class FakeClient(object):
    """The HmpClient interface over dicts in memory; records every write it is sent."""

    def __init__(self, collections=None):
        self.collections = collections or {}
        self.writes = []
        self.reads = []
        self.secrets = set()

    def add_secret(self, value):
        if value:
            self.secrets.add(value)

    def list(self, path, params=None):
        self.reads.append(path)
        return [dict(o) for o in self.collections.get(path, [])]

    def get_or_none(self, path, not_found_codes):
        self.reads.append(path)
        collection, _sep, object_id = path.rpartition("/")
        return next((dict(o) for o in self.collections.get(collection, []) if o["id"] == object_id), None)

    def request(self, method, path, body=None, params=None):
        self.writes.append((method, path, body))
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
