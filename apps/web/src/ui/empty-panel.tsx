import { EmptyState, Paper } from '@mantine/core';
import type { ReactNode } from 'react';

type EmptyPanelProps = {
  icon: ReactNode;
  title: string;
  description: ReactNode;
  actions?: ReactNode;
};

/** "Nothing here yet", said kindly, with the next step when there is one. The title is an h2. */
export function EmptyPanel({ icon, title, description, actions }: EmptyPanelProps) {
  return (
    <Paper withBorder radius="md" px="lg" py={48}>
      <EmptyState icon={icon} withIndicatorBackground size="md" maw={520} mx="auto">
        <EmptyState.Title order={2}>{title}</EmptyState.Title>
        <EmptyState.Description>{description}</EmptyState.Description>
        {actions ? <EmptyState.Actions>{actions}</EmptyState.Actions> : null}
      </EmptyState>
    </Paper>
  );
}
