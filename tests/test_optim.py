"""engine.optim: two steps of each optimizer worked by hand from PyTorch's documented
update rules, SciPy as the reference for conjugate gradient and BFGS, and hand
calculations for Newton's method."""

import math

import numpy as np
import pytest
import sympy
from scipy.optimize import BFGS
from scipy.sparse.linalg import cg

from engine import optim


def _two_steps(name: str, **hyper) -> tuple[float, float, dict]:
    """θ0 = 1, gradient 2 then 1."""
    theta1, state = optim.step(name, 1.0, 2.0, **hyper)
    theta2, state = optim.step(name, theta1, 1.0, state, **hyper)
    return float(theta1), float(theta2), state


def test_sgd() -> None:
    theta1, theta2, state = _two_steps("sgd", lr=0.1)
    assert (theta1, theta2) == pytest.approx((0.8, 0.7))
    assert state == {"step": 2}
    # weight decay adds wd·θ to the gradient: 2 + 0.1·1 = 2.1
    assert float(optim.step("sgd", 1.0, 2.0, lr=0.1, weight_decay=0.1)[0]) == pytest.approx(0.79)


def test_momentum() -> None:
    # b1 = g1 = 2, θ1 = 1 - 0.1·2; b2 = 0.9·2 + 1 = 2.8, θ2 = 0.8 - 0.28
    theta1, theta2, state = _two_steps("momentum", lr=0.1, momentum=0.9)
    assert (theta1, theta2) == pytest.approx((0.8, 0.52))
    assert float(state["momentum_buffer"]) == pytest.approx(2.8)
    # dampening 0.5 (not applied on the first step): b2 = 0.9·2 + 0.5·1 = 2.3
    _, theta2, _ = _two_steps("momentum", lr=0.1, momentum=0.9, dampening=0.5)
    assert theta2 == pytest.approx(0.8 - 0.23)


def test_nesterov() -> None:
    # b1 = 2, step g + μb = 3.8; b2 = 2.8, step 1 + 0.9·2.8 = 3.52
    theta1, theta2, _ = _two_steps("nesterov", lr=0.1, momentum=0.9)
    assert (theta1, theta2) == pytest.approx((1 - 0.38, 1 - 0.38 - 0.352))


def test_adagrad() -> None:
    # S1 = 4, θ1 = 1 - 0.1·2/2; S2 = 5, θ2 = θ1 - 0.1·1/√5
    theta1, theta2, state = _two_steps("adagrad", lr=0.1)
    assert (theta1, theta2) == pytest.approx((0.9, 0.9 - 0.1 / math.sqrt(5)))
    assert float(state["sum"]) == pytest.approx(5.0)
    # lr decay: the second step uses lr / (1 + 1·0.5)
    _, theta2, _ = _two_steps("adagrad", lr=0.1, lr_decay=0.5)
    assert theta2 == pytest.approx(0.9 - 0.1 / 1.5 / math.sqrt(5))
    # defaults: lr 0.01, eps 1e-10
    assert float(optim.step("adagrad", 1.0, 2.0)[0]) == pytest.approx(1 - 0.01 * 2 / (2 + 1e-10))


def test_rmsprop() -> None:
    # v1 = 0.01·4 = 0.04; v2 = 0.99·0.04 + 0.01·1 = 0.0496 (defaults alpha 0.99, eps 1e-8)
    theta1, theta2, state = _two_steps("rmsprop", lr=0.01)
    expected1 = 1 - 0.01 * 2 / (0.2 + 1e-8)
    assert theta1 == pytest.approx(expected1)
    assert theta2 == pytest.approx(expected1 - 0.01 * 1 / (math.sqrt(0.0496) + 1e-8))
    assert float(state["square_avg"]) == pytest.approx(0.0496)
    # centered: ḡ1 = 0.02, denominator sqrt(0.04 - 0.0004)
    centered, _ = optim.step("rmsprop", 1.0, 2.0, lr=0.01, centered=True)
    assert float(centered) == pytest.approx(1 - 0.02 / (math.sqrt(0.0396) + 1e-8))
    # momentum: the buffer accumulates g / denominator
    _, theta2, _ = _two_steps("rmsprop", lr=0.01, momentum=0.5)
    buffer1 = 2 / (0.2 + 1e-8)
    buffer2 = 0.5 * buffer1 + 1 / (math.sqrt(0.0496) + 1e-8)
    assert theta2 == pytest.approx(1 - 0.01 * buffer1 - 0.01 * buffer2)


