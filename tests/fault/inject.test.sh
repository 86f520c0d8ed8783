#!/usr/bin/env bash
# ctest: slow
# Fault injection: every write (and for a run every allocation) of xiufu made
# to fail in turn, one failure a process, through tests/fault/inject.c
# (LD_PRELOAD).  Covered: `run -o` into an output with earlier runs and into a
# new one, `run --documents`, `build`, `explain --html`, and the allocations of
# `run -o`.  Each time: exit 0 with the complete result, or exit 1 with a
# message naming the file; never a crash; what earlier runs wrote intact (the
# output's earlier runs, the documents, the pack, the report, byte for byte
# or row for row); no temporary file and no empty output left behind.
# Usage: inject.test.sh XIUFU SOURCE_DIR WORK_DIR (XF_FAULT_LIB: the library)
set -euo pipefail
xiufu=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
rm -rf "$3" && mkdir -p "$3"
work=$(cd "$3" && pwd)
lib=${XF_FAULT_LIB:?XF_FAULT_LIB names the fault injection library}
if grep -qa __asan_init "$xiufu"; then echo "sanitizer build: skipped (ASan must be preloaded first)"; exit 77; fi
cd "$work"
export LC_ALL=C  # file lists sorted and compared (comm) alike
export TMPDIR=$work/tmp
mkdir -p "$TMPDIR"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
national=$src/policies/national

# under KIND and AT: the command, stdout and stderr into fault.out / fault.err
faulty() { # KIND AT CMD...
  local kind=$1 at=$2
  shift 2
  rc=0
  XF_FAULT=$kind XF_FAULT_AT=$at XF_FAULT_LOG=$work/fault.count LD_PRELOAD=$lib "$@" > fault.out 2> fault.err || rc=$?
}
# how many calls of KIND the command makes when none fails
count() { # KIND CMD...
  local kind=$1
  shift
  faulty "$kind" 0 "$@"
  [[ $rc == 0 ]] || { fail "without a fault, $* exits $rc: $(head -3 fault.err)"; echo 0; return; }
  cat fault.count
}
# exit 0 or 1, never a crash; on 1 a message naming WHAT
outcome_ok() { # CASE AT WHAT
  if grep -qiE 'sanitizer|runtime error:|segmentation fault|core dumped|double free|corrupted' fault.err; then
    fail "$1, fault $2: crashed: $(head -3 fault.err)"; return 1
  fi
  case $rc in
    0) return 0 ;;
    1) grep -qF -- "$3" fault.err || { fail "$1, fault $2: exit 1 without naming $3: $(head -3 fault.err)"; return 1; } ;;
    *) fail "$1, fault $2: exit $rc: $(head -3 fault.err)"; return 1 ;;
  esac
}
# files left beside the outputs that no step made (temporary files, journals)
leftovers() { # DIR
  find "$1" -maxdepth 2 \( -name '*.XXXXXX' -o -name '*.[A-Za-z0-9][A-Za-z0-9][A-Za-z0-9][A-Za-z0-9][A-Za-z0-9][A-Za-z0-9]' \
    -o -name '*-journal' -o -name '*.tmp*' \) -print | grep -v '\.db$' || true
  find "$TMPDIR" -mindepth 1 -print
}

"$xiufu" gen --entities 40 --seed 3 -o records.db > /dev/null

