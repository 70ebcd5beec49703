"""htmx plumbing shared by the reviewer and the public pages: one rule for
when a request wants a fragment, which region it wants, and how to navigate."""

from django.shortcuts import redirect
from django_htmx.http import HttpResponseClientRedirect


def is_partial(request):
    """An htmx request for a region. A history restore wants the whole page."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def region(request, default, regions=()):
    """The region of the page an htmx request wants: its HX-Target when that is
    one of `regions`, otherwise `default`. None: the whole page."""
    if not is_partial(request):
        return None
    target = request.htmx.target
    return target if target in regions else default


def navigate(request, url):
    """Go to `url` after a write: a client redirect under htmx (a 302 would be
    followed by htmx and swapped into the target), a redirect otherwise (PRG)."""
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)
