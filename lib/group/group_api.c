/*
 * group_api.c — the public C API of consumer groups (include/chronik.h):
 * simple offset commit/fetch for embedded consumers, and group listing,
 * description (as JSON) and deletion.  Each call goes through the engine's
 * coordinator (ck_group_coord), so an embedded consumer and Kafka clients
 * see the same groups and offsets.  Thread: any.
 */
#include <stdio.h>

#include "group/group.h"
#include "protocol/protocol.h"

static chronik_err_t fail(chronik_err_t rc, const char *what)
{
    ck_engine_set_errmsg("%s: %s", what, chronik_strerror(rc));
    return rc;
}

/* One simple commit; metadata_len < 0: null metadata. */
static chronik_err_t commit_one(chronik_t *chronik, const char *group, const char *topic, int32_t partition,
                                int64_t offset, const void *metadata, int32_t metadata_len)
{
    ck_group_offset o;
    int16_t err;

    memset(&o, 0, sizeof(o));
    o.topic = topic;
    o.partition = partition;
    o.offset = offset;
    o.leader_epoch = -1;
    o.metadata = metadata;
    o.metadata_len = metadata_len;
    err = ck_group_commit(ck_group_coord(chronik), group, "", NULL, -1, &o, 1);
    if (!err)
        err = o.error;
    return err ? fail((chronik_err_t)err, "offset commit") : CHRONIK_OK;
}

/** @brief Simple (standalone) offset commit; see chronik.h. */
chronik_err_t chronik_offset_commit(chronik_t *chronik, const char *group, const char *topic, int32_t partition,
                                    int64_t offset, const char *metadata)
{
    size_t ml = metadata ? strlen(metadata) : 0;

    if (!chronik || !group || !topic)
        return fail(CHRONIK_ERR_INVALID_ARG, "chronik, group or topic is NULL");
    if (ml > INT32_MAX)
        return fail(CHRONIK_ERR_OFFSET_METADATA_TOO_LARGE, "offset commit");
    return commit_one(chronik, group, topic, partition, offset, metadata ? metadata : "", (int32_t)ml);
}

/** @brief Simple offset commit with metadata as bytes; see chronik.h. */
chronik_err_t chronik_offset_commit_v2(chronik_t *chronik, const char *group, const char *topic, int32_t partition,
                                       int64_t offset, const void *metadata, size_t metadata_len)
{
    if (!chronik || !group || !topic)
        return fail(CHRONIK_ERR_INVALID_ARG, "chronik, group or topic is NULL");
    if (metadata && metadata_len > INT32_MAX)
        return fail(CHRONIK_ERR_OFFSET_METADATA_TOO_LARGE, "offset commit");
    return commit_one(chronik, group, topic, partition, offset, metadata, metadata ? (int32_t)metadata_len : -1);
}

typedef struct one_fetch {
    int64_t  offset;
    int16_t  error;
    bool     want_metadata;
    uint8_t *metadata;          /* ck_malloc'd copy, NULL: null or none */
    size_t   metadata_len;
} one_fetch;

static void one_fetch_cb(void *opaque, const ck_group_committed *c)
{
    one_fetch *f = opaque;

    f->offset = c->offset;
    f->error = c->error;
    if (f->want_metadata && !c->error && c->offset >= 0 && c->metadata_len >= 0) {
        f->metadata_len = (size_t)c->metadata_len;
        f->metadata = ck_malloc(f->metadata_len + 1);
        if (f->metadata_len)
            memcpy(f->metadata, c->metadata, f->metadata_len);
        f->metadata[f->metadata_len] = 0;
    }
}

/* Reads one committed offset (and, when f->want_metadata, its metadata). */
static chronik_err_t fetch_one(chronik_t *chronik, const char *group, const char *topic, int32_t partition,
                               one_fetch *f)
{
    ck_group_offset tp;
    int16_t err;

    memset(&tp, 0, sizeof(tp));
    tp.topic = topic;
    tp.partition = partition;
    err = ck_group_fetch(ck_group_coord(chronik), group, &tp, 1, one_fetch_cb, f);
    if (!err)
        err = f->error;
    if (err) {
        ck_free(f->metadata);
        f->metadata = NULL;
        return fail((chronik_err_t)err, "offset fetch");
    }
    return CHRONIK_OK;
}

