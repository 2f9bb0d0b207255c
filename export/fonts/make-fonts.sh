#!/bin/sh
# Regenerates the fonts in this folder from the Debian packages
# fonts-dejavu-core, fonts-droid-fallback and python3-fonttools:
#
#   apt-get install -y fonts-dejavu-core fonts-droid-fallback python3-fonttools
#   sh export/fonts/make-fonts.sh
#
# See README.md for what each step keeps and why.
set -eu
cd "$(dirname "$0")"
SRC=/usr/share/fonts/truetype
PY=/usr/bin/python3
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# The characters of the Chinese subset: GB 2312 (every code point its
# codec decodes), Big5 symbols and level-1 (common) hanzi, CJK symbols and
# punctuation, CJK compatibility forms and half-width/full-width forms.
$PY - "$TMP/unicodes.txt" <<'PYEOF'
import sys
chars = set()
for hi in range(0xA1, 0xF8):                  # GB 2312 rows
    for lo in range(0xA1, 0xFF):
        try:
            chars.add(bytes([hi, lo]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
for hi in range(0xA1, 0xC7):                  # Big5 0xA140-0xC67E
    for lo in list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)):
        if hi == 0xC6 and lo > 0x7E:
            continue
        try:
            chars.add(bytes([hi, lo]).decode("big5"))
        except UnicodeDecodeError:
            pass
for lo, hi in [(0x3000, 0x303F), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF)]:
    chars.update(chr(c) for c in range(lo, hi + 1))
with open(sys.argv[1], "w") as f:
    f.write("\n".join("U+%04X" % ord(c) for c in sorted(chars) if len(c) == 1))
PYEOF

$PY -m fontTools.subset "$SRC/droid/DroidSansFallbackFull.ttf" \
	--unicodes-file="$TMP/unicodes.txt" \
	--no-hinting --layout-features='' \
	--drop-tables+=GSUB,GPOS,GDEF,vhea,vmtx,gasp \
	--output-file=DroidSansFallbackSubset.ttf

for f in DejaVuSans DejaVuSansMono; do
	$PY -m fontTools.subset "$SRC/dejavu/$f.ttf" \
		--unicodes='*' --name-IDs='*' --name-legacy --name-languages='*' \
		--no-hinting --layout-features='' \
		--drop-tables+=GSUB,GPOS,GDEF,MATH,kern,FFTM,gasp \
		--output-file=$f.ttf
done
