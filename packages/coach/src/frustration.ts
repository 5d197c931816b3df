import { en } from './rules/en.ts';
import { straighten } from './text.ts';
import type { LanguageRules } from './types.ts';

export type FrustrationLevel = 'calm' | 'uneasy' | 'frustrated';

export interface Frustration {
  /** 0 (calm) … 1 (very frustrated). */
  score: number;
  level: FrustrationLevel;
  /** Plain reasons shown to the agent, strongest first. */
  reasons: string[];
}

export interface FrustrationOptions {
  /** Support cues on top of the lexicon (repeat contact, waiting, threats to leave…); default true. */
  cues?: boolean;
  rules?: LanguageRules;
}

/** Scores at or above these are uneasy / frustrated. */
export const UNEASY_AT = 0.3;
export const FRUSTRATED_AT = 0.6;
// Negative points at which the score reaches 1 - 1/e; keeps one mild word from reading as frustration.
const SCALE = 3.5;

interface CompiledCues {
  rules: LanguageRules;
  cues: { id: string; regex: RegExp; weight: number; reason: string }[];
  calm: RegExp;
  stems: [string, number][];
  negators: Set<string>;
  intensifiers: Set<string>;
}

let compiled: CompiledCues | undefined;

function compile(rules: LanguageRules): CompiledCues {
  if (compiled && compiled.rules === rules) return compiled;
  compiled = {
    rules,
    cues: rules.frustrationCues.map((cue) => ({ ...cue, regex: new RegExp(cue.pattern, 'giu') })),
    calm: new RegExp(rules.calmPhrases, 'gi'),
    stems: Object.entries(rules.lexiconStems),
    negators: new Set(rules.negators),
    intensifiers: new Set(rules.intensifiers),
  };
  return compiled;
}

function wordWeight(word: string, c: CompiledCues): number {
  const exact = c.rules.lexicon[word];
  if (exact !== undefined) return exact;
  for (const [stem, weight] of c.stems) if (word.startsWith(stem)) return weight;
  return 0;
}

interface LexiconResult {
  negative: number;
  positive: number;
  words: string[];
}

function lexiconScore(text: string, c: CompiledCues): LexiconResult {
  // Mentions, hashtags and links name things; they carry no feeling of their own.
  const cleaned = text.replace(/https?:\/\/\S+|[@#]\w+/g, ' ').toLowerCase();
  // Punctuation is kept as a token so negation stops at the end of a clause ("not bad, thanks").
  const tokens = cleaned.match(/[a-z']+|[.,;!?]/g) ?? [];
  const result: LexiconResult = { negative: 0, positive: 0, words: [] };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    let weight = wordWeight(token, c);
    if (weight === 0) continue;
    const window = tokens.slice(Math.max(0, i - 3), i);
    const clauseStart = Math.max(...window.map((w, k) => (/^[.,;!?]$/.test(w) ? k + 1 : 0)), 0);
    const before = window.slice(clauseStart);
    if (before.some((w) => c.negators.has(w))) weight = weight > 0 ? -weight * 0.75 : weight * 0.25;
    if (before.length > 0 && c.intensifiers.has(before[before.length - 1] as string)) weight *= 1.5;
    if (weight < 0) {
      result.negative -= weight;
      if (weight <= -2) result.words.push(token);
    } else result.positive += weight;
  }
  return result;
}

function capitals(text: string): boolean {
  const shouted = text.replace(/https?:\/\/\S+|[@#]\w+/g, ' ').match(/\b[A-Z]{4,}\b/g) ?? [];
  const letters = text.match(/[A-Za-z]/g)?.length ?? 0;
  const upper = text.match(/[A-Z]/g)?.length ?? 0;
  return shouted.length >= 2 || (letters >= 20 && upper / letters > 0.6);
}

/**
 * How frustrated the customer sounds in their recent messages, from a small lexicon plus support cues
 * that lexicons miss. A cue for the agent to slow down; never shown to the customer.
 */
export function frustration(messages: string[], options: FrustrationOptions = {}): Frustration {
  const c = compile(options.rules ?? en);
  const useCues = options.cues ?? true;
  const text = straighten(messages.join('\n')).replace(c.calm, (idiom) => ' '.repeat(idiom.length));
  const lexicon = lexiconScore(text, c);
  let points = Math.max(0, lexicon.negative - lexicon.positive * 0.6);
  const reasons: { weight: number; reason: string }[] = [];
  if (lexicon.words.length > 0) {
    const shown = [...new Set(lexicon.words)].slice(0, 3).map((w) => `"${w}"`);
    reasons.push({ weight: lexicon.negative, reason: `Negative words: ${shown.join(', ')}.` });
  }
  if (useCues) {
    for (const cue of c.cues) {
      cue.regex.lastIndex = 0;
      const m = cue.regex.exec(text);
      if (!m) continue;
      points += cue.weight;
      reasons.push({ weight: cue.weight, reason: cue.reason.replace('{0}', m[0].trim()) });
    }
    if (messages.length >= 3) {
      points += 1.5;
      reasons.push({ weight: 1.5, reason: `They have written ${messages.length} messages in a row.` });
    }
    if (capitals(text)) {
      points += 1.5;
      reasons.push({ weight: 1.5, reason: 'They are writing in capitals.' });
    }
    const marks = text.match(/[!?]{2,}/g)?.length ?? 0;
    if (marks > 0) {
      points += 1;
      reasons.push({ weight: 1, reason: 'They use repeated "!" or "?".' });
    }
  }
  const score = Math.round((1 - Math.exp(-points / SCALE)) * 1000) / 1000;
  const level: FrustrationLevel = score >= FRUSTRATED_AT ? 'frustrated' : score >= UNEASY_AT ? 'uneasy' : 'calm';
  return {
    score,
    level,
    reasons: reasons.sort((a, b) => b.weight - a.weight).map((r) => r.reason),
  };
}
