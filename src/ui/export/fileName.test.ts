import { describe, expect, it } from 'vitest';
import { exportFileName } from './fileName';

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
