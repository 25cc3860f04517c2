/*
 * users.h — the `users` command of chronik-server (users.c).
 */
#ifndef CHRONIK_SERVER_USERS_H
#define CHRONIK_SERVER_USERS_H

/** @brief `chronik-server users ACTION ...`: argv[0] is the action (add,
 *  delete, list).  Returns the process exit status. */
int chronik_server_users(int argc, char **argv);

#endif
