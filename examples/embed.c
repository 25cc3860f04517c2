/* embed.c — open an engine, create a topic, produce, fetch, close. */
#include <stdio.h>
#include "chronik.h"

int main(int argc, char **argv) {
    char err[256];
    chronik_conf_t *conf = chronik_conf_new();
    chronik_t *ck;
    if (chronik_conf_set(conf, "data.dir", argc > 1 ? argv[1] : "./embed-data", err, sizeof(err)) ||
        chronik_open(conf, &ck, err, sizeof(err)))
        return fprintf(stderr, "open: %s\n", err), 1;
    chronik_conf_free(conf);
    chronik_topic_create(ck, "greetings", 1, NULL); /* TOPIC_ALREADY_EXISTS on a second run is fine */
    chronik_record_t rec = {.key = "k", .key_len = 1, .value = "hello", .value_len = 5, .timestamp = -1};
    int64_t offset;
    if (chronik_produce(ck, "greetings", 0, &rec, 1, &offset))
        return fprintf(stderr, "produce: %s\n", chronik_errmsg(ck)), 1;
    chronik_fetch_t *f;
    if (chronik_fetch(ck, "greetings", 0, offset, 1 << 20, 1000, &f) == CHRONIK_OK) {
        chronik_record_t r;
        int64_t off;
        while (chronik_fetch_next(f, &r, &off)) printf("%lld: %.*s\n", (long long)off, (int)r.value_len, (const char *)r.value);
        chronik_fetch_free(f);
    }
    chronik_close(ck);
    return 0;
}
