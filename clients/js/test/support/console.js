// What the console's browser tests do alike: sign in and join as a person would, with the keyboard.

export const T = 30_000;

/** Signs in with the keyboard only: the name field has the focus, Enter submits. */
export async function signIn(page, name) {
  await page.waitForFunction(() => document.activeElement?.id === 'sign-in-name', null, { timeout: T });
  await page.keyboard.type(name);
  await page.keyboard.press('Enter');
  await page.locator('#status', { hasText: `Connected as ${name}` }).waitFor({ timeout: T });
}

/**
 * Joins `conversation` from the join field and waits until the chat is usable: the message box enabled, and the
 * focus in it, where a join leaves it (else it may move there after the test moved it).
 */
export async function join(page, conversation) {
  await page.locator('#join-name').fill(conversation);
  await page.locator('#join-name').press('Enter');
  await page.locator('#conversation-title', { hasText: conversation }).waitFor({ timeout: T });
  await page.waitForFunction(() => !document.getElementById('message').disabled, null, { timeout: T });
  await page.waitForFunction(() => document.activeElement?.id === 'message', null, { timeout: T });
}
