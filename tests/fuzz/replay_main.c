/*
 * replay_main.c — runs a libFuzzer target's LLVMFuzzerTestOneInput over every
 * file named on the command line or found in the directories named there, so
 * the seed corpus is exercised by every `meson test` run without clang.
 * Exit status 0 when every input ran, 1 when a file could not be read.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    long n;
    int rc = -1;

    if (f == NULL)
        goto out;
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
        goto out_close;
    /* An exactly sized heap copy, so ASan catches any read past the input. */
    buf = malloc(n > 0 ? (size_t)n : 1);
    if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n)
        goto out_free;
    LLVMFuzzerTestOneInput(buf, (size_t)n);
    rc = 0;
out_free:
    free(buf);
out_close:
    fclose(f);
out:
    if (rc != 0)
        fprintf(stderr, "cannot read %s\n", path);
    return rc;
}

int main(int argc, char **argv)
{
    int bad = 0;
    size_t count = 0;

    for (int i = 1; i < argc; i++) {
        struct stat st;
        DIR *d;
        struct dirent *e;

        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "cannot stat %s\n", argv[i]);
            bad = 1;
            continue;
        }
        if (!S_ISDIR(st.st_mode)) {
            bad |= run_file(argv[i]) != 0;
            count++;
            continue;
        }
        d = opendir(argv[i]);
        if (d == NULL) {
            bad = 1;
            continue;
        }
        while ((e = readdir(d)) != NULL) {
            char path[4096];
            if (e->d_name[0] == '.')
                continue;
            snprintf(path, sizeof(path), "%s/%s", argv[i], e->d_name);
            bad |= run_file(path) != 0;
            count++;
        }
        closedir(d);
    }
    printf("replayed %zu inputs\n", count);
    return bad || count == 0;
}
