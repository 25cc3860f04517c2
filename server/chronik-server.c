/*
 * chronik-server — the libchronik broker as a process: flags and environment
 * into a configuration, open the engine, start the listeners, wait for
 * SIGINT/SIGTERM, close (which answers what is in flight and flushes).
 * `compact` opens the data directory without listeners (refused while a
 * running broker holds it), runs the log cleaner once and exits; `users`
 * (users.c) manages the SCRAM users of a stopped broker's data directory.
 */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "chronik.h"
#include "users.h"

static chronik_t *g_engine;

static void on_signal(int sig) { (void)sig; chronik_shutdown(g_engine); }

static int usage(FILE *out, int code) {
    fprintf(out, "usage: chronik-server start [--data-dir DIR] [--bind HOST] [--advertise HOST[:PORT]]\n"
                 "                            [--kafka-port N] [--http-port N] [--log-level LEVEL]\n"
                 "                            [--set KEY=VALUE]...\n"
                 "       chronik-server compact --data-dir DIR [--topic TOPIC] [--set KEY=VALUE]...\n"
                 "                              (runs the log cleaner once, offline)\n"
                 "       chronik-server users add|delete|list ...   (chronik-server users --help)\n"
                 "       chronik-server version\n");
    return code;
}

/* Flags and environment into conf; *topic gets --topic (compact only).
 * Returns 0, or the exit code after printing why. */
static int parse_flags(int argc, char **argv, bool compact, chronik_conf_t *conf, const char **topic) {
    static const char *const flags[][2] = {
        {"--data-dir", "data.dir"}, {"-d", "data.dir"}, {"--bind", "bind.address"},
        {"--advertise", "advertised.listeners"}, {"--kafka-port", "kafka.port"}, {"--http-port", NULL},
        {"--log-level", "log.level"}, {"-l", "log.level"}, {"--set", ""}, {"--topic", "-"},
    };
    char err[512] = "", kv[1024];
    if (chronik_conf_apply_env(conf, err, sizeof(err)) != CHRONIK_OK)
        return fprintf(stderr, "chronik-server: %s\n", err), 2;
    for (int i = 2; i < argc; i++) {
        size_t f = 0;
        while (f < sizeof(flags) / sizeof(flags[0]) && strcmp(argv[i], flags[f][0]) != 0) f++;
        if (f == sizeof(flags) / sizeof(flags[0]) || (!compact && !strcmp(flags[f][0], "--topic")))
            return fprintf(stderr, "chronik-server: unknown flag \"%s\"\n", argv[i]), usage(stderr, 2);
        if (i + 1 >= argc) return fprintf(stderr, "chronik-server: flag %s needs a value\n", argv[i]), 2;
        const char *key = flags[f][1], *val = argv[++i];
        if (!key) snprintf(kv, sizeof(kv), ":%s", val), key = "http.listen", val = kv;   /* on bind.address */
        else if (!strcmp(key, "-")) {
            *topic = val;
            continue;
        } else if (!*key) {
            snprintf(kv, sizeof(kv), "%s", val);
            char *eq = strchr(kv, '=');
            if (!eq) return fprintf(stderr, "chronik-server: --set needs KEY=VALUE, got \"%s\"\n", val), 2;
            *eq = 0, key = kv, val = eq + 1;
        }
        if (chronik_conf_set(conf, key, val, err, sizeof(err)) != CHRONIK_OK)
            return fprintf(stderr, "chronik-server: %s %s: %s\n", argv[i - 1], argv[i], err), 2;
    }
    return 0;
}

int main(int argc, char **argv) {
    char err[512] = "", info[512] = "";
    const char *topic = NULL;
    if (argc < 2) return usage(stderr, 2);
    if (!strcmp(argv[1], "version") || !strcmp(argv[1], "--version")) {
        printf("chronik-server %s\n", chronik_version());
        return 0;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) return usage(stdout, 0);
    if (!strcmp(argv[1], "users")) return chronik_server_users(argc - 2, argv + 2);
    bool compact = !strcmp(argv[1], "compact");
    if (!compact && strcmp(argv[1], "start") != 0)
        return fprintf(stderr, "unknown command \"%s\"\n", argv[1]), usage(stderr, 2);
    chronik_conf_t *conf = chronik_conf_new();
    int code = parse_flags(argc, argv, compact, conf, &topic);
    /* offline compaction: the one pass below, no background cleaner */
    if (code == 0 && compact) chronik_conf_set(conf, "log.cleaner.enable", "false", err, sizeof(err));
    chronik_err_t rc = code ? CHRONIK_OK : chronik_open(conf, &g_engine, err, sizeof(err));
    chronik_conf_free(conf);
    if (code) return code;
    if (rc != CHRONIK_OK) return fprintf(stderr, "chronik-server: cannot open: %s\n", err), 1;
    if (compact) {
        rc = chronik_compact(g_engine, topic);
        if (rc != CHRONIK_OK) fprintf(stderr, "chronik-server: compact: %s\n", chronik_errmsg(g_engine));
        else printf("chronik-server: compacted %s\n", topic ? topic : "every compacted topic");
        chronik_close(g_engine);
        return rc == CHRONIK_OK ? 0 : 1;
    }
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGPIPE, SIG_IGN);
    if (chronik_serve(g_engine, info, sizeof(info)) != CHRONIK_OK) {
        fprintf(stderr, "chronik-server: cannot listen: %s\n", chronik_errmsg(g_engine));
        chronik_close(g_engine);
        return 1;
    }
    printf("chronik-server %s: %s\n", chronik_version(), info);
    fflush(stdout);
    chronik_wait(g_engine);
    chronik_close(g_engine);
    printf("chronik-server: stopped\n");
    return 0;
}
