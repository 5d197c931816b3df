import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Survey links carry `<surveyId>.<expiry in unix seconds>.<signature>`: the HMAC makes them
 * unguessable and untamperable without a database lookup, the expiry is inside what is signed.
 */
function signature(secret: string, surveyId: string, expiresAtSeconds: number): string {
  return createHmac('sha256', secret).update(`survey:${surveyId}.${expiresAtSeconds}`).digest('base64url');
}

export function signSurveyToken(secret: string, input: { surveyId: string; expiresAt: string }): string {
  const seconds = Math.floor(Date.parse(input.expiresAt) / 1000);
  return `${input.surveyId}.${seconds}.${signature(secret, input.surveyId, seconds)}`;
}

/** The survey a token names, when its signature is ours; undefined for anything altered or malformed. */
export function readSurveyToken(secret: string, token: string): { surveyId: string; expiresAt: string } | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [surveyId = '', secondsText = '', given = ''] = parts;
  if (!/^[0-9a-f-]{36}$/.test(surveyId) || !/^\d{1,12}$/.test(secondsText)) return undefined;
  const expected = Buffer.from(signature(secret, surveyId, Number(secondsText)));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return undefined;
  return { surveyId, expiresAt: new Date(Number(secondsText) * 1000).toISOString() };
}

/** A second answer may replace the first for a day; after that the answer stands. */
export const reanswerWindowMs = 24 * 60 * 60 * 1000;

export function canStillChange(firstAnsweredAt: string | null, at: string): boolean {
  return firstAnsweredAt === null || Date.parse(at) - Date.parse(firstAnsweredAt) <= reanswerWindowMs;
}

function localMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

// Check-ins arrive in the customer's day, not at 3 a.m.: between 09:00 and 19:00 where the inbox is.
const dayStarts = 9 * 60;
const dayEnds = 19 * 60;

/**
 * When a check-in goes out: `days` after the resolution, moved forward to 09:00 local time when
 * that falls at night in the inbox's time zone.
 */
export function checkInDueAt(resolvedAt: string, days: number, timeZone: string): string {
  const base = new Date(Date.parse(resolvedAt) + days * 24 * 60 * 60 * 1000);
  let minutes: number;
  try {
    minutes = localMinutes(base, timeZone);
  } catch {
    minutes = localMinutes(base, 'UTC');
  }
  let shift = 0;
  if (minutes < dayStarts) shift = dayStarts - minutes;
  else if (minutes >= dayEnds) shift = 24 * 60 - minutes + dayStarts;
  const due = new Date(base.getTime() + shift * 60_000);
  due.setUTCSeconds(0, 0);
  return due.toISOString();
}

export function firstName(name: string | null): string | null {
  const first = name?.trim().split(/\s+/)[0];
  return first || null;
}

/** The words of the check-in; the survey part only when a survey goes with it. */
export function checkInBody(input: { customerName: string | null; subject: string; surveyLink?: string }): string {
  const hello = firstName(input.customerName) ? `Hi ${firstName(input.customerName)},` : 'Hi,';
  const lines = [
    hello,
    '',
    `Did everything work out with “${input.subject}”? If anything is still not right, just reply to this message and it comes straight back to the person who helped you.`,
  ];
  if (input.surveyLink) lines.push('', ...surveyLines(input.surveyLink));
  return lines.join('\n');
}

export function surveyBody(input: { customerName: string | null; surveyLink: string }): string {
  const hello = firstName(input.customerName) ? `Hi ${firstName(input.customerName)},` : 'Hi,';
  return [hello, '', 'Thank you for getting in touch.', '', ...surveyLines(input.surveyLink)].join('\n');
}

function surveyLines(link: string): string[] {
  return [
    'How happy are you with the help you got? One click answers:',
    ...[5, 4, 3, 2, 1].map((score) => `${score} – ${scoreWords[score]}: ${link}?score=${score}`),
    '',
    `Or tell us more: ${link}`,
  ];
}

const scoreWords: Record<number, string> = {
  1: 'very unhappy',
  2: 'unhappy',
  3: 'neutral',
  4: 'happy',
  5: 'very happy',
};
