import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { readVersion, repoRoot } from '../../main.ts';
import { renderOpenApiDocument } from './openapi-document.ts';

// `npm run openapi` regenerates docs/openapi.json; a test fails when it drifts from the routes.
writeFileSync(path.join(repoRoot, 'docs/openapi.json'), await renderOpenApiDocument(readVersion()));
console.log('Wrote docs/openapi.json');
