import type { Migration } from '../migrations.ts';

// Placeholder reserved for work under way; filled in by its owner.
export const IMAGES_MIGRATION: Migration = { version: 5, name: 'image payloads', up: '' };
