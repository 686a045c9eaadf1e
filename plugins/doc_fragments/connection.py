# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment(object):
    """The connection options every module of the collection takes."""

    DOCUMENTATION = r"""
options:
  hmp_host:
    description:
      - Host name or IP address of the HMP server, without a protocol, as the web interface is reached.
      - C(host:port) and a leading C(https://) or C(http://) are accepted too; they override
        O(hmp_port) and O(hmp_protocol).
      - If not set, the value of the E(HMP_HOST) environment variable is used.
    type: str
    required: true
  hmp_port:
    description:
      - TCP port of the HMP REST API.
      - When not set, 443 for C(https) and 80 for C(http).
      - If not set, the value of the E(HMP_PORT) environment variable is used.
    type: int
  hmp_protocol:
    description:
      - V(https), or V(http) for a lab server without TLS.
      - If not set, the value of the E(HMP_PROTOCOL) environment variable is used.
    type: str
    choices: [https, http]
    default: https
  hmp_username:
    description:
      - HMP user to log in as (cookie session). Requires O(hmp_password).
      - Exclusive with O(hmp_api_key). The login is one method as a whole - O(hmp_username) and O(hmp_password),
        or O(hmp_api_key) and O(hmp_api_secret). The method a task names takes its other half from the
        environment (a username in the task, the password in E(HMP_PASSWORD)), and the other method's
        variables are then not read; a task that names neither takes the method the environment gives.
      - If not set, the value of the E(HMP_USERNAME) environment variable is used.
    type: str
  hmp_password:
    description:
      - Password of O(hmp_username). Never shown in output, diffs or errors.
      - If not set, the value of the E(HMP_PASSWORD) environment variable is used.
    type: str
  hmp_api_key:
    description:
      - API key for the key and secret login of HMP 4.1 (Bearer token). Requires O(hmp_api_secret).
      - Exclusive with O(hmp_username).
      - If not set, the value of the E(HMP_API_KEY) environment variable is used.
    type: str
  hmp_api_secret:
    description:
      - API secret that goes with O(hmp_api_key). Never shown in output, diffs or errors.
      - If not set, the value of the E(HMP_API_SECRET) environment variable is used.
    type: str
  hmp_validate_certs:
    description:
      - Whether to verify the server's TLS certificate.
      - Set to V(false) only for lab servers; the module then warns that the server's identity is not verified.
      - If not set, the value of the E(HMP_VALIDATE_CERTS) environment variable is used.
    type: bool
    default: true
  hmp_ca_path:
    description:
      - PEM file of the CA (or bundle) that signed the server's certificate, for a private PKI.
      - If not set, the value of the E(HMP_CA_PATH) environment variable is used.
    type: path
  hmp_timeout:
    description:
      - Seconds to wait for each answer of the server.
      - If not set, the value of the E(HMP_TIMEOUT) environment variable is used.
    type: int
    default: 30
  hmp_retries:
    description:
      - How many times a request is sent again after no answer or a 500, 502, 503 or 504 from the server.
      - GET, PUT and DELETE are sent again as they are. A POST is sent again only after the module has
        read the server back and found that the first one did not take effect, so nothing is created twice.
      - A POST whose effect cannot be read back (a set-top box text message or reboot, a stream seek) is never
        sent again, and the task fails with the error.
      - A login is sent again too, except when refused with 401, so that a wrong password is never tried twice.
      - A refusal (400, 401, 403, 404, 409) is never retried.
      - If not set, the value of the E(HMP_RETRIES) environment variable is used.
    type: int
    default: 5
  hmp_retry_delay:
    description:
      - Seconds to wait before the first retry; the wait doubles at each further retry.
      - If not set, the value of the E(HMP_RETRY_DELAY) environment variable is used.
    type: float
    default: 0.5
  hmp_lock_dir:
    description:
      - Folder of the lock files that keep one task at a time writing to an HMP server (HMP keeps no name unique, so
        two tasks that both read "missing" would both create). A task that may write (not in check mode) holds its
        server's lock while it reads what it decides on and writes; another task for the same server waits, says
        so and for whom, then reads afresh. The operating system releases a lock when its holder ends, however it
        ends. Tasks that only read take no lock.
      - Every user of the controller must be able to write in it (it is made with the mode of C(/tmp) when it does
        not exist); a folder on a filesystem several controllers share, and whose locks they all see, extends the
        lock to them.
      - When not set, C(haivision.hmp-locks) in the controller's temporary folder.
      - If not set, the value of the E(HMP_LOCK_DIR) environment variable is used.
    type: path
  hmp_lock_timeout:
    description:
      - Seconds a task that may write waits for another task that writes to the same server, then fails, naming it.
      - If not set, the value of the E(HMP_LOCK_TIMEOUT) environment variable is used.
    type: int
    default: 900
requirements:
  - requests
notes:
  - "The module runs on the controller and talks to the HMP REST API; use it with C(hosts: localhost),
    C(delegate_to: localhost) or C(connection: local). There the collection's action plugin works the task out in
    Ansible's own process, with no module process; for another host (or with C(async)) the module runs there and
    needs C(requests) on that host."
  - Each task logs in once, keeps one connection, and logs out at the end. A session that expires
    during a task is renewed once.
"""
