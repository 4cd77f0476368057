/**
 * What a user typed in a form whose save was refused because the session expired, kept in
 * session storage (this tab only, gone when it closes) until a save of that form succeeds.
 */
const PREFIX = 'conance.draft.';

/** One draft per form: `contracts/create`, `contracts/42` (the data provider and the forms agree on it). */
export function formDraftKey(resource: string, id?: unknown): string {
  return id == null ? `${resource}/create` : `${resource}/${String(id)}`;
}

export function saveDraft(key: string, values: Record<string, unknown>) {
  // A password is never written to storage: it is typed again.
  const { password: _password, ...kept } = values;
  try {
    sessionStorage.setItem(PREFIX + key, JSON.stringify(kept));
  } catch {
    // Storage full or disabled: nothing to restore later, the save itself still failed loudly.
  }
}

export function readDraft(key: string): Record<string, unknown> | undefined {
  try {
    const raw = sessionStorage.getItem(PREFIX + key);
    return raw ? JSON.parse(raw) : undefined;
  } catch {
    return undefined;
  }
}

export function clearDraft(key: string) {
  try {
    sessionStorage.removeItem(PREFIX + key);
  } catch {
    // nothing kept
  }
}
