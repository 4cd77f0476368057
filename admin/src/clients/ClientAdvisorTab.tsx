import { Box, Card, CardContent, Chip, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { EmailField, Link, ReferenceField, useCreatePath, useDataProvider, useRecordContext, useTranslate } from 'react-admin';
import { advisorName } from '../advisors/advisorName';
import type { AppDataProvider, ClientAdvisor } from '../dataProvider';

/**
 * "Conseillers": the referent advisor, then every advisor holding one of the client's contracts,
 * with how many of them are active (counted by the API with the same rule as the lists).
 */
export const ClientAdvisorTab = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 3 }}>
      <Box>
        <Typography variant="subtitle2" color="text.secondary" gutterBottom>
          {translate('resources.clients.advisor.referent')}
        </Typography>
        {record?.advisorId ? (
          <ReferenceField source="advisorId" reference="advisors" link={false}>
            <Card variant="outlined" sx={{ maxWidth: 420 }} data-testid="referent-advisor">
              <CardContent>
                <Typography variant="h6" component="p">
                  <AdvisorLink />
                </Typography>
                <EmailField source="email" />
              </CardContent>
            </Card>
          </ReferenceField>
        ) : (
          <Typography color="text.secondary">{translate('resources.clients.advisor.none')}</Typography>
        )}
      </Box>
      <Box>
        <Typography variant="subtitle2" color="text.secondary" gutterBottom>
          {translate('resources.clients.advisor.via_contracts')}
        </Typography>
        {record?.id != null && <ClientAdvisorTable clientId={record.id} refreshKey={`${record.advisorId}-${record.activeContracts}`} />}
      </Box>
    </Box>
  );
};

const ClientAdvisorTable = ({ clientId, refreshKey }: { clientId: string | number; refreshKey: string }) => {
  const dataProvider = useDataProvider<AppDataProvider>();
  const translate = useTranslate();
  const createPath = useCreatePath();
  const [advisors, setAdvisors] = useState<ClientAdvisor[]>();
  useEffect(() => {
    let cancelled = false;
    dataProvider
      .getClientAdvisors(clientId)
      .then((found) => !cancelled && setAdvisors(found))
      .catch(() => !cancelled && setAdvisors([]));
    return () => {
      cancelled = true;
    };
  }, [dataProvider, clientId, refreshKey]);
  if (!advisors) return null;
  if (!advisors.length) return <Typography color="text.secondary">{translate('resources.clients.advisor.empty')}</Typography>;
  return (
    <Table size="small" data-testid="client-advisors" sx={{ maxWidth: 760 }}>
      <TableHead>
        <TableRow>
          <TableCell>{translate('resources.advisors.fields.lastName')}</TableCell>
          <TableCell>{translate('resources.advisors.fields.email')}</TableCell>
          <TableCell>{translate('resources.clients.advisor.role')}</TableCell>
          <TableCell align="right">{translate('resources.clients.advisor.contracts')}</TableCell>
          <TableCell align="right">{translate('resources.clients.advisor.active_contracts')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {advisors.map((advisor) => (
          <TableRow key={advisor.id}>
            <TableCell>
              <Link to={createPath({ resource: 'advisors', id: advisor.id, type: 'show' })}>{advisorName(advisor)}</Link>
            </TableCell>
            <TableCell>{advisor.email ?? '—'}</TableCell>
            <TableCell>
              <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap' }}>
                {advisor.referent && <Chip size="small" color="primary" label={translate('resources.clients.advisor.referent_role')} />}
                {advisor.contracts > 0 && <Chip size="small" variant="outlined" label={translate('resources.clients.advisor.contract_role')} />}
              </Box>
            </TableCell>
            <TableCell align="right">{advisor.contracts}</TableCell>
            <TableCell align="right">{advisor.activeContracts}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

/** The advisor's name, linking to the advisor's page (inside the referenced advisor's record context). */
const AdvisorLink = () => {
  const advisor = useRecordContext();
  const createPath = useCreatePath();
  if (!advisor) return null;
  return <Link to={createPath({ resource: 'advisors', id: advisor.id, type: 'show' })}>{advisorName(advisor)}</Link>;
};
