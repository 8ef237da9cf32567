/**
 * The operator's command line: accounts, API keys, signing keys and catalog
 * titles, working on the server's database directly. Run it as
 * `npm run cnx -- <command>`; `npm run cnx -- help` lists the commands.
 */
import { parseArgs } from 'node:util';
import { KeyRepository } from './auth/keys.ts';
import { validateOrigins } from './auth/origins.ts';
import { loadConfig } from './config.ts';
import { isPlanName, PLANS } from './limits/plans.ts';
import { keyBody } from './routes/keys.ts';
import { rotateSigningKeys } from './signing.ts';
import { AccountRepository } from './storage/accounts.ts';
import { CatalogRepository } from './storage/catalog.ts';
import { openDatabase } from './storage/db.ts';

const HELP = `Usage: npm run cnx -- <command> [options]

  accounts create --name NAME [--plan free|creator|studio] [--rate PER_1000_VIEWS] [--currency USD]
                                            --rate and --currency set what a thousand views earn
  accounts list
  keys create --account ACCOUNT_ID --kind secret|embed [--label TEXT] [--origin ORIGIN ...]
  keys list --account ACCOUNT_ID
  keys rotate KEY_ID [--grace SECONDS]      the old key keeps working for SECONDS (default 86400)
  keys revoke KEY_ID
  signing rotate                            new media URLs use a new key; issued ones stay valid
  catalog add --title TEXT --source URL [--source URL ...] [--duration SECONDS] [--poster URL]
                                            sources are master playlists, most preferred first
  catalog list
  catalog remove TITLE_ID

The data folder is CNX_DATA_DIR (default ./data). A full key is printed only when it is created.`;

type Output = (line: string) => void;

const SUBCOMMANDS: Record<string, string[]> = {
  accounts: ['create', 'list'],
  keys: ['create', 'list', 'rotate', 'revoke'],
  signing: ['rotate'],
  catalog: ['add', 'list', 'remove'],
};

