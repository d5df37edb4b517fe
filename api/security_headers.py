"""The usual security headers on every answer, and on Nishan's own pages a strict
Content-Security-Policy: the pages run no script at all, so none may run, from anywhere. The
API documentation (/docs) runs Swagger UI, from Nishan's own files only.

Plain ASGI middleware: it only adds headers to the response's start message, so it costs next
to nothing on the public pages that buyers' phones ask for.
"""

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# The pages use their own stylesheet, fonts and QR images, and post forms only to Nishan.
PAGE_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; font-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
EVERY_ANSWER = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]
# Swagger UI: its script and Nishan's file that starts it, the OpenAPI document fetched from
# Nishan, the icons its stylesheet may inline as data: URLs (a select's arrow), and an image
# answer of "Try it out" (a QR code), which it shows from a blob: URL.
DOCUMENTATION_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
DOCUMENTATION = "/docs"  # the page, and its files under /docs/


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        documentation = path == DOCUMENTATION or path.startswith(DOCUMENTATION + "/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += EVERY_ANSWER
                is_page = any(
                    name == b"content-type" and value.startswith(b"text/html")
                    for name, value in headers
                )
                if is_page:
                    policy = DOCUMENTATION_POLICY if documentation else PAGE_POLICY
                    headers.append((b"content-security-policy", policy.encode()))
                    headers.append((b"x-frame-options", b"DENY"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
