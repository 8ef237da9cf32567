/** Runs ffmpeg and ffprobe as child processes. */
import { spawn } from 'node:child_process';

/**
 * Idle timeout of ffmpeg runs that report progress: a run that writes no
 * progress line for this long is stuck on its input and is killed.
 */
export const FFMPEG_IDLE_TIMEOUT_MS = 120_000;

export interface RunResult {
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Kills the process when it runs longer than this. */
  timeoutMs?: number;
  /** Kills the process when it writes nothing to stdout or stderr for this long. */
  idleTimeoutMs?: number;
  onStdoutLine?: (line: string) => void;
  /** Receives the process id once it started, e.g. to record it for a crash recovery. */
  onSpawn?: (pid: number) => void;
  signal?: AbortSignal;
}

/**
 * Runs `command` and resolves with its output, or rejects with the last
 * lines of its standard error when it exits non-zero or times out.
 */
export function runTool(
  command: string,
  args: string[],
  options: RunOptions = {},
): Promise<RunResult> {
  const name = command.split('/').pop();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      signal: options.signal,
    });
    if (child.pid !== undefined) options.onSpawn?.(child.pid);
    let stdout = '';
    let stderr = '';
    let pending = '';
    let timedOut: string | undefined;
    const kill = (why: string) => {
      timedOut = why;
      child.kill('SIGKILL');
    };
    const timer = options.timeoutMs
      ? setTimeout(() => kill(`timed out after ${options.timeoutMs! / 1000} s`), options.timeoutMs)
      : undefined;
    let idleTimer: NodeJS.Timeout | undefined;
    const touch = () => {
      if (!options.idleTimeoutMs) return;
      clearTimeout(idleTimer);
      idleTimer = setTimeout(
        () => kill(`timed out: no output for ${options.idleTimeoutMs! / 1000} s`),
        options.idleTimeoutMs,
      );
    };
    touch();
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      touch();
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
      touch();
      // Only the tail matters for error messages, so the buffer stays small.
      stderr = (stderr + chunk).slice(-16_000);
    });
    const stopTimers = () => {
      clearTimeout(timer);
      clearTimeout(idleTimer);
    };
    child.on('error', (error) => {
      stopTimers();
      reject(error);
    });
    child.on('close', (code, signal) => {
      stopTimers();
      if (code === 0) {
        resolve({ stdout, stderr });
        return;
      }
      const tail = stderr.trim().split('\n').slice(-3).join(' | ');
      const why = timedOut ?? (signal ? `was stopped by ${signal}` : `exited with code ${code}`);
      reject(new Error(`${name} ${why}: ${tail || 'no output'}`));
    });
  });
}
