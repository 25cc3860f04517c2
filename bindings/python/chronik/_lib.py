"""Locating libchronik.so and declaring the C API to ctypes.

The library is searched for, in order: the file named by the environment
variable CHRONIK_LIBRARY; a libchronik.so next to this package (a wheel or an
install that bundles it); a build tree above the package (build*/libchronik.so
in any parent directory, for a checkout); and finally the system loader.
Every prototype is declared once here, so the rest of the package never calls
a function whose argument types ctypes would have to guess.
"""

import ctypes
import ctypes.util
import glob
import os
import threading

c_int = ctypes.c_int
c_int32 = ctypes.c_int32
c_int64 = ctypes.c_int64
c_size_t = ctypes.c_size_t
c_char_p = ctypes.c_char_p
c_void_p = ctypes.c_void_p
POINTER = ctypes.POINTER


class Header(ctypes.Structure):
    """chronik_header_t."""
    _fields_ = [("key", c_char_p), ("value", c_void_p), ("value_len", c_size_t)]


class CRecord(ctypes.Structure):
    """chronik_record_t."""
    _fields_ = [("key", c_void_p), ("key_len", c_size_t),
                ("value", c_void_p), ("value_len", c_size_t),
                ("timestamp", c_int64),
                ("headers", POINTER(Header)), ("header_count", c_size_t)]


class ProduceOpts(ctypes.Structure):
    """chronik_produce_opts_t."""
    _fields_ = [("compression", c_int32), ("partition_out", c_int32)]


class SqlValue(ctypes.Structure):
    """chronik_sql_value_t."""
    _fields_ = [("type", c_int32), ("i", c_int64), ("r", ctypes.c_double),
                ("data", c_void_p), ("len", c_size_t)]


SQL_ROW_CB = ctypes.CFUNCTYPE(c_int, c_void_p, c_int32, POINTER(c_char_p), POINTER(c_char_p),
                              POINTER(SqlValue))

EMBED_CB = ctypes.CFUNCTYPE(c_int, c_void_p, c_char_p, POINTER(c_void_p), POINTER(c_size_t), c_size_t, c_int32,
                            POINTER(ctypes.c_float))

ERR = c_int  # chronik_err_t

# name: (restype, argtypes, required)
_PROTOTYPES = {
    "chronik_version": (c_char_p, [], True),
    "chronik_strerror": (c_char_p, [ERR], True),
    "chronik_err_name": (c_char_p, [ERR], True),
    "chronik_free": (None, [c_void_p], True),
    "chronik_conf_new": (c_void_p, [], True),
    "chronik_conf_set": (ERR, [c_void_p, c_char_p, c_char_p, c_char_p, c_size_t], True),
    "chronik_conf_get": (ERR, [c_void_p, c_char_p, c_char_p, c_size_t], True),
    "chronik_conf_free": (None, [c_void_p], True),
    "chronik_open": (ERR, [c_void_p, POINTER(c_void_p), c_char_p, c_size_t], True),
    "chronik_close": (None, [c_void_p], True),
    "chronik_errmsg": (c_char_p, [c_void_p], True),
    "chronik_topic_create": (ERR, [c_void_p, c_char_p, c_int32, POINTER(c_char_p)], True),
    "chronik_topic_delete": (ERR, [c_void_p, c_char_p], True),
    "chronik_topic_create_partitions": (ERR, [c_void_p, c_char_p, c_int32], True),
    "chronik_topic_partitions": (ERR, [c_void_p, c_char_p, POINTER(c_int32)], True),
    "chronik_topic_list": (ERR, [c_void_p, POINTER(c_void_p), POINTER(c_size_t)], True),
    "chronik_topic_config_set": (ERR, [c_void_p, c_char_p, c_char_p, c_char_p], True),
    "chronik_topic_config_get": (ERR, [c_void_p, c_char_p, c_char_p, c_char_p, c_size_t], True),
    "chronik_produce_with_options": (ERR, [c_void_p, c_char_p, c_int32, POINTER(CRecord), c_size_t,
                               POINTER(ProduceOpts), POINTER(c_int64)], True),
    "chronik_fetch": (ERR, [c_void_p, c_char_p, c_int32, c_int64, c_size_t, c_int, POINTER(c_void_p)], True),
    "chronik_fetch_next": (c_int, [c_void_p, POINTER(CRecord), POINTER(c_int64)], True),
    "chronik_fetch_next_offset": (c_int64, [c_void_p], True),
    "chronik_fetch_high_watermark": (c_int64, [c_void_p], True),
    "chronik_fetch_free": (None, [c_void_p], True),
    "chronik_offsets": (ERR, [c_void_p, c_char_p, c_int32, POINTER(c_int64), POINTER(c_int64)], True),
    "chronik_offset_for_time": (ERR, [c_void_p, c_char_p, c_int32, c_int64, POINTER(c_int64)], True),
    "chronik_delete_records": (ERR, [c_void_p, c_char_p, c_int32, c_int64], True),
    "chronik_retention_run": (ERR, [c_void_p], True),
    "chronik_kafka_listen": (ERR, [c_void_p, c_char_p, POINTER(c_int)], True),
    "chronik_serve": (ERR, [c_void_p, c_char_p, c_size_t], True),
    "chronik_shutdown": (None, [c_void_p], True),
    "chronik_sql": (ERR, [c_void_p, c_char_p, POINTER(SqlValue), c_size_t, c_int64, SQL_ROW_CB, c_void_p,
                          POINTER(c_int32)], False),
    "chronik_offset_commit": (ERR, [c_void_p, c_char_p, c_char_p, c_int32, c_int64, c_char_p], False),
    "chronik_offset_fetch": (ERR, [c_void_p, c_char_p, c_char_p, c_int32, POINTER(c_int64)], False),
    "chronik_group_list": (ERR, [c_void_p, POINTER(c_void_p), POINTER(c_size_t)], False),
    "chronik_group_describe": (ERR, [c_void_p, c_char_p, POINTER(c_void_p)], False),
    "chronik_group_delete": (ERR, [c_void_p, c_char_p], False),
    "chronik_vector_search": (ERR, [c_void_p, c_char_p, c_char_p, POINTER(c_void_p)], False),
    "chronik_vector_stats": (ERR, [c_void_p, c_char_p, POINTER(c_void_p)], False),
    "chronik_vector_set_embedder": (ERR, [c_void_p, EMBED_CB, c_void_p], False),
}

