/*
 * offsets.c — the LMDB layout of the group coordinator's durable state:
 * committed offsets (CK_META_OFFSETS) and group records (CK_META_GROUPS).
 *
 * Offset key: group \0 topic \0 partition (4 bytes big-endian), so that one
 * group's offsets are a key prefix (group \0) and sort by topic, then
 * partition.  Offset value (version 1): u8 version, i64 offset, i32 leader
 * epoch, i64 commit time (wall ms), i32 metadata length, metadata bytes.
 * The metadata is the bytes the client sent (NUL bytes included); length
 * -1 stands for null metadata (no bytes follow).
 * Group value (version 1): u8 version, i16 protocol type length + bytes, i32
 * generation, i64 time it became Empty (-1 if not Empty).
 *
 * Pure encoding plus one read helper; the coordinator does the writes inside
 * its own batches.  Thread: any.
 */
#include <stdio.h>

#include "group/group.h"

#define OFFSET_REC_V1 1
#define GROUP_REC_V1  1

/** @brief Builds the offset key of group/topic/partition into buf. */
size_t ck_offset_key(char *buf, const char *group, const char *topic, int32_t partition)
{
    size_t gl = strnlen(group, 256), tl = strnlen(topic, 256), n = 0;

    memcpy(buf + n, group, gl);
    n += gl;
    buf[n++] = 0;
    memcpy(buf + n, topic, tl);
    n += tl;
    buf[n++] = 0;
    ck_put_be32((uint8_t *)buf + n, (uint32_t)partition);
    return n + 4;
}

/** @brief Splits key after a group prefix of glen bytes (group + NUL). */
bool ck_offset_key_split(const void *key, size_t kl, size_t glen, const char **topic, size_t *tlen,
                         int32_t *partition)
{
    const char *k = key;
    const char *nul;

    if (kl < glen + 1 + 1 + 4 || k[glen] != 0)
        return false;
    nul = memchr(k + glen + 1, 0, kl - glen - 1);
    if (!nul || (size_t)(k + kl - nul) != 5)
        return false;
    *topic = k + glen + 1;
    *tlen = (size_t)(nul - *topic);
    *partition = (int32_t)ck_be32((const uint8_t *)nul + 1);
    return true;
}

/** @brief Appends the value encoding of r to wb. */
void ck_offset_rec_encode(ck_wb *wb, const ck_offset_rec *r)
{
    int32_t ml = r->metadata_len < 0 ? -1 : r->metadata_len;

    ck_wb_i8(wb, OFFSET_REC_V1);
    ck_wb_i64(wb, r->offset);
    ck_wb_i32(wb, r->leader_epoch);
    ck_wb_i64(wb, r->commit_ms);
    ck_wb_i32(wb, ml);
    if (ml > 0)
        ck_wb_put(wb, r->metadata, (size_t)ml);
}

/** @brief Decodes an offset value; metadata is ck_malloc'd (NULL when null). */
int ck_offset_rec_decode(const void *v, size_t vl, ck_offset_rec *r)
{
    ck_rd rd;
    int32_t ml;
    const uint8_t *mp = NULL;
    int rc = CHRONIK_ERR_CORRUPT;

    memset(r, 0, sizeof(*r));
    ck_rd_init(&rd, v, vl);
    if (ck_rd_i8(&rd) != OFFSET_REC_V1)
        goto out;
    r->offset = ck_rd_i64(&rd);
    r->leader_epoch = ck_rd_i32(&rd);
    r->commit_ms = ck_rd_i64(&rd);
    ml = ck_rd_i32(&rd);
    if (rd.err || ml < -1)
        goto out;
    if (ml > 0)
        mp = ck_rd_bytes(&rd, (size_t)ml);
    if (rd.err)
        goto out;
    r->metadata_len = ml;
    if (ml >= 0) {
        r->metadata = ck_malloc((size_t)ml + 1);
        if (ml)
            memcpy(r->metadata, mp, (size_t)ml);
        r->metadata[ml] = 0;
    }
    rc = 0;
out:
    return rc;
}

/** @brief Reads group/topic/partition's committed offset. */
int ck_offset_get(ck_meta *m, const char *group, const char *topic, int32_t partition, ck_offset_rec *r)
{
    char key[CK_OFFSET_KEY_MAX];
    size_t kl = ck_offset_key(key, group, topic, partition);
    void *v = NULL;
    size_t vl = 0;
    int rc;

    memset(r, 0, sizeof(*r));
    rc = ck_meta_get(m, CK_META_OFFSETS, key, kl, &v, &vl);
    if (rc == 0)
        rc = ck_offset_rec_decode(v, vl, r);
    ck_free(v);
    return rc;
}

/** @brief Appends the value encoding of a group record to wb. */
void ck_group_rec_encode(ck_wb *wb, const ck_group_rec *r)
{
    size_t pl = r->protocol_type ? strnlen(r->protocol_type, INT16_MAX) : 0;

    ck_wb_i8(wb, GROUP_REC_V1);
    ck_wb_i16(wb, (int16_t)pl);
    if (pl)
        ck_wb_put(wb, r->protocol_type, pl);
    ck_wb_i32(wb, r->generation);
    ck_wb_i64(wb, r->empty_since_ms);
}

/** @brief Decodes a group record; protocol_type is ck_malloc'd. */
int ck_group_rec_decode(const void *v, size_t vl, ck_group_rec *r)
{
    ck_rd rd;
    int16_t pl;
    const uint8_t *pp;
    int rc = CHRONIK_ERR_CORRUPT;

    memset(r, 0, sizeof(*r));
    ck_rd_init(&rd, v, vl);
    if (ck_rd_i8(&rd) != GROUP_REC_V1)
        goto out;
    pl = ck_rd_i16(&rd);
    if (rd.err || pl < 0)
        goto out;
    pp = ck_rd_bytes(&rd, (size_t)pl);
    r->generation = ck_rd_i32(&rd);
    r->empty_since_ms = ck_rd_i64(&rd);
    if (rd.err)
        goto out;
    r->protocol_type = ck_strndup(pl ? (const char *)pp : "", (size_t)pl);
    rc = 0;
out:
    return rc;
}
