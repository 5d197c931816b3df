import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fts5Query, tsQuery } from '../../storage/dialect.ts';
import { maximumWords, parseSearchQuery } from './search.rules.ts';

describe('parseSearchQuery', () => {
  it('keeps letters and digits as lower-case words and drops query syntax', () => {
    expect(parseSearchQuery('Lost "PARCEL" * NEAR(refund')).toMatchObject({
      words: ['lost', 'parcel', 'near', 'refund'],
      prefixLast: true,
      order: 'relevance',
    });
    expect(parseSearchQuery("'); drop table messages; --")?.words).toEqual(['drop', 'table', 'messages']);
  });

  it('types ahead on one word: a prefix, newest first', () => {
    expect(parseSearchQuery('ferna')).toEqual({ number: null, words: ['ferna'], prefixLast: true, order: 'recency' });
  });

  it('treats a word followed by a space or a symbol as finished', () => {
    expect(parseSearchQuery('refund ')?.prefixLast).toBe(false);
    expect(parseSearchQuery('fern@')).toEqual({ number: null, words: ['fern'], prefixLast: false, order: 'recency' });
    expect(parseSearchQuery('fern@exa')?.prefixLast).toBe(true);
  });

  it('reads a conversation number with or without #, and still searches the digits as text', () => {
    expect(parseSearchQuery('#1042')).toMatchObject({ number: 1042, words: ['1042'] });
    expect(parseSearchQuery(' 1042 ')).toMatchObject({ number: 1042, words: ['1042'] });
    expect(parseSearchQuery('#7')).toMatchObject({ number: 7, words: [] });
    expect(parseSearchQuery('order 1042')?.number).toBeNull();
  });

  it('keeps accents, other scripts and combining marks inside words', () => {
    expect(parseSearchQuery('Müller 東京')?.words).toEqual(['müller', '東京']);
    expect(parseSearchQuery('Mu\u0308ller')?.words).toEqual(['müller']);
    expect(parseSearchQuery('नमस्ते')?.words).toEqual(['नमस्ते']);
  });

  it('has nothing to search in empty, one-letter or symbol-only input', () => {
    for (const text of ['', '   ', 'a', '"', '*', '🙂🙂', '\u0301\u0301', 'a b c', '#']) {
      expect(parseSearchQuery(text), JSON.stringify(text)).toBeUndefined();
    }
  });

  it('never passes more than a bounded number of words', () => {
    expect(parseSearchQuery('aa '.repeat(50))?.words).toHaveLength(maximumWords);
  });

  it('produces only quoted words for the engines, whatever was typed', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (text) => {
        const parsed = parseSearchQuery(text);
        if (!parsed) return;
        for (const word of parsed.words) expect(word).toMatch(/^[\p{L}\p{N}][\p{L}\p{N}\p{M}]*$/u);
        expect(fts5Query(parsed)).toMatch(/^("[^"]+"\*? ?)*$/u);
        expect(tsQuery(parsed)).toMatch(/^('[^'\\]+'(:\*)?( & )?)*$/u);
      }),
      { numRuns: 500 },
    );
  });
});
