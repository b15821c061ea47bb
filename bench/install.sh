#!/usr/bin/env bash
# Installs the PyTorch peer for the benchmarks (Debian packages, used through /usr/bin/python3)
# when it is missing.
set -euo pipefail
if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
$SUDO apt-get update -q
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-torch libopenblas0-pthread
