"""pytest plugin: a `kafka_broker` fixture backed by an in-process broker.

Enabled automatically when the package is installed (entry point pytest11),
or with `pytest -p chronik.pytest_plugin`.  Each test using `kafka_broker`
gets its own EmbeddedBroker (fresh directory, free port), stopped after the
test.  `@pytest.mark.chronik(num_partitions=3, ...)` passes broker config to
it.  `kafka_broker_session` shares one broker across the whole session.
"""

import pytest

from .testing import EmbeddedBroker


def pytest_configure(config):
    config.addinivalue_line("markers", "chronik(**config): broker config for the kafka_broker fixture")


@pytest.fixture
def kafka_broker(request):
    """An EmbeddedBroker for this test: .bootstrap_servers, .engine, .data_dir."""
    marker = request.node.get_closest_marker("chronik")
    config = dict(marker.kwargs) if marker else {}
    with EmbeddedBroker(**config) as broker:
        yield broker


@pytest.fixture(scope="session")
def kafka_broker_session():
    """One EmbeddedBroker shared by every test of the session."""
    with EmbeddedBroker() as broker:
        yield broker
