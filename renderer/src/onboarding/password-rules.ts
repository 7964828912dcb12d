import { DISPLAY_NAME_PATTERN, MIN_PASSWORD_LENGTH } from '../../../shared/api.ts';

/** Checks a new password and its confirmation; returns a message, or null when fine. */
export function checkNewPassword(password: string, confirmation: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password !== confirmation) return 'The two passwords differ.';
  return null;
}

/** Empty means "use my three-word name". */
export function checkDisplayName(name: string): string | null {
  if (name === '' || DISPLAY_NAME_PATTERN.test(name)) return null;
  return 'A display name has 5 to 24 letters, digits, spaces, dashes or underscores.';
}
