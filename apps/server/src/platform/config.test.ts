import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configDefinition, readConfig } from '../config.ts';
import { repoRoot } from '../main.ts';
import { ConfigError, renderEnvExample } from './config.ts';

describe('configuration', () => {
  it('starts with defaults when nothing is set', () => {
    const config = readConfig({});
    expect(config.http.port).toBe(3000);
    expect(config.storage.dataDir).toBe('./data');
    expect(config.storage.databaseUrl).toBeUndefined();
    expect(config.publicUrl).toBe('http://localhost:3000');
  });

  it('derives the public URL from the port and trims a trailing slash from a given one', () => {
    expect(readConfig({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(readConfig({ RAPPORT_PUBLIC_URL: 'https://support.example.test/' }).publicUrl).toBe(
      'https://support.example.test',
    );
  });

  it('lists every problem at once, naming the variable and what it expects', () => {
    let caught: unknown;
    try {
      readConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://nope',
        RAPPORT_PUBLIC_URL: 'not a url',
        RAPPORT_TRUST_PROXY: 'yes',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems;
    expect(problems).toHaveLength(4);
    expect(problems.find((p) => p.startsWith('PORT:'))).toMatch(/whole number.*got "eighty"/);
    expect(problems.find((p) => p.startsWith('DATABASE_URL:'))).toMatch(/postgres:\/\//);
    // The database URL may hold a password: it is never echoed back.
    expect(problems.join('\n')).not.toContain('mysql://nope');
    expect(problems.find((p) => p.startsWith('RAPPORT_PUBLIC_URL:'))).toMatch(/full URL/);
    expect((caught as ConfigError).message).toMatch(/cannot start: the configuration has 4 problem/);
  });

  it('rejects a port out of range', () => {
    expect(() => readConfig({ PORT: '70000' })).toThrow(/PORT: must be between 1 and 65535/);
  });

  it('keeps .env.example in step with the definitions', () => {
    const committed = readFileSync(path.join(repoRoot, '.env.example'), 'utf8');
    expect(committed).toBe(renderEnvExample(configDefinition));
  });
});
