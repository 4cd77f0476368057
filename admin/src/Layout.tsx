import { useMediaQuery, type Theme } from '@mui/material';
import { useEffect, type ReactNode } from 'react';
import { Layout as RaLayout, useSidebarState } from 'react-admin';

/**
 * react-admin's layout (app bar with the user's name, language menu and logout), made to
 * fit a tablet: the menu shrinks to icons below 1024 px at page load, and wide tables
 * scroll inside their card instead of widening the page.
 */
export const Layout = ({ children }: { children: ReactNode }) => (
  <RaLayout sx={{ minWidth: 0, '& .RaLayout-content': { minWidth: 0 } }}>
    <CompactSidebarOnTablets />
    {children}
  </RaLayout>
);

const CompactSidebarOnTablets = () => {
  const isTablet = useMediaQuery((theme: Theme) => theme.breakpoints.between('sm', 'lg'), { noSsr: true });
  const [, setOpen] = useSidebarState();
  useEffect(() => {
    if (isTablet) setOpen(false);
    // Only at load: the user may open it again with the menu button.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return null;
};
