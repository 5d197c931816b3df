import { z } from 'zod';

/**
 * The realtime channel of the agent app: a WebSocket at GET /api/v1/live[?since=<eventId>], JSON
 * text frames. The server pushes the account's events (filtered by what the caller may see) and
 * who is viewing or typing in the conversations the client said it views.
 */

/** Typing shows for this long after the last `typing` frame with isTyping true; refresh well before. */
export const liveTypingExpiresMs = 6_000;

export const liveQuerySchema = z.object({
  /** The id of the last event the client received: everything after it is sent first. */
  since: z.uuid().optional(),
});

export const livePersonSchema = z.object({ userId: z.string(), name: z.string() });
export type LivePerson = z.infer<typeof livePersonSchema>;

export const liveEventSchema = z.object({
  id: z.string(),
  name: z.string(),
  payload: z.record(z.string(), z.unknown()),
  at: z.string(),
});
export type LiveEvent = z.infer<typeof liveEventSchema>;

export const liveServerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('event'), event: liveEventSchema }),
  z.object({
    type: z.literal('presence'),
    conversationId: z.string(),
    viewers: z.array(livePersonSchema),
    typing: z.array(livePersonSchema),
  }),
  /** Catch-up is over; store lastEventId (then each event's id) as `since` for the next connection. */
  z.object({ type: z.literal('ready'), lastEventId: z.string().nullable() }),
  z.object({ type: z.literal('pong') }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string() }),
]);
export type LiveServerMessage = z.infer<typeof liveServerMessageSchema>;

const conversationId = z.string().trim().min(1).max(100);

export const liveClientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('view'), conversationId }),
  z.object({ type: z.literal('leave'), conversationId }),
  /** Typing implies viewing. Send isTyping true again while typing, and false when done. */
  z.object({ type: z.literal('typing'), conversationId, isTyping: z.boolean() }),
  z.object({ type: z.literal('ping') }),
]);
export type LiveClientMessage = z.infer<typeof liveClientMessageSchema>;
