import type { AppState } from './appStore';

/* Module-level selectors: stable identities, each panel subscribes to the least it needs. */
export const selectConfig = (s: AppState) => s.config;
export const selectCursor = (s: AppState) => s.cursor;
/** A constant in the cursor's place: for a hook that must not re-render when the cursor moves. */
export const selectNoCursor = (): number => 0;
export const selectPresetName = (s: AppState) => s.presetName;
export const selectView = (s: AppState) => s.view;
export const selectTheme = (s: AppState) => s.theme;
export const selectPlaying = (s: AppState) => s.playing;
export const selectSpeed = (s: AppState) => s.speed;
export const selectHelpOpen = (s: AppState) => s.helpOpen;
export const selectExportOpen = (s: AppState) => s.exportOpen;
export const selectEditorOpen = (s: AppState) => s.editorOpen;
export const selectBlanked = (s: AppState) => s.blanked;
export const selectAudienceBlanked = (s: AppState) => s.audienceBlanked;
export const selectMomentsOnly = (s: AppState) => s.momentsOnly;
export const selectGoToOpen = (s: AppState) => s.goToOpen;
export const selectTablesTab = (s: AppState) => s.tablesTab;
export const selectInspectText = (s: AppState) => s.inspectText;
export const selectMessages = (s: AppState) => s.messages;
