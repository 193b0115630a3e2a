"""Schemathesis hooks for `npm run fuzz` (scripts/fuzz.ts): strategies for the contract's own formats.

`format: uscc` is a unified social credit code (GB 32100-2015) whose 18th character is the
mod-31 check character of the first 17; the gateway refuses any other, so the fuzzer must be
able to generate valid ones (and the schema says exactly that).
"""
from hypothesis import strategies as st
import schemathesis

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def _with_check_char(first17: str) -> str:
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS))
    return first17 + ALPHABET[(31 - total % 31) % 31]


_first17 = st.builds(
    lambda head, area, body: head + area + body,
    st.text(ALPHABET, min_size=2, max_size=2),
    st.text("0123456789", min_size=6, max_size=6),
    st.text(ALPHABET, min_size=9, max_size=9),
)

schemathesis.openapi.format("uscc", _first17.map(_with_check_char))
