#!/bin/sh
# Installs what banmian needs from Debian when it is missing: the free CJK fonts
# the font roles fall back to, and poppler (proof PNGs), qpdf and Ghostscript
# (independent checks of our PDFs), and python3-venv when the Python that will
# make the venv is Debian's and lacks ensurepip (a stock Debian does). A quick
# no-op when everything is there.
set -eu
PYTHON="${PYTHON:-python3}"
need=""
has_file() { [ -e "$1" ]; }
if ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
    if command -v "$PYTHON" >/dev/null 2>&1; then
        need="$need python3-venv"
    else
        need="$need python3 python3-venv"
    fi
fi
has_file /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc || need="$need fonts-noto-cjk"
has_file /usr/share/fonts/opentype/noto/NotoSerifCJK-Black.ttc   || need="$need fonts-noto-cjk-extra"
has_file /usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf || need="$need fonts-lxgw-wenkai"
command -v pdftoppm >/dev/null 2>&1 || need="$need poppler-utils"
command -v qpdf     >/dev/null 2>&1 || need="$need qpdf"
command -v gs       >/dev/null 2>&1 || need="$need ghostscript"
has_file /usr/share/color/icc/ghostscript/default_cmyk.icc || need="$need libgs-common"
[ -z "${BANMIAN_NO_BROWSER:-}" ] && { command -v chromium >/dev/null 2>&1 || need="$need chromium"; }
[ -z "$need" ] && exit 0
if [ "$(id -u)" != 0 ]; then
    echo "banmian needs these Debian packages:$need" >&2
    echo "run as root:  apt-get update && apt-get install -y$need" >&2
    exit 1
fi
echo "== installing from Debian:$need (first time: a few minutes)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends $need >/dev/null
