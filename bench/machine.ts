/** The machine and tool versions that the benchmark page records. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { binaries } from '../test/support/fixtures.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';

function firstLine(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8' }).split('\n')[0]!.trim();
  } catch (error) {
    return `unavailable (${(error as Error).message.split('\n')[0]})`;
  }
}

/** Returns the CPU model as /proc/cpuinfo names it. */
function cpuModel(): string {
  const info = readFileSync('/proc/cpuinfo', 'utf8');
  return /^model name\s*:\s*(.+)$/m.exec(info)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
}

/** Returns the load averages over 1, 5 and 15 minutes, as `uptime` prints them. */
export function loadAverages(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(', ');
}

/** Returns the Markdown lines that describe the machine. */
export function machineLines(): string[] {
  const memoryGiB = totalmem() / 1024 ** 3;
  return [
    `- CPU: ${cpuModel()}, ${cpus().length} cores`,
    `- memory: ${memoryGiB.toFixed(1)} GiB`,
    `- Node.js: ${process.version}`,
    `- ffmpeg: ${firstLine(binaries.ffmpeg, ['-version'])}`,
    `- Chromium: ${firstLine(CHROMIUM_PATH, ['--version'])}`,
  ];
}
