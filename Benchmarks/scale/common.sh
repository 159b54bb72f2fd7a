# What the scale scripts share (sourced, not run): the repository's root, where the scale
# corpora and the scratch collections live, the wenda binary measured by default, and a
# check that stops with one line naming what is missing and what makes it.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
scale_data="$root/bench-out/scale"
scratch="$root/bench-out/scratch"
default_bin="$root/.build/release/wenda"

# need FILE HINT: FILE must exist, else "SCRIPT: FILE missing (HINT)" and exit 2.
need() {
    [ -e "$1" ] || { echo "$(basename "$0"): $1 missing ($2)" >&2; exit 2; }
}