def test_adadelta() -> None:
    # defaults lr 1, rho 0.9, eps 1e-6
    eps = 1e-6
    theta1, theta2, state = _two_steps("adadelta")
    square1 = 0.1 * 4
    delta1 = math.sqrt(0 + eps) / math.sqrt(square1 + eps) * 2
    accumulated1 = 0.1 * delta1**2
    square2 = 0.9 * square1 + 0.1 * 1
    delta2 = math.sqrt(accumulated1 + eps) / math.sqrt(square2 + eps) * 1
    assert (theta1, theta2) == pytest.approx((1 - delta1, 1 - delta1 - delta2))
    assert float(state["acc_delta"]) == pytest.approx(0.9 * accumulated1 + 0.1 * delta2**2)


def test_adam() -> None:
    theta1, theta2, state = _two_steps("adam", lr=0.1)
    # first step: m̂ = g, v̂ = g², so the step is lr·g/(|g| + eps)
    assert theta1 == pytest.approx(1 - 0.1 * 2 / (2 + 1e-8))
    m2 = 0.9 * 0.2 + 0.1 * 1
    v2 = 0.999 * 0.004 + 0.001 * 1
    m_hat, v_hat = m2 / (1 - 0.9**2), v2 / (1 - 0.999**2)
    assert theta2 == pytest.approx(theta1 - 0.1 * m_hat / (math.sqrt(v_hat) + 1e-8))
    assert state["step"] == 2
    assert float(state["exp_avg"]) == pytest.approx(m2)
    assert float(state["exp_avg_sq"]) == pytest.approx(v2)


def test_adam_amsgrad_keeps_the_largest_second_moment() -> None:
    theta1, state = optim.step("adam", 1.0, 2.0, lr=0.1, amsgrad=True)
    theta2, state = optim.step("adam", theta1, 0.0, state, lr=0.1, amsgrad=True)
    # v2 = 0.999·0.004 < v1 = 0.004, so the maximum 0.004 is used
    m_hat = 0.9 * 0.2 / (1 - 0.9**2)
    v_hat = 0.004 / (1 - 0.999**2)
    assert float(theta2) == pytest.approx(float(theta1) - 0.1 * m_hat / (math.sqrt(v_hat) + 1e-8))
    assert float(state["max_exp_avg_sq"]) == pytest.approx(0.004)


@pytest.mark.parametrize("name", optim.OPTIMIZERS)
def test_step_is_pure_and_keeps_shapes(name) -> None:
    theta = np.array([[1.0, -2.0], [0.5, 3.0]])
    grad = np.array([[0.1, -0.4], [2.0, 0.0]])
    _, state = optim.step(name, theta, grad)
    snapshot = {key: np.copy(value) for key, value in state.items()}
    theta_before = theta.copy()
    new_theta, new_state = optim.step(name, theta, grad, state)
    assert new_theta.shape == theta.shape
    np.testing.assert_array_equal(theta, theta_before)
    for key, value in snapshot.items():
        np.testing.assert_array_equal(state[key], value)
    assert new_state is not state and new_state["step"] == 2


@pytest.mark.parametrize("name", optim.OPTIMIZERS)
def test_each_optimizer_descends_a_quadratic(name) -> None:
    # f(θ) = ½θᵀAθ with minimum at 0
    matrix = np.array([[3.0, 0.5], [0.5, 1.0]])
    theta = np.array([1.0, -1.0])
    hyper = {} if name == "adadelta" else {"lr": 0.05}  # adadelta: its default lr = 1
    state = None
    for _ in range(300):
        theta, state = optim.step(name, theta, matrix @ theta, state, **hyper)
    assert 0.5 * theta @ matrix @ theta < 0.5 * np.array([1.0, -1.0]) @ matrix @ [1.0, -1.0] / 10


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: optim.step("lion", 1.0, 1.0), "unknown optimizer"),
        (lambda: optim.step("adam", 1.0, 1.0, beta=0.9), "unknown hyperparameter 'beta'"),
        (lambda: optim.step("sgd", [1.0, 2.0], [1.0]), "grad has shape"),
        (lambda: optim.step("sgd", 1.0, float("nan")), "grad contains NaN"),
        (lambda: optim.step("sgd", 1.0, 1.0, lr=-1.0), "lr must be"),
        (lambda: optim.step("adam", 1.0, 1.0, betas=(0.9,)), "betas"),
        (lambda: optim.step("adam", 1.0, 1.0, betas=(0.9, 1.0)), "betas"),
        (lambda: optim.step("rmsprop", 1.0, 1.0, alpha=1.5), "alpha"),
        (lambda: optim.step("momentum", 1.0, 1.0, momentum=0.0), "momentum must be positive"),
        (
            lambda: optim.step("momentum", [1.0, 2.0], [1.0, 1.0], {"momentum_buffer": [1.0]}),
            "state",
        ),
    ],
)
def test_step_bad_input(call, message) -> None:
    with pytest.raises(ValueError, match=message):
        call()


# --------------------------------------------------------------------------- Newton


