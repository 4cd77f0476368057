/** "Fèvre" → "Fevre": the combining marks NFD separates from their letters, removed. Case is the caller's. */
export function withoutAccents(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '');
}
