"""Caching and conditional requests for the public pages.

Everything the public sees changes only when the public epoch moves on (see
core/publicity.py), so the epoch is part of every ETag and cache key: one
indexed query per request decides whether a copy is still good.

What is cached is the expensive, reader-independent part of a page (the
annotated text, the verdict list) rendered without a request. The page shell
(the nav with the logged-in user, the CSP nonce, CSRF tokens, messages) is
rendered for each request around it, so nothing personal ever enters the
cache."""

import hashlib
import secrets
import threading
import time
from collections import OrderedDict
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.safestring import mark_safe
from django.views.decorators.http import condition

from factcheck.core.publicity import forget_recent_epoch, public_epoch, recent_public_epoch
from factcheck.core.queues import desk_counts_for
from factcheck.core.siteurl import origin
from factcheck.htmx import is_partial

MAX_AGE = 60


def epoch(request):
    """The public epoch, read once per request: for a logged-in user from the
    database, for everyone else as this process read it in the last second
    (publicity.recent_public_epoch)."""
    if not hasattr(request, "_public_epoch"):
        fresh = request.user.is_authenticated
        request._public_epoch = public_epoch() if fresh else recent_public_epoch()
    return request._public_epoch


def digest(*parts):
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:24]


class LocalCopies:
    """This process's own copies of values kept under epoch keys, in front of
    the shared cache: reading a page body of hundreds of kilobytes back from
    Redis (or unpickling it from the local-memory cache) cost more than the
    rest of the request. An epoch key never goes stale, since every public
    change moves the epoch on; copies still expire as the shared cache's do
    (a database restored from a backup can hand out an old epoch again), and
    the least recently used go once their bytes pass `budget`."""

    def __init__(self, budget):
        self.budget = budget
        self.items = OrderedDict()  # key -> (expires, size, value)
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            item = self.items.get(key)
            if item is None:
                return None
            if item[0] < time.monotonic():
                self._drop(key)
                return None
            self.items.move_to_end(key)
            return item[2]

    def put(self, key, value, size):
        timeout = settings.CACHES["default"].get("TIMEOUT", 300) or 300
        with self.lock:
            if key in self.items:
                self._drop(key)
            self.items[key] = (time.monotonic() + timeout, size, value)
            self.size += size
            while self.size > self.budget and self.items:
                self._drop(next(iter(self.items)))

    def clear(self):
        with self.lock:
            self.items.clear()
            self.size = 0

    def _drop(self, key):
        self.size -= self.items.pop(key)[1]


LOCAL = LocalCopies(budget=32 * 1024 * 1024)  # per process: a few dozen long pages


def forget_all():
    """Empty the shared cache and this process's copies (tests and benchmarks
    that need a cold start; a running site never needs it)."""
    cache.clear()
    LOCAL.clear()
    forget_recent_epoch()


def cached(request, key, build):
    """`build()`'s value, kept until the epoch moves on. `key` names the page
    (a tuple of plain values); `build` may raise Http404, which is not cached.
    Pages hold absolute URLs (canonical, JSON-LD), so the site's origin is part
    of every key (core/siteurl.py)."""
    full_key = f"public:{epoch(request)}:{digest(origin(), key)}"
    value = LOCAL.get(full_key)
    if value is None:
        value = cache.get(full_key)
        if value is None:
            value = build()
            cache.set(full_key, value)
        body = value.get("body", b"") if isinstance(value, dict) else b""
        LOCAL.put(full_key, value, len(body) + 1024)
    return value


BODY_SLOT = "<!-- public body -->"
# Stands for the CSP nonce in a shell kept for every reader (see render_page);
# random per process, so no text of a page can contain it.
NONCE_SLOT = f"nonce-slot-{secrets.token_hex(12)}"


def render_page(request, template, page, status=200, *, same_for_readers=False):
    """The page shell, rendered for this request, around the cached body.

    `page["body"]` is UTF-8 bytes, spliced into the shell as it is: the body of
    a long text runs to hundreds of kilobytes, and passing it through the
    template engine and encoding it again on each request halved the requests
    per second bench/public.py measures.

    `same_for_readers`: the page has no form (no CSRF token), so for readers
    who are not logged in and have no message waiting, the shell is the same
    but for the CSP nonce: it is rendered once per epoch and address, and this
    request's nonce is put in its slots."""
    if not same_for_readers or request.user.is_authenticated or has_messages(request):
        response = render(request, template, {**page, "body": mark_safe(BODY_SLOT)}, status=status)
        before, after = response.content.split(BODY_SLOT.encode(), 1)
        response.content = b"".join((before, page["body"], after))
        return response
    key = (
        "shell",
        epoch(request),
        origin(),
        template,
        request.get_full_path(),
        is_partial(request),
    )
    shell = LOCAL.get(key)
    if shell is None:
        context = {**page, "body": mark_safe(BODY_SLOT), "csp_nonce": NONCE_SLOT}
        content = render(request, template, context).content
        shell = [part.split(NONCE_SLOT.encode()) for part in content.split(BODY_SLOT.encode(), 1)]
        LOCAL.put(key, shell, len(content))
    nonce = str(get_nonce(request)).encode()
    before, after = (nonce.join(parts) for parts in shell)
    return HttpResponse(b"".join((before, page["body"], after)), status=status)


def render_body(template, context):
    """A page's cacheable body: rendered without a request, so nothing personal
    (user, CSRF token, CSP nonce) can be in it."""
    return render_to_string(template, context).encode()


def has_messages(request):
    # len() loads the messages without marking them as shown.
    return len(messages.get_messages(request)) > 0


def html_etag(request, *args, **kwargs):
    if has_messages(request):
        return None  # a one-off message must reach the reader, not a 304
    reader = request.user.pk if request.user.is_authenticated else "anonymous"
    if reader != "anonymous":
        # The shell's navigation shows the desk's counts: a new count is a new page.
        reader = (reader, sorted(desk_counts_for(request).items()))
    key = digest(origin(), request.get_full_path(), is_partial(request), reader)
    return f"{epoch(request)}-{key}"


def data_etag(request, *args, **kwargs):
    return f"{epoch(request)}-{digest(origin(), request.get_full_path())}"


def public_html(view=None, *, shareable=True):
    """A public HTML page: ETag and 304s from the epoch, Cache-Control, Vary.

    `shareable=False` for pages that carry a per-client CSRF token (a form):
    browsers may keep them, shared caches may not. Logged-in readers and pages
    with a message are never stored: revalidated every time."""

    def decorate(view):
        conditional = condition(etag_func=html_etag)(view)

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            response = conditional(request, *args, **kwargs)
            if request.user.is_authenticated or has_messages(request):
                patch_cache_control(response, private=True, no_cache=True)
            elif shareable:
                patch_cache_control(response, public=True, max_age=MAX_AGE)
            else:
                patch_cache_control(response, private=True, max_age=0, must_revalidate=True)
            patch_vary_headers(response, ["HX-Request", "HX-History-Restore-Request"])
            return response

        return wrapper

    return decorate(view) if view else decorate


def public_data(view):
    """A machine-readable public resource (feed, sitemap, JSON-LD): the same for
    everyone, so the whole response is cached, by epoch and full path."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        key = ("response", origin(), request.get_full_path())
        full_key = f"public:{epoch(request)}:{digest(key)}"
        response = cache.get(full_key)
        if response is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response = response.render()
            if response.status_code == 200:
                cache.set(full_key, response)
        return response

    conditional = condition(etag_func=data_etag)(cached_view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = conditional(request, *args, **kwargs)
        patch_cache_control(response, public=True, max_age=MAX_AGE)
        return response

    return wrapper
