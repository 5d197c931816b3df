import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canStillChange, checkInDueAt, readSurveyToken, signSurveyToken } from './surveys.rules.ts';

const secret = 'a-secret-long-enough-for-signing-survey-links';
const surveyId = '019a0000-0000-7000-8000-000000000001';

describe('survey tokens', () => {
  it('read back what was signed; any change to the token is refused', () => {
    const token = signSurveyToken(secret, { surveyId, expiresAt: '2026-03-16T09:00:00.000Z' });
    expect(readSurveyToken(secret, token)).toEqual({ surveyId, expiresAt: '2026-03-16T09:00:00.000Z' });
    expect(readSurveyToken('another-secret-of-enough-length-for-this', token)).toBeUndefined();
    const [id, seconds, signature] = token.split('.');
    expect(readSurveyToken(secret, `${id}.${Number(seconds) + 86_400}.${signature}`)).toBeUndefined();
    expect(readSurveyToken(secret, `${id?.replace(/1$/, '2')}.${seconds}.${signature}`)).toBeUndefined();
    expect(readSurveyToken(secret, 'not-a-token')).toBeUndefined();
  });

  it('no single-character change of a token is accepted', () => {
    const token = signSurveyToken(secret, { surveyId, expiresAt: '2026-03-16T09:00:00.000Z' });
    fc.assert(
      fc.property(fc.nat({ max: token.length - 1 }), fc.constantFrom(...'0123456789abcdefABCDEF-_.'), (at, char) => {
        const changed = token.slice(0, at) + char + token.slice(at + 1);
        fc.pre(changed !== token);
        expect(readSurveyToken(secret, changed)).toBeUndefined();
      }),
    );
  });

  it('an answer can change for 24 hours after the first one', () => {
    expect(canStillChange(null, '2026-03-02T09:00:00.000Z')).toBe(true);
    expect(canStillChange('2026-03-02T09:00:00.000Z', '2026-03-03T09:00:00.000Z')).toBe(true);
    expect(canStillChange('2026-03-02T09:00:00.000Z', '2026-03-03T09:00:01.000Z')).toBe(false);
  });
});

describe('check-in time', () => {
  it('N days after the resolution, moved to 09:00 local when that falls at night in the inbox time zone', () => {
    // 11:30 in Paris three days later: inside the day, unchanged.
    expect(checkInDueAt('2026-03-02T10:30:00.000Z', 3, 'Europe/Paris')).toBe('2026-03-05T10:30:00.000Z');
    // 23:30 in Paris: the next morning at 09:00 Paris (08:00 UTC in winter).
    expect(checkInDueAt('2026-03-02T22:30:00.000Z', 3, 'Europe/Paris')).toBe('2026-03-06T08:00:00.000Z');
    // 06:00 in New York: 09:00 the same morning there.
    expect(checkInDueAt('2026-03-02T11:00:00.000Z', 1, 'America/New_York')).toBe('2026-03-03T14:00:00.000Z');
  });

  it('is never earlier than N days after the resolution and always in daytime where the inbox is', () => {
    const zones = ['Europe/Paris', 'America/New_York', 'Asia/Tokyo', 'UTC', 'Australia/Sydney'];
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 14 }),
        fc.constantFrom(...zones),
        (resolved, days, zone) => {
          const due = checkInDueAt(resolved.toISOString(), days, zone);
          expect(Date.parse(due)).toBeGreaterThanOrEqual(resolved.getTime() + days * 86_400_000 - 60_000);
          const hour = Number(
            new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' }).format(
              new Date(due),
            ),
          );
          // A daylight-saving change on that night can move it by the hour that was skipped or repeated.
          expect(hour).toBeGreaterThanOrEqual(8);
          expect(hour).toBeLessThan(20);
        },
      ),
    );
  });
});
