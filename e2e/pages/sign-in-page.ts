import { expect, type Locator, type Page } from '@playwright/test';

import { E2E } from '../fixtures/settings';
import { linkedErrorOf, waitForHydration } from './hydration';

/** `/sign-in`: email and password, and in sandbox mode the demo accounts. */
export class SignInPage {
  readonly heading: Locator;
  readonly email: Locator;
  readonly password: Locator;
  readonly signInButton: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Sign in' });
    this.email = page.getByLabel('Email', { exact: true });
    this.password = page.getByLabel('Password', { exact: true });
    this.signInButton = page.getByRole('button', { name: 'Sign in' });
    this.error = page.locator('form').getByRole('alert');
  }

  async waitUntilReady(): Promise<void> {
    await expect(this.heading).toBeVisible();
    await waitForHydration(this.signInButton);
  }

  /** The message the Email field links to through aria-describedby. */
  async emailError(): Promise<Locator> {
    await expect(this.email).toHaveAttribute('aria-invalid', 'true');
    return linkedErrorOf(this.email);
  }

  async signIn(email: string, password: string): Promise<void> {
    await this.email.fill(email);
    await this.password.fill(password);
    await this.signInButton.click();
  }

  /** Opens `path` signed out, signs in on the page it leads to, and is taken back to `path`. */
  async signInThrough(path: string, email: string): Promise<void> {
    await this.page.goto(path);
    await this.waitUntilReady();
    await this.signIn(email, E2E.demoPassword);
    await expect(this.page).toHaveURL(path);
  }
}
