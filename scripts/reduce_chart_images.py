#!/usr/bin/env python3
"""Reduces a run's chart images for the README.

Reads the 1600x1000 PNG charts of a run folder's charts/ and writes each at
800x500 (Lanczos filter), quantised to a palette of 64 colours and
optimised, which keeps the seven images under 200 KB in all.

Usage: python3 scripts/reduce_chart_images.py CHARTS_DIR OUT_DIR
Needs Pillow (pinned in scripts/requirements-docs.txt); the output is
byte-identical for the same input and Pillow version.
"""

import os
import sys

from PIL import Image

CHARTS = ["scores", "tiers", "ostracism", "clustering", "reporting", "degrees", "network"]
SIZE = (800, 500)
COLOURS = 64


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    charts, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    for name in CHARTS:
        source = os.path.join(charts, f"{name}.png")
        image = Image.open(source).convert("RGB")
        small = image.resize(SIZE, Image.LANCZOS).quantize(colors=COLOURS)
        target = os.path.join(out, f"{name}.png")
        small.save(target, "PNG", optimize=True)
        print(f"{target}: {os.path.getsize(target)} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
