#!/usr/bin/env bash
# tests/run.sh - the one test runner of ptoc. Needs bash and coreutils only.
#
#   tests/run.sh [--update] [PATH...]
#
#   PTOC_BIN_DIR   directory holding ptoc and unit_tests (default: build; `make test SAN=1`
#                  passes build/san)
#   VERBOSE=1      also print `ok NAME` lines, and the difference for each failure
#   --update       write missing or changed golden files (X.err, X.expected.py) instead of
#                  failing on them; review the diff (git diff tests/) before committing
#   PATH...        only these .py files or the .py files under these directories (the unit and
#                  command-line tests run only when no PATH is given)
#
# Checks, chosen per program from its sibling files (every tests/**/X.py and examples/*.py,
# except the X.expected.py golden files themselves):
#   X.err exists, or X is under tests/errors/:
#       `NO_COLOR=1 ptoc check X.py` exits with status 1 exactly and its standard error equals
#       X.err byte for byte (no crash, no sanitizer report).
#   otherwise:
#       `ptoc print --check-roundtrip X.py` exits 0; and when X.expected.py exists (under
#       --update: for every program under tests/programs/), `ptoc print X.py` equals it.
# Then the unit tests (PTOC_BIN_DIR/unit_tests, whose last line is `unit: N passed, N failed`)
# and the command-line tests.
#
# Output: one line per failing test (`FAIL NAME: reason`), then exactly `N passed, N failed`.
# Exit status 1 when any test failed.

set -u
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 2

BIN=${PTOC_BIN_DIR:-build}
PTOC=$BIN/ptoc
UNIT=$BIN/unit_tests
VERBOSE=${VERBOSE:-0}
UPDATE=0
PATHS=()
for arg in "$@"; do
    case $arg in
    --update) UPDATE=1 ;;
    -h | --help)
        sed -n '2,/^$/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
        exit 0
        ;;
    -*)
        echo "run.sh: unknown option $arg" >&2
        exit 2
        ;;
    *) PATHS+=("$arg") ;;
    esac
done

if [[ ! -x $PTOC ]]; then
    echo "run.sh: $PTOC not found (run make first)" >&2
    exit 2
fi

# Sanitizer reports must never look like an ordinary exit status 1.
export ASAN_OPTIONS=${ASAN_OPTIONS:-exitcode=86:abort_on_error=0:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-exitcode=87:print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-exitcode=88}
export TSAN_OPTIONS=${TSAN_OPTIONS:-exitcode=89:halt_on_error=1}
# Terminal colour must not depend on where the tests run.
export NO_COLOR=1

