/** "Jean Dupont" — how an advisor is named everywhere (menu references, history, exports). */
export function advisorName(advisor: { firstName?: string | null; lastName?: string | null; [key: string]: unknown }): string {
  return `${advisor.firstName} ${advisor.lastName}`;
}
