/*
 * test_cli.c — `chronik-server users add|delete|list` (server/
 * chronik-server.c), run as a child process: the password from stdin or
 * --password-file (there is no way to give it on the command line), the
 * users it leaves in the data directory (checked by authenticating through
 * the library), deletion, listing, and the errors for a missing or busy
 * data directory.  argv[1] is the path of chronik-server.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sec_fx.h"

static const char *g_server;
static char        g_dir[256];

/* Runs chronik-server with args (NULL-terminated), stdin_text on its
 * stdin; its stdout (and stderr) in out.  Returns the exit status. */
static int run(const char *stdin_text, char *out, size_t cap, const char *const *args)
{
    int   in[2], outp[2], status = 0;
    pid_t pid;
    const char *argv[16];
    size_t      i, n = 0, got = 0;
    ssize_t     r;

    argv[n++] = g_server;
    for (i = 0; args[i] != NULL && n + 1 < CK_ARRAY_LEN(argv); i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    assert_int_equal(pipe(in), 0);
    assert_int_equal(pipe(outp), 0);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(outp[1], 1);
        dup2(outp[1], 2);
        close(in[1]);
        close(outp[0]);
        unsetenv("CHRONIK_DATA_DIR");
        unsetenv("CHRONIK_SASL_USERS");
        execv(g_server, (char *const *)argv);
        _exit(127);
    }
    close(in[0]);
    close(outp[1]);
    if (stdin_text != NULL)
        assert_int_equal(write(in[1], stdin_text, strlen(stdin_text)), (ssize_t)strlen(stdin_text));
    close(in[1]);
    while ((r = read(outp[0], out + got, cap - 1 - got)) > 0)
        got += (size_t)r;
    out[got] = '\0';
    close(outp[0]);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/* Opens the data directory in-process and tries PLAIN for user/pw. */
static int plain_in_dir(const char *user, const char *pw)
{
    chronik_conf_t *conf = chronik_conf_new();
    chronik_t      *ck = NULL;
    char            err[256], msg[256];
    size_t          n = (size_t)snprintf(msg, sizeof(msg), "%c%s%c%s", 0, user, 0, pw);
    ck_sasl        *x;
    uint8_t        *o = NULL;
    size_t          olen = 0;
    int             rc;

    chronik_conf_set(conf, "data.dir", g_dir, err, sizeof(err));
    chronik_conf_set(conf, "log.level", "error", err, sizeof(err));
    if (chronik_open(conf, &ck, err, sizeof(err)) != CHRONIK_OK)
        fail_msg("open: %s", err);
    chronik_conf_free(conf);
    x = ck_sasl_new(ck_security_of(ck), CK_SASL_PLAIN);
    rc = ck_sasl_step(x, (const uint8_t *)msg, n, &o, &olen, err, sizeof(err));
    ck_sasl_free(x);
    chronik_close(ck);
    return rc;
}

static int setup(void **state)
{
    (void)state;
    snprintf(g_dir, sizeof(g_dir), "/tmp/ck-seccli-XXXXXX");
    return mkdtemp(g_dir) != NULL ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    ck_rmtree(g_dir);
    return 0;
}

static void test_add_list_delete(void **state)
{
    char out[4096], pwfile[300];
    FILE *f;

    (void)state;
    assert_int_equal(run("s3cret pass\n", out, sizeof(out),
                         (const char *[]){"users", "add", "alice", "--data-dir", g_dir, NULL}), 0);
    assert_non_null(strstr(out, "alice"));
    assert_null(strstr(out, "s3cret"));
    assert_int_equal(plain_in_dir("alice", "s3cret pass"), CK_SASL_DONE);
    assert_int_equal(plain_in_dir("alice", "s3cret pass\n"), CHRONIK_ERR_SASL_AUTHENTICATION_FAILED);

    snprintf(pwfile, sizeof(pwfile), "%s/pw.txt", g_dir);
    f = fopen(pwfile, "w");
    assert_non_null(f);
    fputs("from-a-file\r\n", f);
    fclose(f);
    assert_int_equal(run(NULL, out, sizeof(out),
                         (const char *[]){"users", "add", "bob", "-d", g_dir, "--mechanism", "SCRAM-SHA-512",
                                          "--iterations", "8192", "--password-file", pwfile, NULL}), 0);
    assert_int_equal(plain_in_dir("bob", "from-a-file"), CK_SASL_DONE);

    assert_int_equal(run(NULL, out, sizeof(out), (const char *[]){"users", "list", "--data-dir", g_dir, NULL}), 0);
    assert_non_null(strstr(out, "{\"user\":\"alice\",\"credentials\":[{\"mechanism\":\"SCRAM-SHA-256\""));
    assert_non_null(strstr(out, "{\"user\":\"bob\",\"credentials\":[{\"mechanism\":\"SCRAM-SHA-512\","
                                "\"iterations\":8192}]}"));

    assert_int_equal(run(NULL, out, sizeof(out), (const char *[]){"users", "delete", "alice", "-d", g_dir, NULL}), 0);
    assert_int_equal(plain_in_dir("alice", "s3cret pass"), CHRONIK_ERR_SASL_AUTHENTICATION_FAILED);
    assert_int_equal(run(NULL, out, sizeof(out), (const char *[]){"users", "delete", "alice", "-d", g_dir, NULL}), 1);
    assert_non_null(strstr(out, "no credential"));
}

static void test_errors(void **state)
{
    char       out[4096], missing[300];
    chronik_t *ck = NULL;
    char       err[256];

    (void)state;
    /* No way to give a password in argv. */
    assert_int_equal(run(NULL, out, sizeof(out),
                         (const char *[]){"users", "add", "eve", "-d", g_dir, "--password", "x", NULL}), 2);
    assert_int_equal(run("", out, sizeof(out), (const char *[]){"users", "add", "eve", "-d", g_dir, NULL}), 2);
    assert_non_null(strstr(out, "no password"));
    assert_int_equal(run("pw\n", out, sizeof(out), (const char *[]){"users", "add", "eve", NULL}), 2);
    assert_non_null(strstr(out, "--data-dir"));
    assert_int_equal(run("pw\n", out, sizeof(out),
                         (const char *[]){"users", "add", "eve", "-d", g_dir, "--iterations", "12x", NULL}), 2);
    assert_int_equal(run("pw\n", out, sizeof(out),
                         (const char *[]){"users", "add", "eve", "-d", g_dir, "--iterations", "100", NULL}), 1);
    assert_non_null(strstr(out, "iterations"));
    assert_int_equal(run(NULL, out, sizeof(out), (const char *[]){"users", "rename", "-d", g_dir, NULL}), 2);
    snprintf(missing, sizeof(missing), "%s/absent", g_dir);
    assert_int_equal(run(NULL, out, sizeof(out), (const char *[]){"users", "list", "-d", missing, NULL}), 1);
    assert_non_null(strstr(out, "no data directory"));
    /* A data directory in use by a running engine is refused. */
    {
        chronik_conf_t *conf = chronik_conf_new();

        chronik_conf_set(conf, "data.dir", g_dir, err, sizeof(err));
        chronik_conf_set(conf, "log.level", "error", err, sizeof(err));
        assert_int_equal(chronik_open(conf, &ck, err, sizeof(err)), CHRONIK_OK);
        chronik_conf_free(conf);
    }
    assert_int_equal(run("pw\n", out, sizeof(out), (const char *[]){"users", "add", "eve", "-d", g_dir, NULL}), 1);
    assert_non_null(strstr(out, "cannot open"));
    chronik_close(ck);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_add_list_delete, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
    };

    if (argc < 2) {
        fprintf(stderr, "usage: %s PATH-OF-chronik-server\n", argv[0]);
        return 2;
    }
    g_server = argv[1];
    return cmocka_run_group_tests(tests, NULL, NULL);
}
