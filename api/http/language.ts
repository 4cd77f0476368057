import type { Request, Response } from 'express';
import { isMessageCode, renderMessage, type Message } from '../../shared/messages/message';
import { englishMessage } from './englishMessages';

export type Language = 'fr' | 'en';

/**
 * The answer's language from `Accept-Language`: English when the client prefers it to French
 * (`en`, `en-GB;q=0.9, fr;q=0.5`), French otherwise: French is the default, and any language
 * the API does not speak falls back to it.
 */
export function preferredLanguage(header: string | undefined): Language {
  if (!header) return 'fr';
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { primary: tag.split('-')[0], weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((entry) => entry.weight > 0 && (entry.primary === 'fr' || entry.primary === 'en'))
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  return ranked[0]?.primary === 'en' ? 'en' : 'fr';
}

/**
 * An error body `{ message, errors }` in the request's language. Messages are written in French
 * where they are raised (the default, and the user documentation's language); English ones come
 * from the catalogue in englishMessages.ts, and a message it does not know stays French.
 */
export function localiseErrorBody<T extends { message: string; errors?: Record<string, string> }>(
  req: Request,
  res: Response,
  body: T,
  coded: { detail?: Message; fieldDetails?: Record<string, Message> } = {},
): T {
  res.vary('Accept-Language');
  const language = preferredLanguage(req.get('accept-language'));
  res.set('Content-Language', language);
  if (language === 'fr') return body;
  const translate = (text: string, detail?: Message) => (detail ? renderMessage(detail, language) : englishMessage(text));
  const errors = body.errors ? Object.fromEntries(Object.entries(body.errors).map(([field, text]) => [field, translate(text, coded.fieldDetails?.[field])])) : body.errors;
  return { ...body, message: translate(body.message, coded.detail), errors };
}

/** Renders stored messages (a code and its values, or a French sentence from before codes) in the request's language. */
export function messageRenderer(req: Request): (stored: { code?: unknown; params?: unknown; message?: string | null }) => string {
  const language = preferredLanguage(req.get('accept-language'));
  return (stored) => {
    if (isMessageCode(stored.code)) return renderMessage({ code: stored.code, params: (stored.params ?? undefined) as Message['params'] }, language);
    const text = stored.message ?? '';
    return language === 'fr' ? text : englishMessage(text);
  };
}
