/*
 * console.h — the web console's static assets (index.html, console.css,
 * console.js in this folder), compiled into the library by
 * tools/gen_console_assets.py.  lib/http serves them at /ui/ (and at / for
 * browsers); this layer only holds the bytes and looks them up by name.
 */
#ifndef CK_CONSOLE_H
#define CK_CONSOLE_H

#include <stddef.h>

/* One file: immutable, static storage. */
typedef struct ck_console_asset {
    const char          *name;          /* "index.html" */
    const char          *content_type;  /* "text/html; charset=utf-8" */
    const unsigned char *data;          /* len bytes (a NUL follows) */
    size_t               len;
} ck_console_asset;

extern const ck_console_asset ck_console_assets[];
extern const size_t ck_console_asset_count;

/** @brief The asset called name (len bytes, not NUL-terminated; "" is
 *  index.html), or NULL.  Static storage; any thread. */
const ck_console_asset *ck_console_asset_find(const char *name, size_t len);

#endif
