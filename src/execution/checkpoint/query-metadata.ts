/**
 * The checkpoint's `metadata` file: the identity of the query that owns the checkpoint.
 *
 * File format (UTF-8, one line ending with `\n`):
 * ```
 * {"id":"<query id, a lower-case UUID>"}
 * ```
 * Written once, when a query first starts on an empty (or absent) checkpoint directory; the id then stays the
 * same across every restart (a new `runId` is drawn per run instead). A directory that holds anything else but no
 * metadata file is not a checkpoint and is refused rather than adopted: pointing a query at a data directory by
 * mistake must not scatter logs through it. The one exception is `state/`, which the state store may create while
 * the query is being planned, before its first start.
 */
import { randomUUID } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { SluiceError } from '../../types/errors.js';
import { createFileExclusive, ensureDirectory, isCode, readFileIfExists } from './atomic-file.js';

export const METADATA_FILE = 'metadata';
/** The state store's directory; it may be opened (and so created) before the query first writes its metadata. */
const STATE_DIR = 'state';

export interface QueryMetadata {
  readonly id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Reads the checkpoint's metadata, creating the directory and a new id when the checkpoint is new. */
export async function readOrCreateQueryMetadata(checkpointDir: string): Promise<QueryMetadata & { readonly created: boolean }> {
  const file = path.join(checkpointDir, METADATA_FILE);
  const existing = await readFileIfExists(file);
  if (existing !== undefined) return { ...parseQueryMetadata(existing, file), created: false };

  const foreign = await visibleEntries(checkpointDir);
  if (foreign.length > 0) {
    throw new SluiceError('CHECKPOINT_ERROR',
      `checkpoint location ${checkpointDir} is not empty (it holds ${foreign.slice(0, 3).join(', ')}` +
      `${foreign.length > 3 ? ', …' : ''}) but has no ${METADATA_FILE} file, so it is not a Sluice checkpoint or it is damaged; ` +
      'use an empty or new directory');
  }
  await ensureDirectory(checkpointDir);
  const metadata: QueryMetadata = { id: randomUUID() };
  if ((await createFileExclusive(file, serializeQueryMetadata(metadata))) === 'exists') {
    // Another run created it between our read and our write: its id wins.
    return { ...parseQueryMetadata((await readFileIfExists(file)) ?? '', file), created: false };
  }
  return { ...metadata, created: true };
}

export function serializeQueryMetadata(m: QueryMetadata): string {
  return `${JSON.stringify({ id: m.id })}\n`;
}

export function parseQueryMetadata(text: string, file: string): QueryMetadata {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw corrupt(file, `not JSON (${(err as Error).message})`);
  }
  const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
  if (typeof id !== 'string') throw corrupt(file, 'no string "id"');
  if (!UUID.test(id)) throw corrupt(file, `"id" ${JSON.stringify(id)} is not a UUID`);
  return { id };
}

function corrupt(file: string, what: string): SluiceError {
  return new SluiceError('CHECKPOINT_ERROR', `corrupt checkpoint file ${file}: ${what}; refusing to use this checkpoint`);
}

async function visibleEntries(dir: string): Promise<string[]> {
  try {
    return (await fsp.readdir(dir)).filter((n) => !n.startsWith('.') && n !== STATE_DIR).sort();
  } catch (err) {
    if (isCode(err, 'ENOENT')) return [];
    if (isCode(err, 'ENOTDIR')) throw new SluiceError('CHECKPOINT_ERROR', `checkpoint location ${dir} is a file, not a directory`);
    throw new SluiceError('IO_ERROR', `cannot list checkpoint location ${dir}: ${(err as Error).message}`);
  }
}
