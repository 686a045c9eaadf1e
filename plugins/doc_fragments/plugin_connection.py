# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment(object):
    """The HMP servers a plugin (not a module) reads: the modules' connection options, per server.

    Plugins take their options from a configuration file and Ansible's configuration, not from a
    task: each connection option of an item of ``servers`` falls back to the ``env`` entry it
    documents, the same ``HMP_*`` variable as the module option of the same name.
    """

    DOCUMENTATION = r"""
options:
  servers:
    description:
      - The HMP servers to read, one item per server, each with the connection options of the modules
        (same names, same meaning, same E(HMP_*) environment variables).
      - An option an item does not set is taken from its environment variable, read on the controller
        when the plugin runs, then from its default. The environment therefore suits what every server
        shares, typically the credentials.
      - The login is one method as a whole, username and password or API key and secret. The method an item
        names takes its other half from the environment (a username in the item, the password in
        E(HMP_PASSWORD)), and the other method's variables are then not read.
      - Values are used as written; they are not templated. Keep secrets in Ansible Vault (inline
        C(!vault) values) or in the environment, never in clear in the file.
    type: list
    elements: dict
    required: true
    suboptions:
      hmp_host:
        description:
          - Host name or IP address of the HMP server, as the web interface is reached.
          - C(host:port) and a leading C(https://) or C(http://) are accepted too; they override
            O(servers[].hmp_port) and O(servers[].hmp_protocol).
          - Required, in the item or in the environment.
        type: str
        env:
          - name: HMP_HOST
      hmp_port:
        description:
          - TCP port of the HMP REST API, from 1 to 65535.
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
          - HMP user to log in as (cookie session). Requires O(servers[].hmp_password).
          - Exclusive with O(servers[].hmp_api_key).
        type: str
        env:
          - name: HMP_USERNAME
      hmp_password:
        description:
          - Password of O(servers[].hmp_username). Never shown in the inventory, in messages or in the cache.
        type: str
        env:
          - name: HMP_PASSWORD
      hmp_api_key:
        description:
          - API key for the key and secret login of HMP 4.1 (Bearer token). Requires O(servers[].hmp_api_secret).
          - Exclusive with O(servers[].hmp_username).
        type: str
        env:
          - name: HMP_API_KEY
      hmp_api_secret:
        description:
          - API secret that goes with O(servers[].hmp_api_key). Never shown in the inventory, in messages
            or in the cache.
        type: str
        env:
          - name: HMP_API_SECRET
      hmp_validate_certs:
        description:
          - Whether to verify the server's TLS certificate.
          - Set to V(false) only for lab servers; the plugin then warns that the server's identity is not verified.
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
          - A refused login (401) is never sent again.
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
      group:
        description:
          - The inventory group of this server's objects, a name of letters, digits and underscores that
            does not start with a digit.
          - When not set, C(hmp_) followed by the server's host name with every character other than a
            letter or a digit replaced by C(_), then by C(_) and the port when the port is not the protocol's
            default (443, or 80 for C(http)); for example C(hmp_hmp_paris_example_com) or C(hmp_10_0_0_5_8443).
        type: str
requirements:
  - requests
"""
