import { expect, type Locator } from '@playwright/test';

/**
 * Waits until React has hydrated the element. Typing into a server-rendered input before
 * then is lost (the form's state is not listening yet), which a person on a fast machine
 * never sees but a test would, as flakiness.
 */
export async function waitForHydration(element: Locator): Promise<void> {
  await expect
    .poll(() => element.evaluate((node) => Object.keys(node).some((key) => key.startsWith('__reactProps$'))), {
      message: 'the page is hydrated',
    })
    .toBe(true);
}

/** The elements an input names in `aria-describedby` whose id ends in `-error`. */
export async function linkedErrorOf(input: Locator): Promise<Locator> {
  const ids = ((await input.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter((id) => id.endsWith('-error'));
  expect(ids, 'aria-describedby names an error message').toHaveLength(1);
  return input.page().locator(`[id="${ids[0]}"]`);
}
