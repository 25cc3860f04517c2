#!/usr/bin/env bash
# run-tests.sh — builds libchronik and runs the whole test suite:
#
#   1. build/       (debugoptimized): meson's unit, crash and fuzz suites,
#   2. build-asan/  (AddressSanitizer + UndefinedBehaviorSanitizer): the same,
#   3. build-release-gcc/, build-release-clang/ (--buildtype=release with gcc
#      and with clang, warnings are errors): the library and the server are
#      built, nothing runs; each is one result, failed if its build fails,
#   4. tests/integration/ (pytest, real Kafka clients) against build/'s
#      chronik-server, then against build-asan/'s,
#   5. the libFuzzer run of the request decoder.
#
# Results are read from meson's testlog.json and pytest's JUnit XML, and the
# last line printed is the total: `N passed, N failed, N skipped`.  The exit
# status is non-zero if anything failed, including a build.  A pytest skip
# whose reason is a missing tool or module that `tools/install-deps.sh
# --test` installs (the reason names install-deps.sh, or pytest could not
# import a module) counts as failed: this script runs after it.  Build
# directories are reconfigured when a dependency appeared or changed since
# they were configured (see setup_build).
#
# Environment:
#   CHRONIK_SKIP_ASAN=1          skip the sanitizer build and its runs
#   CHRONIK_SKIP_INTEGRATION=1   skip the pytest runs
#   CHRONIK_SKIP_RELEASE=1       skip the release builds
#   CHRONIK_FUZZ_SECONDS=N       how long the libFuzzer run lasts (default 60;
#                                0 skips it)
#   CHRONIK_ASAN_INTEGRATION=all|quick|none   which integration tests run
#                                against the ASan server (default all;
#                                quick: everything not marked slow)
#   CHRONIK_ALLOW_MISSING_DEPS=1 count integration tests skipped for a tool or
#                                module that `tools/install-deps.sh --test`
#                                installs as skipped (default: as failed)
#   PYTEST_ARGS                  extra arguments for every pytest run
#   CHRONIK_BUILD_DIR, CHRONIK_ASAN_BUILD_DIR   build directories (default
#                                build, build-asan; the release builds use
#                                build-release-gcc and build-release-clang)
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root" || exit 1

py=/usr/bin/python3       # Debian's Python: it has the python3-* client modules
stage_fail=0              # builds and runners that failed without a test count
results=()                # kind:path pairs summed at the end
t_start=$(date +%s)

stamp() { printf '\n=== %s (%ds) ===\n' "$*" "$(( $(date +%s) - t_start ))"; }

# dep_state [meson options...]: what a build directory's configuration
# depends on outside the tree, one line each: every pkg-config module with
# the versions of those meson.build looks for, the programs and Python
# modules it probes (go, pytest), the compiler, and the options.  A build
# directory configured before `tools/install-deps.sh --test` installed
# librdkafka-dev (or go, ...) has a different state from one configured
# after, so setup_build reconfigures it.
dep_state() {
    local m
    echo "options: $*"
    echo "CC=${CC:-} $(${CC:-cc} --version 2>/dev/null | head -n 1)"
    echo "modules: $(pkg-config --list-all 2>/dev/null | awk '{print $1}' | sort | tr '\n' ' ')"
    for m in libzstd liblz4 snappy zlib sqlite3 lmdb libmicrohttpd mbedtls jsmn cmocka rdkafka; do
        echo "$m $(pkg-config --modversion "$m" 2>/dev/null || echo none)"
    done
    echo "go $(command -v go || echo none)"
    echo "pytest $("$py" -c 'import pytest; print(pytest.__version__)' 2>/dev/null || echo none)"
}