TMP=$(mktemp -d "${TMPDIR:-/tmp}/ptoc-test.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
OUT=$TMP/out
ERR=$TMP/err

TIMEOUT=()
if command -v timeout >/dev/null 2>&1; then TIMEOUT=(timeout 60); fi

npass=0
nfail=0
nupdated=0

pass() {
    npass=$((npass + 1))
    if [[ $VERBOSE == 1 ]]; then echo "ok $1"; fi
}

# fail NAME REASON [DETAIL-FILE-EXPECTED DETAIL-FILE-ACTUAL]
fail() {
    nfail=$((nfail + 1))
    echo "FAIL $1: $2"
    if [[ $VERBOSE == 1 && $# -ge 4 ]]; then
        if command -v diff >/dev/null 2>&1; then
            diff -u "$3" "$4" | head -n 40 | sed 's/^/    /'
        else
            echo "    --- expected"; head -n 20 "$3" | sed 's/^/    /'
            echo "    +++ actual"; head -n 20 "$4" | sed 's/^/    /'
        fi
    elif [[ $VERBOSE == 1 && -s $ERR ]]; then
        head -n 20 "$ERR" | sed 's/^/    /'
    fi
}

# slurp FILE VAR: the whole file, byte for byte (trailing newlines kept), without a subprocess.
# Bash strings cannot hold NUL bytes: status 2 when the file has one (VAR then stops there).
slurp() {
    local -n _v=$2
    _v=
    [[ -f $1 ]] || return 0
    if IFS= read -r -d '' _v <"$1"; then return 2; fi
    return 0
}

# same FILE1 FILE2: identical contents (a subprocess only for files holding NUL bytes).
same() {
    local a b na=0 nb=0
    [[ -f $1 && -f $2 ]] || return 1
    slurp "$1" a || na=$?
    slurp "$2" b || nb=$?
    if ((na || nb)); then
        if command -v cmp >/dev/null 2>&1; then
            cmp -s "$1" "$2"
        else
            local ca cb
            ca=$(cksum <"$1") && cb=$(cksum <"$2") && [[ $ca == "$cb" ]]
        fi
        return
    fi
    [[ $a == "$b" ]]
}

# crashed RC: the last run crashed (signal, sanitizer, timeout) rather than exiting normally.
crashed() {
    local rc=$1 e
    if ((rc > 125 || rc == 124 || (rc >= 86 && rc <= 89))); then return 0; fi
    slurp "$ERR" e
    [[ $e == *"runtime error:"* || $e == *"Sanitizer"* || $e == *"internal compiler error"* ]]
}

# run_ptoc ARGS...: runs ptoc with standard output in $OUT, standard error in $ERR. (The outer
# redirection only silences bash's own "Aborted" notice when ptoc dies of a signal.)
# crash_line: the most telling line of $ERR after a crash.
crash_line() {
    local line first=
    while IFS= read -r line; do
        [[ -z $first && -n $line ]] && first=$line
        case $line in
        *"runtime error:"* | *"SUMMARY:"* | *"internal compiler error"* | *"ERROR: "*)
            echo "${line:0:200}"
            return
            ;;
        esac
    done <"$ERR"
    echo "${first:0:200}"
}

run_ptoc() {
    { "${TIMEOUT[@]}" "$PTOC" "$@" >"$OUT" 2>"$ERR" </dev/null; } 2>/dev/null
}

# run_in INPUT ARGS...: the same with standard input from INPUT.
run_in() {
    local in=$1
    shift
    { "${TIMEOUT[@]}" "$PTOC" "$@" >"$OUT" 2>"$ERR" <"$in"; } 2>/dev/null
}

check_error_program() {
    local f=$1 golden=${1%.py}.err rc
    run_ptoc check "$f"
    rc=$?
    if crashed $rc; then
        fail "$f" "crashed (exit status $rc): $(crash_line)"
        return
    fi
    if ((rc != 1)); then
        fail "$f" "expected exit status 1, got $rc"
        return
    fi
    if same "$golden" "$ERR"; then
        pass "$f"
    elif ((UPDATE)); then
        cp "$ERR" "$golden"
        nupdated=$((nupdated + 1))
        echo "updated $golden"
        pass "$f"
    elif [[ ! -f $golden ]]; then
        fail "$f" "no $golden (run tests/run.sh --update and review it)"
    else
        fail "$f" "standard error differs from $golden" "$golden" "$ERR"
    fi
}

check_valid_program() {
    local f=$1 golden=${1%.py}.expected.py rc
    run_ptoc print --check-roundtrip "$f"
    rc=$?
    if crashed $rc; then
        fail "$f" "crashed in print --check-roundtrip (exit status $rc): $(crash_line)"
        return
    fi
    if ((rc != 0)); then
        local first
        IFS= read -r first <"$ERR" || true
        fail "$f" "print --check-roundtrip exited $rc: ${first:-no message}"
        return
    fi
    if [[ -f $golden ]] || { ((UPDATE)) && [[ $f == tests/programs/* ]]; }; then
        run_ptoc print "$f"
        rc=$?
        if ((rc != 0)); then
            fail "$f" "print exited $rc"
            return
        fi
        if same "$golden" "$OUT"; then
            :
        elif ((UPDATE)); then
            cp "$OUT" "$golden"
            nupdated=$((nupdated + 1))
            echo "updated $golden"
        else
            fail "$f" "printed text differs from $golden" "$golden" "$OUT"
            return
        fi
    fi
    pass "$f"
}

# ---- the programs ----
shopt -s nullglob globstar
if ((${#PATHS[@]})); then
    files=()
    for p in "${PATHS[@]}"; do
        if [[ -d $p ]]; then
            files+=("${p%/}"/**/*.py)
        else
            files+=("$p")
        fi
    done
else
    files=(tests/**/*.py examples/*.py)
fi

for f in "${files[@]}"; do
    f=${f#./}
    case $f in
    *.expected.py) continue ;;
    tests/unit/*) continue ;;
    esac
    if [[ -f ${f%.py}.err || $f == tests/errors/* ]]; then
        check_error_program "$f"
    else
        check_valid_program "$f"
    fi
done

if ((${#PATHS[@]} == 0)); then
    # ---- the unit tests ----
    if [[ -x $UNIT ]]; then
        { "${TIMEOUT[@]}" "$UNIT" >"$OUT" 2>"$ERR"; } 2>/dev/null
        rc=$?
        summary=
        while IFS= read -r line; do
            case $line in
            "unit: "*" passed, "*" failed") summary=$line ;;
            FAIL*) echo "$line" ;;
            esac
        done <"$OUT"
        if [[ $summary =~ ^unit:\ ([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
            npass=$((npass + BASH_REMATCH[1]))
            nfail=$((nfail + BASH_REMATCH[2]))
            if ((rc != 0 && BASH_REMATCH[2] == 0)); then fail "unit_tests" "exit status $rc"; fi
        else
            fail "unit_tests" "no summary line (exit status $rc)"
        fi
        if [[ $VERBOSE == 1 && -s $ERR ]]; then sed 's/^/    /' "$ERR"; fi
    else
        fail "unit_tests" "$UNIT not found (run make test)"
    fi

    # ---- the command line ----
    # cli NAME EXPECTED-STATUS PATTERN-ON-STDOUT PATTERN-ON-STDERR -- ARGS...
    # (patterns are bash glob patterns; "" means empty, "*" anything)
    cli() {
        local name=$1 want=$2 pout=$3 perr=$4 rc o e
        shift 5
        run_ptoc "$@"
        rc=$?
        slurp "$OUT" o
        slurp "$ERR" e
        if crashed $rc; then
            fail "cli: $name" "crashed (exit status $rc): $(crash_line)"
        elif ((rc != want)); then
            fail "cli: $name" "expected exit status $want, got $rc"
        elif [[ $o != $pout ]]; then
            fail "cli: $name" "unexpected standard output: ${o:0:200}"
        elif [[ $e != $perr ]]; then
            fail "cli: $name" "unexpected standard error: ${e:0:200}"
        else
            pass "cli: $name"
        fi
    }
    version=$(sed -n 's/^#define PTOC_VERSION "\(.*\)"$/\1/p' src/ptoc.h)
    example=examples/softmax.py
    bad=$TMP/bad.py
    printf 'import pypto.language as pl\n\n@pl.function\ndef f(x: pl.Tensor[[4, 4], pl.FP32]) -> pl.Tensor[[4, 4], pl.FP32]:\n    y = undefined_name\n    return x\n' >"$bad"

    cli "--help" 0 "*ptoc*" "" -- --help
    cli "help" 0 "*ptoc*" "" -- help
    cli "--version" 0 "*$version*" "" -- --version
    cli "no arguments" 2 "" "?*" --
    cli "unknown command" 2 "" "*frobnicate*" -- frobnicate "$example"
    cli "unknown option" 2 "" "*--frobnicate*" -- print --frobnicate "$example"
    cli "print without file" 2 "" "?*" -- print
    cli "missing file" 1 "" "*no/such/file.py*" -- print no/such/file.py
    cli "check missing file" 1 "" "*no/such/file.py*" -- check no/such/file.py
    cli "check valid" 0 "" "" -- check "$example"
    cli "check invalid" 1 "" "$bad:5:9: error: *" -- check "$bad"
    cli "print invalid" 1 "" "$bad:5:9: error: *" -- print "$bad"
    unset NO_COLOR
    cli "no colour when not a terminal" 1 "" $'!(*\e*)' -- check "$bad"
    export NO_COLOR=1

    # `-` reads standard input, and reports errors as `<stdin>` or `-`.
    run_ptoc print "$example"
    cp "$OUT" "$TMP/file.out"
    run_in "$example" print -
    rc=$?
    if ((rc == 0)) && [[ -s $OUT ]] && same "$TMP/file.out" "$OUT"; then
        pass "cli: print -"
    else
        fail "cli: print -" "exit status $rc, or output differs from print $example" "$TMP/file.out" "$OUT"
    fi
    run_in "$bad" check -
    rc=$?
    slurp "$ERR" e
    if ((rc == 1)) && [[ $e == *":5:9: error: "* ]]; then
        pass "cli: check - (error)"
    else
        fail "cli: check - (error)" "exit status $rc: ${e:0:200}"
    fi

    # Colour: on a terminal (via script(1), when present) errors are coloured unless NO_COLOR is set.
    if command -v script >/dev/null 2>&1; then
        env -u NO_COLOR TERM=xterm script -qec "$PTOC check $bad" /dev/null </dev/null >"$OUT" 2>&1
        slurp "$OUT" o
        if [[ $o == *$'\e['* ]]; then pass "cli: colour on a terminal"; else fail "cli: colour on a terminal" "no escape sequences"; fi
        NO_COLOR=1 script -qec "$PTOC check $bad" /dev/null </dev/null >"$OUT" 2>&1
        slurp "$OUT" o
        if [[ $o == *"error"* && $o != *$'\e['* ]]; then pass "cli: NO_COLOR on a terminal"; else fail "cli: NO_COLOR on a terminal" "escape sequences despite NO_COLOR"; fi
    fi
fi

if ((UPDATE)); then echo "$nupdated golden files updated"; fi
echo "$npass passed, $nfail failed"
((nfail == 0))
