/*
 * handlers.h — every Kafka API handler of the listener, one per ApiKey.
 * The table with their version ranges is in handlers.c.
 */
#ifndef CK_KAFKA_HANDLERS_H
#define CK_KAFKA_HANDLERS_H

#include "kafka/kafka.h"

/* h_core.c */
int ck_h_ApiVersions(ck_kreq *req);

/* h_data.c: the produce/fetch path */
int ck_h_Metadata(ck_kreq *req);
int ck_h_Produce(ck_kreq *req);
int ck_h_Fetch(ck_kreq *req);
int ck_h_ListOffsets(ck_kreq *req);
int ck_h_OffsetForLeaderEpoch(ck_kreq *req);
int ck_h_InitProducerId(ck_kreq *req);
int ck_h_DescribeProducers(ck_kreq *req);

/* h_admin.c */
int ck_h_CreateTopics(ck_kreq *req);
int ck_h_DeleteTopics(ck_kreq *req);
int ck_h_CreatePartitions(ck_kreq *req);
int ck_h_DescribeConfigs(ck_kreq *req);
int ck_h_AlterConfigs(ck_kreq *req);
int ck_h_IncrementalAlterConfigs(ck_kreq *req);
int ck_h_DeleteRecords(ck_kreq *req);
int ck_h_DescribeCluster(ck_kreq *req);
int ck_h_DescribeLogDirs(ck_kreq *req);

/* h_cluster.c: partition leadership */
int ck_h_DescribeTopicPartitions(ck_kreq *req);
int ck_h_ElectLeaders(ck_kreq *req);

/* h_telemetry.c: client metrics (KIP-714) */
int ck_h_GetTelemetrySubscriptions(ck_kreq *req);
int ck_h_PushTelemetry(ck_kreq *req);

/* h_group.c: consumer groups; h_txn.c: transactions */
#include "kafka/h_group.h"
#include "kafka/h_txn.h"
#include "kafka/h_security.h"

#endif
