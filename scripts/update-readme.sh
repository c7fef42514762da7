#!/usr/bin/env bash
# Rewrites the generated blocks of README.md and docs/model.md (the κ table,
# the calibration statements, the tutorial's output) from runs of the current
# build. tests/it/readme.rs computes them; without SESAME_UPDATE_README=1 the
# same test fails when the documents and the program disagree.
# Run it after a deliberate change of the model, beside scripts/docs-images.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
SESAME_UPDATE_README=1 cargo test --test it readme:: -- --nocapture
git status --short -- README.md docs/model.md
