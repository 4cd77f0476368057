import ArrowForwardIcon from '@mui/icons-material/ArrowForward';
import { Box, Typography } from '@mui/material';
import { useGetManyAggregate, useRecordContext, useTranslate } from 'react-admin';
import { advisorName } from '../advisors/advisorName';
import { formatPhone } from '../common/phone';

type Changes = Record<string, { before: unknown; after: unknown }>;

/** The resource whose field names label an entry's changes. */
const RESOURCES: Record<string, string> = { client: 'clients', contract: 'contracts', commission: 'commissions' };

/** Fields in the order of the client, contract and commission forms. */
const FIELD_ORDER = ['lastName', 'firstName', 'clientNumber', 'contractNumber', 'email', 'phone', 'address', 'status', 'clientId', 'advisorId', 'contractId', 'product', 'insurer', 'startDate', 'endDate', 'date', 'amount', 'label'];
const fieldRank = (field: string) => (FIELD_ORDER.includes(field) ? FIELD_ORDER.indexOf(field) : FIELD_ORDER.length);

/** "Email : ancienne valeur → nouvelle valeur", one line per changed field, field names translated. */
export const AuditChanges = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  const changes = (record?.changes ?? {}) as Changes;
  const fields = Object.keys(changes).sort((a, b) => fieldRank(a) - fieldRank(b));
  if (!fields.length) {
    return (
      <Typography variant="body2" color="text.secondary">
        {translate('resources.audit-entries.no_change')}
      </Typography>
    );
  }
  const showBefore = record?.action !== 'create';
  const showAfter = record?.action !== 'delete';
  return (
    <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.5, m: 0 }}>
      {fields.map((field) => (
        <Box key={field} sx={{ display: 'contents' }}>
          <Typography component="dt" variant="body2" color="text.secondary">
            {translate(`resources.${RESOURCES[record?.recordType] ?? 'clients'}.fields.${field}`, { _: field })}
          </Typography>
          <Typography component="dd" variant="body2" sx={{ m: 0, display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 0.5 }}>
            {showBefore && <ChangeValue field={field} value={changes[field].before} struck={showAfter} />}
            {showBefore && showAfter && <ArrowForwardIcon sx={{ fontSize: 16 }} aria-label="→" />}
            {showAfter && <ChangeValue field={field} value={changes[field].after} />}
          </Typography>
        </Box>
      ))}
    </Box>
  );
};

const ChangeValue = ({ field, value, struck = false }: { field: string; value: unknown; struck?: boolean }) => {
  const translate = useTranslate();
  const sx = { whiteSpace: 'pre-line', ...(struck ? { color: 'text.secondary', textDecoration: 'line-through' } : {}) } as const;
  if (value === null || value === undefined || value === '') {
    return (
      <Box component="span" sx={{ color: 'text.disabled', fontStyle: 'italic' }}>
        {translate('resources.audit-entries.empty_value')}
      </Box>
    );
  }
  if (field === 'advisorId') return <AdvisorName id={value as number} sx={sx} />;
  if (field === 'status') {
    return (
      <Box component="span" sx={sx}>
        {translate(`resources.contracts.status.${String(value)}`, { _: String(value) })}
      </Box>
    );
  }
  return (
    <Box component="span" sx={sx}>
      {field === 'phone' ? formatPhone(String(value)) : String(value)}
    </Box>
  );
};

/** An advisor id in the history, shown by name (or by number once the advisor is gone). */
const AdvisorName = ({ id, sx }: { id: number; sx: object }) => {
  // getMany (batched, no 404 for a deleted advisor) rather than getOne.
  const { data, isPending } = useGetManyAggregate('advisors', { ids: [id] });
  const advisor = data?.[0];
  return (
    <Box component="span" sx={sx}>
      {advisor ? advisorName(advisor) : isPending ? '…' : `#${id}`}
    </Box>
  );
};
