import ArrowForwardIcon from '@mui/icons-material/ArrowForward';
import { Box, Typography } from '@mui/material';
import { useGetManyAggregate, useLocaleState, useRecordContext, useTranslate, type RaRecord } from 'react-admin';
import { advisorName } from '../advisors/advisorName';
import { clientName } from '../clients/clientName';
import { localeTag } from '../common/locale';
import { formatMoney } from '../common/MoneyField';
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
  // An export records what was produced (its format), not a change: no "before".
  const showBefore = record?.action !== 'create' && record?.action !== 'export';
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
  const [locale] = useLocaleState();
  const sx = { whiteSpace: 'pre-line', ...(struck ? { color: 'text.secondary', textDecoration: 'line-through' } : {}) } as const;
  if (value === null || value === undefined || value === '') {
    return (
      <Box component="span" sx={{ color: 'text.secondary', fontStyle: 'italic' }}>
        {translate('resources.audit-entries.empty_value')}
      </Box>
    );
  }
  // Crypto-shredded by an anonymisation: the API says so in place of the value.
  if (value === ERASED_VALUE) {
    return (
      <Box component="span" sx={{ color: 'text.secondary', fontStyle: 'italic' }} data-erased="true">
        {translate('resources.audit-entries.erased_value')}
      </Box>
    );
  }
  if (field in REFERENCES) return <ReferenceName field={field} id={value as number} sx={sx} />;
  return (
    <Box component="span" sx={sx}>
      {formatValue(field, value, translate, locale)}
    </Box>
  );
};

function formatValue(field: string, value: unknown, translate: (key: string, options?: object) => string, locale: string): string {
  if (field === 'phone') return formatPhone(String(value));
  if (field === 'status') return translate(`resources.contracts.status.${String(value)}`, { _: String(value) });
  if (field === 'amount') return formatMoney(Number(value), locale);
  if (DATE_FIELDS.has(field) && /^\d{4}-\d{2}-\d{2}$/.test(String(value))) return new Date(`${value}T12:00:00Z`).toLocaleDateString(localeTag(locale));
  return String(value);
}

/** What the API returns for a personal value whose key was erased (RGPD anonymisation). */
export const ERASED_VALUE = '[donnée effacée]';

const DATE_FIELDS = new Set(['startDate', 'endDate', 'date']);

/** Ids in the history, shown by name: the resource and how its records are named. */
const REFERENCES: Record<string, { resource: string; name: (record: RaRecord) => string }> = {
  advisorId: { resource: 'advisors', name: (record) => advisorName(record) },
  clientId: { resource: 'clients', name: (record) => clientName(record) },
  contractId: { resource: 'contracts', name: (record) => record.contractNumber },
};

/** An advisor, client or contract id in the history, shown by name (or by number once the record is gone). */
const ReferenceName = ({ field, id, sx }: { field: string; id: number; sx: object }) => {
  const { resource, name } = REFERENCES[field];
  // getMany (batched, no 404 for a deleted record) rather than getOne.
  const { data, isPending } = useGetManyAggregate(resource, { ids: [id] });
  const record = data?.[0];
  return (
    <Box component="span" sx={sx}>
      {record ? name(record) : isPending ? '…' : `#${id}`}
    </Box>
  );
};
