"""
PFHub 1a in float64 numpy: is the explicit treatment of f''(c(x)) what limits ETDRK4? (issue 17,
docs/numerics.md "A linearly implicit step, measured").

Compares, from the same converged state at t = 100 to t = 1000 with fixed steps,
  - ETDRK4 (Cox & Matthews 2002, phi functions by the contour mean of Kassam & Trefethen 2005) with the
    engine's splitting L = -M k^2 (kappa k^2 + A), N = -M k^2 F[f'(c) - A c];
  - ROS2, the two-stage L-stable Rosenbrock method of Verwer, Spee, Blom & Hundsdorfer (SIAM J. Sci.
    Comput. 20 (1999) 1456), gamma = 1 + 1/sqrt(2), with the exact Jacobian
    J v = -M k^2 (F[f''(c) v] + kappa k^2 v_hat): each stage solves (I - gamma h J) k = r by conjugate
    gradients on the symmetric form (1/(gamma h M k^2) + kappa k^2) v_hat + F[f'' v] = r_hat / (M k^2)
    (mean mode excluded), preconditioned with the constant-coefficient inverse (A_pc = max f'').
  - ETDRK4 with Krogstad's stages (J. Comput. Phys. 203 (2005) 72; docs/numerics.md "Krogstad's stages"),
  - ROS34PW2 (Rang & Angermann, BIT 45 (2005) 761), a third-order W-method with gamma = 0.4359, whose
    stage pole lies 4x further out than ROS2's (the same exact Jacobian and CG solves),
and, with `adaptive TOL`, runs ROS2 from t = 0 under error-per-step control with its embedded
first-order solution (y + h k1), printing the error of F at the check times.

    python3 scripts/prototypes/bm1a_linearly_implicit.py fixed 8 4 2 1
    python3 scripts/prototypes/bm1a_linearly_implicit.py fixed A=1.04 8 4 2     (another stabiliser)
    python3 scripts/prototypes/bm1a_linearly_implicit.py fixed only=ROS34PW2,ETDRK4 8 4 2   (some methods)
    python3 scripts/prototypes/bm1a_linearly_implicit.py adaptive 2e-5 [ROS2|ROS34PW2]

The converged values are the float64 reference of docs/numerics.md (ETDRK4, fixed steps 0.05 / 0.2 / 0.5).
"""
import sys
import numpy as np

N, BOX = 200, 200.0
H = BOX / N
RHO, CA, CB, KAPPA, M = 5.0, 0.3, 0.7, 2.0, 5.0
A = 0.88  # the engine's automatic stabiliser, 0.55 max f''
A_PC = 1.6  # the preconditioner's constant curvature, max f''
CHECK = [10, 20, 100, 1000, 2000, 3000, 5000, 10000]
CONVERGED = [297.9607, 213.1573, 136.4602, 85.9443, 61.6184, 53.2574, 46.1968, 40.3256]

x = np.arange(N) * H
X, Y = np.meshgrid(x, x, indexing="ij")
k = 2 * np.pi * np.fft.fftfreq(N, d=H)
KX, KY = np.meshgrid(k, k, indexing="ij")
K2 = KX**2 + KY**2
NONZERO = K2 > 0
K2_SAFE = np.where(NONZERO, K2, 1.0)


def initial():
    return 0.5 + 0.01 * (np.cos(0.105 * X) * np.cos(0.11 * Y) + (np.cos(0.13 * X) * np.cos(0.087 * Y)) ** 2
                         + np.cos(0.025 * X - 0.15 * Y) * np.cos(0.07 * X - 0.02 * Y))


def df(c):
    return 2 * RHO * (c - CA) * (CB - c) * (CB + CA - 2 * c)


def d2f(c):
    return 2 * RHO * ((CB - c) ** 2 + (c - CA) ** 2 - 4 * (c - CA) * (CB - c))


def real(v_hat):
    return np.real(np.fft.ifft2(v_hat))


def free_energy(v_hat):
    c = real(v_hat)
    bulk = np.sum(RHO * (c - CA) ** 2 * (CB - c) ** 2)
    gradient = 0.5 * KAPPA * np.sum(K2 * np.abs(v_hat) ** 2) / N**2
    return (bulk + gradient) * H * H


# ---- ETDRK4 -------------------------------------------------------------------------------------------
L = -M * K2 * (KAPPA * K2 + A)
_etd = {}


def etd_coefficients(h):
    if h not in _etd:
        r = np.exp(1j * np.pi * (np.arange(1, 33) - 0.5) / 32)
        z = h * L[..., None] + r
        mean = lambda f: h * np.real(np.mean(f, axis=-1))
        _etd[h] = (np.exp(h * L), np.exp(h * L / 2), mean((np.exp(z / 2) - 1) / z),
                   mean((-4 - z + np.exp(z) * (4 - 3 * z + z**2)) / z**3),
                   mean((2 + z + np.exp(z) * (z - 2)) / z**3),
                   mean((-4 - 3 * z - z**2 + np.exp(z) * (4 - z)) / z**3))
    return _etd[h]


