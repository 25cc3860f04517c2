"""Makes the package importable from the source tree and enables its pytest plugin."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

pytest_plugins = ["chronik.pytest_plugin"]
