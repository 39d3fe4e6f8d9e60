/**
 * The `pdf` peer (DESIGN.md §6): poppler's command-line tools, the standard verifier
 * and renderer the signed results are checked with — `pdfsig` (signatures),
 * `pdftotext` (text as a reader extracts it), `pdftoppm` (rendering). Debian package
 * `poppler-utils`. Missing → the test skips with one line, or fails when
 * MOTCUA_REQUIRE_PEERS includes `pdf`.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { programPeer } from './peers';

export interface PdfPeer {
  pdfsig: string;
  pdftotext: string;
  pdftoppm: string;
}

const TOOLS = ['pdfsig', 'pdftotext', 'pdftoppm'] as const;

function onPath(program: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, program);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

export function pdfPeer(): PdfPeer | undefined {
  const found: Partial<Record<(typeof TOOLS)[number], string>> = {};
  for (const tool of TOOLS) {
    const path = onPath(tool);
    // Reports the first missing tool, by the name apt installs it under.
    if (!path) return programPeer('pdf', `${tool} (apt-get install poppler-utils)`, () => false) as undefined;
    found[tool] = path;
  }
  return found as PdfPeer;
}

export interface ToolRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a peer tool to completion; a non-zero exit is a result to look at, not an exception (pdfsig exits non-zero on a bad signature). */
export function runPdfTool(program: string, args: string[], timeoutMs = 30_000): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    execFile(program, args, { timeout: timeoutMs, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
    });
  });
}
