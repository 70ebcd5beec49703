"""Who is asking: the client's address, seen through trusted proxies.

Behind a reverse proxy every request comes from the proxy's address, so limits
keyed on REMOTE_ADDR would count all readers as one. X-Forwarded-For says
more, but anyone can send it: only entries added by proxies we trust count."""

import ipaddress
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@cache
def networks(entries):
    try:
        return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)
    except ValueError as error:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {error}") from None


def parse(address):
    try:
        return ipaddress.ip_address(address.strip())
    except ValueError:
        return None


def is_trusted(address):
    return any(address in network for network in networks(tuple(settings.TRUSTED_PROXIES)))


def client_ip(request):
    """REMOTE_ADDR, unless that is a trusted proxy: then the right-most
    X-Forwarded-For entry that is not itself a trusted proxy (each proxy
    appends the address it was reached from, so entries left of the first
    untrusted one are the client's to invent). Garbage where an address should
    be stops the walk at the last proxy's address."""
    remote = request.META.get("REMOTE_ADDR", "")
    address = parse(remote)
    if address is None or not is_trusted(address):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [parse(entry) for entry in reversed(forwarded.split(",")) if entry.strip()]
    for hop in hops:
        if hop is None:
            break
        address = hop
        if not is_trusted(hop):
            break
    return str(address)
