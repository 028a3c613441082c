#!/usr/bin/env bash
# System packages the tests use, from Debian's archive: Chromium and its driver for the browser test, and
# redis-server for the distributed test (the tests start their own on a free port; nothing is enabled here).
# Installs only what is missing; needs root (or sudo). Called by `make test` and `.ci/run`.
set -euo pipefail
needed=()
command -v chromium >/dev/null || needed+=(chromium)
command -v chromedriver >/dev/null || needed+=(chromium-driver)
command -v redis-server >/dev/null || needed+=(redis-server)
[ ${#needed[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing ${needed[*]} from Debian's packages"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
