/*
 * handlers.c — the one table of Kafka APIs this broker answers, with the
 * version range each handler serves.  ApiVersions is generated from it, so
 * nothing is advertised without a handler.  Sorted by api key.  SASL
 * listeners use h_security.c's table: this one plus SaslHandshake and
 * SaslAuthenticate, behind the authentication gate.
 */
#include "kafka/handlers.h"

static const ck_khandler handlers[] = {
    {0, 0, 11, ck_h_Produce},
    {1, 0, 17, ck_h_Fetch},
    {2, 0, 10, ck_h_ListOffsets},
    {3, 0, 12, ck_h_Metadata},
    {8, 0, 9, ck_h_OffsetCommit},
    {9, 0, 9, ck_h_OffsetFetch},
    {10, 0, 6, ck_h_FindCoordinator},
    {11, 0, 9, ck_h_JoinGroup},
    {12, 0, 4, ck_h_Heartbeat},
    {13, 0, 5, ck_h_LeaveGroup},
    {14, 0, 5, ck_h_SyncGroup},
    {15, 0, 5, ck_h_DescribeGroups},
    {16, 0, 5, ck_h_ListGroups},
    {18, 0, 4, ck_h_ApiVersions},
    {19, 0, 7, ck_h_CreateTopics},
    {20, 0, 6, ck_h_DeleteTopics},
    {21, 0, 2, ck_h_DeleteRecords},
    {22, 0, 5, ck_h_InitProducerId},
    {23, 0, 4, ck_h_OffsetForLeaderEpoch},
    {24, 0, CK_H_ADD_PARTITIONS_TO_TXN_MAX, ck_h_AddPartitionsToTxn},
    {25, 0, CK_H_ADD_OFFSETS_TO_TXN_MAX, ck_h_AddOffsetsToTxn},
    {26, 0, CK_H_END_TXN_MAX, ck_h_EndTxn},
    {28, 0, CK_H_TXN_OFFSET_COMMIT_MAX, ck_h_TxnOffsetCommit},
    {29, 0, 3, ck_h_DescribeAcls},
    {30, 0, 3, ck_h_CreateAcls},
    {31, 0, 3, ck_h_DeleteAcls},
    {32, 0, 4, ck_h_DescribeConfigs},
    {33, 0, 2, ck_h_AlterConfigs},
    {35, 0, 4, ck_h_DescribeLogDirs},
    {37, 0, 3, ck_h_CreatePartitions},
    {42, 0, 2, ck_h_DeleteGroups},
    {43, 0, 2, ck_h_ElectLeaders},
    {44, 0, 1, ck_h_IncrementalAlterConfigs},
    {47, 0, 0, ck_h_OffsetDelete},
    {48, 0, 1, ck_h_DescribeClientQuotas},
    {49, 0, 1, ck_h_AlterClientQuotas},
    {50, 0, 0, ck_h_DescribeUserScramCredentials},
    {51, 0, 0, ck_h_AlterUserScramCredentials},
    {60, 0, 1, ck_h_DescribeCluster},
    {61, 0, 0, ck_h_DescribeProducers},
    {65, 0, CK_H_DESCRIBE_TRANSACTIONS_MAX, ck_h_DescribeTransactions},
    {66, 0, CK_H_LIST_TRANSACTIONS_MAX, ck_h_ListTransactions},
    {68, 0, 1, ck_h_ConsumerGroupHeartbeat},
    {69, 0, 0, ck_h_ConsumerGroupDescribe},
    {71, 0, 0, ck_h_GetTelemetrySubscriptions},
    {72, 0, 0, ck_h_PushTelemetry},
    {75, 0, 0, ck_h_DescribeTopicPartitions},
};

const ck_khandler *ck_kafka_handlers(size_t *n) {
    *n = CK_ARRAY_LEN(handlers);
    return handlers;
}

const ck_khandler *ck_kafka_handler(int16_t api_key) {
    size_t lo = 0, hi = CK_ARRAY_LEN(handlers);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (handlers[mid].api_key == api_key) return &handlers[mid];
        if (handlers[mid].api_key < api_key) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}
