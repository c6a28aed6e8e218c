"""Real bcrypt: nothing truncated at 72 bytes, no NUL-byte pitfall, rehash on cost change."""

from __future__ import annotations

import pytest

from authgate.infrastructure.passwords import PREHASH_PREFIX, BcryptHasher


@pytest.fixture(scope="module")
def hasher() -> BcryptHasher:
    return BcryptHasher(rounds=4)


async def test_passwords_differing_only_after_byte_72_are_different(hasher: BcryptHasher) -> None:
    base = "x" * 72
    stored = await hasher.hash(base + "A")
    assert stored.startswith(PREHASH_PREFIX)
    assert await hasher.verify(base + "A", stored)
    assert not await hasher.verify(base + "B", stored)
    assert not await hasher.verify(base, stored)


async def test_multibyte_password_over_72_bytes_counts_every_character(
    hasher: BcryptHasher,
) -> None:
    password = "ü" * 40  # 80 bytes in UTF-8
    stored = await hasher.hash(password)
    assert await hasher.verify(password, stored)
    assert not await hasher.verify("ü" * 39 + "u", stored)


async def test_nul_bytes_do_not_cut_the_password_short(hasher: BcryptHasher) -> None:
    stored = await hasher.hash("abc\x00defghijk")
    assert await hasher.verify("abc\x00defghijk", stored)
    assert not await hasher.verify("abc\x00zzzzzzzz", stored)
    assert not await hasher.verify("abc", stored)


async def test_short_passwords_use_plain_bcrypt(hasher: BcryptHasher) -> None:
    stored = await hasher.hash("correct horse")
    assert stored.startswith("$2b$04$")
    assert await hasher.verify("correct horse", stored)


async def test_a_long_password_never_matches_a_plain_bcrypt_hash(hasher: BcryptHasher) -> None:
    stored = await hasher.hash("y" * 72)  # exactly 72 bytes: plain bcrypt
    assert not await hasher.verify("y" * 72 + "extra", stored)


async def test_needs_rehash_when_the_cost_changes(hasher: BcryptHasher) -> None:
    stored = await hasher.hash("correct horse")
    assert not hasher.needs_rehash(stored)
    assert BcryptHasher(rounds=5).needs_rehash(stored)
    assert hasher.needs_rehash("not-a-bcrypt-hash")


async def test_a_corrupt_hash_verifies_as_false(hasher: BcryptHasher) -> None:
    assert not await hasher.verify("anything at all", "$2b$04$broken")
