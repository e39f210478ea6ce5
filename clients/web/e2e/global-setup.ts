// Before any test: the platform serves the built app and answers the API at KITH_WEB_URL, and
// the browser is where the config says. Otherwise stop at once, with a message saying so.
import { existsSync } from 'node:fs';
import type { FullConfig } from '@playwright/test';
import { findDemo, shareDemo } from './demo';
import { BASE_URL, identityApi, uniqueHandle } from './support';

export default async function globalSetup(config: FullConfig): Promise<void> {
  const chromium = config.projects[0]?.use.launchOptions?.executablePath;
  if (chromium && !existsSync(chromium)) {
    throw new Error(`No Chromium at ${chromium}: make up installs Debian's chromium (or set KITH_CHROMIUM).`);
  }
  // The app: a moment's patience, in case a build (which replaces dist/) is under way.
  let html = '';
  for (let attempt = 0; attempt < 30 && !html.includes('<div id="root">'); attempt++) {
    if (attempt) await new Promise((resolve) => setTimeout(resolve, 1_000));
    try {
      html = await (await fetch(`${BASE_URL}/login`)).text();
    } catch (err) {
      throw new Error(`Kith's web port ${BASE_URL} is not reachable (${String(err)}): start the platform with make up.`);
    }
  }
  if (!html.includes('<div id="root">')) {
    throw new Error(`${BASE_URL} does not serve the web app (${html.slice(0, 120)}): make up builds clients/web.`);
  }
  // The API on the same origin: a log-in as nobody is refused, not unreachable.
  try {
    await identityApi.login({ login: uniqueHandle('nobody'), password: 'not a password' });
  } catch (err) {
    if (!/unauthenticated|not_found|invalid_argument|resource_exhausted/i.test(String(err))) {
      throw new Error(`The API at ${BASE_URL} does not answer (${String(err)}): is the platform up (make up)?`);
    }
  }

  // The screenshots show the demo person when there is one (KITH_E2E_DEMO=0: never).
  if (process.env.KITH_E2E_DEMO !== '0') {
    const { subject, why } = await findDemo();
    if (subject) shareDemo(subject);
    else console.log(`Screenshots with a person of their own: ${why}.`);
  }
}
