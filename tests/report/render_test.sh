#!/usr/bin/env bash
# Render a sample report in headless Chromium and check the page: its SVG is
# well-formed XML, it holds no script or external URL, and the screenshot is
# a real picture (many colours, >5% non-white, the segment colours present).
# Usage: render_test.sh TEST_REPORT_EXE
# Exit 77 (skipped) only when no Chromium binary is installed.
# Set CSEG_RENDER_KEEP=DIR to keep report.html and screenshot.png there.
set -euo pipefail

exe=$1
browser=""
for name in chromium chromium-browser google-chrome; do
	if command -v "$name" >/dev/null 2>&1; then
		browser=$(command -v "$name")
		break
	fi
done
if [ -z "$browser" ]; then
	echo "SKIP: no chromium binary (apt-get install chromium)" >&2
	exit 77
fi
python=/usr/bin/python3
[ -x "$python" ] || python=python3

work=$(mktemp -d "${TMPDIR:-/tmp}/cseg-render-XXXXXX")
trap 'rm -rf "$work"' EXIT

"$exe" --write-sample "$work/report.html" 6 8 1500

"$python" - "$work/report.html" <<'EOF'
import re, sys, xml.etree.ElementTree as ET
from html.parser import HTMLParser

html = open(sys.argv[1], encoding="utf-8").read()
assert "<script" not in html.lower(), "script element"
assert "http://" not in html and "https://" not in html, "external URL"
svgs = re.findall(r"<svg.*?</svg>", html, re.S)
assert len(svgs) >= 8, f"only {len(svgs)} charts"
for s in svgs:
    ET.fromstring(s)  # raises on bad escaping or unbalanced tags

class Tags(HTMLParser):
    void = {"meta", "br", "img", "input", "link", "hr"}
    def __init__(self):
        super().__init__()
        self.stack = []
    def handle_starttag(self, tag, attrs):
        if tag not in self.void:
            self.stack.append(tag)
    def handle_startendtag(self, tag, attrs):
        pass
    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

p = Tags()
p.feed(html)
p.close()
assert not p.stack, f"unclosed: {p.stack}"
print(f"page: {len(html)} bytes, {len(svgs)} well-formed SVG charts, tags balanced")
EOF

rc=0
timeout 180 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
	--user-data-dir="$work/profile" --screenshot="$work/screenshot.png" \
	--window-size=1200,2400 "file://$work/report.html" >"$work/chromium.log" 2>&1 || rc=$?
if [ "$rc" -ne 0 ] || [ ! -s "$work/screenshot.png" ]; then
	echo "chromium failed (exit $rc):" >&2
	tail -20 "$work/chromium.log" >&2
	exit 1
fi

"$python" - "$work/screenshot.png" <<'EOF'
import struct, sys, zlib

def read_png(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, ctype = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    assert depth == 8 and ctype in (2, 6), f"unsupported PNG: depth {depth}, colour type {ctype}"
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pred) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows

w, h, bpp, rows = read_png(sys.argv[1])
counts = {}
non_white = 0
for row in rows:
    for x in range(0, w * bpp, bpp):
        px = row[x:x + 3]
        counts[px] = counts.get(px, 0) + 1
        if px[0] < 245 or px[1] < 245 or px[2] < 245:
            non_white += 1
share = non_white / (w * h)
print(f"screenshot {w}x{h}: {len(counts)} distinct colours, {100 * share:.1f}% non-white")
assert w == 1200 and h == 2400, "unexpected size"
assert len(counts) >= 50, "too few colours: blank or unstyled page"
assert share > 0.05, "page is almost white"

def near(rgb, tol=6):
    return sum(n for px, n in counts.items() if all(abs(px[i] - rgb[i]) <= tol for i in range(3)))

# first segment colours (Okabe-Ito blue, orange, green) fill the size bars
for name, rgb in (("blue", (0x00, 0x72, 0xB2)), ("orange", (0xE6, 0x9F, 0x00)), ("green", (0x00, 0x9E, 0x73))):
    n = near(rgb)
    print(f"{name}: {n} pixels")
    assert n >= 200, f"segment colour {name} missing"
EOF

if [ -n "${CSEG_RENDER_KEEP:-}" ]; then
	mkdir -p "$CSEG_RENDER_KEEP"
	cp "$work/report.html" "$work/screenshot.png" "$CSEG_RENDER_KEEP/"
fi
echo "render test passed"
