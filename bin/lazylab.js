#!/usr/bin/env node
// The lazylab command: runs the compiled CLI (npm install builds dist/ through `prepare`).
// The bundle (dist/bundle/, scripts/bundle.mjs) loads a few files instead of ~1,200 ES modules;
// without it (tsc only) the unbundled dist/cli/index.js runs the same code.
// A bundle older than dist/cli/index.js (tsc ran after the last bundling) is stale: skip it.
import { statSync } from 'node:fs';

const bundle = new URL('../dist/bundle/cli.js', import.meta.url);
const compiled = new URL('../dist/cli/index.js', import.meta.url);
const fresh = (statSync(bundle, { throwIfNoEntry: false })?.mtimeMs ?? -1) >= (statSync(compiled, { throwIfNoEntry: false })?.mtimeMs ?? Infinity);
const { main } = await import(fresh ? bundle.href : compiled.href);

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
