# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""haivision.hmp.hmp_stream on the controller, in Ansible's own process: the collection's one action
(plugins/plugin_utils/_action.py)."""

from __future__ import annotations

from ansible_collections.haivision.hmp.plugins.plugin_utils._action import ActionModule

__all__ = ["ActionModule"]
