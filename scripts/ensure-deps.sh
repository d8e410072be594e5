#!/usr/bin/env bash
# Installs what knsim needs from Debian when it is missing: GSL (libgsl-dev) and
# pkg-config, through which SwiftPM finds it. The Swift toolchain must be on PATH.
set -euo pipefail

missing=()
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
if ! pkg-config --exists gsl 2>/dev/null; then missing+=(libgsl-dev); fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "knsim: installing ${missing[*]} with apt-get" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

command -v swift >/dev/null 2>&1 || { echo "knsim: swift is not on PATH (Swift 6 toolchain needed)" >&2; exit 1; }