# setup_build DIR [meson options...]: configures DIR, or reconfigures it when
# dep_state changed since it was configured (a dependency appeared, went or
# changed version, or the options differ); a reconfigure that fails starts
# DIR afresh.
setup_build() {
    local dir=$1; shift
    local state
    state=$(dep_state "$@")
    if [ -f "$dir/build.ninja" ] && [ -f "$dir/meson-private/coredata.dat" ]; then
        if [ -f "$dir/chronik-dep-state" ] && [ "$(cat "$dir/chronik-dep-state")" = "$state" ]; then
            return 0
        fi
        echo "run-tests.sh: dependencies or options changed since $dir was configured: reconfiguring"
        if meson setup --reconfigure "$dir" "$@"; then
            printf '%s\n' "$state" >"$dir/chronik-dep-state"
            return 0
        fi
        echo "run-tests.sh: reconfiguring $dir failed: configuring it afresh" >&2
    fi
    rm -rf "$dir"
    meson setup "$dir" "$@" || return 1
    printf '%s\n' "$state" >"$dir/chronik-dep-state"
}

# build_and_test DIR LABEL [meson options...]
build_and_test() {
    local dir=$1 label=$2; shift 2
    stamp "$label: configure and build ($dir)"
    if ! setup_build "$dir" "$@" || ! ninja -C "$dir"; then
        echo "run-tests.sh: $label build FAILED" >&2
        stage_fail=$((stage_fail + 1))
        return 1
    fi
    stamp "$label: meson test"
    rm -f "$dir/meson-logs/testlog.json"
    if ! meson test -C "$dir" --print-errorlogs --no-suite integration --no-rebuild; then
        echo "run-tests.sh: $label: meson test reported failures" >&2
    fi
    if [ -f "$dir/meson-logs/testlog.json" ]; then
        results+=("meson:$dir/meson-logs/testlog.json")
    elif [ -n "$(meson introspect --tests "$dir" 2>/dev/null | tr -d '[] \n')" ]; then
        echo "run-tests.sh: $label: meson test wrote no testlog.json" >&2
        stage_fail=$((stage_fail + 1))
    fi
    return 0
}

# build_only DIR LABEL COMPILER [meson options...]: configures DIR with CC=COMPILER
# and builds the library and chronik-server only (the release stages: they
# catch warnings that only optimization or NDEBUG bring out, at a fraction
# of a full build's time).  One JUnit result: passed, or failed with the
# build's output in DIR/meson-logs/build-only.log.
build_only() {
    local dir=$1 label=$2 compiler=$3; shift 3
    local abs=$dir ok=1
    [ "${dir#/}" = "$dir" ] && abs="$root/$dir"
    local xml="$abs/meson-logs/build-only-junit.xml" log
    stamp "$label: configure and build the library and the server ($dir, CC=$compiler)"
    if ! command -v "$compiler" >/dev/null 2>&1; then
        echo "run-tests.sh: $label: $compiler not found" >&2
        stage_fail=$((stage_fail + 1))
        return 0
    fi
    log=$(mktemp)
    if ! CC=$compiler setup_build "$dir" "$@" >"$log" 2>&1 ||
       ! ninja -C "$dir" -k 0 server/chronik-server libchronik.a >>"$log" 2>&1; then
        ok=0
    fi
    mkdir -p "$abs/meson-logs"
    mv "$log" "$abs/meson-logs/build-only.log"
    if [ "$ok" = 1 ]; then
        printf '<testsuite tests="1" failures="0"><testcase name="%s"/></testsuite>\n' "$label" >"$xml"
    else
        echo "run-tests.sh: $label build FAILED:" >&2
        grep -E '(error|warning):|^FAILED' "$abs/meson-logs/build-only.log" | head -n 40 >&2
        printf '<testsuite tests="1" failures="1"><testcase name="%s"><failure/></testcase></testsuite>\n' \
            "$label" >"$xml"
    fi
    results+=("junit:$xml")
}