_lock = threading.Lock()
_lib = None
_lib_path = None


def _sanitized(path):
    """True if the library was built with AddressSanitizer (it cannot be dlopen()ed into python3)."""
    try:
        with open(path, "rb") as f:
            return b"__asan_init" in f.read()
    except OSError:
        return True


def _build_tree_libs(d):
    """build*/libchronik.so under d: build/ first, then the most recently built; no sanitizer builds."""
    paths = [p for p in glob.glob(os.path.join(d, "build*", "libchronik.so")) if os.path.exists(p)]
    paths.sort(key=lambda p: (os.path.basename(os.path.dirname(p)) != "build", -os.path.getmtime(p)))
    return [p for p in paths if not _sanitized(p)]


def _candidates():
    env = os.environ.get("CHRONIK_LIBRARY")
    if env:
        yield env
        return
    here = os.path.dirname(os.path.abspath(__file__))
    for name in ("libchronik.so", "libchronik.so.0"):
        yield os.path.join(here, name)
    d = os.path.dirname(here)
    while True:
        for path in _build_tree_libs(d):
            yield path
        parent = os.path.dirname(d)
        if parent == d:
            break
        d = parent
    found = ctypes.util.find_library("chronik")
    if found:
        yield found
    yield "libchronik.so"


def _load():
    tried = []
    for path in _candidates():
        if os.path.sep in path and not os.path.exists(path):
            tried.append(path + " (absent)")
            continue
        try:
            return ctypes.CDLL(path), path
        except OSError as e:
            tried.append("%s (%s)" % (path, e))
    raise OSError("libchronik.so not found; set CHRONIK_LIBRARY to its path. Tried: " + "; ".join(tried))


def lib():
    """The loaded library with every prototype declared (loaded on first use)."""
    global _lib, _lib_path
    with _lock:
        if _lib is None:
            handle, path = _load()
            for name, (restype, argtypes, required) in _PROTOTYPES.items():
                fn = getattr(handle, name, None)
                if fn is None:
                    if required:
                        raise OSError("%s: missing symbol %s (library too old?)" % (path, name))
                    continue
                fn.restype = restype
                fn.argtypes = argtypes
            _lib, _lib_path = handle, path
        return _lib


def lib_path():
    """Path of the loaded library."""
    lib()
    return _lib_path


def has(name):
    """True if the loaded library exports `name`."""
    return getattr(lib(), name, None) is not None
