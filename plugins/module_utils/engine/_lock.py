# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One writer per HMP server on a controller.

HMP keeps no name unique, so two tasks that both read "missing" both create, and the copies block every later run.
A task that may write holds an exclusive lock for its server while it reads what it decides on and writes: a lock
file per server in one folder (``hmp_lock_dir``, shared by every user of the machine, or by several controllers on a
shared filesystem), locked with ``flock``, which the operating system releases when its holder ends, however it
ends: a killed run never leaves a stale lock, and a task still writing after its playbook was killed holds it until
it ends. A second task waits for it (saying so, and for whom), up to ``hmp_lock_timeout`` seconds, then reads
afresh. Check mode and the tasks that only read take no lock.
"""

from __future__ import annotations

import errno
import getpass
import hashlib
import json
import os
import re
import socket
import tempfile
import time

try:
    import fcntl
except ImportError:  # pragma: no cover - a controller without flock (Windows is no Ansible controller)
    fcntl = None

from ansible_collections.haivision.hmp.plugins.module_utils.engine._schema import InvalidValue
from ansible_collections.haivision.hmp.plugins.module_utils.engine._values import iso_utc

DEFAULT_DIRECTORY = os.path.join(tempfile.gettempdir(), "haivision.hmp-locks")
SHARED_FOLDER = 0o1777  # like /tmp: every user may add a lock file, none may remove another's
SHARED_FILE = 0o666  # every user may lock it and say who holds it


def lock_path(directory, url):
    """The lock file of the server at ``url`` in ``directory``: its host and port, readable, and a digest."""
    readable = re.sub(r"[^A-Za-z0-9.-]+", "_", url.split("://", 1)[-1]).strip("_")
    return os.path.join(directory, "%s-%s.lock" % (readable, hashlib.sha256(url.encode("utf-8")).hexdigest()[:12]))


class ServerLock(object):
    """The lock of one server: ``with ServerLock(url, directory, timeout, what):`` holds it.

    ``announce(text)``, when given, is told at once that the task waits and for whom; ``waited`` (seconds) and
    ``holder`` (who held it) say afterwards what the wait was."""

    def __init__(self, url, directory=None, timeout=900, what="a task", announce=None, sleep=time.sleep):
        self.url = url
        self.directory = directory or DEFAULT_DIRECTORY
        self.path = lock_path(self.directory, url)
        self.timeout = timeout
        self.what = what
        self.announce = announce
        self.sleep = sleep
        self.waited, self.holder = 0.0, None
        self._fd = None

    def __enter__(self):
        if fcntl is None:
            return self
        self._fd = self._open()
        started, pause = time.monotonic(), 0.1
        while True:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as error:
                if error.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    raise
            self.waited = time.monotonic() - started
            if self.holder is None:
                self.holder = self._read_holder()
                if self.announce:
                    self.announce("waiting for %s to end: it writes to %s" % (self.holder, self.url))
            if self.waited >= self.timeout:
                os.close(self._fd)
                self._fd = None
                raise InvalidValue(
                    "hmp_lock_timeout: waited %d s for %s to end, which writes to %s (one task at a time writes to a "
                    "server: HMP keeps no name unique); try again later, or give hmp_lock_timeout more seconds (lock "
                    "file %s)" % (self.waited, self.holder, self.url, self.path))
            self.sleep(min(pause, max(0.0, self.timeout - self.waited)))
            pause = min(pause * 2, 1.0)
        self.waited = time.monotonic() - started if self.holder else 0.0
        self._write_holder()
        return self

    def __exit__(self, *exc_info):
        if self._fd is not None:
            os.close(self._fd)  # the lock goes with the file descriptor
            self._fd = None
        return False

    def wait_warning(self):
        """What the result says of a wait; None when the task did not wait."""
        if not self.holder:
            return None
        return "waited %.1f s for %s to end before reading %s: one task at a time writes to a server" % (
            self.waited, self.holder, self.url)

    # -- the lock file -------------------------------------------------------------------------------
    def _open(self):
        if not os.path.isdir(self.directory):
            try:
                os.makedirs(self.directory)
                os.chmod(self.directory, SHARED_FOLDER)
            except FileExistsError:
                pass  # another task made it meanwhile
            except OSError as error:
                raise InvalidValue("hmp_lock_dir: %r cannot be made (%s); give a folder every user of the controller "
                                   "may write in" % (self.directory, error.strerror))
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, SHARED_FILE)
        except PermissionError:
            try:  # another user's lock file that this user may not write: it can still be locked
                return os.open(self.path, os.O_RDONLY)
            except OSError as error:
                raise InvalidValue("hmp_lock_dir: the lock file %s cannot be opened (%s)" % (self.path, error.strerror))
        except OSError as error:
            raise InvalidValue("hmp_lock_dir: the lock file %s cannot be opened (%s)" % (self.path, error.strerror))
        try:
            os.fchmod(fd, SHARED_FILE)  # the umask narrowed it: every user must be able to say who holds it
        except OSError:
            pass  # another user's file
        return fd

    def _read_holder(self):
        try:
            with open(self.path) as handle:
                holder = json.loads(handle.read() or "{}")
        except (OSError, ValueError):
            holder = {}
        if not holder.get("pid"):
            return "another task"
        what = holder.get("what") or "another task"
        return "%s (process %s of %s on %s, since %s)" % (what, holder["pid"], holder.get("user"), holder.get("host"),
                                                          holder.get("since"))

    def _write_holder(self):
        holder = {"pid": os.getpid(), "user": _user(), "host": socket.gethostname(), "since": iso_utc(time.time()),
                  "what": self.what}
        try:
            os.ftruncate(self._fd, 0)
            os.lseek(self._fd, 0, os.SEEK_SET)
            os.write(self._fd, json.dumps(holder).encode("utf-8"))
        except OSError:
            pass  # read only for this user: the lock holds all the same, its holder is not named


def _user():
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid())
