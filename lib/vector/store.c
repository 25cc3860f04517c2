/*
 * store.c — a vector index on disk: <data.dir>/vector/<topic>.hnsw holds the
 * HNSW graph in hnswlib's own format, <topic>.meta what hnswlib does not
 * know: the topic id, the configuration signature the graph was built
 * under, the dimensions, the graph file's size and CRC-32C, and per
 * partition the next offset to index and the live labels (offset and
 * timestamp).  The meta file ends with its own CRC-32C.
 *
 * Saving writes both to temporary files, syncs them, and renames the graph
 * then the meta into place.  A crash between the two renames leaves the old
 * meta, whose CRC does not match the new graph, next to the new meta under
 * its temporary name: loading then checks that one against the graph and
 * finishes the rename.
 * Loading checks everything before hnswlib sees the graph (it trusts its
 * input); anything missing, corrupt, of another topic (a re-created one) or
 * built under another signature gives an empty index whose progress starts
 * at the log start, so the worker rebuilds it from the log.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vector/vector_int.h"

#define META_MAGIC "CKVMETA1"

/* ===================================================================== */
/* Helpers                                                               */
/* ===================================================================== */

static int file_crc(const char *path, uint64_t *size, uint32_t *crc) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    uint8_t *buf = ck_malloc(1 << 20);
    uint32_t c = 0;
    uint64_t total = 0;
    int rc = 0;
    for (;;) {
        ssize_t n = read(fd, buf, 1 << 20);
        if (n < 0) {
            if (errno == EINTR) continue;
            rc = -1;
            break;
        }
        if (n == 0) break;
        c = ck_crc32c(c, buf, (size_t)n);
        total += (uint64_t)n;
    }
    ck_free(buf);
    close(fd);
    *size = total;
    *crc = c;
    return rc;
}

static int sync_path(const char *path) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

static void dir_of(const char *path, char *out, size_t outlen) {
    snprintf(out, outlen, "%s", path);
    char *slash = strrchr(out, '/');
    if (slash) *slash = 0;
}

void ck_vec_store_remove(const char *path, const char *meta_path) {
    char tmp[4200];
    unlink(path);
    unlink(meta_path);
    snprintf(tmp, sizeof(tmp), "%s.tmp", path);
    unlink(tmp);
    snprintf(tmp, sizeof(tmp), "%s.tmp", meta_path);
    unlink(tmp);
}

/* ===================================================================== */
/* Save                                                                  */
/* ===================================================================== */

static void put_u32(ck_wb *wb, uint32_t v) { ck_wb_put(wb, &v, 4); }
static void put_i64(ck_wb *wb, int64_t v) { ck_wb_put(wb, &v, 8); }

int ck_vec_store_save(ck_vec_topic *vt) {
    char gtmp[4200], mtmp[4200], dir[4200];
    snprintf(gtmp, sizeof(gtmp), "%s.tmp", vt->path);
    snprintf(mtmp, sizeof(mtmp), "%s.tmp", vt->meta_path);
    dir_of(vt->path, dir, sizeof(dir));
    uint64_t gsize = 0;
    uint32_t gcrc = 0;
    char err[300] = "";
    int rc = -1;
    ck_wb wb;
    ck_wb_init(&wb, 4096);
    if (vt->index) {
        if (ck_hnsw_save(vt->index, gtmp, err, sizeof(err)) != 0) goto out;
        if (file_crc(gtmp, &gsize, &gcrc) != 0 || sync_path(gtmp) != 0) {
            ck_errf(err, sizeof(err), "%s: %s", gtmp, strerror(errno));
            goto out;
        }
    }
    ck_wb_put(&wb, META_MAGIC, 8);
    ck_wb_put(&wb, vt->id, 16);
    put_u32(&wb, (uint32_t)strlen(vt->sig));
    ck_wb_put(&wb, vt->sig, strlen(vt->sig));
    put_u32(&wb, (uint32_t)vt->dims);
    put_u32(&wb, vt->index ? 1 : 0);
    put_i64(&wb, (int64_t)gsize);
    put_u32(&wb, gcrc);
    put_u32(&wb, (uint32_t)vt->nparts);
    uint64_t live = 0;
    for (int32_t p = 0; p < vt->nparts; p++) {
        const ck_vec_part *pt = &vt->parts[p];
        put_i64(&wb, pt->progress);
        put_i64(&wb, (int64_t)(pt->n - pt->del));
        for (size_t i = pt->del; i < pt->n; i++) {
            put_i64(&wb, pt->off[i]);
            put_i64(&wb, pt->ts[i]);
        }
        live += pt->n - pt->del;
    }
    put_u32(&wb, ck_crc32c(0, wb.buf, wb.len));
    int fd = open(mtmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0 || ck_write_all(fd, wb.buf, wb.len) != 0 || fsync(fd) != 0) {
        ck_errf(err, sizeof(err), "%s: %s", mtmp, strerror(errno));
        if (fd >= 0) close(fd);
        goto out;
    }
    close(fd);
    if (vt->index) {
        if (rename(gtmp, vt->path) != 0) {
            ck_errf(err, sizeof(err), "rename %s: %s", gtmp, strerror(errno));
            goto out;
        }
    } else {
        unlink(vt->path);
    }
    if (rename(mtmp, vt->meta_path) != 0) {
        ck_errf(err, sizeof(err), "rename %s: %s", mtmp, strerror(errno));
        goto out;
    }
    ck_fsync_dir(dir);
    rc = 0;
    pthread_mutex_lock(&vt->vs->lock);
    vt->persisted_at = ck_now_ms();
    vt->persisted_count = live;
    pthread_mutex_unlock(&vt->vs->lock);
out:
    if (rc != 0) {
        CK_WARN(CK_VEC_SUB, "cannot write the index of %s: %s", vt->name, err);
        unlink(gtmp);
        unlink(mtmp);
    }
    ck_wb_free(&wb);
    return rc;
}