/** @brief Reads a committed offset; see chronik.h. */
chronik_err_t chronik_offset_fetch(chronik_t *chronik, const char *group, const char *topic, int32_t partition,
                                   int64_t *offset)
{
    one_fetch f = { -1, 0, false, NULL, 0 };
    chronik_err_t rc;

    if (!chronik || !group || !topic || !offset)
        return fail(CHRONIK_ERR_INVALID_ARG, "chronik, group, topic or offset is NULL");
    rc = fetch_one(chronik, group, topic, partition, &f);
    if (rc == CHRONIK_OK)
        *offset = f.offset;
    return rc;
}

/** @brief Reads a committed offset and its metadata; see chronik.h. */
chronik_err_t chronik_offset_fetch_v2(chronik_t *chronik, const char *group, const char *topic, int32_t partition,
                                      int64_t *offset, void **metadata, size_t *metadata_len)
{
    one_fetch f = { -1, 0, true, NULL, 0 };
    chronik_err_t rc;

    if (!chronik || !group || !topic || !offset || !metadata || !metadata_len)
        return fail(CHRONIK_ERR_INVALID_ARG, "chronik, group, topic, offset, metadata or metadata_len is NULL");
    rc = fetch_one(chronik, group, topic, partition, &f);
    if (rc == CHRONIK_OK) {
        *offset = f.offset;
        *metadata = f.metadata;
        *metadata_len = f.metadata_len;
    }
    return rc;
}

/** @brief Lists groups; see chronik.h. */
chronik_err_t chronik_group_list(chronik_t *chronik, char **names, size_t *count)
{
    ck_group_listing *l;
    size_t n, i, total = 1;
    char *buf, *w;

    if (!chronik || !names || !count)
        return fail(CHRONIK_ERR_INVALID_ARG, "chronik, names or count is NULL");
    ck_group_list(ck_group_coord(chronik), &l, &n);
    for (i = 0; i < n; i++)
        total += strlen(l[i].group_id) + 1;
    buf = ck_malloc(total + 1);
    w = buf;
    for (i = 0; i < n; i++) {
        size_t len = strlen(l[i].group_id);
        memcpy(w, l[i].group_id, len + 1);
        w += len + 1;
    }
    *w = 0;
    ck_group_listings_free(l, n);
    *names = buf;
    *count = n;
    return CHRONIK_OK;
}

/* JSON of a ConsumerProtocolAssignment, or [] when it does not decode. */
static void json_assignment(ck_wb *wb, const uint8_t *p, int32_t len)
{
    ck_arena a;
    ck_ConsumerProtocolAssignment as;
    int16_t ver;
    int32_t i, j;

    ck_arena_init(&a);
    ck_json_raw(wb, "[");
    if (len > 0 && ck_protocol_assignment_decode(p, (size_t)len, &a, &ver, &as) == 0) {
        for (i = 0; i < as.AssignedPartitions.n; i++) {
            const ck_ConsumerProtocolAssignment_TopicPartition *tp = &as.AssignedPartitions.a[i];
            ck_json_raw(wb, i ? ",{\"topic\":" : "{\"topic\":");
            ck_json_str(wb, tp->Topic.p ? tp->Topic.p : "", (size_t)CK_MAX(tp->Topic.len, 0));
            ck_json_raw(wb, ",\"partitions\":[");
            for (j = 0; j < tp->Partitions.n; j++) {
                if (j)
                    ck_json_raw(wb, ",");
                ck_json_i64(wb, tp->Partitions.a[j]);
            }
            ck_json_raw(wb, "]}");
        }
    }
    ck_json_raw(wb, "]");
    ck_arena_free(&a);
}

