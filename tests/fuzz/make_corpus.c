/*
 * make_corpus.c — writes seed inputs for fuzz_request: for every generated API
 * at its lowest, highest, last non-flexible and first flexible version, a
 * request frame body (request header + request) filled with deterministic
 * pseudo-random values by the generated test fillers.
 * Usage: make_corpus <out-dir>
 */
#include <stdio.h>
#include <stdlib.h>

#include "kmsg_test_helpers.h"
#include "protocol/protocol.h"

static int write_one(const char *dir, const ck_api_schema *api, int16_t v)
{
    ck_arena a;
    ck_wb wb;
    void *req;
    uint64_t seed = 0xC0FFEEull + (uint64_t)api->api_key * 131u + (uint64_t)v;
    char path[4096];
    FILE *f;
    int rc = -1;

    ck_arena_init(&a);
    ck_wb_init(&wb, 256);
    req = ck_arena_alloc(&a, ck_request_struct_size(api->api_key));
    ck_request_init(api->api_key, req);
    ck_test_request_fill_random(api->api_key, v, req, &a, &seed);
    ck_protocol_request_header_encode(&wb, api->api_key, v, (int32_t)seed, CK_STR_LIT("corpus"));
    ck_request_encode(api->api_key, v, &wb, req);
    snprintf(path, sizeof(path), "%s/gen-%02d-%s-v%d.bin", dir, api->api_key, api->name, v);
    f = fopen(path, "wb");
    if (f != NULL) {
        rc = fwrite(wb.buf, 1, wb.len, f) == wb.len ? 0 : -1;
        if (fclose(f) != 0)
            rc = -1;
    }
    ck_wb_free(&wb);
    ck_arena_free(&a);
    return rc;
}

int main(int argc, char **argv)
{
    int bad = 0;

    if (argc != 2) {
        fprintf(stderr, "usage: make_corpus <out-dir>\n");
        return 2;
    }
    for (size_t i = 0; i < ck_api_schemas_count; i++) {
        const ck_api_schema *api = &ck_api_schemas[i];
        int16_t vs[4] = { api->min_version, api->max_version, -1, -1 };
        if (api->flexible_version > api->min_version) {
            vs[2] = (int16_t)(api->flexible_version - 1);
            vs[3] = api->flexible_version;
        }
        for (int k = 0; k < 4; k++) {
            if (vs[k] < 0 || (k > 0 && vs[k] == vs[0]) || (k > 1 && vs[k] == vs[1]) || (k == 3 && vs[3] > api->max_version))
                continue;
            bad |= write_one(argv[1], api, vs[k]) != 0;
        }
    }
    return bad;
}
