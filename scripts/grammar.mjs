// Writes grammar/lazylab.ebnf and grammar/railroad.html from the live parser (compiled to
// dist/ by `npm run grammar`). test/lang/grammar.test.ts fails when they are out of date.

import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ebnfFromParser, railroadHtml } from '../dist/lang/grammar-doc.js';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'grammar');
writeFileSync(join(out, 'lazylab.ebnf'), ebnfFromParser());
writeFileSync(join(out, 'railroad.html'), railroadHtml());
console.log(`wrote ${join(out, 'lazylab.ebnf')} and ${join(out, 'railroad.html')}`);
