import { Box, Card, CardContent, Typography } from '@mui/material';
import {
  EmailField,
  ReferenceField,
  ReferenceManyField,
  Link,
  useCreatePath,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { AdvisorDataTable } from '../advisors/AdvisorDataTable';
import { advisorName } from '../advisors/advisorName';

/** The referent advisor, and every advisor the client is associated with through a contract. */
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
        <ReferenceManyField reference="advisors" target="clientId" sort={{ field: 'lastName', order: 'ASC' }} perPage={50}>
          <AdvisorDataTable />
        </ReferenceManyField>
      </Box>
    </Box>
  );
};

/** The advisor's name, linking to the advisor's page (inside the referenced advisor's record context). */
const AdvisorLink = () => {
  const advisor = useRecordContext();
  const createPath = useCreatePath();
  if (!advisor) return null;
  return (
    <Link to={createPath({ resource: 'advisors', id: advisor.id, type: 'show' })}>
      {advisorName(advisor)}
    </Link>
  );
};
