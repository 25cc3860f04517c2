/*
 * sec_fx.h — the fixture of the security unit tests: a temporary data
 * directory with a metadata store, a broker configuration, and a ck_sec
 * over them that can be reopened to check what was persisted.
 */
#ifndef SEC_FX_H
#define SEC_FX_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "security/sec_int.h"

typedef struct sec_fx {
    char            dir[256];
    ck_meta        *meta;
    chronik_conf_t *conf;
    ck_sec         *sec;
} sec_fx;

static inline void fx_conf(sec_fx *fx, const char *key, const char *value)
{
    char err[256] = "";

    if (chronik_conf_set(fx->conf, key, value, err, sizeof(err)) != CHRONIK_OK)
        fail_msg("conf %s=%s: %s", key, value, err);
}

/* (Re)creates fx->sec from fx->conf over a freshly opened store. */
static inline void fx_open(sec_fx *fx)
{
    char err[512] = "";

    fx->meta = ck_meta_open(fx->dir, err, sizeof(err));
    if (fx->meta == NULL)
        fail_msg("ck_meta_open: %s", err);
    fx->sec = ck_sec_new(fx->meta, fx->conf, err, sizeof(err));
    if (fx->sec == NULL)
        fail_msg("ck_sec_new: %s", err);
}

static inline void fx_close(sec_fx *fx)
{
    ck_sec_free(fx->sec);
    ck_meta_close(fx->meta);
    fx->sec = NULL;
    fx->meta = NULL;
}

static inline void fx_reopen(sec_fx *fx)
{
    fx_close(fx);
    fx_open(fx);
}

static inline int fx_setup(void **state)
{
    sec_fx     *fx = calloc(1, sizeof(*fx));
    const char *tmp = getenv("TMPDIR");

    snprintf(fx->dir, sizeof(fx->dir), "%s/ck-sec-XXXXXX", tmp != NULL && tmp[0] ? tmp : "/tmp");
    if (mkdtemp(fx->dir) == NULL) {
        free(fx);
        return -1;
    }
    fx->conf = chronik_conf_new();
    *state = fx;
    return 0;
}

/* Setup that also opens the state with the default configuration. */
static inline int fx_setup_open(void **state)
{
    if (fx_setup(state) != 0)
        return -1;
    fx_open(*state);
    return 0;
}

static inline int fx_teardown(void **state)
{
    sec_fx *fx = *state;

    fx_close(fx);
    chronik_conf_free(fx->conf);
    ck_rmtree(fx->dir);
    free(fx);
    return 0;
}

#endif
