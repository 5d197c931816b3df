import { Group, Text, ThemeIcon } from '@mantine/core';
import { IconMessageCircleHeart } from '@tabler/icons-react';

/** The product mark: an icon and the word "Rapport". Not a heading. */
export function Logo({ size = 'md' }: { size?: 'md' | 'lg' }) {
  const large = size === 'lg';
  return (
    <Group gap={8} wrap="nowrap">
      <ThemeIcon size={large ? 36 : 30} radius="md" variant="filled" aria-hidden>
        <IconMessageCircleHeart size={large ? 22 : 18} />
      </ThemeIcon>
      <Text component="span" fw={700} fz={large ? 22 : 18} lh={1} c="var(--mantine-color-bright)">
        Rapport
      </Text>
    </Group>
  );
}
