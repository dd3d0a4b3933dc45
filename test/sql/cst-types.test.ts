import { readFileSync, writeFileSync } from 'node:fs';
import { generateCstDts } from 'chevrotain';
import { describe, expect, it } from 'vitest';
import { sqlParser } from '../../src/sql/parser.js';

const HEADER = `/**
 * CST node typings, generated from the grammar in parser.ts by chevrotain's generateCstDts; do not edit.
 * Regenerate with \`SLUICE_UPDATE_CST=1 npx vitest run test/sql/cst-types.test.ts\`.
 */
`;

describe('cst-types.ts', () => {
  it('is exactly what chevrotain generates from the current grammar', () => {
    const generated = HEADER + generateCstDts(sqlParser().getGAstProductions(), { includeVisitorInterface: false });
    const file = new URL('../../src/sql/cst-types.ts', import.meta.url);
    if (process.env['SLUICE_UPDATE_CST'] === '1') writeFileSync(file, generated);
    expect(readFileSync(file, 'utf8')).toBe(generated);
  });
});
