import { useCallback, useEffect, useState } from 'react';
import type { ContactView } from '../../../shared/api.ts';
import type { CoreClient } from '../core/connection.ts';

/** The contact list, kept current by the core's contact events. */
export function useContacts(client: CoreClient): { contacts: ContactView[]; upsert: (contact: ContactView) => void } {
  const [contacts, setContacts] = useState<ContactView[]>([]);
  const upsert = useCallback((contact: ContactView) => {
    setContacts((previous) => [contact, ...previous.filter((c) => c.publicKey !== contact.publicKey)]);
  }, []);
  useEffect(() => {
    let live = true;
    client.call('contacts.list').then(
      (list) => {
        if (live) setContacts(list);
      },
      () => {},
    );
    const offUpdated = client.on('contacts.updated', upsert);
    const offRequest = client.on('contacts.requestReceived', upsert);
    // Presence changes in place: the order of the list stays.
    const offPresence = client.on('contacts.presence', ({ publicKey, online, lastSeen }) => {
      setContacts((previous) =>
        previous.some((c) => c.publicKey === publicKey)
          ? previous.map((c) => (c.publicKey === publicKey ? { ...c, online, lastSeen } : c))
          : previous,
      );
    });
    return () => {
      live = false;
      offUpdated();
      offRequest();
      offPresence();
    };
  }, [client, upsert]);
  return { contacts, upsert };
}

/** How many requests wait for our answer (the nav badge). */
export function pendingRequests(contacts: readonly ContactView[]): number {
  return contacts.filter((c) => c.state === 'request-received').length;
}
