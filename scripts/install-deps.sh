#!/usr/bin/env bash
# Install the Debian packages cseg needs to build, test and run its demo.
# Idempotent: asks apt only for what is missing. Run as root (or with sudo).
set -euo pipefail

packages=(
	build-essential meson ninja-build pkg-config
	libopenblas-dev liblapacke-dev check
	swig doxygen abigail-tools
	python3-dev python3-numpy python3-scipy python3-sklearn python3-pandas
	python3-pytest python3-dask python3-distributed python3-matplotlib
	python3-mesonpy python3-pip python3-venv patchelf
	r-base-core r-base-dev r-cran-testthat
	default-jdk-headless junit5 chromium
)

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi
echo "Installing: ${missing[*]}" >&2
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
"${sudo_cmd[@]}" apt-get update -q
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
