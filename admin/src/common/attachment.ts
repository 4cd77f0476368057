import { HttpError } from 'react-admin';
import { languageHeaders } from './languageHeaders';

/**
 * A file the API sends, in the UI's language: fetched as a blob (fetchJson reads text), and
 * named as the server named it. A refusal still carries the API's JSON message, as HttpError.
 */
export async function fetchAttachment(url: string, fallbackName: string): Promise<{ blob: Blob; fileName: string }> {
  const response = await fetch(url, { credentials: 'same-origin', headers: languageHeaders() });
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new HttpError(body?.message || response.statusText || `HTTP ${response.status}`, response.status, body);
  }
  return { blob: await response.blob(), fileName: attachmentFileName(response.headers.get('Content-Disposition')) ?? fallbackName };
}

/** The file name of `Content-Disposition: attachment; filename="…"` (or its RFC 5987 `filename*` form). */
export function attachmentFileName(header: string | null): string | undefined {
  if (!header) return undefined;
  const encoded = /filename\*\s*=\s*(?:UTF-8)?''([^;]+)/i.exec(header);
  if (encoded) {
    try {
      return decodeURIComponent(encoded[1].trim());
    } catch {
      // Malformed: fall back to the plain form.
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(header);
  return plain?.[1].trim() || undefined;
}
