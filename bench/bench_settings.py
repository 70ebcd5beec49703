"""Settings for bench/public.py: the app's own settings, plus a URLconf with a
bare "hello" view to compare against. Not for anything else."""

import os

from factcheck.settings import *  # noqa: F403

ROOT_URLCONF = "bench.public_urls"
STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
