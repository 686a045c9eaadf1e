# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What hmp_video_info selects and adds: videos by id, title, HMP's text search, session and category values.

A video's category values are metadata entries ``calypso:category:<label>`` (contract: categories), read
with one request per video, and only for the videos the other filters left.
"""

from __future__ import annotations

from ansible_collections.haivision.hmp.plugins.module_utils._resources import SESSION, VIDEO
from ansible_collections.haivision.hmp.plugins.module_utils.engine._values import category_values

CATEGORY_PREFIX = "calypso:category:"


def metadata_of(client, video_id):
    return client.get_or_none("%s/metadata" % VIDEO.item(video_id), VIDEO.empty_codes) or []  # none: NoResults


def field_value(field):
    for key in ("valueString", "valueInt32", "valueUint32"):
        if key in field:
            return field[key]
    return None


def categories_of(metadata):
    """``{label: [values]}`` from a video's metadata entries."""
    found = {}
    for entry in metadata:
        name = entry.get("name") or ""
        if name.startswith(CATEGORY_PREFIX):
            values = [field_value(f) for f in entry.get("field") or []]
            found.setdefault(name[len(CATEGORY_PREFIX):], []).extend(v for v in values if v is not None)
    return found


def has_categories(categories, wanted):
    """For every label of ``wanted``, the video holds one of its values (case-insensitive), or any
    value when the list is empty."""
    for label, values in wanted.items():
        held = [str(v).lower() for v in categories.get(label) or []]
        if not held or (values and not set(held) & set(values)):
            return False
    return True


def select_videos(resource, lookup, params):
    """The videos of a session, or the one ``id`` names, or those HMP's ``q`` finds, or all of them."""
    if params.get("categories") is not None:
        category_values("categories", params["categories"])  # refused before anything is read
    client = lookup.client
    search = {"q": params["q"]} if params.get("q") else None
    if params.get("session"):
        session = lookup.resolve(SESSION, params["session"], "session")
        videos = client.list("%s/assets" % SESSION.item(SESSION.id_of(session)), empty_codes=VIDEO.empty_codes)
    elif params.get("id"):
        found = lookup.by_id(VIDEO, params["id"])
        videos = [found] if found else []
    elif search:
        videos, search = client.list(VIDEO.collection(), search, empty_codes=VIDEO.empty_codes), None
    else:
        videos = list(lookup.all(VIDEO))
    if params.get("id"):
        videos = [v for v in videos if VIDEO.id_of(v) == params["id"]]
    if search and videos:  # q with session or id: HMP searches the whole collection
        hits = set(VIDEO.id_of(v) for v in client.list(VIDEO.collection(), search, empty_codes=VIDEO.empty_codes))
        videos = [v for v in videos if VIDEO.id_of(v) in hits]
    return videos


def describe_videos(videos, lookup, params):
    """``categories`` (and ``metadata``) of each video, when the task filters by category or asks for
    metadata; only the videos that hold the categories asked for stay."""
    wanted = category_values("categories", params["categories"]) if params.get("categories") is not None else None
    if wanted is not None or params.get("metadata"):
        for video in videos:
            metadata = metadata_of(lookup.client, VIDEO.id_of(video))
            video["categories"] = categories_of(metadata)
            if params.get("metadata"):
                video["metadata"] = metadata
    if wanted is not None:
        videos[:] = [v for v in videos if has_categories(v["categories"], wanted)]
