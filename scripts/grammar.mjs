// Writes grammar/lazylab.ebnf and grammar/railroad.html from the live parser, and
// grammar/REFERENCE.md from the checker's tables (compiled to dist/ by `npm run grammar`).
// test/lang/grammar.test.ts and test/check/reference.test.ts fail when they are out of date.

import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ebnfFromParser, railroadHtml } from '../dist/lang/grammar-doc.js';
import { referenceMarkdown } from '../dist/check/reference.js';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'grammar');
writeFileSync(join(out, 'lazylab.ebnf'), ebnfFromParser());
writeFileSync(join(out, 'railroad.html'), railroadHtml());
writeFileSync(join(out, 'REFERENCE.md'), referenceMarkdown());
console.log(`wrote ${join(out, 'lazylab.ebnf')}, ${join(out, 'railroad.html')} and ${join(out, 'REFERENCE.md')}`);
