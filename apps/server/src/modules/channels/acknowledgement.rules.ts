import { type BusinessHours, type Weekday, weekdays } from '@rapport/contracts';
import { isWithinBusinessHours, localWeekTime } from '../inboxes/inboxes.rules.ts';

/**
 * The honest quote an acknowledgement carries. The widget's quote function (computed from the
 * inbox's recent real response times) plugs in here; until it is there, the business-hours
 * provider says only what is certain: that a person answers, and when the team is back if closed.
 */
export interface QuoteProvider {
  /** With a conversation, the quote is also stored on it (and its lapse watched); without, a preview. */
  quoteFor(input: {
    accountId: string;
    inboxId: string;
    channel: string;
    at: Date;
    conversationId?: string;
  }): Promise<Quote>;
}

export interface Quote {
  /** One sentence for the customer; never "your email is important to us". */
  sentence: string;
}

const dayNames: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

/** The next instant the team opens after `at`, searched in 5-minute steps over the coming week. */
export function nextOpening(hours: BusinessHours, timeZone: string, at: Date): Date | undefined {
  if (!weekdays.some((day) => hours[day].length > 0)) return undefined;
  const step = 5 * 60 * 1000;
  const start = Math.ceil(at.getTime() / step) * step;
  for (let t = start; t <= start + 8 * 24 * 60 * 60 * 1000; t += step) {
    if (isWithinBusinessHours(hours, timeZone, new Date(t))) return new Date(t);
  }
  return undefined;
}

/** "We're closed now and back on Monday at 09:00 (Europe/Paris time)", or the open-hours wording. */
export function businessHoursSentence(hours: BusinessHours, timeZone: string, at: Date): string {
  if (isWithinBusinessHours(hours, timeZone, at)) return 'A person on our team will read it and answer you here.';
  const opening = nextOpening(hours, timeZone, at);
  if (!opening) return 'A person on our team will read it and answer you here.';
  const { weekday, time } = localWeekTime(opening, timeZone);
  const today = localWeekTime(at, timeZone).weekday;
  const when = weekday === today ? `today at ${time}` : `on ${dayNames[weekday]} at ${time}`;
  return `We're closed right now and back ${when} (${timeZone} time); a person will answer you then.`;
}

export function acknowledgementText(input: { customerName: string | null; number: number; quote: Quote }): string {
  const greeting = input.customerName ? `Hi ${input.customerName.split(/\s+/)[0]},` : 'Hello,';
  return [
    greeting,
    '',
    `We have your message (conversation ${input.number}). ${input.quote.sentence}`,
    'Reply to this email to add anything; it joins the same conversation.',
  ].join('\n');
}
