import { renderMessage, type Message, type MessageCode, type MessageParams } from '../shared/messages/message';

/**
 * A file that can never be imported, whatever the retry. It carries its message's code and values
 * (rendered in the user's language by the API), and the French sentence as its `message`.
 */
export class StatementFileError extends Error {
  override name = 'StatementFileError';
  readonly detail: Message;

  constructor(code: MessageCode, params?: MessageParams) {
    const detail: Message = params ? { code, params } : { code };
    super(renderMessage(detail, 'fr'));
    this.detail = detail;
  }
}
