"""The HMP releases the emulator can play, 3.8 to 4.1.1, as data.

The vendor's REST reference of each release (doc.haivision.com/HMP/<release>/...) documents the same
paths, methods and fields for what the collection uses, with the differences below. ``RELEASES`` says,
in one table, what each release switches; the resource modules read those switches from the request's
``Behaviour`` (``api.behaviour()``, the same namespace as the variants' switches), never the release.
hmp_emulator/README.md, "Releases", describes each one and names the vendor pages (contract: releases).

Switches:
  version_route         GET /apis/system/version is a route ("Get the HMP Software/Build Version": no
                        page before 4.0); without it the path answers as any unknown path
  key_login             POST and GET /apis/authentication/login/key are routes and Bearer tokens are
                        honoured (4.1: "Initiate IDP User Session", 4.1.1: "Initiate User Session using
                        Key and Secret"); without it those paths answer as unknown paths and a Bearer
                        header is ignored
  logout_ends_token     DELETE /apis/authentication/login ends a Bearer token (4.1: "... cookie or Bearer
                        authorization token"); 4.1.1's page: "does not apply if you are using a Bearer
                        Token", so it looks at the cookie only
  source_hidden_fields  a source's read-only fields no answer of this release carries (3.10.3 adds them)
  source_create_fields  the only fields the answer of POST /apis/sources carries (3.8 and 3.9 echo the
                        basic fields), or None: the whole source
  stb_hidden_fields     a set-top box's fields no answer of this release carries (3.10.3 adds them)
  stb_ip_dual_stack     a box's ``ip`` is shown as stored, "IPv4, IPv6" text included (3.10.3 on: "IP or
                        FQDN"); else only its first address (3.8, 3.9: "IPv4 or domain")

Versions: ``version`` is the release's documentation set (doc.haivision.com/HMP/<release>; "3.10" plays
3.10.3, the newest 3.10 reference); ``build`` follows the emulator's own scheme (the digits of the version,
then "00"), since the vendor publishes no build numbers (its version page's example, "2.0.0" / "30242", is a
placeholder). Without a version route (3.x) the version is still the one the dump and
``/_emulator/release`` show.
"""
from types import MappingProxyType

# "Create a Source" of 3.10.3 and later shows these read-only fields; 3.8's and 3.9's pages show none of them.
SOURCE_LATER_FIELDS = ("iptv", "retransmitPort", "rtcPort", "detectedFeatures")
# "Create a Source" of 3.8 and 3.9 answers name, type, host, port, multicast and id: a source's connection.
SOURCE_BASIC_FIELDS = ("name", "type", "host", "port", "multicast", "mode", "latency", "id")
# "Get List of Devices" of 3.10.3 and later shows these; 3.8's and 3.9's "Devices Resources" do not.
STB_LATER_FIELDS = ("adminPin", "dws", "firmware", "hvExtensionSize", "lastConnection", "lastViewedChannelId",
                    "ntpServer", "platform", "statusDetails", "statusLevel", "timezone", "type")

_OLD_SOURCES = {"source_hidden_fields": SOURCE_LATER_FIELDS, "source_create_fields": SOURCE_BASIC_FIELDS}
_NEW_SOURCES = {"source_hidden_fields": (), "source_create_fields": None}
_OLD_BOXES = {"stb_hidden_fields": STB_LATER_FIELDS, "stb_ip_dual_stack": False}
_NEW_BOXES = {"stb_hidden_fields": (), "stb_ip_dual_stack": True}

# One row a release, oldest first. "docs": the vendor's REST reference the row is read from (and the release's
# version: its title); "version": the version answer (build: the emulator's scheme, see above).
RELEASES = MappingProxyType({
    "3.8": {"docs": "doc.haivision.com/HMP/3.8", "version": {"version": "3.8.0", "build": "38000"},
            "version_route": False, "key_login": False, "logout_ends_token": False, **_OLD_SOURCES, **_OLD_BOXES},
    "3.9": {"docs": "doc.haivision.com/HMP/3.9", "version": {"version": "3.9.0", "build": "39000"},
            "version_route": False, "key_login": False, "logout_ends_token": False, **_OLD_SOURCES, **_OLD_BOXES},
    "3.10": {"docs": "doc.haivision.com/HMP/3.10.3", "version": {"version": "3.10.3", "build": "31030"},
             "version_route": False, "key_login": False, "logout_ends_token": False, **_NEW_SOURCES, **_NEW_BOXES},
    "4.0": {"docs": "doc.haivision.com/HMP/4.0", "version": {"version": "4.0.0", "build": "40000"},
            "version_route": True, "key_login": False, "logout_ends_token": False, **_NEW_SOURCES, **_NEW_BOXES},
    "4.1": {"docs": "doc.haivision.com/HMP/4.1", "version": {"version": "4.1.0", "build": "41000"},
            "version_route": True, "key_login": True, "logout_ends_token": True, **_NEW_SOURCES, **_NEW_BOXES},
    "4.1.1": {"docs": "doc.haivision.com/HMP/4.1.1", "version": {"version": "4.1.1", "build": "41100"},
              "version_route": True, "key_login": True, "logout_ends_token": False, **_NEW_SOURCES, **_NEW_BOXES},
})
NEWEST = "4.1.1"  # the default: what the emulator spoke before it knew of releases


class ReleaseError(ValueError):
    pass


def check(release):
    """``release`` if it is one of RELEASES, else ReleaseError naming it and the known ones."""
    if not isinstance(release, str) or release not in RELEASES:
        raise ReleaseError(f"unknown release {release!r} (one of {', '.join(RELEASES)})")
    return release


def version(release):
    """The version answer of ``release``: {"version", "build"} (a new dict)."""
    return dict(RELEASES[release]["version"])


def switches(release):
    """The switches of ``release`` (its row less "docs" and "version"), as a dict."""
    return {k: v for k, v in RELEASES[release].items() if k not in ("docs", "version")}
