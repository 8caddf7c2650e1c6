#!/usr/bin/env bash
# The Debian packages the tests and the bench use besides Node and Java: kcat (reads and writes
# topics independently of the code under test; the bench's reference), chromium (browser tests)
# and fonts-dejavu-core (PDF export). Checks the packages named (default: all three), installs what
# is missing when it can (root with apt-get), else says exactly what to install.
set -euo pipefail
packages=("$@")
[ ${#packages[@]} = 0 ] && packages=(kcat chromium fonts-dejavu-core)
missing=()
for package in "${packages[@]}"; do
  case $package in
    kcat) command -v kcat >/dev/null || missing+=(kcat) ;;
    chromium) [ -x /usr/bin/chromium ] || missing+=(chromium) ;;
    fonts-dejavu-core) [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core) ;;
    *) echo "[tools] unknown package $package" >&2; exit 2 ;;
  esac
done
[ ${#missing[@]} = 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "[tools] installing Debian's ${missing[*]}"
  apt-get update -qq && apt-get install -y -qq "${missing[@]}"
else
  echo "[tools] missing: ${missing[*]}; install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
