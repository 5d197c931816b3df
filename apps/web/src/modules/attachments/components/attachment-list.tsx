import { Anchor, Group, Stack, Text } from '@mantine/core';
import type { Attachment } from '@rapport/contracts';
import { IconPaperclip } from '@tabler/icons-react';
import { formatBytes } from '../../../ui/format.ts';
import classes from './attachments.module.css';

/** Files sent with a message: recognised images as fixed-size previews (no jump as they load), the rest as links. */
export function AttachmentList({ attachments }: { attachments: Attachment[] }) {
  if (attachments.length === 0) return null;
  const images = attachments.filter((attachment) => attachment.inline);
  const files = attachments.filter((attachment) => !attachment.inline);
  return (
    <Stack gap={6} mt={6}>
      {images.length > 0 ? (
        <Group gap={6}>
          {images.map((image) => (
            <a key={image.id} href={image.url} target="_blank" rel="noreferrer noopener" className={classes.preview}>
              <img src={image.url} alt={image.name} loading="lazy" width={160} height={120} />
            </a>
          ))}
        </Group>
      ) : null}
      {files.map((file) => (
        <Group key={file.id} gap={6} wrap="nowrap">
          <IconPaperclip size={14} aria-hidden />
          <Anchor href={file.url} download={file.name} size="xs" truncate="end">
            {file.name}
          </Anchor>
          <Text size="xs" c="dimmed" style={{ flex: 'none' }}>
            {formatBytes(file.size)}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}