/* ===================================================================== */
/* Load                                                                  */
/* ===================================================================== */

typedef struct meta_rd {
    const uint8_t *p, *end;
    bool bad;
} meta_rd;

static const uint8_t *take(meta_rd *r, size_t n) {
    if (r->bad || (size_t)(r->end - r->p) < n) {
        r->bad = true;
        return NULL;
    }
    const uint8_t *q = r->p;
    r->p += n;
    return q;
}
static uint32_t get_u32(meta_rd *r) {
    uint32_t v = 0;
    const uint8_t *q = take(r, 4);
    if (q) memcpy(&v, q, 4);
    return v;
}
static int64_t get_i64(meta_rd *r) {
    int64_t v = 0;
    const uint8_t *q = take(r, 8);
    if (q) memcpy(&v, q, 8);
    return v;
}

void ck_vec_part_push(ck_vec_part *pt, int64_t off, int64_t ts) {
    if (pt->n == pt->cap) {
        pt->cap = pt->cap ? pt->cap * 2 : 256;
        pt->off = ck_realloc(pt->off, pt->cap * sizeof(int64_t));
        pt->ts = ck_realloc(pt->ts, pt->cap * sizeof(int64_t));
    }
    pt->off[pt->n] = off;
    pt->ts[pt->n] = ts;
    pt->n++;
}

/* Reads the meta file into vt (graph not loaded).  0, or -1 with why. */
static int read_meta(ck_vec_topic *vt, const char *path, const char *sig, uint64_t *gsize, uint32_t *gcrc,
                     bool *has_index, const char **why) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *why = errno == ENOENT ? NULL : "cannot open the meta file";
        return -1;
    }
    struct stat st;
    int rc = -1;
    uint8_t *buf = NULL;
    if (fstat(fd, &st) != 0 || st.st_size < 12 || st.st_size > ((off_t)1 << 34)) {
        *why = "the meta file has a bad size";
        goto out;
    }
    buf = ck_malloc((size_t)st.st_size);
    if (ck_pread_all(fd, buf, (size_t)st.st_size, 0) != 0) {
        *why = "cannot read the meta file";
        goto out;
    }
    size_t len = (size_t)st.st_size;
    uint32_t crc;
    memcpy(&crc, buf + len - 4, 4);
    if (ck_crc32c(0, buf, len - 4) != crc || memcmp(buf, META_MAGIC, 8) != 0) {
        *why = "the meta file is corrupt";
        goto out;
    }
    meta_rd r = {buf + 8, buf + len - 4, false};
    const uint8_t *id = take(&r, 16);
    if (!id || memcmp(id, vt->id, 16) != 0) {
        *why = "the index belongs to an older topic of that name";
        goto out;
    }
    uint32_t sl = get_u32(&r);
    const uint8_t *s = take(&r, sl);
    if (!s || sl != strlen(sig) || memcmp(s, sig, sl) != 0) {
        *why = "the topic's vector configuration changed";
        goto out;
    }
    vt->dims = (int32_t)get_u32(&r);
    *has_index = get_u32(&r) != 0;
    *gsize = (uint64_t)get_i64(&r);
    *gcrc = get_u32(&r);
    uint32_t np = get_u32(&r);
    if (r.bad || np > 1000000 || vt->dims < 0 || vt->dims > CK_VEC_MAX_DIMS) {
        *why = "the meta file is corrupt";
        goto out;
    }
    for (uint32_t p = 0; p < np && !r.bad; p++) {
        int64_t progress = get_i64(&r);
        int64_t n = get_i64(&r);
        if (n < 0 || (uint64_t)n > (uint64_t)(r.end - r.p) / 16) {
            r.bad = true;
            break;
        }
        if ((int32_t)p < vt->nparts) {
            ck_vec_part *pt = &vt->parts[p];
            pt->progress = progress;
            for (int64_t i = 0; i < n; i++) {
                int64_t off = get_i64(&r), ts = get_i64(&r);
                ck_vec_part_push(pt, off, ts);
            }
        } else {
            take(&r, (size_t)n * 16);
        }
    }
    if (r.bad || r.p != r.end) {
        *why = "the meta file is corrupt";
        goto out;
    }
    rc = 0;
