import { CONFIG_KEYS, DEFAULT_CONFIG, type Config } from '../../engine/scenario/config';
import { findPreset } from '../../engine/scenario/presets';
import { validateConfig } from '../../engine/scenario/validate';
import { naturalIdmapLength } from '../../engine/cpu/program/initCodeLength';
import { MOVES, type Move } from '../store/appStore';

/*
 * The messages hypstep windows exchange over their BroadcastChannel. Anything on the channel
 * may come from another tab, an older build or a script, so every message is checked like a
 * link before use: its shape, its preset, its config through the engine's own validator. What
 * fails is dropped whole; an invalid config is never simulated. (The cursor's range needs the
 * trace, so the receiver checks it after this.)
 */
export const SYNC_CHANNEL = 'hypstep-sync';

/** The leader (a presenter or app window) says what the audience should show. */
export interface StateMessage {
  readonly type: 'state';
  /** Which window leads (random per window load), so a bye from another window is ignored. */
  readonly from: string;
  readonly presetName: string;
  readonly config: Config;
  readonly cursor: number;
  readonly blanked: boolean;
  /** The leader approved simulating this config despite its cost (the audience never asks). */
  readonly approved: boolean;
  /** The compared (right) scenario when the leader compares two; `cursor` is then aligned. */
  readonly compare: { readonly preset: string; readonly config: Config } | null;
}
/** An audience window that just opened asks the leader for its state. */
export interface HelloMessage {
  readonly type: 'hello';
}
/** A key pressed in the audience window, asking the leader to make the move. */
export interface MoveMessage {
  readonly type: 'move';
  /** The leader asked (other leader windows ignore it). */
  readonly to: string;
  readonly move: Move;
}
/** Blank or unblank the audience, asked from the audience window. */
export interface BlankMessage {
  readonly type: 'blank';
  readonly to: string;
  readonly on: boolean;
}
/** A leader window is going away: the audience's keys move the audience itself again. */
export interface ByeMessage {
  readonly type: 'bye';
  readonly from: string;
}
export type SyncMessage = StateMessage | HelloMessage | MoveMessage | BlankMessage | ByeMessage;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const isWindowId = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-z]{1,16}$/.test(v);

/** A config exactly as the engine's Config: every key, the right types, and valid together. */
export function parseConfig(v: unknown): Config | null {
  if (!isObject(v)) return null;
  const keys = Object.keys(v);
  if (keys.length !== CONFIG_KEYS.length) return null;
  const out: Record<string, unknown> = {};
  for (const k of CONFIG_KEYS) {
    const value = v[k];
    const want = typeof DEFAULT_CONFIG[k];
    if (typeof value !== want) return null;
    if (typeof value === 'number' && !Number.isSafeInteger(value)) return null;
    out[k] = value;
  }
  const config = out as unknown as Config;
  if (config.design !== 'dual-step' && config.design !== 'single-step') return null;
  if (validateConfig(config, naturalIdmapLength(config.design)).length > 0) return null;
  return config;
}

/** The message if it is well formed and its config valid, else null (the caller ignores it). */
export function parseSyncMessage(data: unknown): SyncMessage | null {
  if (!isObject(data)) return null;
  switch (data.type) {
    case 'hello':
      return { type: 'hello' };
    case 'bye':
      return isWindowId(data.from) ? { type: 'bye', from: data.from } : null;
    case 'move':
      return isWindowId(data.to) &&
        typeof data.move === 'string' &&
        (MOVES as readonly string[]).includes(data.move)
        ? { type: 'move', to: data.to, move: data.move as Move }
        : null;
    case 'blank':
      return isWindowId(data.to) && typeof data.on === 'boolean'
        ? { type: 'blank', to: data.to, on: data.on }
        : null;
    case 'state': {
      const { presetName, cursor, blanked, from } = data;
      if (!isWindowId(from)) return null;
      if (typeof presetName !== 'string' || !findPreset(presetName)) return null;
      if (typeof cursor !== 'number' || !Number.isSafeInteger(cursor) || cursor < 1) return null;
      if (typeof blanked !== 'boolean') return null;
      const config = parseConfig(data.config);
      if (!config) return null;
      const approved = data.approved === true;
      let compare: StateMessage['compare'] = null;
      if (data.compare !== undefined && data.compare !== null) {
        if (!isObject(data.compare)) return null;
        const side = data.compare;
        if (typeof side.preset !== 'string' || !findPreset(side.preset)) return null;
        const sideConfig = parseConfig(side.config);
        if (!sideConfig) return null;
        compare = { preset: side.preset, config: sideConfig };
      }
      return { type: 'state', from, presetName, config, cursor, blanked, approved, compare };
    }
    default:
      return null;
  }
}
