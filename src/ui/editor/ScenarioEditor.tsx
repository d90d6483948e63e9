import { useEffect, useMemo, useRef, useState } from 'react';
import { findPreset, presetConfig } from '../../engine/scenario/presets';
import { downloadText } from '../export/download';
import { selectConfig, selectPresetName } from '../store/selectors';
import { useAppStore, useAppStoreApi } from '../store/StoreContext';
import {
  applyFieldText,
  changedKeys,
  cliCommand,
  CONFIG_KEYS,
  configFileText,
  configFromFileText,
  DEFAULT_CONFIG,
  formatConfigValue,
  KEY_INFO,
  unitOf,
  type Config,
  type ConfigKey,
} from './configText';
import './editor.css';

/** Long enough that typing "0x8032_0fa0" does not simulate eight layouts on the way. */
const RESIMULATE_DELAY_MS = 350;

type Texts = Record<ConfigKey, string>;

function textsOf(config: Config): Texts {
  return Object.fromEntries(CONFIG_KEYS.map((k) => [k, formatConfigValue(k, config[k])])) as Texts;
}

/**
 * Every config key with its meaning, unit, default and the preset's value. A valid edit is
 * simulated after a short pause and lands in the URL through the store; an invalid one is
 * answered next to its field and leaves the last good trace on screen.
 */
export default function ScenarioEditor({ onClose }: { onClose: () => void }) {
  const store = useAppStoreApi();
  const presetName = useAppStore(selectPresetName);
  const config = useAppStore(selectConfig);
  const presetBase = useMemo(() => presetConfig(findPreset(presetName)!), [presetName]);
  const [texts, setTexts] = useState<Texts>(() => textsOf(config));
  const [errors, setErrors] = useState<Partial<Record<ConfigKey, string>>>({});
  const [status, setStatus] = useState('');
  const good = useRef(config);
  const timer = useRef<number | undefined>(undefined);
  const fileInput = useRef<HTMLInputElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);

  // A config changed elsewhere (picker, link, reset) replaces the fields it changed, without
  // reformatting what the user is typing into a field whose value did not change.
  useEffect(() => {
    if (good.current === config) return;
    good.current = config;
    setTexts((prev) => {
      const next = { ...prev };
      for (const k of CONFIG_KEYS) {
        const r = applyFieldText(config, k, prev[k]);
        if (!r.ok || r.config[k] !== config[k]) next[k] = formatConfigValue(k, config[k]);
      }
      return next;
    });
    setErrors({});
  }, [config]);

  useEffect(() => {
    closeButton.current?.focus();
    return () => window.clearTimeout(timer.current);
  }, []);

  const simulateSoon = (next: Config) => {
    good.current = next;
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      const s = store.getState();
      const ok = s.setScenario(s.presetName, next, s.cursor);
      setStatus(
        ok
          ? `Simulated: ${describeChanges(presetBase, next)}`
          : 'Not simulated: see the message above.',
      );
    }, RESIMULATE_DELAY_MS);
  };

  const edit = (key: ConfigKey, text: string) => {
    setTexts((t) => ({ ...t, [key]: text }));
    const r = applyFieldText(good.current, key, text);
    if (r.ok) {
      setErrors((e) => ({ ...e, [key]: undefined }));
      if (r.config[key] !== good.current[key]) simulateSoon(r.config);
    } else setErrors((e) => ({ ...e, [key]: r.message }));
  };

  const resetToPreset = () => {
    window.clearTimeout(timer.current);
    store.getState().setScenario(presetName, presetBase, store.getState().cursor);
    setStatus(`Reset to the ${presetName} preset.`);
  };

  const copyCommand = async () => {
    const cmd = cliCommand(presetName, presetBase, good.current);
    try {
      await navigator.clipboard.writeText(cmd);
      setStatus(`Copied: ${cmd}`);
    } catch {
      setStatus(`Copy failed; the command is: ${cmd}`);
    }
  };

  const importFile = async (file: File) => {
    const r = configFromFileText(presetName, await file.text());
    if (!r.ok) {
      setStatus(`${file.name} not imported: ${r.message}`);
      return;
    }
    window.clearTimeout(timer.current);
    const ok = store.getState().setScenario(presetName, r.config, store.getState().cursor);
    setStatus(ok ? `Imported ${file.name}.` : `${file.name} could not be simulated.`);
  };

  const changed = new Set(changedKeys(presetBase, config));
  return (
    <aside
      className="scenario-editor"
      aria-labelledby="editor-title"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <header className="editor-head">
        <h2 id="editor-title">Edit scenario</h2>
        <p className="editor-base">
          based on <strong>{presetName}</strong>
          {changed.size > 0 ? `, ${changed.size} changed` : ', unchanged'}
        </p>
        <button type="button" ref={closeButton} onClick={onClose} aria-label="Close the editor">
          ✕
        </button>
      </header>
      <div className="editor-actions">
        <button type="button" onClick={resetToPreset} disabled={changed.size === 0}>
          Reset to preset
        </button>
        <button type="button" onClick={() => void copyCommand()}>
          Copy as CLI command
        </button>
        <button
          type="button"
          onClick={() =>
            downloadText(
              `hypstep-${presetName}-config.json`,
              configFileText(good.current),
              'application/json',
            )
          }
        >
          Export JSON
        </button>
        <button type="button" onClick={() => fileInput.current?.click()}>
          Import JSON
        </button>
        <input
          ref={fileInput}
          type="file"
          accept="application/json,.json"
          hidden
          data-testid="editor-import"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void importFile(f);
            e.target.value = '';
          }}
        />
      </div>
      <p className="editor-status" role="status">
        {status}
      </p>
      <ul className="editor-fields">
        {CONFIG_KEYS.map((k) => (
          <Field
            key={k}
            name={k}
            text={texts[k]}
            error={errors[k]}
            changed={changed.has(k)}
            presetText={formatConfigValue(k, presetBase[k])}
            onEdit={(t) => edit(k, t)}
          />
        ))}
      </ul>
    </aside>
  );
}

