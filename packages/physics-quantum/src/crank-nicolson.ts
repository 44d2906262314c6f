/**
 * The two operators of a Crank–Nicolson step for i dψ/dt = H ψ on a uniform grid with Dirichlet
 * ends, H(u) = -d²/dx² + u·x with the 3-point Laplacian:
 *   (H ψ)_j = (-ψ_{j-1} + 2ψ_j - ψ_{j+1}) / h² + u x_j ψ_j,   ψ_0 = ψ_{n+1} = 0.
 * Both are of the form I + iκH for a real κ (κ = +dt/2: A, κ = -dt/2: B); H is real symmetric,
 * so A^H = B and the adjoint needs no other operator.
 *
 * Complex vectors are flat Float64Arrays of 2n reals in the state layout [re_1..re_n, im_1..im_n].
 */
export interface ShiftedHamiltonian {
  /** Number of interior points n (the complex dimension). */
  readonly n: number;
  /** Grid spacing h. */
  readonly h: number;
  /** Interior positions x_j = j·h, j = 1..n, [n]. */
  readonly x: Float64Array;
  /** out [2n] = (I + iκH(u)) ψ for ψ [2n]; out must not alias ψ. */
  apply(out: Float64Array, psi: Float64Array, kappa: number, u: number): void;
  /** out [2n] = (I + iκH(u))⁻¹ r for r [2n], by the Thomas algorithm; out may alias r. */
  solve(out: Float64Array, r: Float64Array, kappa: number, u: number): void;
}

/** The operators on n interior points of spacing h (n + 2 grid points over length (n + 1)·h). */
export function shiftedHamiltonian(n: number, h: number): ShiftedHamiltonian {
  const x = Float64Array.from({ length: n }, (_, j) => (j + 1) * h);
  const invH2 = 1 / (h * h);
  // The Thomas algorithm's factors of the last (κ, u), complex as [re, im] halves: c_j and the
  // reciprocal pivots 1/m_j. The sensitivities solve with one step's (κ, u) once per state
  // component, so all but the first of those solves only substitute (no divisions).
  const c = new Float64Array(2 * n);
  const pivotInv = new Float64Array(2 * n);
  let factoredKappa = NaN;
  let factoredU = NaN;

  /** Factors for (κ, u) and, in the same pass, the forward substitution of r into out. */
  function factorAndSubstitute(out: Float64Array, r: Float64Array, kappa: number, u: number): void {
    const eps = -kappa * invH2;
    let cr = 0, ci = 0, dr = 0, di = 0; // c_{j-1}, d_{j-1}
    for (let j = 0; j < n; j++) {
      // pivot m = D_j - E c_{j-1};  E·(p + iq) = -εq + iεp
      const mr = 1 + eps * ci;
      const mi = kappa * (2 * invH2 + u * x[j]) - eps * cr;
      const inv = 1 / (mr * mr + mi * mi);
      const qr = mr * inv;
      const qi = -mi * inv;
      pivotInv[j] = qr;
      pivotInv[n + j] = qi;
      // c_j = E / m
      cr = eps * mi * inv;
      ci = eps * mr * inv;
      c[j] = cr;
      c[n + j] = ci;
      // d_j = (r_j - E d_{j-1}) / m
      const pr = r[j] + eps * di;
      const pi = r[n + j] - eps * dr;
      dr = pr * qr - pi * qi;
      di = pr * qi + pi * qr;
      out[j] = dr;
      out[n + j] = di;
    }
    factoredKappa = kappa;
    factoredU = u;
  }

  /** The forward substitution of r into out with the kept factors. */
  function substitute(out: Float64Array, r: Float64Array, kappa: number): void {
    const eps = -kappa * invH2;
    let dr = 0, di = 0; // d_{j-1}
    for (let j = 0; j < n; j++) {
      const pr = r[j] + eps * di;
      const pi = r[n + j] - eps * dr;
      const qr = pivotInv[j];
      const qi = pivotInv[n + j];
      dr = pr * qr - pi * qi;
      di = pr * qi + pi * qr;
      out[j] = dr;
      out[n + j] = di;
    }
  }

  /** (Hψ)_j of the real vector v (one half of ψ) at offset off. */
  function hamiltonianAt(v: Float64Array, off: number, j: number, u: number): number {
    const left = j > 0 ? v[off + j - 1] : 0;
    const right = j < n - 1 ? v[off + j + 1] : 0;
    return (2 * v[off + j] - left - right) * invH2 + u * x[j] * v[off + j];
  }

  return {
    n,
    h,
    x,
    // (I + iκH)(a + ib) = (a - κHb) + i(b + κHa): H is real, so it acts on each half.
    apply(out, psi, kappa, u) {
      for (let j = 0; j < n; j++) {
        out[j] = psi[j] - kappa * hamiltonianAt(psi, n, j, u);
        out[n + j] = psi[n + j] + kappa * hamiltonianAt(psi, 0, j, u);
      }
    },
    // The matrix has diagonal D_j = 1 + iκ(2/h² + u x_j) and both off-diagonals E = iε with
    // ε = -κ/h². Its Hermitian part is I, so elimination without pivoting meets no zero pivot
    // and stays stable (Golub & Van Loan, §4.4 on matrices with a positive definite symmetric part).
    solve(out, r, kappa, u) {
      if (kappa === factoredKappa && u === factoredU) substitute(out, r, kappa);
      else factorAndSubstitute(out, r, kappa, u);
      // back substitution z_j = d_j - c_j z_{j+1}
      let zr = 0, zi = 0;
      for (let j = n - 1; j >= 0; j--) {
        const nr = out[j] - (c[j] * zr - c[n + j] * zi);
        const ni = out[n + j] - (c[j] * zi + c[n + j] * zr);
        out[j] = zr = nr;
        out[n + j] = zi = ni;
      }
    },
  };
}
