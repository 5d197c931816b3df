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
  /** A few words per reason, strongest first, without repeats ("repeat contact", "waiting 3 days"). */
  cues: string[];
}

/** A signal the caller knows and the text cannot say, such as how long the customer has waited. */
export interface FrustrationSignal {
  weight: number;
  reason: string;
  label: string;
}

export interface FrustrationOptions {
  /** Support cues on top of the lexicon (repeat contact, waiting, threats to leave…); default true. */
  cues?: boolean;
  rules?: LanguageRules;
  signals?: FrustrationSignal[];
}

/** Scores at or above these are uneasy / frustrated. */
export const UNEASY_AT = 0.3;
export const FRUSTRATED_AT = 0.6;
// Negative points at which the score reaches 1 - 1/e; keeps one mild word from reading as frustration.
const SCALE = 3.5;

interface CompiledCues {
  rules: LanguageRules;
  cues: { id: string; regex: RegExp; weight: number; reason: string; label: string }[];
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
  const labels = c.rules.frustrationLabels;
  const reasons: { weight: number; reason: string; label: string }[] = [];
  if (lexicon.words.length > 0) {
    const shown = [...new Set(lexicon.words)].slice(0, 3).map((w) => `"${w}"`);
    reasons.push({ weight: lexicon.negative, reason: `Negative words: ${shown.join(', ')}.`, label: labels.words });
  }
  for (const signal of options.signals ?? []) {
    points += signal.weight;
    reasons.push(signal);
  }
  if (useCues) {
    for (const cue of c.cues) {
      cue.regex.lastIndex = 0;
      const m = cue.regex.exec(text);
      if (!m) continue;
      points += cue.weight;
      reasons.push({ weight: cue.weight, reason: cue.reason.replace('{0}', m[0].trim()), label: cue.label });
    }
    if (messages.length >= 3) {
      points += 1.5;
      reasons.push({
        weight: 1.5,
        reason: `They have written ${messages.length} messages in a row.`,
        label: labels.messages,
      });
    }
    if (capitals(text)) {
      points += 1.5;
      reasons.push({ weight: 1.5, reason: 'They are writing in capitals.', label: labels.capitals });
    }
    const marks = text.match(/[!?]{2,}/g)?.length ?? 0;
    if (marks > 0) {
      points += 1;
      reasons.push({ weight: 1, reason: 'They use repeated "!" or "?".', label: labels.marks });
    }
  }
  const score = Math.round((1 - Math.exp(-points / SCALE)) * 1000) / 1000;
  const level: FrustrationLevel = score >= FRUSTRATED_AT ? 'frustrated' : score >= UNEASY_AT ? 'uneasy' : 'calm';
  const sorted = reasons.sort((a, b) => b.weight - a.weight);
  return {
    score,
    level,
    reasons: sorted.map((r) => r.reason),
    cues: [...new Set(sorted.map((r) => r.label))],
  };
}

export interface ConversationMessage {
  direction: 'inbound' | 'outbound' | 'note';
  body: string;
  /** ISO-8601 instant. */
  at: string;
}

export interface ConversationFrustration extends Frustration {
  /** Customer messages since the last reply to them. */
  unanswered: number;
  /** When the oldest unanswered customer message arrived; null when the last word was ours. */
  waitingSince: string | null;
  /** One calm line for the agent, or null when the customer seems calm. */
  summary: string | null;
}

const HOUR = 3_600_000;

function duration(ms: number): string {
  const days = Math.floor(ms / (24 * HOUR));
  if (days >= 1) return days === 1 ? '1 day' : `${days} days`;
  const hours = Math.floor(ms / HOUR);
  return hours === 1 ? '1 hour' : `${hours} hours`;
}

/**
 * Frustration for a conversation (messages oldest first): the customer's messages since our last
 * reply (or their last message if we answered it), plus how long they have waited for that reply.
 */
export function conversationFrustration(
  messages: ConversationMessage[],
  now: Date,
  rules: LanguageRules = en,
): ConversationFrustration {
  const lastReply = messages.findLastIndex((m) => m.direction === 'outbound');
  const unanswered = messages.slice(lastReply + 1).filter((m) => m.direction === 'inbound');
  const lastInbound = messages.findLast((m) => m.direction === 'inbound');
  const recent = (unanswered.length > 0 ? unanswered : lastInbound ? [lastInbound] : []).slice(-5);
  const waitingSince = unanswered[0]?.at ?? null;
  const signals: FrustrationSignal[] = [];
  if (waitingSince) {
    const waited = now.getTime() - Date.parse(waitingSince);
    // A few hours is an ordinary wait on email; a day or more is felt, and three days is a long silence.
    const weight = waited >= 72 * HOUR ? 2 : waited >= 24 * HOUR ? 1.5 : waited >= 4 * HOUR ? 0.75 : 0;
    if (weight > 0) {
      const labels = rules.frustrationLabels;
      signals.push({ weight, reason: labels.waitingReason(duration(waited)), label: labels.waiting(duration(waited)) });
    }
  }
  const result = frustration(
    recent.map((m) => m.body),
    { rules, signals },
  );
  const labels = result.cues.slice(0, 3);
  const summary =
    result.level === 'frustrated'
      ? rules.frustrationLabels.summary(labels)
      : result.level === 'uneasy'
        ? rules.frustrationLabels.uneasySummary(labels)
        : null;
  return { ...result, unanswered: unanswered.length, waitingSince, summary };
}
