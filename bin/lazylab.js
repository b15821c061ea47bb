#!/usr/bin/env node
// The lazylab command: runs the compiled CLI (npm install builds dist/ through `prepare`).
import { main } from '../dist/cli/index.js';

/** Exit only once stdout and stderr are flushed: on a pipe, writes are asynchronous and an
 *  immediate process.exit would cut long output (a large `plan --json`) short. */
function exitAfterFlush(code) {
  process.exitCode = code;
  let pending = 2;
  const done = () => {
    pending -= 1;
    if (pending === 0) process.exit(code);
  };
  // A stream whose reader went away (EPIPE, see guardStdout) has nothing left to flush.
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.destroyed || stream.writableEnded) done();
    else stream.write('', done);
  }
}

main(process.argv.slice(2)).then(exitAfterFlush, (err) => {
  console.error(`lazylab: internal error: ${err && err.stack ? err.stack : err}`);
  exitAfterFlush(70);
});
