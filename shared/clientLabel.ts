const given = (part: unknown) => part !== null && part !== undefined && part !== '';

/** "Dupont Jean": the way the firms file their clients. */
export function clientName(client: { lastName?: unknown; firstName?: unknown; id?: unknown } | null | undefined): string {
  return [client?.lastName, client?.firstName].filter(given).map(String).join(' ');
}

/** "Dupont Jean (C-001)": a client as the history and the audit trail name it; `#12` when it has no name. */
export function clientLabel(client: { lastName?: unknown; firstName?: unknown; clientNumber?: unknown; id?: unknown }): string {
  const name = clientName(client);
  if (given(client.clientNumber)) return `${name} (${String(client.clientNumber)})`;
  return name || (given(client.id) ? `#${String(client.id)}` : '');
}