# run_pytest DIR LABEL [pytest args...]: integration tests against DIR's server.
run_pytest() {
    local dir=$1 label=$2; shift 2
    local abs=$dir
    [ "${dir#/}" = "$dir" ] && abs="$root/$dir"
    local bin="$abs/server/chronik-server"
    local xml="$abs/meson-logs/integration-junit.xml"
    local rc
    stamp "$label: integration tests against $dir/server/chronik-server"
    if [ ! -x "$bin" ]; then
        echo "run-tests.sh: $label: $bin was not built" >&2
        stage_fail=$((stage_fail + 1))
        return 0
    fi
    mkdir -p "$(dirname "$xml")"
    # One pytest process per test file: a client library that aborts its
    # process (librdkafka asserts) loses only that file's results, and
    # --capture=sys leaves C-level stderr (the client's own message) in the log.
    local f name
    for f in "$root"/tests/integration/test_*.py; do
        name=$(basename "$f" .py)
        xml="$abs/meson-logs/integration-junit-$name.xml"
        rm -f "$xml"
        # pytest.ini bounds each test (pytest-timeout); this bounds the file.
        # shellcheck disable=SC2086
        CHRONIK_SERVER_BIN="$bin" timeout -k 15 900 \
            "$py" -m pytest "$f" -q -rfEs -p no:cacheprovider --capture=sys \
            --junitxml="$xml" "$@" ${PYTEST_ARGS:-} </dev/null
        rc=$?
        case $rc in
            0|1) ;;                               # all passed / some failed (counted from the XML)
            5) ;;                                 # nothing collected (e.g. every test deselected)
            *) echo "run-tests.sh: $label: pytest on $name exited with status $rc" >&2
               stage_fail=$((stage_fail + 1)) ;;
        esac
        [ -f "$xml" ] && results+=("junit:$xml")
    done
    return 0
}

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export PYTHONDONTWRITEBYTECODE=1

bdir=${CHRONIK_BUILD_DIR:-build}
adir=${CHRONIK_ASAN_BUILD_DIR:-build-asan}
normal_ok=0; asan_ok=0
build_and_test "$bdir" normal && normal_ok=1
if [ "${CHRONIK_SKIP_ASAN:-0}" != 1 ]; then
    build_and_test "$adir" asan -Db_sanitize=address,undefined -Db_lundef=false && asan_ok=1
fi

if [ "${CHRONIK_SKIP_RELEASE:-0}" != 1 ]; then
    build_only build-release-gcc release-gcc gcc --buildtype=release -Dwerror=true
    build_only build-release-clang release-clang clang --buildtype=release -Dwerror=true
fi

if [ "${CHRONIK_SKIP_INTEGRATION:-0}" != 1 ]; then
    [ "$normal_ok" = 1 ] && run_pytest "$bdir" integration
    if [ "$asan_ok" = 1 ]; then
        case "${CHRONIK_ASAN_INTEGRATION:-all}" in
            all)   run_pytest "$adir" integration-asan ;;
            quick) run_pytest "$adir" integration-asan -m "not slow" ;;
            none)  ;;
        esac
    fi
fi

