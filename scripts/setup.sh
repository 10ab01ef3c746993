#!/usr/bin/env bash
# Spinode setup on a Debian 12 machine: system packages for a software WebGPU adapter and the browser
# tests, then the npm dependencies. Idempotent: installs only what is missing. Needs root (or sudo)
# for apt; on a machine with a GPU driver and a browser already installed, only `npm ci` runs.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

mesa_ok() {
  # Dawn needs Mesa >= 25 for lavapipe (Debian 12's own 22.3 is rejected).
  local v
  v=$(dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null || true)
  [ -n "$v" ] && dpkg --compare-versions "$v" ge 25
}

if command -v apt-get >/dev/null 2>&1; then
  need_update=1
  apt_update() { if [ "$need_update" = 1 ]; then $SUDO apt-get update -qq; need_update=0; fi; }
  if ! [ -x /usr/bin/chromium ]; then
    echo "setup: installing chromium (headless browser tests; its SwiftShader is a fallback Vulkan driver)"
    apt_update
    $SUDO apt-get install -y -qq chromium >/dev/null
  fi
  if ! mesa_ok; then
    echo "setup: installing lavapipe (Mesa >= 25 from bookworm-backports), the fast software Vulkan driver"
    if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
      uri=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
      uri=${uri:-$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)}
      echo "deb $uri bookworm-backports main" | $SUDO tee /etc/apt/sources.list.d/backports.list >/dev/null
      need_update=1
    fi
    apt_update
    $SUDO apt-get install -y -qq -t bookworm-backports --no-install-recommends mesa-vulkan-drivers >/dev/null \
      || echo "setup: lavapipe not available; SwiftShader (from chromium) will be used, about 20x slower"
  fi
  if ! [ -x /usr/sbin/slurmctld ] || ! [ -x /usr/sbin/slurmd ] || ! [ -x /usr/sbin/munged ] || ! [ -x /usr/bin/sbatch ]; then
    # the sweep tests (test/gpu/sweep/) start a single-node slurmctld + slurmd of their own
    echo "setup: installing slurm-wlm and munge (Slurm job arrays for spinode sweep, and their test)"
    apt_update
    $SUDO apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
  fi
  if [ -x /usr/sbin/munged ] && ! [ -f /etc/munge/munge.key ]; then
    $SUDO mungekey --create --keyfile=/etc/munge/munge.key && $SUDO chown munge: /etc/munge/munge.key
  fi
else
  echo "setup: no apt-get here; make sure a Vulkan/WebGPU driver and Chromium are installed"
fi

if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
echo "setup: done. ./bin/spinode info shows the adapter in use."
