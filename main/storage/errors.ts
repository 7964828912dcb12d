export const StorageErrorCode = {
  WrongKey: 'WRONG_KEY',
  Corrupt: 'CORRUPT',
  TooNew: 'SCHEMA_TOO_NEW',
  Migration: 'MIGRATION_FAILED',
  Locked: 'DATA_DIR_LOCKED',
} as const;
export type StorageErrorCode = (typeof StorageErrorCode)[keyof typeof StorageErrorCode];

export class StorageError extends Error {
  readonly code: StorageErrorCode;

  constructor(code: StorageErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageError';
    this.code = code;
  }
}
