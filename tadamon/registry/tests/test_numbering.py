import itertools

import pytest

from tadamon.errors import DomainError
from tadamon.registry.numbering import format_number, next_number, normalize_number

ALPHABET = "0123456789X"


def test_it_formats_region_year_sequence_and_check():
    number = format_number("06", 2025, 123)
    assert number.startswith("06-2025-000123-")
    assert len(number) == len("06-2025-000123-0")


def test_it_accepts_spaces_lowercase_and_no_separators():
    number = format_number("01", 2024, 9)
    compact = number.replace("-", "").lower()
    assert normalize_number(compact) == number
    assert normalize_number(number.replace("-", " ")) == number


@pytest.mark.parametrize("seq", [1, 123, 98765, 999999])
def test_every_single_mistyped_character_is_caught(seq):
    number = format_number("12", 2031, seq).replace("-", "")
    for position, replacement in itertools.product(range(len(number)), ALPHABET):
        if replacement == number[position] or (replacement == "X" and position < 12):
            continue
        typo = number[:position] + replacement + number[position + 1 :]
        with pytest.raises(DomainError):
            normalize_number(typo)


@pytest.mark.parametrize("seq", [1, 210, 45678, 100001])
def test_every_swap_of_two_adjacent_characters_is_caught(seq):
    number = format_number("07", 2019, seq).replace("-", "")
    for position in range(len(number) - 1):
        a, b = number[position], number[position + 1]
        if a == b:
            continue
        swapped = number[:position] + b + a + number[position + 2 :]
        with pytest.raises(DomainError) as failure:
            normalize_number(swapped)
        assert failure.value.field == "registry_id"


def test_a_malformed_number_says_what_format_is_expected():
    with pytest.raises(DomainError) as failure:
        normalize_number("ABC")
    assert failure.value.code == "registry_id_format"
    assert "RR-YYYY-NNNNNN-C" in failure.value.message_ar
    assert "RR-AAAA-NNNNNN-C" in failure.value.message_fr


@pytest.mark.django_db
def test_sequences_count_per_region_and_year_and_never_repeat():
    first = next_number("06", 2025)
    second = next_number("06", 2025)
    other_region = next_number("01", 2025)
    assert first.startswith("06-2025-000001-")
    assert second.startswith("06-2025-000002-")
    assert other_region.startswith("01-2025-000001-")