static void describe_cb(void *opaque, const ck_group_desc *d)
{
    ck_wb *wb = opaque;
    int32_t i;

    ck_json_raw(wb, "{\"group_id\":");
    ck_json_cstr(wb, d->group_id);
    ck_json_raw(wb, ",\"state\":");
    ck_json_cstr(wb, d->state);
    ck_json_raw(wb, ",\"protocol_type\":");
    ck_json_cstr(wb, d->protocol_type);
    ck_json_raw(wb, ",\"protocol\":");
    ck_json_cstr(wb, d->protocol_data);
    ck_json_raw(wb, ",\"generation\":");
    ck_json_i64(wb, d->generation);
    ck_json_raw(wb, ",\"members\":[");
    for (i = 0; i < d->nmembers; i++) {
        const ck_group_desc_member *m = &d->members[i];
        ck_json_raw(wb, i ? ",{\"member_id\":" : "{\"member_id\":");
        ck_json_cstr(wb, m->member_id);
        ck_json_raw(wb, ",\"group_instance_id\":");
        ck_json_cstr(wb, m->instance_id);
        ck_json_raw(wb, ",\"client_id\":");
        ck_json_cstr(wb, m->client_id);
        ck_json_raw(wb, ",\"client_host\":");
        ck_json_cstr(wb, m->client_host);
        ck_json_raw(wb, ",\"assignment\":");
        json_assignment(wb, m->assignment, m->assignment_len);
        ck_json_raw(wb, "}");
    }
    ck_json_raw(wb, "]");
}

typedef struct offsets_json {
    ck_wb *wb;
    int    n;
} offsets_json;

static void offsets_cb(void *opaque, const ck_group_committed *c)
{
    offsets_json *oj = opaque;

    ck_json_raw(oj->wb, oj->n++ ? ",{\"topic\":" : "{\"topic\":");
    ck_json_cstr(oj->wb, c->topic);
    ck_json_raw(oj->wb, ",\"partition\":");
    ck_json_i64(oj->wb, c->partition);
    ck_json_raw(oj->wb, ",\"offset\":");
    ck_json_i64(oj->wb, c->offset);
    ck_json_raw(oj->wb, ",\"metadata\":");
    if (c->metadata_len < 0)
        ck_json_raw(oj->wb, "null");
    else
        ck_json_str(oj->wb, c->metadata, (size_t)c->metadata_len);
    ck_json_raw(oj->wb, "}");
}

/** @brief Describes a group as JSON; see chronik.h. */
chronik_err_t chronik_group_describe(chronik_t *chronik, const char *group, char **json)
{
    ck_gcoord *gc;
    ck_wb wb;
    offsets_json oj;
    int16_t err;

    if (!chronik || !group || !json)
        return fail(CHRONIK_ERR_INVALID_ARG, "chronik, group or json is NULL");
    if (strlen(group) > CK_GROUP_ID_MAX)
        return fail(CHRONIK_ERR_INVALID_GROUP_ID, "group describe");
    gc = ck_group_coord(chronik);
    ck_wb_init(&wb, 512);
    ck_group_describe(gc, group, describe_cb, &wb);
    ck_json_raw(&wb, ",\"offsets\":[");
    oj.wb = &wb;
    oj.n = 0;
    err = ck_group_fetch(gc, group, NULL, 0, offsets_cb, &oj);
    ck_json_raw(&wb, "]}");
    if (err) {
        ck_wb_free(&wb);
        return fail((chronik_err_t)err, "group describe");
    }
    *json = ck_strndup((const char *)wb.buf, wb.len);
    ck_wb_free(&wb);
    return CHRONIK_OK;
}

/** @brief Deletes a group; see chronik.h. */
chronik_err_t chronik_group_delete(chronik_t *chronik, const char *group)
{
    int16_t err;

    if (!chronik || !group)
        return fail(CHRONIK_ERR_INVALID_ARG, "chronik or group is NULL");
    err = ck_group_delete(ck_group_coord(chronik), group);
    return err ? fail((chronik_err_t)err, "group delete") : CHRONIK_OK;
}
