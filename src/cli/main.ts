/**
 * The `sluice` command.
 *
 *   sluice run FILE.sql [--checkpoint DIR] [--trigger available-now|once|<interval>] [--output table|jsonl]
 *   sluice [-f init.sql]            the REPL (plain, prompt-less output when stdin is not a terminal)
 *
 * `run` executes the script's statements in order; each SELECT prints its rows, streaming queries run until
 * they end (available-now, once) or until Ctrl-C. With `--output jsonl` stdout carries only result rows;
 * messages and errors go to stderr. Errors exit non-zero with `error: <message>`, SQL errors with the line,
 * column and a caret under the token.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { formatError, SluiceError } from '../types/errors.js';
import { parseTrigger } from '../execution/trigger.js';
import { Session } from '../api/session.js';
import type { StatementResult } from '../api/statement-executor.js';
import { formatRows, type OutputFormat } from './result-printer.js';

interface RunArgs {
  readonly file: string;
  readonly checkpoint?: string;
  readonly trigger?: string;
  readonly output: OutputFormat;
}

function usage(): string {
  return [
    'usage: sluice run FILE.sql [--checkpoint DIR] [--trigger available-now|once|<interval>] [--output table|jsonl]',
    '       sluice [-f init.sql]          open the REPL',
  ].join('\n');
}

function parseRunArgs(args: string[]): RunArgs {
  let file: string | undefined, checkpoint: string | undefined, trigger: string | undefined;
  let output: OutputFormat = 'table';
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new SluiceError('ANALYSIS_ERROR', `${a} needs a value\n${usage()}`);
      return v;
    };
    if (a === '--checkpoint') checkpoint = value();
    else if (a === '--trigger') trigger = value();
    else if (a === '--output') {
      const v = value();
      if (v !== 'table' && v !== 'jsonl') throw new SluiceError('ANALYSIS_ERROR', `--output must be table or jsonl, not '${v}'`);
      output = v;
    } else if (a.startsWith('--')) throw new SluiceError('ANALYSIS_ERROR', `unknown option ${a}\n${usage()}`);
    else if (file === undefined) file = a;
    else throw new SluiceError('ANALYSIS_ERROR', `unexpected argument '${a}'\n${usage()}`);
  }
  if (!file) throw new SluiceError('ANALYSIS_ERROR', `run needs a script\n${usage()}`);
  return { file, checkpoint, trigger, output };
}

async function run(args: RunArgs): Promise<number> {
  let text: string;
  try {
    text = await fsp.readFile(args.file, 'utf8');
  } catch (err) {
    throw new SluiceError('IO_ERROR', `cannot read ${args.file}: ${(err as Error).message}`);
  }
  const session = new Session({ out: (t) => process.stdout.write(t.endsWith('\n') ? t : t + '\n') });
  session.streams.configure({
    checkpointRoot: args.checkpoint ? path.resolve(args.checkpoint) : undefined,
    trigger: args.trigger ? parseTrigger(args.trigger) : undefined,
    liveOutput: args.output,
  });
  let interrupted = false;
  const onSigint = () => { interrupted = true; void session.stop(); };
  process.on('SIGINT', onSigint);
  try {
    await session.execute(text, (r) => print(r, args.output));
    await session.streams.awaitAll();
  } catch (err) {
    if (err instanceof SluiceError && err.position && err.sourceText === undefined) err.sourceText = text;
    throw err;
  } finally {
    process.off('SIGINT', onSigint);
    await session.stop();
  }
  return interrupted ? 130 : 0;
}

function print(r: StatementResult, format: OutputFormat): void {
  switch (r.kind) {
    case 'rows': process.stdout.write(formatRows(r.batch, format)); break;
    case 'text': process.stdout.write(r.text.endsWith('\n') ? r.text : r.text + '\n'); break;
    case 'message': process.stderr.write(`${r.message}\n`); break;
    case 'streaming': process.stderr.write(`Started query ${r.name} (${r.queryId})\n`); break;
  }
}

export async function main(argv: string[]): Promise<number> {
  try {
    if (argv[0] === 'run') return await run(parseRunArgs(argv.slice(1)));
    if (argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') { process.stdout.write(usage() + '\n'); return 0; }
    const { startRepl } = await import('./repl.js');
    return await startRepl(argv);
  } catch (err) {
    process.stderr.write(`error: ${formatError(err)}\n`);
    if (process.env.SLUICE_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    return 1;
  }
}
