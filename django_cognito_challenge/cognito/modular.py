"""Modular exponentiation for SRP's 3072-bit group: GMP's when gmpy2 is installed, else Python's.

SRP's cost is three ``pow(base, exponent, N)`` with a 3072-bit ``N``: for the client, ``g^a``
and ``g^x`` of the fixed generator ``g``, and one power of a base Cognito chose. Python's
``pow`` takes about 40 ms for a sign-in's three, GMP's ``powmod`` (``pip install
django-cognito-challenge[gmpy2]``) about 5 ms. Both paths take the powers of ``g`` from a table
of its powers (:class:`FixedBase`), which brings the three to about 25 ms in pure Python and 3 ms
with GMP. Every path gives the same integers; the result is always a Python ``int``.

SECURITY: none of these runs in constant time (nor does the ``pow`` pycognito uses): the time
depends on the exponent's digits. ``gmpy2.powmod_sec`` would, at about 1.5 times the cost. The
table holds powers of the public ``g`` only; nothing here keeps an exponent.
"""

from __future__ import annotations

from collections.abc import Callable

from pycognito.aws_srp import G_HEX, N_HEX, hex_hash

try:
    import gmpy2
except ImportError:  # pragma: no cover - depends on what is installed
    gmpy2 = None

#: Bits of exponent per digit of :class:`FixedBase` (5 was the fastest of 3 to 7 for 1024 bits).
WINDOW = 5


class FixedBase:
    """``pow(base, exponent, modulus)`` for one base and modulus, by Yao's method; for Python's
    ``int`` or gmpy2's ``mpz`` alike.

    The table holds ``base ** (2 ** (WINDOW * i)) % modulus``, grown on demand up to the
    modulus's length (at most 615 numbers, 270 kB, for a 3072-bit modulus); its 1024 bits for
    ``g^a`` take about one ``pow``'s time to make. A 1024-bit exponent then costs about 235
    multiplications where ``pow`` squares 1024 times.
    """

    def __init__(self, base: int, modulus: int) -> None:
        self.base, self.modulus = base, modulus
        self._table = [base % modulus]

    def table(self, bits: int) -> list[int]:
        """The table covering ``bits`` of exponent; grown as a new list, so that threads racing
        to grow it each compute a whole one and none ever reads a half-grown one."""
        table = self._table
        if len(table) * WINDOW < bits:
            table = list(table)
            while len(table) * WINDOW < bits:
                table.append(pow(table[-1], 1 << WINDOW, self.modulus))
            self._table = table
        return table

    def power(self, exponent: int) -> int:
        """Return ``pow(base, exponent, modulus)``; by ``pow`` for exponents beyond the table."""
        bits = exponent.bit_length()
        if exponent < 0 or bits > self.modulus.bit_length():
            return pow(self.base, exponent, self.modulus)
        modulus, mask = self.modulus, (1 << WINDOW) - 1
        # buckets[d]: the product of the table's numbers whose digit of the exponent is d.
        buckets: list[int | None] = [None] * (1 << WINDOW)
        for number, shift in zip(self.table(bits), range(0, bits, WINDOW), strict=False):
            digit = exponent >> shift & mask
            if digit:
                held = buckets[digit]
                buckets[digit] = number if held is None else held * number % modulus
        # The product of bucket ** d over the digits d, as a product of running products.
        result = running = 1
        for held in reversed(buckets[1:]):
            if held is not None:
                running = running * held % modulus
            result = result * running % modulus
        return result


#: SRP's group (RFC 5054's 3072-bit prime and generator, as Cognito and pycognito use them)
#: and its multiplier ``k = H(N, g)``: the one definition both SRP sides import.
N = int(N_HEX, 16)
G = int(G_HEX, 16)
K = int(hex_hash("00" + N_HEX + "0" + G_HEX), 16)
POWERS_OF_G = FixedBase(G, N)
GMP_POWERS_OF_G = FixedBase(gmpy2.mpz(G), gmpy2.mpz(N)) if gmpy2 is not None else None


def python_powmod(base: int, exponent: int, modulus: int) -> int:
    """``pow(base, exponent, modulus)``; SRP's ``g^e mod N`` from :data:`POWERS_OF_G`."""
    if base == G and modulus == N:
        return POWERS_OF_G.power(exponent)
    return pow(base, exponent, modulus)


def gmp_powmod(base: int, exponent: int, modulus: int) -> int:
    """``pow(base, exponent, modulus)`` by GMP (needs gmpy2); ``g^e mod N`` from a table."""
    if base == G and modulus == N:
        return int(GMP_POWERS_OF_G.power(exponent))
    return int(gmpy2.powmod(base, exponent, modulus))


#: What SRP uses: GMP's when gmpy2 is installed.
powmod: Callable[[int, int, int], int] = gmp_powmod if gmpy2 is not None else python_powmod
#: "gmpy2" or "python", for the benchmarks and the logs.
IMPLEMENTATION = "gmpy2" if gmpy2 is not None else "python"
