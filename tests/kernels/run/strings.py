# Strings (Numba's unicode_type): arguments of every width (ASCII, Latin-1, BMP, astral) and
# empty, literals and module-level globals, indexing and slicing, iteration, operators,
# comparisons (also in if/elif chains), builtins, the common methods, strings in tuples and
# lists (arguments reflected back, results boxed), and a base-83 encoder/decoder as written
# for Numba.
import numpy as np

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~"
GREETING = "héllo, wörld"
WIDE = "日本語 テキスト"


def length(s):
    return len(s)
# run: length("hello")
# run: length("héllo")
# run: length("日本語")
# run: length("a😀b")
# run: length("")
# hypothesis: length(texts)


def index(s, i):
    return s[i]
# run: index("hello", 0)
# run: index("hello", -1)
# run: index("héllo", 1)
# run: index("日本語", -2)
# run: index("a😀b", 1)
# run: index("a😀b", -1)
# run: index("abc", 3)
# run: index("abc", -4)
# run: index("", 0)


def slices(s):
    return s[1:], s[:-1], s[::2], s[::-1], s[-3:], s[10:], s[-10:2], s[1:100:3]
# run: slices("abcdefgh")
# run: slices("héllo wörld")
# run: slices("日本語テキスト")
# run: slices("a😀b🎉c")
# run: slices("")
# hypothesis: slices(texts)


def slice_args(s, a, b, c):
    return s[a:b:c]
# run: slice_args("abcdef", 5, 1, -1)
# run: slice_args("abcdef", -1, -7, -2)
# run: slice_args("日本語テキスト", 1, 6, 2)
# run: slice_args("a😀b🎉c", 4, 0, -3)
# run: slice_args("abcdef", 0, 6, 0)
# hypothesis: slice_args(texts, int_range(-15, 15), int_range(-15, 15), int_range(-4, 4).filter(lambda c: c != 0))


def iterate(s):
    out = ""
    total = 0
    for c in s:
        out += c + "|"
        total += ord(c)
    return out, total
# run: iterate("abc")
# run: iterate("héllo")
# run: iterate("日本")
# run: iterate("a😀")
# run: iterate("")


def enumerate_chars(s):
    t = 0
    for i, c in enumerate(s):
        t += i * ord(c)
    return t
# run: enumerate_chars("abc")
# run: enumerate_chars("é😀日")


def concat(a, b):
    return a + b, b + a + a
# run: concat("ab", "cd")
# run: concat("ab", "é")
# run: concat("é", "日本")
# run: concat("日", "😀")
# run: concat("", "")
# hypothesis: concat(texts, texts)


def augmented(s, n):
    r = ""
    for i in range(n):
        r += s
    r += "!"
    return r
# run: augmented("ab", 3)
# run: augmented("é😀", 2)
# run: augmented("x", 0)


def repeat(s, n):
    return s * n, n * s
# run: repeat("ab", 3)
# run: repeat("é", 2)
# run: repeat("😀日", 3)
# run: repeat("ab", 0)
# run: repeat("ab", -2)
# run: repeat("", 5)


def compare(a, b):
    return a == b, a != b, a < b, a <= b, a > b, a >= b
# run: compare("abc", "abd")
# run: compare("abc", "abc")
# run: compare("é", "e")
# run: compare("ab", "a")
# run: compare("", "a")
# run: compare("", "")
# run: compare("日本", "日本")
# run: compare("😀", "日")
# run: compare("a\x00", "a")
# hypothesis: compare(texts, texts)
# hypothesis: compare(short_texts, short_texts)


def compare_slices(s):
    # Views of a wider string compared with literals of a narrower kind.
    return s[:2] == "ab", s[-1:] == "é", s[2:4] == "日本", s[:2] < "ac"
# run: compare_slices("ab日本é")
# run: compare_slices("abcdé")


def compare_other_types(s):
    return s == 1, s != 1.5, s == None, s != None
# run: compare_other_types("a")


def contains(sub, s):
    return sub in s, sub not in s
