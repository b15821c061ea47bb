#!/usr/bin/env node
// The lazylab command: runs the compiled CLI (npm install builds dist/ through `prepare`).
import { main } from '../dist/cli/index.js';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`lazylab: internal error: ${err && err.stack ? err.stack : err}`);
    process.exit(70);
  },
);
