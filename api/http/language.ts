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
 * An error body `{ message, errors }` in the request's language, from the message's code and
 * each field's (a French sentence not yet coded goes through englishMessages.ts).
 */
export function localiseErrorBody(req: Request, res: Response, detail: Message | string, fields: Record<string, Message | string> = {}): { message: string; errors: Record<string, string> } {
  res.vary('Accept-Language');
  const language = preferredLanguage(req);
  res.set('Content-Language', language);
  const render = (said: Message | string) => (typeof said !== 'string' ? renderMessage(said, language) : language === 'fr' ? said : englishMessage(said));
  return { message: render(detail), errors: Object.fromEntries(Object.entries(fields).map(([field, said]) => [field, render(said)])) };
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
