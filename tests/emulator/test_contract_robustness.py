"""Robustness matrix: bad input of every kind gets a 4xx HMP error body (never a 500, never
HTML), the validation message names the offending field, and the state is unchanged.
Codes (contract: errors, content_type, read_only_fields, sources, sessions; the events pages' 400
010000; not_found_codes)."""
import json

import pytest

UDP = {"name": "Cam", "type": "UDP", "host": "239.1.1.1", "port": 4900, "multicast": True}
EVENT = {"module": "session", "startTime": 1798812000, "duration": 3600, "type": "one-time",
         "command": "record", "active": True}


def _objects(make):
    """A small world to aim bad requests at."""
    sess, (src,) = make.session_with_sources(1)
    ev = make.event(sess["id"])
    video = make.video()
    stream = make.stream(video["id"])
    rec_sess, _ = make.session_with_sources(1)  # recorded session kept apart (409 060003)
    rec = make.recording(rec_sess["id"])
    user = make.user("viewer")
    return {"src": src["id"], "sess": sess["id"], "ev": ev["id"], "video": video["id"],
            "stream": stream["id"], "rec": rec["id"], "user": user["id"]}


def raw(text, ctype="application/json"):
    return {"data": text.encode(), "headers": {"Content-Type": ctype}}


def js(obj):
    return {"json": obj}


