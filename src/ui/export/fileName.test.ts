import { describe, expect, it } from 'vitest';
import { deckFileName, exportFileName, momentsIndex, slideName } from './fileName';

describe('exportFileName', () => {
  it('names the scenario, the step and the part', () => {
    expect(exportFileName('dual-step', 37, 'cpu', 'svg')).toBe('hypstep-dual-step-step37-cpu.svg');
    expect(exportFileName('bounce-page', 1, 'Page tables', 'PNG')).toBe(
      'hypstep-bounce-page-step1-page-tables.png',
    );
    expect(exportFileName('dual-step', 40, 'Whole view', 'svg')).toBe(
      'hypstep-dual-step-step40-whole-view.svg',
    );
    expect(exportFileName('dual-step', 40, 'trace', 'json')).toBe(
      'hypstep-dual-step-step40-trace.json',
    );
  });

  it('keeps only safe characters', () => {
    expect(exportFileName('../x y', 2.7, 'a/b', 'json')).toBe('hypstep-x-y-step2-a-b.json');
    expect(exportFileName('Stale TLB!', 3, '  MMU  ', '.SVG')).toBe(
      'hypstep-stale-tlb-step3-mmu.svg',
    );
    expect(exportFileName('Café_Hotplug', 12, 'Explanation (full)', 'png')).toBe(
      'hypstep-cafe-hotplug-step12-explanation-full.png',
    );
    expect(exportFileName('a\\b:c*d?"e<f>g|h', 5, 'tab\tnew\nline', 'txt')).toBe(
      'hypstep-a-b-c-d-e-f-g-h-step5-tab-new-line.txt',
    );
  });

  it('never leaves a part empty or the step malformed', () => {
    expect(exportFileName('', 1, '', '')).toBe('hypstep-custom-step1-view.bin');
    expect(exportFileName('---', 1, '日本', '!!')).toBe('hypstep-custom-step1-view.bin');
    expect(exportFileName('dual-step', -4, 'cpu', 'svg')).toBe('hypstep-dual-step-step0-cpu.svg');
    expect(exportFileName('dual-step', Number.NaN, 'cpu', 'svg')).toBe(
      'hypstep-dual-step-step0-cpu.svg',
    );
    expect(exportFileName('dual-step', Infinity, 'cpu', 'svg')).toBe(
      'hypstep-dual-step-step0-cpu.svg',
    );
  });
});

describe('slide names', () => {
  const m = (step: number, cpu: number, label: string) =>
    ({ step, cpu, kind: 'mmu-on', label }) as const;
  it('number the slides in order, with the step and what happens', () => {
    expect(slideName(0, 9, m(102, 1, 'CPU1 MMU on'))).toBe('01-step0102-cpu1-mmu-on');
    expect(slideName(8, 9, m(174, 0, 'CPU0 HTTBR → runtime'))).toBe(
      '09-step0174-cpu0-httbr-runtime',
    );
    // a hundred slides still sort: the number grows to three digits for all of them
    expect(slideName(4, 120, m(7, 0, 'x'))).toBe('005-step0007-cpu0-x');
  });
  it('name the CPU when the label does not, and the kind when there is no label', () => {
    expect(slideName(0, 2, m(5, 1, 'MMU on'))).toBe('01-step0005-cpu1-mmu-on');
    expect(slideName(1, 2, m(6, 0, '→'))).toBe('02-step0006-cpu0-mmu-on');
  });
  it('list the deck, one slide a line', () => {
    expect(momentsIndex('Dual-step', [m(102, 1, 'CPU1 MMU on')])).toBe(
      'Key moments of Dual-step\n\n01-step0102-cpu1-mmu-on: step 102, CPU1, CPU1 MMU on\n',
    );
  });
});

describe('deckFileName', () => {
  it('names the scenario', () => {
    expect(deckFileName('stale-tlb')).toBe('hypstep-stale-tlb-key-moments.zip');
    expect(deckFileName('')).toBe('hypstep-custom-key-moments.zip');
  });
});
