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
