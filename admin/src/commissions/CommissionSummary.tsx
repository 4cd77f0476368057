import { Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { useDataProvider, useLocaleState, useTranslate } from 'react-admin';
import { formatMoney } from '../common/MoneyField';
import type { AppDataProvider } from '../dataProvider';

/**
 * Count and total of the commissions matching `filter`, summed by the database over every page
 * (GET /api/commissions/summary), never by adding up the lines on screen.
 */
export const CommissionSummary = ({
  filter,
  message,
  testId = 'commission-total',
  hideWhenEmpty = true,
  refreshKey,
}: {
  filter: Record<string, unknown>;
  message: string;
  testId?: string;
  hideWhenEmpty?: boolean;
  /** Changes when the lines may have changed (e.g. after an edit), to ask again. */
  refreshKey?: unknown;
}) => {
  const dataProvider = useDataProvider<AppDataProvider>();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const [summary, setSummary] = useState<{ count: number; totalAmount: string }>();
  const key = JSON.stringify(filter);
  useEffect(() => {
    let cancelled = false;
    dataProvider
      .getCommissionSummary(JSON.parse(key))
      .then((result) => !cancelled && setSummary(result))
      .catch(() => !cancelled && setSummary(undefined));
    return () => {
      cancelled = true;
    };
  }, [dataProvider, key, refreshKey]);
  if (!summary || (hideWhenEmpty && summary.count === 0)) return null;
  return (
    <Typography variant="subtitle1" component="p" data-testid={testId} sx={{ fontWeight: 500 }}>
      {translate(message, { amount: formatMoney(summary.totalAmount, locale), smart_count: summary.count })}
    </Typography>
  );
};
