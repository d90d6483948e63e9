import { test as base, expect, type Page } from '@playwright/test';

/** A page of hypstep that fails the test on any console error or uncaught exception. */
export const test = base.extend<{ app: AppPage }>({
  app: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    await use(new AppPage(page));
    expect(errors, 'console errors').toEqual([]);
  },
});
export { expect };

export class AppPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  async open(query = ''): Promise<void> {
    await this.page.goto('/' + query);
    await expect(this.counter).toHaveText(/^Step \d+ of \d+$/);
    await this.settled();
  }

  /**
   * Waits until the panels show the scenario chosen: while another is simulated the last one
   * stays on screen (aria-busy on the app root), so its counter and outcome are not the new ones.
   */
  async settled(): Promise<void> {
    await expect(this.page.getByTestId('app-root')).not.toHaveAttribute('aria-busy', 'true');
  }

  get counter() {
    return this.page.getByTestId('step-counter').first();
  }
  get title() {
    return this.page.getByTestId('step-title').first();
  }
  get cpu() {
    return this.page.getByRole('region', { name: /^CPU/ });
  }
  get tlb() {
    return this.page.getByRole('region', { name: /^TLB/ });
  }
  reg(name: string) {
    return this.cpu.locator(`[data-reg="${name}"] dd .mono`);
  }
  regNote(name: string) {
    return this.cpu.locator(`[data-reg="${name}"] dd .note`);
  }

  async step(): Promise<number> {
    const m = /^Step (\d+) of (\d+)$/.exec((await this.counter.textContent()) ?? '');
    return Number(m?.[1]);
  }
  async total(): Promise<number> {
    const m = /^Step (\d+) of (\d+)$/.exec((await this.counter.textContent()) ?? '');
    return Number(m?.[2]);
  }

  /** Presses ArrowRight until the step title matches, as a person would. */
  async forwardUntil(title: RegExp, max = 400): Promise<void> {
    for (let i = 0; i < max; i++) {
      if (title.test((await this.title.textContent()) ?? '')) return;
      await this.page.keyboard.press('ArrowRight');
    }
    throw new Error(`no step titled ${title} within ${max} steps`);
  }

  /** PA text shown for a tree's header, e.g. "0x8038_4600". */
  async pgdPa(name: 'Boot' | 'Runtime'): Promise<string> {
    const t = await this.page.locator('.tree-head', { hasText: `${name} PGD` }).textContent();
    return /0x[0-9a-f_]+/.exec(t ?? '')?.[0] ?? '';
  }
}

/** "0x8038_4600" -> 0x80384600 */
export function num(grouped: string): number {
  return parseInt(grouped.replace(/_/g, ''), 16);
}
