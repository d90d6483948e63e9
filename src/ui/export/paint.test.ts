import { describe, expect, it } from 'vitest';
import { parseComputedColor, pxNumber, safeFontFamily } from './paint';

describe('parseComputedColor', () => {
  it('turns the computed forms into #rrggbb and a separate alpha', () => {
    expect(parseComputedColor('rgb(28, 95, 176)')).toEqual({ hex: '#1c5fb0', alpha: 1 });
    expect(parseComputedColor('rgba(0, 0, 0, 0.25)')).toEqual({ hex: '#000000', alpha: 0.25 });
    expect(parseComputedColor('rgb(255 255 255 / 50%)')).toEqual({ hex: '#ffffff', alpha: 0.5 });
    expect(parseComputedColor('#7B1FA2')).toEqual({ hex: '#7b1fa2', alpha: 1 });
  });

  it('reads color-mix() results, which Chromium reports as color(srgb …)', () => {
    // color-mix(in srgb, #0b7a3b 30%, transparent): the colour itself at 0.3 alpha
    expect(parseComputedColor('color(srgb 0.0431373 0.478431 0.231373 / 0.3)')).toEqual({
      hex: '#0b7a3b',
      alpha: 0.3,
    });
  });

  it('makes every fully transparent colour "none"', () => {
    expect(parseComputedColor('rgba(0, 0, 0, 0)')).toEqual({ hex: 'none', alpha: 0 });
    expect(parseComputedColor('transparent')).toEqual({ hex: 'none', alpha: 0 });
  });

  it('leaves what it cannot parse to the caller', () => {
    expect(parseComputedColor('oklch(0.7 0.1 200)')).toBeNull();
    expect(parseComputedColor('rebeccapurple')).toBeNull();
  });
});

describe('safeFontFamily', () => {
  it('drops browser-only keywords and ends with safe fonts and one generic family', () => {
    expect(
      safeFontFamily(
        'ui-monospace, "DejaVu Sans Mono", "Cascadia Mono", Menlo, Consolas, monospace',
      ),
    ).toBe("'DejaVu Sans Mono', 'Cascadia Mono', Menlo, Consolas, 'Liberation Mono', monospace");
    expect(
      safeFontFamily('system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif'),
    ).toBe(
      "'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', 'Liberation Sans', Arial, Helvetica, sans-serif",
    );
  });

  it('guesses the generic family when none is named', () => {
    expect(safeFontFamily('system-ui')).toBe(
      "'DejaVu Sans', 'Liberation Sans', Arial, Helvetica, sans-serif",
    );
    expect(safeFontFamily('"Fira Mono"')).toMatch(/^'Fira Mono', 'DejaVu Sans Mono'.*monospace$/);
  });
});

describe('pxNumber', () => {
  it('keeps plain user units', () => {
    expect(pxNumber('14px')).toBe('14');
    expect(pxNumber('13.3333px')).toBe('13.33');
    expect(pxNumber('1em')).toBeNull();
  });
});
