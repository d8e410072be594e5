#!/usr/bin/env bash
# Creates the project's Python environment, .venv/ (gitignored), with the packages
# pinned in python/requirements.txt, when it is missing or the requirements changed;
# otherwise does nothing. Used by scripts/test.sh (a test runs a notebook and
# `knsim plot`), scripts/notebooks.sh and `knsim plot`.
# Base interpreter: $KNSIM_BASE_PYTHON, else python3. Pip's cache stays in .tmp/.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
venv="$root/.venv"
requirements="$root/python/requirements.txt"
stamp="$venv/.requirements.sha256"
wanted="$(sha256sum "$requirements" | cut -d' ' -f1)"

if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
    exit 0
fi

base="${KNSIM_BASE_PYTHON:-python3}"
command -v "$base" >/dev/null 2>&1 || { echo "knsim: $base not found (Python 3.11 or later needed for the notebooks)" >&2; exit 1; }
if ! "$base" -c 'import venv, ensurepip' >/dev/null 2>&1; then
    echo "knsim: installing python3-venv with apt-get" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-venv >/dev/null
fi

echo "knsim: creating $venv from $requirements" >&2
rm -rf "$venv"
"$base" -m venv "$venv"
export PIP_CACHE_DIR="$root/.tmp/pip-cache" PIP_DISABLE_PIP_VERSION_CHECK=1
"$venv/bin/python" -m pip install --quiet -r "$requirements"
echo "$wanted" > "$stamp"
