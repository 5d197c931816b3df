import { CloseButton, Group, Loader, Pill, Text } from '@mantine/core';
import { IconAlertTriangle, IconPaperclip } from '@tabler/icons-react';
import { formatBytes } from '../../../ui/format.ts';
import type { PendingUpload } from '../attachments.api.ts';
import classes from './attachments.module.css';

/** The files about to go with a message; a refused one says why, in full, and can be removed. */
export function PendingUploads({ uploads, onRemove }: { uploads: PendingUpload[]; onRemove: (key: string) => void }) {
  if (uploads.length === 0) return null;
  return (
    <ul className={classes.tray} aria-label="Files to send">
      {uploads.map((upload) =>
        upload.state === 'failed' ? (
          <li key={upload.key} className={classes.refused}>
            <Group gap={6} wrap="nowrap" align="flex-start">
              <IconAlertTriangle size={16} aria-hidden style={{ flex: 'none', marginTop: 2 }} />
              <Text size="xs" role="alert" style={{ flex: 1 }}>
                <strong>{upload.name}</strong>: {upload.reason}
              </Text>
              <CloseButton size="xs" aria-label={`Remove ${upload.name}`} onClick={() => onRemove(upload.key)} />
            </Group>
          </li>
        ) : (
          <li key={upload.key}>
            <Pill size="md">
              <span className={classes.pill}>
                {upload.state === 'uploading' ? (
                  <Loader size={12} aria-label={`Uploading ${upload.name}`} />
                ) : (
                  <IconPaperclip size={14} aria-hidden />
                )}
                <Text span size="xs" maw={180} truncate="end">
                  {upload.name}
                </Text>
                <Text span size="xs" c="dimmed">
                  {formatBytes(upload.size)}
                </Text>
                <CloseButton size="xs" aria-label={`Remove ${upload.name}`} onClick={() => onRemove(upload.key)} />
              </span>
            </Pill>
          </li>
        ),
      )}
    </ul>
  );
}
