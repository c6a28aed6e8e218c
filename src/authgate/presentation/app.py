"""The FastAPI application."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.telemetry import TelemetryConfig
from starlette.types import ASGIApp

from authgate.bootstrap import Container, build_container
from authgate.config import Settings
from authgate.logging_setup import FORMAT, skip_unused_record_fields
from authgate.presentation.csrf import CsrfMiddleware
from authgate.presentation.docs import CDN, add_docs_routes, swagger_assets
from authgate.presentation.errors import install_error_handlers
from authgate.presentation.middleware import (
    BodyLimitMiddleware,
    HeadAsGetMiddleware,
    JsonOnlyMiddleware,
    SecurityHeadersMiddleware,
    docs_csp,
)
from authgate.presentation.request_id import RequestIdMiddleware
from authgate.presentation.responses import document_common_errors
from authgate.presentation.route_traits import RouteTraitsByPath
from authgate.presentation.routers import (
    account,
    admin,
    auth,
    mfa,
    oauth,
    passkeys,
    providers,
    security_events,
    service,
    sessions,
    users,
    well_known,
)
from authgate.presentation.web import not_found_fallback

DESCRIPTION = (
    "User authentication: sign-up, sign-in, sessions with rotating refresh tokens. "
    "Browsers use HttpOnly cookies; API clients use `Authorization: Bearer`."
)


def create_app(settings: Settings | None = None, container: Container | None = None) -> FastAPI:
    settings = settings or (container.settings if container else Settings())
    logging.basicConfig(level=logging.INFO, format=FORMAT)
    skip_unused_record_fields()
    container = container or build_container(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await container.start()
        # What start-up made lives as long as the process: leave it out of every later
        # garbage collection, whose full pass otherwise stalls the event loop ~35 ms.
        gc.freeze()
        yield
        await container.close()

    docs = settings.docs_on
    app = AuthgateAPI(
        title="authgate",
        version="1.0.0",
        description=DESCRIPTION,
        openapi_url="/api/openapi.json" if docs else None,
        docs_url=None,  # added below, with Swagger UI's files from this origin when possible
        redoc_url=None,
        lifespan=lifespan,
        telemetry=telemetry_options(settings.opentelemetry),
    )
    app.state.container = container
    # Routes go straight onto the app, busiest first, rather than through
    # include_router: FastAPI matches an included router's routes twice per request,
    # which was a fifth of the time of /api/health (bench/README.md).
    for router in (
        service.router,
        auth.router,
        oauth.router,
        sessions.router,
        account.router,
        users.router,
        mfa.router,
        passkeys.mine,
        passkeys.sign_in,
        providers.sign_in,
        providers.mine,
        security_events.router,
        well_known.router,
        admin.router,
    ):
        app.router.routes.extend(router.routes)
    assets = swagger_assets(settings)
    if docs:
        add_docs_routes(app, assets)
    install_error_handlers(app)
    document_common_errors(app)
    app.router.default = not_found_fallback(settings)
    traits = RouteTraitsByPath()
    traits.load(app.router.routes)
    # The last added runs first: size cap, then CSRF, then content type, then HEAD.
    app.add_middleware(HeadAsGetMiddleware)
    app.add_middleware(JsonOnlyMiddleware, traits=traits)
    app.add_middleware(CsrfMiddleware, allowed_origins=settings.allowed_origin_set, traits=traits)
    app.add_middleware(BodyLimitMiddleware)
    app.state.hsts = settings.public_url.lower().startswith("https://")
    app.state.docs_csp = docs_csp(None if assets.self_hosted else CDN)
    return app


def telemetry_options(enabled: bool) -> TelemetryConfig:
    """FastAPI's own OpenTelemetry spans, metrics and logs. Off unless asked for: even with
    no provider configured, FastAPI looks the three providers up on every request, and
    current-user serves 8 to 10 % more requests a second without that (bench/README.md)."""
    return {"tracing": enabled, "metrics": enabled, "logs": enabled}


class AuthgateAPI(FastAPI):
    """Security headers and the request id wrap the whole stack, so even Starlette's 500
    answer has them."""

    def build_middleware_stack(self) -> ASGIApp:
        return RequestIdMiddleware(
            SecurityHeadersMiddleware(
                super().build_middleware_stack(),
                hsts=self.state.hsts,
                docs_policy=self.state.docs_csp,
            )
        )
