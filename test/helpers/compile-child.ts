/**
 * Compiles a TypeScript child-process fixture (and what it imports) to plain JS in `outDir` — Node 20 cannot
 * run TypeScript itself — and returns the path of the compiled entry. The output is an ES module tree that
 * resolves the project's dependencies through a node_modules link.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** `fixture` is relative to the repository root, e.g. `test/files/fixtures/file-pipeline-child.ts`. */
export function compileChild(fixture: string, outDir: string): string {
  const r = spawnSync(process.execPath, [
    path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
    '--outDir', outDir, '--rootDir', root, '--module', 'nodenext', '--moduleResolution', 'nodenext',
    '--target', 'es2022', '--skipLibCheck', '--types', 'node', '--noCheck', '--ignoreConfig',
    path.join(root, fixture),
  ], { encoding: 'utf8' });
  writeFileSync(path.join(outDir, 'package.json'), '{"type":"module"}\n');
  symlinkSync(path.join(root, 'node_modules'), path.join(outDir, 'node_modules'));
  const script = path.join(outDir, fixture.replace(/\.ts$/, '.js'));
  if (!existsSync(script)) throw new Error(`cannot compile ${fixture}: ${r.stdout}${r.stderr}`);
  return script;
}
