"""python -m hmp_emulator: the command line of README.md."""
import argparse
import sys

from .app import create_app
from .server import serve
from .state import SeedError, State, read_seed_file
from .releases import NEWEST, RELEASES
from .variants import DEFAULTS, VariantError, merge, parse_option


def parse_args(argv=None):
    p = argparse.ArgumentParser(prog="python -m hmp_emulator",
                                description="A test-only HMP REST server, releases 3.8 to 4.1.1 "
                                            "(see hmp_emulator/README.md).")
    p.add_argument("--bind", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8443, help="0 picks a free port")
    p.add_argument("--port-file", help="write the chosen port here once accepting connections")
    tls = p.add_mutually_exclusive_group()
    tls.add_argument("--no-tls", action="store_true", help="serve plain HTTP")
    tls.add_argument("--cert", help="serve this certificate (PEM) instead of a throwaway one")
    p.add_argument("--key", help="private key (PEM) for --cert")
    p.add_argument("--ca-out", help="write the throwaway CA certificate (PEM) here")
    p.add_argument("--admin-user", default="haiadmin")
    p.add_argument("--admin-password", default="hmp-emulator")
    p.add_argument("--api-key")
    p.add_argument("--api-secret")
    p.add_argument("--session-idle-timeout", type=float, default=1800.0, help="seconds")
    p.add_argument("--seed", help="YAML or JSON seed file")
    p.add_argument("--operator-password", default="hmp-operator",
                   help="password of the built-in operator account (variant V5=b)")
    p.add_argument("--variant", action="append", default=[], metavar="KEY=VALUE",
                   help="speak another reading of the API: V1=b, V4=b, page_cap=3, ... or all "
                        "(repeatable; see README.md, Variants)")
    p.add_argument("--release", choices=list(RELEASES), default=NEWEST,
                   help="the HMP release to play (default %(default)s; see README.md, Releases)")
    args = p.parse_args(argv)
    try:
        args.variants = DEFAULTS
        for option in args.variant:
            args.variants = merge(args.variants, parse_option(option))
    except VariantError as exc:
        p.error(str(exc))
    if bool(args.cert) != bool(args.key):
        p.error("--cert and --key go together")
    if bool(args.api_key) != bool(args.api_secret):
        p.error("--api-key and --api-secret go together")
    if args.ca_out and (args.cert or args.no_tls):
        p.error("--ca-out only applies to the throwaway certificate")
    return args


def main(argv=None):
    args = parse_args(argv)
    try:
        seed = read_seed_file(args.seed) if args.seed else {}
        st = State(args.admin_user, args.admin_password, args.api_key, args.api_secret,
                   args.session_idle_timeout, seed, args.operator_password, args.variants, args.release)
    except (OSError, SeedError, ValueError) as exc:
        print(f"hmp_emulator: {exc}", file=sys.stderr)
        return 2
    return serve(create_app(st), bind=args.bind, port=args.port, tls=not args.no_tls,
                 cert=args.cert, key=args.key, ca_out=args.ca_out, port_file=args.port_file)


if __name__ == "__main__":
    sys.exit(main())
