import { describe, expect, test } from 'vitest';
import { createAppStore } from './appStore';
import { simulate } from '../../engine/simulate';
import { adoptTrace, getTrace } from './traceCache';
import type { AppStore } from './appStore';

/** A store whose trace is in (in the app a worker simulates it; here this thread does). */
function loadedStore(): AppStore {
  const store = createAppStore();
  const { config } = store.getState();
  adoptTrace(config, simulate(config));
  return store;
}

describe('moves', () => {
  test('talk mode: forward and back go from key moment to key moment', () => {
    const store = loadedStore();
    const moments = getTrace(store.getState().config).moments.map((m) => m.step);
    expect(moments.length).toBeGreaterThan(3);
    store.getState().setMomentsOnly(true);
    store.getState().move('forward');
    expect(store.getState().cursor).toBe(moments[0]);
    store.getState().move('forward');
    expect(store.getState().cursor).toBe(moments[1]);
    store.getState().move('back');
    expect(store.getState().cursor).toBe(moments[0]);
    // before the first moment there is nowhere to go back to: stay
    store.getState().move('back');
    expect(store.getState().cursor).toBe(moments[0]);
    store.getState().setMomentsOnly(false);
    store.getState().move('forward');
    expect(store.getState().cursor).toBe(moments[0]! + 1);
  });
  test('n and Shift+n work without talk mode; past the last moment nothing moves', () => {
    const store = loadedStore();
    const moments = getTrace(store.getState().config).moments.map((m) => m.step);
    store.getState().goTo(moments[moments.length - 1]!);
    store.getState().nextMoment();
    expect(store.getState().cursor).toBe(moments[moments.length - 1]);
    store.getState().previousMoment();
    expect(store.getState().cursor).toBe(moments[moments.length - 2]);
  });
  test('a step that is not a number leaves the cursor where it is', () => {
    const store = createAppStore({ cursor: 40 });
    store.getState().goTo(NaN);
    store.getState().goTo(Infinity);
    expect(store.getState().cursor).toBe(40);
  });
});
