"""Every decorator form Numba accepts, its options, and the dispatcher's function attributes."""

import functools
import inspect
import subprocess
import sys

import oxjit
import pytest
from oxjit import float64, int64, jit, njit, prange


def _plain(a, b):
    """Adds two numbers."""
    return a + b


def _is_dispatcher(f):
    return type(f).__module__ == "oxjit._native" and type(f).__name__ == "Dispatcher"


@pytest.mark.parametrize(
    "decorate",
    [
        lambda f: njit(f),
        lambda f: njit()(f),
        lambda f: njit(cache=True)(f),
        lambda f: njit(
            boundscheck=True,
            fastmath=True,
            nogil=True,
            error_model="numpy",
            parallel=True,
            inline="never",
        )(f),
        lambda f: njit(fastmath={"nnan", "ninf", "contract"})(f),
        lambda f: njit(nopython=True)(f),
        lambda f: jit(f),
        lambda f: jit()(f),
        lambda f: jit(nopython=True)(f),
        lambda f: jit(nopython=True, nogil=True, cache=False)(f),
        lambda f: njit("int64(int64, int64)")(f),
        lambda f: njit(["int64(int64, int64)", "float64(float64, float64)"])(f),
        lambda f: njit(int64(int64, int64))(f),
        lambda f: njit([int64(int64, int64), float64(float64, float64)])(f),
        lambda f: njit((int64, int64))(f),
        lambda f: jit("int64(int64, int64)", nopython=True)(f),
    ],
)
def test_decorator_forms(decorate):
    f = decorate(_plain)
    assert _is_dispatcher(f)
    assert f.py_func is _plain
    assert f(2, 3) == 5


def test_bare_decorator_syntax():
    @njit
    def a(x):
        return x + 1

    @njit()
    def b(x):
        return x + 1

    @jit(nopython=True)
    def c(x):
        return x + 1

    assert a(1) == b(1) == c(1) == 2


def test_update_wrapper_attributes():
    f = njit(_plain)
    assert f.__name__ == "_plain"
    assert f.__qualname__ == "_plain"
    assert f.__doc__ == "Adds two numbers."
    assert f.__module__ == __name__
    assert f.__wrapped__ is _plain
    assert inspect.signature(f) == inspect.signature(_plain)
    assert "CPUDispatcher(<function _plain" in repr(f)
    # functools.wraps on top of a dispatcher works too (needs __dict__).
    wrapper = functools.wraps(f)(lambda *a: f(*a))
    assert wrapper.__wrapped__ is f


def test_targetoptions_are_the_given_options():
    f = njit(boundscheck=True, fastmath={"nnan"})(_plain)
    assert f.targetoptions == {
        "nopython": True,
        "boundscheck": True,
        "fastmath": {"nnan"},
    }
    assert njit(_plain).targetoptions == {"nopython": True, "boundscheck": None}


@pytest.mark.parametrize("kw", [{"forceobj": True}, {"nopython": False}])
def test_object_mode_is_rejected(kw):
    with pytest.raises(oxjit.UnsupportedError, match="object mode"):
        jit(**kw)(_plain)
    with pytest.raises(oxjit.UnsupportedError, match="object mode"):
        njit(**kw)


def test_unknown_option():
    with pytest.raises(TypeError, match="unexpected keyword argument 'bogus'"):
        njit(bogus=1)


def test_locals_and_pipeline_class_rejected():
    with pytest.raises(oxjit.UnsupportedError, match="locals"):
        njit(locals={"x": float64})
    with pytest.raises(oxjit.UnsupportedError, match="pipeline_class"):
        jit(pipeline_class=object)


@pytest.mark.parametrize(
    "kw, exc, msg",
    [
        ({"fastmath": {"nnan", "quick"}}, ValueError, "unknown fastmath flag 'quick'"),
        ({"fastmath": 3.5}, TypeError, "fastmath"),
        ({"error_model": "c"}, ValueError, "error_model"),
        ({"inline": "sometimes"}, ValueError, "inline"),
    ],
)
def test_bad_option_values(kw, exc, msg):
    with pytest.raises(exc, match=msg):
        njit(**kw)(_plain)


