/**
 * The `browser` peer (DESIGN.md §6): Debian's chromium (`apt-get install chromium`)
 * driven by playwright-core, which downloads no browser of its own. Missing → the
 * test skips with one line, or fails when MOTCUA_REQUIRE_PEERS includes `browser`.
 * Launched headless with the flags a closed network needs (no background requests).
 */
import { existsSync } from 'node:fs';
import { programPeer } from './peers';

export const CHROMIUM_PATH = process.env['MOTCUA_CHROMIUM'] ?? '/usr/bin/chromium';

export interface BrowserPeer {
  executablePath: string;
  args: string[];
}

export function browserPeer(): BrowserPeer | undefined {
  const path = programPeer('browser', CHROMIUM_PATH, existsSync);
  if (!path) return undefined;
  return {
    executablePath: path,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  };
}
