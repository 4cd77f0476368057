import { Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { useDataProvider, useLocaleState, useRecordContext, useTranslate } from 'react-admin';
import { formatMoney } from '../common/MoneyField';
import type { AppDataProvider } from '../dataProvider';

/** Count and total of the client's commissions, summed by the API over all pages. */
export const CommissionTotal = () => {
  const record = useRecordContext();
  const dataProvider = useDataProvider<AppDataProvider>();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const [summary, setSummary] = useState<{ count: number; totalAmount: number }>();
  useEffect(() => {
    if (record?.id == null) return;
    let cancelled = false;
    dataProvider
      .getCommissionSummary({ clientId: record.id })
      .then((result) => !cancelled && setSummary(result))
      .catch(() => !cancelled && setSummary(undefined));
    return () => {
      cancelled = true;
    };
  }, [dataProvider, record?.id]);
  if (!summary || summary.count === 0) return null;
  return (
    <Typography variant="subtitle1" component="p" data-testid="commission-total" sx={{ fontWeight: 500 }}>
      {translate('resources.clients.commissions.total', { amount: formatMoney(summary.totalAmount, locale), smart_count: summary.count })}
    </Typography>
  );
};
