import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Config } from '../../engine/scenario/config';
import { DEFAULT_PRESET, findPreset, presetConfig } from '../../engine/scenario/presets';
import type { View } from '../../url/codec';
import { nextMoment, previousMoment } from '../model/moments';
import { nextPhaseStep, previousPhaseStep } from '../model/phases';
import { peekTrace } from './traceCache';
import type { ScenarioSide } from '../../url/scenarioParams';
import type { ComparedPair } from '../compare/compareModel';
import { comparedIfLoaded, positionOfStep } from '../compare/comparedRegistry';

export type ThemePref = 'system' | 'light' | 'dark';
export type TablesTab = 'tables' | 'strip' | 'inspector';
export const SPEEDS = [1, 2, 5, 10, 25] as const; // steps per second

/** Named moves, so that a key in the audience window can ask the presenter for the same move. */
export type Move =
  | 'forward'
  | 'back'
  | 'forward10'
  | 'back10'
  | 'first'
  | 'last'
  | 'nextPhase'
  | 'previousPhase'
  | 'nextMoment'
  | 'previousMoment';
export const MOVES: readonly Move[] = [
  'forward',
  'back',
  'forward10',
  'back10',
  'first',
  'last',
  'nextPhase',
  'previousPhase',
  'nextMoment',
  'previousMoment',
];

/** What the app remembers: the scenario, the cursor and view preferences. The trace is derived. */
export interface AppData {
  readonly presetName: string;
  readonly config: Config;
  /** 1-based step, as in the CLI and the URL. */
  readonly cursor: number;
  readonly view: View;
  readonly theme: ThemePref;
  readonly playing: boolean;
  readonly speed: number;
  readonly helpOpen: boolean;
  readonly exportOpen: boolean;
  readonly editorOpen: boolean;
  /** The address strip's idmap ruler is open (kept here: a re-simulation remounts the panels). */
  readonly rulerOpen: boolean;
  /** The compared (right) scenario; the main config is the left. The cursor is then an aligned step. */
  readonly compare: ScenarioSide | null;
  readonly blanked: boolean;
  /** Presenter view: the audience window is blanked (the presenter's own screen is not). */
  readonly audienceBlanked: boolean;
  /** Talk mode: forward / back go from key moment to key moment. */
  readonly momentsOnly: boolean;
  readonly goToOpen: boolean;
  readonly tablesTab: TablesTab;
  readonly inspectText: string;
  /** Dismissable notices (bad link, a link from another version, copied). */
  readonly messages: readonly { readonly id: number; readonly text: string }[];
}

export interface AppActions {
  goTo(step: number): void;
  /** A named move; forward / back follow the key moments in talk mode. */
  move(move: Move): void;
  nextMoment(): void;
  previousMoment(): void;
  setMomentsOnly(on: boolean): void;
  setAudienceBlanked(on: boolean): void;
  setGoToOpen(open: boolean): void;
  stepBy(delta: number): void;
  first(): void;
  last(): void;
  nextPhase(): void;
  previousPhase(): void;
  /** Switches scenario; returns false (and says why) when the config cannot be simulated. */
  setScenario(presetName: string, config?: Config, step?: number): boolean;
  togglePlay(): void;
  setPlaying(playing: boolean): void;
  setSpeed(speed: number): void;
  setTheme(theme: ThemePref): void;
  setView(view: View): void;
  setHelpOpen(open: boolean): void;
  setExportOpen(open: boolean): void;
  setEditorOpen(open: boolean): void;
  setRulerOpen(open: boolean): void;
  /** Compares the current scenario with `side` (null: back to one scenario), from aligned step `step`. */
  setCompare(side: ScenarioSide | null, step?: number): void;
  toggleBlank(): void;
  setTablesTab(tab: TablesTab): void;
  setInspectText(text: string): void;
  addMessages(texts: readonly string[]): void;
  dismissMessage(id: number): void;
  reset(): void;
}

export type AppState = AppData & AppActions;
export type AppStore = StoreApi<AppState>;

export function getInitialData(): AppData {
  return {
    presetName: DEFAULT_PRESET,
    config: presetConfig(findPreset(DEFAULT_PRESET)!),
    cursor: 1,
    view: 'app',
    theme: 'system',
    playing: false,
    speed: 5,
    helpOpen: false,
    exportOpen: false,
    editorOpen: false,
    rulerOpen: false,
    compare: null,
    blanked: false,
    audienceBlanked: false,
    momentsOnly: false,
    goToOpen: false,
    tablesTab: 'tables',
    inspectText: '0xffff0000',
    messages: [],
  };
}

let nextMessageId = 1;

/** A phase jump while comparing: on the left side's phases, mapped back to the alignment. */
function phaseOnLeft(
  c: ComparedPair,
  cursor: number,
  jump: (t: ComparedPair['left'], step: number) => number,
): number {
  const leftStep = c.shownLeft[Math.min(cursor, c.shownLeft.length) - 1] ?? 1;
  return positionOfStep(c, 'left', jump(c.left, leftStep)) + 1;
}

