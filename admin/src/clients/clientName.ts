/** "Dupont Jean" — the way the firms file their clients. */
export function clientName(record: { lastName?: string | null; firstName?: string | null; [key: string]: unknown } | undefined): string {
  return [record?.lastName, record?.firstName].filter(Boolean).join(' ');
}
