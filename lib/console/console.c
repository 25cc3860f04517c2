/*
 * console.c — looks the web console's compiled-in files up by name.  The
 * table itself is generated at build time (console_assets.c).
 */
#include <string.h>

#include "console/console.h"

const ck_console_asset *ck_console_asset_find(const char *name, size_t len) {
    if (len == 0) {
        name = "index.html";
        len = strlen(name);
    }
    for (size_t i = 0; i < ck_console_asset_count; i++) {
        const ck_console_asset *a = &ck_console_assets[i];
        if (strlen(a->name) == len && memcmp(a->name, name, len) == 0) return a;
    }
    return NULL;
}
