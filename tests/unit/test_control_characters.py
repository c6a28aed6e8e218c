"""The characters no text field accepts: exactly the Unicode categories Cc, Cs, Zl, Zp."""

from __future__ import annotations

import sys
import unicodedata

from authgate.domain.values import has_control_characters


def test_the_pattern_is_exactly_the_four_categories_over_every_code_point() -> None:
    forbidden = {"Cc", "Cs", "Zl", "Zp"}
    differ = [
        hex(point)
        for point in range(sys.maxunicode + 1)
        if has_control_characters(chr(point)) != (unicodedata.category(chr(point)) in forbidden)
    ]
    assert differ == []


def test_one_such_character_anywhere_is_found() -> None:
    assert not has_control_characters("Ada Lovelace, 𝔄𝔡𝔞 \u00a0\u200b")
    assert has_control_characters("a token\r\nwith a break")
    assert has_control_characters("ends in NUL\x00")
    assert has_control_characters("a line separator\u2028")
