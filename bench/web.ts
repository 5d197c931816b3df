import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { latencyOf } from './lib/measure.ts';
import type { ResultRow } from './lib/report.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const distDir = path.join(repoRoot, 'apps/web/dist');
const chromiumPath = process.env.RAPPORT_CHROMIUM ?? '/usr/bin/chromium';

/** Gzipped size of the JavaScript the first screen loads: the entry script and what index.html preloads. */
export function initialBundleKb(): { js: number; css: number } {
  const html = readFileSync(path.join(distDir, 'index.html'), 'utf8');
  const assets = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+)"/g)].map((match) => match[1] ?? '');
  const gz = (file: string) => gzipSync(readFileSync(path.join(distDir, file))).length / 1024;
  const sum = (ext: string) =>
    Math.round(assets.filter((a) => a.endsWith(ext)).reduce((total, file) => total + gz(file), 0));
  return { js: sum('.js'), css: sum('.css') };
}

/** Time from navigation until a page's "Sign in" button can be used, in a fresh browser context each run. */
export async function firstScreenMs(url: string, runs: number): Promise<ReturnType<typeof latencyOf>> {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const samples: number[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(url);
      await page.getByRole('button', { name: 'Sign in' }).waitFor({ state: 'visible' });
      samples.push(await page.evaluate(() => performance.now()));
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return latencyOf(samples);
}

export async function webRows(input: { url: string; quick: boolean }): Promise<ResultRow[]> {
  if (!existsSync(path.join(distDir, 'index.html'))) {
    return [{ section: 'Web app', scenario: 'Agent app', result: 'not built (run npm run build)', numbers: {} }];
  }
  const bundle = initialBundleKb();
  const rows: ResultRow[] = [
    {
      section: 'Web app',
      scenario: 'Initial JavaScript of the agent app (gzipped)',
      result: `${bundle.js} KB JS, ${bundle.css} KB CSS`,
      numbers: bundle,
      target: 'JS < 350 KB',
      met: bundle.js < 350,
    },
  ];
  if (!existsSync(chromiumPath)) {
    rows.push({
      section: 'Web app',
      scenario: 'First screen on localhost',
      result: `not measured: no Chromium at ${chromiumPath}`,
      numbers: {},
    });
    return rows;
  }
  const runs = input.quick ? 3 : 10;
  // The machine's limit in the same run: a bare page with one button, from a bare HTTP server.
  const bare = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><button>Sign in</button>');
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const barePort = (bare.address() as AddressInfo).port;
  const baseline = await firstScreenMs(`http://127.0.0.1:${barePort}/`, runs);
  bare.close();
  const load = await firstScreenMs(`${input.url}/login`, runs);
  rows.push({
    section: 'Web app',
    scenario: 'First screen on localhost (sign-in usable, fresh browser context)',
    result: `p50 ${load.p50} ms, p95 ${load.p95} ms, max ${load.max} ms`,
    numbers: { ...load, bareP50: baseline.p50 },
    limit: `bare page p50 ${baseline.p50} ms`,
    // Time, so the bare page over Rapport's: 100% would be as fast as a page with nothing in it.
    ratio: baseline.p50 / load.p50,
    target: '< 1 s (p95)',
    met: load.p95 < 1000,
  });
  return rows;
}
