import { useMediaQuery, type Theme } from '@mui/material';
import { useEffect, type ReactNode } from 'react';
import { AppBar, Layout as RaLayout, LoadingIndicator, LocalesMenuButton, TitlePortal, UserMenu, useGetIdentity, useSidebarState, useTranslate } from 'react-admin';

/**
 * react-admin's layout (app bar with the user's name, language menu and logout), made to
 * fit a tablet: the menu shrinks to icons below 1024 px at page load, and wide tables
 * scroll inside their card instead of widening the page.
 */
export const Layout = ({ children }: { children: ReactNode }) => (
  <RaLayout appBar={NamedUserMenuAppBar} sx={{ minWidth: 0, '& .RaLayout-content': { minWidth: 0 } }}>
    <CompactSidebarOnTablets />
    {children}
  </RaLayout>
);

/**
 * The user menu's button shows the user's name; react-admin labels it "Profil", so a speech
 * user saying the name they see could not reach it (axe: label-content-name-mismatch).
 */
const NamedUserMenu = () => {
  const { identity } = useGetIdentity();
  const translate = useTranslate();
  return <UserMenu label={identity?.fullName ? translate('app.user_menu', { name: identity.fullName }) : 'ra.auth.user_menu'} />;
};
/** react-admin's toolbar (language menu, loading spinner), the spinner named for screen readers. */
const AppBarToolbar = () => {
  const translate = useTranslate();
  return (
    <>
      <LocalesMenuButton />
      <LoadingIndicator aria-label={translate('ra.page.loading')} />
    </>
  );
};
/** The page's title, in the app bar, is its one <h1> (react-admin writes it as an h6). */
const NamedUserMenuAppBar = () => (
  <AppBar userMenu={<NamedUserMenu />} toolbar={<AppBarToolbar />}>
    <TitlePortal component="h1" className="RaAppBar-title" />
  </AppBar>
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
