"""Metadata of sources, sessions and videos: one implementation of GET/PUT/DELETE .../metadata.

The three kinds behave the same (PUT replaces the whole set, contract: put_semantics; GET of an empty set is
404 NoResults); only the permission area and the not-found errors differ, and those stay each
endpoint's own (contract: not_found_codes).
"""
from . import errors, fields
from .api import body, empty, entries_or_no_results, ok, route, state


def string_entry(name, value):
    """A metadata entry holding one STRING value, as the emulator writes them itself."""
    return {"name": name, "field": [{"fieldType": "STRING", "valueString": value}]}


def string_value(entries, name):
    """The first value of the entry ``name`` in ``entries`` (None when absent)."""
    for entry in entries or ():
        if entry["name"] == name and entry["field"]:
            return entry["field"][0].get("valueString")
    return None


def routes(collection, param, area, store, meta, not_found, delete_not_found=None):
    """Declare GET, PUT and DELETE ``<collection>/<param>/metadata`` for one kind of object.

    ``store`` and ``meta`` name the State tables of the objects and of their metadata
    ("sources", "source_meta"); they are looked up on each request, as a reset replaces them.
    ``not_found`` is the error for an unknown id, ``delete_not_found`` the DELETE page's own one
    where it differs. GET needs "<area> - VIEW", PUT and DELETE "<area> - EDIT".
    """
    rule = f"{collection}/<{param}>/metadata"

    def table_of(oid, error):
        """The metadata table, once the object is known to exist (else ``error``)."""
        st = state()
        if oid not in getattr(st, store):
            raise error()
        return getattr(st, meta)

    def get_metadata(**ids):
        oid = ids[param]
        return entries_or_no_results(table_of(oid, not_found).get(oid) or [])

    def put_metadata(**ids):
        oid = ids[param]
        table = table_of(oid, not_found)
        table[oid] = fields.validate_metadata(body())  # replaces the whole set
        return ok(table[oid])

    def delete_metadata(**ids):
        oid = ids[param]
        table_of(oid, delete_not_found or not_found)[oid] = []
        return empty()

    for method, action, view in (("GET", "VIEW", get_metadata), ("PUT", "EDIT", put_metadata),
                                 ("DELETE", "EDIT", delete_metadata)):
        view.__name__ = f"{store}_{view.__name__}"  # the Flask endpoint name: one per kind
        empty_answer = errors.NO_RESULTS if method == "GET" else None  # a collection of entries (V10)
        route(rule, method, perm=f"{area} - {action}", dead_login=empty_answer)(view)