def etd_nonlinear(v_hat):
    c = real(v_hat)
    return -M * K2 * np.fft.fft2(df(c) - A * c)


def etdrk4(v, h, krogstad=False):
    E, E2, Q, f1, f2, f3 = etd_coefficients(h)
    nu = etd_nonlinear(v)
    a = E2 * v + Q * nu
    na = etd_nonlinear(a)
    if krogstad:
        p1, p2, half_p2 = _phi(h)
        b = a + h * half_p2 * (na - nu)
        nb = etd_nonlinear(b)
        cc = E * v + h * ((p1 - 2 * p2) * nu + 2 * p2 * nb)
    else:
        b = E2 * v + Q * na
        nb = etd_nonlinear(b)
        cc = E2 * a + Q * (2 * nb - nu)
    return E * v + f1 * nu + 2 * f2 * (na + nb) + f3 * etd_nonlinear(cc)


_phi_cache = {}


def _phi(h):
    """phi_1(hL), phi_2(hL), phi_2(hL/2) by the contour mean"""
    if h not in _phi_cache:
        r = np.exp(1j * np.pi * (np.arange(1, 33) - 0.5) / 32)
        mean = lambda f: np.real(np.mean(f, axis=-1))
        z, zh = h * L[..., None] + r, 0.5 * h * L[..., None] + r
        _phi_cache[h] = (mean((np.exp(z) - 1) / z), mean((np.exp(z) - 1 - z) / z**2), mean((np.exp(zh) - 1 - zh) / zh**2))
    return _phi_cache[h]


# ---- ROS2 with the exact Jacobian ----------------------------------------------------------------------
cg_stats = {"iterations": 0, "solves": 0}


def rate(v_hat):
    return -M * K2 * (np.fft.fft2(df(real(v_hat))) + KAPPA * K2 * v_hat)


def linear_solve(curvature, gh, r_hat, tol=1e-8):
    """v with (I - gh J) v = r, J the Jacobian at the step's start (curvature = f''(c) there)."""
    diagonal = np.where(NONZERO, 1 / (gh * M * K2_SAFE), 0) + KAPPA * K2
    rhs = np.where(NONZERO, r_hat / (gh * M * K2_SAFE), 0)
    apply = lambda p: np.where(NONZERO, diagonal * p + np.fft.fft2(curvature * real(p)), 0)
    precondition = np.where(NONZERO, 1 / (diagonal + A_PC), 0)
    v = np.zeros_like(r_hat)
    res = rhs.copy()
    z = precondition * res
    p = z.copy()
    rz = np.vdot(res, z).real
    norm0 = np.sqrt(np.vdot(rhs, rhs).real)
    it = 0
    while it < 1000 and np.sqrt(np.vdot(res, res).real) > tol * norm0:
        q = apply(p)
        pq = np.vdot(p, q).real
        if pq <= 0:
            raise ArithmeticError(f"the stage matrix I - gamma h J is indefinite (CG iteration {it})")
        alpha = rz / pq
        v += alpha * p
        res -= alpha * q
        z = precondition * res
        rz_new = np.vdot(res, z).real
        p = z + (rz_new / rz) * p
        rz = rz_new
        it += 1
    cg_stats["iterations"] += it
    cg_stats["solves"] += 1
    return v


def ros2(v, h):
    """(y_{n+1}, embedded first-order y_n + h k1)."""
    g = 1 + 1 / np.sqrt(2)
    curvature = d2f(real(v))
    k1 = linear_solve(curvature, g * h, rate(v))
    k2 = linear_solve(curvature, g * h, rate(v + h * k1) - 2 * k1)
    return v + 1.5 * h * k1 + 0.5 * h * k2, v + h * k1


# ROS34PW2 (Rang & Angermann, BIT 45 (2005) 761): a four-stage, third-order W-method with an embedded
# second-order solution, L-stable, gamma = 0.4359: the pole of its stages, gamma h lambda = 1, lies 4x
# further out than ROS2's (gamma = 1.707). Stages in the form of Hairer & Wanner (IV.7):
#   (I - gamma h J) k_i = h f(y + sum_j alpha_ij k_j) + h J sum_j gamma_ij k_j,   y1 = y + sum_i b_i k_i.
ROS34PW2_GAMMA = 0.435866521508459
ROS34PW2_ALPHA = [[], [0.87173304301691801], [0.84457060015369423, -0.11299064236484185], [0.0, 0.0, 1.0]]
ROS34PW2_GAMMAS = [[], [-0.87173304301691801], [-0.90338057013044082, 0.054180672388095326],
                   [0.24212380706095346, -1.2232505839045147, 0.54526025533510214]]
