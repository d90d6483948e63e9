/*
 * After a scenario is chosen the keys should step, so focus goes to the stepping surface. A new
 * scenario is simulated in a worker and the panels mount again when it arrives: the request is
 * kept until the surface exists.
 */
let pending = false;

export function focusSteppingSurface(): void {
  const surface = document.getElementById('stepping-surface');
  if (surface) surface.focus({ preventScroll: true });
  else (document.activeElement as HTMLElement | null)?.blur();
  pending = true;
}

/** Called when the stepping surface mounts: takes focus if a choice asked for it meanwhile. */
export function claimSteppingFocus(surface: HTMLElement | null): void {
  if (!pending || !surface) return;
  pending = false;
  if (document.activeElement === document.body || document.activeElement === null)
    surface.focus({ preventScroll: true });
}
