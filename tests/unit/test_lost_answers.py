"""A POST whose answer never came is not sent again blindly: the server is read back by identity first."""

import pytest

from ansible_collections.haivision.hmp.plugins.module_utils.engine._client import HmpApiError
from ansible_collections.haivision.hmp.plugins.module_utils.engine._reconcile import ensure
from ansible_collections.haivision.hmp.plugins.module_utils._resources import SESSION, SOURCE

from fakes import LOST, FaultyServer, scripted_client

LOGIN = (200, {"data": {"sessionId": "sess-1"}})
CAM = {"name": "Cam 1", "type": "udp", "multicast": True, "host": "239.1.1.1", "port": 4900, "state": "present"}


class Server(FaultyServer):
    """Sources and sessions in memory; ``faults`` maps 'METHOD /path' to what its next answers go wrong with:
    'lost' (carried out, answer lost), a status (refused, nothing done)."""

    def __init__(self, faults=None):
        super(Server, self).__init__(faults)
        self.sources, self.sessions = [], [{"id": "s1", "title": "Studio", "sources": []}]

    def answer(self, call, key):
        if key == "POST /apis/authentication/login":
            return LOGIN
        if key == "DELETE /apis/authentication/login":
            return 200, None
        if key == "GET /apis/sources":
            return 200, {"data": list(self.sources), "paging": {"results": len(self.sources), "pageSize": 100}}
        if key == "POST /apis/sources":
            made = dict(call.body, id="src-%d" % (len(self.sources) + 1))
            self.sources.append(made)
            return 201, {"data": made}
        if key == "GET /apis/sessions":
            return 200, {"data": list(self.sessions), "paging": {"results": 1, "pageSize": 100}}
        if key == "GET /apis/sessions/s1":
            return 200, {"data": self.sessions[0]}
        if key == "POST /apis/sessions/s1/sources":
            self.sessions[0]["sources"].append(call.body["sourceId"])
            return 201, {"data": self.sessions[0]}
        raise AssertionError("unexpected %s" % key)


def connect(server):
    return scripted_client(server)


def test_a_create_whose_answer_was_lost_is_read_back_and_not_sent_again():
    server = Server({"POST /apis/sources": ["lost"]})
    client, transport = connect(server)
    result = ensure(client, SOURCE, CAM)
    assert result["changed"] is True and result["source"]["id"] == "src-1"
    assert [s["name"] for s in server.sources] == ["Cam 1"]
    assert transport.routes()[1:] == ["GET /apis/sources", "POST /apis/sources", "GET /apis/sources"]


@pytest.mark.parametrize("status", [500, 502, 503])
def test_a_create_the_server_failed_is_sent_again_once_the_read_back_shows_it_missing(status):
    server = Server({"POST /apis/sources": [status, status]})
    client, transport = connect(server)
    ensure(client, SOURCE, CAM)
    assert [s["name"] for s in server.sources] == ["Cam 1"]
    assert transport.routes()[1:] == ["GET /apis/sources", "POST /apis/sources", "GET /apis/sources",
                                      "POST /apis/sources", "GET /apis/sources", "POST /apis/sources"]


def test_a_membership_whose_answer_was_lost_is_read_back_and_not_sent_again():
    server = Server({"POST /apis/sessions/s1/sources": ["lost"]})
    server.sources.append({"id": "src-9", "name": "Cam 9", "type": "UDP", "port": 4900})
    client, transport = connect(server)
    ensure(client, SESSION, {"title": "Studio", "sources": ["Cam 9"], "state": "present"})
    assert server.sessions[0]["sources"] == ["src-9"]
    assert transport.routes().count("POST /apis/sessions/s1/sources") == 1
    assert "GET /apis/sessions/s1" in transport.routes()


def test_a_post_the_server_refused_is_neither_read_back_nor_sent_again():
    server = Server()
    client, transport = connect(server)
    with pytest.raises(HmpApiError) as raised:
        ensure(client, SOURCE, dict(CAM, name="Cam 2"))  # the first create works
        server.faults["POST /apis/sources"] = [400]
        ensure(client, SOURCE, dict(CAM, name="Cam 3"))
    assert raised.value.status == 400
    assert transport.routes().count("POST /apis/sources") == 2
    assert transport.routes()[-1] == "POST /apis/sources"


def test_a_create_that_keeps_failing_gives_up_after_the_retries_with_the_servers_answer():
    server = Server({"POST /apis/sources": [503] * 10})
    client, transport = connect(server)
    with pytest.raises(HmpApiError) as raised:
        ensure(client, SOURCE, CAM)
    assert raised.value.status == 503 and server.sources == []
    assert transport.routes().count("POST /apis/sources") == 4  # the first attempt and 3 retries
