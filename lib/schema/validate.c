/*
 * validate.c — produce-side value validation (confluent.value.schema.validation):
 * the engine calls sr_validate_record for every record produced to a topic
 * with the key set, and the record passes when its value is in the
 * registry's wire format — a 0x00 magic byte, then a big-endian 4-byte id —
 * with an id registered (and not soft-deleted) under the subject
 * {topic}-value.  Null values (tombstones) pass, and so does everything
 * produced to the registry's own topic.
 */
#include <stdio.h>

#include "schema/schema_int.h"

int sr_validate_record(void *opaque, const char *topic, const ck_rec *rec, char *msg, size_t msglen) {
    ck_schema_reg *r = opaque;
    if (rec->value_len < 0 || !rec->value) return 0;
    /* The registry's own log is written with the registry locked: never
     * checked against it. */
    if (ck_sr_is_log_topic(r, topic)) return 0;
    if (rec->value_len < 5 || rec->value[0] != 0) {
        ck_errf(msg, msglen, "the value of the record at offset delta %lld is not in the schema registry's wire "
                "format (magic byte 0 and a schema id)", (long long)rec->offset);
        return CHRONIK_ERR_INVALID_RECORD;
    }
    int32_t id = (int32_t)ck_be32(rec->value + 1);
    char subject[300];
    snprintf(subject, sizeof(subject), "%s-value", topic);
    if (!ck_sr_id_in_subject(r, id, subject)) {
        ck_errf(msg, msglen, "schema id %d is not registered under the subject %s", (int)id, subject);
        return CHRONIK_ERR_INVALID_RECORD;
    }
    return 0;
}
