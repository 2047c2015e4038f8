"""Production settings plus the two comparison views of bench/bench_throughput.py."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.throughput.urls"
