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
