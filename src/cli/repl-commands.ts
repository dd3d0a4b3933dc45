/**
 * The REPL's own commands, lines starting with a backslash when no statement is pending: `\help` (`\h`,
 * `\?`) and `\quit` (`\q`).
 */
import { LIVE_TRIGGER_SETTING } from './repl-live-query.js';

export type CommandOutcome =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'quit' }
  | { readonly kind: 'error'; readonly message: string };

export function isCommand(line: string): boolean {
  return line.trimStart().startsWith('\\');
}

export function runCommand(line: string): CommandOutcome {
  const name = line.trim().split(/\s+/)[0]!.toLowerCase();
  switch (name) {
    case '\\help': case '\\h': case '\\?': return { kind: 'text', text: helpText() };
    case '\\quit': case '\\q': case '\\exit': return { kind: 'quit' };
    default: return { kind: 'error', message: `Unknown command ${name}; \\help lists the commands` };
  }
}

export function helpText(): string {
  return [
    'Statements end with ; and may span lines. A SELECT over a stream runs live until Ctrl-C.',
    '',
    '  SELECT … FROM source [EMIT CHANGES] [LIMIT n];   live: aggregations as a table,',
    '                                                   other rows appended; LIMIT n ends it',
    '  SELECT … FROM table;                             prints the result',
    '  CREATE SOURCE | TABLE | VIEW name …;             names for data',
    '  CREATE SINK name WITH (…) AS SELECT …;           a query running in the background',
    '  SHOW SOURCES | TABLES | VIEWS | SINKS | QUERIES;',
    '  DESCRIBE name;  DESCRIBE QUERY name;  EXPLAIN SELECT …;  STOP QUERY name;',
    `  SET key = value;   e.g. SET ${LIVE_TRIGGER_SETTING} = '1 second' (live query batches),`,
    "                     SET startingOffsets = 'earliest' (Kafka sources of live queries)",
    '',
    '  \\help   this text            \\quit   stop all queries and leave (also Ctrl-D)',
    '',
    'Keys: Tab completes names and keywords; Up/Down and Ctrl-R search the history;',
    'Ctrl-C stops a live query or drops the statement being typed.',
    '',
  ].join('\n');
}