export function createAppStore(initial: Partial<AppData> = {}): AppStore {
  return createStore<AppState>()((set, get) => {
    // while the trace is simulated (in a worker) its length is unknown: the cursor is kept as
    // asked and clamped when the trace arrives (useTraceLoading)
    const loaded = () => peekTrace(get().config);
    const compared = () => {
      const s = get();
      return s.compare ? comparedIfLoaded(s.config, s.compare.config) : undefined;
    };
    // comparing, the cursor walks the alignment: its length once both traces are in
    const total = () =>
      get().compare
        ? (compared()?.alignment.pairs.length ?? Number.MAX_SAFE_INTEGER)
        : (loaded()?.steps.length ?? Number.MAX_SAFE_INTEGER);
    const clamp = (n: number) => Math.min(Math.max(1, Math.round(n)), total());
    return {
      ...getInitialData(),
      ...initial,
      // a step that is not a number (a bad message, a bad input) leaves the cursor where it is
      goTo: (step) => {
        if (Number.isFinite(step)) set({ cursor: clamp(step) });
      },
      move: (move) => {
        const s = get();
        switch (move) {
          case 'forward':
            if (s.momentsOnly) s.nextMoment();
            else s.stepBy(1);
            break;
          case 'back':
            if (s.momentsOnly) s.previousMoment();
            else s.stepBy(-1);
            break;
          case 'forward10':
            s.stepBy(10);
            break;
          case 'back10':
            s.stepBy(-10);
            break;
          case 'first':
            s.first();
            break;
          case 'last':
            s.last();
            break;
          case 'nextPhase':
            s.nextPhase();
            break;
          case 'previousPhase':
            s.previousPhase();
            break;
          case 'nextMoment':
            s.nextMoment();
            break;
          case 'previousMoment':
            s.previousMoment();
            break;
        }
      },
      nextMoment: () => {
        const t = loaded();
        const m = t && !get().compare ? nextMoment(t, get().cursor) : null;
        if (m) set({ cursor: m.step, playing: false });
      },
      previousMoment: () => {
        const t = loaded();
        const m = t && !get().compare ? previousMoment(t, get().cursor) : null;
        if (m) set({ cursor: m.step, playing: false });
      },
      setMomentsOnly: (momentsOnly) => set({ momentsOnly }),
      setAudienceBlanked: (audienceBlanked) => set({ audienceBlanked }),
      setGoToOpen: (goToOpen) => set({ goToOpen }),
      stepBy: (delta) => {
        const cursor = clamp(get().cursor + delta);
        // playing stops by itself at the end rather than spinning there
        set(cursor === total() ? { cursor, playing: false } : { cursor });
      },
      first: () => set({ cursor: 1 }),
      // before the trace arrives this asks for "the end", which arrival clamps to the last step
      last: () => set({ cursor: total() }),
      nextPhase: () => {
        const c = compared();
        if (c) set({ cursor: phaseOnLeft(c, get().cursor, nextPhaseStep) });
        else if (!get().compare && loaded())
          set({ cursor: nextPhaseStep(loaded()!, get().cursor) });
      },
      previousPhase: () => {
        const c = compared();
        if (c) set({ cursor: phaseOnLeft(c, get().cursor, previousPhaseStep) });
        else if (!get().compare && loaded())
          set({ cursor: previousPhaseStep(loaded()!, get().cursor) });
      },
      setScenario: (presetName, config, step) => {
        const preset = findPreset(presetName);
        if (!preset) {
          get().addMessages([`Unknown scenario "${presetName}": kept the current one.`]);
          return false;
        }
        const next = config ?? presetConfig(preset);
        // simulated in a worker: a config that fails is reported and undone by useTraceLoading
        const steps = peekTrace(next)?.steps.length ?? Number.MAX_SAFE_INTEGER;
        set({
          presetName,
          config: next,
          cursor: Math.min(Math.max(1, step ?? 1), steps),
          playing: false,
        });
        return true;
      },
      togglePlay: () => {
        const { playing, cursor } = get();
        // play from the end starts over, as media players do
        if (!playing && cursor >= total()) set({ cursor: 1, playing: true });
        else set({ playing: !playing });
      },
      setPlaying: (playing) => set({ playing }),
      setSpeed: (speed) => set({ speed }),
      setTheme: (theme) => set({ theme }),
      setView: (view) => set({ view }),
      setHelpOpen: (helpOpen) => set({ helpOpen }),
      setExportOpen: (exportOpen) => set({ exportOpen }),
      setEditorOpen: (editorOpen) => set({ editorOpen }),
      setRulerOpen: (rulerOpen) => set({ rulerOpen }),
      setCompare: (compare, step) =>
        set({ compare, cursor: Math.max(1, step ?? 1), playing: false }),
      toggleBlank: () => set({ blanked: !get().blanked }),
      setTablesTab: (tablesTab) => set({ tablesTab }),
      setInspectText: (inspectText) => set({ inspectText }),
      addMessages: (texts) =>
        set({
          messages: [...get().messages, ...texts.map((text) => ({ id: nextMessageId++, text }))],
        }),
      dismissMessage: (id) => set({ messages: get().messages.filter((m) => m.id !== id) }),
      reset: () => set({ ...getInitialData() }),
    };
  });
}
