import { browser } from 'wxt/browser';
import type { BackgroundCommand, CommandResponses, CommandType } from './commands.js';
import type { AnnotatorMessage, AnnotatorResponses } from './page-messages.js';
import { fail, isResult, type Result } from './result.js';

/** The command of one type, as its sender writes it. */
export type CommandOf<T extends CommandType> = Extract<BackgroundCommand, { type: T }>;

/**
 * Sends a command to the background and returns its Result. A closed port or a reply of the
 * wrong shape becomes an `unavailable` failure, so callers handle one path only.
 */
export async function sendCommand<T extends CommandType>(command: CommandOf<T>): Promise<Result<CommandResponses[T]>> {
  try {
    const reply: unknown = await browser.runtime.sendMessage(command);
    if (isResult(reply)) return reply as Result<CommandResponses[T]>;
    return fail('unavailable', 'Margins did not answer. Reload the page and try again.');
  } catch {
    return fail('unavailable', 'Margins did not answer. Reload the page and try again.');
  }
}

/** Sends a message to the annotator in one tab (from the background or the panel). */
export async function sendToAnnotator<T extends AnnotatorMessage['type']>(
  tabId: number,
  message: Extract<AnnotatorMessage, { type: T }>,
): Promise<Result<AnnotatorResponses[T]>> {
  try {
    const reply: unknown = await browser.tabs.sendMessage(tabId, message);
    if (isResult(reply)) return reply as Result<AnnotatorResponses[T]>;
    return fail('unavailable', 'Margins is not running on this page.');
  } catch {
    return fail('unavailable', 'Margins is not running on this page.');
  }
}
