/**
 * Field names of `struct(a, b, 1)`: Spark names a field after the column an argument references and
 * `col<n>` (1-based position) otherwise, so `struct(a, b, 1)` is `STRUCT<a, b, col3>`.
 */
export function structFieldNames(argNames: readonly (string | undefined)[]): string[] {
  return argNames.map((name, i) => name ?? `col${i + 1}`);
}
