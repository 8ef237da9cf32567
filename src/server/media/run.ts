/** Runs ffmpeg and ffprobe as child processes. */
import { spawn } from 'node:child_process';

export interface RunResult {
  stdout: string;
  stderr: string;
}

/**
 * Runs `command` and resolves with its output, or rejects with the last
 * lines of its standard error when it exits non-zero or times out.
 */
export function runTool(
  command: string,
  args: string[],
  options: { timeoutMs?: number; onStdoutLine?: (line: string) => void; signal?: AbortSignal } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      signal: options.signal,
    });
    let stdout = '';
    let stderr = '';
    let pending = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (!options.onStdoutLine) {
        stdout += chunk;
        return;
      }
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) options.onStdoutLine(line);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      // Only the tail matters for error messages, so the buffer stays small.
      stderr = (stderr + chunk).slice(-16_000);
    });
    const timer = options.timeoutMs
      ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs)
      : undefined;
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) {
        resolve({ stdout, stderr });
        return;
      }
      const tail = stderr.trim().split('\n').slice(-3).join(' | ');
      const why = signal ? `was stopped by ${signal}` : `exited with code ${code}`;
      reject(new Error(`${command.split('/').pop()} ${why}: ${tail || 'no output'}`));
    });
  });
}
