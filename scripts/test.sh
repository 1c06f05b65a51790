#!/usr/bin/env bash
# Install what the tests need on a fresh Debian machine (Chromium, HAProxy, PostgreSQL, a venv with
# the package and its test extra), then run the whole test suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/sbin/haproxy ] \
    || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    # haproxy: tests/process; postgresql: the classroom store's tests run against it too (a
    # throwaway server in a temporary folder, tests/support/postgres.py)
    $sudo apt-get install -y -qq chromium haproxy postgresql >/dev/null
fi
if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
# The exported PyTorch and Keras scripts are run in the tests where a CPU build of torch 2.13.0
# can be installed without a multi-gigabyte download (a local wheel); elsewhere they skip and
# say so.
if ls /opt/wheels/torch-2.13.0*cpu*.whl >/dev/null 2>&1; then
    .venv/bin/python -m pip install -q --disable-pip-version-check torch==2.13.0
fi
exec .venv/bin/python -m pytest "$@"
