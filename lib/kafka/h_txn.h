/*
 * h_txn.h — the Kafka handlers of transactions (h_txn.c):
 * AddPartitionsToTxn, AddOffsetsToTxn, EndTxn, TxnOffsetCommit,
 * DescribeTransactions and ListTransactions, plus the transactional branch
 * of InitProducerId that h_data.c calls.  Each turns the decoded request
 * into calls on the transaction coordinator (lib/txn/txn.h).  EndTxn
 * completes once the markers are durable, from the coordinator's thread;
 * the others answer before returning.
 */
#ifndef CK_KAFKA_H_TXN_H
#define CK_KAFKA_H_TXN_H

#include "kafka/kafka.h"
#include "protocol/protocol.h"

/* Version ranges to register in the handler table (kafka/handlers.c). */
#define CK_H_ADD_PARTITIONS_TO_TXN_MAX   5   /* api 24, v0-5 */
#define CK_H_ADD_OFFSETS_TO_TXN_MAX      4   /* api 25, v0-4 */
#define CK_H_END_TXN_MAX                 4   /* api 26, v0-4: v5 (unstable in the schemas) means KIP-890 epoch bumps per transaction, which this coordinator does not do */
#define CK_H_TXN_OFFSET_COMMIT_MAX       4   /* api 28, v0-4 */
#define CK_H_DESCRIBE_TRANSACTIONS_MAX   0   /* api 65, v0 */
#define CK_H_LIST_TRANSACTIONS_MAX       1   /* api 66, v0-1 */

int ck_h_AddPartitionsToTxn(ck_kreq *req);
int ck_h_AddOffsetsToTxn(ck_kreq *req);
int ck_h_EndTxn(ck_kreq *req);
int ck_h_TxnOffsetCommit(ck_kreq *req);
int ck_h_DescribeTransactions(ck_kreq *req);
int ck_h_ListTransactions(ck_kreq *req);

/** @brief Fills resp for an InitProducerId that carries a transactional id
 *  (any version: PRODUCER_FENCED becomes INVALID_PRODUCER_EPOCH below v4).
 *  Loop thread. */
void ck_h_txn_init_producer_id(ck_kreq *req, const ck_InitProducerIdRequest *ir, ck_InitProducerIdResponse *resp);

#endif
