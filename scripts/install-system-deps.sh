#!/bin/sh
# Installs what banmian needs from Debian when it is missing: the free CJK fonts
# the font roles fall back to, and poppler (proof PNGs), qpdf and Ghostscript
# (independent checks of our PDFs). A quick no-op when everything is there.
set -eu
need=""
has_file() { [ -e "$1" ]; }
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
echo "installing from Debian:$need"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends $need >/dev/null
