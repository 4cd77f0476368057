import { defaultTheme, type RaThemeOptions } from 'react-admin';

export const theme: RaThemeOptions = {
  ...defaultTheme,
  palette: {
    primary: { main: '#1e4f8a' },
    secondary: { main: '#1e4f8a' },
    background: { default: '#f5f6f8' },
    // MUI's default red (#d32f2f) falls under the 4.5:1 contrast of WCAG AA for the small
    // "Supprimer" buttons on the tinted toolbars; red 900 keeps above it.
    error: { main: '#b71c1c' },
  },
  components: {
    ...defaultTheme.components,
    // Wide tables scroll horizontally inside their card on narrow screens.
    RaDataTable: {
      styleOverrides: {
        root: {
          '& .RaDataTable-tableWrapper': { overflowX: 'auto' },
          // Tighter cells on tablets, so that the clients' six columns fit without scrolling.
          '@media (max-width: 1023px)': { '& td, & th': { paddingLeft: 6, paddingRight: 6 } },
        },
      },
    },
    RaList: { styleOverrides: { root: { '& .RaList-main': { minWidth: 0 } } } },
    RaShow: { styleOverrides: { root: { '& .RaShow-main': { minWidth: 0 } } } },
  } as RaThemeOptions['components'],
  typography: {
    fontFamily: ['-apple-system', 'BlinkMacSystemFont', '"Segoe UI"', 'Roboto', 'Arial', 'sans-serif'].join(','),
  },
};