# ---- run -o: an output with two earlier runs ------------------------------------
run() { "$xiufu" run --quiet --engine interp --threads 1 -p "$national" -d records.db --as-of 2026-11-01 "$@"; }
earlier() { sqlite3 "$1" "SELECT * FROM run WHERE id <= 2 ORDER BY id;
                          SELECT * FROM decision_row WHERE run <= 2 ORDER BY run, uscc, policy, subject_id" | md5sum; }
decisions() { sqlite3 "$1" "SELECT uscc, policy, subject_id, outcome, step, eligible_from, stops_on, error
                            FROM decision_row WHERE run = (SELECT max(id) FROM run) ORDER BY 1, 2, 3" | md5sum; }
run -o seed.db && run -o seed.db
want_earlier=$(earlier seed.db)
cp seed.db ref.db && run -o ref.db
want_new=$(decisions ref.db)
check_run_db() { # CASE AT RUNS_BEFORE
  local runs
  [[ $(sqlite3 out.db 'PRAGMA integrity_check') == ok ]] || { fail "$1, fault $2: integrity check failed"; return; }
  runs=$(sqlite3 out.db 'SELECT count(*) FROM run')
  [[ $(sqlite3 out.db 'SELECT count(*) FROM decision_row WHERE run NOT IN (SELECT id FROM run)') == 0 ]] ||
    fail "$1, fault $2: rows of a run that does not exist"
  if [[ $rc == 0 ]]; then
    [[ $runs == $(($3 + 1)) && $(decisions out.db) == "$want_new" ]] || fail "$1, fault $2: exit 0 but the run is not whole"
  else
    [[ $runs == "$3" ]] || fail "$1, fault $2: a failed run left $runs runs, had $3"
  fi
  if [[ $3 == 2 ]]; then
    [[ $(earlier out.db) == "$want_earlier" ]] || fail "$1, fault $2: the earlier runs changed"
  fi
}
n=$(count write run -o "$work/count.db")
echo "run -o: $n writes"
tried=0
for ((at = 1; at <= n; at++)); do
  cp seed.db out.db
  faulty write "$at" run -o out.db
  outcome_ok "run -o" "$at" out.db || continue
  check_run_db "run -o" "$at" 2
  [[ -z $(leftovers .) ]] || fail "run -o, fault $at: left $(leftovers . | tr '\n' ' ')"
  rm -f out.db-journal
  tried=$((tried + 1))
done
echo "run -o: $tried of $n writes failed in turn"

# ---- run -o: a new output ----------------------------------------------------
rm -f new.db
n=$(count write run -o "$work/new-count.db")
for ((at = 1; at <= n; at++)); do
  rm -f new.db new.db-journal
  faulty write "$at" run -o new.db
  outcome_ok "run -o NEW" "$at" new.db || continue
  if [[ $rc == 1 && ( -e new.db || -e new.db-journal ) ]]; then
    fail "run -o NEW, fault $at: a failed run left $(ls new.db*)"
  elif [[ $rc == 0 ]]; then
    cp new.db out.db && check_run_db "run -o NEW" "$at" 0
  fi
done
echo "run -o NEW: $n writes failed in turn"

# ---- run --documents: documents of an earlier day in the folder ------------------
sqlite3 baoshan.db < "$src/runtime/records.sql"
sqlite3 baoshan.db < "$src/tests/documents/baoshan.sql"
docs_run() { # AS_OF DIR
  "$xiufu" run --quiet --engine interp --threads 1 -p "$national" "$src/policies/heilongjiang/baoshan.xf" \
    -d baoshan.db --as-of "$1" --jsonl --documents "$2" > /dev/null
}
files() { (cd "$work/$1" && find . -type f | sort); }
docs_run 2022-06-30 docs-old
docs_run 2024-06-30 docs-new
diff -rq docs-old docs-new > /dev/null && fail "the documents of the two days are the same: nothing to tell apart"
n=$(count write docs_run 2024-06-30 "$work/docs-count")
for ((at = 1; at <= n; at++)); do
  rm -rf docs && cp -r docs-old docs
  faulty write "$at" docs_run 2024-06-30 docs
  outcome_ok "run --documents" "$at" docs || continue
  # each file whole: the earlier day's or the new one, never a part; all new on exit 0
  while IFS= read -r f; do
    if [[ $rc == 0 ]]; then
      cmp -s "docs/$f" "docs-new/$f" || fail "run --documents, fault $at: exit 0 but $f is not the new one"
    elif [[ ! -e docs/$f && ! -e docs-old/$f ]]; then
      :  # a document the earlier day did not have, not written yet
    elif ! cmp -s "docs/$f" "docs-new/$f" && ! cmp -s "docs/$f" "docs-old/$f"; then
      fail "run --documents, fault $at: $f is neither the earlier nor the new document"
    fi
  done < <(files docs-new)
  extra=$(files docs | comm -23 - <(files docs-new) | comm -23 - <(files docs-old))
  [[ -z $extra ]] || fail "run --documents, fault $at: left $(echo "$extra" | tr '\n' ' ')"
done
echo "run --documents: $n writes failed in turn"

# ---- explain --html: an earlier report in place -----------------------------------
explain() { "$xiufu" explain -d ref.db --outcome "$1" --limit 20 --html "$2"; }
explain not_yet report-old.html
explain can_apply report-new.html
cmp -s report-old.html report-new.html && fail "the two reports are the same: nothing to tell apart"
n=$(count write explain can_apply "$work/count.html")
for ((at = 1; at <= n; at++)); do
  cp report-old.html report.html
  faulty write "$at" explain can_apply report.html
  outcome_ok "explain --html" "$at" report.html || continue
  if [[ $rc == 0 ]]; then cmp -s report.html report-new.html || fail "explain --html, fault $at: exit 0, not the report"
  else cmp -s report.html report-old.html || fail "explain --html, fault $at: the earlier report changed"; fi
  [[ -z $(leftovers .) ]] || fail "explain --html, fault $at: left $(leftovers . | tr '\n' ' ')"
done
echo "explain --html: $n writes failed in turn"

# ---- build: an earlier pack in place ----------------------------------------------
mkdir -p packs
build() { "$xiufu" build "$src/policies/schema.xf" "$src/tests/run/reads_v2.xf" -O0 --name "$1" -o "$2" 2>/dev/null; }
build old packs/p.so && cp packs/p.so pack-old.so
build new pack-new.so
cmp -s pack-old.so pack-new.so && fail "the two packs are the same: nothing to tell apart"
n=$(count write build new "$work/count.so")
for ((at = 1; at <= n; at++)); do
  cp pack-old.so packs/p.so
  faulty write "$at" "$xiufu" build "$src/policies/schema.xf" "$src/tests/run/reads_v2.xf" -O0 --name new -o packs/p.so
  outcome_ok "build" "$at" "" || continue
  if [[ $rc == 0 ]]; then
    "$xiufu" pack info packs/p.so --allow-unsigned > /dev/null 2>&1 || fail "build, fault $at: exit 0, the pack does not check"
  else
    grep -qE 'p\.so|xiufu-build|pack\.o' fault.err || fail "build, fault $at: the message names no file: $(head -3 fault.err)"
    cmp -s packs/p.so pack-old.so || fail "build, fault $at: the earlier pack changed"
  fi
  [[ -z $(leftovers packs) ]] || fail "build, fault $at: left $(leftovers packs | tr '\n' ' ')"
  rm -rf "${TMPDIR:?}"/*
done
echo "build: $n writes failed in turn"

# ---- run -o: every allocation -------------------------------------------------
# the interpreter and a small policy set: LLVM, loaded only to compile, is left
# out; its allocations are C++'s, which do not fail by returning NULL
small() { "$xiufu" run --quiet --engine interp --threads 1 -p "$src/policies/schema.xf" "$src/tests/run/reads_v2.xf" \
            -d records.db --as-of 2026-11-01 "$@"; }
small -o small-seed.db && small -o small-seed.db
cp small-seed.db small-ref.db && small -o small-ref.db
want_earlier=$(earlier small-seed.db) want_new=$(decisions small-ref.db)
n=$(count alloc small -o "$work/alloc-count.db")
echo "run -o: $n allocations"
# every one takes a quarter of an hour on 2 cores: by default about 600, spread
# over the whole run (XF_FAULT_STRIDE=1: every one)
stride=${XF_FAULT_STRIDE:-$(( n / 600 > 1 ? n / 600 : 1 ))}
for ((at = 1; at <= n; at += stride)); do
  cp small-seed.db out.db
  faulty alloc "$at" small -o out.db
  # out of memory is said as such, or as the SQLite error it became
  if grep -qiE 'sanitizer|segmentation fault|core dumped|double free|corrupted|free\(\)' fault.err || (( rc > 1 )); then
    fail "allocation $at: exit $rc: $(head -3 fault.err)"; continue
  fi
  [[ $rc == 0 || -s fault.err ]] || fail "allocation $at: exit 1 without a message"
  check_run_db "run -o, allocation" "$at" 2
  rm -f out.db-journal
done
echo "run -o: allocations 1 to $n, every ${stride}th, failed in turn"

if ((failures)); then echo "inject.test.sh: $failures failure(s)" >&2; exit 1; fi
echo "inject.test.sh: ok"
