"""Properties of reading an amount of money an operator types (``parse_money``): any text is
an amount to the cent, from 0 up to its bound, or refused with a message; every amount
written to the cent reads back as itself."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from quire.earnings.services import EarningsError, parse_money


@settings(max_examples=500)
@given(st.one_of(st.text(max_size=60), st.none(), st.integers(), st.floats()))
def test_any_input_is_an_amount_or_a_message(value):
    try:
        amount = parse_money(value)
    except EarningsError as refusal:
        assert str(refusal)
    else:
        assert Decimal(0) <= amount < Decimal(10**10)
        assert amount == amount.quantize(Decimal("0.01"))


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_an_amount_to_the_cent_reads_back_as_itself(cents):
    written = Decimal(cents) / 100
    assert parse_money(f"{written:.2f}") == written
    assert parse_money(f" {written:,.2f} ") == written


@given(st.integers(min_value=1, max_value=10**6), st.integers(min_value=1, max_value=9))
def test_fractions_of_a_cent_are_refused_not_rounded(whole, thousandth):
    try:
        parse_money(f"{whole}.00{thousandth}")
    except EarningsError as refusal:
        assert "to the cent" in str(refusal)
    else:
        raise AssertionError("a fraction of a cent was accepted")
