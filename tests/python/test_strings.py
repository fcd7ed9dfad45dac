"""Strings crossing the boundary, and string memory.

The differential fixtures (tests/kernels/run/strings.py) check values against Numba; this
file checks what only Python sees: explicit signatures with ``types.string``, one
specialisation for every ``str`` value, ``typeof``, ``str`` subclasses and strings inside
tuples and lists, the exceptions raised (with Numba's messages), compile errors pointing at
the line, that reading and comparing strings allocates nothing, and that no runtime block
leaks over many calls building and returning strings.
"""

import gc

import numpy as np
import pytest
from oxjit import TypingError, UnsupportedError, _native, njit, prange, typeof, types
from oxjit import uint8, uint16, uint64

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~"


def stats():
    gc.collect()
    return _native.runtime_stats()


def live():
    s = stats()
    return s["live_blocks"], s["live_bytes"]


# --- types and signatures ------------------------------------------------------------------


def test_type_objects():
    assert types.string is types.unicode_type
    assert str(types.string) == "unicode_type" == repr(types.unicode_type)
    assert isinstance(types.string, types.UnicodeType)
    assert typeof("x") == types.unicode_type
    assert typeof(("a", 1)) == types.Tuple((types.unicode_type, types.int64))
    assert str(types.string(uint64, uint8)) == "(uint64, uint8) -> unicode_type"


@njit(uint64(types.string))
def hash31(s):
    h = 0
    for c in s:
        h = h * 31 + ord(c)
    return h


