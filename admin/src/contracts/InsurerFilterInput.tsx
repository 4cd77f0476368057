import { useEffect, useState } from 'react';
import { AutocompleteInput, useDataProvider } from 'react-admin';
import type { AppDataProvider } from '../dataProvider';

/** The insurers named on contracts, as a filter of the contracts and commissions lists. */
export const InsurerFilterInput = ({ source, label }: { source: string; label: string; alwaysOn?: boolean }) => {
  const dataProvider = useDataProvider<AppDataProvider>();
  const [choices, setChoices] = useState<{ id: string; name: string }[]>([]);
  useEffect(() => {
    let cancelled = false;
    dataProvider
      .getInsurers()
      .then((insurers) => !cancelled && setChoices(insurers))
      // No choices only means no insurer filter: the list itself still works.
      .catch(() => !cancelled && setChoices([]));
    return () => {
      cancelled = true;
    };
  }, [dataProvider]);
  return <AutocompleteInput source={source} label={label} choices={choices} sx={{ minWidth: 200 }} />;
};
