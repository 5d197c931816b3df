import { z } from 'zod';

/** The four roles of PRODUCT.md. An advocate raises and follows cases; an analyst reads reports. */
export const roles = ['admin', 'agent', 'advocate', 'analyst'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

export const roleLabels: Record<Role, string> = {
  admin: 'Admin',
  agent: 'Agent',
  advocate: 'Advocate',
  analyst: 'Analyst',
};

export const roleDescriptions: Record<Role, string> = {
  admin: 'Manages users, teams, inboxes and settings, and can work conversations.',
  agent: 'Owns and answers conversations for their teams.',
  advocate: 'Any employee: raises cases on a customer’s behalf and follows them.',
  analyst: 'Reads reports and dashboards.',
};
