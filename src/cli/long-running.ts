/** What the long-running commands (watch, worker) share: their JSON log lines, and how they are asked to stop. */
import { pino, type Logger } from 'pino';

/** Structured log lines (JSON, one an event) on standard output. */
export function jsonLog(): Logger {
  return pino({ base: null, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination({ dest: 1, sync: true }));
}

/**
 * Resolves at the first SIGINT or SIGTERM. Called before anything starts, so that a signal
 * arriving while the command starts still stops it cleanly.
 */
export function stopRequested(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
