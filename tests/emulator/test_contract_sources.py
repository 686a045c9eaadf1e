"""Sources and source metadata (contract: sources, names_not_unique, put_semantics, read_only_fields)."""
import pytest

NOT_FOUND = ("040009", "SourceNotFound", "Source not found")
UDP = {"name": "InfoDevSource", "type": "UDP", "host": "239.35.126.101", "port": 4902,
       "multicast": True, "description": ""}
SRT = {"name": "SRTsource", "type": "SRT", "host": "0.0.0.0", "port": 1234, "mode": "LISTENER",
       "description": "SRT listener source"}


# ---------------------------------------------------------------- list
def test_list_sources(admin, make):
    a, b = make.source(), make.srt_source()
    data, paging = admin.ok_list(admin.get("/apis/sources"))
    assert {s["id"] for s in data} == {a["id"], b["id"]}
    assert (paging["results"], paging["pageSize"]) == (2, 15)


def test_list_sources_empty_is_404_no_results(admin):
    admin.err(admin.get("/apis/sources"), 404, "040012", "NoResults", "No results")


# ---------------------------------------------------------------- create
def test_create_udp_source_201_with_defaults(admin):
    d = admin.ok(admin.post("/apis/sources", UDP), 201)
    for k, v in UDP.items():
        assert d[k] == v, k
    # the create example: defaults of a fresh UDP source
    assert d["continuous"] is False and d["active"] is False and d["bitrate"] == 0
    assert d["ctime"] == d["mtime"] and isinstance(d["ctime"], (int, float))
    assert isinstance(d["id"], str) and d["id"]


def test_create_srt_source_defaults(admin):
    d = admin.ok(admin.post("/apis/sources", SRT), 201)
    assert d["mode"] == "LISTENER" and d["type"] == "SRT"
    assert d["continuous"] is True  # forced true for SRT
    assert d["latency"] == 20  # default when omitted (the create example)


def test_srt_passphrase_is_echoed(admin):
    # the server echoes a stored SRT passphrase in clear (contract: sources)
    d = admin.ok(admin.post("/apis/sources", dict(SRT, passphrase="0123456789abc")), 201)
    assert d["passphrase"] == "0123456789abc"
    data, _ = admin.ok_list(admin.get("/apis/sources"))
    assert data[0]["passphrase"] == "0123456789abc"


@pytest.mark.parametrize("mode", ["CALLER", "RENDEZVOUS"])
def test_create_srt_caller_and_rendezvous(admin, mode):
    d = admin.ok(admin.post("/apis/sources", dict(SRT, host="10.65.11.174", mode=mode)), 201)
    assert d["mode"] == mode


def test_duplicate_source_names_allowed(admin):
    # (contract: names_not_unique)
    a = admin.ok(admin.post("/apis/sources", UDP), 201)
    b = admin.ok(admin.post("/apis/sources", UDP), 201)
    assert a["id"] != b["id"] and a["name"] == b["name"]


def test_create_ignores_read_only_fields(admin):
    # Ignored fields sent in a body are ignored (contract: read_only_fields)
    body = dict(UDP, active=True, bitrate=999, ctime=1, mtime=2)
    d = admin.ok(admin.post("/apis/sources", body), 201)
    assert d["active"] is False and d["bitrate"] == 0 and d["ctime"] != 1


@pytest.mark.parametrize("change, field", [
    ({"type": "RTMP"}, "type"),                      # UDP and SRT only (contract: sources)
    ({"name": None}, "name"),
    ({"port": "4902"}, "port"),
    ({"multicast": 1}, "multicast"),
])
def test_create_invalid_source_is_400(admin, state, change, field):
    before = state()
    r = admin.post("/apis/sources", dict(UDP, **change))
    body = admin.err(r, 400, "010001", "InputValidation")
    assert field in body.get("message", ""), body
    assert state() == before


