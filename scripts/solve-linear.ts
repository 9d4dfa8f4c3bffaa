/**
 * Solves a·x = b by Gauss–Jordan elimination with partial pivoting, for the fitting scripts' small
 * systems (normal equations, Newton steps). A column with no usable pivot gets 0.
 */
export function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    const pv = m[c]![c]!;
    if (Math.abs(pv) < 1e-12) continue;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const factor = m[r]![c]! / pv;
      if (factor === 0) continue;
      for (let j = c; j <= n; j++) m[r]![j]! -= factor * m[c]![j]!;
    }
  }
  return m.map((row, i) => (Math.abs(row[i]!) < 1e-12 ? 0 : row[n]! / row[i]!));
}

/**
 * Factors a symmetric positive-definite matrix once (Cholesky, a = l·lᵀ) and returns a solver for
 * a·x = b: a fit that keeps one Hessian for several Newton steps pays for the factoring once and
 * k² per step after it. A pivot that is not positive (a feature that never fires) gives 0 there.
 */
export function choleskySolver(a: readonly (readonly number[])[]): (b: readonly number[]) => number[] {
  const n = a.length;
  const l = Array.from({ length: n }, () => new Float64Array(n));
  for (let j = 0; j < n; j++) {
    const lj = l[j]!;
    let d = a[j]![j]!;
    for (let p = 0; p < j; p++) d -= lj[p]! * lj[p]!;
    const pivot = d > 1e-12 ? Math.sqrt(d) : 0;
    lj[j] = pivot;
    for (let i = j + 1; i < n; i++) {
      const li = l[i]!;
      let s = a[i]![j]!;
      for (let p = 0; p < j; p++) s -= li[p]! * lj[p]!;
      li[j] = pivot === 0 ? 0 : s / pivot;
    }
  }
  return (b) => {
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const li = l[i]!;
      let s = b[i]!;
      for (let p = 0; p < i; p++) s -= li[p]! * y[p]!;
      y[i] = li[i] === 0 ? 0 : s / li[i]!;
    }
    const x = new Array<number>(n).fill(0);
    for (let i = n - 1; i >= 0; i--) {
      let s = y[i]!;
      for (let p = i + 1; p < n; p++) s -= l[p]![i]! * x[p]!;
      x[i] = l[i]![i] === 0 ? 0 : s / l[i]![i]!;
    }
    return x;
  };
}
