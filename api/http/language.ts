import type { Request, Response } from 'express';
import { isMessageCode, renderMessage, type Message } from '../../shared/messages/message';
import { englishMessage } from './englishMessages';

export type Language = 'fr' | 'en';

/**
 * The answer's language from `Accept-Language`, negotiated by Express: English when the client
 * prefers it to French, French otherwise (the default, and the fallback for any other language).
 */
export function preferredLanguage(req: Pick<Request, 'acceptsLanguages'>): Language {
  return req.acceptsLanguages('fr', 'en') === 'en' ? 'en' : 'fr';
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
  const language = preferredLanguage(req);
  res.set('Content-Language', language);
  if (language === 'fr') return body;
  const translate = (text: string, detail?: Message) => (detail ? renderMessage(detail, language) : englishMessage(text));
  const errors = body.errors ? Object.fromEntries(Object.entries(body.errors).map(([field, text]) => [field, translate(text, coded.fieldDetails?.[field])])) : body.errors;
  return { ...body, message: translate(body.message, coded.detail), errors };
}

/** Renders stored messages (a code and its values, or a French sentence from before codes) in the request's language. */
export function messageRenderer(req: Request): (stored: { code?: unknown; params?: unknown; message?: string | null }) => string {
  const language = preferredLanguage(req);
  return (stored) => {
    if (isMessageCode(stored.code)) return renderMessage({ code: stored.code, params: (stored.params ?? undefined) as Message['params'] }, language);
    const text = stored.message ?? '';
    return language === 'fr' ? text : englishMessage(text);
  };
}
