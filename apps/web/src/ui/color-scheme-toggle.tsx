import { ActionIcon, Tooltip, useComputedColorScheme, useMantineColorScheme } from '@mantine/core';
import { IconMoon, IconSun } from '@tabler/icons-react';

/** The light/dark switch; the choice is remembered by Mantine's color scheme manager. */
export function useColorSchemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme('light', { getInitialValueInEffect: false });
  const isDark = computed === 'dark';
  return {
    isDark,
    label: isDark ? 'Switch to light theme' : 'Switch to dark theme',
    toggle: () => setColorScheme(isDark ? 'light' : 'dark'),
  };
}

export function ColorSchemeToggle() {
  const { isDark, label, toggle } = useColorSchemeToggle();
  return (
    <Tooltip label={label}>
      <ActionIcon variant="default" size="lg" aria-label={label} onClick={toggle}>
        {isDark ? <IconSun size={18} aria-hidden /> : <IconMoon size={18} aria-hidden />}
      </ActionIcon>
    </Tooltip>
  );
}
