"""A real Kafka broker inside the test process.

EmbeddedBroker opens an engine in a fresh temporary directory, starts its
Kafka listener on 127.0.0.1 with a free port, and on exit closes the engine
(stopping the listener and its threads) and removes the directory.  Any
Kafka client can use .bootstrap_servers; .engine reads and writes the same
log directly.

    from chronik.testing import EmbeddedBroker
    with EmbeddedBroker() as broker:
        producer = KafkaProducer(bootstrap_servers=broker.bootstrap_servers)
"""

import shutil
import tempfile

from .engine import Engine

# Defaults suited to tests: no fsync per acknowledgement, consumer groups
# rebalance at once, no REST listener, one network thread, warnings only.
DEFAULTS = {
    "flush.policy": "os",
    "log.level": "warn",
    "group.initial.rebalance.delay.ms": 0,
    "http.listen": "off",
    "kafka.io.threads": 1,
}


class EmbeddedBroker:
    """An in-process Kafka broker on a free port in a temporary directory.

    EmbeddedBroker(host="127.0.0.1", port=0, data_dir=None, base_dir=None,
    **config): config keys use '_' for '.' (e.g. num_partitions=3) and
    override DEFAULTS.  With data_dir the directory is used and kept;
    otherwise a temporary directory is created in base_dir (default: $TMPDIR,
    e.g. "/dev/shm" to keep the broker off the disk) and removed on stop()."""

    def __init__(self, host="127.0.0.1", port=0, data_dir=None, config=None, base_dir=None, **kwargs):
        self.host = host
        self.requested_port = port
        self._data_dir = data_dir
        self._base_dir = base_dir
        self._config = dict(DEFAULTS)
        self._config.update(config or {})
        for k, v in kwargs.items():
            self._config[k.replace("_", ".")] = v
        self.engine = None
        self.data_dir = None
        self.port = None
        self._owns_dir = False

    def start(self):
        """Opens the engine and starts the listener; returns self."""
        if self.engine is not None:
            return self
        if self._data_dir is None:
            self.data_dir = tempfile.mkdtemp(prefix="chronik-", dir=self._base_dir)
            self._owns_dir = True
        else:
            self.data_dir = str(self._data_dir)
        try:
            self.engine = Engine(self.data_dir, config=self._config)
            self.port = self.engine.kafka_listen(self.host, self.requested_port)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self):
        """Closes the engine (and listener) and removes a temporary data directory.  Idempotent."""
        try:
            if self.engine is not None:
                self.engine.close()
        finally:
            self.engine = None
            if self._owns_dir and self.data_dir:
                shutil.rmtree(self.data_dir, ignore_errors=True)
                self._owns_dir = False

    @property
    def bootstrap_servers(self):
        """"host:port" for Kafka clients."""
        if self.port is None:
            raise RuntimeError("broker not started")
        host = "[%s]" % self.host if ":" in self.host else self.host
        return "%s:%d" % (host, self.port)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def __repr__(self):
        return "EmbeddedBroker(%s, data_dir=%r)" % (
            self.bootstrap_servers if self.port is not None else "stopped", self.data_dir)
