import type { Page } from 'playwright-core';
import { seriousAccessibilityViolations } from './browser.ts';

/**
 * The serious and critical axe violations of a page once it is still: dialogs and toasts fade in
 * and out, and a half-transparent element would be measured at a contrast nobody actually sees.
 * When something is found, the elements are printed, so a failure says where to look.
 */
export async function settledViolations(page: Page): Promise<{ id: string; help: string; nodes: number }[]> {
  await page.evaluate(async () => {
    const running = document.getAnimations().filter((animation) => animation.playState === 'running');
    await Promise.race([
      Promise.all(running.map((animation) => animation.finished.catch(() => undefined))),
      new Promise((resolve) => setTimeout(resolve, 2_000)),
    ]);
  });
  const violations = await seriousAccessibilityViolations(page);
  if (violations.length > 0) {
    const details = await page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: {
            run(): Promise<{
              violations: { id: string; impact: string; nodes: { html: string; failureSummary?: string }[] }[];
            }>;
          };
        }
      ).axe;
      const result = await axe.run();
      return result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .flatMap((v) => v.nodes.map((node) => `${v.id}: ${node.html.slice(0, 240)}\n  ${node.failureSummary ?? ''}`));
    });
    console.warn(`Accessibility violations on ${page.url()}:\n${details.join('\n')}`);
  }
  return violations;
}
