import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fts5Query, tsQuery } from '../../storage/dialect.ts';
import { hasLastWord, maximumWords, type ParsedSearch, parseSearchQuery, rankHits, scoreText } from './search.rules.ts';

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

const query = (text: string): ParsedSearch => {
  const parsed = parseSearchQuery(text);
  if (!parsed) throw new Error(text);
  return parsed;
};

describe('scoreText', () => {
  it('scores the words together, in order, above the same words apart', () => {
    const q = query('lost luggage ');
    expect(scoreText('My luggage is lost', q)).toBeLessThan(scoreText('I lost luggage at the gate', q));
  });

  it('scores more mentions higher, with diminishing returns, and long texts lower', () => {
    const q = query('refund ');
    const once = scoreText('refund please', q);
    const twice = scoreText('refund please refund', q);
    expect(twice).toBeGreaterThan(once);
    expect(scoreText('refund refund refund refund refund refund', q)).toBeLessThan(once * 6);
    expect(scoreText(`refund ${'and so on '.repeat(40)}`, q)).toBeLessThan(once);
  });

  it('matches the last word as a prefix while it is typed, and folds accents', () => {
    expect(scoreText('Frau Müller called', query('muller cal'))).toBeGreaterThan(0);
    expect(scoreText('Frau Müller called', query('muller cal '))).toBeLessThan(
      scoreText('Frau Müller called', query('muller cal')),
    );
  });

  it('is zero for text without the words', () => {
    expect(scoreText('', query('refund'))).toBe(0);
    expect(scoreText('nothing here', query('refund'))).toBe(0);
  });
});

describe('hasLastWord', () => {
  it('checks the last word typed as a prefix, which SQLite may have matched more broadly', () => {
    const q = query('cracked blender');
    expect(fts5Query(q, { broaden: true })).toBe('"cracked" "blen"*');
    expect(hasLastWord('The blender arrived cracked', q, 2000)).toBe(true);
    expect(hasLastWord('A cracked blenny, the fish', q, 2000)).toBe(false);
    expect(hasLastWord('A cracked blenny, the fish', query('cracked blender '), 2000)).toBe(true);
    expect(hasLastWord('x'.repeat(2000), q, 2000)).toBe(true);
  });
});

describe('rankHits', () => {
  const hit = (id: string, at: string, text: string) => ({ id, at, text });

  it('lists newest activity first for one word', () => {
    const ranked = rankHits(
      [
        {
          hits: [
            hit('a', '2026-01-01', 'kettle'),
            hit('b', '2026-03-01', 'kettle kettle'),
            hit('a', '2026-02-01', 'x'),
          ],
          bonus: 0,
        },
      ],
      query('kettle'),
      10,
    );
    expect(ranked).toEqual(['b', 'a']);
  });

  it('puts the best match first for several words, a subject counting more, numbers before all', () => {
    const ranked = rankHits(
      [
        { hits: [hit('subject', '2026-01-01', 'Kettle refund')], bonus: 1 },
        {
          hits: [
            hit('apart', '2026-03-01', 'kettle is broken, I want my money: a refund'),
            hit('together', '2026-02-01', 'kettle refund please'),
          ],
          bonus: 0,
        },
      ],
      query('kettle refund'),
      10,
      ['numbered'],
    );
    expect(ranked).toEqual(['numbered', 'subject', 'together', 'apart']);
  });

  it('drops ranked hits without the last word typed', () => {
    const ranked = rankHits(
      [
        {
          hits: [hit('blender', '2026-01-01', 'cracked blender'), hit('fish', '2026-01-02', 'cracked blenny')],
          bonus: 0,
        },
      ],
      query('cracked blender'),
      10,
    );
    expect(ranked).toEqual(['blender']);
  });

  it('returns each id once, at most `limit`', () => {
    const hits = Array.from({ length: 30 }, (_, i) =>
      hit(`c${i % 12}`, `2026-01-${String(i + 1).padStart(2, '0')}`, 'x'),
    );
    const ranked = rankHits([{ hits, bonus: 0 }], query('xx'), 5);
    expect(ranked).toHaveLength(5);
    expect(new Set(ranked).size).toBe(5);
  });
});
