import { Box, Center, Group, Stack, Text } from '@mantine/core';
import { Outlet } from 'react-router';
import { ColorSchemeToggle } from '../ui/color-scheme-toggle.tsx';
import { Logo } from '../ui/logo.tsx';

/** The frame of the signed-out pages: sign in, first-admin setup, invitations. */
export function PublicLayout() {
  return (
    <Box mih="100dvh" bg="light-dark(var(--mantine-color-gray-0), var(--mantine-color-dark-8))">
      <Group component="header" justify="space-between" p="md">
        <Logo size="lg" />
        <ColorSchemeToggle />
      </Group>
      <Center component="main" id="main" px="md" pt={{ base: 'md', sm: 48 }} pb="xl">
        <Stack w="100%" maw={440} gap="lg">
          <Outlet />
          <Text size="xs" c="dimmed" ta="center">
            Rapport, the self-hosted customer-experience desk.
          </Text>
        </Stack>
      </Center>
    </Box>
  );
}
