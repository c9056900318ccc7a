import { loadMessages } from '../cli/messages.js';

// The lean loader: generate plans over an existing app with the engine, and must not load @salesforce/core's logger.
const messages = loadMessages('requirements');

/** The guide step a requirement comes from, in our words. */
export function stepOf(id: string): string {
  return messages.getMessage(`${id}.step`);
}

/** What fixes a mismatch; `%s` placeholders are filled from `args`. */
export function actionOf(id: string, args: readonly string[] = []): string {
  return messages.getMessage(`${id}.action`, [...args]);
}

/** Where a requirement comes from (`<id>.source`); undefined for a row that names none. */
export function sourceOf(id: string): string | undefined {
  try {
    return messages.getMessage(`${id}.source`);
  } catch {
    return undefined;
  }
}
