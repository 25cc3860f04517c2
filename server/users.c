/*
 * users.c — `chronik-server users add|delete|list`: the SCRAM users of a
 * stopped broker's data directory, through the library's chronik_user_*
 * calls.  Passwords come from stdin (no echo on a terminal) or a file, never
 * from the command line, where other users of the machine could read them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "chronik.h"
#include "users.h"

static int users_usage(void) {
    fprintf(stderr, "usage: chronik-server users add USER --data-dir DIR [--mechanism M] [--iterations N]\n"
                    "                                [--password-file FILE]   (else the password is read from stdin)\n"
                    "       chronik-server users delete USER --data-dir DIR [--mechanism M]\n"
                    "       chronik-server users list --data-dir DIR\n");
    return 2;
}

/* Reads a password from path (or stdin for NULL, without echo on a terminal)
 * into buf: the first line, without its line end.  0, or -1 with a message. */
static int read_password(const char *path, char *buf, size_t cap) {
    FILE *f = path ? fopen(path, "r") : stdin;
    struct termios old, quiet;
    int tty = !path && isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
    if (!f) return fprintf(stderr, "chronik-server: cannot open %s\n", path), -1;
    if (tty) {
        fprintf(stderr, "Password: ");
        quiet = old, quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    char *line = fgets(buf, (int)cap, f);
    if (tty) tcsetattr(STDIN_FILENO, TCSAFLUSH, &old), fputc('\n', stderr);
    if (path) fclose(f);
    if (!line) return fprintf(stderr, "chronik-server: no password given\n"), -1;
    buf[strcspn(buf, "\r\n")] = 0;
    return 0;
}

/* chronik-server users add|delete|list: argv[0] is the action. */
int chronik_server_users(int argc, char **argv) {
    const char *action = argc > 0 ? argv[0] : "", *user = NULL, *dir = NULL, *mech = NULL, *pwfile = NULL;
    int iterations = 0;
    char err[512] = "", pw[1024];
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (a[0] != '-' && !user && strcmp(action, "list") != 0) { user = a; continue; }
        if (!v) return fprintf(stderr, "chronik-server users: unexpected \"%s\"\n", a), users_usage();
        if (!strcmp(a, "--data-dir") || !strcmp(a, "-d")) dir = v;
        else if (!strcmp(a, "--mechanism")) mech = v;
        else if (!strcmp(a, "--iterations")) {
            char *end;
            iterations = (int)strtol(v, &end, 10);
            if (*end || !*v) return fprintf(stderr, "chronik-server users: bad --iterations \"%s\"\n", v), 2;
        }
        else if (!strcmp(a, "--password-file")) pwfile = v;
        else return fprintf(stderr, "chronik-server users: unknown flag \"%s\"\n", a), users_usage();
        i++;
    }
    int add = !strcmp(action, "add"), del = !strcmp(action, "delete"), list = !strcmp(action, "list");
    if (!add && !del && !list) return fprintf(stderr, "chronik-server users: add, delete or list\n"), users_usage();
    if (!list && !user) return fprintf(stderr, "chronik-server users %s: which user?\n", action), 2;
    chronik_conf_t *conf = chronik_conf_new();
    if (chronik_conf_apply_env(conf, err, sizeof(err)) != CHRONIK_OK ||
        (dir && chronik_conf_set(conf, "data.dir", dir, err, sizeof(err)) != CHRONIK_OK) ||
        chronik_conf_set(conf, "log.level", "warn", err, sizeof(err)) != CHRONIK_OK)
        return chronik_conf_free(conf), fprintf(stderr, "chronik-server: %s\n", err), 2;
    if (!dir && !getenv("CHRONIK_DATA_DIR"))
        return chronik_conf_free(conf), fprintf(stderr, "chronik-server users: --data-dir DIR is required\n"), 2;
    struct stat st;
    char path[512];
    chronik_conf_get(conf, "data.dir", path, sizeof(path));
    if (!add && stat(path, &st) != 0)
        return chronik_conf_free(conf), fprintf(stderr, "chronik-server users: no data directory %s\n", path), 1;
    if (add && read_password(pwfile, pw, sizeof(pw)) != 0) return chronik_conf_free(conf), 2;
    chronik_t *ck = NULL;
    chronik_err_t rc = chronik_open(conf, &ck, err, sizeof(err));
    chronik_conf_free(conf);
    if (rc != CHRONIK_OK) {
        explicit_bzero(pw, sizeof(pw));
        return fprintf(stderr, "chronik-server: cannot open: %s\n", err), 1;
    }
    char *json = NULL;
    if (add) rc = chronik_user_upsert(ck, user, mech, pw, iterations);
    else if (del) rc = chronik_user_delete(ck, user, mech);
    else rc = chronik_user_list(ck, &json, NULL);
    explicit_bzero(pw, sizeof(pw));
    if (rc != CHRONIK_OK) fprintf(stderr, "chronik-server users %s: %s\n", action, chronik_errmsg(ck));
    else if (json) printf("%s\n", json);
    else printf("user %s %s\n", user, add ? "saved" : "deleted");
    chronik_free(json);
    chronik_close(ck);
    return rc == CHRONIK_OK ? 0 : 1;
}

