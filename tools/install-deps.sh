#!/usr/bin/env bash
# install-deps.sh — installs the Debian (bookworm) packages libchronik needs,
# and only those that are missing.
#
#   tools/install-deps.sh          what building libchronik and chronik-server needs
#   tools/install-deps.sh --test   also the test tools and real Kafka clients
#                                  (kcat, librdkafka, kafka-python, confluent-kafka,
#                                  sarama, kafkajs, @confluentinc/kafka-javascript)
#                                  used by tests/integration/
#
# Installed packages are checked with dpkg-query; `apt-get update` runs only
# when something is missing.  Run as root (or with sudo available).  With
# --test, kafkajs is installed from npm into tests/integration/js/node_modules
# from the committed package-lock.json (npm ci), unless it is already there.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

want_test=0
for arg in "$@"; do
    case "$arg" in
        --test) want_test=1 ;;
        -h|--help)
            sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
            exit 0 ;;
        *) echo "install-deps.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
    esac
done

build_pkgs=(
    meson ninja-build pkg-config gcc clang
    libzstd-dev liblz4-dev libsnappy-dev zlib1g-dev
    libmbedtls-dev libsqlite3-dev liblmdb-dev libmicrohttpd-dev libjsmn-dev libpcre2-dev
    libcmocka-dev g++ libhnswlib-dev libcurl4-openssl-dev
)
test_pkgs=(
    librdkafka-dev kcat
    python3 python3-kafka python3-confluent-kafka python3-pytest python3-pytest-timeout python3-pip python3-setuptools python3-venv
    python3-hnswlib python3-numpy
    zstd lz4 gzip curl
    golang-go golang-github-shopify-sarama-dev
    g++ make
    libclang-rt-14-dev
)

pkgs=("${build_pkgs[@]}")
if [ "$want_test" = 1 ]; then
    pkgs+=("${test_pkgs[@]}")
    # Node.js may come from Debian or from another vendor's package that
    # already bundles npm (whose files conflict with Debian's npm package):
    # ask for a package only when the command is missing.
    command -v node >/dev/null 2>&1 || pkgs+=(nodejs)
    command -v npm >/dev/null 2>&1 || pkgs+=(npm)
fi

missing=()
for p in "${pkgs[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$status" in
        *" installed") ;;
        *) missing+=("$p") ;;
    esac
done

if [ "${#missing[@]}" -gt 0 ]; then
    sudo=()
    if [ "$(id -u)" != 0 ]; then
        if command -v sudo >/dev/null 2>&1; then
            sudo=(sudo)
        else
            echo "install-deps.sh: missing packages (${missing[*]}) and not root; run as root" >&2
            exit 1
        fi
    fi
    echo "install-deps.sh: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -q </dev/null
    "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
else
    echo "install-deps.sh: all ${#pkgs[@]} packages already installed"
fi

if [ "$want_test" = 1 ]; then
    js="$here/tests/integration/js"
    if [ -f "$js/package.json" ] && [ ! -d "$js/node_modules/kafkajs" ]; then
        echo "install-deps.sh: installing kafkajs (npm ci) in tests/integration/js"
        (cd "$js" && npm ci --no-audit --no-fund --loglevel=error </dev/null)
    fi
    # A recent librdkafka (new consumer group protocol, client telemetry),
    # built from the sources @confluentinc/kafka-javascript bundles: a few
    # minutes, once.
    ckjs="$here/tests/integration/ckjs"
    if [ -f "$ckjs/package.json" ] && [ ! -d "$ckjs/node_modules/@confluentinc/kafka-javascript/build/Release" ]; then
        echo "install-deps.sh: building @confluentinc/kafka-javascript (npm ci) in tests/integration/ckjs"
        (cd "$ckjs" && CKJS_LINKING=dynamic npm ci --no-audit --no-fund --loglevel=error </dev/null)
    fi
fi
