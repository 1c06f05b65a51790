#!/usr/bin/env bash
# Serve a whole class from this machine: several Streamlit workers behind HAProxy with session
# affinity (docs/serving.md). Installs haproxy with apt-get and the venv if they are missing;
# arguments go to `playground serve` (default --workers 2 --port 8501; --address 0.0.0.0 to let
# students' machines in). Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v haproxy >/dev/null && [ ! -x /usr/sbin/haproxy ]; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq haproxy >/dev/null
fi
if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
if [ ! -x .venv/bin/playground ]; then
    .venv/bin/python -m pip install -q --disable-pip-version-check -e .
fi
exec .venv/bin/playground serve "$@"