# (id, method, path template, request kwargs, status, code, field named in the message or None)
CASES = [
    # malformed JSON
    ("malformed-source", "POST", "/apis/sources", raw('{"name": "x", '), 400, None, None),
    ("malformed-session-put", "PUT", "/apis/sessions/{sess}", raw("{title: 1}"), 400, None, None),
    ("malformed-login", "POST", "/apis/authentication/login", raw('{"username"'), 400, None, None),
    ("malformed-metadata", "PUT", "/apis/assets/{video}/metadata", raw("[{]"), 400, None, None),
    ("json-not-object", "POST", "/apis/sessions", raw('"just a string"'), 400, None, None),
    ("json-array-for-object", "POST", "/apis/sources", js([UDP]), 400, "010001", None),
    # wrong content type
    ("ctype-text", "POST", "/apis/sources", raw(json.dumps(UDP), "text/plain"), 415, "100000", None),
    ("ctype-xml", "PUT", "/apis/sessions/{sess}", raw('{"title": "x"}', "application/xml"), 415,
     "100000", None),
    ("ctype-form", "POST", "/apis/sessions/{sess}/events", raw("a=b", "application/x-www-form-urlencoded"),
     415, "100000", None),
    # unknown fields only (required fields missing)
    ("unknown-only-source", "POST", "/apis/sources", js({"bogus": 1}), 400, "010001", None),
    ("unknown-only-session", "POST", "/apis/sessions", js({"bogus": 1}), 400, "010001", None),
    ("unknown-only-session-source", "POST", "/apis/sessions/{sess}/sources", js({"bogus": 1}), 400,
     "010001", None),
    ("unknown-only-user", "POST", "/apis/users", js({"bogus": 1}), 400, "010001", None),
    # strings for numbers
    ("source-port-string", "POST", "/apis/sources", js(dict(UDP, port="4900")), 400, "010001", "port"),
    ("srt-latency-string", "POST", "/apis/sources",
     js({"name": "s", "type": "SRT", "host": "0.0.0.0", "port": 9000, "mode": "LISTENER",
         "latency": "125"}), 400, "010001", "latency"),
    ("stream-port-string", "POST", "/apis/assets/{video}/streams",
     js({"address": "239.9.9.9", "port": "4900"}), 400, "010001", "port"),
    ("event-start-string", "POST", "/apis/sessions/{sess}/events", js(dict(EVENT, startTime="soon")),
     400, "010000", "startTime"),
    ("event-duration-string", "PUT", "/apis/sessions/{sess}/events/{ev}",
     js(dict(EVENT, duration="1h")), 400, "010000", "duration"),
    ("seek-time-string", "POST", "/apis/streams/{stream}/seek", js({"time": "60"}), 400, "010001", "time"),
    # numbers for booleans
    ("source-multicast-number", "POST", "/apis/sources", js(dict(UDP, multicast=1)), 400, "010001",
     "multicast"),
    ("session-syncrecord-number", "POST", "/apis/sessions", js({"title": "t", "syncrecord": 1}), 400,
     "010001", "syncrecord"),
    ("session-active-number", "PUT", "/apis/sessions/{sess}", js({"title": "t", "active": 0}), 400,
     "010001", "active"),
    ("event-active-number", "POST", "/apis/sessions/{sess}/events", js(dict(EVENT, active=1)), 400,
     "010000", "active"),
    # null where a string is required
    ("source-name-null", "PUT", "/apis/sources/{src}", js(dict(UDP, name=None)), 400, "010001", "name"),
    ("session-title-null", "POST", "/apis/sessions", js({"title": None}), 400, "010001", "title"),
    ("video-title-null", "PUT", "/apis/assets/{video}", js({"title": None}), 400, "010001", "title"),
    ("session-source-id-null", "POST", "/apis/sessions/{sess}/sources", js({"sourceId": None}), 400,
     "010001", "sourceId"),
    ("recording-state-null", "PUT", "/apis/recordings/{rec}", js({"state": None}), 400, "010001", None),
    ("stream-state-number", "PUT", "/apis/streams/{stream}", js({"state": 1}), 400, "010001", None),
    ("user-password-null", "PUT", "/apis/users/{user}/password", js({"password": None}), 400,
     "010001", "password"),
    ("user-roles-string", "POST", "/apis/users",
     js({"username": "u1", "displayName": "d", "email": "e@example.com", "password": "pw-123456",
         "roles": "viewer"}), 400, "010001", "roles"),
    ("login-username-number", "POST", "/apis/authentication/login",
     js({"username": 5, "password": "x"}), 400, "010001", "username"),
    ("metadata-field-type", "PUT", "/apis/sessions/{sess}/metadata",
     js([{"name": "x", "field": [{"fieldType": "STRING", "valueString": 5}]}]), 400, "010001", None),
    # unknown ids
    ("unknown-source-put", "PUT", "/apis/sources/nope", js(UDP), 404, "040000", None),
    ("unknown-source-delete", "DELETE", "/apis/sources/nope", {}, 404, "040009", None),
    ("unknown-session-delete", "DELETE", "/apis/sessions/nope", {}, 404, "040006", None),
    ("unknown-session-source", "POST", "/apis/sessions/{sess}/sources", js({"sourceId": "nope"}),
     404, "040009", None),
    ("unknown-event-put", "PUT", "/apis/sessions/{sess}/events/nope", js(EVENT), 404, "040031", None),
    ("unknown-recording-delete", "DELETE", "/apis/recordings/nope", {}, 404, "040001", None),
    ("unknown-asset-delete", "DELETE", "/apis/assets/nope", {}, 404, "040002", None),
    ("unknown-asset-stream", "POST", "/apis/assets/nope/streams", js({"address": "239.9.9.9", "port": 1}),
     404, "040002", None),
    ("unknown-stream-put", "PUT", "/apis/streams/nope", js({"state": "paused"}), 404, "040003", None),
    ("unknown-user-delete", "DELETE", "/apis/users/nope", {}, 404, "040004", None),
    ("unknown-category", "GET", "/apis/categories/nope", {}, 404, "040007", None),
    ("unknown-device-command", "POST", "/apis/devices/stbs/nope/commands", js({"command": "mute"}),
     404, "040000", None),
]


@pytest.mark.parametrize("method, path, kwargs, status, code, field",
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_request_is_rejected_cleanly(admin, make, state, method, path, kwargs, status, code, field):
    ids = _objects(make)
    before = state()
    r = admin.request(method, path.format(**ids), **kwargs)
    assert 400 <= r.status_code < 500, (r.status_code, r.text[:300])
    assert r.status_code == status, r.text[:300]
    assert r.headers.get("Content-Type", "").startswith("application/json"), r.headers
    assert "<html" not in r.text.lower()
    body = admin.err(r, status, code or r.json().get("code"))
    # the code family matches the status (HMP's code families; contract: errors)
    family = {400: "01", 401: "02", 403: "03", 404: "04", 409: "06", 415: "10"}[status]
    assert body["code"].startswith(family), body
    if field:
        assert field in body.get("message", ""), body
    assert state() == before
