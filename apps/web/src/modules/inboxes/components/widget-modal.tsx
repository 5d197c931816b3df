import { Alert, Button, Code, Group, Modal, Stack, Text } from '@mantine/core';
import type { Inbox } from '@rapport/contracts';
import { CopyField } from '../../../ui/copy-field.tsx';
import { QueryError } from '../../../ui/query-state.tsx';
import { useRotateWidgetSecret, useWidgetSettings } from '../inboxes.api.ts';

type WidgetModalProps = { inbox: Inbox | null; onClose: () => void };

/** Where an admin finds the snippet that puts this inbox's chat on a site, and its signing secret. */
export function WidgetModal({ inbox, onClose }: WidgetModalProps) {
  const settings = useWidgetSettings(inbox?.id ?? null);
  const rotate = useRotateWidgetSecret(inbox?.id ?? '');
  return (
    <Modal opened={inbox !== null} onClose={onClose} title={inbox ? `Chat widget of ${inbox.name}` : ''} size="lg">
      {settings.isError ? <QueryError error={settings.error} /> : null}
      {settings.data ? (
        <Stack>
          <Text size="sm">
            Paste this before <Code>{'</body>'}</Code> on any page of your site. Customers can then write without
            signing up, and see when a person will answer.
          </Text>
          <CopyField label="Snippet" value={settings.data.snippet} copyLabel="Copy snippet" />
          <CopyField
            label="Secret for signed user ids"
            description="Your server signs a signed-in user's id with it (hex HMAC-SHA256) and adds data-user-id and data-user-signature to the tag. Keep it on your server."
            value={settings.data.secret}
            copyLabel="Copy secret"
          />
          {rotate.isSuccess ? (
            <Alert color="teal">A new secret is in use; signatures made with the old one are no longer trusted.</Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" color="red" loading={rotate.isPending} onClick={() => rotate.mutate()}>
              Replace the secret
            </Button>
            <Button onClick={onClose}>Done</Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}
