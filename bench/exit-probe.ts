// Preloaded (`node --import`) into a diagnostic run only: prints the epoch time of the process's 'exit' event, so the
// benchmark can tell the command's own time from the time the process then takes to end.
import { writeSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

if (isMainThread) {
  process.on('exit', () => {
    writeSync(2, `\nbench-exit-at ${Date.now()}\n`);
  });
}