/** Runs one command; returns the process exit code. */
export function runCli(
  argv: string[],
  out: Output = console.log,
  err: Output = console.error,
): number {
  const [group, action, ...rest] = argv;
  if (!group || group === 'help' || group === '--help') {
    out(HELP);
    return 0;
  }
  const config = loadConfig();
  const db = openDatabase(config.dataDir);
  try {
    const accounts = new AccountRepository(db);
    const keys = new KeyRepository(db);
    const command = `${group} ${action ?? ''}`.trim();
    const actions = SUBCOMMANDS[group];
    if (actions && (!action || !actions.includes(action))) {
      return fail(err, `"${group}" needs one of: ${actions.join(', ')}.\n\n${HELP}`);
    }
    switch (command) {
      case 'accounts create':
        return accountsCreate(rest, accounts, out, err);
      case 'accounts list':
        for (const account of accounts.list()) out(JSON.stringify(account));
        return 0;
      case 'keys create':
        return keysCreate(rest, accounts, keys, out, err);
      case 'keys list': {
        const { values } = parseArgs({ args: rest, options: { account: { type: 'string' } } });
        if (!values.account) return fail(err, 'keys list needs --account ACCOUNT_ID.');
        for (const key of keys.list(values.account)) out(JSON.stringify(keyBody(key)));
        return 0;
      }
      case 'keys rotate':
        return keysRotate(rest, keys, out, err);
      case 'keys revoke': {
        const key = rest[0] ? keys.get(rest[0]) : undefined;
        if (!key)
          return fail(err, `No key with id "${rest[0] ?? ''}": run keys list to see the ids.`);
        keys.revoke(key.id);
        out(`Revoked ${key.id}.`);
        return 0;
      }
      case 'signing rotate': {
        const kid = rotateSigningKeys(config.dataDir);
        out(
          `New media URLs are signed with ${kid}; URLs signed before stay valid until they expire.`,
        );
        return 0;
      }
      case 'catalog add':
        return catalogAdd(rest, new CatalogRepository(db), out, err);
      case 'catalog list':
        for (const title of new CatalogRepository(db).list()) out(JSON.stringify(title));
        return 0;
      case 'catalog remove': {
        const removed = rest[0] ? new CatalogRepository(db).remove(rest[0]) : false;
        if (!removed)
          return fail(err, `No catalog title "${rest[0] ?? ''}": run catalog list to see the ids.`);
        out(`Removed ${rest[0]}.`);
        return 0;
      }
      default:
        return fail(err, `Unknown command "${command}".\n\n${HELP}`);
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // parseArgs errors name the option but not where to read about it.
    const parseError = (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    return fail(
      err,
      parseError ? `${message}. Run "npm run cnx -- help" for the options.` : message,
    );
  } finally {
    db.close();
  }
}

function accountsCreate(
  args: string[],
  accounts: AccountRepository,
  out: Output,
  err: Output,
): number {
  const { values } = parseArgs({
    args,
    options: {
      name: { type: 'string' },
      plan: { type: 'string', default: 'free' },
      rate: { type: 'string', default: '0' },
      currency: { type: 'string', default: 'USD' },
    },
  });
  if (!values.name) return fail(err, 'accounts create needs --name NAME.');
  if (!isPlanName(values.plan)) {
    return fail(err, `Invalid --plan "${values.plan}": use ${Object.keys(PLANS).join(', ')}.`);
  }
  const rate = Number(values.rate);
  if (!Number.isFinite(rate) || rate < 0)
    return fail(err, `Invalid --rate "${values.rate}": use a number of at least 0.`);
  if (!/^[A-Z]{3}$/.test(values.currency)) {
    return fail(err, `Invalid --currency "${values.currency}": use an ISO 4217 code such as USD.`);
  }
  const account = accounts.create({
    name: values.name,
    plan: values.plan,
    ratePerMille: rate,
    currency: values.currency,
  });
  out(JSON.stringify(account));
  return 0;
}

function keysCreate(
  args: string[],
  accounts: AccountRepository,
  keys: KeyRepository,
  out: Output,
  err: Output,
): number {
  const { values } = parseArgs({
    args,
    options: {
      account: { type: 'string' },
      kind: { type: 'string' },
      label: { type: 'string', default: '' },
      origin: { type: 'string', multiple: true, default: [] },
    },
  });
  if (!values.account || !accounts.get(values.account)) {
    return fail(
      err,
      `keys create needs --account with an existing account id (got "${values.account ?? ''}").`,
    );
  }
  if (values.kind !== 'secret' && values.kind !== 'embed') {
    return fail(err, `Invalid --kind "${values.kind ?? ''}": use secret or embed.`);
  }
  if (values.kind === 'secret' && values.origin.length > 0) {
    return fail(err, 'Secret keys take no --origin: they must never be used in browsers.');
  }
  const origins = validateOrigins(values.origin);
  const created = keys.create({
    accountId: values.account,
    kind: values.kind,
    label: values.label,
    origins,
  });
  out(JSON.stringify({ ...keyBody(created.key), key: created.secret }));
  out('Store this key now: it is not shown again.');
  return 0;
}

function keysRotate(args: string[], keys: KeyRepository, out: Output, err: Output): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { grace: { type: 'string', default: '86400' } },
  });
  const old = positionals[0] ? keys.get(positionals[0]) : undefined;
  if (!old)
    return fail(err, `No key with id "${positionals[0] ?? ''}": run keys list to see the ids.`);
  const grace = Number(values.grace);
  if (!Number.isInteger(grace) || grace < 0) {
    return fail(err, `Invalid --grace "${values.grace}": use a whole number of seconds.`);
  }
  const rotated = keys.rotate(old.id, grace);
  out(JSON.stringify({ ...keyBody(rotated.key), key: rotated.secret, replaces: old.id }));
  out(`The old key ${old.id} works until ${keys.get(old.id)!.expiresAt}. Store the new key now.`);
  return 0;
}

function catalogAdd(args: string[], catalog: CatalogRepository, out: Output, err: Output): number {
  const { values } = parseArgs({
    args,
    options: {
      title: { type: 'string' },
      source: { type: 'string', multiple: true, default: [] },
      duration: { type: 'string', default: '0' },
      poster: { type: 'string' },
    },
  });
  if (!values.title) return fail(err, 'catalog add needs --title TEXT.');
  if (values.source.length === 0) return fail(err, 'catalog add needs at least one --source URL.');
  for (const url of [...values.source, ...(values.poster ? [values.poster] : [])]) {
    if (!isHttpUrl(url)) return fail(err, `Invalid URL "${url}": use an http:// or https:// URL.`);
  }
  const duration = Number(values.duration);
  if (!Number.isFinite(duration) || duration < 0) {
    return fail(err, `Invalid --duration "${values.duration}": use seconds, at least 0.`);
  }
  const title = catalog.add({
    title: values.title,
    sources: values.source,
    duration,
    poster: values.poster ?? null,
  });
  out(JSON.stringify(title));
  return 0;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function fail(err: Output, message: string): number {
  err(message);
  return 1;
}

if (import.meta.url === `file://${process.argv[1]}`)
  process.exitCode = runCli(process.argv.slice(2));
