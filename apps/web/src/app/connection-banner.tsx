import { Group, Loader, Paper, Text } from '@mantine/core';
import { useNetwork } from '@mantine/hooks';
import { IconCircleCheck } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useLiveStatus } from './live-provider.tsx';

type Shown = 'lost' | 'back' | null;

// A blip shorter than this (a server restart, a network hand-over) is not worth interrupting anyone.
const showAfterMs = 1_200;
const backForMs = 4_000;

/**
 * Says, calmly, when the live connection is lost and when it is back. It floats over the page
 * instead of pushing it down, so nothing moves under the person's cursor.
 */
export function ConnectionBanner() {
  const status = useLiveStatus();
  const network = useNetwork();
  const [shown, setShown] = useState<Shown>(null);
  const shownRef = useRef<Shown>(null);
  shownRef.current = shown;

  useEffect(() => {
    if (status === 'reconnecting') {
      const timer = setTimeout(() => setShown('lost'), showAfterMs);
      return () => clearTimeout(timer);
    }
    if (status === 'live' && shownRef.current === 'lost') {
      setShown('back');
      const timer = setTimeout(() => setShown(null), backForMs);
      return () => clearTimeout(timer);
    }
    return undefined;
  }, [status]);

  return (
    <div className="connection-banner" role="status" aria-live="polite">
      {shown ? (
        <Paper
          shadow="md"
          radius="xl"
          px="md"
          py={8}
          withBorder
          bg={
            shown === 'lost'
              ? 'light-dark(var(--mantine-color-yellow-0), var(--mantine-color-dark-6))'
              : 'light-dark(var(--mantine-color-teal-0), var(--mantine-color-dark-6))'
          }
        >
          <Group gap="xs" wrap="nowrap">
            {shown === 'lost' ? (
              <Loader size={14} color="yellow" aria-hidden />
            ) : (
              <IconCircleCheck size={18} color="var(--mantine-color-teal-7)" aria-hidden />
            )}
            <Text size="sm" fw={500}>
              {shown === 'back'
                ? 'Connected again — you are up to date.'
                : network.online
                  ? 'Connection lost — reconnecting… Nothing will be missed.'
                  : 'You are offline — Rapport reconnects when your network is back. Nothing will be missed.'}
            </Text>
          </Group>
        </Paper>
      ) : null}
    </div>
  );
}
