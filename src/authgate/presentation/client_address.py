"""Who is calling: the peer address, or X-Forwarded-For when the peer is a trusted proxy."""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

from fastapi import Request

from authgate.domain.models import ClientInfo

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def client_ip(request: Request, trusted: Sequence[Network]) -> str | None:
    peer = request.client.host if request.client else None
    if not trusted or not _is_trusted(peer, trusted):
        return peer
    hops = [h.strip() for h in request.headers.get("x-forwarded-for", "").split(",") if h.strip()]
    # Walk from the nearest hop outwards; the first address we do not trust is the client.
    for hop in reversed(hops):
        if not _is_trusted(hop, trusted):
            return hop if _is_ip(hop) else peer
    return hops[0] if hops and _is_ip(hops[0]) else peer


def client_info(request: Request, trusted: Sequence[Network]) -> ClientInfo:
    agent = request.headers.get("user-agent")
    return ClientInfo(ip=client_ip(request, trusted), user_agent=agent[:512] if agent else None)


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def _is_trusted(address: str | None, trusted: Sequence[Network]) -> bool:
    if not address:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted)
