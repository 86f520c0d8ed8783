#!/usr/bin/env bash
# make-binary-corpus.sh XIUFU [SOURCE_DIR] — rebuild the binary seeds of the
# output readers' and the pack loader's fuzz targets with a built xiufu:
#   corpus-explain/  output files: a run of the 2021 penalty rules (lets,
#                    exceptions, requirements, dates) and one of
#                    tests/diff/all_columns.xf (every column traced) over a
#                    few generated entities, the second with record texts
#                    that hold a NUL, bytes that are not UTF-8 and an escape
#                    sequence; 512-byte pages, so a mutation lands in a row
#   corpus-pack/     a small pack (tests/run/reads_v2.xf, -O0), unsigned and
#                    signed by a key made for the purpose
# The seeds are committed: fuzz.replay_explain and fuzz.replay_pack replay
# them (mutated) in every build without running this.
set -euo pipefail
xiufu=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "${2:-$(dirname "$0")/..}" && pwd)
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
ex=$src/fuzz/corpus-explain pk=$src/fuzz/corpus-pack
rm -rf "$ex" "$pk" && mkdir -p "$ex" "$pk"
small() { sqlite3 "$1" "PRAGMA page_size = 512; VACUUM;"; }
export XIUFU_CACHE=off

"$xiufu" gen --entities 12 --seed 4 -o "$tmp/records.db" > /dev/null
rules=("$src/policies/national/samr_2021_penalty.xf" "$src/policies/national/samr_transition.xf")
"$xiufu" run --quiet -p "${rules[@]}" -d "$tmp/records.db" --as-of 2024-06-30 -o "$ex/penalty-2021.db"
small "$ex/penalty-2021.db"

cp "$tmp/records.db" "$tmp/odd.db"
sqlite3 "$tmp/odd.db" "UPDATE penalty SET cause = 'C' || CAST(X'00' AS TEXT) || 'D' || CAST(X'FFFE' AS TEXT);
                       UPDATE serious SET authority = CAST(X'1B5B33316D' AS TEXT) || '局'"
"$xiufu" run --quiet -p "$src/tests/diff/all_columns.xf" -d "$tmp/odd.db" --as-of 2022-06-30 -o "$ex/odd-texts.db"
small "$ex/odd-texts.db"

"$xiufu" build "$src/policies/schema.xf" "$src/tests/run/reads_v2.xf" -O0 --name seed -o "$pk/unsigned.so" 2> /dev/null
"$xiufu" keygen -o "$tmp/seed" > /dev/null 2>&1
"$xiufu" build "$src/policies/schema.xf" "$src/tests/run/reads_v2.xf" -O0 --name seed --sign "$tmp/seed.key" \
  -o "$pk/signed.so" 2> /dev/null
ls -l "$ex" "$pk"