@njit(types.string(uint64, uint8))
def encode83(value, length):
    result = ""
    for i in range(1, length + 1):
        digit = (value // (83 ** (length - i))) % 83
        result += ALPHABET[digit]
    return result


@njit(types.UniTuple(uint16, 2)(types.string))
def size_and_first(s):
    return (len(s), ord(s[0]))


def python_encode83(value, length):
    return "".join(ALPHABET[(value // 83 ** (length - i)) % 83] for i in range(1, length + 1))


def test_explicit_signatures():
    assert hash31("abc") == (97 * 31 + 98) * 31 + 99
    assert [str(s) for s in hash31.nopython_signatures] == ["(unicode_type,) -> uint64"]
    for v, n in [(0, 1), (123456, 4), (83**4 - 1, 4), (2**40, 8)]:
        assert encode83(v, n) == python_encode83(v, n)
    assert [str(s) for s in encode83.nopython_signatures] == ["(uint64, uint8) -> unicode_type"]
    assert size_and_first("héllo") == (5, 104)
    assert size_and_first("😀") == (1, 0x1F600 & 0xFFFF)


def test_signature_strings():
    f = njit("unicode_type(unicode_type, int64)")(lambda s, n: s * n)
    assert f("ab", 2) == "abab"
    g = njit("int64(types.string)")(lambda s: len(s))
    assert g("日本") == 2


# --- dispatch ------------------------------------------------------------------------------


@njit
def describe(x, method):
    if method == "mean":
        return x * 2.0
    elif method == "median":
        return x * 3.0
    return -1.0


def test_one_specialisation_for_every_string():
    f = njit(lambda s: len(s))
    for s in ["", "a", "é" * 3, "日本", "a😀b", "x" * 10_000]:
        assert f(s) == len(s)
    assert len(f.signatures) == 1
    assert describe(1.0, "median") == 3.0
    assert describe(1.0, "mode") == -1.0
    assert describe(2, "mean") == 4.0
    assert len(describe.signatures) == 2


def test_str_subclass_argument():
    class Name(str):
        pass

    f = njit(lambda s, t: (s + t, len(s), s == "abc"))
    assert f(Name("abc"), "é") == ("abcé", 3, True)
    assert f(Name("日本語"), Name("😀")) == ("日本語😀", 3, False)


def test_strings_in_tuples_and_lists():
    f = njit(lambda t: t[0] + t[1] * t[2])
    assert f(("a", "é", 3)) == "aééé"

    @njit
    def upper_all(words):
        for i in range(len(words)):
            words[i] = words[i].upper()
        words.append("!")
        return len(words)

    words = ["ab", "é", "😀"]
    assert upper_all(words) == 4
    assert words == ["AB", "É", "😀", "!"]
    assert all(type(w) is str for w in words)


def test_returned_strings_are_canonical_python_strings():
    f = njit(lambda s: (s[2:], s[:1], s[1:2] + "b"))
    a, b, c = f("日aé")
    # Views of a UCS-2 string holding only Latin-1 characters come back in Python's own
    # (narrowest) form: equal and hashing equal to literals.
    assert (a, b, c) == ("é", "日", "ab")
    assert a.isascii() is False and hash(a) == hash("é")
    assert c.isascii() and {c: 1}["ab"] == 1


def test_nogil_with_strings():
    f = njit(nogil=True)(lambda s, n: (s * n).upper())
    assert f("ab", 3) == "ABABAB"


def test_prange_with_a_string_flag():
    @njit(parallel=True)
    def total(a, how):
        s = 0.0
        for i in prange(a.shape[0]):
            if how == "square":
                s += a[i] * a[i]
            else:
                s += a[i]
        return s

    a = np.arange(100_000.0)
    assert total(a, "square") == float(np.sum(a * a))
    assert total(a, "plain") == float(np.sum(a))


# --- exceptions ----------------------------------------------------------------------------


def test_runtime_errors_have_numbas_messages():
    with pytest.raises(IndexError, match="string index out of range"):
        njit(lambda s, i: s[i])("abc", 3)
    with pytest.raises(TypeError, match=r"ord\(\) expected a character"):
        njit(lambda s: ord(s))("ab")
    with pytest.raises(TypeError, match=r"ord\(\) expected a character"):
        njit(lambda s: ord(s))("")
    with pytest.raises(ValueError, match=r"chr\(\) arg not in range\(0x10ffff\)"):
        njit(lambda n: chr(n))(-1)
    with pytest.raises(ValueError, match="substring not found"):
        njit(lambda s: s.index("z"))("abc")
    with pytest.raises(ValueError, match="empty separator"):
        njit(lambda s: s.split(""))("abc")
    with pytest.raises(ValueError, match="The fill character must be exactly one character long"):
        njit(lambda s: s.center(5, "ab"))("x")
    with pytest.raises(ValueError, match="slice step cannot be zero"):
        njit(lambda s, k: s[::k])("abc", 0)


def test_typing_errors_point_at_the_line():
    def add_number(s):
        t = s.strip()
        return t + 1

    with pytest.raises(TypingError) as e:
        njit(add_number)("x")
    assert e.value.code == "E0301" and e.value.lineno == add_number.__code__.co_firstlineno + 2
    assert "unsupported operand types for +: unicode_type and int64" in str(e.value)

    def titled(s):
        return s.title()

    with pytest.raises(UnsupportedError) as e:
        njit(titled)("x")
    assert e.value.code == "E0307" and e.value.lineno == titled.__code__.co_firstlineno + 1
    assert "method `title` of unicode_type" in str(e.value)


def test_unsupported_str_conversions_are_refused():
    with pytest.raises(UnsupportedError, match=r"str\(\) of float64"):
        njit(lambda x: str(x))(1.5)
    with pytest.raises(TypingError, match=r"int\(\) of unicode_type"):
        njit(lambda s: int(s))("12")


# --- memory --------------------------------------------------------------------------------


@njit
def count_flag(a, method):
    n = 0
    for i in range(a.shape[0]):
        if method == "mean":
            n += 1
        elif method == "median" or method[0] == "m":
            n += 2
    return n


@njit
def scan(s, sub):
    n = 0
    for c in s:
        if c == sub or c in "xyz":
            n += 1
    return n + s.find(sub) + s.count(sub) + len(s.strip())


def test_reading_and_comparing_allocates_nothing():
    a = np.zeros(1000)
    text = "héllo wörld " * 100
    assert count_flag(a, "mean") == 1000
    assert scan(text, "o") == text.count("o") + text.find("o") + text.count("o") + len(text.strip())
    before = stats()["allocs"]
    for m in ("mean", "median", "mode", "max", "é", "日本"):
        count_flag(a, m)
    for _ in range(100):
        scan(text, "ö")
        scan("日本語", "本")
    assert stats()["allocs"] == before


@njit
def build(n):
    out = ""
    parts = []
    for i in range(n):
        out += str(i) + ","
        parts.append(out[-2:])
    pieces = out.split(",")
    return out.upper(), "|".join(parts), pieces, (out.replace(",", ";"), len(pieces)), chr(0x1F600 + n)


@njit
def raise_after_building(s, n):
    t = (s + "x") * n
    u = t.center(len(t) + 4, "é")
    if len(u) > 5:
        raise ValueError("too long")
    return u


@njit
def early_return(s, n):
    x = s * 3
    for i in range(n):
        y = x[i:].lower()
        if i == 2:
            return y
    return x


def test_no_leaks_over_many_calls():
    build(3)
    early_return("abcd", 5)
    before = live()
    for _ in range(100_000):
        r = build(4)
        assert r[0] == "0,1,2,3," and r[2] == ["0", "1", "2", "3", ""]
        assert early_return("AbCd", 5) == "cdabcdabcd"
    assert live() == before


def test_no_leaks_on_exceptions():
    with pytest.raises(ValueError):
        raise_after_building("abc", 2)
    before = live()
    for _ in range(20_000):
        with pytest.raises(ValueError):
            raise_after_building("abc", 2)
        raise_after_building("", 1)
    assert live() == before


def test_no_leaks_with_string_lists():
    @njit
    def roundtrip(words):
        out = []
        for w in words:
            out.extend(w.split("-"))
        out.sort()
        words.append(out[0] * 2)
        return out, "+".join(out)

    roundtrip(["a-b", "é"])
    before = live()
    for _ in range(20_000):
        words = ["c-b-a", "日-😀"]
        out, joined = roundtrip(words)
        assert out == ["a", "b", "c", "日", "😀"] and joined == "a+b+c+日+😀"
        assert words[-1] == "aa"
    assert live() == before
