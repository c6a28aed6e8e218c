"""Context for the idle RSS figure: the libraries authgate stands on (DESIGN.md), each
used once the way authgate uses it, behind one route and none of authgate's own
code. Served like the bare app; its idle RSS is the floor under authgate's."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import bcrypt
import jwt
import pyotp
import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from fastapi import FastAPI
from pydantic import BaseModel, EmailStr
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bench.serving import serve


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="AUTHGATE_", extra="ignore")
    data_dir: Path = Path(".")


class Base(DeclarativeBase):
    pass


class Person(Base):
    __tablename__ = "people"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str]


class Status(BaseModel):
    status: str
    contact: EmailStr


settings = Settings()
engine = create_async_engine(f"sqlite+aiosqlite:///{settings.data_dir / 'stack.db'}")
KEY = ec.generate_private_key(ec.SECP256R1())


@asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.create_all)
    async with AsyncSession(engine) as session:
        await session.execute(sa.select(Person).limit(1))
    token = jwt.encode({"sub": "1"}, KEY, algorithm="ES256")
    jwt.decode(token, KEY.public_key(), algorithms=["ES256"])
    AESGCM(AESGCM.generate_key(bit_length=256))
    bcrypt.checkpw(b"pw", bcrypt.hashpw(b"pw", bcrypt.gensalt(4)))
    pyotp.TOTP(pyotp.random_base32()).now()
    yield
    await engine.dispose()


app = FastAPI(lifespan=lifespan)


@app.get("/", response_model=Status)
async def root() -> Status:
    return Status(status="ok", contact="ops@example.com")


if __name__ == "__main__":
    serve(app)