# run_fuzz DIR: builds the libFuzzer request-decoder target with clang and runs
# it for CHRONIK_FUZZ_SECONDS over a copy of the seed corpus; one test result.
run_fuzz() {
    local dir=$1 secs=${CHRONIK_FUZZ_SECONDS:-60} rc=0
    [ "$secs" -gt 0 ] 2>/dev/null || return 0
    stamp "fuzz: libFuzzer on the request decoder for ${secs}s"
    local out="$root/$dir/fuzz" xml="$root/$dir/meson-logs/fuzz-junit.xml"
    mkdir -p "$out/corpus" "$(dirname "$xml")"
    cp "$root"/tests/fuzz/corpus/request/* "$out/corpus/"
    if ! clang -std=gnu11 -D_GNU_SOURCE -O1 -g -fsanitize=fuzzer,address,undefined \
            -fno-sanitize-recover=undefined -I"$root/lib" -I"$root/include" \
            "$root/tests/fuzz/fuzz_request.c" "$root"/lib/protocol/*.c \
            "$root/lib/util/alloc.c" "$root/lib/util/arena.c" "$root/lib/util/buf.c" \
            -o "$out/fuzz_request"; then
        echo "run-tests.sh: fuzz: build FAILED" >&2
        stage_fail=$((stage_fail + 1))
        return 0
    fi
    (cd "$out" && ./fuzz_request -max_total_time="$secs" -max_len=4096 -print_final_stats=1 \
        corpus >fuzz.log 2>&1) || rc=$?
    tail -n 12 "$out/fuzz.log"
    if [ "$rc" = 0 ]; then
        printf '<testsuite tests="1" failures="0"><testcase name="fuzz_request"/></testsuite>\n' >"$xml"
    else
        echo "run-tests.sh: fuzz: the fuzzer found a failure (exit $rc); see $out/fuzz.log" >&2
        printf '<testsuite tests="1" failures="1"><testcase name="fuzz_request"><failure/></testcase></testsuite>\n' >"$xml"
    fi
    results+=("junit:$xml")
}
[ "$normal_ok" = 1 ] && command -v clang >/dev/null 2>&1 && run_fuzz "$bdir"

stamp "summary"
"$py" - "$(( $(date +%s) - t_start ))" "$stage_fail" "${results[@]}" <<'EOF'
import json, os, re, sys
import xml.etree.ElementTree as ET

elapsed = int(sys.argv[1])
stage_fail = int(sys.argv[2])
passed = failed = skipped = 0
# Skips that tools/install-deps.sh --test should have prevented.
MISSING_DEP = re.compile(r"tools/install-deps\.sh|could not import|No module named")
allow_missing = os.environ.get("CHRONIK_ALLOW_MISSING_DEPS") == "1"
missing = {}
for item in sys.argv[3:]:
    kind, path = item.split(":", 1)
    p = f = s = 0
    if kind == "meson":
        with open(path, encoding="utf-8", errors="replace") as fh:
            for line in fh:
                line = line.strip()
                if not line:
                    continue
                res = json.loads(line).get("result", "")
                if res in ("OK", "EXPECTEDFAIL"):
                    p += 1
                elif res == "SKIP":
                    s += 1
                else:           # FAIL, TIMEOUT, ERROR, UNEXPECTEDPASS, INTERRUPT
                    f += 1
    else:
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError as exc:
            print(f"{path}: unreadable JUnit XML ({exc})")
            f += 1
            root = None
        if root is not None:
            suites = [root] if root.tag == "testsuite" else root.iter("testsuite")
            for su in suites:
                t = int(su.get("tests", 0))
                fe = int(su.get("failures", 0)) + int(su.get("errors", 0))
                sk = int(su.get("skipped", 0))
                md = 0
                for el in su.iter("skipped"):
                    why = "%s %s" % (el.get("message", ""), el.text or "")
                    if MISSING_DEP.search(why) and not allow_missing:
                        md += 1
                        msg = el.get("message", "")
                        key = (msg if msg and msg != "collection skipped" else (el.text or "").strip())[:200]
                        missing[key] = missing.get(key, 0) + 1
                md = min(md, sk)
                f += fe + md
                s += sk - md
                p += max(t - fe - sk, 0)
    print(f"  {path}: {p} passed, {f} failed, {s} skipped")
    passed += p; failed += f; skipped += s
if missing:
    print("  skipped for something tools/install-deps.sh --test installs (counted as failed;"
          " CHRONIK_ALLOW_MISSING_DEPS=1 counts them as skipped):")
    for why, n in sorted(missing.items()):
        print(f"    {n} x {why}")
if stage_fail:
    print(f"  {stage_fail} build or runner failure(s) counted as failed")
failed += stage_fail
print(f"run-tests.sh: total time {elapsed // 60}m{elapsed % 60:02d}s", flush=True)
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed or passed == 0 else 0)
EOF
exit $?
