# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: hmp_devices
short_description: Haivision Play set-top boxes of HMP servers as inventory hosts
version_added: 0.1.0
description:
  - Reads the set-top boxes registered with one or more Haivision Media Platform servers and makes each
    box an inventory host, so that a play over a group of boxes can reach each of them with
    M(haivision.hmp.hmp_device); the role P(haivision.hmp.devices#role) does exactly that.
  - The configuration file must end with C(hmp_devices.yml) or C(hmp_devices.yaml), for example
    C(lobby.hmp_devices.yml).
  - B(Host names.) A box is named by its name in HMP. When several boxes read by the same file share a
    name, each of them is named C(<name>_<id>) instead, where C(<id>) is the box's HMP id (C(_id)); when
    even that is shared (the same box id on two servers), C(_<group>) is added. A box without a name is
    named by its id. The names depend only on what the servers report, filtered or not, so every run over
    the same boxes gives the same names. Ansible splits a host pattern that has no comma at its spaces, so limit
    a run to a box whose name has a space with a trailing comma, C(--limit 'Lobby TV,').
  - B(Groups.) Each server's boxes are in the group of that server (O(servers[].group)), and every
    server's group is a child of the group C(hmp_devices), which the playbook C(haivision.hmp.devices)
    targets. O(keyed_groups), O(groups) and O(compose) add more from the host variables below.
  - B(Host variables.) C(hmp_device_id), the box's HMP id; C(hmp_device), the box as HMP reports it, with
    the keys C(name), C(status) (C(Never), C(Offline), C(Warning), C(Standby) or C(Online)), C(standby),
    C(muted), C(volume) (0.0 to 1.0), C(channel) (C(type), C(id) and C(name) of what the box shows, or
    null), C(hostname), C(model) and C(firmware), each where HMP gives it; and the connection variables of
    the box's server, C(hmp_host), C(hmp_port), C(hmp_protocol), plus C(hmp_validate_certs) and
    C(hmp_ca_path) where they are set, so that M(haivision.hmp.hmp_device) reaches the box's server.
    Credentials are never host variables; give them to the play (group_vars with Ansible Vault, or the
    E(HMP_*) environment).
  - B(Credentials.) Each item's options are read as the modules read theirs - an option the item gives,
    else its E(HMP_*) environment variable, else its default. The login is one method as a whole; an item
    that names a method (O(servers[].hmp_username) or O(servers[].hmp_password), or O(servers[].hmp_api_key)
    or O(servers[].hmp_api_secret)) takes the other half of that method from its variable (a username in the
    file, its password in E(HMP_PASSWORD)) and never the other method's variables; an item that names none
    takes the method the environment gives. Two methods named in one item, or set together in the
    environment, stop the inventory with a message that says where each came from.
  - B(Requests.) One login per server, every page of boxes (100 per page), one logout. A request that got
    no answer, or a 500, 502, 503 or 504, is sent again up to O(servers[].hmp_retries) times, after
    O(servers[].hmp_retry_delay) seconds, then twice as long each time.
  - B(Errors.) A file with an unknown option, a server without a host or without credentials, or a bad
    value stops the inventory with a message naming the file, the option and the problem. A server that
    cannot be read (refused login, no answer, missing permission) is reported as a warning and its group
    stays empty, so the other servers' boxes are still there; with O(strict=true) it stops the inventory
    instead.
  - B(Cache.) With O(cache=true), the boxes read are kept (without any credential) by the cache plugin and
    the next run within O(cache_timeout) sends no request at all. A run where a server could not be read
    does not update the cache; C(--flush-cache) reads the servers again.
author:
  - haivision.hmp contributors (@haivision)
extends_documentation_fragment:
  - haivision.hmp.plugin_connection
  - ansible.builtin.constructed
  - ansible.builtin.inventory_cache
options:
  plugin:
    description:
      - The name of this plugin; it makes the file a configuration of this plugin.
    type: str
    required: true
    choices: [haivision.hmp.hmp_devices]
  filters:
    description:
      - Keep only the boxes whose fields match every key given here.
      - The keys are C(id) and the fields of the C(hmp_device) host variable C(name), C(status), C(standby),
        C(muted), C(volume), C(hostname), C(model) and C(firmware).
      - Each value is one value or a list of values, any of which may match. A text value may hold the
        shell-style wildcards C(*), C(?) and C([...]) (case-sensitive); C(standby) and C(muted) take
        booleans, C(volume) a number.
      - Host names are made unique among all the boxes read, before filtering, so a filter never changes
        a box's host name.
    type: dict
    default: {}
notes:
  - The plugin runs on the controller (or the execution node that syncs the inventory) and needs the
    Python library C(requests) there.
  - HMP sends commands only to boxes that are C(Online) or in C(Standby); the inventory lists every box
    whatever its status, and C(filters) or O(keyed_groups) on C(hmp_device.status) select the reachable ones.
  - Reading boxes needs the C(STB Administration) permission (the Administrator or Set-Top Box role).
seealso:
  - module: haivision.hmp.hmp_device
  - module: haivision.hmp.hmp_device_info
  - ref: ansible_collections.haivision.hmp.docsite.guide_devices
    description: Set-top box fleets from the inventory.
"""

EXAMPLES = r"""
# lobby.hmp_devices.yml: the boxes of two servers, credentials from the environment
# (HMP_USERNAME and HMP_PASSWORD), grouped by status and by the first word of their name.
plugin: haivision.hmp.hmp_devices
servers:
  - hmp_host: hmp-paris.example.com
    group: paris
  - hmp_host: hmp-montreal.example.com
    hmp_ca_path: /etc/pki/example-ca.pem
    group: montreal
keyed_groups:
  - key: hmp_device.status | lower
    prefix: status
groups:
  lobby: hmp_device.name is match('Lobby')
compose:
  screen_label: hmp_device.name ~ ' (' ~ hmp_device.hostname ~ ')'

---
# connected.hmp_devices.yml: only the connected boxes of one server whose name starts with "Floor",
# logged in with an API key pair (HMP_API_KEY and HMP_API_SECRET, or inline !vault values in the file),
# kept ten minutes in JSON files.
plugin: haivision.hmp.hmp_devices
servers:
  - hmp_host: https://hmp.example.com:8443
filters:
  status: [Online, Standby]
  name: "Floor *"
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/hmp_devices
cache_timeout: 600
"""

import fnmatch
import re
from collections import Counter
from collections.abc import Mapping
from urllib.parse import urlsplit

from ansible.errors import AnsibleError, AnsibleParserError
from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable

from ansible_collections.haivision.hmp.plugins.module_utils.engine._client import HAS_REQUESTS, HmpApiError, LoginLost, scrub
from ansible_collections.haivision.hmp.plugins.module_utils.engine._options import CONNECTION_ARGUMENT_SPEC, read_options
from ansible_collections.haivision.hmp.plugins.module_utils.engine._schema import InvalidValue
from ansible_collections.haivision.hmp.plugins.module_utils.features._device import BOX_STATUSES, channel_of
from ansible_collections.haivision.hmp.plugins.module_utils._resources import DEVICE
from ansible_collections.haivision.hmp.plugins.plugin_utils._vault import decrypted

PARENT_GROUP = "hmp_devices"
RESERVED_GROUPS = ("all", "ungrouped", "hmp", PARENT_GROUP)  # hmp: the servers haivision.hmp.site configures
GROUP_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
DEFAULT_PORTS = {"https": 443, "http": 80}
SERVER_SPEC = dict(CONNECTION_ARGUMENT_SPEC, group={"type": "str"})  # an item of servers
# The fields of the hmp_device host variable and the HMP field each comes from.
FIELDS = (("name", "name"), ("status", "status"), ("standby", "standby"), ("muted", "muted"),
          ("volume", "volume"), ("channel", "channelId"), ("hostname", "hostname"), ("model", "type"),
          ("firmware", "firmware"))
FILTER_KEYS = ("id", "name", "status", "standby", "muted", "volume", "hostname", "model", "firmware")
CACHE_FORMAT = 1


class ConfigError(Exception):
    """A problem of the configuration file (always fatal)."""


class Server(object):
    """One item of ``servers``, read by the collection's one reader of options: its ``connection``, its group,
    and where the box hosts connect. ``chosen``: the options the item or the environment set (not defaults)."""

    def __init__(self, index, options, connection, chosen):
        self.index = index
        self.options = options
        self.connection = connection
        self.chosen = chosen
        self.url = connection.url
        parts = urlsplit(self.url)
        self.protocol = parts.scheme
        self.host = parts.hostname
        self.port = parts.port or DEFAULT_PORTS[self.protocol]
        self.group = options.get("group") or derived_group(self.host, self.port, self.protocol)
        self.secrets = connection.secrets

    @property
    def label(self):
        return "servers[%d] (%s)" % (self.index, self.url)

    def connection_vars(self):
        """The host variables that point haivision.hmp.hmp_device at this server: never a secret."""
        variables = {"hmp_host": self.host, "hmp_port": self.port, "hmp_protocol": self.protocol}
        for name in ("hmp_validate_certs", "hmp_ca_path"):
            if name in self.chosen:
                variables[name] = self.options[name]
        return variables


def _at(where, message):
    """``message`` about an item of ``servers``: ``servers[0].hmp_port: ...`` when it names an option first (the
    reader's other messages are about the login as a whole)."""
    return ("%s: %s" if message.startswith(("no credentials", "the environment variables")) else "%s.%s") % (where, message)


def derived_group(host, port, protocol):
    """``hmp_`` + the host name, every other character than a letter or digit as ``_`` (+ ``_port``)."""
    name = "hmp_" + re.sub(r"[^A-Za-z0-9]", "_", host or "")
    if port != DEFAULT_PORTS.get(protocol):
        name += "_%s" % port
    return name


def device_vars(box):
    """The ``hmp_device`` host variable of a box as HMP reports it: the documented fields it gives, never a
    secret (``DEVICE.secret_keys``)."""
    box = DEVICE.public(box)
    return dict((key, channel_of(box) if key == "channel" else box[api]) for key, api in FIELDS if api in box)


def host_names(records):
    """A unique host name for each record (``{"id", "group", "device"}``), in the order given.

    A box is named by its name, or by its id when it has none. Names several boxes share become
    ``<name>_<id>``; names still shared then (the same id on two servers) get ``_<group>`` too.
    """
    names = []
    for record in records:
        name = record["device"].get("name")
        names.append(name.strip() if isinstance(name, str) and name.strip() else record["id"])
    counts = Counter(names)
    names = [name if counts[name] == 1 else "%s_%s" % (name, record["id"]) for name, record in zip(names, records)]
    counts = Counter(names)
    return [name if counts[name] == 1 else "%s_%s" % (name, record["group"]) for name, record in zip(names, records)]


def filter_matches(value, wanted):
    if isinstance(value, bool) or isinstance(wanted, bool):
        return value is wanted
    if isinstance(wanted, str):
        return isinstance(value, str) and fnmatch.fnmatchcase(value, wanted)
    if isinstance(wanted, (int, float)):
        return isinstance(value, (int, float)) and abs(value - wanted) < 1e-9
    return value == wanted


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):

    NAME = "haivision.hmp.hmp_devices"

    def verify_file(self, path):
        return super(InventoryModule, self).verify_file(path) and path.endswith(("hmp_devices.yml", "hmp_devices.yaml"))

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache)
        self._source = path
        if not HAS_REQUESTS:
            raise AnsibleParserError("%s: the haivision.hmp.hmp_devices plugin needs the Python library requests "
                                     "on the controller (pip install requests)" % path)
        try:
            config = self._read_config_data(path)
        except AnsibleError as error:
            raise AnsibleParserError("%s: %s" % (path, error.message))
        try:
            self._check_options(config)
            servers = self._servers(self.get_option("servers"))
            filters = self._filters(self.get_option("filters"))
        except ConfigError as error:
            raise AnsibleParserError("%s: %s" % (path, error))

        records = self._cached(path, servers) if self.get_option("cache") and cache else None
        if records is None:
            records, failures = self._read(servers)
            if failures and self.get_option("strict"):
                raise AnsibleParserError("%s: %s" % (path, "; ".join(failures)))
            for failure in failures:
                self.display.warning("%s: %s; its boxes are left out of the inventory" % (path, failure))
            if self.get_option("cache") and not failures:
                self._cache[self.get_cache_key(path)] = {"format": CACHE_FORMAT, "servers": self._signature(servers),
                                                         "records": records}
        self._populate(servers, records, filters)

    # -- the configuration ---------------------------------------------------------------------------
    def _check_options(self, config):
        unknown = sorted(set(config) - set(self.option_definitions))
        if unknown:
            raise ConfigError("unknown option(s) %s; the options are %s"
                              % (", ".join(unknown), ", ".join(sorted(self.option_definitions))))

    def _servers(self, items):
        if not isinstance(items, list) or not items:
            raise ConfigError("servers: give a list of one or more HMP servers, each with at least hmp_host "
                              "(got %r)" % (items,))
        servers = [self._server(index, item) for index, item in enumerate(items)]
        for server in servers:
            if server.group in RESERVED_GROUPS:
                raise ConfigError("servers[%d].group: %r is reserved (%s); choose another name"
                                  % (server.index, server.group, ", ".join(RESERVED_GROUPS)))
        return servers

    @staticmethod
    def _server(index, item):
        """One item of ``servers`` through the collection's one reader of options (the environment fills what
        the item does not give, with the modules' precedence and words)."""
        where = "servers[%d]" % index
        if not isinstance(item, Mapping):
            raise ConfigError("%s: %r is not a dictionary of connection options" % (where, item))
        try:
            given = dict((name, decrypted(name, value)) for name, value in item.items())
            options, connection = read_options(SERVER_SPEC, given)
        except InvalidValue as error:
            raise ConfigError(_at(where, str(error)))
        if options["group"] is not None and not GROUP_NAME.match(options["group"]):
            raise ConfigError("%s.group: %r is not a group name (letters, digits and _, not starting with a digit)"
                              % (where, options["group"]))
        chosen = set(name for name, value in given.items() if value is not None) | set(connection.origins)
        return Server(index, options, connection, chosen)

    @staticmethod
    def _filters(filters):
        if not isinstance(filters, Mapping):
            raise ConfigError("filters: %r is not a dictionary of box fields and values" % (filters,))
        checked = {}
        for key, wanted in filters.items():
            if key not in FILTER_KEYS:
                raise ConfigError("filters: unknown field %r; the fields are %s" % (key, ", ".join(FILTER_KEYS)))
            values = wanted if isinstance(wanted, list) else [wanted]
            if not values:
                raise ConfigError("filters.%s: an empty list matches no box" % key)
            converted = []
            for value in values:
                if isinstance(value, (Mapping, list)):
                    raise ConfigError("filters.%s: %r is not a value" % (key, value))
                if key in ("standby", "muted"):
                    try:
                        value = boolean(value, strict=True)
                    except TypeError:
                        raise ConfigError("filters.%s: %r is not true or false" % (key, value))
                elif key == "volume":
                    if isinstance(value, bool) or not isinstance(value, (int, float)):
                        raise ConfigError("filters.volume: %r is not a number from 0.0 to 1.0" % (value,))
                elif key == "status" and value not in BOX_STATUSES:
                    raise ConfigError("filters.status: %r is not one of %s" % (value, ", ".join(BOX_STATUSES)))
                elif value is not None:
                    value = str(value)
                converted.append(value)
            checked[key] = converted
        return checked

    # -- reading -------------------------------------------------------------------------------------
    @staticmethod
    def _signature(servers):
        """What the cached boxes were read from: each server's URL and group (no credential)."""
        return [[server.url, server.group] for server in servers]

    def _cached(self, path, servers):
        """The records kept by the cache for this file, or None when there are none for these servers."""
        try:
            kept = self._cache[self.get_cache_key(path)]
        except KeyError:
            return None
        if not isinstance(kept, Mapping) or kept.get("format") != CACHE_FORMAT \
                or kept.get("servers") != self._signature(servers):
            return None
        return kept.get("records")

    def _read(self, servers):
        """Every box of every server: (records, failures). A record is {"server", "id", "group", "device"}."""
        records, failures = [], []
        for server in servers:
            warning = server.connection.warning()
            if warning:
                self.display.warning("%s: %s: %s" % (self._source, server.label, warning))
            try:
                with server.connection.client() as client:
                    boxes = client.trusted(lambda c: c.list(DEVICE.collection(), empty_codes=DEVICE.empty_codes))
            except LoginLost as error:
                failures.append("%s could not be read: %s" % (server.label, error))
                continue
            except HmpApiError as error:
                message = scrub(str(error), server.secrets)
                failures.append("%s could not be read: %s%s" % (server.label, message, _hint(error)))
                continue
            self.display.vvv("%s: %s: %d set-top box(es)" % (self._source, server.label, len(boxes)))
            for box in boxes:
                if isinstance(box, Mapping) and box.get("_id"):
                    records.append({"server": server.index, "id": str(box["_id"]), "group": server.group,
                                    "device": device_vars(box)})
        return records, failures

    # -- the inventory -------------------------------------------------------------------------------
    def _populate(self, servers, records, filters):
        self.inventory.add_group(PARENT_GROUP)
        for server in servers:
            self.inventory.add_group(server.group)
            self.inventory.add_child(PARENT_GROUP, server.group)
        strict = self.get_option("strict")
        for name, record in zip(host_names(records), records):
            if not self._wanted(record, filters):
                continue
            server = servers[record["server"]]
            self.inventory.add_host(name, group=server.group)
            variables = dict(server.connection_vars(), hmp_device_id=record["id"], hmp_device=record["device"])
            for key, value in variables.items():
                self.inventory.set_variable(name, key, value)
            self._set_composite_vars(self.get_option("compose"), variables, name, strict=strict)
            self._add_host_to_composed_groups(self.get_option("groups"), variables, name, strict=strict)
            self._add_host_to_keyed_groups(self.get_option("keyed_groups"), variables, name, strict=strict)

    @staticmethod
    def _wanted(record, filters):
        for key, values in filters.items():
            value = record["id"] if key == "id" else record["device"].get(key)
            if not any(filter_matches(value, wanted) for wanted in values):
                return False
        return True


def _hint(error):
    if error.status == 401:
        return " (check the username and password, or the API key pair)"
    if error.status == 403:
        return " (reading set-top boxes needs the STB Administration permission)"
    return ""