out:
    ck_free(buf);
    close(fd);
    return rc;
}

static void reset_parts(ck_vec_topic *vt) {
    for (int32_t p = 0; p < vt->nparts; p++) {
        ck_vec_part *pt = &vt->parts[p];
        pt->n = pt->del = 0;
        pt->progress = 0;
    }
}

/* Reads the meta file at path into vt and checks the graph file against
 * it.  0, or -1 with why (vt's tables reset). */
static int meta_matches(ck_vec_topic *vt, const char *path, const char *sig, bool *has_index, const char **why) {
    uint64_t gsize = 0, size = 0;
    uint32_t gcrc = 0, crc = 0;
    reset_parts(vt);
    if (read_meta(vt, path, sig, &gsize, &gcrc, has_index, why) != 0) goto bad;
    if (*has_index && (file_crc(vt->path, &size, &crc) != 0 || size != gsize || crc != gcrc)) {
        *why = "the graph file is missing or does not match its meta file";
        goto bad;
    }
    return 0;
bad:
    reset_parts(vt);
    vt->dims = 0;
    return -1;
}

void ck_vec_store_load(ck_vec_topic *vt, const char *sig) {
    bool has_index = false;
    const char *why = NULL;
    char err[300] = "";
    ck_hnsw *h = NULL;
    reset_parts(vt);
    vt->dims = 0;
    if (meta_matches(vt, vt->meta_path, sig, &has_index, &why) != 0) {
        /* A save that stopped between its two renames left the new graph
         * and the new meta file still under its temporary name: finish it. */
        char mtmp[4200];
        const char *why2 = NULL;
        snprintf(mtmp, sizeof(mtmp), "%s.tmp", vt->meta_path);
        if (meta_matches(vt, mtmp, sig, &has_index, &why2) != 0 || rename(mtmp, vt->meta_path) != 0) goto fresh;
        CK_INFO(CK_VEC_SUB, "%s: completed the index write a stop interrupted", vt->name);
        why = NULL;
    }
    if (has_index) {
        int space = vt->cfg.metric == CK_VEC_L2 ? CK_HNSW_L2 : CK_HNSW_IP;
        h = ck_hnsw_load(vt->path, space, vt->dims, vt->cfg.m, vt->cfg.ef_construction, err, sizeof(err));
        if (!h) {
            why = err;
            goto fresh;
        }
        size_t live = 0;
        for (int32_t p = 0; p < vt->nparts; p++) live += vt->parts[p].n - vt->parts[p].del;
        if (ck_hnsw_count(h) - ck_hnsw_deleted(h) < live) {
            why = "the graph holds fewer vectors than its meta file lists";
            ck_hnsw_free(h);
            h = NULL;
            goto fresh;
        }
    }
    vt->index = h;
    snprintf(vt->sig, sizeof(vt->sig), "%s", sig);
    vt->loaded = true;
    CK_INFO(CK_VEC_SUB, "%s: loaded its vector index (%zu vectors)", vt->name,
            h ? ck_hnsw_count(h) - ck_hnsw_deleted(h) : 0);
    return;
fresh:
    if (why) CK_INFO(CK_VEC_SUB, "%s: rebuilding its vector index from the log: %s", vt->name, why);
    reset_parts(vt);
    vt->dims = 0;
    vt->index = NULL;
    ck_vec_store_remove(vt->path, vt->meta_path);
    snprintf(vt->sig, sizeof(vt->sig), "%s", sig);
    vt->loaded = true;
}
