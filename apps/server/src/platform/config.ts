import { z } from 'zod';

/**
 * Each module owns a slice of configuration: the environment variable, its schema, its default
 * and one line of documentation. Slices are composed in main.ts's configDefinition and validated
 * once at boot; code receives the typed result and never reads process.env itself.
 */
export interface ConfigEntry<T = unknown> {
  env: string;
  schema: z.ZodType<T>;
  default?: string;
  doc: string;
  /** Shown to browsers (the web app, the widget). Everything else stays on the server. */
  public?: boolean;
  /** Kept out of logs and error output. */
  secret?: boolean;
}

export type ConfigSlice = Record<string, ConfigEntry>;
export type ConfigDefinition = Record<string, ConfigSlice>;

type SliceValues<S extends ConfigSlice> = { [K in keyof S]: S[K] extends ConfigEntry<infer T> ? T : never };
export type ConfigValues<D extends ConfigDefinition> = { [M in keyof D]: SliceValues<D[M]> };

export function defineConfigSlice<S extends ConfigSlice>(slice: S): S {
  return slice;
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(
      `Rapport cannot start: the configuration has ${problems.length} problem(s).\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Validates every entry and reports all problems at once, not only the first. */
export function loadConfig<D extends ConfigDefinition>(
  definition: D,
  env: Record<string, string | undefined>,
): ConfigValues<D> {
  const problems: string[] = [];
  const values: Record<string, Record<string, unknown>> = {};
  for (const [moduleName, slice] of Object.entries(definition)) {
    const moduleValues: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(slice)) {
      const raw = env[entry.env] === '' ? undefined : (env[entry.env] ?? entry.default);
      const parsed = entry.schema.safeParse(raw);
      if (parsed.success) {
        moduleValues[key] = parsed.data;
      } else {
        const shown = raw === undefined ? 'it is not set' : entry.secret ? 'the value given' : `got "${raw}"`;
        const reason = parsed.error.issues[0]?.message ?? 'invalid value';
        problems.push(`${entry.env}: ${reason} (${shown}). ${entry.doc}`);
      }
    }
    values[moduleName] = moduleValues;
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return values as ConfigValues<D>;
}

/** The text of .env.example, generated from the definitions so the two cannot drift apart. */
export function renderEnvExample(definition: ConfigDefinition): string {
  const lines = ['# Rapport configuration. Generated from the config definitions; see docs/ARCHITECTURE.md.', ''];
  for (const slice of Object.values(definition)) {
    for (const entry of Object.values(slice)) {
      lines.push(`# ${entry.doc}`);
      lines.push(`#${entry.env}=${entry.default ?? ''}`);
      lines.push('');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

export const portSchema = z.coerce
  .number({ message: 'must be a whole number' })
  .int('must be a whole number')
  .min(1, 'must be between 1 and 65535')
  .max(65535, 'must be between 1 and 65535');
