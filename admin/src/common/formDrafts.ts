/**
 * What a user typed in a form whose save was refused because the session expired, kept in
 * session storage (this tab only, gone when it closes) until a save of that form succeeds.
 */
const PREFIX = 'conance.draft.';

export function saveDraft(key: string, values: Record<string, unknown>) {
  try {
    sessionStorage.setItem(PREFIX + key, JSON.stringify(values));
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
