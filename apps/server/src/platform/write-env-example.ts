import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { configDefinition } from '../config.ts';
import { repoRoot } from '../main.ts';
import { renderEnvExample } from './config.ts';

// `npm run env:example` regenerates .env.example; a test fails when it drifts from the definitions.
writeFileSync(path.join(repoRoot, '.env.example'), renderEnvExample(configDefinition));
console.log('Wrote .env.example');
