/**
 * Connector options now live in execution/connector-options.ts, where sources and sinks both reach them; this
 * re-export keeps the sources' existing imports working.
 */
export { ConnectorOptions } from '../execution/connector-options.js';
