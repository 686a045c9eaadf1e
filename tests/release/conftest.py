"""The fixtures of the tests that run ansible-playbook against the emulator live in tests/harness.py, shared with
tests/integration/."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from harness import *  # noqa: E402,F401,F403
