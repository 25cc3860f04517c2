/*
 * h_group.h — the Kafka handlers of the consumer-group APIs (h_group.c):
 * FindCoordinator, JoinGroup, SyncGroup, Heartbeat, LeaveGroup,
 * OffsetCommit, OffsetFetch, DescribeGroups, ListGroups, DeleteGroups and
 * OffsetDelete.  Each turns the decoded request into calls on the group
 * coordinator (lib/group/group.h).  JoinGroup and SyncGroup may complete
 * later, from another request's thread or the coordinator's timer thread;
 * the others answer before returning.
 */
#ifndef CK_KAFKA_H_GROUP_H
#define CK_KAFKA_H_GROUP_H

#include "kafka/kafka.h"

/* Version ranges to register in the handler table (kafka/handlers.c). */
#define CK_H_OFFSET_COMMIT_MAX     9   /* api 8,  v0-9 */
#define CK_H_OFFSET_FETCH_MAX      9   /* api 9,  v0-9 */
#define CK_H_FIND_COORDINATOR_MAX  6   /* api 10, v0-6 */
#define CK_H_JOIN_GROUP_MAX        9   /* api 11, v0-9 */
#define CK_H_HEARTBEAT_MAX         4   /* api 12, v0-4 */
#define CK_H_LEAVE_GROUP_MAX       5   /* api 13, v0-5 */
#define CK_H_SYNC_GROUP_MAX        5   /* api 14, v0-5 */
#define CK_H_DESCRIBE_GROUPS_MAX   5   /* api 15, v0-5 */
#define CK_H_LIST_GROUPS_MAX       5   /* api 16, v0-5 */
#define CK_H_DELETE_GROUPS_MAX     2   /* api 42, v0-2 */
#define CK_H_OFFSET_DELETE_MAX     0   /* api 47, v0 */

int ck_h_OffsetCommit(ck_kreq *req);
int ck_h_OffsetFetch(ck_kreq *req);
int ck_h_FindCoordinator(ck_kreq *req);
int ck_h_JoinGroup(ck_kreq *req);
int ck_h_Heartbeat(ck_kreq *req);
int ck_h_LeaveGroup(ck_kreq *req);
int ck_h_SyncGroup(ck_kreq *req);
int ck_h_DescribeGroups(ck_kreq *req);
int ck_h_ListGroups(ck_kreq *req);
int ck_h_DeleteGroups(ck_kreq *req);
int ck_h_OffsetDelete(ck_kreq *req);
/* h_consumer.c: the consumer group protocol (KIP-848). */
int ck_h_ConsumerGroupHeartbeat(ck_kreq *req);
int ck_h_ConsumerGroupDescribe(ck_kreq *req);

#endif
