import { type CSSVariablesResolver, createTheme, localStorageColorSchemeManager } from '@mantine/core';

/** Shared with public/color-scheme.js, which applies the choice before the bundle loads. */
export const colorSchemeManager = localStorageColorSchemeManager({ key: 'rapport-color-scheme' });

export const theme = createTheme({
  primaryColor: 'indigo',
  // Shade 7 (light) and 8 (dark) keep white text on filled buttons above WCAG AA contrast.
  primaryShade: { light: 7, dark: 8 },
  defaultRadius: 'md',
  cursorType: 'pointer',
  headings: { fontWeight: '650' },
  components: {
    Modal: {
      defaultProps: {
        centered: true,
        closeButtonProps: { 'aria-label': 'Close dialog' },
        styles: { title: { fontWeight: 650, fontSize: 'var(--mantine-font-size-lg)' } },
      },
    },
    // Dropdowns and tooltips (absolutely positioned) open inside <main id="main">, which both
    // layouts have, so they sit in a landmark. Modals keep Mantine's default portal: their fixed
    // layout assumes they are children of <body>.
    Popover: { defaultProps: { portalProps: { target: '#main' } } },
    Tooltip: { defaultProps: { withArrow: true, portalProps: { target: '#main' } } },
    Notification: {
      defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss notification' } },
      // Under a title Mantine greys the message to gray-6 (3.3:1); the dimmed colour here is 8:1.
      styles: (_theme: unknown, props: { title?: unknown }) =>
        props.title ? { description: { color: 'var(--mantine-color-dimmed)' } } : {},
    },
    Table: { defaultProps: { verticalSpacing: 'sm', highlightOnHover: true } },
    // A <header> inside the dialog counts as a second page banner for screen readers; a div does not.
    ModalHeader: { defaultProps: { component: 'div' } },
  },
});

// Mantine's default dimmed, error and "light variant" text colours fall below 4.5:1 on their
// backgrounds (badges, active nav links, their hover states); these stay above it.
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-6)',
    '--mantine-color-indigo-light-color': '#2c3e9e',
    '--mantine-color-teal-light-color': '#066649',
    '--mantine-color-yellow-light-color': '#7a4100',
    '--mantine-color-red-light-color': '#a61e1e',
    '--mantine-color-red-filled': 'var(--mantine-color-red-9)',
    '--mantine-color-red-filled-hover': '#a61e1e',
  },
  dark: {
    '--mantine-color-dimmed': 'var(--mantine-color-dark-1)',
    '--mantine-color-error': 'var(--mantine-color-red-5)',
    '--mantine-color-placeholder': 'var(--mantine-color-dark-2)',
  },
});
