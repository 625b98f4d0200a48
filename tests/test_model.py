"""core.model against independent numpy / autograd computations (docs/ARCHITECTURE.md §2)."""

import numpy as np
import pytest
import torch

from core import model

F32_EPS = float(np.finfo(np.float32).eps)


def naive_cross_entropy(z: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The notebook's formula, literally: -y log h - (1-y) log(1-h) with h = 1 / (1 + e^-z)."""
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        h = 1.0 / (1.0 + np.exp(-z))
        return -y * np.log(h) - (1.0 - y) * np.log(1.0 - h)


# ---------------------------------------------------------------- sigmoid


def test_sigmoid_reproduces_the_notebook_values_in_float32():
    z = torch.tensor([[0, 1], [-1, -2]], dtype=torch.float32)
    s = model.sigmoid(z)
    assert s.dtype == torch.float32
    notebook = np.array([[0.5, 0.7310586], [0.26894143, 0.11920293]])
    # The notebook prints 8 significant digits of float32 results: agree to float32 precision.
    np.testing.assert_allclose(s.numpy(), notebook, rtol=F32_EPS, atol=0)


def test_sigmoid_matches_its_definition_and_does_not_overflow():
    z = np.linspace(-700, 700, 2801)
    s = model.sigmoid(torch.tensor(z, dtype=torch.float64)).numpy()
    with np.errstate(over="ignore"):
        expected = 1.0 / (1.0 + np.exp(-z))
    np.testing.assert_allclose(s, expected, rtol=1e-14, atol=1e-300)
    extreme = model.sigmoid(torch.tensor([-1e4, 1e4], dtype=torch.float32)).numpy()
    np.testing.assert_array_equal(extreme, [0.0, 1.0])


def test_sigmoid_tanh_identity_in_float64():
    x = np.linspace(-6, 6, 1201)
    s = model.sigmoid(torch.tensor(x, dtype=torch.float64)).numpy()
    via_tanh = (1.0 + np.tanh(x / 2.0)) / 2.0
    np.testing.assert_allclose(s, via_tanh, rtol=0, atol=1e-15)


# ---------------------------------------------------------------- cross-entropy


def test_cross_entropy_equals_the_naive_formula_where_it_is_accurate():
    rng = np.random.default_rng(1)
    z = rng.uniform(-10, 10, size=(5, 300))
    y = rng.integers(0, 2, size=300).astype(np.float64)
    got = model.cross_entropy(torch.tensor(z), torch.tensor(y)).numpy()
    expected = naive_cross_entropy(z, y).mean(axis=-1)
    assert got.shape == (5,)
    np.testing.assert_allclose(got, expected, rtol=1e-10)


@pytest.mark.parametrize("label", [0.0, 1.0])
def test_cross_entropy_equals_the_naive_formula_wherever_that_is_finite(label):
    z = np.linspace(-30, 30, 1201)
    y = np.full_like(z, label)
    naive = naive_cross_entropy(z, y)
    assert np.all(np.isfinite(naive))  # float64's naive formula holds out to |z| ~ 36
    # Per sample: z as a column, the label broadcast along it.
    per_sample = model.cross_entropy(
        torch.tensor(z)[:, None], torch.tensor([label], dtype=torch.float64)
    ).numpy()
    # Beyond |z| ~ 10 the naive formula itself loses digits in 1 - h (about 1e-16 * e^|z|
    # absolute), so the tolerance covers its rounding, not ours.
    np.testing.assert_allclose(per_sample, naive, rtol=1e-4, atol=1e-12)
    # float32: the naive formula already gives inf at |z| ~ 17 (the notebook's iteration 0)...
    z32 = z.astype(np.float32)
    naive32 = naive_cross_entropy(z32, y.astype(np.float32))
    assert not np.all(np.isfinite(naive32))
    finite32 = np.isfinite(naive32)
    per_sample32 = model.cross_entropy(
        torch.tensor(z32)[:, None], torch.tensor([label], dtype=torch.float32)
    ).numpy()
    assert per_sample32.dtype == np.float32
    # ...while the stable form stays finite and right everywhere (numpy's exact-to-rounding
    # softplus in float64 as the reference: the naive one is off by 1e-3 at |z| ~ 30).
    assert np.all(np.isfinite(per_sample32))
    z64 = z32.astype(np.float64)
    reference = np.logaddexp(0.0, z64) - y * z64
    np.testing.assert_allclose(per_sample32, reference, rtol=1e-5, atol=1e-6)
    # Where float32's naive formula is still accurate (|z| <= 5), the two agree in float32 too.
    near = finite32 & (np.abs(z32) <= 5)
    np.testing.assert_allclose(per_sample32[near], naive32[near], rtol=1e-4, atol=1e-6)


def test_cross_entropy_of_float64_logits_with_float32_labels_is_not_degraded():
    z = torch.linspace(-40, 40, 801, dtype=torch.float64)
    for label in (0.0, 1.0):
        mixed = model.cross_entropy(z[:, None], torch.tensor([label], dtype=torch.float32))
        same = model.cross_entropy(z[:, None], torch.tensor([label], dtype=torch.float64))
        assert mixed.dtype == torch.float64
        np.testing.assert_allclose(mixed.numpy(), same.numpy(), rtol=1e-15, atol=1e-300)
        assert float(mixed.min()) >= 0.0


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize(
    ("z", "label", "expected"),
    [(1000.0, 0.0, 1000.0), (-1000.0, 1.0, 1000.0), (1000.0, 1.0, 0.0), (-1000.0, 0.0, 0.0)],
)
def test_cross_entropy_is_finite_and_right_at_large_logits(dtype, z, label, expected):
    naive = naive_cross_entropy(np.array([z], dtype=np.float32), np.float32(label))
    if expected:
        assert not np.isfinite(naive[0])  # the trap the stable form avoids
    got = model.cross_entropy(torch.tensor([z], dtype=dtype), torch.tensor([label], dtype=dtype))
    assert got.dtype == dtype
    assert float(got) == pytest.approx(expected, rel=1e-6, abs=1e-30)


# ---------------------------------------------------------------- cost, gradient, accuracy


def random_problem(seed: int = 0, n: int = 30, d: int = 7):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    y = rng.integers(0, 2, size=n).astype(np.float64)
    w = rng.standard_normal(d)
    b = float(rng.standard_normal())
    return X, y, w, b


def test_cost_is_mean_cross_entropy_plus_l2_of_the_weights_only():
    X, y, w, b = random_problem()
    b = 3.0  # a large bias: it must change the cost only through z
    z = X @ w + b
    for l2 in (0.0, 0.01, 2.5):
        got = float(model.cost(torch.tensor(z), torch.tensor(y), torch.tensor(w), l2))
        expected = np.mean(np.logaddexp(0.0, z) - y * z) + l2 * np.sum(w**2)
        assert got == pytest.approx(expected, rel=1e-13)
    # The regulariser is l2 * ||w||^2 exactly, and does not involve the bias.
    tz, ty, tw = torch.tensor(z), torch.tensor(y), torch.tensor(w)
    extra = float(model.cost(tz, ty, tw, 0.7) - model.cost(tz, ty, tw, 0.0))
    assert extra == pytest.approx(0.7 * np.sum(w**2), rel=1e-13)


def test_gradient_equals_autograd_of_the_cost():
    X, y, w, b = random_problem(seed=2, n=50, d=12)
    tX, ty = torch.tensor(X), torch.tensor(y)
    for l2 in (0.0, 0.01, 0.3):
        tw = torch.tensor(w, requires_grad=True)
        tb = torch.tensor(b, dtype=torch.float64, requires_grad=True)
        model.cost(tX @ tw + tb, ty, tw, l2).backward()
        gw, gb = model.gradient(tX, ty, tw.detach(), tb.detach(), l2)
        np.testing.assert_allclose(gw.numpy(), tw.grad.numpy(), rtol=0, atol=1e-12)
        assert float(gb) == pytest.approx(float(tb.grad), rel=0, abs=1e-12)
    # The bias gradient carries no L2 term.
    _, gb0 = model.gradient(tX, ty, torch.tensor(w), torch.tensor(b), 0.0)
    _, gb1 = model.gradient(tX, ty, torch.tensor(w), torch.tensor(b), 5.0)
    assert float(gb0) == float(gb1)


def test_accuracy_counts_like_numpy_including_z_equal_zero():
    z = np.array([-2.0, -0.0, 0.0, 0.0, 1e-300, 3.0, -1e-300, 0.0])
    y = np.array([0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0])
    # z == 0 predicts class 0 (h = 0.5 is not > 0.5).
    expected = np.mean((z > 0) == (y == 1))
    assert expected == pytest.approx(4 / 8)
    for dtype in (torch.float32, torch.float64):
        got = model.accuracy(torch.tensor(z, dtype=dtype), torch.tensor(y, dtype=dtype))
        z_cast = z.astype(np.float32) if dtype == torch.float32 else z
        assert float(got) == pytest.approx(np.mean((z_cast > 0) == (y == 1)), abs=1e-7)
    float64_got = model.accuracy(torch.tensor(z), torch.tensor(y))
    assert float(float64_got) == expected


def test_accuracy_works_per_row_on_2d_logits():
    rng = np.random.default_rng(3)
    z = rng.standard_normal((6, 101))
    z[2, :10] = 0.0
    z[4] = 0.0
    y = rng.integers(0, 2, size=101).astype(np.float64)
    got = model.accuracy(torch.tensor(z), torch.tensor(y)).numpy()
    expected = ((z > 0) == (y == 1)).mean(axis=1)
    assert got.shape == (6,)
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-15)
    assert got[4] == pytest.approx(np.mean(y == 0))
