/**
 * Durable file writes for checkpoint logs and the logs sources keep in `sources/<n>/`.
 *
 * A file is first written in full to a hidden temporary name in the same directory (`.<name>.<random>.tmp`) and
 * fsynced; only then does it appear under its real name, and the directory is fsynced so the new name survives a
 * power loss. A reader therefore sees either no file or the whole file, never a prefix of one.
 *
 * Two ways to publish the temporary file:
 * - `createFileExclusive` links it to the real name, which fails when that name exists: a log entry is written
 *   once and never replaced, even if two processes race for the same batch id.
 * - `replaceFileAtomic` renames it over the real name, for the few files that are meant to change.
 * Names starting with `.` are never log entries, so a temporary file left behind by a crash is ignored by every
 * reader and removed by `removeStaleTempFiles`.
 */
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { SluiceError } from '../../types/errors.js';

const TEMP_SUFFIX = '.tmp';

/** Creates `dir` (and parents) and makes its entry durable in the parent directory. */
export async function ensureDirectory(dir: string): Promise<void> {
  const existed = await pathExists(dir);
  if (existed) return;
  await fsp.mkdir(dir, { recursive: true });
  await fsyncDirectory(path.dirname(dir));
}

export async function fsyncDirectory(dir: string): Promise<void> {
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(dir, 'r');
    await handle.sync();
  } catch (err) {
    // Some file systems refuse fsync on a directory; the rename itself is still atomic there.
    if (!isCode(err, 'EINVAL') && !isCode(err, 'EISDIR') && !isCode(err, 'EPERM')) throw ioError(`cannot sync directory ${dir}`, err);
  } finally {
    await handle?.close();
  }
}

/**
 * Writes `content` to `file` only if no file of that name exists. Returns 'created', or 'exists' when the name was
 * already taken (the existing file is left untouched; the caller decides whether its content is acceptable).
 */
export async function createFileExclusive(file: string, content: string): Promise<'created' | 'exists'> {
  const temp = await writeTemp(file, content);
  try {
    await fsp.link(temp, file);
  } catch (err) {
    if (isCode(err, 'EEXIST')) return 'exists';
    if (!isCode(err, 'EPERM') && !isCode(err, 'ENOTSUP') && !isCode(err, 'EXDEV')) throw ioError(`cannot create ${file}`, err);
    // No hard links on this file system: fall back to check-then-rename, safe with one writer per checkpoint.
    if (await pathExists(file)) return 'exists';
    await fsp.rename(temp, file);
    await fsyncDirectory(path.dirname(file));
    return 'created';
  } finally {
    await fsp.rm(temp, { force: true });
  }
  await fsyncDirectory(path.dirname(file));
  return 'created';
}

/** Writes `content` to `file`, atomically replacing any previous version. */
export async function replaceFileAtomic(file: string, content: string): Promise<void> {
  const temp = await writeTemp(file, content);
  try {
    await fsp.rename(temp, file);
  } catch (err) {
    await fsp.rm(temp, { force: true });
    throw ioError(`cannot write ${file}`, err);
  }
  await fsyncDirectory(path.dirname(file));
}

/** Removes temporary files a crashed writer left in `dir`. Call only while no other writer uses the directory. */
export async function removeStaleTempFiles(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch (err) {
    if (isCode(err, 'ENOENT')) return;
    throw ioError(`cannot list ${dir}`, err);
  }
  for (const name of names) {
    if (name.startsWith('.') && name.endsWith(TEMP_SUFFIX)) await fsp.rm(path.join(dir, name), { force: true });
  }
}

/** The file's text, or undefined when it does not exist. */
export async function readFileIfExists(file: string): Promise<string | undefined> {
  try {
    return await fsp.readFile(file, 'utf8');
  } catch (err) {
    if (isCode(err, 'ENOENT')) return undefined;
    throw ioError(`cannot read ${file}`, err);
  }
}

export async function pathExists(p: string): Promise<boolean> {
  try {
    await fsp.stat(p);
    return true;
  } catch (err) {
    if (isCode(err, 'ENOENT')) return false;
    throw ioError(`cannot access ${p}`, err);
  }
}

export function isCode(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code;
}

function ioError(what: string, err: unknown): SluiceError {
  return new SluiceError('IO_ERROR', `${what}: ${err instanceof Error ? err.message : String(err)}`);
}

async function writeTemp(file: string, content: string): Promise<string> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(temp, 'wx');
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } catch (err) {
    await handle?.close();
    handle = undefined;
    await fsp.rm(temp, { force: true });
    throw ioError(`cannot write ${temp}`, err);
  } finally {
    await handle?.close();
  }
  return temp;
}
