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

/** @brief Simple (standalone) offset commit; see chronik.h. */
chronik_err_t chronik_offset_commit(chronik_t *chronik, const char *group, const char *topic, int32_t partition,
                                    int64_t offset, const char *metadata)
{
    ck_group_offset o;
    int16_t err;

    if (!chronik || !group || !topic)
        return fail(CHRONIK_ERR_INVALID_ARG, "chronik, group or topic is NULL");
    memset(&o, 0, sizeof(o));
    o.topic = topic;
    o.partition = partition;
    o.offset = offset;
    o.leader_epoch = -1;
    o.metadata = metadata;
    err = ck_group_commit(ck_group_coord(chronik), group, "", NULL, -1, &o, 1);
    if (!err)
        err = o.error;
    return err ? fail((chronik_err_t)err, "offset commit") : CHRONIK_OK;
}

typedef struct one_fetch {
    int64_t offset;
    int16_t error;
} one_fetch;

static void one_fetch_cb(void *opaque, const ck_group_committed *c)
{
    one_fetch *f = opaque;

    f->offset = c->offset;
    f->error = c->error;
}

/** @brief Reads a committed offset; see chronik.h. */
chronik_err_t chronik_offset_fetch(chronik_t *chronik, const char *group, const char *topic, int32_t partition,
                                   int64_t *offset)
{
    ck_group_offset tp;
    one_fetch f = { -1, 0 };
    int16_t err;

    if (!chronik || !group || !topic || !offset)
        return fail(CHRONIK_ERR_INVALID_ARG, "chronik, group, topic or offset is NULL");
    memset(&tp, 0, sizeof(tp));
    tp.topic = topic;
    tp.partition = partition;
    err = ck_group_fetch(ck_group_coord(chronik), group, &tp, 1, one_fetch_cb, &f);
    if (!err)
        err = f.error;
    if (err)
        return fail((chronik_err_t)err, "offset fetch");
    *offset = f.offset;
    return CHRONIK_OK;
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
    ck_json_cstr(oj->wb, c->metadata);
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
