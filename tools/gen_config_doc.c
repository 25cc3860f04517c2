/*
 * gen_config_doc.c — writes docs/config.md from the configuration table of
 * lib/engine/conf.h (ck_conf_write_markdown), so the reference never drifts
 * from the code.  Usage: gen_config_doc [OUTPUT]; without OUTPUT the
 * Markdown goes to standard output.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "engine/conf.h"

int main(int argc, char **argv)
{
    ck_wb       wb;
    FILE       *out = stdout;
    const char *path = argc > 1 ? argv[1] : NULL;
    int         ret = 0;

    ck_wb_init(&wb, 16384);
    ck_conf_write_markdown(&wb);
    if (path != NULL) {
        out = fopen(path, "wb");
        if (out == NULL) {
            fprintf(stderr, "gen_config_doc: cannot open \"%s\": %s\n", path, strerror(errno));
            ret = 1;
            goto out;
        }
    }
    if (fwrite(wb.buf, 1, wb.len, out) != wb.len || fflush(out) != 0) {
        fprintf(stderr, "gen_config_doc: write failed: %s\n", strerror(errno));
        ret = 1;
    }
    if (path != NULL && fclose(out) != 0 && ret == 0) {
        fprintf(stderr, "gen_config_doc: cannot close \"%s\": %s\n", path, strerror(errno));
        ret = 1;
    }
out:
    ck_wb_free(&wb);
    return ret;
}
