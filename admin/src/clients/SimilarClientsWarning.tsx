import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import { Alert, AlertTitle, Chip, Link as MuiLink, List, ListItem, ListItemText } from '@mui/material';
import { useEffect, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { FormDataConsumer, useCreatePath, useDataProvider, useTranslate } from 'react-admin';
import { formatPhone } from '../common/phone';
import type { AppDataProvider, SimilarClient, SimilarClientsQuery } from '../dataProvider';
import { clientName } from '../../../shared/clientLabel';

const DEBOUNCE_MS = 400;

/**
 * "Évitez les doublons": while the form is typed, lists the existing clients with a close
 * name, the same email or the same phone, or holding the typed client number (which the save
 * would refuse), each linked to its page. Never blocks the save.
 */
export const SimilarClientsWarning = () => (
  <FormDataConsumer>
    {({ formData }) => <SimilarClients query={{ lastName: formData.lastName, firstName: formData.firstName, email: formData.email, phone: formData.phone, clientNumber: formData.clientNumber }} />}
  </FormDataConsumer>
);

const SimilarClients = ({ query }: { query: SimilarClientsQuery }) => {
  const matches = useSimilarClients(query);
  const translate = useTranslate();
  const createPath = useCreatePath();
  if (!matches.length) return null;
  return (
    <Alert severity="warning" role="status" aria-live="polite" sx={{ width: '100%', maxWidth: 720, mb: 2 }} data-testid="similar-clients">
      <AlertTitle>{translate('resources.clients.similar.title')}</AlertTitle>
      {translate('resources.clients.similar.intro')}
      <List dense disablePadding>
        {matches.map((client) => (
          <ListItem key={client.id} disableGutters sx={{ flexWrap: 'wrap', gap: 1 }}>
            <ListItemText
              sx={{ flex: '1 1 260px' }}
              primary={
                <MuiLink href={`#${createPath({ resource: 'clients', id: client.id, type: 'show' })}`} target="_blank" rel="noopener" underline="hover">
                  {clientName(client)}
                  {client.clientNumber ? ` · ${client.clientNumber}` : ''}
                  <OpenInNewIcon sx={{ fontSize: 14, ml: 0.5, verticalAlign: 'middle' }} aria-label={translate('resources.clients.similar.open')} />
                </MuiLink>
              }
              secondary={[client.email, formatPhone(client.phone)].filter(Boolean).join(' · ')}
            />
            {client.matchedOn.map((field) => (
              <Chip key={field} size="small" variant="outlined" color="warning" label={translate(`resources.clients.similar.matched_${field}`)} />
            ))}
          </ListItem>
        ))}
      </List>
    </Alert>
  );
};

function useSimilarClients(query: SimilarClientsQuery): SimilarClient[] {
  const dataProvider = useDataProvider<AppDataProvider>();
  const typed = JSON.stringify(query);
  // The query once typing pauses; the previous matches stay on screen until its answer.
  const [asked, setAsked] = useState(typed);
  useEffect(() => {
    const timer = setTimeout(() => setAsked(typed), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [typed]);
  const enough = hasCriteria(query) && hasCriteria(JSON.parse(asked));
  const { data } = useQuery({
    queryKey: ['clients', 'similar', asked],
    queryFn: () => dataProvider.getSimilarClients(JSON.parse(asked)),
    enabled: enough,
    placeholderData: keepPreviousData,
    // A failed look-up only means no warning: the save is never blocked by it.
    retry: false,
  });
  return enough ? (data ?? []) : [];
}

function hasCriteria({ lastName, email, phone, clientNumber }: SimilarClientsQuery): boolean {
  return (lastName ?? '').trim().length >= 2 || Boolean((email ?? '').trim() || (phone ?? '').trim() || (clientNumber ?? '').trim());
}
