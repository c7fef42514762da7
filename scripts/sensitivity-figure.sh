#!/usr/bin/env bash
# Regenerates the README's sensitivity figures from a run of the current
# build: runs the bundled sweep scenarios/sweeps/sensitivity.toml, copies
# its two S1/ST charts to docs/images/, and prints the README's table of
# indices (markdown), the sweep's wall time and the machine's load.
#
#     scripts/sensitivity-figure.sh [OUT]      # OUT defaults to output/sensitivity
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-output/sensitivity}"

cargo build --release --quiet
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
start=$(date +%s.%N)
target/release/sesame sweep scenarios/sweeps/sensitivity.toml --out "$out" --force --quiet
end=$(date +%s.%N)
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

mkdir -p docs/images
cp "$out/charts/sensitivity-lost_half_share.png" docs/images/sensitivity-lost-half.png
cp "$out/charts/sensitivity-dissidents.isolated_share.png" docs/images/sensitivity-dissidents.png

# The table: S1 and ST ± their 95 % half-widths, per parameter, for the
# two measures, parameters in the sweep's order.
awk -F, '
    NR == 1 { next }
    {
        key = $1 SUBSEP $3
        cell[key] = sprintf("%.2f ± %.2f | %.2f ± %.2f", $4, $5, $6, $7)
        if (!($3 in seen)) { seen[$3] = 1; order[++n] = $3 }
    }
    END {
        print "| parameter | lost half: S1 | lost half: ST | dissidents isolated: S1 | dissidents isolated: ST |"
        print "|---|---|---|---|---|"
        for (i = 1; i <= n; i++) {
            p = order[i]
            print "| `" p "` | " cell["lost_half_share" SUBSEP p] " | " cell["dissidents.isolated_share" SUBSEP p] " |"
        }
    }
' "$out/sensitivity.csv"
echo
awk -v a="$start" -v b="$end" -v cores="$(nproc)" -v before="$load_before" -v after="$load_after" \
    'BEGIN { printf "wall time: %.0f s on %s cores; load average before %s, after %s\n", b - a, cores, before, after }'
