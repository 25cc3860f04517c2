"""chronik: Python bindings of libchronik, an embeddable, durable,
Kafka-wire-compatible streaming engine.

    import chronik
    with chronik.Engine("/tmp/data", flush_policy="os") as eng:
        eng.create_topic("events", partitions=3)
        part, off = eng.produce("events", b"hello", key=b"k")
        for rec in eng.fetch("events", part, off):
            print(rec.offset, rec.key, rec.value)

The engine runs inside this process (ctypes over libchronik.so; standard
library only).  chronik.testing.EmbeddedBroker adds a Kafka listener on a free
port for real Kafka clients, and the `kafka_broker` pytest fixture wraps it.
"""

from .errors import (ChronikError, ChronikTimeoutError, ClosedError, InvalidArgumentError, InvalidConfigError,
                     OffsetOutOfRangeError, SqlError, TopicExistsError, UnknownTopicError)
from .engine import Engine, FetchResult, Record, SqlResult, library_version

__version__ = "0.1.0"

__all__ = [
    "Engine", "Record", "FetchResult", "SqlResult", "library_version",
    "ChronikError", "ChronikTimeoutError", "ClosedError", "InvalidArgumentError", "InvalidConfigError",
    "OffsetOutOfRangeError", "SqlError", "TopicExistsError", "UnknownTopicError",
]
