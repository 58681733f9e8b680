import pytest

from readycheck.errors import ExpressionError
from readycheck.policy.expressions import parse_threshold


@pytest.mark.parametrize(
    ("text", "value", "expected"),
    [
        (">= 0.85", 0.85, True),
        (">= 0.85", 0.849, False),
        ("> 0.85", 0.85, False),
        ("<= 120", 120, True),
        ("< 120", 120, False),
        ("== 0", 0, True),
        ("== 0", 0.1, False),
        ("!= 0", 3, True),
        ("!= 0", 0, False),
        ("> 0 and <= 120", 60, True),
        ("> 0 and <= 120", 0, False),
        ("> 0 and <= 120", 121, False),
        (">= 85%", 0.85, True),
        (">= 85%", 0.84, False),
        (">= -1e-3", -0.0005, True),
        (">=0.5", 0.5, True),
        ("  >=   .5  ", 0.6, True),
    ],
)
def test_threshold_holds(text: str, value: float, expected: bool) -> None:
    assert parse_threshold(text).holds(value) is expected


def test_nan_never_satisfies_a_threshold() -> None:
    assert parse_threshold("!= 0").holds(float("nan")) is False


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("0.85", "expected an operator"),
        (">= abc", "expected a number after '>='"),
        (">=", "expected a number after '>=', found 'end of text'"),
        ("=> 0.5", "expected an operator"),
        (">= 0.5 or < 1", "expected 'and', found 'or'"),
        (">= 0.5 and", "expected an operator"),
        ("", "expected an operator"),
        ("__import__('os')", "expected an operator"),
    ],
)
def test_bad_expressions_say_what_was_expected(text: str, fragment: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        parse_threshold(text)
    assert fragment in str(caught.value)
    assert repr(text) in str(caught.value)


def test_non_string_is_rejected() -> None:
    with pytest.raises(ExpressionError, match="must be a string"):
        parse_threshold(0.85)  # type: ignore[arg-type]
