/** A plain-text table: a header, a rule, and rows; numbers and figures right-aligned, text left-aligned. */

/** @param {readonly string[]} header @param {readonly (readonly string[])[]} rows @param {readonly ('l' | 'r')[]} align */
export function textTable(header, rows, align) {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (/** @type {readonly string[]} */ cells) =>
    cells.map((s, c) => (align[c] === 'r' ? s.padStart(widths[c]) : s.padEnd(widths[c]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** 12 345 678 → "12.3M", 523 000 → "523k". @param {number} x */
export function humanRate(x) {
  if (!Number.isFinite(x)) return '-';
  if (x >= 1e9) return `${(x / 1e9).toFixed(2)}G`;
  if (x >= 1e6) return `${(x / 1e6).toFixed(2)}M`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(1)}k`;
  return x.toFixed(0);
}
