"""The write token, checked before any request body is read.

Every request that may carry a body (any method but GET, HEAD and OPTIONS)
needs ``Authorization: Bearer <token>``. ``WriteTokenMiddleware`` sits in
front of everything else, so a request without the token is answered from
its headers alone: its body is never read or buffered, and malformed JSON
from a client without the token gets 401, not 422.
"""

from __future__ import annotations

import hmac
import json

from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["CHALLENGE", "SAFE_METHODS", "WriteTokenMiddleware", "token_refusal"]

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CHALLENGE = 'Bearer realm="reader"'


def token_refusal(token: str | None, authorization: str) -> tuple[int, str] | None:
    """Why a write with this ``Authorization`` header is refused, as (status,
    message), or None when it may go ahead. The token is compared in constant time."""
    if not token:
        return (
            403,
            "the write API is disabled: set api_token in reader.toml "
            "or the READER_API_TOKEN environment variable",
        )
    scheme, _, credentials = authorization.partition(" ")
    ok = scheme.lower() == "bearer" and hmac.compare_digest(
        credentials.strip().encode(), token.encode()
    )
    if not ok:
        return 401, "missing or wrong bearer token (Authorization: Bearer <token>)"
    return None


class WriteTokenMiddleware:
    """Answer 401/403 to writes without the right token before reading their body."""

    def __init__(self, app: ASGIApp, *, token: str | None) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        header = dict(scope["headers"]).get(b"authorization", b"")
        refusal = token_refusal(self.token, header.decode("latin-1"))
        if refusal is None:
            await self.app(scope, receive, send)
            return
        status, detail = refusal
        body = json.dumps({"detail": detail}).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            # The body was not read, so the connection cannot carry another request.
            (b"connection", b"close"),
        ]
        if status == 401:
            headers.append((b"www-authenticate", CHALLENGE.encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
