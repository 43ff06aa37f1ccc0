#!/usr/bin/env bash
# Make sure the system packages the tests need are present: Debian's chromium
# (headless browser tests, PDFs) and poppler-utils (pdftotext, pdftoppm).
# Installs them with apt-get when it can; otherwise stops and says what to install.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing system packages: ${missing[*]}"
if command -v apt-get >/dev/null 2>&1; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo"; else sudo=""; fi
  fi
  if [ "$(id -u)" -eq 0 ] || [ -n "$sudo" ]; then
    export DEBIAN_FRONTEND=noninteractive
    # CI keeps the downloaded packages in a cached folder ($APT_ARCHIVES).
    archives=()
    if [ -n "${APT_ARCHIVES:-}" ]; then
      mkdir -p "$APT_ARCHIVES/partial"
      archives=(-o "Dir::Cache::Archives=$APT_ARCHIVES")
    fi
    $sudo apt-get update -qq || true
    if $sudo apt-get install -y -qq "${archives[@]}" "${missing[@]}" >/dev/null; then
      [ -n "${APT_ARCHIVES:-}" ] && $sudo chmod -R a+rX "$APT_ARCHIVES" || true
      exit 0
    fi
  fi
fi
cat >&2 <<MSG
The tests need these system packages, which are missing and could not be
installed automatically: ${missing[*]}
On Debian or Ubuntu, run:  sudo apt-get install ${missing[*]}
Elsewhere, install Chromium (as 'chromium' on the PATH) and poppler's pdftotext/pdftoppm.
MSG
exit 1
