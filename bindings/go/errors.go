package chronik

/*
#include "chronik.h"
*/
import "C"

import (
	"errors"
	"fmt"
)

// ErrCode is a libchronik error code (chronik_err_t): Kafka protocol codes
// (>= -1) keep Kafka's numbers; library-local codes are <= -200.  It is an
// error itself, so errors.Is(err, ErrOffsetOutOfRange) matches an *Error
// carrying that code.
type ErrCode int32

// Error returns the code's symbolic name, e.g. "UNKNOWN_TOPIC_OR_PARTITION".
func (c ErrCode) Error() string { return C.GoString(C.chronik_err_name(C.chronik_err_t(c))) }

// Description returns the code's human description.
func (c ErrCode) Description() string { return C.GoString(C.chronik_strerror(C.chronik_err_t(c))) }

// Codes callers commonly test for.
const (
	ErrOffsetOutOfRange        ErrCode = C.CHRONIK_ERR_OFFSET_OUT_OF_RANGE
	ErrUnknownTopicOrPartition ErrCode = C.CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION
	ErrInvalidTopic            ErrCode = C.CHRONIK_ERR_INVALID_TOPIC_EXCEPTION
	ErrTopicAlreadyExists      ErrCode = C.CHRONIK_ERR_TOPIC_ALREADY_EXISTS
	ErrInvalidPartitions       ErrCode = C.CHRONIK_ERR_INVALID_PARTITIONS
	ErrInvalidConfig           ErrCode = C.CHRONIK_ERR_INVALID_CONFIG
	ErrMessageTooLarge         ErrCode = C.CHRONIK_ERR_MESSAGE_TOO_LARGE
	ErrInvalidArg              ErrCode = C.CHRONIK_ERR_INVALID_ARG
	ErrIO                      ErrCode = C.CHRONIK_ERR_IO
	ErrNoMem                   ErrCode = C.CHRONIK_ERR_NOMEM
	ErrClosed                  ErrCode = C.CHRONIK_ERR_CLOSED
	ErrUnknownConfig           ErrCode = C.CHRONIK_ERR_UNKNOWN_CONFIG
	ErrTimedOut                ErrCode = C.CHRONIK_ERR_TIMED_OUT
	ErrUnsupported             ErrCode = C.CHRONIK_ERR_UNSUPPORTED
	ErrSQL                     ErrCode = C.CHRONIK_ERR_SQL
	ErrLocked                  ErrCode = C.CHRONIK_ERR_LOCKED
	ErrNotFound                ErrCode = C.CHRONIK_ERR_NOT_FOUND
)

// Error is a failed libchronik call: the code and the engine's message.
type Error struct {
	Code    ErrCode
	Message string
}

func (e *Error) Error() string {
	return fmt.Sprintf("chronik: %s (%d): %s", e.Code.Error(), int32(e.Code), e.Message)
}

// Unwrap returns the code, for errors.Is.
func (e *Error) Unwrap() error { return e.Code }

func newError(rc C.chronik_err_t, msg string) error {
	code := ErrCode(rc)
	if msg == "" {
		msg = code.Description()
	}
	return &Error{Code: code, Message: msg}
}

// IsCode reports whether err is (or wraps) a libchronik error with the given code.
func IsCode(err error, code ErrCode) bool {
	return errors.Is(err, code)
}
