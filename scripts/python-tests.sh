#!/usr/bin/env bash
# The Python package's tests, as CI runs them, from a clean checkout on a
# machine with a Rust toolchain and Python 3.9 or newer:
#
#   1. a virtual environment (target/python-venv, or $SESAME_VENV) with the
#      pinned test requirements (python/requirements-test.txt);
#   2. `pip install ./python`, the README's command, which builds the
#      package with maturin;
#   3. the `sesame` binary the tests compare against: $SESAME_BIN if set
#      (CI passes the one `cargo test` built), else `cargo build --release`;
#   4. pytest over python/tests; collecting no tests is a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${SESAME_VENV:-target/python-venv}

python3 -m venv "$venv"
pip() { "$venv/bin/python" -m pip --disable-pip-version-check "$@"; }
pip install --quiet -r python/requirements-test.txt
pip install --quiet ./python
if [ -z "${SESAME_BIN:-}" ]; then
    cargo build --release --quiet --bin sesame
    export SESAME_BIN=target/release/sesame
fi

status=0
"$venv/bin/python" -m pytest python/tests -q || status=$?
if [ "$status" -eq 5 ]; then
    echo "error: pytest collected no tests in python/tests" >&2
    exit 1
fi
exit "$status"
