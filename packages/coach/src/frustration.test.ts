import { describe, expect, it } from 'vitest';
import { frustrationCases } from '../test/frustration-cases.ts';
import { frustration } from './frustration.ts';

describe('frustration on the labelled messages', () => {
  for (const item of frustrationCases) {
    it(`${item.frustrated ? 'frustrated' : 'calm'}: ${item.text}`, () => {
      expect(frustration([item.text]).level !== 'calm').toBe(item.frustrated);
    });
  }
});

describe('frustration', () => {
  it('reads calm, friendly messages as calm', () => {
    expect(frustration(['Thanks so much, that worked!']).level).toBe('calm');
    expect(frustration(['Hi, can you tell me when my order ships?']).level).toBe('calm');
    expect(frustration([]).score).toBe(0);
  });

  it('reads strong negative words as frustration', () => {
    const result = frustration(['This is terrible and unacceptable. Worst service ever.']);
    expect(result.level).toBe('frustrated');
    expect(result.reasons[0]).toMatch(/Negative words/);
  });

  it('catches complaint facts with no sentiment words', () => {
    expect(frustration(['My package never arrived.']).level).not.toBe('calm');
    expect(frustration(['I was charged twice for one order']).level).not.toBe('calm');
    expect(frustration(['No one called back']).level).not.toBe('calm');
  });

  it('adds waiting, repetition, threats to leave, capitals and !!!', () => {
    const result = frustration([
      'Where is my refund?',
      'Still nothing after 3 weeks.',
      'THIS IS THE THIRD TIME I WRITE!!! I will cancel my account.',
    ]);
    expect(result.level).toBe('frustrated');
    expect(result.reasons.join(' ')).toMatch(/waiting/);
    expect(result.reasons.join(' ')).toMatch(/leave/);
    expect(result.reasons.join(' ')).toMatch(/capitals/);
    expect(result.score).toBeLessThanOrEqual(1);
  });

  it('handles negation: "not happy" is negative, "not bad" is not', () => {
    expect(frustration(['I am not happy with this at all']).score).toBeGreaterThan(0);
    expect(frustration(['not bad, thanks']).level).toBe('calm');
  });

  it('reads idioms as calm: "no problem", "can\'t wait"', () => {
    expect(frustration(['No problem, I can wait until Monday.']).level).toBe('calm');
    expect(frustration(["Can't wait for the trip"]).level).toBe('calm');
  });

  it('explains each support cue in plain words', () => {
    const result = frustration(['Thanks for nothing. I was promised a call back and nobody answered.']);
    const reasons = result.reasons.join(' ');
    expect(reasons).toMatch(/sarcastic/);
    expect(reasons).toMatch(/promised/);
    expect(result.level).toBe('frustrated');
  });

  it('without cues uses the lexicon alone', () => {
    expect(frustration(['My package never arrived.'], { cues: false }).level).toBe('calm');
  });
});
