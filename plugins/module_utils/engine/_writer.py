# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``Writer``: the one way a write reaches HMP, beside the client that sends it. In check mode nothing is sent; a
write is never sent on a read the client has not confirmed (contract: login_expiry)."""

from __future__ import annotations


class Writer(object):
    """Sends writes through ``client``; in check mode it sends nothing and answers None."""

    def __init__(self, client, check_mode):
        self.client = client
        self.check_mode = check_mode

    def send(self, method, path, body=None, took_effect=None):
        """Send one write. ``took_effect`` (for a POST) reads the server and returns what the POST made, or None:
        after a POST without an answer, the client sends it again only when that read finds nothing."""
        if self.check_mode:
            return None
        self.client.confirm()
        return self.client.request(method, path, body, took_effect=took_effect)
