import { z } from 'zod';

export const savedReplySchema = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SavedReply = z.infer<typeof savedReplySchema>;

export const savedReplyBodySchema = z.object({
  title: z.string().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters'),
  body: z.string().trim().min(1, 'must not be empty').max(20_000, 'must be at most 20000 characters'),
});
export const savedReplyUpdateBodySchema = savedReplyBodySchema.partial();

/** The placeholders a saved reply may use, filled from the conversation in front of the agent. */
export const savedReplyPlaceholders = [
  'customer.name',
  'customer.firstName',
  'agent.name',
  'agent.firstName',
  'conversation.number',
] as const;
export type SavedReplyPlaceholder = (typeof savedReplyPlaceholders)[number];

/**
 * Fills `{{customer.firstName}}`-style placeholders. A placeholder without a value is left as
 * written, so the agent sees what still needs a human touch instead of an awkward blank.
 */
export function fillSavedReply(
  body: string,
  values: Partial<Record<SavedReplyPlaceholder, string | number | null | undefined>>,
): string {
  return body.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, key: string) => {
    const value = values[key as SavedReplyPlaceholder];
    return value === null || value === undefined || value === '' ? whole : String(value);
  });
}

export function firstNameOf(name: string | null | undefined): string | undefined {
  const first = name?.trim().split(/\s+/)[0];
  return first || undefined;
}
