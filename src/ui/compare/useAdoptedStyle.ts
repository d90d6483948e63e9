import { useLayoutEffect, useRef } from 'react';

/**
 * Rules made at run time, as a constructed style sheet adopted by the document rather than a
 * <style> element: the offline single file's Content-Security-Policy allows only its own
 * hashed style, and a CSP does not govern sheets built through the CSSOM.
 */
export function useAdoptedStyle(css: string): void {
  const sheet = useRef<CSSStyleSheet | null>(null);
  // layout effects run in order: the sheet exists before the rules below are written into it
  useLayoutEffect(() => {
    const s = new CSSStyleSheet();
    sheet.current = s;
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, s];
    return () => {
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((x) => x !== s);
      sheet.current = null;
    };
  }, []);
  // before paint, so a step never shows the outlines of the step before
  useLayoutEffect(() => {
    sheet.current?.replaceSync(css);
  }, [css]);
}
