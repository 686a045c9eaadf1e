"""One writer per server (engine/_lock.py): a task that may write holds its server's lock, another waits for it and
says for whom, the lock goes with its holder however it ends, and what only reads takes none."""

import glob
import importlib
import json
import os
import stat
import subprocess
import sys
import textwrap
import time

import pytest

from ansible_collections.haivision.hmp.plugins.module_utils.engine._lock import ServerLock, lock_path
from ansible_collections.haivision.hmp.plugins.module_utils.engine._options import read_options
from ansible_collections.haivision.hmp.plugins.module_utils.engine._schema import InvalidValue

URL = "https://hmp.example:443"
MODULES = os.path.join(os.path.dirname(__file__), "..", "..", "plugins", "modules")
HOLDER = textwrap.dedent("""
    import sys, time
    sys.path[:0] = %r
    from ansible_collections.haivision.hmp.plugins.module_utils.engine._lock import ServerLock
    with ServerLock(%r, sys.argv[1], 5, "the holding task"):
        print("held", flush=True)
        time.sleep(float(sys.argv[2]))
""") % (sys.path, URL)


def hold(directory, seconds):
    """Another process that holds the lock of URL in ``directory`` for ``seconds``; returns once it holds it."""
    process = subprocess.Popen([sys.executable, "-c", HOLDER, str(directory), str(seconds)], stdout=subprocess.PIPE,
                               text=True)
    assert process.stdout.readline().strip() == "held"
    return process


def test_a_second_writer_waits_for_the_first_and_names_it(tmp_path):
    holder = hold(tmp_path, 1.5)
    told = []
    started = time.monotonic()
    with ServerLock(URL, str(tmp_path), 30, "the second task", announce=told.append) as lock:
        waited = time.monotonic() - started
    holder.wait()
    assert waited >= 1.0  # the holder held it 1.5 s from before this task asked
    assert len(told) == 1 and "the holding task (process %d of " % holder.pid in told[0] and URL in told[0]
    assert lock.wait_warning().startswith("waited ") and "the holding task" in lock.wait_warning()


def test_a_writer_that_waits_too_long_fails_naming_the_option_the_holder_and_the_lock_file(tmp_path):
    holder = hold(tmp_path, 10)
    try:
        with pytest.raises(InvalidValue) as raised:
            with ServerLock(URL, str(tmp_path), 0.3, "the second task"):
                pytest.fail("held a lock another process holds")
    finally:
        holder.kill()
        holder.wait()
    message = str(raised.value)
    assert message.startswith("hmp_lock_timeout: waited 0 s for the holding task")
    assert URL in message and lock_path(str(tmp_path), URL) in message


def test_a_killed_holder_leaves_no_stale_lock(tmp_path):
    holder = hold(tmp_path, 60)
    holder.kill()
    holder.wait()
    with ServerLock(URL, str(tmp_path), 0, "the next task") as lock:
        assert lock.wait_warning() is None
    with open(lock_path(str(tmp_path), URL)) as handle:
        assert json.load(handle)["what"] == "the next task"


def test_each_server_has_its_own_lock(tmp_path):
    holder = hold(tmp_path, 10)
    try:
        with ServerLock("https://other.example:443", str(tmp_path), 0, "a task for another server") as lock:
            assert lock.wait_warning() is None
    finally:
        holder.kill()
        holder.wait()
    assert len(glob.glob(str(tmp_path / "*.lock"))) == 2


def test_the_lock_folder_and_files_are_shared_by_every_user_of_the_controller(tmp_path):
    directory = tmp_path / "locks"
    old = os.umask(0o077)
    try:
        with ServerLock(URL, str(directory), 0):
            pass
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(directory).st_mode) == 0o1777
    assert stat.S_IMODE(os.stat(lock_path(str(directory), URL)).st_mode) == 0o666


def test_a_lock_folder_that_cannot_be_made_is_refused_by_name(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("")
    with pytest.raises(InvalidValue) as raised:
        with ServerLock(URL, str(blocked / "locks"), 0):
            pass
    assert str(raised.value).startswith("hmp_lock_dir: %r cannot be made" % str(blocked / "locks"))


def module(name):
    return importlib.import_module("ansible_collections.haivision.hmp.plugins.modules.%s" % name).MODULE


def lock_of(module_name, check_mode=False, **options):
    spec = module(module_name)
    args = dict({"hmp_host": "hmp.example", "hmp_username": "admin", "hmp_password": "secret"}, **options)
    params, connection = read_options(spec.argument_spec, args, {}, rules=spec.rules)
    return spec.lock(params, connection, check_mode, "a task"), connection


WRITERS = {"hmp_source": {"name": "a"}, "hmp_session": {"title": "a"}, "hmp_event": {"session": "a", "start_time": "x"},
           "hmp_user": {"username": "a"}, "hmp_video": {"title": "a"}, "hmp_config": {}, "hmp_device": {"name": "a"},
           "hmp_recording": {"session": "a", "state": "recording"}, "hmp_stream": {"video": "a"}}


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_a_module_that_may_write_holds_its_servers_lock_except_in_check_mode(name, tmp_path):
    lock, connection = lock_of(name, hmp_lock_dir=str(tmp_path), **WRITERS[name])
    assert isinstance(lock, ServerLock) and lock.path == lock_path(str(tmp_path), connection.url)
    assert lock_of(name, check_mode=True, **WRITERS[name])[0] is None


@pytest.mark.parametrize("name", sorted(n[:-3] for n in os.listdir(MODULES) if n.endswith("_info.py")))
def test_a_module_that_only_reads_takes_no_lock(name):
    assert lock_of(name)[0] is None


def test_qualify_holds_the_lock_only_when_it_writes():
    assert lock_of("hmp_qualify", scratch=False, cleanup=False)[0] is None
    assert isinstance(lock_of("hmp_qualify", scratch=True)[0], ServerLock)


def test_a_negative_lock_timeout_is_refused_by_name():
    with pytest.raises(InvalidValue) as raised:
        lock_of("hmp_source", name="a", hmp_lock_timeout=-1)
    assert str(raised.value) == "hmp_lock_timeout: -1 is not a number of seconds of 0 or more"


def test_the_lock_options_come_from_the_environment_too(tmp_path):
    spec = module("hmp_source")
    params, connection = read_options(spec.argument_spec, {"hmp_host": "h", "hmp_username": "u", "hmp_password": "p",
                                                           "name": "a"},
                                      {"HMP_LOCK_DIR": str(tmp_path), "HMP_LOCK_TIMEOUT": "7"}, rules=spec.rules)
    lock = spec.lock(params, connection, False, "a task")
    assert (lock.directory, lock.timeout) == (str(tmp_path), 7)
