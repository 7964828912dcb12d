// The key/JSON-value table both databases use (node preferences in core.db, per-account
// settings such as the display name in each account database).
export const PREFS_TABLE_SQL = `
  CREATE TABLE prefs (
    key        TEXT PRIMARY KEY NOT NULL,
    value      TEXT NOT NULL,          -- JSON
    updated_at INTEGER NOT NULL        -- unix ms
  ) STRICT;
`;
