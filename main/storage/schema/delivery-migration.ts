import type { Migration } from '../migrations.ts';

// Placeholder reserved for work under way; filled in by its owner.
export const DELIVERY_MIGRATION: Migration = { version: 6, name: 'published hashes, pending actions', up: '' };
