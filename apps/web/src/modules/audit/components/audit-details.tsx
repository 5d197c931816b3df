import { Code, Group, Text } from '@mantine/core';
import { type AuditEntry, type BusinessHours, weekdays } from '@rapport/contracts';
import { summarizeBusinessHours } from '../../inboxes/components/business-hours-editor.tsx';

const maxValueLength = 120;

function isBusinessHours(value: unknown): value is BusinessHours {
  return typeof value === 'object' && value !== null && weekdays.every((day) => Array.isArray((value as never)[day]));
}

function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isBusinessHours(value)) return summarizeBusinessHours(value);
  const json = JSON.stringify(value);
  return json.length > maxValueLength ? `${json.slice(0, maxValueLength)}…` : json;
}

function humanize(key: string): string {
  const spaced = key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_.]/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1).toLowerCase();
}

/** The recorded data of an entry as short "key: value" pairs, plus the address it came from. */
export function AuditDetails({ entry }: { entry: AuditEntry }) {
  const pairs = Object.entries(entry.data);
  if (pairs.length === 0 && !entry.ip) {
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  }
  return (
    <Group gap={6}>
      {pairs.map(([key, value]) => (
        <Text key={key} size="xs" component="span">
          <Text span c="dimmed" size="xs">
            {humanize(key)}:
          </Text>{' '}
          <Code fz="xs" style={{ wordBreak: 'break-word' }}>
            {formatValue(value)}
          </Code>
        </Text>
      ))}
      {entry.ip ? (
        <Text size="xs" component="span">
          <Text span c="dimmed" size="xs">
            IP:
          </Text>{' '}
          <Code fz="xs">{entry.ip}</Code>
        </Text>
      ) : null}
    </Group>
  );
}

const actionLabels: Record<string, string> = {
  'account.created': 'Account created',
  'account.set_up': 'Account set up',
  'auth.signed_in': 'Signed in',
  'auth.sign_in_failed': 'Sign-in failed',
  'api_token.created': 'API token created',
  'api_token.revoked': 'API token revoked',
  'user.invited': 'User invited',
  'user.invitation_revoked': 'Invitation revoked',
  'user.joined': 'User joined',
  'user.created_from_cli': 'User created from the command line',
  'user.updated': 'User updated',
  'user.role_changed': 'Role changed',
  'user.deactivated': 'User deactivated',
  'user.reactivated': 'User reactivated',
  'team.created': 'Team created',
  'team.updated': 'Team updated',
  'team.deleted': 'Team deleted',
  'team.members_changed': 'Team members changed',
  'inbox.created': 'Inbox created',
  'inbox.updated': 'Inbox updated',
  'inbox.widget_secret_replaced': 'Chat widget secret replaced',
};

/** A readable name for an action code; unknown codes are shown as they are. */
export function actionLabel(action: string): string {
  return actionLabels[action] ?? action;
}

export function subjectLabel(entry: AuditEntry): string {
  const type = humanize(entry.subjectType);
  const data = entry.data as Record<string, unknown>;
  const name = [data.name, data.email, data.teamName, data.userName].find((value) => typeof value === 'string');
  return typeof name === 'string' ? `${type}: ${name}` : type;
}
