import type { z } from 'zod';
import { isMessageCode, renderMessage, type Message, type MessageCode, type MessageParams } from './message';

/**
 * Zod carries a check's message as a string: a schema's check says its message code and params
 * in that string (codedIssue), a refinement's own issue carries them in its params with the
 * French sentence as its message (customIssue), and messageOfIssue reads them back, so that the
 * answer is rendered in the request's language. An issue a schema gave no message gets one from its kind.
 */

export type LabelCode = Extract<MessageCode, `label.${string}`>;

/** The message of a schema's check: `.max(200, codedIssue('merge.tooMany', { max: '49' }))`. */
export function codedIssue(code: MessageCode, params?: MessageParams): string {
  return JSON.stringify(params ? { code, params } : { code });
}

/** A message that starts with the field's label: `fieldIssue('field.required', 'label.lastName')`. */
export const fieldIssue = (code: MessageCode, label: LabelCode, params: MessageParams = {}) => codedIssue(code, { field: { code: label }, ...params });

/** An issue a refinement adds (`ctx.addIssue(customIssue(...))`): its French sentence, and its code in its params. */
export function customIssue(message: Message, path?: PropertyKey[]) {
  return { code: 'custom' as const, message: renderMessage(message, 'fr'), params: { message }, ...(path ? { path } : {}) };
}

function carriedMessage(text: string | undefined): Message | undefined {
  if (!text?.startsWith('{"code":')) return undefined;
  try {
    const message = JSON.parse(text) as Message;
    return isMessageCode(message.code) ? message : undefined;
  } catch {
    return undefined;
  }
}

const TYPE_NAMES: Record<string, MessageCode> = { string: 'type.string', number: 'type.number', int: 'type.number', boolean: 'type.boolean', object: 'type.object', array: 'type.array' };

/** The message of an issue: the one its schema carries, else one for what the library found. */
export function messageOfIssue(issue: z.core.$ZodIssue): Message {
  const carried = issue.code === 'custom' && isMessageCode(issue.params?.message?.code) ? (issue.params.message as Message) : carriedMessage(issue.message);
  if (carried) return carried;
  switch (issue.code) {
    case 'invalid_type': {
      const expected = TYPE_NAMES[issue.expected];
      return expected ? { code: 'field.expected', params: { expected: { code: expected } } } : { code: 'field.invalidValue' };
    }
    case 'invalid_value':
      return { code: 'field.oneOf', params: { values: issue.values.map(String).join(', ') } };
    case 'unrecognized_keys':
      return { code: 'field.unknownKeys', params: { keys: issue.keys.join(', ') } };
    case 'too_big': {
      const maximum = String(issue.maximum);
      if (issue.origin === 'string') return { code: 'field.tooManyCharacters', params: { maximum } };
      return { code: issue.origin === 'array' || issue.origin === 'set' ? 'field.tooManyItems' : 'field.tooBig', params: { maximum } };
    }
    case 'too_small': {
      const minimum = String(issue.minimum);
      if (issue.origin === 'string') return { code: 'field.tooFewCharacters', params: { minimum } };
      return { code: issue.origin === 'array' || issue.origin === 'set' ? 'field.tooFewItems' : 'field.tooSmall', params: { minimum } };
    }
    case 'invalid_union': {
      // The first branch's own message, when a schema gave one (a list of ids, or one id).
      const inner = issue.errors
        .flat()
        .map((nested) => carriedMessage(nested.message))
        .find(Boolean);
      return inner ?? { code: 'field.invalidValue' };
    }
    default:
      return { code: 'field.invalidValue' };
  }
}
