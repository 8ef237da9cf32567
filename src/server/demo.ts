/**
 * The demo account and title, created on first start so that `npm start`
 * shows a working player: a generated clip with English, Spanish and
 * French captions, converted to HLS like any upload.
 */
import { existsSync, readFileSync } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppContext } from './context.ts';
import { acceptUpload } from './media/intake.ts';
import { runTool } from './media/run.ts';

export interface DemoState {
  mediaId: string;
  embed: string;
}

const DEMO_SECONDS = 10;

/** Cue texts per language; each cue lasts a quarter of the clip. */
const DEMO_CAPTIONS: Record<string, string[]> = {
  en: [
    'Welcome to CloudNEXTRA.',
    'This clip was made by ffmpeg.',
    'Pick a quality or a language.',
    'Reload: it resumes here.',
  ],
  es: [
    'Bienvenido a CloudNEXTRA.',
    'Este clip lo hizo ffmpeg.',
    'Elige una calidad o un idioma.',
    'Recarga: sigue desde aquí.',
  ],
  fr: [
    'Bienvenue sur CloudNEXTRA.',
    'Ce clip a été créé par ffmpeg.',
    'Choisissez une qualité ou une langue.',
    'Rechargez : la lecture reprend ici.',
  ],
};

/** Reads the demo's embed key and title id, or undefined before the demo exists. */
export function readDemoState(dataDir: string): DemoState | undefined {
  const keysPath = join(dataDir, 'demo-keys.json');
  const titlePath = join(dataDir, 'demo-title.json');
  if (!existsSync(keysPath) || !existsSync(titlePath)) return undefined;
  const keys = JSON.parse(readFileSync(keysPath, 'utf8')) as { embed: string };
  const title = JSON.parse(readFileSync(titlePath, 'utf8')) as { id: string };
  return { mediaId: title.id, embed: keys.embed };
}

/** Creates the demo account, its keys and its title unless they exist; prints the keys once. */
export async function ensureDemo(ctx: AppContext): Promise<void> {
  const keysPath = join(ctx.config.dataDir, 'demo-keys.json');
  if (existsSync(keysPath)) {
    process.stdout.write(`\nThe demo keys are in ${keysPath}.\n`);
    return;
  }
  const account = ctx.accounts.create({
    name: 'Demo',
    plan: ctx.config.demoPlan,
    ratePerMille: 1.5,
    currency: 'USD',
    storageQuotaBytes: ctx.config.demoQuotaBytes ?? null,
  });
  const secret = ctx.keys.create({ accountId: account.id, kind: 'secret', label: 'demo' }).secret;
  const embed = ctx.keys.create({ accountId: account.id, kind: 'embed', label: 'demo' }).secret;

  if (ctx.config.demoTitle) {
    const upload = await createDemoTitle(ctx, account.id);
    await writeFile(
      join(ctx.config.dataDir, 'demo-title.json'),
      JSON.stringify({ id: upload }, null, 2),
    );
  }
  // Written last, so that a start interrupted before this point creates the demo again.
  await writeFile(keysPath, `${JSON.stringify({ secret, embed }, null, 2)}\n`, { mode: 0o600 });
  process.stdout.write(
    [
      '',
      `Demo account created. These keys are shown once and saved in ${keysPath}:`,
      `  secret key: ${secret}`,
      `  embed key:  ${embed}`,
      '',
    ].join('\n') + '\n',
  );
}

async function createDemoTitle(ctx: AppContext, accountId: string): Promise<string> {
  const clip = await ctx.files.temporaryPath();
  const path = `${clip}.mp4`;
  await runTool(
    ctx.binaries.ffmpeg,
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      `testsrc2=size=960x540:rate=30:duration=${DEMO_SECONDS}`,
      '-f',
      'lavfi',
      '-i',
      `sine=frequency=330:beep_factor=4:duration=${DEMO_SECONDS}`,
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      '-shortest',
      path,
    ],
    { timeoutMs: 120_000 },
  );
  const captions = new Map<string, string>();
  for (const [language, lines] of Object.entries(DEMO_CAPTIONS)) {
    const captionPath = `${clip}.${language}.vtt`;
    await writeFile(captionPath, demoVtt(lines));
    captions.set(language, captionPath);
  }
  const account = ctx.accounts.get(accountId)!;
  const size = (await stat(path)).size;
  const upload = await acceptUpload(ctx, account, {
    fields: new Map([
      ['title', 'CloudNEXTRA demo'],
      ['streamable', 'true'],
    ]),
    file: { path, name: 'demo.mp4', size },
    captions,
  });
  return upload.id;
}

function demoVtt(lines: string[]): string {
  const step = DEMO_SECONDS / lines.length;
  const cues = lines.map(
    (text, i) => `${stamp(i * step)} --> ${stamp((i + 1) * step - 0.1)}\n${text}\n`,
  );
  return `WEBVTT\n\n${cues.join('\n')}`;
}

function stamp(seconds: number): string {
  const whole = Math.floor(seconds);
  const ms = Math.round((seconds - whole) * 1000);
  return `00:00:${String(whole).padStart(2, '0')}.${String(ms).padStart(3, '0')}`;
}
