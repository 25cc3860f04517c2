"""Exceptions carrying libchronik's error codes.

Every failing call raises ChronikError (or a subclass for the codes callers
commonly handle) with the C code, its symbolic name (chronik_err_name) and the
message the engine recorded for the call (chronik_errmsg or the errbuf of a
call made before an engine exists).
"""

from . import _lib


class ChronikError(Exception):
    """A libchronik call failed: .code (int), .name (e.g. "UNKNOWN_TOPIC_OR_PARTITION"), .message."""

    def __init__(self, code, name, message):
        super().__init__(code, name, message)
        self.code = code
        self.name = name
        self.message = message

    def __str__(self):
        return "%s (%d): %s" % (self.name, self.code, self.message)


class OffsetOutOfRangeError(ChronikError):
    """OFFSET_OUT_OF_RANGE (1)."""


class UnknownTopicError(ChronikError):
    """UNKNOWN_TOPIC_OR_PARTITION (3)."""


class TopicExistsError(ChronikError):
    """TOPIC_ALREADY_EXISTS (36)."""


class InvalidConfigError(ChronikError, ValueError):
    """INVALID_CONFIG (40) or UNKNOWN_CONFIG (-205)."""


class InvalidArgumentError(ChronikError, ValueError):
    """INVALID_ARG (-200), INVALID_TOPIC_EXCEPTION (17), INVALID_PARTITIONS (37)."""


class ClosedError(ChronikError):
    """CLOSED (-204): the engine is closed."""


class ChronikTimeoutError(ChronikError, TimeoutError):
    """TIMED_OUT (-206) or REQUEST_TIMED_OUT (7)."""


class SqlError(ChronikError):
    """SQL (-211), READ_ONLY (-212) or UNSUPPORTED (-210) from chronik_sql."""


_BY_CODE = {
    1: OffsetOutOfRangeError,
    3: UnknownTopicError,
    7: ChronikTimeoutError,
    17: InvalidArgumentError,
    36: TopicExistsError,
    37: InvalidArgumentError,
    40: InvalidConfigError,
    -200: InvalidArgumentError,
    -204: ClosedError,
    -205: InvalidConfigError,
    -206: ChronikTimeoutError,
    -211: SqlError,
    -212: SqlError,
}

# Numeric codes by symbolic name for the ones this package raises itself.
CLOSED = -204
INVALID_ARG = -200


def err_name(code):
    """Symbolic name of a code, e.g. "OFFSET_OUT_OF_RANGE"."""
    return _lib.lib().chronik_err_name(code).decode()


def make_error(code, message=None):
    """The exception for `code`; message defaults to chronik_strerror(code)."""
    lib = _lib.lib()
    if not message:
        message = lib.chronik_strerror(code).decode()
    return _BY_CODE.get(code, ChronikError)(code, err_name(code), message)