def test_newton_step_solves_a_quadratic_in_one_step() -> None:
    x, y = sympy.symbols("x y")
    f = x**2 + x * y + 2 * y**2 - 3 * x - y
    # ∇f = 0: 2x + y = 3 and x + 4y = 1 -> x = 11/7, y = -1/7
    np.testing.assert_allclose(optim.newton_step(f, [x, y], [5.0, -4.0]), [11 / 7, -1 / 7])
    np.testing.assert_allclose(optim.newton_step(str(f), ["x", "y"], [0.0, 0.0]), [11 / 7, -1 / 7])


def test_newton_step_one_variable_by_hand() -> None:
    x = sympy.Symbol("x")
    # f = x⁴ - 3x at x = 1: f' = 1, f'' = 12
    np.testing.assert_allclose(optim.newton_step(x**4 - 3 * x, x, [1.0]), [1 - 1 / 12])


def test_newton_step_bad_input() -> None:
    x, y = sympy.symbols("x y")
    with pytest.raises(ValueError, match="singular"):
        optim.newton_step(x + y, [x, y], [0.0, 0.0])
    with pytest.raises(ValueError, match="point must hold 2 values"):
        optim.newton_step(x**2 + y**2, [x, y], [1.0])


# --------------------------------------------------------------------------- conjugate gradient


def test_conjugate_gradient_worked_example() -> None:
    # the classic 2×2 example: A = [[4, 1], [1, 3]], b = (1, 2), x0 = (2, 1)
    matrix, rhs, start = [[4.0, 1.0], [1.0, 3.0]], [1.0, 2.0], [2.0, 1.0]
    np.testing.assert_allclose(
        optim.conjugate_gradient(matrix, rhs, start, 1), [0.2356, 0.3384], atol=1e-4
    )
    np.testing.assert_allclose(optim.conjugate_gradient(matrix, rhs, start, 2), [1 / 11, 7 / 11])
    np.testing.assert_array_equal(optim.conjugate_gradient(matrix, rhs, start, 0), start)


@pytest.mark.parametrize("iters", [1, 2, 3, 5])
def test_conjugate_gradient_matches_scipy(iters) -> None:
    rng = np.random.default_rng(iters)
    factor = rng.normal(size=(5, 5))
    matrix = factor @ factor.T + 5 * np.eye(5)
    rhs, start = rng.normal(size=5), rng.normal(size=5)
    expected, _ = cg(matrix, rhs, x0=start, rtol=0, atol=0, maxiter=iters)
    np.testing.assert_allclose(
        optim.conjugate_gradient(matrix, rhs, start, iters), expected, rtol=1e-8
    )
    if iters == 5:
        np.testing.assert_allclose(
            optim.conjugate_gradient(matrix, rhs, start, iters), np.linalg.solve(matrix, rhs)
        )


def test_conjugate_gradient_rejects_non_spd() -> None:
    with pytest.raises(ValueError, match="symmetric"):
        optim.conjugate_gradient([[1.0, 2.0], [0.0, 1.0]], [1.0, 1.0], [0.0, 0.0], 2)
    with pytest.raises(ValueError, match="positive definite"):
        optim.conjugate_gradient([[1.0, 2.0], [2.0, 1.0]], [1.0, 1.0], [0.0, 0.0], 2)
    with pytest.raises(ValueError, match="length 2"):
        optim.conjugate_gradient([[2.0, 0.0], [0.0, 1.0]], [1.0], [0.0, 0.0], 2)
    with pytest.raises(ValueError, match="iters"):
        optim.conjugate_gradient([[2.0, 0.0], [0.0, 1.0]], [1.0, 1.0], [0.0, 0.0], -1)


# --------------------------------------------------------------------------- BFGS


def test_bfgs_update_matches_scipy_and_the_secant_equation() -> None:
    rng = np.random.default_rng(3)
    step_vector = rng.normal(size=3)
    gradient_change = step_vector + 0.3 * rng.normal(size=3)
    assert gradient_change @ step_vector > 0
    reference = BFGS(init_scale=1.0)
    reference.initialize(3, "inv_hess")
    reference.update(step_vector, gradient_change)
    updated = optim.bfgs_update(np.eye(3), step_vector, gradient_change)
    np.testing.assert_allclose(updated, reference.get_matrix())
    np.testing.assert_allclose(updated @ gradient_change, step_vector)
    np.testing.assert_allclose(updated, updated.T)
    assert np.all(np.linalg.eigvalsh(updated) > 0)


def test_bfgs_update_rejects_negative_curvature() -> None:
    with pytest.raises(ValueError, match="curvature"):
        optim.bfgs_update(np.eye(2), [1.0, 0.0], [-1.0, 0.0])
    with pytest.raises(ValueError, match="square"):
        optim.bfgs_update(np.ones((2, 3)), [1.0, 0.0], [1.0, 0.0])
