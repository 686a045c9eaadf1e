# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""An option given to a plugin (the lookup's keywords, an inventory item) as the collection's one reader of options
takes it: an inline vault value decrypted to a text."""

from __future__ import annotations

from ansible.errors import AnsibleError

from ansible_collections.haivision.hmp.plugins.module_utils.engine._schema import InvalidValue


def decrypted(option, value):
    """``value`` of ``option``, an encrypted text (``!vault``) decrypted; InvalidValue names the option when it
    cannot be (a vaulted value without its vault secret, say)."""
    if value is None or isinstance(value, (str, bool, int, float, list, dict)):
        return value
    try:
        return str(value)
    except AnsibleError as error:
        raise InvalidValue("%s: %s" % (option, error.message))
