import { z } from 'zod';

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'use 24-hour HH:MM, e.g. 09:00');

export const openingSchema = z
  .object({ opens: clockTime, closes: clockTime })
  .refine((o) => o.opens < o.closes, { message: 'closing time must be after opening time' });

/** Opening intervals per weekday, in the inbox's time zone. An empty day is closed. */
export const businessHoursSchema = z.object({
  mon: z.array(openingSchema).max(4),
  tue: z.array(openingSchema).max(4),
  wed: z.array(openingSchema).max(4),
  thu: z.array(openingSchema).max(4),
  fri: z.array(openingSchema).max(4),
  sat: z.array(openingSchema).max(4),
  sun: z.array(openingSchema).max(4),
});
export type BusinessHours = z.infer<typeof businessHoursSchema>;

export const defaultBusinessHours: BusinessHours = {
  mon: [{ opens: '09:00', closes: '17:00' }],
  tue: [{ opens: '09:00', closes: '17:00' }],
  wed: [{ opens: '09:00', closes: '17:00' }],
  thu: [{ opens: '09:00', closes: '17:00' }],
  fri: [{ opens: '09:00', closes: '17:00' }],
  sat: [],
  sun: [],
};

export const timeZoneSchema = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone such as Europe/Paris or America/New_York' },
);
