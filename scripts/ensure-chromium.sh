#!/usr/bin/env bash
# The console's browser tests drive Debian's Chromium (playwright-core, executablePath /usr/bin/chromium).
# Installs it where it is missing (a few minutes once per machine); needs root, as on the project's machines.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "ensure-chromium: /usr/bin/chromium is missing; install it with: sudo apt-get install -y chromium" >&2
  exit 1
fi
echo "ensure-chromium: installing Chromium for the console's browser tests…"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
/usr/bin/chromium --version