def test_decorating_non_functions():
    with pytest.raises(TypeError, match="Python function"):
        njit()(len)
    with pytest.raises(TypeError):
        njit(_plain, _plain)


def test_decorating_a_dispatcher_rewraps_its_function():
    f = njit(_plain)
    g = njit(boundscheck=True)(f)
    assert g.py_func is _plain
    assert g.targetoptions["boundscheck"] is True


def test_kwargs_functions_rejected_at_decoration():
    def star(*args, **options):
        return 0

    with pytest.raises(oxjit.UnsupportedError, match=r"\*\*kwargs"):
        njit(star)


def test_prange_is_range_in_python():
    assert prange(5) == range(5)
    assert list(prange(1, 10, 3)) == [1, 4, 7]


def test_version_and_exports():
    assert oxjit.__version__ == "0.1.0"
    for name in (
        "njit",
        "jit",
        "prange",
        "TypingError",
        "UnsupportedError",
        "InternalError",
        "config",
        "types",
        "typeof",
    ):
        assert hasattr(oxjit, name), name
    assert issubclass(oxjit.UnsupportedError, oxjit.TypingError)
    assert issubclass(oxjit.TypingError, Exception)
    assert issubclass(oxjit.InternalError, Exception)


def test_dispatcher_as_method():
    class K:
        m = njit(_plain)

    assert K.m(1, 2) == 3
    k = K()
    with pytest.raises(TypeError):
        # Bound to the instance: the instance becomes `a`, which compiled code cannot take.
        k.m(1)


def _run(code, tmp_path, env=None):
    """Runs `code` as a script file (compiled functions need their source in a file)."""
    import os

    script = tmp_path / "script.py"
    script.write_text(code)
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        env=full_env,
        check=True,
    ).stdout


def test_import_loads_the_compiler_but_not_numpy(tmp_path):
    # The native compiler is loaded at import, as Numba loads LLVM; NumPy and `inspect`
    # wait for the first compile.
    out = _run(
        "import sys, oxjit\nprint('numpy' in sys.modules, 'oxjit._native' in sys.modules, 'inspect' in sys.modules)",
        tmp_path,
    )
    assert out.split() == ["False", "True", "False"]


def test_disable_jit_loads_no_native_code(tmp_path):
    out = _run(
        "import sys, oxjit\nprint('oxjit._native' in sys.modules)",
        tmp_path,
        env={"OXJIT_DISABLE_JIT": "1"},
    )
    assert out.strip() == "False"


def test_fork_after_import_compiles_in_the_child(tmp_path):
    # A child forked after `import oxjit` (multiprocessing's default on Linux) compiles and
    # runs kernels of its own.
    out = _run(
        "import os, oxjit\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    @oxjit.njit\n"
        "    def f(x):\n"
        "        return x + 1\n"
        "    os._exit(0 if f(1) == 2 else 3)\n"
        "_, status = os.waitpid(pid, 0)\n"
        "print(os.waitstatus_to_exitcode(status))\n",
        tmp_path,
    )
    assert out.strip() == "0"


def test_disable_jit_env(tmp_path):
    out = _run(
        "import oxjit\n@oxjit.njit\ndef f(x): return x\nprint(type(f).__name__)",
        tmp_path,
        env={"OXJIT_DISABLE_JIT": "1"},
    )
    assert out.strip() == "function"


def test_boundscheck_env_overrides(tmp_path):
    out = _run(
        "import oxjit, numpy as np\n"
        "@oxjit.njit\ndef f(a, i): return a[i]\n"
        "print(f.targetoptions['boundscheck'])\n"
        "try:\n    f(np.zeros(2), 5)\nexcept IndexError:\n    print('IndexError')\n",
        tmp_path,
        env={"NUMBA_BOUNDSCHECK": "1"},
    )
    assert out.split() == ["True", "IndexError"]


@njit
def module_level(x):
    return x


def test_pickled_by_reference():
    import pickle

    assert pickle.loads(pickle.dumps(module_level)) is module_level
    # A dispatcher that is not what its module holds under its name cannot be found again.
    with pytest.raises(pickle.PicklingError):
        pickle.dumps(njit(_plain))

    @njit
    def local(x):
        return x

    with pytest.raises((pickle.PicklingError, AttributeError)):
        pickle.dumps(local)
