import { searchMinimumLength } from '@rapport/contracts';
import type { TextQuery } from '../../storage/dialect.ts';

/** More words than this add little to a search and only cost time; the rest are ignored. */
export const maximumWords = 8;
const maximumWordLength = 64;

// A word starts with a letter or digit and may carry combining marks (é typed as e + ◌́, Hindi
// vowel signs). Everything else — quotes, *, parentheses, @, emoji — separates words, which is how
// FTS5's unicode61 tokenizer reads text, and why no query syntax ever reaches an engine.
const wordPattern = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;
const numberPattern = /^#?\s*(\d{1,9})$/;
const endsInWord = /[\p{L}\p{N}\p{M}]$/u;

export interface ParsedSearch extends TextQuery {
  /** "1042" or "#1042": also look for the conversation with this number. */
  number: number | null;
  /**
   * One word is someone typing ahead: newest activity first (ranking every match of a short
   * prefix over a million messages is too slow, and recency is what they want). Two or more words:
   * best match first.
   */
  order: 'relevance' | 'recency';
}

const length = (word: string) => [...word].length;

/** What a person typed into the search box, as words to match; `undefined` when there is nothing to search for. */
export function parseSearchQuery(text: string): ParsedSearch | undefined {
  const trimmed = text.trim();
  const numberMatch = numberPattern.exec(trimmed);
  const number = numberMatch ? Number(numberMatch[1]) : null;
  const words = (trimmed.normalize('NFKC').toLowerCase().match(wordPattern) ?? [])
    .slice(0, maximumWords)
    .map((word) => [...word].slice(0, maximumWordLength).join(''));
  const searchable = words.some((word) => length(word) >= searchMinimumLength);
  if (!searchable && number === null) return undefined;
  const kept = searchable ? words : [];
  const last = kept.at(-1);
  return {
    number,
    words: kept,
    // Anything typed after the last word (a space, "@") says it is finished; a one-letter prefix
    // would match half the index.
    prefixLast: last !== undefined && length(last) >= searchMinimumLength && endsInWord.test(text),
    order: kept.length > 1 ? 'relevance' : 'recency',
  };
}

/** Something that matched: the conversation or customer, when, and the text that matched. */
export interface SearchHit {
  id: string;
  at: string;
  text: string | null;
}

/**
 * How many of the newest matches are ranked when several words are searched. Ranking every
 * match of common words ("please help") takes a second over a million messages; the newest few
 * hundred hold what a desk looks for, and a rarer query has fewer matches than this anyway.
 */
export const rankingWindow = 200;

// Diacritics folded the way FTS5's unicode61 tokenizer folds them, so "muller" scores "Müller".
const fold = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * How well a text answers a query, BM25's shape without document frequencies: each word's count
 * saturates and long texts weigh less; the words together in the order typed score most.
 */
export function scoreText(text: string, query: TextQuery): number {
  const tokens = fold(text).match(wordPattern) ?? [];
  const words = query.words.map(fold);
  if (tokens.length === 0 || words.length === 0) return 0;
  const last = words.length - 1;
  const matches = (token: string | undefined, i: number) =>
    token !== undefined && (query.prefixLast && i === last ? token.startsWith(words[i] as string) : token === words[i]);
  const saturation = 1.2;
  const norm = saturation * (0.25 + (0.75 * tokens.length) / 40);
  let score = 0;
  for (let i = 0; i < words.length; i++) {
    const count = tokens.filter((token) => matches(token, i)).length;
    if (count > 0) score += (count * (saturation + 1)) / (count + norm);
  }
  if (words.length > 1) {
    for (let at = 0; at + words.length <= tokens.length; at++) {
      if (words.every((_, i) => matches(tokens[at + i], i))) {
        score += words.length;
        break;
      }
    }
  }
  return score;
}

/**
 * Whether a text has a word beginning with the last word typed. Ranked searches let SQLite match a
 * shorter prefix than typed (storage/dialect.ts `fts5Query`), so their matches pass through this.
 * A text cut short for ranking (`truncatedAt` characters) is given the benefit of the doubt.
 */
export function hasLastWord(text: string, query: TextQuery, truncatedAt: number): boolean {
  const last = query.words.at(-1);
  if (!query.prefixLast || last === undefined || text.length >= truncatedAt) return true;
  const stem = fold(last);
  return (fold(text).match(wordPattern) ?? []).some((token) => token.startsWith(stem));
}

/**
 * The order of results: one word, newest activity first; several, best score first (newest on a
 * tie). `bonus` hits (a subject, a customer's name) say what a thing is about and count more.
 * Ranked hits that lack the last word typed are dropped (see `hasLastWord`).
 */
export function rankHits(
  groups: { hits: SearchHit[]; bonus: number }[],
  query: ParsedSearch,
  limit: number,
  first: string[] = [],
  truncatedAt = Number.POSITIVE_INFINITY,
): string[] {
  const best = new Map<string, { score: number; at: string }>();
  for (const { hits, bonus } of groups) {
    for (const hit of hits) {
      if (query.order === 'relevance' && !hasLastWord(hit.text ?? '', query, truncatedAt)) continue;
      const score = query.order === 'relevance' ? scoreText(hit.text ?? '', query) + bonus : 0;
      const seen = best.get(hit.id);
      best.set(hit.id, {
        score: Math.max(score, seen?.score ?? 0),
        at: seen && seen.at > hit.at ? seen.at : hit.at,
      });
    }
  }
  const ranked = [...best.entries()]
    .sort(([, a], [, b]) => b.score - a.score || (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
    .map(([id]) => id);
  return [...new Set([...first, ...ranked])].slice(0, limit);
}
