import { Admin, Resource } from 'react-admin';
import { AccessDeniedPage } from './AccessDeniedPage';
import accessLog from './accessLog';
import advisors from './advisors';
import auditEntries from './audit';
import { authProvider } from './authProvider';
import clients from './clients';
import commissions from './commissions';
import contracts from './contracts';
import duplicates from './duplicates';
import { dataProvider } from './dataProvider';
import { i18nProvider } from './i18nProvider';
import imports from './imports';
import { Layout } from './Layout';
import { LoginPage } from './LoginPage';
import { NotFoundPage } from './NotFoundPage';
import retentionExpiredClients from './retention';
import { theme } from './theme';
import users from './users';

/**
 * One <Resource> per page of the menu, in menu order. Each resource folder exports its
 * views, icon and recordRepresentation (see clients/index.ts); permissions come from
 * authProvider.canAccess (support staff: read only, no users).
 */
export const App = () => (
  <Admin
    title="Conance"
    dataProvider={dataProvider}
    authProvider={authProvider}
    i18nProvider={i18nProvider}
    loginPage={LoginPage}
    accessDenied={AccessDeniedPage}
    catchAll={NotFoundPage}
    layout={Layout}
    theme={theme}
    requireAuth
    disableTelemetry
  >
    <Resource name="clients" {...clients} />
    <Resource name="duplicates" {...duplicates} />
    <Resource name="advisors" {...advisors} />
    <Resource name="contracts" {...contracts} />
    <Resource name="commissions" {...commissions} />
    <Resource name="imports" {...imports} />
    <Resource name="audit-entries" {...auditEntries} />
    <Resource name="access-log" {...accessLog} />
    <Resource name="retention-expired-clients" {...retentionExpiredClients} />
    <Resource name="users" {...users} />
  </Admin>
);
