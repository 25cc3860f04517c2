/*
 * files.c — small POSIX file helpers: recursive mkdir and remove, directory
 * fsync, and full-length read/write loops that retry on EINTR and short I/O.
 * Thread-safe (no shared state).
 */
#include "util/util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

/** @brief mkdir -p path; 0 or -1 with errno. */
int ck_mkdirs(const char *path, int mode)
{
    char *buf = ck_strdup(path);
    size_t len = strlen(buf);
    int rc = -1;
    size_t i;

    while (len > 1 && buf[len - 1] == '/')
        buf[--len] = '\0';
    for (i = 1; i <= len; i++) {
        if (buf[i] == '/' || buf[i] == '\0') {
            char saved = buf[i];
            buf[i] = '\0';
            if (mkdir(buf, (mode_t)mode) != 0 && errno != EEXIST)
                goto out;
            buf[i] = saved;
        }
    }
    {
        struct stat st;
        if (stat(buf, &st) != 0)
            goto out;
        if (!S_ISDIR(st.st_mode)) {
            errno = ENOTDIR;
            goto out;
        }
    }
    rc = 0;
out:
    {
        int saved = errno;
        ck_free(buf);
        errno = saved;
    }
    return rc;
}

static int rmtree_at(int dirfd, const char *name)
{
    int fd, rc = -1;
    DIR *d;
    struct dirent *de;

    if (unlinkat(dirfd, name, 0) == 0)
        return 0;
    if (errno == ENOENT)
        return 0;
    if (errno != EISDIR && errno != EPERM)
        return -1;
    fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -1;
    d = fdopendir(fd);
    if (d == NULL) {
        close(fd);
        return -1;
    }
    errno = 0;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        if (rmtree_at(fd, de->d_name) != 0)
            goto out;
    }
    if (unlinkat(dirfd, name, AT_REMOVEDIR) != 0 && errno != ENOENT)
        goto out;
    rc = 0;
out:
    {
        int saved = errno;
        closedir(d);
        errno = saved;
    }
    return rc;
}

/** @brief rm -rf path (a missing path is success); 0 or -1 with errno. */
int ck_rmtree(const char *path)
{
    return rmtree_at(AT_FDCWD, path);
}

/** @brief fsync a directory so created/renamed/unlinked entries are durable. */
int ck_fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int rc;

    if (fd < 0)
        return -1;
    rc = fsync(fd);
    if (rc != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    close(fd);
    return 0;
}

/** @brief Writes all len bytes (retrying EINTR/short writes); 0 or -1 with errno. */
int ck_write_all(int fd, const void *buf, size_t len)
{
    const uint8_t *p = buf;
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

/** @brief pwrite all len bytes at off; 0 or -1 with errno. */
int ck_pwrite_all(int fd, const void *buf, size_t len, int64_t off)
{
    const uint8_t *p = buf;
    while (len > 0) {
        ssize_t w = pwrite(fd, p, len, (off_t)off);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        len -= (size_t)w;
        off += w;
    }
    return 0;
}

/** @brief Reads exactly len bytes at off: 0, 1 on EOF before len, -1 with errno. */
int ck_pread_all(int fd, void *buf, size_t len, int64_t off)
{
    uint8_t *p = buf;
    while (len > 0) {
        ssize_t r = pread(fd, p, len, (off_t)off);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (r == 0)
            return 1;
        p += r;
        len -= (size_t)r;
        off += r;
    }
    return 0;
}
