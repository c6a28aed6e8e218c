"""Passkeys: a person's own (add, list, rename, remove), and signing in or up with one."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Response

from authgate.application.account.reauthentication import Proof
from authgate.application.passkeys.registration import AddPasskey, RemovePasskey, RenamePasskey
from authgate.application.passkeys.sign_in import PasskeyLogin
from authgate.application.passkeys.signup import FinishPasskeySignup, StartPasskeySignup
from authgate.presentation.cookies import no_store
from authgate.presentation.dependencies import Client, ContainerDep, CurrentPrincipal
from authgate.presentation.envelope import Envelope, ok
from authgate.presentation.passkey_schemas import (
    AddPasskeyRequest,
    ChallengeOptions,
    CreationOptions,
    PasskeyInfo,
    PasskeyLoginRequest,
    PasskeySignupRequest,
    RenamePasskeyRequest,
)
from authgate.presentation.rate_limits import LoginLimit, SignupLimit
from authgate.presentation.responses import errors
from authgate.presentation.route_traits import SIGN_IN, speaks
from authgate.presentation.schemas import CurrentPasswordRequest, LoginData
from authgate.presentation.transports import CookieTransport

mine = APIRouter(prefix="/api/users/me/passkeys", tags=["passkeys"])
sign_in = APIRouter(prefix="/api/auth", tags=["passkeys"])
ERRORS = errors(400, 401, 403, 404, 409, 413, 415, 422, 429, 503)


@mine.post("/options", response_model=Envelope[CreationOptions], responses=ERRORS)
async def registration_options(
    body: CurrentPasswordRequest,
    principal: CurrentPrincipal,
    container: ContainerDep,
    client: Client,
) -> dict[str, object]:
    """Creation options for a new passkey of the person (theirs excluded)."""
    proof = Proof(principal.user.id, body.current_password, principal.authenticated_at, client)
    options = await container.passkeys.start_registration(proof)
    return ok(CreationOptions(options=options))


@mine.post("", status_code=201, response_model=Envelope[PasskeyInfo], responses=ERRORS)
async def add_passkey(
    body: AddPasskeyRequest, principal: CurrentPrincipal, container: ContainerDep, client: Client
) -> dict[str, object]:
    command = AddPasskey(principal.user.id, body.credential, body.name, client)
    passkey = await container.passkeys.add(command)
    return ok(PasskeyInfo.of(passkey), "Passkey added", 201)


@mine.get("", response_model=Envelope[list[PasskeyInfo]], responses=errors(401, 503))
async def list_passkeys(principal: CurrentPrincipal, container: ContainerDep) -> dict[str, object]:
    return ok([PasskeyInfo.of(p) for p in await container.passkeys.list(principal.user.id)])


@mine.patch("/{passkey_id}", response_model=Envelope[PasskeyInfo], responses=ERRORS)
async def rename_passkey(
    passkey_id: uuid.UUID,
    body: RenamePasskeyRequest,
    principal: CurrentPrincipal,
    container: ContainerDep,
) -> dict[str, object]:
    command = RenamePasskey(principal.user.id, passkey_id, body.name)
    return ok(PasskeyInfo.of(await container.passkeys.rename(command)), "Passkey renamed")


@mine.delete("/{passkey_id}", response_model=Envelope[None], responses=ERRORS)
async def remove_passkey(
    passkey_id: uuid.UUID,
    principal: CurrentPrincipal,
    container: ContainerDep,
    client: Client,
    body: Annotated[CurrentPasswordRequest | None, Body()] = None,
) -> dict[str, object]:
    password = body.current_password if body else None
    proof = Proof(principal.user.id, password, principal.authenticated_at, client)
    await container.passkeys.remove(RemovePasskey(proof, passkey_id))
    return ok(None, "Passkey removed")


@sign_in.post(
    "/passkey/options",
    response_model=Envelope[ChallengeOptions],
    responses=errors(403, 429, 503),
    dependencies=[LoginLimit],
)
async def login_options(container: ContainerDep, response: Response) -> dict[str, object]:
    """Request options for a discoverable passkey: the person types nothing."""
    options, token = await container.passkeys.login_options()
    no_store(response)
    return ok(ChallengeOptions(options=options, challenge_token=token))


@sign_in.post(
    "/passkey/login",
    response_model=Envelope[LoginData],
    responses=errors(401, 403, 413, 415, 422, 429, 503),
    dependencies=[LoginLimit],
)
@speaks(SIGN_IN)
async def passkey_login(
    body: PasskeyLoginRequest, container: ContainerDep, client: Client, response: Response
) -> dict[str, object]:
    """Signs in and sets both cookies, like login; no second step follows."""
    command = PasskeyLogin(body.challenge_token, body.credential, client)
    started = await container.passkeys.login(command)
    return ok(CookieTransport(container.settings).signed_in(started, response), "Signed in")


@sign_in.post(
    "/signup/passkey",
    response_model=Envelope[ChallengeOptions],
    responses=errors(403, 413, 415, 422, 429, 503),
    dependencies=[SignupLimit],
)
async def passkey_signup(
    body: PasskeySignupRequest, container: ContainerDep, response: Response
) -> dict[str, object]:
    """Creation options for a new account with no password."""
    options, token = await container.passkeys.start_signup(
        StartPasskeySignup(body.name, body.email)
    )
    no_store(response)
    return ok(ChallengeOptions(options=options, challenge_token=token))


@sign_in.post(
    "/signup/passkey/finish",
    status_code=201,
    response_model=Envelope[LoginData],
    responses=errors(400, 403, 409, 413, 415, 422, 429, 503),
    dependencies=[SignupLimit],
)
@speaks(SIGN_IN)
async def passkey_signup_finish(
    body: PasskeyLoginRequest, container: ContainerDep, client: Client, response: Response
) -> dict[str, object]:
    """Creates the account with its passkey and signs it in (cookies, like login)."""
    command = FinishPasskeySignup(body.challenge_token, body.credential, client)
    started = await container.passkeys.finish_signup(command)
    data = CookieTransport(container.settings).signed_in(started, response)
    return ok(data, "Account created", 201)
