// Regenerates docs/rules/README.md, the catalog table, from the rule registry.
// `npm run docs` writes it; a test fails when the committed file is out of date.
import { writeFileSync } from 'node:fs';
import { renderRuleCatalog } from './catalog-doc.js';

writeFileSync('docs/rules/README.md', renderRuleCatalog());
console.log('docs/rules/README.md written');
