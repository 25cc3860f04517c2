/*
 * front.h — the public layer's own interface between its files: the table
 * of features (features.c) that api.c starts at chronik_open and stops at
 * chronik_close.  Nothing outside lib/chronik includes it.
 */
#ifndef CK_FRONT_H
#define CK_FRONT_H

#include "engine/engine.h"

/** @brief Starts every feature of the table on a freshly opened engine, in
 *  table order, and routes the engine's topic events to them.  On failure
 *  the features already started are stopped again and err says which one
 *  failed and why.  Engine-open thread. */
int ck_features_start(ck_engine *eng, char *err, size_t errlen);
/** @brief Stops every feature in reverse table order (each stop does
 *  nothing when its feature is not running).  Engine-close thread. */
void ck_features_stop(ck_engine *eng);

#endif
