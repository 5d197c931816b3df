import { Alert } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { errorMessage } from '../app/api-client.ts';

/** The form-level error of a failed submit; field errors are shown beside their inputs. */
export function FormAlert({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle aria-hidden />} title={title} role="alert">
      {errorMessage(error)}
    </Alert>
  );
}
