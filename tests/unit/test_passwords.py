"""The password policy of NIST SP 800-63B: NFKC, 8..128 code points, a blocklist."""

from __future__ import annotations

from importlib import resources

import pytest

from authgate.application.passwords import PasswordRules, load_common_passwords
from authgate.domain.errors import PasswordTooWeak
from authgate.domain.values import normalise_password, password_length_problem

EMAIL = "ada.lovelace@example.com"
rules = PasswordRules(load_common_passwords())


@pytest.mark.parametrize(
    ("password", "length"),
    [
        ("\U0001f600" * 8, 8),  # an emoji is one character, though four UTF-8 bytes
        ("e\u0301" * 8, 8),  # e + combining acute composes to one character
        ("\ufb03" * 3, 9),  # the ligature "ffi" is three characters after NFKC
        ("ｐａｓｓ ｗｏｒｄ", 9),  # full-width letters; the space is kept
    ],
)
def test_length_counts_code_points_after_nfkc(password: str, length: int) -> None:
    assert len(normalise_password(password)) == length


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("x" * 7, "at least 8"),
        ("\U0001f600" * 7, "at least 8"),
        ("x" * 129, "at most 128"),
        ("\U0001f600" * 129, "at most 128"),
    ],
)
def test_too_short_or_too_long_is_refused(password: str, problem: str) -> None:
    message = password_length_problem(password)
    assert message is not None and problem in message


@pytest.mark.parametrize(
    "password", ["x" * 8, "\U0001f600" * 8, "\U0001f600" * 128, "y" * 128, "        "]
)
def test_lengths_from_8_to_128_are_accepted(password: str) -> None:
    assert password_length_problem(password) is None


@pytest.mark.parametrize(
    "password",
    ["password1234", "iloveyou12", "PASSWORD1234", "ｐａｓｓｗｏｒｄ１２３４", "qwertyuiop"],
)
def test_common_passwords_are_refused_in_any_case_or_width(password: str) -> None:
    with pytest.raises(PasswordTooWeak) as refused:
        rules.check(password, EMAIL)
    assert refused.value.field == "password"


@pytest.mark.parametrize("password", ["ada.lovelace", "Ada.Lovelace", "ＡＤＡ.ＬＯＶＥＬＡＣＥ"])
def test_the_emails_own_local_part_is_refused(password: str) -> None:
    with pytest.raises(PasswordTooWeak):
        rules.check(password, f"  {EMAIL.upper()} ", field="new_password")


@pytest.mark.parametrize(
    "password", ["a quiet meadow at dawn", "password1234 ", "correct horse battery staple"]
)
def test_uncommon_passwords_pass_without_composition_rules(password: str) -> None:
    rules.check(password, EMAIL)


def test_the_blocklist_holds_each_listed_word_of_eight_or_more_and_only_whole_words() -> None:
    listed = resources.files("authgate").joinpath("data/common-passwords.txt").read_text()
    words = listed.split()
    long_enough = [w for w in words if len(w) >= 8]
    common = load_common_passwords()
    assert len(long_enough) > 10_000 and all(w in common for w in long_enough)
    assert not any(w in common for w in words if len(w) < 8)  # refused by length already
    first, second = long_enough[:2]
    assert first[:-1] not in common and first + "x" not in common and first[1:] not in common
    assert f"{first}\n{second}" not in common and "" not in common and None not in common
