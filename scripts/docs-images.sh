#!/usr/bin/env bash
# Redraws the chart images of the README (docs/images/*.png) from a run of
# the current build: the baseline scenario, seed 1, its seven charts reduced
# to 800x500 with a 64-colour palette (scripts/reduce_chart_images.py).
# Run it after a deliberate change of the model or of the charts, beside
# scripts/update-readme.sh. Needs Python 3 with Pillow:
#     python3 -m pip install -r scripts/requirements-docs.txt
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -c 'import PIL' 2>/dev/null || {
    echo "docs-images.sh: Pillow is missing; python3 -m pip install -r scripts/requirements-docs.txt" >&2
    exit 1
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --release --quiet
target/release/sesame run scenarios/baseline.toml --out "$work/baseline" --quiet
python3 scripts/reduce_chart_images.py "$work/baseline/charts" docs/images
git status --short -- docs/images
