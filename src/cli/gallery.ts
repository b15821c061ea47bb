// `lazylab gallery <folder>... --out DIR`: one page linking the reports of any set of result
// folders (each holding results.json, and the spec in its provenance or spec.lazy beside it),
// with each report's first figure, title, abstract sentence and verdict count. The same page
// as the committed reports/index.html (src/report/gallery.ts), for a researcher's own runs.

import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { readResults, writeFileAtomic } from '../run/results.js';
import { lazylabVersion } from '../version.js';
import { err, out, parseCommand, prepareWritableDir } from './io.js';

export const GALLERY_USAGE = `usage: lazylab gallery <folder>... --out DIR [--title T]

Writes DIR/index.html: a card per result folder (a \`lazylab run\` output: results.json, and the
spec recorded in it or spec.lazy beside it) with the report's first figure, its title, the first
sentence of its abstract and how many expectations passed, linking the folder's index.html.
  --out DIR     where to write index.html (links are relative to it)
  --title T     the page's heading (default "lazylab reports")`;

interface Entry { href: string; source: string; results: ReturnType<typeof readResults> }

/** One folder's gallery entry, or what is wrong with it. */
function readFolder(folder: string, outDir: string): Entry | string {
  if (resolve(folder) === resolve(outDir)) return `${folder}: the gallery would overwrite this folder's own report; choose another --out`;
  const file = join(folder, 'results.json');
  if (!existsSync(file)) return `${folder}: no results.json (give folders written by \`lazylab run\`)`;
  let results: Entry['results'];
  try {
    results = readResults(file);
  } catch (e) {
    return (e as Error).message;
  }
  const specFile = join(folder, 'spec.lazy');
  const source = results.provenance?.spec ?? (existsSync(specFile) ? readFileSync(specFile, 'utf8') : null);
  if (source === null) return `${folder}: results.json records no spec and there is no spec.lazy beside it`;
  if (!existsSync(join(folder, 'index.html'))) err(`lazylab gallery: note: ${folder} has no index.html yet (\`lazylab report ${folder}\` writes it); its card links there`);
  return { href: relative(resolve(outDir), resolve(folder)).split('\\').join('/') || '.', source, results };
}

export async function galleryCommand(argv: string[]): Promise<number> {
  const parsed = parseCommand(argv, { out: { type: 'string', short: 'o' }, title: { type: 'string' } }, GALLERY_USAGE);
  if (!parsed) return argv.includes('--help') || argv.includes('-h') ? 0 : 2;
  const outDir = parsed.values['out'] as string | undefined;
  const fail = (msg: string): number => { err(`lazylab gallery: ${msg}\n\n${GALLERY_USAGE}`); return 2; };
  if (parsed.positionals.length === 0) return fail('give at least one result folder');
  if (!outDir) return fail('--out DIR is required');
  const entries: Entry[] = [];
  for (const folder of parsed.positionals) {
    const e = readFolder(folder, outDir);
    if (typeof e === 'string') { err(`lazylab gallery: ${e}`); return 1; }
    entries.push(e);
  }
  const unwritable = prepareWritableDir(outDir);
  if (unwritable) { err(`lazylab gallery: ${unwritable}`); return 2; }
  const { renderGallery } = await import('../report/gallery.js');
  const title = (parsed.values['title'] as string | undefined) ?? 'lazylab reports';
  const byline = `${entries.length} report${entries.length === 1 ? '' : 's'}. Every card links a self-contained report; its figure is the report's first.`;
  const html = await renderGallery(entries, lazylabVersion(), { title, byline });
  const path = join(outDir, 'index.html');
  writeFileAtomic(path, html);
  out(`gallery: ${path} (${entries.length} report${entries.length === 1 ? '' : 's'})`);
  return 0;
}
