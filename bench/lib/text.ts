import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Plausible message text for the bench database. Read at run time from the evaluation data kept
 * outside the project (/work/shared/data, or RAPPORT_BENCH_TEXT_DIR): customer tweets to airlines,
 * banking questions and customer-care threads as inbound text, the care agents' replies as outbound
 * text. Nothing of it is copied into the repository; the text lands only in the local bench
 * database. Without the folder, a small built-in vocabulary stands in.
 */
export interface BenchText {
  inbound: string[];
  outbound: string[];
  source: string;
}

/** RFC 4180 CSV (quoted fields may hold commas, quotes and newlines). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

// Tweets start with the company's handle and carry HTML entities; a desk would see neither.
function tidy(text: string): string {
  return text
    .replace(/^(\s*@\w+[:,]?\s*)+/, '')
    .replaceAll('&amp;', '&')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .trim();
}

function column(rows: string[][], name: string): string[] {
  const index = rows[0]?.indexOf(name) ?? -1;
  if (index < 0) return [];
  return rows.slice(1).map((row) => row[index] ?? '');
}

export function defaultTextDir(repoRoot: string): string {
  return path.resolve(repoRoot, '../shared/data');
}

export function loadBenchText(dir: string): BenchText {
  const inbound: string[] = [];
  const outbound: string[] = [];
  const airline = path.join(dir, 'airline-sentiment/dev.csv');
  if (existsSync(airline)) inbound.push(...column(parseCsv(readFileSync(airline, 'utf8')), 'text'));
  for (const file of ['banking77/train.csv', 'banking77/validation.csv']) {
    const full = path.join(dir, file);
    if (existsSync(full)) inbound.push(...column(parseCsv(readFileSync(full, 'utf8')), 'text'));
  }
  const threadsFile = path.join(dir, 'support-threads/dev.json');
  if (existsSync(threadsFile)) {
    const threads = JSON.parse(readFileSync(threadsFile, 'utf8')) as {
      agentURL?: { url_utterance?: string };
      dialogContent?: { client?: string; agent?: string; message?: string }[];
    }[];
    for (const thread of threads) {
      if (thread.agentURL?.url_utterance) outbound.push(thread.agentURL.url_utterance);
      for (const turn of thread.dialogContent ?? []) {
        if (!turn.message) continue;
        (turn.agent ? outbound : inbound).push(turn.message);
      }
    }
  }
  const clean = (list: string[]) => list.map(tidy).filter((text) => text.length >= 8);
  if (inbound.length > 100 && outbound.length > 20) {
    return { inbound: clean(inbound), outbound: clean(outbound), source: dir };
  }
  return { ...builtInText(), source: 'built-in vocabulary (evaluation data not found)' };
}

function builtInText(): Omit<BenchText, 'source'> {
  const subjects = ['my order', 'the parcel', 'my card', 'the invoice', 'my account', 'the refund', 'the app'];
  const problems = ['has not arrived', 'was charged twice', 'is blocked', 'shows the wrong amount', 'keeps crashing'];
  const asks = ['Can you help?', 'What should I do?', 'Please sort this out today.', 'Is there an update?'];
  const replies = [
    'Thanks for reaching out, I have looked into this and',
    'Sorry for the trouble. I checked your account and',
    'Thank you for your patience:',
  ];
  const outcomes = ['the refund is on its way.', 'a replacement ships tomorrow.', 'the block is lifted now.'];
  const inbound: string[] = [];
  for (const s of subjects) for (const p of problems) for (const a of asks) inbound.push(`Hi, ${s} ${p}. ${a}`);
  const outbound: string[] = [];
  for (const r of replies) for (const o of outcomes) outbound.push(`${r} ${o} Let me know if anything else comes up.`);
  return { inbound, outbound };
}
