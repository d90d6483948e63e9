import type { AppStore, Move } from '../store/appStore';

/*
 * The audience window's keys ask the leader (the presenter window) to move instead of moving
 * the audience alone: the presenter stays the source of truth. useWindowSync registers the way
 * to ask once a leader has been heard from; until then the audience moves by itself.
 */
export interface Remote {
  move(move: Move): void;
  blank(on: boolean): void;
}

const remotes = new WeakMap<AppStore, Remote>();

export function setRemote(store: AppStore, remote: Remote | null): void {
  if (remote) remotes.set(store, remote);
  else remotes.delete(store);
}

export function remoteFor(store: AppStore): Remote | null {
  return remotes.get(store) ?? null;
}

/** A move by this window's own hand: asked of the leader in the audience, made here elsewhere. */
export function doMove(store: AppStore, move: Move): void {
  const remote = store.getState().view === 'audience' ? remoteFor(store) : null;
  if (remote) remote.move(move);
  else store.getState().move(move);
}

/** `b` / `.` / Esc: the presenter blanks the audience only, the audience asks the presenter. */
export function doBlank(store: AppStore, on?: boolean): void {
  const s = store.getState();
  if (s.view === 'presenter') {
    s.setAudienceBlanked(on ?? !s.audienceBlanked);
    return;
  }
  const remote = s.view === 'audience' ? remoteFor(store) : null;
  const next = on ?? !s.blanked;
  if (remote) remote.blank(next);
  else if (next !== s.blanked) s.toggleBlank();
}
