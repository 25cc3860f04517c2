#!/usr/bin/env python3
"""check_layers.py — fails when a file includes a header of a layer above it.

The layers of lib/, bottom first (DESIGN.md).  A file in lib/<X>/ may include
"<Y>/..." only when Y is X or comes before X in LAYERS; a private header
(*_internal.h, *_int.h) only from its own folder.  Programs outside lib/
(server/, examples/, bindings/) use the public header alone.  A folder under
lib/ that is not in the table is an error too: add it where it belongs.

Usage: check_layers.py [SOURCE_ROOT]   (exit status 1 and one line per breach)
       check_layers.py --self-test      (the checker finds planted breaches)
"""
import os
import re
import sys

LAYERS = [
    "util",      # buffers, varints, CRC-32C, clocks, logging, maps, JSON writer, errors
    "codec",     # compression
    "record",    # record batches
    "protocol",  # Kafka message codecs (generated)
    "storage",   # partition logs, group commit
    "meta",      # the LMDB metadata store
    "engine",    # topics, partitions, produce/fetch; the feature interface
    "security",  # TLS, SASL, credentials, ACLs, quotas
    "group",     # consumer groups
    "txn",       # transactions
    "cluster",   # metadata quorum, replication
    "tiered",    # remote log segments
    "kafka",     # the Kafka listener and handlers
    "sql",       # SQL over topics
    "search",    # full-text search
    "vector",    # vector search, the query orchestrator
    "schema",    # the schema registry
    "console",   # the web console's static assets, compiled in (served by http)
    "http",      # the REST API
    "chronik",   # the public layer: include/chronik.h, the table of features
]
RANK = {name: i for i, name in enumerate(LAYERS)}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
PRIVATE = re.compile(r"_int(ernal)?\.h$")
PUBLIC_ONLY = ["server", "examples", "bindings"]


def sources(top):
    for dirpath, _, files in os.walk(top):
        for f in sorted(files):
            if f.endswith((".c", ".h", ".cc", ".cpp")):
                yield os.path.join(dirpath, f)


def self_test():
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        planted = {
            "lib/engine/up.c": '#include "kafka/kafka.h"\n',            # upward
            "lib/kafka/peek.c": '#include "engine/engine_internal.h"\n',  # private
            "lib/nowhere/x.c": "\n",                                      # unknown layer
            "server/main.c": '#include "engine/engine.h"\n',              # internals
            "lib/http/ok.c": '#include "sql/sql.h"\n#include "chronik.h"\n',
        }
        for rel, text in planted.items():
            os.makedirs(os.path.dirname(os.path.join(tmp, rel)), exist_ok=True)
            with open(os.path.join(tmp, rel), "w") as f:
                f.write(text)
        errors = check(tmp)
    want = ["lib/engine/up.c", "lib/kafka/peek.c", "lib/nowhere/", "server/main.c"]
    missed = [w for w in want if not any(e.startswith(w) for e in errors)]
    extra = [e for e in errors if e.startswith("lib/http/")]
    for e in errors:
        print("found:", e)
    if missed or extra or len(errors) != len(want):
        print(f"check_layers self-test FAILED: missed {missed}, wrong {extra}")
        return 1
    print("check_layers self-test: every planted breach found")
    return 0


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    errors = check(os.path.abspath(root))
    for e in errors:
        print(e)
    print(f"check_layers: {len(errors)} breach(es) in {len(LAYERS)} layers")
    return 1 if errors else 0


def check(root):
    errors = []
    lib = os.path.join(root, "lib")
    for layer in sorted(os.listdir(lib)):
        if os.path.isdir(os.path.join(lib, layer)) and layer not in RANK:
            errors.append(f"lib/{layer}/: not in the layer table of tools/check_layers.py")
    for path in sources(lib):
        rel = os.path.relpath(path, root)
        layer = rel.split(os.sep)[1]
        if layer not in RANK:
            continue
        text = open(path, encoding="utf-8", errors="replace").read()
        for m in INCLUDE.finditer(text):
            inc = m.group(1)
            line = text.count("\n", 0, m.start()) + 1
            if "/" not in inc:
                continue  # chronik.h, config.h, generated headers beside the file
            target = inc.split("/")[0]
            if target not in RANK:
                errors.append(f"{rel}:{line}: includes \"{inc}\" of unknown layer {target}")
            elif RANK[target] > RANK[layer]:
                errors.append(f"{rel}:{line}: {layer}/ includes \"{inc}\" of the layer above it ({target}/)")
            elif PRIVATE.search(inc) and target != layer:
                errors.append(f"{rel}:{line}: includes {target}/'s private header \"{inc}\"")
    for top in PUBLIC_ONLY:
        d = os.path.join(root, top)
        if not os.path.isdir(d):
            continue
        for path in sources(d):
            rel = os.path.relpath(path, root)
            text = open(path, encoding="utf-8", errors="replace").read()
            for m in INCLUDE.finditer(text):
                inc = m.group(1)
                if inc.split("/")[0] in RANK:
                    line = text.count("\n", 0, m.start()) + 1
                    errors.append(f"{rel}:{line}: includes library internals \"{inc}\"; use <chronik.h>")
    return errors


if __name__ == "__main__":
    sys.exit(main())
