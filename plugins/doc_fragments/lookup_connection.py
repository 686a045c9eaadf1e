# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment(object):
    """The connection options of a lookup plugin: the modules' connection options (fragment ``connection``), given
    as keyword options of the lookup, each with the ``env`` entry of its ``HMP_*`` variable.

    The names, types, defaults and choices are those of ``engine/_options.CONNECTION_ARGUMENT_SPEC`` and of the
    modules' fragment (tests/unit/test_lookup_hmp.py checks it); the collection's one reader of options reads them.
    """

    DOCUMENTATION = r"""
options:
  hmp_host:
    description:
      - Host name or IP address of the HMP server, without a protocol, as the web interface is reached.
      - C(host:port) and a leading C(https://) or C(http://) are accepted too; they override
        O(hmp_port) and O(hmp_protocol).
      - Required, as an option of the lookup or in the environment.
    type: str
    required: true
    env:
      - name: HMP_HOST
  hmp_port:
    description:
      - TCP port of the HMP REST API.
      - When not set, 443 for C(https) and 80 for C(http).
    type: int
    env:
      - name: HMP_PORT
  hmp_protocol:
    description:
      - V(https), or V(http) for a lab server without TLS.
    type: str
    choices: [https, http]
    default: https
    env:
      - name: HMP_PROTOCOL
  hmp_username:
    description:
      - HMP user to log in as (cookie session). Requires O(hmp_password).
      - Exclusive with O(hmp_api_key). The login is one method as a whole - O(hmp_username) and O(hmp_password),
        or O(hmp_api_key) and O(hmp_api_secret). The method the lookup names takes its other half from the
        environment (a username in the lookup, the password in E(HMP_PASSWORD)), and the other method's
        variables are then not read; a lookup that names neither takes the method the environment gives.
    type: str
    env:
      - name: HMP_USERNAME
  hmp_password:
    description:
      - Password of O(hmp_username). Never shown in results or errors.
    type: str
    env:
      - name: HMP_PASSWORD
  hmp_api_key:
    description:
      - API key for the key and secret login of HMP 4.1 (Bearer token). Requires O(hmp_api_secret).
      - Exclusive with O(hmp_username).
    type: str
    env:
      - name: HMP_API_KEY
  hmp_api_secret:
    description:
      - API secret that goes with O(hmp_api_key). Never shown in results or errors.
    type: str
    env:
      - name: HMP_API_SECRET
  hmp_validate_certs:
    description:
      - Whether to verify the server's TLS certificate.
      - Set to V(false) only for lab servers; the lookup then warns that the server's identity is not verified.
    type: bool
    default: true
    env:
      - name: HMP_VALIDATE_CERTS
  hmp_ca_path:
    description:
      - PEM file of the CA (or bundle) that signed the server's certificate, for a private PKI.
    type: path
    env:
      - name: HMP_CA_PATH
  hmp_timeout:
    description:
      - Seconds to wait for each answer of the server.
    type: int
    default: 30
    env:
      - name: HMP_TIMEOUT
  hmp_retries:
    description:
      - How many times a request is sent again after no answer or a 500, 502, 503 or 504 from the server.
      - A lookup only reads (GET), and every read is sent again as it is.
      - A login is sent again too, except when refused with 401, so that a wrong password is never tried twice.
      - A refusal (400, 401, 403, 404) is never retried.
    type: int
    default: 5
    env:
      - name: HMP_RETRIES
  hmp_retry_delay:
    description:
      - Seconds to wait before the first retry; the wait doubles at each further retry.
    type: float
    default: 0.5
    env:
      - name: HMP_RETRY_DELAY
requirements:
  - requests
notes:
  - An option the lookup is given wins, then its E(HMP_*) environment variable (read on the controller), then its
    default, as for the modules; an empty text, given or in a variable, counts as not given. The lookup has no
    C(vars) or C(ini) entries, and, like a module, does not take the play's variables of the same name by itself;
    pass them, for example O(hmp_host=hmp_host).
  - The lookup runs on the controller, where templates are rendered, whatever host the task runs on, and needs
    the Python library C(requests) there.
"""
