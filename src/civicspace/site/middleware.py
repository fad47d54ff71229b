"""Request ids for logs and answers, and the one rule for a request's client address."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# An id a proxy (nginx's $request_id) or a client sent is kept only if it is a plain token:
# it lands in log lines and a header, so nothing that could forge either is let through.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")

request_id: ContextVar[str] = ContextVar("request_id", default="")
request_path: ContextVar[str] = ContextVar("request_path", default="")


class RequestIdMiddleware:
    """Gives every request an id, puts it in every log line it causes and in `X-Request-ID`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        ident = incoming if SANE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        id_token, path_token = request_id.set(ident), request_path.set(request.path)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(id_token)
            request_path.reset(path_token)
        response["X-Request-ID"] = ident
        return response


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or behind CIVICSPACE_TRUSTED_PROXIES proxies the
    X-Forwarded-For entry the outermost trusted proxy added (entries left of it are the client's
    own claims, which anyone can forge). Sign-in lock-out, reset limits and the API use it."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    proxies: int = settings.CIVICSPACE_TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if not proxies or not forwarded:
        return remote
    hops = [hop.strip() for hop in str(forwarded).split(",")]
    return hops[-min(proxies, len(hops))] or remote