# run: contains("bc", "abcd")
# run: contains("", "abc")
# run: contains("é", "héllo")
# run: contains("本語", "日本語")
# run: contains("😀", "a😀b")
# run: contains("x", "")
# hypothesis: contains(short_texts, texts)


def in_tuple(s):
    return s in ("mean", "median"), s not in ("max",)
# run: in_tuple("median")
# run: in_tuple("max")
# run: in_tuple("")


def ordinal(s):
    return ord(s)
# run: ordinal("a")
# run: ordinal("é")
# run: ordinal("日")
# run: ordinal("😀")


def character(n):
    return chr(n)
# run: character(65)
# run: character(233)
# run: character(0x65E5)
# run: character(0x1F600)
# run: character(0)
# run: character(-1)
# run: character(0x110000)


def character_roundtrip(s):
    out = ""
    for c in s:
        out += chr(ord(c) + 1)
    return out
# run: character_roundtrip("HAL")
# run: character_roundtrip("é日😀")


def to_str(n):
    return str(n), str(n) + "!", len(str(n))
# run: to_str(0)
# run: to_str(123)
# run: to_str(-45)
# run: to_str(INT64_MAX)
# run: to_str(True)
# run: to_str(False)
# hypothesis: to_str(small_ints)


def to_str_str(s):
    return str(s), str()
# run: to_str_str("é")


def truth(s):
    if s:
        return 1
    return 0
# run: truth("")
# run: truth("a")
# run: truth("😀")


def truth_ops(s):
    return bool(s), not s, s and "yes", s or "empty"
# run: truth_ops("")
# run: truth_ops("x")


def finds(s, sub):
    return s.find(sub), s.rfind(sub), s.count(sub)
# run: finds("abcabc", "bc")
# run: finds("abc", "")
# run: finds("", "")
# run: finds("", "a")
# run: finds("aaaa", "aa")
# run: finds("héllo wörld", "ö")
# run: finds("日本語日本", "日本")
# run: finds("a😀b😀", "😀")
# run: finds("abc", "é")
# hypothesis: finds(texts, short_texts)


def finds_range(s, sub, a, b):
    return s.find(sub, a, b), s.rfind(sub, a, b), s.count(sub, a, b), s.startswith(sub, a, b), s.endswith(sub, a, b)
# run: finds_range("abcabc", "bc", 2, 6)
# run: finds_range("abcabc", "", 5, 2)
# run: finds_range("abcabc", "c", -4, -1)
# run: finds_range("abcabc", "abc", 0, 100)
# run: finds_range("日本語日本", "日", -3, 5)
# hypothesis: finds_range(texts, short_texts, int_range(-15, 15), int_range(-15, 15))


def finds_start(s, sub, a):
    return s.find(sub, a), s.rfind(sub, a), s.count(sub, a)
# run: finds_start("abcabc", "bc", -3)
# run: finds_start("abc", "", 4)
# run: finds_start("abc", "", 3)
# run: finds_start("abc", "", -10)


def index_of(s, sub):
    return s.index(sub), s.rindex(sub)
# run: index_of("abcabc", "c")
# run: index_of("日本語", "本")
# run: index_of("abc", "d")
# run: index_of("", "a")


def prefixes(s, p):
    return s.startswith(p), s.endswith(p)
# run: prefixes("abcdef", "ab")
# run: prefixes("abcdef", "ef")
# run: prefixes("abcdef", "")
# run: prefixes("héllo", "hé")
# run: prefixes("a😀", "😀")
# run: prefixes("", "a")
# hypothesis: prefixes(texts, short_texts)


def prefix_tuple(s):
    return s.startswith(("x", "hé")), s.endswith(("😀", "ld")), s.startswith(("a",), 1)
# run: prefix_tuple("héllo world")
# run: prefix_tuple("xa😀")


def strips(s):
    return s.strip(), s.lstrip(), s.rstrip()
# run: strips("  a b \t\n")
# run: strips("\x1c\x1f é \u3000\x85")
# run: strips("   ")
# run: strips("")
# run: strips("日本")
# hypothesis: strips(texts)


