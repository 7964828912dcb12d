// The one contract between the renderer (and any other client: tests, the CLI, a browser
// during development) and the core. Methods validate their params at run time on the core;
// results and events are typed here and produced only by the core.
import { z } from 'zod';
import { event, method } from './rpc/contract.ts';

export const NodeState = {
  Starting: 'starting',
  Running: 'running',
  Stopping: 'stopping',
  Stopped: 'stopped',
} as const;
export type NodeState = (typeof NodeState)[keyof typeof NodeState];

export const NodeMode = { Full: 'full', Light: 'light' } as const;
export type NodeMode = (typeof NodeMode)[keyof typeof NodeMode];

export interface NodeInfo {
  appVersion: string;
  /** Node.js version the core runs on (Electron's, or the headless one). */
  runtime: string;
  platform: string;
  mode: NodeMode;
  dataDir: string;
  /** Schema version of the core database after migrations. */
  schemaVersion: number;
  /** Unix ms. */
  startedAt: number;
}

export interface NodeStatus {
  state: NodeState;
  uptimeMs: number;
  /** Connected Waku peers (0 until the Waku node runs). */
  peers: number;
  /** Open RPC sessions (windows, browsers, tools). */
  rpcSessions: number;
  /** Bytes of the database file and its WAL. */
  databaseBytes: number;
}

const PrefKey = z.string().regex(/^[a-z][a-z0-9._-]{0,63}$/, 'a key is 1-64 chars of a-z 0-9 . _ - starting with a letter');
/** 4 KiB of JSON: preferences are small by nature; anything bigger is a bug or abuse. */
export const MAX_PREF_JSON_CHARS = 4096;
const PrefValue = z
  .json()
  .refine((value) => JSON.stringify(value).length <= MAX_PREF_JSON_CHARS, `a value is at most ${MAX_PREF_JSON_CHARS} chars of JSON`);
export type JsonValue = z.infer<typeof PrefValue>;

export interface Pref {
  key: string;
  value: JsonValue;
  /** Unix ms of the last write. */
  updatedAt: number;
}

const NoParams = z.object({}).strict();

export const api = {
  methods: {
    'node.info': method(NoParams).returns<NodeInfo>(),
    'node.status': method(NoParams).returns<NodeStatus>(),
    /** User preferences (theme, window layout, ...), stored in the encrypted database. */
    'prefs.get': method(z.object({ key: PrefKey }).strict()).returns<Pref | null>(),
    'prefs.set': method(z.object({ key: PrefKey, value: PrefValue }).strict()).returns<Pref>(),
    'prefs.list': method(NoParams).returns<Pref[]>(),
  },
  events: {
    /** Pushed on every state change and every few seconds while running. */
    'node.statusChanged': event<NodeStatus>(),
  },
} as const;

export type Api = typeof api;
