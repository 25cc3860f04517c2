/*
 * chronik-server — the libchronik broker as a process: flags and environment
 * into a configuration, open the engine, start the listeners, wait for
 * SIGINT/SIGTERM, close (which answers what is in flight and flushes).
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "chronik.h"

static chronik_t *g_engine;

static void on_signal(int sig) { (void)sig; chronik_shutdown(g_engine); }

static int usage(FILE *out, int code) {
    fprintf(out, "usage: chronik-server start [--data-dir DIR] [--bind HOST] [--advertise HOST[:PORT]]\n"
                 "                            [--kafka-port N] [--http-port N] [--log-level LEVEL]\n"
                 "                            [--set KEY=VALUE]...\n"
                 "       chronik-server version\n");
    return code;
}

int main(int argc, char **argv) {
    static const char *const flags[][2] = {
        {"--data-dir", "data.dir"}, {"-d", "data.dir"}, {"--bind", "bind.address"},
        {"--advertise", "advertised.listeners"}, {"--kafka-port", "kafka.port"}, {"--http-port", NULL},
        {"--log-level", "log.level"}, {"-l", "log.level"}, {"--set", ""},
    };
    char err[512] = "", info[512] = "", kv[1024];
    if (argc < 2) return usage(stderr, 2);
    if (!strcmp(argv[1], "version") || !strcmp(argv[1], "--version")) {
        printf("chronik-server %s\n", chronik_version());
        return 0;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) return usage(stdout, 0);
    if (strcmp(argv[1], "start") != 0) return fprintf(stderr, "unknown command \"%s\"\n", argv[1]), usage(stderr, 2);
    chronik_conf_t *conf = chronik_conf_new();
    if (chronik_conf_apply_env(conf, err, sizeof(err)) != CHRONIK_OK)
        return fprintf(stderr, "chronik-server: %s\n", err), 2;
    for (int i = 2; i < argc; i++) {
        size_t f = 0;
        while (f < sizeof(flags) / sizeof(flags[0]) && strcmp(argv[i], flags[f][0]) != 0) f++;
        if (f == sizeof(flags) / sizeof(flags[0]))
            return fprintf(stderr, "chronik-server: unknown flag \"%s\"\n", argv[i]), usage(stderr, 2);
        if (i + 1 >= argc) return fprintf(stderr, "chronik-server: flag %s needs a value\n", argv[i]), 2;
        const char *key = flags[f][1], *val = argv[++i];
        if (!key) snprintf(kv, sizeof(kv), ":%s", val), key = "http.listen", val = kv;   /* on bind.address */
        else if (!*key) {
            snprintf(kv, sizeof(kv), "%s", val);
            char *eq = strchr(kv, '=');
            if (!eq) return fprintf(stderr, "chronik-server: --set needs KEY=VALUE, got \"%s\"\n", val), 2;
            *eq = 0, key = kv, val = eq + 1;
        }
        if (chronik_conf_set(conf, key, val, err, sizeof(err)) != CHRONIK_OK)
            return fprintf(stderr, "chronik-server: %s %s: %s\n", argv[i - 1], argv[i], err), 2;
    }
    chronik_err_t rc = chronik_open(conf, &g_engine, err, sizeof(err));
    chronik_conf_free(conf);
    if (rc != CHRONIK_OK) return fprintf(stderr, "chronik-server: cannot open: %s\n", err), 1;
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