@pytest.mark.parametrize("drop", ["name", "type", "port"])
def test_create_source_missing_required_is_400(admin, drop):
    body = {k: v for k, v in UDP.items() if k != drop}
    admin.err(admin.post("/apis/sources", body), 400, "010001", "InputValidation")


def test_create_udp_without_multicast_is_400(admin):
    body = {k: v for k, v in UDP.items() if k != "multicast"}
    admin.err(admin.post("/apis/sources", body), 400, "010001", "InputValidation")


def test_create_udp_multicast_without_host_is_400(admin):
    body = {k: v for k, v in UDP.items() if k != "host"}
    admin.err(admin.post("/apis/sources", body), 400, "010001", "InputValidation")


def test_create_srt_without_mode_is_400(admin):
    body = {k: v for k, v in SRT.items() if k != "mode"}
    admin.err(admin.post("/apis/sources", body), 400, "010001", "InputValidation")


def test_create_srt_with_unknown_mode_is_400(admin):
    admin.err(admin.post("/apis/sources", dict(SRT, mode="PUSH")), 400, "010001", "InputValidation")


# ---------------------------------------------------------------- get one
def test_get_source_is_a_single_object(admin, make):
    s = make.source(name="One")
    d = admin.ok(admin.get(f"/apis/sources/{s['id']}"))
    assert isinstance(d, dict) and d == s  # DOC BUG resolved: {"data": {...}}


def test_get_unknown_source_is_404(admin):
    admin.err(admin.get("/apis/sources/unknown-id"), 404, *NOT_FOUND)


# ---------------------------------------------------------------- edit
def test_put_source(admin, make):
    s = make.source()
    body = dict(UDP, description="New description")
    d = admin.ok(admin.put(f"/apis/sources/{s['id']}", body))
    assert d["description"] == "New description" and d["name"] == UDP["name"]
    assert d["id"] == s["id"] and d["ctime"] == s["ctime"]
    assert admin.ok(admin.get(f"/apis/sources/{s['id']}"))["description"] == "New description"


def test_put_source_resets_omitted_optional_fields(admin, make):
    # PUT replaces; an Optional field left out goes back to its default (contract: put_semantics)
    s = make.source(description="keep me?", continuous=True)
    body = {k: v for k, v in UDP.items() if k != "description"}
    d = admin.ok(admin.put(f"/apis/sources/{s['id']}", body))
    assert d["description"] == ""
    assert d["continuous"] is False


def test_put_source_ignores_read_only_fields(admin, make):
    s = make.source()
    body = dict(UDP, active=True, bitrate=123, ctime=5, mtime=6)
    d = admin.ok(admin.put(f"/apis/sources/{s['id']}", body))
    assert d["active"] is False and d["bitrate"] == 0 and d["ctime"] == s["ctime"]


def test_put_source_with_same_id_is_accepted(admin, make):
    s = make.source()
    admin.ok(admin.put(f"/apis/sources/{s['id']}", dict(UDP, id=s["id"])))


def test_put_source_with_other_id_is_400(admin, make, state):
    s = make.source()
    before = state()
    r = admin.put(f"/apis/sources/{s['id']}", dict(UDP, id="2762c3ec-062b-4374-a86c-3b365313071d"))
    admin.err(r, 400, "010001", "InputValidation")
    assert state() == before


def test_put_unknown_source_is_404_generic_not_found(admin):
    # the edit page: PUT answers the generic 040000 NotFound "Not Found Error"
    r = admin.put("/apis/sources/unknown-id", UDP)
    admin.err(r, 404, "040000", "NotFound", "Not Found Error")


def test_put_invalid_source_is_400(admin, make):
    s = make.source()
    admin.err(admin.put(f"/apis/sources/{s['id']}", dict(UDP, type="HLS")), 400, "010001",
              "InputValidation")


# ---------------------------------------------------------------- delete
def test_delete_source(admin, make):
    s = make.source()
    admin.ok_empty(admin.delete(f"/apis/sources/{s['id']}"))
    admin.err(admin.get(f"/apis/sources/{s['id']}"), 404, *NOT_FOUND)


