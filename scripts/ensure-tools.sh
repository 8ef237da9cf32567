#!/usr/bin/env bash
# Installs what the tests need from outside npm when it is missing: Debian's
# Chromium (browser test tools cannot download their own browser here) and
# ffmpeg. Needs root and apt-get; otherwise it prints what to install.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || [ -n "${CHROMIUM_PATH:-}" ] || missing+=(chromium)
command -v ffmpeg >/dev/null 2>&1 || [ -n "${FFMPEG_PATH:-}" ] || missing+=(ffmpeg)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${missing[*]} from Debian's packages..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "Missing: ${missing[*]}. Install them (apt-get install ${missing[*]}) or set CHROMIUM_PATH / FFMPEG_PATH." >&2
  exit 1
fi
