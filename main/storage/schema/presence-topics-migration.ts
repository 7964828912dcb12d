import type { Migration } from '../migrations.ts';

// Placeholder reserved for work under way; filled in by its owner.
export const PRESENCE_TOPICS_MIGRATION: Migration = { version: 4, name: 'negotiated secrets, presence', up: '' };