def test_delete_unknown_source_is_404(admin):
    admin.err(admin.delete("/apis/sources/unknown-id"), 404, *NOT_FOUND)


# ---------------------------------------------------------------- metadata
META = [
    {"name": "calypso:creator", "field": [{"fieldType": "STRING", "valueString": "haiadmin7"}]},
    {"name": "calypso:category:Locations", "field": [{"fieldType": "STRING", "valueString": "Montreal"}]},
    {"name": "custom:count", "field": [{"fieldType": "INT32", "valueInt32": -14},
                                       {"fieldType": "UINT32", "valueUint32": 42}]},
]


def test_put_and_get_source_metadata(admin, make):
    s = make.source()
    assert admin.ok(admin.put(f"/apis/sources/{s['id']}/metadata", META)) == META
    assert admin.ok(admin.get(f"/apis/sources/{s['id']}/metadata")) == META


def test_put_source_metadata_replaces_the_set(admin, make):
    # metadata PUT replaces the whole set
    s = make.source()
    admin.ok(admin.put(f"/apis/sources/{s['id']}/metadata", META))
    admin.ok(admin.put(f"/apis/sources/{s['id']}/metadata", META[1:2]))
    assert admin.ok(admin.get(f"/apis/sources/{s['id']}/metadata")) == META[1:2]


def test_delete_source_metadata_then_get_is_no_results(admin, make):
    s = make.source()
    admin.ok(admin.put(f"/apis/sources/{s['id']}/metadata", META))
    admin.ok_empty(admin.delete(f"/apis/sources/{s['id']}/metadata"))
    admin.err(admin.get(f"/apis/sources/{s['id']}/metadata"), 404, "040012", "NoResults")


# the code of the endpoint's own page (contract: not_found_codes): the "Delete Source Metadata"
# page prints SourceNotFound with 040002, the GET/PUT pages 040009.
@pytest.mark.parametrize("method, code", [("GET", "040009"), ("PUT", "040009"), ("DELETE", "040002")])
def test_source_metadata_of_unknown_source_is_404(admin, method, code):
    r = admin.request(method, "/apis/sources/unknown-id/metadata",
                      json=META if method == "PUT" else None)
    admin.err(r, 404, code, "SourceNotFound", "Source not found")


def test_put_source_metadata_not_an_array_is_400(admin, make, state):
    s = make.source()
    before = state()
    r = admin.put(f"/apis/sources/{s['id']}/metadata", {"name": "x", "field": []})
    admin.err(r, 400, "010001", "InputValidation")
    assert state() == before


# ---------------------------------------------------------------- search
def test_q_search_is_case_insensitive_over_name_and_description(admin, make):
    a = make.source(name="Lobby CAMERA")
    b = make.source(name="Other", description="backup camera feed")
    make.source(name="Encoder")
    data, paging = admin.ok_list(admin.get("/apis/sources", params={"q": "camera"}))
    assert {s["id"] for s in data} == {a["id"], b["id"]}
    assert paging["results"] == 2


def test_q_search_without_match_is_404_no_results(admin, make):
    make.source(name="Encoder")
    admin.err(admin.get("/apis/sources", params={"q": "nothing-like-this"}), 404, "040012",
              "NoResults")


def test_fields_not_applicable_are_omitted(admin, make):
    # the field table: no `multicast` on SRT, no `mode` on UDP
    udp, srt = make.source(), make.srt_source()
    assert "mode" not in admin.ok(admin.get(f"/apis/sources/{udp['id']}"))
    assert "multicast" not in admin.ok(admin.get(f"/apis/sources/{srt['id']}"))


def test_put_srt_source_resets_latency_to_default(admin, make):
    # PUT replaces (contract: put_semantics), with the default latency 20 (the create example)
    s = make.srt_source(latency=125)
    assert s["latency"] == 125
    d = admin.ok(admin.put(f"/apis/sources/{s['id']}", SRT))
    assert d["latency"] == 20
