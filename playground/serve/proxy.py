"""The reverse proxy: HAProxy in front of the workers, with cookie session affinity.

Streamlit keeps a session in the worker that opened its websocket; the same session's file
uploads (`PUT /_stcore/upload_file/...`) and media are separate HTTP requests that fail with 400
"invalid session" on any other worker (streamlit issues #2936, #4173). So the first response to
a browser sets a cookie naming its worker, and HAProxy sends every later request carrying that
cookie to the same worker, websocket included. New browsers go to the worker with the fewest
connections. HAProxy checks every worker's health path every two seconds and marks a worker down
at the first connection it refuses: a dead worker gets no new sessions, and a request it
refused, or dropped unanswered as it died, is retried on another. After the websocket upgrade
HAProxy is a tunnel whose idle timeout is a lecture long. Each response names the worker that
served it in a header, so a teacher (and the tests) can see where a session lives. The config
is generated into the run directory for each `playground serve`; nobody edits a copy of it.
"""

from __future__ import annotations

import ipaddress
import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from playground.serve import ServeError
from playground.serve.children import Child
from playground.serve.workers import HEALTH_PATH, WORKER_HOST, Worker

AFFINITY_COOKIE = "PGWORKER"
WORKER_HEADER = "X-Playground-Worker"
TUNNEL_TIMEOUT = "2h"  # an open websocket may sit idle through a whole lecture
INSTALL_SCRIPT = "scripts/serve_class.sh"
SBIN_FOLDERS = ("/usr/sbin", "/usr/local/sbin")  # where Debian puts haproxy; not on every PATH

CONFIG_TEMPLATE = """\
# Written by `playground serve` (playground/serve/proxy.py) for this run only.
global
    maxconn 4096
    noreuseport
    stats socket {stats_socket} mode 600 level user

defaults
    mode http
    retries 2
    retry-on conn-failure empty-response
    option redispatch 1
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    timeout http-request 15s
    timeout http-keep-alive 15s
    timeout client-fin 30s
    timeout tunnel {tunnel_timeout}

frontend classroom
    bind {bind}
    default_backend workers

backend workers
    balance leastconn
    cookie {cookie} insert indirect nocache httponly
    option httpchk
    http-check send meth GET uri {health_path}
    http-check expect string ok
    timeout check 5s
    default-server inter 2s fall 2 rise 2 observe layer4 error-limit 1 on-error mark-down
    http-response set-header {header} %s
{servers}
"""


def find_haproxy(explicit: str | None = None) -> str:
    """The haproxy binary: `explicit` if given, else haproxy on PATH or in /usr/sbin."""
    if explicit is not None:
        found = shutil.which(explicit)
    else:
        search = os.pathsep.join([os.environ.get("PATH", ""), *SBIN_FOLDERS])
        found = shutil.which("haproxy", path=search)
    if found is None:
        where = f" at {explicit}" if explicit else ""
        raise ServeError(
            f"haproxy is not installed{where}: run `bash {INSTALL_SCRIPT}`, which installs it "
            "with apt-get (or `apt-get install -y haproxy`)"
        )
    return found


def bind_spec(address: str, port: int) -> str:
    """HAProxy's `bind` argument; the port follows the last colon, IPv6 included."""
    return f"{ipaddress.ip_address(address)}:{port}"


def haproxy_config(address: str, port: int, workers: Sequence[Worker], stats_socket: Path) -> str:
    """The whole HAProxy configuration for these workers behind address:port."""
    servers = "\n".join(
        f"    server {w.name} {WORKER_HOST}:{w.port} cookie {w.name} check" for w in workers
    )
    return CONFIG_TEMPLATE.format(
        stats_socket=stats_socket,
        tunnel_timeout=TUNNEL_TIMEOUT,
        bind=bind_spec(address, port),
        cookie=AFFINITY_COOKIE,
        health_path=HEALTH_PATH,
        header=WORKER_HEADER,
        servers=servers,
    )


def make_proxy(
    binary: str, address: str, port: int, workers: Sequence[Worker], run_dir: Path
) -> Child:
    """Write the configuration into `run_dir`, have haproxy check it, and return the proxy
    (not started yet) that runs it in the foreground."""
    config = run_dir / "haproxy.cfg"
    config.write_text(haproxy_config(address, port, workers, stats_socket(run_dir)))
    check = subprocess.run(
        [binary, "-c", "-q", "-f", str(config)], capture_output=True, text=True, timeout=30
    )
    if check.returncode != 0:
        problem = (check.stderr or check.stdout).strip().splitlines()
        raise ServeError(f"haproxy rejected {config}: {problem[-1] if problem else 'no reason'}")
    return Child("haproxy", [binary, "-db", "-f", str(config)], run_dir / "haproxy.log")


def stats_socket(run_dir: Path) -> Path:
    """HAProxy's stats socket (`show stat`: each worker's state and counters)."""
    return run_dir / "haproxy.sock"
