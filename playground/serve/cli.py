"""The `playground` command line: `playground serve --workers N --port P [--address A]`.

It checks everything it can before it starts a process — the number of workers against this
machine's cores, the address, whether the port is free, whether haproxy is installed — and says
what is wrong in one line with a non-zero exit (2 for a bad argument, 1 for anything else),
never a traceback. Then the supervisor runs the class server until Ctrl-C.
"""

from __future__ import annotations

import argparse
import errno
import ipaddress
import os
import socket
import sys
from collections.abc import Sequence

from playground.serve import ServeError
from playground.serve.proxy import find_haproxy
from playground.serve.supervisor import serve

WORKERS_PER_CORE = 4  # beyond this the workers only compete for the same cores
DEFAULT_WORKERS = 2
DEFAULT_PORT = 8501
DEFAULT_ADDRESS = "127.0.0.1"


class OneLineParser(argparse.ArgumentParser):
    """argparse that reports a bad argument in one line (no usage block) and exits 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: {message} (see --help)\n")


def build_parser() -> OneLineParser:
    parser = OneLineParser(prog="playground", description="The neural network playground.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    serve_parser = commands.add_parser(
        "serve",
        help="serve a whole class: several Streamlit workers behind HAProxy",
        description="Start N Streamlit workers and HAProxy in front of them with cookie session "
        "affinity; restart any that dies; stop them all on Ctrl-C. See docs/serving.md.",
    )
    serve_parser.add_argument(
        "--workers", type=int, default=DEFAULT_WORKERS,
        help=f"Streamlit processes, about one per core (default {DEFAULT_WORKERS})",
    )  # fmt: skip
    serve_parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT,
        help=f"the port students connect to (default {DEFAULT_PORT})",
    )  # fmt: skip
    serve_parser.add_argument(
        "--address", default=DEFAULT_ADDRESS,
        help=f"the address to listen on: 0.0.0.0 for a classroom (default {DEFAULT_ADDRESS})",
    )  # fmt: skip
    serve_parser.add_argument(
        "--haproxy", default=None, metavar="PATH",
        help="the haproxy binary (default: haproxy on PATH or in /usr/sbin)",
    )  # fmt: skip
    return parser


def max_workers() -> int:
    return (os.cpu_count() or 1) * WORKERS_PER_CORE


def argument_problem(options: argparse.Namespace) -> str | None:
    """What is wrong with --workers, --port or --address, in one sentence; None if nothing."""
    cores, most = os.cpu_count() or 1, max_workers()
    if not 1 <= options.workers <= most:
        return (
            f"--workers must be between 1 and {most} ({WORKERS_PER_CORE} per core on this "
            f"{cores}-core machine), not {options.workers}"
        )
    if not 1 <= options.port <= 65535:
        return f"--port must be between 1 and 65535, not {options.port}"
    try:
        ipaddress.ip_address(options.address)
    except ValueError:
        return (
            f"--address must be an IP address such as 127.0.0.1 or 0.0.0.0, not {options.address!r}"
        )
    return port_problem(options.address, options.port)


def port_problem(address: str, port: int) -> str | None:
    """Why HAProxy could not listen on address:port, or None if it can."""
    family = socket.AF_INET6 if ipaddress.ip_address(address).version == 6 else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # TIME_WAIT is no obstacle
        try:
            sock.bind((address, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return f"port {port} on {address} is busy: something already listens there"
            return f"cannot listen on {address} port {port}: {error.strerror}"
    return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    options = parser.parse_args(argv)
    problem = argument_problem(options)
    if problem is not None:
        parser.exit(2, f"playground serve: {problem}\n")
    try:
        haproxy = find_haproxy(options.haproxy)
        return serve(options.workers, options.address, options.port, haproxy)
    except ServeError as error:
        print(f"playground serve: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