function describeChanges(base: Config, config: Config): string {
  const keys = changedKeys(base, config);
  return keys.length === 0
    ? 'the preset as it is'
    : keys.map((k) => `${k}=${formatConfigValue(k, config[k])}`).join(', ');
}

function Field(props: {
  name: ConfigKey;
  text: string;
  error: string | undefined;
  changed: boolean;
  presetText: string;
  onEdit: (text: string) => void;
}) {
  const { name, text, error, changed, presetText, onEdit } = props;
  const info = KEY_INFO[name];
  const id = `cfg-${name}`;
  const describedBy = `${id}-about${error ? ` ${id}-error` : ''}`;
  const defaultText = formatConfigValue(name, DEFAULT_CONFIG[name]);
  let input;
  if (info.kind === 'bool')
    input = (
      <input
        id={id}
        type="checkbox"
        role="switch"
        checked={text === 'true'}
        aria-describedby={describedBy}
        onChange={(e) => onEdit(String(e.target.checked))}
      />
    );
  else if (info.kind === 'design')
    input = (
      <select
        id={id}
        value={text}
        aria-describedby={describedBy}
        onChange={(e) => onEdit(e.target.value)}
      >
        <option value="dual-step">dual-step (v3.10)</option>
        <option value="single-step">single-step (v3.9)</option>
      </select>
    );
  else
    input = (
      <input
        id={id}
        type="text"
        className="mono"
        spellCheck={false}
        autoComplete="off"
        value={text}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => onEdit(e.target.value)}
      />
    );
  return (
    <li
      className={`editor-field${changed ? ' changed' : ''}${error ? ' invalid' : ''}`}
      data-key={name}
    >
      <label htmlFor={id} className="mono">
        {name}
        {changed && <span className="tag">changed</span>}
      </label>
      {input}
      <p id={`${id}-about`} className="editor-about">
        {info.meaning}
        {info.meaning.includes(unitOf(name)) ? '' : ` (${unitOf(name)})`}. Default{' '}
        <span className="mono">{defaultText}</span>
        {presetText !== defaultText && (
          <>
            , preset <span className="mono">{presetText}</span>
          </>
        )}
        .
      </p>
      {error && (
        <p id={`${id}-error`} className="editor-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
