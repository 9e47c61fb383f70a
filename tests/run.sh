#!/usr/bin/env bash
# tests/run.sh - the one test runner of ptoc. Needs bash and coreutils only (and the system C++
# compiler, g++, for the `ptoc run --backend cce` section).
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
#   X is under tests/passes/ and its first line is `# passes: LIST` (a pass test):
#       `ptoc print --passes LIST X.py` equals X.expected.py and `ptoc print --passes LIST
#       --check-roundtrip X.py` exits 0; or, when X.err exists, it exits 1 with X.err as its
#       standard error. (This check comes first: such an X.err is not a parser error.)
# Then the unit tests (PTOC_BIN_DIR/unit_tests, whose last line is `unit: N passed, N failed`),
# the command-line tests and the compile tests (`ptoc compile --backend none`: every example
# under each strategy whose passes all exist, the artifact root's layout, dumps that read back,
# reproducible trees, failures that leave nothing behind, user directories left alone).
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

# pass_list FILE: true when FILE's first line is `# passes: LIST`; LIST is then in $PASSLIST.
pass_list() {
    local first=
    IFS= read -r first <"$1"
    [[ $first =~ ^#\ passes:\ *([A-Za-z0-9_,]+)\ *$ ]] || return 1
    PASSLIST=${BASH_REMATCH[1]}
}

# check_pass_test FILE LIST: a pass test (tests/passes/PASS/X.py). `ptoc print --passes LIST X.py`
# prints X.expected.py and the result reads back (--check-roundtrip); or, when X.err exists, exits
# 1 with X.err as its standard error. --update writes X.expected.py, or X.err for a failing run.
check_pass_test() {
    local f=$1 list=$2 golden=${1%.py}.expected.py golden_err=${1%.py}.err rc first
    run_ptoc print --passes "$list" "$f"
    rc=$?
    if crashed $rc; then
        fail "$f" "crashed in print --passes $list (exit status $rc): $(crash_line)"
        return
    fi
    if [[ -f $golden_err ]] || { ((UPDATE && rc == 1)) && [[ ! -f $golden ]]; }; then
        if ((rc != 1)); then
            fail "$f" "expected exit status 1 from print --passes $list, got $rc"
        elif same "$golden_err" "$ERR"; then
            pass "$f"
        elif ((UPDATE)); then
            cp "$ERR" "$golden_err"
            nupdated=$((nupdated + 1))
            echo "updated $golden_err"
            pass "$f"
        else
            fail "$f" "standard error differs from $golden_err" "$golden_err" "$ERR"
        fi
        return
    fi
    if ((rc != 0)); then
        IFS= read -r first <"$ERR" || true
        fail "$f" "print --passes $list exited $rc: ${first:-no message}"
        return
    fi
    if same "$golden" "$OUT"; then
        :
    elif ((UPDATE)); then
        cp "$OUT" "$golden"
        nupdated=$((nupdated + 1))
        echo "updated $golden"
    elif [[ ! -f $golden ]]; then
        fail "$f" "no $golden (run tests/run.sh --update and review it)"
        return
    else
        fail "$f" "printed text differs from $golden" "$golden" "$OUT"
        return
    fi
    run_ptoc print --passes "$list" --check-roundtrip "$f"
    rc=$?
    if ((rc != 0)); then
        IFS= read -r first <"$ERR" || true
        fail "$f" "print --passes $list --check-roundtrip exited $rc: ${first:-no message}"
        return
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
    tests/cce/*) continue ;; # golden kernel trees: kernel_config.py is not a program
    esac
    if [[ $f == tests/passes/* ]] && pass_list "$f"; then
        check_pass_test "$f" "$PASSLIST"
    elif [[ -f ${f%.py}.err || $f == tests/errors/* ]]; then
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

# ---- compile: the artifact root ----
# ptoc compile --backend none: the tree's layout, dumps that read back, reproducible trees,
# failures that leave nothing behind, directories that are not artifact roots left alone. The
# examples compile under each strategy once `ptoc passes` lists all of the strategy's passes.
if ((${#PATHS[@]} == 0)); then
    CT=$TMP/compile
    mkdir -p "$CT"
    ABS_PTOC=$PWD/$PTOC

    # tree_files DIR VAR: the files under DIR, dot files included, as paths relative to DIR.
    tree_files() {
        local -n _files=$2
        local x
        _files=()
        shopt -s dotglob
        for x in "$1"/**; do
            if [[ -f $x ]]; then _files+=("${x#"$1"/}"); fi
        done
        shopt -u dotglob
    }

    # same_tree A B: the same files with the same contents.
    same_tree() {
        local -a fa fb
        local x
        tree_files "$1" fa
        tree_files "$2" fb
        [[ ${fa[*]} == "${fb[*]}" ]] || return 1
        for x in "${fa[@]}"; do same "$1/$x" "$2/$x" || return 1; done
    }

    # entries DIR: the names in DIR (dot files included), space-separated.
    entries() {
        local x out=
        shopt -s dotglob
        for x in "$1"/*; do out+="${x##*/} "; done
        shopt -u dotglob
        echo "$out"
    }

    # compile_check NAME ROOT PASS...: a root from a successful compile has exactly the files of
    # the layout, and every dump reads back to the same program.
    compile_check() {
        local name=$1 root=$2 i=0 p x rc
        shift 2
        local -a want=(.ptoc report/passes.json report/memory.json report/sync.json passes_dump/00_frontend.py) got
        for p in "$@"; do
            i=$((i + 1))
            printf -v x 'passes_dump/%02d_after_%s.py' "$i" "$p"
            want+=("$x")
        done
        tree_files "$root" got
        for x in "${want[@]}"; do
            if [[ ! -f $root/$x ]]; then
                fail "$name" "no $x in the artifact root"
                return
            fi
        done
        if ((${#got[@]} != ${#want[@]})); then
            fail "$name" "the artifact root holds ${#got[@]} files, not ${#want[@]}: ${got[*]}"
            return
        fi
        for x in "$root"/passes_dump/*.py; do
            run_ptoc print --check-roundtrip "$x"
            rc=$?
            if ((rc != 0)); then
                fail "$name" "${x#"$root"/} does not read back (exit status $rc): $(crash_line)"
                return
            fi
        done
        pass "$name"
    }

    # resume_check NAME ROOT: a dump fed back in has the properties of its stage: running the
    # rest of the strategy (SPASSES) on passes_dump/K_* gives the last dump, for every K.
    resume_check() {
        local name=$1 root=$2 n=${#SPASSES[@]} k dump last rest rc
        printf -v last '%s/passes_dump/%02d_after_%s.py' "$root" "$n" "${SPASSES[n - 1]}"
        for ((k = 0; k < n - 1; k++)); do
            if ((k == 0)); then
                dump=$root/passes_dump/00_frontend.py
            else
                printf -v dump '%s/passes_dump/%02d_after_%s.py' "$root" "$k" "${SPASSES[k - 1]}"
            fi
            rest=$(IFS=,; echo "${SPASSES[*]:k}")
            run_ptoc print --passes "$rest" "$dump"
            rc=$?
            if ((rc != 0)) || ! same "$last" "$OUT"; then
                fail "$name" "print --passes $rest ${dump#"$root"/} (exit status $rc) does not give ${last#"$root"/}: $(crash_line)" "$last" "$OUT"
                return
            fi
        done
        pass "$name"
    }

    # strategy_passes NAME: true when ptoc has every pass of strategy NAME; they are then in
    # the array SPASSES.
    run_ptoc passes
    slurp "$OUT" passes_text
    strategy_passes() {
        local line list= p
        while IFS= read -r line; do
            if [[ $line =~ ^\ \ $1\ +([A-Za-z0-9_,]+)$ ]]; then list=${BASH_REMATCH[1]}; fi
        done <<<"$passes_text"
        [[ -n $list ]] || return 1
        IFS=, read -r -a SPASSES <<<"$list"
        for p in "${SPASSES[@]}"; do
            [[ $passes_text == *$'\n'"  $p "* ]] || return 1
        done
    }

    for strategy in Default PTOAS; do
        if ! strategy_passes "$strategy"; then
            if [[ $VERBOSE == 1 ]]; then echo "skip compile --strategy $strategy: not all of its passes exist yet"; fi
            continue
        fi
        for ex in examples/*.py; do
            name="compile --strategy $strategy $ex"
            root=$CT/$strategy/${ex##*/}
            root=${root%.py}
            run_ptoc compile "$ex" --backend none --strategy "$strategy" --reproducible -o "$root"
            rc=$?
            if crashed $rc; then
                fail "$name" "crashed (exit status $rc): $(crash_line)"
                continue
            elif ((rc != 0)); then
                fail "$name" "exit status $rc: $(crash_line)"
                continue
            fi
            compile_check "$name" "$root" "${SPASSES[@]}"
            resume_check "$name: resumes from every dump" "$root"
            run_ptoc compile "$ex" --backend none --strategy "$strategy" --reproducible -o "$root.again"
            if same_tree "$root" "$root.again"; then
                pass "$name: reproducible"
            else
                fail "$name: reproducible" "two compiles with --reproducible differ"
            fi
        done
    done

    # The rest needs only passes that exist from the start.
    ex=examples/softmax.py
    run_ptoc compile "$ex" --backend none --passes NormalizeStmtStructure,Simplify --reproducible -o "$CT/simple"
    rc=$?
    slurp "$OUT" o
    if ((rc == 0)) && [[ $o == "$CT/simple"$'\n' ]]; then
        compile_check "compile --passes" "$CT/simple" NormalizeStmtStructure Simplify
    else
        fail "compile --passes" "exit status $rc, standard output '${o:0:200}': $(crash_line)"
    fi
    slurp "$CT/simple/report/passes.json" o
    if [[ $o == *'"strategy": null'* && $o == *'"index": 2, "pass": "Simplify", "wall_ms": 0, "stmts": '* ]]; then
        pass "compile: report/passes.json"
    else
        fail "compile: report/passes.json" "unexpected contents: ${o:0:300}"
    fi
    slurp "$CT/simple/report/memory.json" o
    if [[ $o == '{"kernels": []}'$'\n' ]]; then pass "compile: report/memory.json"; else fail "compile: report/memory.json" "${o:0:200}"; fi

    # --no-dump-passes: no passes_dump/
    run_ptoc compile "$ex" --backend none --passes Simplify --no-dump-passes -o "$CT/nodump"
    rc=$?
    if ((rc == 0)) && [[ -f $CT/nodump/report/passes.json && ! -e $CT/nodump/passes_dump ]]; then
        pass "compile --no-dump-passes"
    else
        fail "compile --no-dump-passes" "exit status $rc, or passes_dump/ written"
    fi

    # An artifact root is replaced as a whole; no temporary or old directory is left.
    mkdir -p "$CT/replace"
    run_ptoc compile "$ex" --backend none --passes Simplify -o "$CT/replace/root"
    echo stale >"$CT/replace/root/stale"
    run_ptoc compile "$ex" --backend none --passes Simplify -o "$CT/replace/root"
    rc=$?
    if ((rc == 0)) && [[ ! -e $CT/replace/root/stale && -f $CT/replace/root/.ptoc && $(entries "$CT/replace") == "root " ]]; then
        pass "compile: replaces an artifact root"
    else
        fail "compile: replaces an artifact root" "exit status $rc; $CT/replace holds: $(entries "$CT/replace")"
    fi

    # A failing compile leaves no root and no temporary directory.
    mkdir -p "$CT/fail"
    printf 'import pypto.language as pl\n\n@pl.function\ndef f(x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:\n    x = x + 1\n    return x\n' >"$CT/not_ssa.py"
    run_ptoc compile "$CT/not_ssa.py" --backend none --passes Simplify -o "$CT/fail/root"
    rc=$?
    slurp "$ERR" e
    if ((rc == 1)) && [[ -z $(entries "$CT/fail") && $e == *"pass Simplify needs SSA"* ]]; then
        pass "compile: failure leaves nothing"
    else
        fail "compile: failure leaves nothing" "exit status $rc; $CT/fail holds: $(entries "$CT/fail")"
    fi
    # ... and an existing root stays as it was.
    run_ptoc compile "$CT/not_ssa.py" --backend none --passes Simplify -o "$CT/replace/root"
    rc=$?
    if ((rc == 1)) && [[ -f $CT/replace/root/report/passes.json && $(entries "$CT/replace") == "root " ]]; then
        pass "compile: failure keeps the old root"
    else
        fail "compile: failure keeps the old root" "exit status $rc; $CT/replace holds: $(entries "$CT/replace")"
    fi

    # A directory that is not an artifact root is refused and left intact.
    mkdir -p "$CT/user/mine"
    echo keep >"$CT/user/mine/data"
    run_ptoc compile "$ex" --backend none --passes Simplify -o "$CT/user/mine"
    rc=$?
    slurp "$ERR" e
    slurp "$CT/user/mine/data" o
    if ((rc == 1)) && [[ $e == *"is not a ptoc artifact root"* && $o == keep$'\n' && $(entries "$CT/user") == "mine " &&
        $(entries "$CT/user/mine") == "data " ]]; then
        pass "compile: refuses a directory that is not an artifact root"
    else
        fail "compile: refuses a directory that is not an artifact root" "exit status $rc: ${e:0:200}"
    fi

    # The default root: build_output/PROGRAM_TIME, the time from SOURCE_DATE_EPOCH (UTC).
    mkdir -p "$CT/default"
    (cd "$CT/default" && SOURCE_DATE_EPOCH=86401 "$ABS_PTOC" compile "$OLDPWD/$ex" --backend none --passes Simplify \
        >"$OUT" 2>"$ERR" </dev/null)
    rc=$?
    slurp "$OUT" o
    if ((rc == 0)) && [[ $o == $'build_output/Softmax_19700102-000001\n' && -f $CT/default/build_output/Softmax_19700102-000001/.ptoc ]]; then
        pass "compile: default root with SOURCE_DATE_EPOCH"
    else
        fail "compile: default root with SOURCE_DATE_EPOCH" "exit status $rc, standard output '${o:0:200}'"
    fi

    cli "compile without --backend" 2 "" "*--backend is required*" -- compile "$ex"
    cli "compile unknown backend" 2 "" "*unknown backend 'frob'*" -- compile "$ex" --backend frob
    cli "compile unknown strategy" 2 "" "*unknown strategy 'Frob'*" -- compile "$ex" --backend none --strategy Frob
    cli "compile --passes and --strategy" 2 "" "*exclude each other*" -- compile "$ex" --backend none --strategy Default --passes Simplify
    cli "passes" 0 "*RunVerifier*strategies:*Default*" "" -- passes
    cli "compile bad --capacity" 2 "" "*--capacity*Vec=1x*" -- compile "$ex" --backend none --capacity Vec=1x
fi

# ---- the pto backend (tests/pto/, docs/pto-backend.md) ----
# Every tests/pto/NAME.py and examples/NAME.py with InCore kernels: `ptoc compile SRC --backend
# pto` writes tests/pto/golden/NAME.pto as output.pto byte for byte, and with --strategy Default
# NAME.default.pto (a source whose comment header has a `# pto-args: OPTIONS` line is compiled
# with OPTIONS instead, once). tests/pto/errors/NAME.py: the compile exits 1 with NAME.pto.err as
# its standard error. The unit tests run the structural checker over every golden file.
# `tests/run.sh [--update] tests/pto` runs (updates) only these and the programs under tests/pto.
pto_wanted=$((${#PATHS[@]} == 0))
for p in "${PATHS[@]}"; do
    if [[ ${p#./} == tests/pto* ]]; then pto_wanted=1; fi
done
if ((pto_wanted)); then
    PT=$TMP/pto

    # pto_args SRC: the OPTIONS of SRC's `# pto-args:` line in the array PTO_ARGS; false without.
    pto_args() {
        local line
        PTO_ARGS=()
        while IFS= read -r line && [[ $line == '#'* ]]; do
            if [[ $line =~ ^#\ pto-args:\ (.*)$ ]]; then
                read -r -a PTO_ARGS <<<"${BASH_REMATCH[1]}"
                return 0
            fi
        done <"$1"
        return 1
    }

    # pto_golden SRC GOLDEN OPTION...: compiles SRC and compares output.pto with GOLDEN.
    pto_golden() {
        local src=$1 golden=$2 rc e
        shift 2
        rm -rf "$PT"
        run_ptoc compile "$src" --backend pto "$@" --reproducible -o "$PT"
        rc=$?
        if crashed $rc; then
            fail "pto: $golden" "crashed (exit status $rc): $(crash_line)"
        elif ((rc != 0)); then
            slurp "$ERR" e
            if [[ $e == *"this program has none"* && ! -f $golden ]]; then return; fi
            fail "pto: $golden" "compile $src exited $rc: $(crash_line)"
        elif same "$golden" "$PT/output.pto"; then
            pass "pto: $golden"
        elif ((UPDATE)); then
            cp "$PT/output.pto" "$golden"
            nupdated=$((nupdated + 1))
            echo "updated $golden"
            pass "pto: $golden"
        elif [[ ! -f $golden ]]; then
            fail "pto: $golden" "no $golden (run tests/run.sh --update and review it)"
        else
            fail "pto: $golden" "output.pto of $src differs from $golden" "$golden" "$PT/output.pto"
        fi
    }

    for src in tests/pto/*.py examples/*.py; do
        name=${src##*/}
        name=${name%.py}
        if [[ $src == examples/* && -f tests/pto/$name.py ]]; then continue; fi
        if pto_args "$src"; then
            pto_golden "$src" "tests/pto/golden/$name.pto" "${PTO_ARGS[@]}"
        else
            pto_golden "$src" "tests/pto/golden/$name.pto"
            pto_golden "$src" "tests/pto/golden/$name.default.pto" --strategy Default
        fi
    done
    for golden in tests/pto/golden/*.pto; do
        name=${golden##*/}
        name=${name%.pto}
        name=${name%.default}
        if [[ ! -f tests/pto/$name.py && ! -f examples/$name.py ]]; then fail "pto: $golden" "no tests/pto/$name.py or examples/$name.py"; fi
    done

    for src in tests/pto/errors/*.py; do
        golden=${src%.py}.pto.err
        pto_args "$src"
        rm -rf "$PT"
        run_ptoc compile "$src" --backend pto "${PTO_ARGS[@]}" --reproducible -o "$PT"
        rc=$?
        if crashed $rc; then
            fail "pto: $src" "crashed (exit status $rc): $(crash_line)"
        elif ((rc != 1)); then
            fail "pto: $src" "expected exit status 1, got $rc"
        elif [[ -e $PT ]]; then
            fail "pto: $src" "a failed compile left $PT behind"
        elif same "$golden" "$ERR"; then
            pass "pto: $src"
        elif ((UPDATE)); then
            cp "$ERR" "$golden"
            nupdated=$((nupdated + 1))
            echo "updated $golden"
            pass "pto: $src"
        elif [[ ! -f $golden ]]; then
            fail "pto: $src" "no $golden (run tests/run.sh --update and review it)"
        else
            fail "pto: $src" "standard error differs from $golden" "$golden" "$ERR"
        fi
    done

    # --no-loc: the same module without source locations.
    rm -rf "$PT"
    run_ptoc compile examples/softmax.py --backend pto --no-loc --reproducible -o "$PT"
    rc=$?
    slurp "$PT/output.pto" o
    if ((rc == 0)) && [[ $o == *"pto.trowmax ins("* && $o != *"loc("* ]]; then
        pass "pto: --no-loc"
    else
        fail "pto: --no-loc" "exit status $rc, or a loc(...) in output.pto"
    fi
fi

# ---- the cce backend (tests/cce/, docs/cce-backend.md) ----
# For each NAME in CCE_EXAMPLES: `ptoc compile examples/NAME.py (or tests/cce/src/NAME.py) --backend cce --reproducible`
# writes the files of tests/cce/NAME/ (the backend's part of the tree: kernels/, orchestration/,
# kernel_config.py, manifest.json, report/taskgraph.dot) byte for byte and no other such file; a second compile writes
# the same tree. `ptoc verify-tree` accepts the tree, and rejects a copy with one file changed,
# naming it. tests/cce/src/mixed_kernel.py: the compile fails with a positioned error naming both ops;
# tests/cce/src/no_kernels.py: it fails saying the program has no InCore kernel; bad_tile_forms.py,
# bad_orch.py and bad_move.py: each form without a C++ form is its own positioned error. tile_forms and the loop_*
# programs also run in the interpreter.
# `tests/run.sh [--update] tests/cce` runs (updates) only these.
cce_wanted=$((${#PATHS[@]} == 0))
for p in "${PATHS[@]}"; do
    if [[ ${p#./} == tests/cce* ]]; then cce_wanted=1; fi
done
if ((cce_wanted)); then
    CT=$TMP/cce
    CCE_EXAMPLES=(dag softmax rmsnorm matmul incore_scope kernel_only orch_scalar explicit_out dynamic dynamic_cols
        tile_forms loop_blocks loop_chain loop_inplace loop_swap)

    # cce_files DIR: the backend's files under DIR (relative, sorted) in the array CCE_FILES.
    cce_files() {
        local f
        CCE_FILES=()
        shopt -s globstar nullglob
        for f in "$1"/kernels/** "$1"/orchestration/** "$1"/kernel_config.py "$1"/manifest.json \
            "$1"/report/taskgraph.dot; do
            [[ -f $f ]] && CCE_FILES+=("${f#"$1"/}")
        done
        shopt -u globstar nullglob
    }

    # cce_same_tree GOLDEN DIR: "" when the backend's files agree, else the first difference.
    cce_same_tree() {
        local f want got
        cce_files "$1"
        want=" ${CCE_FILES[*]} "
        cce_files "$2"
        got=" ${CCE_FILES[*]} "
        if [[ $want != "$got" ]]; then
            CCE_DIFF="files differ: expected [$want], got [$got]"
            return 1
        fi
        for f in "${CCE_FILES[@]}"; do
            if ! same "$1/$f" "$2/$f"; then
                CCE_DIFF="$f differs"
                CCE_A=$1/$f CCE_B=$2/$f
                return 1
            fi
        done
        return 0
    }

    for name in "${CCE_EXAMPLES[@]}"; do
        golden=tests/cce/$name
        rm -rf "$CT" "$CT.2"
        src=examples/$name.py
        [[ -f $src ]] || src=tests/cce/src/$name.py
        run_ptoc compile "$src" --backend cce --reproducible -o "$CT"
        rc=$?
        if crashed $rc; then
            fail "cce: $name" "crashed (exit status $rc): $(crash_line)"
            continue
        elif ((rc != 0)); then
            fail "cce: $name" "compile exited $rc: $(crash_line)"
            continue
        fi
        CCE_A= CCE_B=
        if cce_same_tree "$golden" "$CT"; then
            pass "cce: $name"
        elif ((UPDATE)); then
            rm -rf "$golden"
            cce_files "$CT"
            for f in "${CCE_FILES[@]}"; do
                mkdir -p "$golden/$(dirname "$f")" && cp "$CT/$f" "$golden/$f"
            done
            nupdated=$((nupdated + 1))
            echo "updated $golden"
            pass "cce: $name"
        else
            fail "cce: $name" "$CCE_DIFF (run tests/run.sh --update tests/cce and review it)" $CCE_A $CCE_B
        fi
        run_ptoc verify-tree "$CT"
        rc=$?
        slurp "$OUT" out
        if ((rc == 0)) && [[ $out == *"matches its manifest"* ]]; then
            pass "cce: $name verify-tree"
        else
            fail "cce: $name verify-tree" "exit status $rc: $out"
        fi
        cce_files "$CT"
        victim=${CCE_FILES[0]}
        rm -rf "$CT.t" && cp -r "$CT" "$CT.t" && echo "// tampered" >>"$CT.t/$victim"
        run_ptoc verify-tree "$CT.t"
        rc=$?
        slurp "$OUT" out
        if ((rc == 1)) && [[ $out == *"changed file: $victim "* ]]; then
            pass "cce: $name verify-tree tampered"
        else
            fail "cce: $name verify-tree tampered" "exit status $rc (want 1 naming $victim): $out"
        fi
        rm -rf "$CT.t"
        # The task graph renders (Graphviz: .ci/run installs it; elsewhere the check needs `dot`).
        if [[ ! -f $golden/report/taskgraph.dot ]]; then
            : # a kernel-only program has no orchestration, hence no task graph
        elif command -v dot >/dev/null 2>&1; then
            if dot -Tsvg "$CT/report/taskgraph.dot" -o "$TMP/taskgraph.svg" 2>"$ERR" && [[ -s $TMP/taskgraph.svg ]]; then
                pass "cce: $name task graph renders"
            else
                fail "cce: $name task graph renders" "dot failed: $(crash_line)"
            fi
        elif [[ ${CI:-} == true ]]; then
            fail "cce: $name task graph renders" "Graphviz (dot) is not installed"
        fi
        run_ptoc compile "$src" --backend cce --reproducible -o "$CT.2"
        if cce_same_tree "$CT" "$CT.2"; then
            pass "cce: $name deterministic"
        else
            fail "cce: $name deterministic" "two compiles differ: $CCE_DIFF"
        fi
    done
    rm -rf "$CT" "$CT.2"
    NO_COLOR=1 run_ptoc compile tests/cce/src/mixed_kernel.py --backend cce -o "$CT"
    rc=$?
    slurp "$ERR" e
    if ((rc == 1)) && [[ $e == *"15:13: error: kernel 'k' mixes the matrix op tile.matmul and the vector op tile.exp"* && ! -e $CT ]]; then
        pass "cce: mixed kernel rejected"
    else
        fail "cce: mixed kernel rejected" "exit status $rc, or no positioned error naming both ops: $e"
    fi
    NO_COLOR=1 run_ptoc compile tests/cce/src/no_kernels.py --backend cce -o "$CT"
    rc=$?
    slurp "$ERR" e
    if ((rc == 1)) && [[ $e == *"error: the cce backend compiles InCore kernels; this program has none"* && ! -e $CT ]]; then
        pass "cce: program without kernels rejected"
    else
        fail "cce: program without kernels rejected" "exit status $rc: $e"
    fi
    # cce_errors FILE TEXT...: the compile fails, writes no tree and reports each TEXT.
    cce_errors() {
        local file=$1 t missing=
        shift
        NO_COLOR=1 run_ptoc compile "$file" --backend cce -o "$CT"
        rc=$?
        slurp "$ERR" e
        for t in "$@"; do
            [[ $e == *"$t"* ]] || missing+=" [$t]"
        done
        if ((rc == 1)) && [[ -z $missing && ! -e $CT ]]; then
            pass "cce: $file rejected"
        else
            fail "cce: $file rejected" "exit status $rc, missing$missing: $e"
        fi
    }
    cce_errors tests/cce/src/bad_tile_forms.py \
        "bad_tile_forms.py:16:13: error: the cce backend writes tile.view of whole rows only (column offset 0, all 16 columns)" \
        "bad_tile_forms.py:17:13: error: the cce backend writes tile.reshape as TRESHAPE of whole tiles whose rows are a multiple of 32 bytes; a 64 x 4 tile's rows are padded to 8 elements"
    cce_errors tests/cce/src/bad_orch.py \
        "bad_orch.py:17:17: error: the cce backend passes views of whole rows only" \
        "bad_orch.py:18:15: error: the cce backend creates a tensor the orchestration does not return only as a kernel's output" \
        "bad_orch.py:23:27: error: the cce backend returns a loop-carried tensor only when each iteration writes it in place" \
        "bad_orch.py:23:13: note: 'r' is returned" \
        "bad_orch.py:24:19: error: the cce backend returns tensors the orchestration writes; 'b' is its parameter"
    cce_errors tests/cce/src/bad_move.py \
        "bad_move.py:17:16: error: the cce backend has no C++ form for tile.move with transpose=True"
    # the control-flow and tile-form programs run in the interpreter too (ARGS after the name)
    for run in tile_forms loop_blocks "loop_chain --set n=3" "loop_inplace --set n=5" loop_swap; do
        read -r name args <<<"$run"
        read -r -a args <<<"$args"
        run_ptoc run "tests/cce/src/$name.py" --seed 1 ${args[@]+"${args[@]}"}
        rc=$?
        if ((rc == 0)); then
            pass "cce: $name runs in the interpreter"
        else
            fail "cce: $name runs in the interpreter" "exit status $rc: $(crash_line)"
        fi
    done
fi

# ---- the interpreter (tests/interp/, docs/interpreter.md) ----
# Every example and tests/programs program runs: `ptoc run X --seed 1`, with the arguments and
# exit status tests/interp/programs.txt gives (status 1 must be a diagnosed run-time error).
# Every tests/interp/X.py runs once per `# run: ARGS` comment line (once when it has none): each
# `# expect: TEXT` after it must begin a line of standard output (exit status 0), each
# `# expect-error: TEXT` must be part of standard error (exit status 1).
if ((${#PATHS[@]} == 0)); then
    # interp_case NAME STATUS EXPECTS ERRORS -- ARGS...: EXPECTS, ERRORS are lines of texts.
    interp_case() {
        local name=$1 want=$2 expects=$3 errs=$4 rc o e t
        shift 5
        run_ptoc run "$@"
        rc=$?
        slurp "$OUT" o
        slurp "$ERR" e
        if crashed $rc; then
            fail "interp: $name" "crashed (exit status $rc): $(crash_line)"
            return
        elif ((rc != want)); then
            fail "interp: $name" "expected exit status $want, got $rc: $(crash_line)"
            return
        fi
        while IFS= read -r t; do
            if [[ -n $t && $'\n'$o != *$'\n'"$t"* ]]; then
                fail "interp: $name" "no output line beginning '$t'"
                return
            fi
        done <<<"$expects"
        while IFS= read -r t; do
            if [[ -n $t && $e != *"$t"* ]]; then
                fail "interp: $name" "standard error lacks '$t'"
                return
            fi
        done <<<"$errs"
        pass "interp: $name"
    }

    declare -A interp_args=() interp_status=()
    while read -r path status rest; do
        if [[ -z $path || $path == '#'* ]]; then continue; fi
        interp_status[$path]=$status
        interp_args[$path]=$rest
    done <tests/interp/programs.txt
    for f in examples/*.py tests/programs/*.py; do
        if [[ $f == *.expected.py ]]; then continue; fi
        read -r -a args <<<"${interp_args[$f]:-}"
        status=${interp_status[$f]:-0}
        errs=
        if ((status == 1)); then errs="error: run time:"; fi
        interp_case "$f" "$status" "" "$errs" -- "$f" --seed 1 ${args[@]+"${args[@]}"}
    done

    # pass-by-pass validation: `ptoc check X --strategy S --run --seed 1 ARGS` for both
    # strategies runs every stage to the same (bit-exact) results, or fails as the input does
    for f in examples/*.py tests/programs/*.py; do
        if [[ $f == *.expected.py ]]; then continue; fi
        read -r -a args <<<"${interp_args[$f]:-}"
        status=${interp_status[$f]:-0}
        for strategy in Default PTOAS; do
            run_ptoc check "$f" --strategy "$strategy" --run --seed 1 ${args[@]+"${args[@]}"}
            rc=$?
            if crashed $rc; then
                fail "validate: $f ($strategy)" "crashed (exit status $rc): $(crash_line)"
            elif ((rc != status)); then
                fail "validate: $f ($strategy)" "expected exit status $status, got $rc: $(head -c 300 "$ERR")"
            elif ((status == 0)) && ! grep -q "bit-exact" "$OUT"; then
                fail "validate: $f ($strategy)" "no stage was validated"
            else
                pass "validate: $f ($strategy)"
            fi
        done
    done
    run_ptoc check examples/softmax.py --seed 1
    rc=$?
    if ((rc == 2)) && grep -q -- "need --run" "$ERR"; then
        pass "validate: --seed without --run"
    else
        fail "validate: --seed without --run" "expected exit status 2 naming --run, got $rc"
    fi
    run_ptoc compile examples/matmul.py --backend none -o "$TMP/validated" --validate --seed 2
    rc=$?
    if ((rc == 0)) && grep -q "09 AllocateMemoryAddr: bit-exact" "$ERR"; then
        pass "validate: compile --validate"
    else
        fail "validate: compile --validate" "exit status $rc: $(head -c 300 "$ERR")"
    fi
    # a race: softmax after InsertSync without the sync_dst that orders tile.load before row_max
    run_ptoc compile examples/softmax.py --backend none -o "$TMP/synced"
    grep -v "sync_dst(set_pipe=pl.Pipe.MTE2, wait_pipe=pl.Pipe.V, event_id=0)" \
        "$TMP/synced/passes_dump/08_after_InsertSync.py" >"$TMP/race.py"
    run_ptoc run "$TMP/race.py"
    rc=$?
    if ((rc == 1)) && grep -q "race: tile.row_max on pipe V reads buffer 'mem_vec_1', which tile.load on pipe MTE2" "$ERR"; then
        pass "validate: a removed sync_dst is a race"
    else
        fail "validate: a removed sync_dst is a race" "exit status $rc: $(head -c 300 "$ERR")"
    fi

    for f in tests/interp/*.py; do
        case_args=() case_out=() case_err=()
        cur=-1
        while IFS= read -r line; do
            case $line in
            '# run:'*)
                cur=$((cur + 1))
                case_args[cur]=${line#'# run:'} case_out[cur]= case_err[cur]=
                ;;
            '# expect: '* | '# expect-error: '*)
                if ((cur < 0)); then cur=0 case_args[0]= case_out[0]= case_err[0]=; fi
                if [[ $line == '# expect: '* ]]; then
                    case_out[cur]+=${line#'# expect: '}$'\n'
                else
                    case_err[cur]+=${line#'# expect-error: '}$'\n'
                fi
                ;;
            esac
        done <"$f"
        if ((cur < 0)); then cur=0 case_args[0]= case_out[0]= case_err[0]=; fi
        for ((k = 0; k <= cur; k++)); do
            read -r -a args <<<"${case_args[k]}"
            status=0
            if [[ -n ${case_err[k]} ]]; then status=1; fi
            interp_case "$f #$((k + 1))" "$status" "${case_out[k]}" "${case_err[k]}" -- "$f" --seed 1 \
                ${args[@]+"${args[@]}"}
        done
    done

    # the command line: usage, .npy files written and read back
    IT=$TMP/interp
    cli "run without file" 2 "" "*no input file*" -- run
    cli "run unknown option" 2 "" "*--frob*" -- run examples/softmax.py --frob
    cli "run bad --seed" 2 "" "*--seed*" -- run examples/softmax.py --seed x
    cli "run bad --set" 2 "" "*--set*" -- run examples/control_flow.py --set limit
    cli "run missing --input file" 1 "" "*no/such.npy*" -- run examples/softmax.py --input x=no/such.npy
    cli "run --input not a .npy file" 1 "" "*examples/softmax.py: not a .npy file*" -- run examples/softmax.py --input x=examples/softmax.py
    cli "run unknown --set name" 1 "" "*'y' (from --set) is neither a parameter*" -- run examples/rmsnorm.py --set y=1
    run_ptoc run examples/rmsnorm.py --seed 7 --output-dir "$IT"
    rc=$?
    slurp "$OUT" first
    if ((rc == 0)) && [[ -f $IT/x.npy && -f $IT/weight.npy && -f $IT/return0.npy ]]; then
        pass "interp: --output-dir"
    else
        fail "interp: --output-dir" "exit status $rc, or x.npy, weight.npy, return0.npy missing in $IT"
    fi
    run_ptoc run examples/rmsnorm.py --input x="$IT/x.npy" --input weight="$IT/weight.npy"
    slurp "$OUT" second
    if [[ ${first//' (generated)'/} == "$second" ]]; then
        pass "interp: .npy inputs read back"
    else
        fail "interp: .npy inputs read back" "the results differ from the run that wrote them"
    fi
    cli "run --input with the wrong shape" 1 "" "*x.npy (for 'weight') has shape \\[64, 128\\], but the parameter is pl.Tensor\\[\\[1, 128\\], pl.FP32\\]*" -- run examples/rmsnorm.py --input weight="$IT/x.npy"
fi

# ---- ptoc run --backend cce (tests/run/, docs/cpu-runtime.md) ----
# Every example (with tests/interp/programs.txt's arguments, --seed 1), every tests/run/X.py and the
# cce backend's test programs that run (tests/cce/src/) go through `ptoc run --backend cce --check`:
# the tree is built with the system C++ compiler, run on the CPU runtime and agrees with the
# interpreter. Programs the backend cannot run are listed in CCE_RUN_FAILS with the reason and
# must fail with a diagnostic, not a crash. Also: the standard
# output equals the interpreter's; --workers 1,1 and 4,2 agree; --stats prints every resource;
# task_ring=4 stalls and completes; a tiny arena is a reported deadlock (exit 1, no hang); a kernel
# loading past its tensor is a reported error (exit 1, no wild access); a broken
# runtime header is a reported compile error naming the tree file and the generated line; a wrong
# one (TADD computing TSUB) a --check failure naming the output and element; the cache,
# --keep-tree, --output-dir, the temporary tree removed, usage errors. One build cache for the section.
if ((${#PATHS[@]} == 0)); then
    export PTOC_CACHE_DIR=$TMP/cce-cache
    RT=$TMP/cce-run
    mkdir -p "$RT/tmp"

    # crun NAME STATUS STDOUT-PATTERN STDERR-PATTERN -- ARGS...: `ptoc ARGS` (standard output and
    # error in $OUT, $ERR) exits STATUS, without crashing, its outputs matching the patterns.
    crun() {
        local name=$1 want=$2 pout=$3 perr=$4 rc o e
        shift 5
        TMPDIR=$RT/tmp run_ptoc "$@"
        rc=$?
        slurp "$OUT" o
        slurp "$ERR" e
        if crashed $rc; then
            fail "cce run: $name" "crashed or hung (exit status $rc): $(crash_line)"
        elif ((rc != want)); then
            fail "cce run: $name" "expected exit status $want, got $rc: $(crash_line)"
        elif [[ $o != $pout ]]; then
            fail "cce run: $name" "unexpected standard output: ${o:0:300}"
        elif [[ $e != $perr ]]; then
            fail "cce run: $name" "unexpected standard error: ${e:0:300}"
        else
            pass "cce run: $name"
            return 0
        fi
        return 1
    }

    # programs.txt's arguments for a program (none when it is not listed)
    run_args() {
        local path st rest
        RUN_ARGS=()
        while read -r path st rest; do
            if [[ $path == "$1" ]]; then read -r -a RUN_ARGS <<<"$rest"; fi
        done <tests/interp/programs.txt
    }

    # PATH|REASON|STDERR-PATTERN: programs `--backend cce` cannot run (exit status 1)
    CCE_RUN_FAILS=(
        "examples/control_flow.py|its default entry is an Opaque scalar function; --entry running_max runs its kernel|*'sum_of_multiples' is neither*"
        "tests/cce/src/mixed_kernel.py|a kernel mixing M-pipe and V-pipe ops has no core|*mixed_kernel.py:*:*: error:*"
    )
    for entry in "${CCE_RUN_FAILS[@]}"; do
        IFS='|' read -r f reason pattern <<<"$entry"
        run_args "$f"
        crun "$f cannot run ($reason)" 1 "" "$pattern" -- run "$f" --seed 1 ${RUN_ARGS[@]+"${RUN_ARGS[@]}"} \
            --backend cce --check
    done
    for f in examples/*.py tests/run/*.py; do
        [[ " ${CCE_RUN_FAILS[*]} " == *" $f|"* ]] && continue
        run_args "$f"
        crun "$f --check" 0 "*"$'\n'"check: every output *" "" -- run "$f" --seed 1 \
            ${RUN_ARGS[@]+"${RUN_ARGS[@]}"} --backend cce --check
    done
    crun "control_flow --entry running_max" 0 "entry: running_max*check: every output *" "" -- \
        run examples/control_flow.py --seed 1 --entry running_max --backend cce --check
    # the cce backend's own test programs that run (PATH|ARGUMENTS; their generated scalars would
    # address outside the tensors otherwise)
    for entry in "tests/cce/src/explicit_out.py|" "tests/cce/src/kernel_only.py|" "tests/cce/src/orch_scalar.py|--set n=2" \
        "tests/cce/src/dynamic_cols.py|--set n=64 --set M=128" "tests/cce/src/loop_blocks.py|" \
        "tests/cce/src/loop_chain.py|" "tests/cce/src/loop_inplace.py|" "tests/cce/src/loop_swap.py|" \
        "tests/cce/src/tile_forms.py|"; do
        f=${entry%%|*}
        read -r -a args <<<"${entry#*|}"
        [[ -f $f ]] && crun "$f --check" 0 "*"$'\n'"check: every output *" "" -- run "$f" --seed 1 \
            ${args[@]+"${args[@]}"} --backend cce --check
    done

    # the same standard output as the interpreter, on every worker count
    run_ptoc run examples/dag.py --seed 3
    slurp "$OUT" want
    for w in 1,1 4,2; do
        if crun "dag --workers $w" 0 "*" "" -- run examples/dag.py --seed 3 --backend cce --workers "$w"; then
            slurp "$OUT" got
            if [[ $got != "$want" ]]; then fail "cce run: dag --workers $w equals the interpreter" "${got:0:300}"; else
                pass "cce run: dag --workers $w equals the interpreter"; fi
        fi
    done
    run_ptoc run examples/matmul.py --backend cce --workers 1,1
    slurp "$OUT" want
    if crun "matmul --workers 4,2" 0 "*" "" -- run examples/matmul.py --backend cce --workers 4,2; then
        slurp "$OUT" got
        if [[ $got == "$want" ]]; then pass "cce run: matmul --workers 1,1 and 4,2 agree"; else
            fail "cce run: matmul --workers 1,1 and 4,2 agree" "${got:0:300}"; fi
    fi

    # --stats: a line per resource, the tasks, the edges
    if crun "--stats" 0 "*" "" -- run tests/run/loop_chain.py --backend cce --stats; then
        slurp "$OUT" o
        for res in task_ring tensor_map dep_pool ready_aiv ready_aic arena; do
            if [[ $'\n'$o != *$'\n'"resource $res: capacity="*" high_water="*" stalls="*" stall_ms="* ]]; then
                fail "cce run: --stats $res" "no 'resource $res: ...' line"
            else pass "cce run: --stats $res"; fi
        done
        if [[ $o == *$'\n'"tasks: aiv=1000 aic=0"$'\n'"edges: "[0-9]* ]]; then pass "cce run: --stats tasks"; else
            fail "cce run: --stats tasks" "no 'tasks: aiv=1000 aic=0' and 'edges: N' lines"; fi
    fi
    for f in tests/run/loop_independent.py tests/run/loop_chain.py; do
        if crun "$f task_ring=4" 0 "*resource task_ring: capacity=4 high_water=4 stalls=*" "" -- \
            run "$f" --backend cce --rt-config task_ring=4 --stats; then
            slurp "$OUT" o
            o=${o#*resource task_ring: capacity=4 high_water=4 stalls=}
            if ((${o%% *} > 0)); then pass "cce run: $f task_ring=4 stalls"; else
                fail "cce run: $f task_ring=4 stalls" "no stall reported"; fi
        fi
    done

    # runtime failures, compile errors
    crun "tiny arena: a deadlock" 1 "" "ptoc: run: *deadlock*arena*" -- \
        run examples/dag.py --backend cce --rt-config arena=70000
    crun "arena smaller than a tensor" 1 "" "ptoc: run: *arena*" -- run examples/dag.py --backend cce --rt-config arena=1000
    # a kernel loading past its tensor (rows n*16.. of a [64, 16] tensor): the tile library's error, not a wild access
    crun "out-of-bounds load: an error" 1 "" \
        "ptoc: run: task 0 (kernel k, func_id 0): TLOAD: the global window starts 1024 bytes past the end of tensor argument 0 (4096 bytes): an offset out of bounds*" \
        -- run tests/cce/src/orch_scalar.py --backend cce --set n=5
    mkdir -p "$RT/broken"
    cp -R runtime/cpu/include/. "$RT/broken/"
    printf '\n#define TADD(...) ptoc_broken_on_purpose(__VA_ARGS__)\n' >>"$RT/broken/pto/pto-inst.hpp"
    PTOC_RUNTIME_DIR=$RT/broken crun "broken runtime header" 1 "" \
        "ptoc: run: the C++ compiler failed on the tree file kernels/aiv/kernel_add.cpp:*kernel_add.cpp:*error*TADD(*" \
        -- run examples/dag.py --backend cce
    PTOC_RUNTIME_DIR=$RT/none crun "no runtime headers" 1 "" "*pto-inst.hpp*" -- run examples/dag.py --backend cce
    CXX=$RT/no-such-compiler crun "no C++ compiler" 1 "" "*cannot run the C++ compiler*no-such-compiler*install g++*" -- \
        run examples/dag.py --backend cce --no-cache
    mkdir -p "$RT/wrong"
    cp -R runtime/cpu/include/. "$RT/wrong/"
    printf '\n#define TADD(...) TSUB(__VA_ARGS__)\n' >>"$RT/wrong/pto/pto-inst.hpp"
    PTOC_RUNTIME_DIR=$RT/wrong crun "--check finds a wrong result" 1 "*" \
        "ptoc: run: check: the cce run differs from the interpreter: output 'return0': element \\[0, 0\\]: *" \
        -- run examples/dag.py --backend cce --check

    # the tree, the cache, the files
    crun "--keep-tree" 0 "*" "" -- run examples/dag.py --backend cce --keep-tree "$RT/tree"
    if [[ -f $RT/tree/orchestration/orchestrate.cpp && -f $RT/tree/kernels/aiv/kernel_add.cpp ]]; then
        pass "cce run: --keep-tree keeps the tree"; else fail "cce run: --keep-tree keeps the tree" "no tree in $RT/tree"; fi
    shopt -s nullglob
    left=("$RT"/tmp/*)
    cached=("$PTOC_CACHE_DIR"/*.so)
    shopt -u nullglob
    if ((${#left[@]} == 0)); then pass "cce run: temporary trees removed"; else
        fail "cce run: temporary trees removed" "left: ${left[*]}"; fi
    if ((${#cached[@]} > 0)); then pass "cce run: objects cached"; else
        fail "cce run: objects cached" "nothing in $PTOC_CACHE_DIR"; fi
    crun "--no-cache" 0 "*check: every output *" "" -- run examples/softmax.py --backend cce --no-cache --check
    crun "--output-dir" 0 "*" "" -- run examples/dag.py --backend cce --output-dir "$RT/npy-cce"
    run_ptoc run examples/dag.py --output-dir "$RT/npy-interp"
    ok=1
    for n in a b return0 return1; do same "$RT/npy-cce/$n.npy" "$RT/npy-interp/$n.npy" || ok=0; done
    if ((ok)); then pass "cce run: --output-dir writes the interpreter's files"; else
        fail "cce run: --output-dir writes the interpreter's files" "the .npy files differ"; fi

    # usage
    crun "--check without --backend cce" 2 "" "*--check needs --backend cce*" -- run examples/dag.py --check
    crun "unknown backend" 2 "" "*unknown backend 'frob'*" -- run examples/dag.py --backend frob
    crun "bad --workers" 2 "" "*--workers needs V,C*" -- run examples/dag.py --backend cce --workers 0,1
    crun "bad --rt-config" 2 "" "*unknown resource 'frob'*" -- run examples/dag.py --backend cce --rt-config frob=1
    unset PTOC_CACHE_DIR
fi

# ---- the CPU tile library (runtime/cpu/, docs/cpu-runtime.md "The tile library") ----
# Every .cpp of the golden cce trees (tests/cce/*/) and of the spec's cce-example (when present)
# compiles with `g++ -std=c++17 -fsyntax-only -Wall -Wextra -Werror -I runtime/cpu/include`, and
# tests/tile/tile_test.cpp, linked with $BIN/libptoc.a, prints tests/tile/tile_test.expected
# (--update rewrites it). Without g++ these are skipped with a note (CI installs it). The test
# program gets the sanitizer of the build in $BIN (build/san: ASan+UBSan, build/tsan: TSan), or
# PTOC_TILE_CXXFLAGS when set.
if ((${#PATHS[@]} == 0)); then
    if ! command -v g++ >/dev/null 2>&1; then
        echo "note: g++ not found: the CPU tile library's C++ checks are skipped"
    else
        TL=$TMP/tile
        mkdir -p "$TL"
        tile_cpps=(tests/cce/*/kernels/*/*.cpp tests/cce/*/orchestration/*.cpp)
        ex=/work/shared/spec/cce-example
        if [[ -d $ex ]]; then tile_cpps+=("$ex"/kernels/*/*.cpp "$ex"/orchestration/*.cpp); fi
        # two compilers at a time, each leaving N.log and its exit status in N.rc
        tile_pids=()
        for ((i = 0; i < ${#tile_cpps[@]}; i++)); do
            (
                g++ -std=c++17 -fsyntax-only -Wall -Wextra -Werror -I runtime/cpu/include "${tile_cpps[i]}" \
                    >"$TL/$i.log" 2>&1
                echo $? >"$TL/$i.rc"
            ) &
            tile_pids+=($!)
            if ((${#tile_pids[@]} == 2)); then wait "${tile_pids[@]}"; tile_pids=(); fi
        done
        if ((${#tile_pids[@]})); then wait "${tile_pids[@]}"; fi
        for ((i = 0; i < ${#tile_cpps[@]}; i++)); do
            f=${tile_cpps[i]}
            if [[ $(<"$TL/$i.rc") != 0 || -s $TL/$i.log ]]; then
                fail "tile: g++ -fsyntax-only $f" "$(grep -m1 -E 'error|warning' "$TL/$i.log")"
            else
                pass "tile: g++ -fsyntax-only $f"
            fi
        done
        case ${PTOC_TILE_CXXFLAGS+set},$BIN in
        set,*) tile_flags=$PTOC_TILE_CXXFLAGS ;;
        ,*tsan) tile_flags="-fsanitize=thread -fno-omit-frame-pointer" ;;
        ,*san) tile_flags="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" ;;
        *) tile_flags= ;;
        esac
        # shellcheck disable=SC2086 # tile_flags are words
        if g++ -std=c++17 -O1 -Wall -Wextra -Werror $tile_flags -I runtime/cpu/include -o "$TL/tile_test" \
            tests/tile/tile_test.cpp -Wl,--whole-archive "$BIN/libptoc.a" -Wl,--no-whole-archive -lm -ldl -pthread \
            >"$TL/build.log" 2>&1; then
            "${TIMEOUT[@]}" "$TL/tile_test" >"$TL/out" 2>"$ERR"
            rc=$?
            if ((rc != 0)); then
                fail "tile: tests/tile/tile_test.cpp" "exit status $rc: $(head -n 1 "$ERR")"
            elif same tests/tile/tile_test.expected "$TL/out"; then
                pass "tile: tests/tile/tile_test.cpp"
            elif ((UPDATE)); then
                cp "$TL/out" tests/tile/tile_test.expected
                nupdated=$((nupdated + 1))
                pass "tile: tests/tile/tile_test.cpp"
            else
                fail "tile: tests/tile/tile_test.cpp" "its output differs from tests/tile/tile_test.expected" \
                    tests/tile/tile_test.expected "$TL/out"
            fi
        else
            fail "tile: tests/tile/tile_test.cpp" "does not build: $(grep -m1 -E 'error' "$TL/build.log")"
        fi
    fi
fi

# ---- the orchestration runtime (runtime/cpu/rt.c, docs/cpu-runtime.md "The orchestration runtime") ----
# tests/rt/orch_api.cpp, orchestrations written against pto_orchestration_api.h as the cce trees
# write them, linked with $BIN/libptoc.a and the sanitizer flags the tile library's section chose
# (tile_flags), runs and ends with `orch_api: N checks, 0 failed`. (The golden trees'
# orchestration files are compiled by that section; the runtime itself by the unit tests.)
if ((${#PATHS[@]} == 0)); then
    if ! command -v g++ >/dev/null 2>&1; then
        echo "note: g++ not found: the orchestration API's C++ test is skipped"
    else
        OA=$TMP/orch_api
        # shellcheck disable=SC2086 # tile_flags are words
        if g++ -std=c++17 -O1 -Wall -Wextra -Werror ${tile_flags-} -I runtime/cpu/include -o "$OA" \
            tests/rt/orch_api.cpp -Wl,--whole-archive "$BIN/libptoc.a" -Wl,--no-whole-archive -lm -ldl -pthread \
            >"$OA.log" 2>&1; then
            { "${TIMEOUT[@]}" "$OA" >"$OUT" 2>"$ERR"; } 2>/dev/null
            rc=$?
            slurp "$OUT" o
            if ((rc == 0)) && [[ $o == *"orch_api: "*" checks, 0 failed"* ]]; then
                pass "rt: tests/rt/orch_api.cpp"
            else
                fail "rt: tests/rt/orch_api.cpp" "exit status $rc: $(head -n 1 "$OUT") $(crash_line)"
            fi
        else
            fail "rt: tests/rt/orch_api.cpp" "does not build: $(grep -m1 -E 'error' "$OA.log")"
        fi
    fi
fi

if ((UPDATE)); then echo "$nupdated golden files updated"; fi
echo "$npass passed, $nfail failed"
((nfail == 0))
