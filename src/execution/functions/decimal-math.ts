/**
 * Decimal rounding over the engine's decimal representation (a double holding the decimal's value, see
 * data-type.ts). A double's decimal value is taken to be its shortest round-tripping digits — `2.675` is
 * 2.675, not the binary 2.67499999… — which is what Scala's `BigDecimal(d)` does, so `round(2.675D, 2)` is
 * 2.68 exactly as in Spark. Rounding multiplies by a power of ten when the result is unambiguous and falls back
 * to exact digit arithmetic near a tie or an integer boundary.
 */

export type RoundingMode = 'halfUp' | 'halfEven' | 'floor' | 'ceiling' | 'down';

const POW10: readonly number[] = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/** 10^k as a double (exact for 0 ≤ k ≤ 22). */
export function pow10(k: number): number {
  return k >= 0 && k < POW10.length ? POW10[k]! : Math.pow(10, k);
}

/** `x` rounded to `scale` decimal places (negative: to tens, hundreds, …). NaN and infinities pass through. */
export function roundDecimal(x: number, scale: number, mode: RoundingMode): number {
  if (!Number.isFinite(x) || x === 0) return x === 0 ? 0 : x;
  if (scale >= 0 && scale <= 15) {
    const p = POW10[scale]!;
    const y = x * p;
    const ay = Math.abs(y);
    if (ay < 2 ** 50) {
      const fl = Math.floor(ay), frac = ay - fl;
      const eps = ay * 1e-14 + 1e-12;
      const nearInteger = frac < eps || frac > 1 - eps;
      const nearHalf = Math.abs(frac - 0.5) < eps;
      if (!nearInteger && !nearHalf) {
        let up: boolean;
        switch (mode) {
          case 'halfUp': case 'halfEven': up = frac > 0.5; break;
          case 'floor': up = x < 0; break;
          case 'ceiling': up = x > 0; break;
          case 'down': up = false; break;
        }
        const r = (up ? fl + 1 : fl) / p;
        return r === 0 ? 0 : x < 0 ? -r : r;
      }
    }
  }
  return roundViaDigits(x, scale, mode);
}

/** Exact rounding on the shortest decimal digits of `x`. */
function roundViaDigits(x: number, scale: number, mode: RoundingMode): number {
  const neg = x < 0;
  const e = Math.abs(x).toExponential();
  const at = e.indexOf('e');
  const digits = e.slice(0, at).replace('.', '');
  const exp = Number(e.slice(at + 1));
  // digits d0 d1 … dk mean d0.d1…dk × 10^exp; keep the ones at or above 10^-scale.
  const keep = exp + 1 + scale;
  if (keep >= digits.length) return x;
  const kept = keep > 0 ? digits.slice(0, keep) : '';
  const first = keep >= 0 ? digits.charCodeAt(keep) - 48 : 0;
  const restNonZero = keep >= 0 ? /[1-9]/.test(digits.slice(keep + 1)) : true;
  let up: boolean;
  switch (mode) {
    case 'halfUp': up = first >= 5; break;
    case 'halfEven': {
      const lastKept = kept.length > 0 ? kept.charCodeAt(kept.length - 1) - 48 : 0;
      up = first > 5 || (first === 5 && (restNonZero || lastKept % 2 === 1));
      break;
    }
    case 'floor': up = neg; break;
    case 'ceiling': up = !neg; break;
    case 'down': up = false; break;
  }
  const unscaled = BigInt(kept === '' ? '0' : kept) + (up ? 1n : 0n);
  if (unscaled === 0n) return 0;
  const r = Number(`${unscaled}e${-scale}`);
  return neg ? -r : r;
}

/** Whether a value already rounded to `scale` fits DECIMAL(precision, scale). */
export function fitsDecimal(x: number, precision: number, scale: number): boolean {
  return Math.abs(x) < pow10(precision - scale);
}

/** `x` as a DECIMAL(precision, scale) value: rounded half-up, or null when it does not fit or is not finite. */
export function toDecimal(x: number, precision: number, scale: number): number | null {
  if (!Number.isFinite(x)) return null;
  const r = roundDecimal(x, scale, 'halfUp');
  return fitsDecimal(r, precision, scale) ? r : null;
}

/** The decimal's unscaled integer (value × 10^scale) as a bigint: exact for values held exactly. */
export function unscaledOf(x: number, scale: number): bigint {
  const e = Math.abs(x).toExponential();
  const at = e.indexOf('e');
  const digits = e.slice(0, at).replace('.', '');
  const shift = Number(e.slice(at + 1)) + 1 + scale - digits.length;
  let u: bigint;
  if (shift >= 0) u = BigInt(digits) * 10n ** BigInt(shift);
  else u = BigInt(digits.slice(0, Math.max(0, digits.length + shift)) || '0');
  return x < 0 ? -u : u;
}
