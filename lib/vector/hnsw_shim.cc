/*
 * hnsw_shim.cc — the only C++ in libchronik: the extern "C" functions of
 * hnsw_shim.h over hnswlib's HierarchicalNSW<float>.  Every call catches
 * whatever hnswlib throws and turns it into an error return.
 *
 * Searches do not use hnswlib's searchKnn, whose candidate-list size (ef_)
 * is a member shared by all callers: ck_hnsw_search repeats its greedy
 * descent through the upper layers and then runs the base-layer search with
 * the caller's own ef, so concurrent queries with different ef_search never
 * race on a shared setting.
 */
#include "vector/hnsw_shim.h"

#include <cstdio>
#include <cstring>
#include <new>
#include <stdexcept>

#include <hnswlib/hnswlib.h>

namespace {

typedef hnswlib::HierarchicalNSW<float> graph_t;

void set_err(char *err, size_t errlen, const char *what, const char *detail) {
    if (err && errlen) std::snprintf(err, errlen, "%s%s%s", what, detail ? ": " : "", detail ? detail : "");
}

}  // namespace

struct ck_hnsw {
    int space;
    int32_t dim;
    int32_t m, ef_construction;
    uint64_t seed;
    hnswlib::SpaceInterface<float> *sp;
    graph_t *g;
};

static hnswlib::SpaceInterface<float> *make_space(int space, int32_t dim) {
    if (space == CK_HNSW_L2) return new hnswlib::L2Space((size_t)dim);
    return new hnswlib::InnerProductSpace((size_t)dim);
}

extern "C" ck_hnsw *ck_hnsw_new(int space, int32_t dim, size_t capacity, int32_t m, int32_t ef_construction,
                                uint64_t seed, char *err, size_t errlen) {
    if ((space != CK_HNSW_L2 && space != CK_HNSW_IP) || dim <= 0 || m < 2 || ef_construction < 1) {
        set_err(err, errlen, "invalid HNSW parameters", nullptr);
        return nullptr;
    }
    ck_hnsw *h = nullptr;
    try {
        h = new ck_hnsw();
        h->space = space;
        h->dim = dim;
        h->m = m;
        h->ef_construction = ef_construction;
        h->seed = seed;
        h->sp = make_space(space, dim);
        h->g = new graph_t(h->sp, capacity ? capacity : 1, (size_t)m, (size_t)ef_construction, (size_t)seed);
        return h;
    } catch (const std::exception &e) {
        set_err(err, errlen, "cannot create the HNSW graph", e.what());
    } catch (...) {
        set_err(err, errlen, "cannot create the HNSW graph", nullptr);
    }
    if (h) {
        delete h->sp;
        delete h;
    }
    return nullptr;
}

extern "C" void ck_hnsw_free(ck_hnsw *h) {
    if (!h) return;
    delete h->g;
    delete h->sp;
    delete h;
}

extern "C" int ck_hnsw_add(ck_hnsw *h, const float *vec, uint64_t label, char *err, size_t errlen) {
    try {
        graph_t *g = h->g;
        if (g->cur_element_count >= g->max_elements_ && g->label_lookup_.find((hnswlib::labeltype)label) ==
                                                            g->label_lookup_.end()) {
            size_t cap = g->max_elements_ < 1024 ? 1024 : g->max_elements_ * 2;
            g->resizeIndex(cap);
        }
        g->addPoint(vec, (hnswlib::labeltype)label);
        return 0;
    } catch (const std::exception &e) {
        set_err(err, errlen, "HNSW insert failed", e.what());
    } catch (...) {
        set_err(err, errlen, "HNSW insert failed", nullptr);
    }
    return -1;
}

extern "C" int ck_hnsw_mark_deleted(ck_hnsw *h, uint64_t label) {
    try {
        auto it = h->g->label_lookup_.find((hnswlib::labeltype)label);
        if (it == h->g->label_lookup_.end() || h->g->isMarkedDeleted(it->second)) return -1;
        h->g->markDelete((hnswlib::labeltype)label);
        return 0;
    } catch (...) {
        return -1;
    }
}

extern "C" int64_t ck_hnsw_search(const ck_hnsw *h, const float *q, size_t k, size_t ef, uint64_t *labels,
                                  float *dists) {
    const graph_t *g = h->g;
    if (k == 0 || g->cur_element_count == 0) return 0;
    try {
        hnswlib::tableint cur = g->enterpoint_node_;
        float curdist = g->fstdistfunc_(q, g->getDataByInternalId(cur), g->dist_func_param_);
        for (int level = g->maxlevel_; level > 0; level--) {
            bool changed = true;
            while (changed) {
                changed = false;
                unsigned int *data = (unsigned int *)g->get_linklist(cur, level);
                int size = g->getListCount(data);
                hnswlib::tableint *datal = (hnswlib::tableint *)(data + 1);
                for (int i = 0; i < size; i++) {
                    hnswlib::tableint cand = datal[i];
                    if (cand >= g->max_elements_) throw std::runtime_error("corrupt link");
                    float d = g->fstdistfunc_(q, g->getDataByInternalId(cand), g->dist_func_param_);
                    if (d < curdist) {
                        curdist = d;
                        cur = cand;
                        changed = true;
                    }
                }
            }
        }
        size_t width = ef > k ? ef : k;
        auto top =
            g->num_deleted_ ? g->searchBaseLayerST<true>(cur, q, width) : g->searchBaseLayerST<false>(cur, q, width);
        while (top.size() > k) top.pop();
        int64_t n = (int64_t)top.size();
        for (int64_t i = n - 1; i >= 0; i--) {
            labels[i] = (uint64_t)g->getExternalLabel(top.top().second);
            dists[i] = top.top().first;
            top.pop();
        }
        return n;
    } catch (...) {
        return -1;
    }
}

