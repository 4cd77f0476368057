import type { Request, Response } from 'express';
import { isMessageCode, renderFields, renderMessage, type Language, type Message } from '../../shared/messages/message';

export type { Language } from '../../shared/messages/message';

/**
 * The answer's language from `Accept-Language`, negotiated by Express: English when the client
 * prefers it to French, French otherwise (the default, and the fallback for any other language).
 */
export function preferredLanguage(req: Pick<Request, 'acceptsLanguages'>): Language {
  return req.acceptsLanguages('fr', 'en') === 'en' ? 'en' : 'fr';
}

/** An error body `{ message, errors }` in the request's language, from the message's code and each field's. */
export function localiseErrorBody(req: Request, res: Response, detail: Message, fields: Record<string, Message> = {}): { message: string; errors: Record<string, string> } {
  res.vary('Accept-Language');
  const language = preferredLanguage(req);
  res.set('Content-Language', language);
  return { message: renderMessage(detail, language), errors: renderFields(fields, language) };
}

/**
 * Renders stored messages (a code and its values) in the request's language; a sentence stored
 * without a code, before messages had one, is answered as it was stored.
 */
export function messageRenderer(req: Request): (stored: { code?: unknown; params?: unknown; message?: string | null }) => string {
  const language = preferredLanguage(req);
  return (stored) => {
    if (isMessageCode(stored.code)) return renderMessage({ code: stored.code, params: (stored.params ?? undefined) as Message['params'] }, language);
    return stored.message ?? '';
  };
}
