import type { ContactView } from '../../../shared/api.ts';

/** How a contact is shown everywhere: our nickname, else their chosen name, else their alias. */
export function contactName(contact: Pick<ContactView, 'nickname' | 'displayName' | 'alias'>): string {
  return contact.nickname || contact.displayName || contact.alias;
}
