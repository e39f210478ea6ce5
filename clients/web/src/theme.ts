import { createTheme, type CSSVariablesResolver } from '@mantine/core';

// Mantine's defaults, with darker shades where the defaults fall short of WCAG AA contrast
// (4.5:1 for normal text): filled buttons use blue 8 rather than 6, "dimmed" text is gray 7 and error text red 9.
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: 'md',
});

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
  },
  dark: {},
});
