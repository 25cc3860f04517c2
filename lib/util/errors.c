/*
 * errors.c — the names and descriptions of chronik_err_t, from the one
 * X-macro table in include/chronik.h.  It sits at the bottom of the layers
 * so that every subsystem can name an error, and the public
 * chronik_strerror() / chronik_err_name() are these same functions.
 */
#include "chronik.h"

const char *chronik_strerror(chronik_err_t err) {
    switch ((int)err) {
#define CK_ERR_DESC_(name, value, desc) case value: return desc;
        CHRONIK_ERRORS(CK_ERR_DESC_)
#undef CK_ERR_DESC_
    default: return "Unknown error";
    }
}

const char *chronik_err_name(chronik_err_t err) {
    switch ((int)err) {
#define CK_ERR_NAME_(name, value, desc) case value: return #name;
        CHRONIK_ERRORS(CK_ERR_NAME_)
#undef CK_ERR_NAME_
    default: return "UNKNOWN";
    }
}
