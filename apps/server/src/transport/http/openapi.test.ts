import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readVersion, repoRoot } from '../../main.ts';
import { renderOpenApiDocument } from './openapi-document.ts';

describe('OpenAPI document', () => {
  it('docs/openapi.json is what the routes declare (run npm run openapi after changing a route)', async () => {
    const committed = readFileSync(path.join(repoRoot, 'docs/openapi.json'), 'utf8');
    const current = await renderOpenApiDocument(readVersion());
    expect(JSON.parse(current).paths['/api/v1/conversations']).toBeDefined();
    expect(current).toBe(committed);
  });
});
