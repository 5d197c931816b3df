// Runs before the bundle: mirrors Mantine's localStorage color scheme manager (key below must match
// src/app/theme.ts) so the first paint already uses the person's light or dark choice.
(() => {
  try {
    const stored = window.localStorage.getItem('rapport-color-scheme');
    const prefersDark = window.matchMedia('(prefers-color-scheme: dark)').matches;
    const scheme = stored === 'light' || stored === 'dark' ? stored : prefersDark ? 'dark' : 'light';
    document.documentElement.setAttribute('data-mantine-color-scheme', scheme);
  } catch (_error) {
    // Storage can be blocked (private mode, strict settings); Mantine falls back to light.
  }
})();
