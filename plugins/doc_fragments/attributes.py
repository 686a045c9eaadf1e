# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment(object):
    """The attributes of the collection's modules: resource modules and info modules."""

    DOCUMENTATION = r"""
attributes:
  check_mode:
    description: Can run in check mode and return the change it would make without sending any write.
    support: full
  diff_mode:
    description: Returns the object before and after the change, secrets masked, when in diff mode.
    support: full
  action_group:
    description: Use C(group/haivision.hmp.hmp) in C(module_defaults) to set the connection options once.
    support: full
    membership:
      - haivision.hmp.hmp
"""

    INFO_MODULE = r"""
attributes:
  check_mode:
    description: Only reads; runs the same in check mode.
    support: full
    details: The module never writes.
  diff_mode:
    description: Nothing changes, so there is no diff.
    support: N/A
  action_group:
    description: Use C(group/haivision.hmp.hmp) in C(module_defaults) to set the connection options once.
    support: full
    membership:
      - haivision.hmp.hmp
"""