def strips_chars(s, c):
    return s.strip(c), s.lstrip(c), s.rstrip(c)
# run: strips_chars("xxaxbxx", "x")
# run: strips_chars("éaé", "é")
# run: strips_chars("abc", "")
# run: strips_chars("日本語日", "日語")
# run: strips_chars("😀a😀", "😀")
# hypothesis: strips_chars(texts, short_texts)


def strips_none(s):
    return s.strip(None), s.rstrip(None)
# run: strips_none(" a ")


def cases(s):
    return s.upper(), s.lower()
# run: cases("Hello World")
# run: cases("Héllo Straße")
# run: cases("ΣΑΣ σας")
# run: cases("ﬁ ǅ İ ς")
# run: cases("ÿ µ")
# run: cases("日本😀")
# run: cases("")
# hypothesis: cases(texts)


def classes(s):
    return s.isdigit(), s.isalpha(), s.isspace()
# run: classes("123")
# run: classes("")
# run: classes("abc")
# run: classes(" \t\n")
# run: classes("²٣")
# run: classes("ǅé日")
# run: classes("\x1c\u3000")
# run: classes("a1")
# run: classes("😀")
# hypothesis: classes(texts)


def splits(s):
    return s.split()
# run: splits("  a b  c ")
# run: splits("a\u3000b\x1cc\x85d")
# run: splits("")
# run: splits("   ")
# run: splits("héllo wörld 日本 😀")
# hypothesis: splits(texts)


def splits_sep(s, sep):
    return s.split(sep)
# run: splits_sep("a,b,,c", ",")
# run: splits_sep("", ",")
# run: splits_sep("a::b::", "::")
# run: splits_sep("日本,語", ",")
# run: splits_sep("a😀b😀", "😀")
# run: splits_sep("a,b", "")
# hypothesis: splits_sep(texts, short_texts.filter(lambda t: t != ""))


def splits_max(s, sep, n):
    return s.split(sep, n)
# run: splits_max("a,b,,c", ",", 1)
# run: splits_max("a,b,c", ",", 0)
# run: splits_max("a,b,c", ",", -1)


def split_keywords(s):
    return s.split(sep=",", maxsplit=1), s.split(",")
# run: split_keywords("a,b,c")


def joins(sep, l):
    return sep.join(l)
# run: joins("-", ["a", "b", "c"])
# run: joins("", ["é", "😀", "a"])
# run: joins(", ", ["日本"])


def join_built(n):
    parts = []
    for i in range(n):
        parts.append(str(i))
    return ",".join(parts), "".join(parts[:0])
# run: join_built(4)
# run: join_built(0)


def join_split(s):
    return "-".join(s.split()), "+".join(s)
# run: join_split("a b  c")
# run: join_split("日本 語")
# run: join_split("")


def join_tuple(s):
    return s.join(("a", "é", "😀"))
# run: join_tuple("-")
# run: join_tuple("")


def replaces(s, a, b):
    return s.replace(a, b)
# run: replaces("aaa", "a", "bb")
# run: replaces("abc", "", "-")
# run: replaces("héllo", "l", "😀")
# run: replaces("日本語", "本", "")
# run: replaces("abc", "x", "y")
# hypothesis: replaces(texts, short_texts.filter(lambda t: t != ""), short_texts)


def replaces_count(s, a, b, n):
    return s.replace(a, b, n)
# run: replaces_count("aaa", "a", "b", 2)
# run: replaces_count("aaa", "a", "b", -1)
# run: replaces_count("aaa", "", "-", 2)
# run: replaces_count("aaa", "a", "b", 0)


def pads(s, n):
    return s.zfill(n), s.center(n), s.ljust(n), s.rjust(n)
# run: pads("-42", 6)
# run: pads("+5", 4)
# run: pads("42", 1)
# run: pads("", 3)
# run: pads("é", 4)
# run: pads("abc", 6)
# run: pads("ab", 7)
# run: pads("日本", -1)


def pads_fill(s, n, c):
    return s.center(n, c), s.ljust(n, c), s.rjust(n, c)