ROS34PW2_B = [0.24212380706095346, -1.2232505839045147, 1.5452602553351020, 0.435866521508459]
ROS34PW2_B_HAT = [0.37810903145819369, -0.096042292212423178, 0.5, 0.2179332607542295]


def jacobian(curvature, v_hat):
    return -M * K2 * (np.fft.fft2(curvature * real(v_hat)) + KAPPA * K2 * v_hat)


def ros34pw2(v, h):
    """(y_{n+1}, embedded second-order solution)."""
    curvature = d2f(real(v))
    k = []
    for i in range(4):
        y = v + sum(a * kj for a, kj in zip(ROS34PW2_ALPHA[i], k))
        r = h * rate(y)
        if i > 0:
            r = r + h * jacobian(curvature, sum(g * kj for g, kj in zip(ROS34PW2_GAMMAS[i], k)))
        k.append(linear_solve(curvature, ROS34PW2_GAMMA * h, r))
    return v + sum(b * kj for b, kj in zip(ROS34PW2_B, k)), v + sum(b * kj for b, kj in zip(ROS34PW2_B_HAT, k))


def state_at_100():
    v = np.fft.fft2(initial())
    t = 0.0
    for h, t_end in [(0.02, 10), (0.05, 100)]:
        while t < t_end - 1e-9:
            v = etdrk4(v, h)
            t += h
    return v


METHODS = [("ETDRK4", etdrk4), ("Krogstad", lambda v, h: etdrk4(v, h, True)), ("ROS2", lambda v, h: ros2(v, h)[0]),
           ("ROS34PW2", lambda v, h: ros34pw2(v, h)[0])]


def fixed(steps):
    v100 = state_at_100()
    reference = CONVERGED[3]
    for h in steps:
        for name, method in METHODS:
            cg_stats.update(iterations=0, solves=0)
            v, t, n = v100.copy(), 100.0, 0
            try:
                while t < 1000 - 1e-9:
                    v = method(v, h)
                    t += h
                    n += 1
            except ArithmeticError as e:
                print(f"{name:8s} h = {h:g}: stopped at t = {t:g}: {e}", flush=True)
                continue
            f = free_energy(v)
            cg = f", CG iterations per solve {cg_stats['iterations'] / cg_stats['solves']:.1f}" if cg_stats["solves"] else ""
            print(f"{name:8s} h = {h:g}: {n} steps from 100 to 1000, F(1000) = {f:.5f}, error {100 * (f - reference) / reference:+.3f} %{cg}", flush=True)


def adaptive(tol, method="ROS2"):
    """Error per step (RMS in c of the step minus its embedded solution) from t = 0, landing on the check times."""
    step_pair, order = {"ROS2": (ros2, 2), "ROS34PW2": (ros34pw2, 3)}[method]
    v = np.fft.fft2(initial())
    t, h, steps, rejected, i = 0.0, 1e-3, 0, 0, 0
    while i < len(CHECK):
        step = min(h, CHECK[i] - t)
        try:
            candidate, embedded = step_pair(v, step)
            error = np.sqrt(np.sum(np.abs(candidate - embedded) ** 2)) / N**2  # RMS in c (Parseval)
        except ArithmeticError:
            error = np.inf
        if error <= tol:
            v, t, steps = candidate, t + step, steps + 1
            if abs(t - CHECK[i]) < 1e-9:
                f = free_energy(v)
                print(f"t = {CHECK[i]}: F = {f:.4f}, error {100 * (f - CONVERGED[i]) / CONVERGED[i]:+.3f} %, {steps} steps, {rejected} rejected, "
                      f"CG iterations per solve {cg_stats['iterations'] / cg_stats['solves']:.1f}", flush=True)
                i += 1
                if step < h:
                    continue
            h = step * min(2.0, max(0.2, 0.9 * (tol / max(error, 1e-30)) ** (1 / order)))
        else:
            rejected += 1
            h = step * max(0.2, min(0.9, 0.9 * (tol / error) ** (1 / order))) if np.isfinite(error) else step / 4


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] not in ("fixed", "adaptive"):
        sys.exit(__doc__)
    if sys.argv[1] == "fixed":
        if sys.argv[2].startswith("only="):
            names = sys.argv.pop(2)[5:].split(",")
            METHODS = [m for m in METHODS if m[0] in names]
        if sys.argv[2].startswith("A="):
            A = float(sys.argv.pop(2)[2:])
            L = -M * K2 * (KAPPA * K2 + A)
        fixed([float(s) for s in sys.argv[2:]])
    else:
        adaptive(float(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else "ROS2")
