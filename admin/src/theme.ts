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
    // MUI's orange (#ed6c02, 3.1:1 on white) and light blue (#0288d1, 3.9:1) fail it too: the
    // "Résilier" button and its dialog, the duplicate-warning and "Saisie manuelle" chips. These
    // keep above 4.5:1 on white and on the tinted alerts; the alerts keep MUI's own tints (from `light`).
    warning: { main: '#a84300', light: '#ff9800' },
    info: { main: '#01579b', light: '#03a9f4' },
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
    RaList: {
      styleOverrides: {
        root: {
          '& .RaList-main': { minWidth: 0 },
          // With rows selected, the bulk actions toolbar covers the filter bar and the list's
          // actions: hidden too, they leave the tab order instead of taking focus unseen.
          '& .RaList-main:has(.RaBulkActionsToolbar-toolbar:not(.RaBulkActionsToolbar-collapsed)) > .RaList-actions': { visibility: 'hidden' },
        },
      },
    },
    RaShow: { styleOverrides: { root: { '& .RaShow-main': { minWidth: 0 } } } },
    // react-admin greys its empty and "Non autorisé" pages with opacity 0.5 or the disabled text
    // colour, under the contrast of WCAG AA: secondary text keeps above it.
    RaEmpty: { styleOverrides: { root: { '& .RaEmpty-message': { color: 'rgba(0, 0, 0, 0.6)' } } } },
    RaAccessDenied: { styleOverrides: { root: { '& .RaAccessDenied-message': { opacity: 1, color: 'rgba(0, 0, 0, 0.6)' } } } },
    // With nothing selected, the bulk actions toolbar is folded to no height but its buttons
    // stayed in the tab order, four invisible stops: hidden, they leave it.
    RaBulkActionsToolbar: { styleOverrides: { root: { '& .RaBulkActionsToolbar-collapsed': { visibility: 'hidden' } } } },
  } as RaThemeOptions['components'],
  typography: {
    fontFamily: ['-apple-system', 'BlinkMacSystemFont', '"Segoe UI"', 'Roboto', 'Arial', 'sans-serif'].join(','),
  },
};
