/*
 * engine_fx.h — a real engine over a fresh temporary data directory for
 * unit tests that need one but no listener (see kafka_fx.h for those that
 * do).  Header-only; include it after cmocka.h.
 */
#ifndef CK_TEST_ENGINE_FX_H
#define CK_TEST_ENGINE_FX_H

#include <stdio.h>
#include <stdlib.h>

#include "chronik.h"
#include "util/util.h"

/* Opens an engine (log.level warn, extra key/value settings) over a new
 * directory /tmp/<prefix>-XXXXXX, whose path goes to dir[dirlen]. */
static inline chronik_t *fx_engine_open(const char *prefix, char *dir, size_t dirlen, const char *const *settings)
{
    chronik_conf_t *conf = chronik_conf_new();
    chronik_t *ck = NULL;
    char err[256];

    snprintf(dir, dirlen, "/tmp/%s-XXXXXX", prefix);
    assert_non_null(mkdtemp(dir));
    assert_int_equal(chronik_conf_set(conf, "data.dir", dir, err, sizeof(err)), CHRONIK_OK);
    assert_int_equal(chronik_conf_set(conf, "log.level", "warn", err, sizeof(err)), CHRONIK_OK);
    for (size_t i = 0; settings && settings[i]; i += 2)
        assert_int_equal(chronik_conf_set(conf, settings[i], settings[i + 1], err, sizeof(err)), CHRONIK_OK);
    if (chronik_open(conf, &ck, err, sizeof(err)) != CHRONIK_OK)
        fprintf(stderr, "chronik_open: %s\n", err);
    assert_non_null(ck);
    chronik_conf_free(conf);
    return ck;
}

/* Closes the engine and removes its directory. */
static inline void fx_engine_close(chronik_t *ck, const char *dir)
{
    chronik_close(ck);
    ck_rmtree(dir);
}

#endif
