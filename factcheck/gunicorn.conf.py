"""gunicorn settings: `gunicorn -c factcheck/gunicorn.conf.py factcheck.wsgi`.

Every value can be overridden by an environment variable (or gunicorn's own
command-line flags). Requests are short now that sources are processed by the
task worker, so gunicorn's default timeout fits again."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then (a leak in a dependency cannot grow for ever).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# The proxy in front may set X-Forwarded-*; gunicorn trusts only these addresses.
forwarded_allow_ips = os.environ.get("TRUSTED_PROXIES", "127.0.0.1,::1")
accesslog = "-"
errorlog = "-"
access_log_format = '%(t)s %(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