# run: pads_fill("ab", 7, "*")
# run: pads_fill("ab", 6, "é")
# run: pads_fill("abc", 6, "日")
# run: pads_fill("😀", 4, "-")
# run: pads_fill("ab", 7, "**")


def dispatch(x, method):
    if method == "mean":
        return x * 2
    elif method == "median":
        return x * 3
    elif method == "max":
        return x * 4
    else:
        return -1.0
# run: dispatch(1.5, "mean")
# run: dispatch(1.5, "median")
# run: dispatch(1.5, "max")
# run: dispatch(1.5, "maximum")
# run: dispatch(1.5, "")


def metric_loop(a, metric):
    s = 0.0
    for i in range(a.shape[0]):
        if metric == "sum":
            s += a[i]
        elif metric == "sumsq":
            s += a[i] * a[i]
        else:
            raise ValueError("unknown metric")
    return s
# run: metric_loop(np.arange(10.0), "sum")
# run: metric_loop(np.arange(10.0), "sumsq")
# run: metric_loop(np.arange(10.0), "cosine")


def encode83(value, length):
    result = ""
    for i in range(1, length + 1):
        digit = (value // (83 ** (length - i))) % 83
        result += ALPHABET[digit]
    return result
# run: encode83(0, 1)
# run: encode83(123456, 4)
# run: encode83(3429, 2)


def decode83(s):
    value = 0
    for c in s:
        value = value * 83 + ALPHABET.index(c)
    return value
# run: decode83("0")
# run: decode83("0Af~")
# run: decode83("L~")
# run: decode83("é")


def roundtrip83(value, length):
    return decode83(encode83(value, length))
# run: roundtrip83(123456, 4)
# hypothesis: roundtrip83(int_range(0, 83**4 - 1), int_range(4, 6))


def globals_(i):
    return GREETING[i], len(GREETING), GREETING.upper(), WIDE[i], WIDE.split()
# run: globals_(1)
# run: globals_(-3)


def list_literal():
    return ["a", "é", "日", "😀", ""]
# run: list_literal()


def list_build(n):
    out = []
    for i in range(n):
        out.append(str(i) * 2)
    return out
# run: list_build(4)


def list_of_chars(s):
    return list(s)
# run: list_of_chars("a日😀")


def list_search(words, w):
    return w in words, words.index(w), words.count(w)
# run: list_search(["b", "a", "é", "a"], "a")
# run: list_search(["日本", "😀"], "😀")
# run: list_search(["b"], "a")


def list_sort(words):
    s = sorted(words)
    return s, min(words), max(words)
# run: list_sort(["b", "a", "é", "aa", "日", "😀", ""])


def list_reflect(words):
    words.append("new")
    words[0] = words[0].upper()
    words.sort()
    return len(words)
# run: list_reflect(["b", "é", "a"])


def list_compare(a, b):
    return a == b, a != b
# run: list_compare(["a", "é"], ["a", "é"])
# run: list_compare(["a"], ["b"])


def nested_lists(s):
    return [s.split(","), [s]]
# run: nested_lists("a,b")


def tuples(s):
    return (s, len(s), s[0]), ("a", "b")
# run: tuples("héllo")


def tuple_arg(t):
    return t[0] + t[1], t[2] * 2
# run: tuple_arg(("ab", "é", 3))


def tuple_of_tuples(pairs):
    out = ""
    for i in range(len(pairs)):
        out += pairs[i][0] * pairs[i][1]
    return out
# run: tuple_of_tuples([("a", 2), ("é", 1), ("😀", 3)])


def raise_in_string_code(s):
    t = s.strip()
    if t == "":
        raise ValueError("empty name")
    return t.upper()
# run: raise_in_string_code("  bob ")
# run: raise_in_string_code("   ")


def early_return(s, n):
    x = s * 3
    for i in range(n):
        y = x[i:]
        if i == 2:
            return y
    return x
# run: early_return("abcd", 5)
# run: early_return("é日", 1)


def str_of_callee(n):
    return to_str(n)[0] + str(n * 2)
# run: str_of_callee(21)