extern "C" float ck_hnsw_distance(const ck_hnsw *h, const float *a, const float *b) {
    return h->g->fstdistfunc_(a, b, h->g->dist_func_param_);
}

extern "C" const float *ck_hnsw_vector(const ck_hnsw *h, uint64_t label) {
    auto it = h->g->label_lookup_.find((hnswlib::labeltype)label);
    if (it == h->g->label_lookup_.end() || h->g->isMarkedDeleted(it->second)) return nullptr;
    return (const float *)h->g->getDataByInternalId(it->second);
}

extern "C" size_t ck_hnsw_count(const ck_hnsw *h) { return h->g->cur_element_count; }
extern "C" size_t ck_hnsw_deleted(const ck_hnsw *h) { return h->g->num_deleted_; }
extern "C" size_t ck_hnsw_capacity(const ck_hnsw *h) { return h->g->max_elements_; }
extern "C" int32_t ck_hnsw_dim(const ck_hnsw *h) { return h->dim; }

extern "C" ck_hnsw *ck_hnsw_compact(const ck_hnsw *h, char *err, size_t errlen) {
    const graph_t *g = h->g;
    size_t live = g->cur_element_count - g->num_deleted_;
    ck_hnsw *n = ck_hnsw_new(h->space, h->dim, live ? live : 1, h->m, h->ef_construction, h->seed, err, errlen);
    if (!n) return nullptr;
    for (size_t i = 0; i < g->cur_element_count; i++) {
        if (g->isMarkedDeleted((hnswlib::tableint)i)) continue;
        if (ck_hnsw_add(n, (const float *)g->getDataByInternalId((hnswlib::tableint)i),
                        (uint64_t)g->getExternalLabel((hnswlib::tableint)i), err, errlen) != 0) {
            ck_hnsw_free(n);
            return nullptr;
        }
    }
    return n;
}

extern "C" int ck_hnsw_save(const ck_hnsw *h, const char *path, char *err, size_t errlen) {
    try {
        h->g->saveIndex(std::string(path));
        return 0;
    } catch (const std::exception &e) {
        set_err(err, errlen, "cannot write the HNSW graph", e.what());
    } catch (...) {
        set_err(err, errlen, "cannot write the HNSW graph", nullptr);
    }
    return -1;
}

extern "C" ck_hnsw *ck_hnsw_load(const char *path, int space, int32_t dim, int32_t m, int32_t ef_construction,
                                 char *err, size_t errlen) {
    if ((space != CK_HNSW_L2 && space != CK_HNSW_IP) || dim <= 0) {
        set_err(err, errlen, "invalid HNSW parameters", nullptr);
        return nullptr;
    }
    ck_hnsw *h = nullptr;
    try {
        h = new ck_hnsw();
        h->space = space;
        h->dim = dim;
        h->m = m;
        h->ef_construction = ef_construction;
        h->seed = 100;
        h->sp = make_space(space, dim);
        /* The loading constructor leaves the counters uninitialised. */
        h->g = new graph_t(h->sp);
        h->g->num_deleted_ = 0;
        h->g->cur_element_count = 0;
        h->g->data_level0_memory_ = nullptr;
        h->g->linkLists_ = nullptr;
        h->g->visited_list_pool_ = nullptr;
        h->g->metric_distance_computations = 0;
        h->g->metric_hops = 0;
        h->g->loadIndex(std::string(path), h->sp, 0);
        graph_t *g = h->g;
        if (g->data_size_ != (size_t)dim * sizeof(float) ||
            g->size_data_per_element_ != g->size_links_level0_ + g->data_size_ + sizeof(hnswlib::labeltype) ||
            g->cur_element_count > g->max_elements_ ||
            (g->cur_element_count && g->enterpoint_node_ >= g->cur_element_count))
            throw std::runtime_error("the graph does not match the topic's vector parameters");
        return h;
    } catch (const std::exception &e) {
        set_err(err, errlen, "cannot load the HNSW graph", e.what());
    } catch (...) {
        set_err(err, errlen, "cannot load the HNSW graph", nullptr);
    }
    if (h) {
        /* Failed before the link lists existed: nothing for the destructor
         * to walk. */
        if (h->g && h->g->linkLists_ == nullptr) h->g->cur_element_count = 0;
        ck_hnsw_free(h);
    }
    return nullptr;
}
