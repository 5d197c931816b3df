import { z } from 'zod';
import { businessHoursSchema, timeZoneSchema } from './business-hours.ts';
import { availabilitySchema } from './conversations.ts';
import { roleSchema } from './roles.ts';

const email = z.string().trim().toLowerCase().email('must be an email address such as ana@example.test');
const personName = z.string().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters');
export const passwordSchema = z
  .string()
  .min(10, 'must be at least 10 characters')
  .max(256, 'must be at most 256 characters');

export const loginBodySchema = z.object({
  email,
  password: z.string().min(1, 'must not be empty').max(256),
  /** Only needed when the same email belongs to users in several accounts. */
  account: z.string().trim().min(1).max(80).optional(),
});

export const userSchema = z.object({
  id: z.string(),
  accountId: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  timeZone: z.string().nullable(),
  active: z.boolean(),
  lastSignInAt: z.string().nullable(),
  createdAt: z.string(),
  availability: availabilitySchema,
  capacity: z.number().int(),
});
export type User = z.infer<typeof userSchema>;

export const accountSchema = z.object({ id: z.string(), name: z.string(), slug: z.string(), timeZone: z.string() });
export type Account = z.infer<typeof accountSchema>;

export const meSchema = z.object({ user: userSchema, account: accountSchema, csrfToken: z.string().nullable() });
export type Me = z.infer<typeof meSchema>;

export const invitationLookupBodySchema = z.object({ token: z.string().min(10).max(200) });
export const invitationSummarySchema = z.object({
  accountName: z.string(),
  role: roleSchema,
  email: z.string().nullable(),
  isSetup: z.boolean(),
  expiresAt: z.string(),
});
export type InvitationSummary = z.infer<typeof invitationSummarySchema>;

export const acceptInvitationBodySchema = z.object({
  token: z.string().min(10).max(200),
  name: personName,
  /** Required for the setup link; an invitation already names the email. */
  email: email.optional(),
  password: passwordSchema,
});

export const inviteUserBodySchema = z.object({ email, role: roleSchema });
export const invitationSchema = z.object({
  id: z.string(),
  email: z.string().nullable(),
  role: roleSchema,
  createdAt: z.string(),
  expiresAt: z.string(),
  acceptedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type Invitation = z.infer<typeof invitationSchema>;
export const createdInvitationSchema = z.object({ invitation: invitationSchema, link: z.string() });

export const updateUserBodySchema = z
  .object({ name: personName.optional(), role: roleSchema.optional(), timeZone: timeZoneSchema.nullable().optional() })
  .refine((body) => Object.keys(body).length > 0, { message: 'give at least one of name, role, timeZone' });

export const teamSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  members: z.array(z.object({ userId: z.string(), name: z.string(), isLead: z.boolean() })),
  createdAt: z.string(),
});
export type Team = z.infer<typeof teamSchema>;
export const teamBodySchema = z.object({
  name: personName,
  description: z.string().trim().max(500, 'must be at most 500 characters').default(''),
});
export const teamUpdateBodySchema = z.object({
  name: personName.optional(),
  description: z.string().trim().max(500).optional(),
});
export const teamMembersBodySchema = z.object({
  members: z.array(z.object({ userId: z.string().min(1), isLead: z.boolean().default(false) })).max(500),
});

export const inboxSchema = z.object({
  id: z.string(),
  name: z.string(),
  teamId: z.string().nullable(),
  timeZone: z.string(),
  businessHours: businessHoursSchema,
  /** What the customer is told when a handoff is accepted; {customerName} and {ownerName} are filled in. */
  handoffMessageTemplate: z.string().nullable(),
  createdAt: z.string(),
});
export type Inbox = z.infer<typeof inboxSchema>;
export const inboxBodySchema = z.object({
  name: personName,
  teamId: z.string().min(1).nullable().optional(),
  timeZone: timeZoneSchema.optional(),
  businessHours: businessHoursSchema.optional(),
  handoffMessageTemplate: z.string().trim().min(1).max(2000).nullable().optional(),
});
export const inboxUpdateBodySchema = inboxBodySchema.partial();

export const auditEntrySchema = z.object({
  id: z.string(),
  actor: z.object({ id: z.string(), name: z.string() }).nullable(),
  action: z.string(),
  subjectType: z.string(),
  subjectId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
  createdAt: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const apiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;
export const createApiTokenBodySchema = z.object({ name: z.string().trim().min(1).max(80) });
export const createdApiTokenSchema = z.object({ apiToken: apiTokenSchema, token: z.string() });

export const healthSchema = z.object({
  status: z.literal('ok'),
  version: z.string(),
  engine: z.enum(['sqlite', 'postgres']),
});
